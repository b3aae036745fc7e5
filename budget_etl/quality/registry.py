"""The machinery every identity shares: the registry, the inputs, and how two figures compare.

An identity is declared once, by ``@identity(name, severity, formula, tolerance, guards, tables)``
over the function that evaluates it::

    @identity("operating_cost_units", ERROR, "机关运行经费表: 部门合计 = Σ unit rows …", PER_ROW, "…", ("operating_cost",))
    def operating_cost_units(check: Identity, inputs: Inputs):
        ...
        yield check.compare_cell(table, total, column, expected=..., n_terms=..., subject=..., says=...)

The registry passes the function the ``Identity`` it declared and the document's ``Inputs``;
every result is made by that identity (``check.compare`` for a printed figure against what the
identity makes it, ``check.compare_cell`` for a figure in a table's cell, ``check.result``
otherwise), so it carries the declaration's name and severity and the function never spells
them. Identities that differ only in data are declared as data and registered in a loop
(``arithmetic.ROW_TOTALS``, ``coverage.PRESENCE``). ``catalogue()`` lists the identities (the
README table). ``tolerance(n, step)`` = one rounding step per summed figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import polars as pl

from budget_etl.money import UNIT_FACTORS
from budget_etl.quality.results import WARN, CheckResult
from budget_etl.quality.staged_rows import PRINT_STEP, Row, Table, fmt, read_tables

ZERO = Decimal(0)


# ------------------------------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Identity:
    name: str
    severity: str
    formula: str  # the identity, in the tables' own words
    tolerance: str  # the rounding tolerance, in words
    guards: str  # what a break means
    tables: tuple[str, ...]  # table kinds (and "narrative") it reads
    evaluate: Callable[[Identity, Inputs], Iterable[CheckResult]]  # the declared function
    # Whether one result compares tables with each other (a break may be in any of them, so it
    # covers them all) or judges the one table it names (its table_kind): what a failed ERROR
    # result withholds (budget_etl/quality/table_gate.py).
    across: bool = False

    def run(self, inputs: Inputs) -> list[CheckResult]:
        """Every evaluated instance of this identity on one document."""
        return list(self.evaluate(self, inputs))

    __call__ = run  # a declared identity is called as its function was: on the inputs

    def covers(self, table_kind: str | None) -> tuple[str, ...]:
        """The printed tables one failed result of this identity puts in doubt."""
        if self.across or table_kind is None:
            return self.tables
        return (table_kind,)

    def result(self, passed: bool, **found) -> CheckResult:
        """One evaluated instance of this identity; ``found``: the other CheckResult fields."""
        return CheckResult(check_name=self.name, severity=self.severity, passed=passed, **found)

    def compare(
        self,
        *,
        expected: Decimal,
        actual: Decimal,
        n_terms: int,
        step: Decimal,
        unit: str,
        table_kind: str | None,
        page: int | None,
        subject: str,
        says: str,
        in_print: str | None = None,
        scope: str | None = None,
    ) -> CheckResult:
        """One evaluated instance: ``actual`` (the printed figure) against ``expected`` (what the
        identity makes it), within ``tolerance(n_terms, step)``. ``says`` is the identity with its
        printed figures, for the one-line detail.

        ``in_print``: the evidence that a break is the publisher's print, not a misread (see
        ``arithmetic.printed_alike``); ``scope``: the evidence that this template's tables cover
        different scopes, so the relation does not hold by construction here. A break with such
        evidence is a WARN, its figures kept.
        """
        tol = tolerance(n_terms, step)
        diff = actual - expected
        passed = abs(diff) <= tol
        detail = f"{says}: printed {fmt(actual, unit)}, expected {fmt(expected, unit)} {unit}"
        detail += f", difference {fmt(diff, unit)} (tolerance {fmt(tol, unit)})" if diff else ""
        evidence = None if passed else (f"in print: {in_print}" if in_print else f"scope: {scope}" if scope else None)
        if evidence:
            detail += f"; {evidence}"
        found = self.result(
            passed,
            expected=expected,
            actual=actual,
            table_kind=table_kind,
            page_number=page,
            subject=subject,
            detail=detail,
        )
        return replace(found, severity=WARN) if evidence else found

    def compare_cell(
        self,
        table: Table,
        row: Row,
        column: str,
        *,
        expected: Decimal,
        n_terms: int,
        subject: str,
        says: str,
        in_print: str | None = None,
    ) -> CheckResult:
        """``compare`` for the figure printed in ``row`` / ``column`` of ``table``: its step, unit and page."""
        return self.compare(
            expected=expected,
            actual=row.get(column),
            n_terms=n_terms,
            step=table.step,
            unit=table.unit,
            table_kind=table.kind,
            page=row.pages.get(column, row.page_number),
            subject=subject,
            says=says,
            in_print=in_print,
        )


IDENTITIES: dict[str, Identity] = {}

PER_ROW = "one rounding step per summed figure: 0.01 万元 = 100 元 (a 元 table: the step its figures are rounded to)"
ONE_STEP = "one rounding step of the coarser table (one figure printed twice)"


def identity(
    name: str,
    severity: str,
    formula: str,
    tolerance: str,
    guards: str,
    tables: tuple[str, ...],
    *,
    across: bool = False,
):
    """Declare an identity: register ``fn(check, inputs)`` under ``name`` (the order of
    registration is the order of the checks and of the catalogue). The decorated name is the
    registered ``Identity``; the function's own name is not used."""

    def register(fn: Callable[[Identity, Inputs], Iterable[CheckResult]]) -> Identity:
        IDENTITIES[name] = Identity(name, severity, formula, tolerance, guards, tables, fn, across)
        return IDENTITIES[name]

    return register


def catalogue() -> pl.DataFrame:
    """name, severity, formula, tolerance, guards: one row per identity (the README table)."""
    return pl.DataFrame(
        [
            {
                "name": i.name,
                "severity": i.severity.upper(),
                "formula": i.formula,
                "tolerance": i.tolerance,
                "guards": i.guards,
            }
            for i in IDENTITIES.values()
        ]
    )


# ------------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class Stated:
    """One narrative figure: money in yuan, other units (%, 辆, 平方米) as printed."""

    value: Decimal
    unit: str
    page: int
    sentence: str

    @property
    def step(self) -> Decimal:
        # Narrative money prints 2 decimals of its unit; shares and rates 2 decimals of a percent.
        return PRINT_STEP.get(self.unit, Decimal("0.01"))


@dataclass
class Inputs:
    tables: dict[str, list[Table]]
    stated: dict[str, Stated] = field(default_factory=dict)
    # Kinds of every table found, with figures or printed empty (RAW_TABLE; None when the
    # caller has only the staged amounts, so presence is unknown), and the tables whose title
    # was found but which could not be read (extraction.TableProblem).
    found_kinds: frozenset[str] | None = None
    problems: tuple = ()

    def table(self, *kinds: str) -> Table | None:
        """The first table of the first kind found (a document prints each standard table once)."""
        for kind in kinds:
            if self.tables.get(kind):
                return self.tables[kind][0]
        return None

    def all_tables(self, *kinds: str) -> list[Table]:
        return [t for k in kinds for t in self.tables.get(k, [])]


def inputs_of(
    staged: pl.DataFrame,
    narrative: pl.DataFrame | None = None,
    raw_tables: pl.DataFrame | None = None,
    problems: tuple = (),
) -> Inputs:
    stated: dict[str, Stated] = {}
    if narrative is not None:
        for fact in narrative.iter_rows(named=True):
            if fact["fact"] in stated or fact["amount"] is None:
                continue  # the narrative reader keeps the first statement of a fact
            value = fact["amount"] * UNIT_FACTORS.get(fact["unit"], Decimal(1))
            stated[fact["fact"]] = Stated(value, fact["unit"], fact["page_number"], fact["sentence"] or "")
    tables = read_tables(staged)
    found = None if raw_tables is None else frozenset(tables) | frozenset(raw_tables["table_kind"].to_list())
    return Inputs(tables=tables, stated=stated, found_kinds=found, problems=tuple(problems))


# ------------------------------------------------------------------------------------------------
# Comparing figures


def tolerance(n_terms: int, step: Decimal) -> Decimal:
    """One rounding step per printed figure summed (at least one)."""
    return step * max(n_terms, 1)


def coarser(*tables: Table | None) -> tuple[Decimal, str]:
    """(step, unit) of the coarsest printed unit among ``tables``."""
    present = [t for t in tables if t is not None]
    if not present:
        return PRINT_STEP["万元"], "万元"
    t = max(present, key=lambda t: t.step)
    return t.step, t.unit


def nonblank(values: Iterable[Decimal | None]) -> int:
    return sum(1 for v in values if v is not None)
