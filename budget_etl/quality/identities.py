"""The accounting identities of a budget disclosure, each a named check over the staged frames.

A disclosure's tables restate the same budget several ways (by source, by function, by economic
item, by project, by fund); every restatement is an identity, and checking all of them is how an
extracted figure is proved: a misread cell breaks the identities that cover it. They also catch
a department's own arithmetic errors, which are findings to report, never to smooth over.

Rules every identity follows
- Amounts are compared in exact yuan (``Decimal``); a 万元 table and a 元 table compare directly.
- Rounding (尾差, noted under the tables) is tolerated explicitly: ``tolerance(n, step)`` allows
  one printed rounding step per figure summed on the expected side (0.01 万元 = 100 元 per summed
  row in a 万元 table, 0.01 元 in a 元 table). A figure printed in two tables is one figure: one
  step. Comparing a 万元 table with a 元 table uses the coarser step. Every comparison keeps its
  difference, inside the tolerance or not, so the 尾差 of a document stays visible.
- A blank cell of a printed row is 0; a table that was not found makes its identities not
  applicable (no result), and ``core_tables_found`` reports the missing table.
- ERROR: the identity holds by construction in the template; a break means a figure we would
  load is wrong (misread, or printed wrong) → the document's facts are blocked.
  WARN: the relation holds for most departments but depends on scope (carry-over, 事业单位,
  prose written separately from the tables) → recorded, the facts load.

Each identity is a function ``(Inputs) -> list[CheckResult]`` registered in ``IDENTITIES`` with
its severity, formula, tolerance and what it guards against (``catalogue()`` is the README table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import polars as pl

from budget_etl.quality.results import ERROR, WARN, CheckResult
from budget_etl.quality.staged_rows import (
    UNIT_FACTORS,
    Row,
    Table,
    bare,
    fmt,
    fold,
    is_total_column,
    is_total_text,
    last_level,
    levels,
    read_tables,
)
from budget_etl.settings import REFERENCE_DIR

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
    run: Callable[["Inputs"], list[CheckResult]]


IDENTITIES: dict[str, Identity] = {}

PER_ROW = "0.01 of the table's unit per summed figure (0.01 万元 = 100 元)"
ONE_STEP = "0.01 of the coarser unit (one figure printed twice)"


def identity(name: str, severity: str, formula: str, tolerance: str, guards: str, tables: tuple[str, ...]):
    def register(fn: Callable[["Inputs"], Iterable[CheckResult]]):
        IDENTITIES[name] = Identity(name, severity, formula, tolerance, guards, tables, lambda i: list(fn(i)))
        return fn

    return register


def catalogue() -> pl.DataFrame:
    """name, severity, formula, tolerance, guards: one row per identity (the README table)."""
    return pl.DataFrame(
        [
            {"name": i.name, "severity": i.severity.upper(), "formula": i.formula, "tolerance": i.tolerance, "guards": i.guards}
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
        return {"万元": Decimal(100), "元": Decimal("0.01")}.get(self.unit, Decimal("0.01"))


@dataclass
class Inputs:
    tables: dict[str, list[Table]]
    stated: dict[str, Stated] = field(default_factory=dict)

    def table(self, *kinds: str) -> Table | None:
        """The first table of the first kind found (a document prints each standard table once)."""
        for kind in kinds:
            if self.tables.get(kind):
                return self.tables[kind][0]
        return None

    def all_tables(self, *kinds: str) -> list[Table]:
        return [t for k in kinds for t in self.tables.get(k, [])]


def inputs_of(staged: pl.DataFrame, narrative: pl.DataFrame | None = None) -> Inputs:
    stated: dict[str, Stated] = {}
    if narrative is not None:
        for fact in narrative.iter_rows(named=True):
            if fact["fact"] in stated or fact["amount"] is None:
                continue  # the narrative reader keeps the first statement of a fact
            value = fact["amount"] * UNIT_FACTORS.get(fact["unit"], Decimal(1))
            stated[fact["fact"]] = Stated(value, fact["unit"], fact["page_number"], fact["sentence"] or "")
    return Inputs(tables=read_tables(staged), stated=stated)


def run_identities(staged: pl.DataFrame, narrative: pl.DataFrame | None = None) -> list[CheckResult]:
    """Every identity over one document's staged amounts and narrative facts."""
    inputs = inputs_of(staged, narrative)
    results: list[CheckResult] = []
    for ident in IDENTITIES.values():
        results.extend(ident.run(inputs))
    return results


# ------------------------------------------------------------------------------------------------
# Comparing figures


def tolerance(n_terms: int, step: Decimal) -> Decimal:
    """One rounding step per printed figure summed (at least one)."""
    return step * max(n_terms, 1)


def compare(
    name: str,
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
) -> CheckResult:
    """One evaluated instance: ``actual`` (the printed figure) against ``expected`` (what the
    identity makes it). ``says`` is the identity with its printed figures, for the one-line detail."""
    tol = tolerance(n_terms, step)
    diff = actual - expected
    passed = abs(diff) <= tol
    detail = f"{says}: printed {fmt(actual, unit)}, expected {fmt(expected, unit)} {unit}"
    detail += f", difference {fmt(diff, unit)} (tolerance {fmt(tol, unit)})" if diff else ""
    ident = IDENTITIES.get(name)
    return CheckResult(
        check_name=name,
        severity=ident.severity if ident else ERROR,
        passed=passed,
        expected=expected,
        actual=actual,
        table_kind=table_kind,
        page_number=page,
        subject=subject,
        detail=detail,
    )


def coarser(*tables: Table | None) -> tuple[Decimal, str]:
    """(step, unit) of the coarsest printed unit among ``tables``."""
    present = [t for t in tables if t is not None]
    if not present:
        return Decimal(100), "万元"
    t = max(present, key=lambda t: t.step)
    return t.step, t.unit


def nonblank(values: Iterable[Decimal | None]) -> int:
    return sum(1 for v in values if v is not None)


# ------------------------------------------------------------------------------------------------
# What columns and rows mean

_FUNDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general_public_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital_operation"),
    ("财政专户", "fiscal_special_account"),
    ("单位资金", "unit_funds"),
)
FISCAL_FUNDS = ("general_public_budget", "government_fund", "state_capital_operation")


def fund_of(text: str | None) -> str | None:
    key = fold(text)
    for word, fund in _FUNDS:
        if word in key:
            return fund
    return None


def column_where(table: Table, test: Callable[[str], bool]) -> str | None:
    return next((c for c in table.columns if test(c)), None)


def total_column(table: Table, side: str | None = None) -> str | None:
    """The grand-total column: a total whose header path is the shortest (合计 over 小计)."""
    totals = [c for c in table.columns if is_total_column(c) and (side is None or side_of(c) == side)]
    return min(totals, key=lambda c: len(levels(c))) if totals else None


def type_column(table: Table, word: str) -> str | None:
    """The column whose meaningful level names ``word`` (基本支出, 项目支出, 人员经费 …)."""
    return column_where(table, lambda c: word in last_level(c))


def side_of(column: str) -> str | None:
    """revenue / expenditure side of a two-sided summary table, from the first header level."""
    first = levels(column)[0] if levels(column) else ""
    if "收入" in first or first.startswith("收"):
        return "revenue"
    if "支出" in first or first.startswith("支"):
        return "expenditure"
    return None


def total_row(table: Table) -> Row | None:
    return next((r for r in table.rows if r.code is None and is_total_text(r.label)), None)


def coded_rows(table: Table) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in table.rows:
        if row.code and row.code not in out:
            out[row.code] = row
    return out


def is_numbered(label: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十]+、", fold(label)))


# ------------------------------------------------------------------------------------------------
# Row arithmetic: a total column = Σ its sibling columns, in every printed row


def column_groups(columns: list[str]) -> list[tuple[str, list[str]]]:
    """(total column, its part columns) for every total column of a table.

    The parts of a total are the columns under the same header group (same path above the
    total's level). A sub-group that prints its own 小计 counts once, by that 小计; a sub-group
    without one counts by its leaves. "支出/金额/小计" → 支出/金额/一般公共预算 + …;
    "合计" over "2026年财政拨款/一般公共预算", "财政专户管理资金", "单位资金".
    """
    groups = []
    for total in columns:
        if not is_total_column(total):
            continue
        parent = levels(total)[:-1]
        members = [c for c in columns if c != total and levels(c)[: len(parent)] == parent and len(levels(c)) > len(parent)]
        groups.append((total, _parts(members, len(parent))))
    return [(t, p) for t, p in groups if p]


def _parts(members: list[str], depth: int) -> list[str]:
    by_head: dict[str, list[str]] = {}
    for c in members:
        by_head.setdefault(levels(c)[depth], []).append(c)
    parts: list[str] = []
    for head, group in by_head.items():
        if len(group) == 1 and len(levels(group[0])) == depth + 1:
            if not is_total_column(group[0]):
                parts.append(group[0])
            continue
        sub_totals = [c for c in group if is_total_column(c) and len(levels(c)) == depth + 2]
        if sub_totals:
            parts.append(sub_totals[0])
        else:
            parts.extend(_parts([c for c in group if len(levels(c)) > depth + 1], depth + 1))
    return parts


_ROW_CHECK_OF_KIND = {
    "expenditure_summary": "expenditure_row_total",
    "general_budget_expenditure": "expenditure_row_total",
    "government_fund_expenditure": "expenditure_row_total",
    "state_capital": "expenditure_row_total",
    "revenue_summary": "revenue_row_total",
    "government_fund_revenue": "revenue_row_total",
    "basic_expenditure_economic": "economic_row_total",
    "budget_summary": "summary_row_total",
    "fiscal_grant_summary": "summary_row_total",
    "three_public": "fund_row_total",
    "three_public_operating_cost": "fund_row_total",
    "operating_cost": "fund_row_total",
    "project_expenditure": "fund_row_total",
    "project_carryover": "fund_row_total",
}


def _row_totals(inputs: Inputs, check_name: str) -> Iterable[CheckResult]:
    for kind, tables in inputs.tables.items():
        if _ROW_CHECK_OF_KIND.get(kind) != check_name:
            continue
        for table in tables:
            if kind.startswith("three_public") and three_public_orientation(table) == "columns":
                continue  # item columns: three_public_total / three_public_vehicles check them
            groups = column_groups(table.columns)
            for row in table.rows:
                for total, parts in groups:
                    if total not in row.cells and not any(p in row.cells for p in parts):
                        continue
                    present = [p for p in parts if p in row.cells]
                    expected = sum((row.get(p) for p in parts), ZERO)
                    says = f"{row.describe()}: {last_level(total)} = " + " + ".join(last_level(p) for p in parts)
                    yield compare(
                        check_name,
                        expected=expected,
                        actual=row.get(total),
                        n_terms=len(present),
                        step=table.step,
                        unit=table.unit,
                        table_kind=kind,
                        page=row.pages.get(total, row.page_number),
                        subject=f"{row.describe()} / {total}",
                        says=says,
                    )


@identity(
    "expenditure_row_total",
    ERROR,
    "each row: 合计 = 基本支出 + 项目支出",
    PER_ROW,
    "a misread or misplaced amount in 支出总表 / 一般公共预算支出表 / 政府性基金支出表 / 国有资本经营支出",
    ("expenditure_summary", "general_budget_expenditure", "government_fund_expenditure", "state_capital"),
)
def expenditure_row_total(inputs: Inputs):
    return _row_totals(inputs, "expenditure_row_total")


@identity(
    "revenue_row_total",
    ERROR,
    "each row: 本年收入合计 = Σ funding sources (一般公共预算 + 政府性基金 + … + 单位资金)",
    PER_ROW,
    "a misread amount or a source column read under the wrong heading in 收入总表",
    ("revenue_summary", "government_fund_revenue"),
)
def revenue_row_total(inputs: Inputs):
    return _row_totals(inputs, "revenue_row_total")


@identity(
    "economic_row_total",
    ERROR,
    "each row: 合计 = 人员经费 + 公用经费",
    PER_ROW,
    "an economic item's amount in the wrong cost column, or misread",
    ("basic_expenditure_economic",),
)
def economic_row_total(inputs: Inputs):
    return _row_totals(inputs, "economic_row_total")


@identity(
    "summary_row_total",
    ERROR,
    "each row: 合计 = 当年预算安排 + 上年结转安排 (收支总表); 小计 = Σ funds (财政拨款收支总表)",
    PER_ROW,
    "a misread amount in the two summary tables",
    ("budget_summary", "fiscal_grant_summary"),
)
def summary_row_total(inputs: Inputs):
    return _row_totals(inputs, "summary_row_total")


@identity(
    "fund_row_total",
    ERROR,
    "each row: 合计 = Σ funds (三公, 机关运行经费 and 项目支出 tables)",
    PER_ROW,
    "a misread amount, or a project's amount under the wrong fund",
    ("three_public", "three_public_operating_cost", "operating_cost", "project_expenditure", "project_carryover"),
)
def fund_row_total(inputs: Inputs):
    return _row_totals(inputs, "fund_row_total")


# ------------------------------------------------------------------------------------------------
# Function-code hierarchy: 类 = Σ 款 = Σ 项; table 合计 = Σ 类

CODED_KINDS = (
    "revenue_summary",
    "expenditure_summary",
    "general_budget_expenditure",
    "government_fund_revenue",
    "government_fund_expenditure",
    "state_capital",
)


@identity(
    "function_hierarchy",
    ERROR,
    "类 = Σ its printed 款, 款 = Σ its printed 项 (by code prefix), in every column",
    PER_ROW,
    "a misread 项/款 amount, a code read with the wrong digits, a row lost at a page break",
    CODED_KINDS,
)
def function_hierarchy(inputs: Inputs):
    for table in inputs.all_tables(*CODED_KINDS):
        rows = coded_rows(table)
        for parent_code, parent in rows.items():
            if len(parent_code) not in (3, 5):
                continue
            children = [r for c, r in rows.items() if len(c) == len(parent_code) + 2 and c.startswith(parent_code)]
            if not children:
                continue
            for column in table.columns:
                if column not in parent.cells and not any(column in ch.cells for ch in children):
                    continue
                level = "类" if len(parent_code) == 3 else "款"
                yield compare(
                    "function_hierarchy",
                    expected=sum((ch.get(column) for ch in children), ZERO),
                    actual=parent.get(column),
                    n_terms=nonblank(ch.cells.get(column) for ch in children),
                    step=table.step,
                    unit=table.unit,
                    table_kind=table.kind,
                    page=parent.pages.get(column, parent.page_number),
                    subject=f"{parent_code} / {column}",
                    says=f"{level} {parent.describe()} [{last_level(column)}] = Σ {len(children)} "
                    + ("款" if level == "类" else "项"),
                )


@identity(
    "coded_table_total",
    ERROR,
    "合计 row = Σ 类 rows, in every column of a table by function code",
    PER_ROW,
    "a 类 lost at a page break, a misread total",
    CODED_KINDS,
)
def coded_table_total(inputs: Inputs):
    for table in inputs.all_tables(*CODED_KINDS):
        total = total_row(table)
        classes = [r for c, r in coded_rows(table).items() if len(c) == 3]
        if total is None or not classes:
            continue
        for column in table.columns:
            if column not in total.cells and not any(column in r.cells for r in classes):
                continue
            yield compare(
                "coded_table_total",
                expected=sum((r.get(column) for r in classes), ZERO),
                actual=total.get(column),
                n_terms=nonblank(r.cells.get(column) for r in classes),
                step=table.step,
                unit=table.unit,
                table_kind=table.kind,
                page=total.pages.get(column, total.page_number),
                subject=f"合计 / {column}",
                says=f"合计 [{last_level(column)}] = Σ {len(classes)} 类",
            )


# ------------------------------------------------------------------------------------------------
# The two summary tables (收支总表, 财政拨款收支总表): sources, classes, balance


@dataclass
class Summary:
    """A two-sided summary table read by its printed row names."""

    table: Table
    sources: list[Row]  # 一、一般公共预算 … on the revenue side, before 本年收入合计
    current_revenue: Row | None  # 本年收入合计
    carryover: Row | None  # 上年结转 / 上年财政拨款结转
    carryover_parts: list[Row]  # the fund rows printed under 上年财政拨款结转
    revenue_total: Row | None  # 收入总计
    classes: list[Row]  # 一、一般公共服务支出 … on the expenditure side
    current_expenditure: Row | None  # 本年支出合计
    year_end: Row | None  # 年终结转
    expenditure_total: Row | None  # 支出总计
    revenue_column: str | None
    expenditure_columns: list[str]


def read_summary(table: Table) -> Summary:
    revenue = [r for r in table.rows if any(side_of(c) == "revenue" for c in r.cells)]
    expenditure = [r for r in table.rows if any(side_of(c) == "expenditure" for c in r.cells)]

    def find(rows: list[Row], *words: str) -> Row | None:
        return next((r for r in rows if any(w in r.name for w in words)), None)

    current_revenue = find(revenue, "本年收入合计", "收入合计")
    carryover = next((r for r in revenue if r.name.startswith("上年") and "结转" in r.name), None)
    revenue_total = find(revenue, "收入总计")
    cut = current_revenue.row_index if current_revenue else 10**9
    sources = [r for r in revenue if is_numbered(r.label) and r.row_index < cut]
    carryover_parts = []
    if carryover is not None:
        end = revenue_total.row_index if revenue_total else 10**9
        carryover_parts = [r for r in revenue if is_numbered(r.label) and carryover.row_index < r.row_index < end]
    current_expenditure = find(expenditure, "本年支出合计", "支出合计")
    cut = current_expenditure.row_index if current_expenditure else 10**9
    classes = [r for r in expenditure if is_numbered(r.label) and r.row_index < cut]
    columns = table.columns
    return Summary(
        table=table,
        sources=sources,
        current_revenue=current_revenue,
        carryover=carryover,
        carryover_parts=carryover_parts,
        revenue_total=revenue_total,
        classes=classes,
        current_expenditure=current_expenditure,
        year_end=find(expenditure, "年终结转", "结转下年"),
        expenditure_total=find(expenditure, "支出总计"),
        revenue_column=next((c for c in columns if side_of(c) == "revenue"), None),
        expenditure_columns=[c for c in columns if side_of(c) == "expenditure"],
    )


SUMMARY_KINDS = ("budget_summary", "fiscal_grant_summary")


def _summary_compare(name, s: Summary, *, row: Row | None, column: str | None, expected, n, subject, says):
    actual = row.get(column) if row is not None else ZERO
    page = (row.pages.get(column, row.page_number) if row is not None else s.table.first_page()) if column else None
    return compare(
        name,
        expected=expected,
        actual=actual,
        n_terms=n,
        step=s.table.step,
        unit=s.table.unit,
        table_kind=s.table.kind,
        page=page,
        subject=subject,
        says=says,
    )


@identity(
    "summary_revenue_sources",
    ERROR,
    "本年收入合计 = Σ revenue source rows (一、一般公共预算 … 五、单位资金)",
    PER_ROW,
    "a misread source amount or total in 收支总表 / 财政拨款收支总表",
    SUMMARY_KINDS,
)
def summary_revenue_sources(inputs: Inputs):
    for table in inputs.all_tables(*SUMMARY_KINDS):
        s = read_summary(table)
        if s.current_revenue is None or s.revenue_column is None:
            continue
        col = s.revenue_column
        yield _summary_compare(
            "summary_revenue_sources",
            s,
            row=s.current_revenue,
            column=col,
            expected=sum((r.get(col) for r in s.sources), ZERO),
            n=nonblank(r.cells.get(col) for r in s.sources),
            subject=f"本年收入合计 / {col}",
            says=f"本年收入合计 = Σ {len(s.sources)} sources",
        )


@identity(
    "summary_expenditure_classes",
    ERROR,
    "本年支出合计 = Σ function-class rows (一、一般公共服务支出 …), in every column",
    PER_ROW,
    "a misread class amount, a class lost at the page break of the summary tables",
    SUMMARY_KINDS,
)
def summary_expenditure_classes(inputs: Inputs):
    for table in inputs.all_tables(*SUMMARY_KINDS):
        s = read_summary(table)
        if s.current_expenditure is None:
            continue
        for col in s.expenditure_columns:
            yield _summary_compare(
                "summary_expenditure_classes",
                s,
                row=s.current_expenditure,
                column=col,
                expected=sum((r.get(col) for r in s.classes), ZERO),
                n=nonblank(r.cells.get(col) for r in s.classes),
                subject=f"本年支出合计 / {col}",
                says=f"本年支出合计 [{last_level(col)}] = Σ {len(s.classes)} classes",
            )


@identity(
    "summary_balance",
    ERROR,
    "收入总计 = 本年收入合计 + 上年结转 = 支出总计 = 本年支出合计 + 年终结转; 上年财政拨款结转 = Σ its funds; "
    "each fund's (or 当年/上年结转) expenditure = its revenue",
    PER_ROW,
    "an unbalanced summary: a misread total or carry-over",
    SUMMARY_KINDS,
)
def summary_balance(inputs: Inputs):
    name = "summary_balance"
    for table in inputs.all_tables(*SUMMARY_KINDS):
        s = read_summary(table)
        rc = s.revenue_column
        if rc is None:
            continue
        current_rev = s.current_revenue.get(rc) if s.current_revenue else ZERO
        carry = s.carryover.get(rc) if s.carryover else ZERO
        if s.revenue_total is not None:
            yield _summary_compare(
                name, s, row=s.revenue_total, column=rc, expected=current_rev + carry,
                n=nonblank([s.current_revenue and s.current_revenue.cells.get(rc), s.carryover and s.carryover.cells.get(rc)]),
                subject="收入总计", says="收入总计 = 本年收入合计 + 上年结转",
            )
        if s.carryover is not None and s.carryover_parts:
            yield _summary_compare(
                name, s, row=s.carryover, column=rc,
                expected=sum((r.get(rc) for r in s.carryover_parts), ZERO),
                n=nonblank(r.cells.get(rc) for r in s.carryover_parts),
                subject="上年结转", says=f"{s.carryover.label} = Σ {len(s.carryover_parts)} funds",
            )
        total_col = total_column(table, "expenditure")
        for col in s.expenditure_columns:
            if s.expenditure_total is not None and s.current_expenditure is not None:
                year_end = s.year_end.cells.get(col) if s.year_end else None
                yield _summary_compare(
                    name, s, row=s.expenditure_total, column=col,
                    expected=s.current_expenditure.get(col) + (year_end or ZERO),
                    n=nonblank([s.current_expenditure.cells.get(col), year_end]),
                    subject=f"支出总计 / {col}", says=f"支出总计 [{last_level(col)}] = 本年支出合计 + 年终结转",
                )
        if s.expenditure_total is not None and s.revenue_total is not None and total_col:
            yield _summary_compare(
                name, s, row=s.expenditure_total, column=total_col, expected=s.revenue_total.get(rc), n=1,
                subject="支出总计 = 收入总计", says="支出总计 = 收入总计",
            )
        if s.current_expenditure is None:
            continue
        # Balanced by source: 当年预算安排 spends this year's revenue, 上年结转安排 the carry-over;
        # in 财政拨款收支总表 each fund's column spends that fund's revenue and carry-over.
        for col in s.expenditure_columns:
            leaf = last_level(col)
            if "当年" in leaf or "本年" in leaf:
                expected, n, says = current_rev, 1, "本年支出合计 [当年预算安排] = 本年收入合计"
            elif "结转" in leaf:
                expected, n, says = carry, 1, "本年支出合计 [上年结转安排] = 上年结转"
            elif fund_of(col) and not is_total_column(col):
                fund = fund_of(col)
                src = [r for r in s.sources if fund_of(r.label) == fund]
                car = [r for r in s.carryover_parts if fund_of(r.label) == fund]
                expected = sum((r.get(rc) for r in src + car), ZERO)
                n = nonblank(r.cells.get(rc) for r in src + car)
                says = f"本年支出合计 [{leaf}] = {leaf} revenue + its carry-over"
            else:
                continue
            yield _summary_compare(
                name, s, row=s.current_expenditure, column=col, expected=expected, n=n,
                subject=f"本年支出合计 / {col}", says=says,
            )


# ------------------------------------------------------------------------------------------------
# Totals across tables


@dataclass
class RevenueColumns:
    current: Callable[[Row], Decimal]  # this year's revenue of a row
    carryover: Callable[[Row], Decimal]
    n_current: Callable[[Row], int]
    n_carryover: Callable[[Row], int]
    sources: dict[str, str]  # fund -> column (this year's revenue only)


def revenue_columns(table: Table) -> RevenueColumns:
    """What the columns of 收入总表 hold, whatever the template's grouping.

    Shanxi: 本年收入/合计 over the sources, 上年结转 on its own. Other templates print one 合计
    over the sources and 上年结转; then this year's revenue is that 合计 minus 上年结转.
    """
    cols = table.columns
    carry = next((c for c in cols if "结转" in "".join(levels(c)) and not is_total_column(c)), None)
    current = next((c for c in cols if is_total_column(c) and any("本年" in lv for lv in levels(c))), None)
    grand = total_column(table)
    sources = {
        fund_of(c): c for c in cols if fund_of(c) and not is_total_column(c) and c != carry
    }

    def current_of(row: Row) -> Decimal:
        if current:
            return row.get(current)
        if grand:
            return row.get(grand) - row.get(carry)
        return sum((row.get(c) for c in sources.values()), ZERO)

    def n_current(row: Row) -> int:
        return nonblank([row.cells.get(current or grand)]) if (current or grand) else nonblank(
            row.cells.get(c) for c in sources.values()
        )

    return RevenueColumns(
        current=current_of,
        carryover=lambda r: r.get(carry),
        n_current=n_current,
        n_carryover=lambda r: nonblank([r.cells.get(carry)]) if carry else 0,
        sources=sources,
    )


def _cross(name: str, *, expected, actual, n, tables: tuple[Table | None, ...], at: Table, row: Row | None,
           column: str | None, subject: str, says: str):
    step, unit = coarser(*tables)
    page = (row.pages.get(column, row.page_number) if row is not None and column else None) or at.first_page()
    return compare(name, expected=expected, actual=actual, n_terms=n, step=step, unit=unit,
                   table_kind=at.kind, page=page, subject=subject, says=says)


@identity(
    "summary_tables_agree",
    ERROR,
    "收支总表 = 收入总表 = 支出总表 = 财政拨款收支总表 on their shared totals: 本年收入合计, each source, 上年结转, "
    "本年支出合计; 支出总表 合计 = 收入总表 本年收入 + 上年结转",
    ONE_STEP + "; 0.01 per summed figure where two are added",
    "a table read with the wrong total row or column, or two tables that disagree in print",
    ("budget_summary", "revenue_summary", "expenditure_summary", "fiscal_grant_summary"),
)
def summary_tables_agree(inputs: Inputs):
    name = "summary_tables_agree"
    bs, rs, es, fg = (inputs.table(k) for k in ("budget_summary", "revenue_summary", "expenditure_summary", "fiscal_grant_summary"))
    rev_total = total_row(rs) if rs else None
    exp_total = total_row(es) if es else None
    rcols = revenue_columns(rs) if rs else None
    summary = read_summary(bs) if bs else None
    if summary and rev_total is not None and summary.revenue_column:
        rc = summary.revenue_column
        if summary.current_revenue is not None:
            yield _cross(name, expected=rcols.current(rev_total), actual=summary.current_revenue.get(rc), n=1,
                         tables=(bs, rs), at=bs, row=summary.current_revenue, column=rc,
                         subject="收支总表 本年收入合计", says="收支总表 本年收入合计 = 收入总表 合计 [本年收入]")
        if summary.carryover is not None or rcols.n_carryover(rev_total):
            actual = summary.carryover.get(rc) if summary.carryover else ZERO
            yield _cross(name, expected=rcols.carryover(rev_total), actual=actual, n=1, tables=(bs, rs), at=bs,
                         row=summary.carryover, column=rc,
                         subject="收支总表 上年结转", says="收支总表 上年结转 = 收入总表 合计 [上年结转]")
        for src in summary.sources:
            fund = fund_of(src.label)
            if fund is None:
                continue
            column = rcols.sources.get(fund)
            expected = rev_total.get(column) if column else ZERO
            yield _cross(name, expected=expected, actual=src.get(rc), n=1, tables=(bs, rs), at=bs, row=src,
                         column=rc, subject=f"收支总表 {src.label}",
                         says=f"收支总表 {src.label} = 收入总表 合计 [{last_level(column) if column else fund}]")
    if summary and exp_total is not None and summary.current_expenditure is not None:
        col = total_column(bs, "expenditure")
        es_col = total_column(es)
        if col and es_col:
            yield _cross(name, expected=exp_total.get(es_col), actual=summary.current_expenditure.get(col), n=1,
                         tables=(bs, es), at=bs, row=summary.current_expenditure, column=col,
                         subject="收支总表 本年支出合计", says="收支总表 本年支出合计 = 支出总表 合计")
    if rev_total is not None and exp_total is not None:
        es_col = total_column(es)
        if es_col:
            yield _cross(name, expected=rcols.current(rev_total) + rcols.carryover(rev_total),
                         actual=exp_total.get(es_col), n=rcols.n_current(rev_total) + rcols.n_carryover(rev_total),
                         tables=(rs, es), at=es, row=exp_total, column=es_col,
                         subject="支出总表 合计", says="支出总表 合计 = 收入总表 本年收入 + 上年结转")
    if fg and summary:
        fsum = read_summary(fg)
        for src in fsum.sources:
            fund = fund_of(src.label)
            match = next((r for r in summary.sources if fund_of(r.label) == fund), None)
            if fund is None or fsum.revenue_column is None or summary.revenue_column is None:
                continue
            yield _cross(name, expected=match.get(summary.revenue_column) if match else ZERO,
                         actual=src.get(fsum.revenue_column), n=1, tables=(fg, bs), at=fg, row=src,
                         column=fsum.revenue_column, subject=f"财政拨款收支总表 {src.label}",
                         says=f"财政拨款收支总表 {src.label} = 收支总表 {src.label}")


@identity(
    "summary_classes_match_detail",
    ERROR,
    "收支总表 each function class: 合计 = 支出总表 类 合计; 当年预算安排 = 收入总表 类 本年收入; 上年结转安排 = 收入总表 类 上年结转",
    ONE_STEP,
    "a class amount misread in one of the three tables, or a class matched to the wrong row",
    ("budget_summary", "expenditure_summary", "revenue_summary"),
)
def summary_classes_match_detail(inputs: Inputs):
    name = "summary_classes_match_detail"
    bs, es, rs = inputs.table("budget_summary"), inputs.table("expenditure_summary"), inputs.table("revenue_summary")
    if bs is None or (es is None and rs is None):
        return
    s = read_summary(bs)
    es_classes = {r.name: r for c, r in coded_rows(es).items() if len(c) == 3} if es else {}
    rs_classes = {r.name: r for c, r in coded_rows(rs).items() if len(c) == 3} if rs else {}
    rcols = revenue_columns(rs) if rs else None
    es_col = total_column(es) if es else None
    names = {r.name for r in s.classes} | set(es_classes) | set(rs_classes)
    by_name = {r.name: r for r in s.classes}
    for class_name in sorted(names, key=lambda n: (by_name[n].row_index if n in by_name else 10**6, n)):
        row = by_name.get(class_name)
        for col in s.expenditure_columns:
            leaf = last_level(col)
            if is_total_column(col) and es is not None and es_col:
                other = es_classes.get(class_name)
                expected, against, label = (other.get(es_col) if other else ZERO), es, "支出总表 合计"
            elif ("当年" in leaf or "本年" in leaf) and rs is not None:
                other = rs_classes.get(class_name)
                expected, against, label = (rcols.current(other) if other else ZERO), rs, "收入总表 本年收入"
            elif "结转" in leaf and rs is not None:
                other = rs_classes.get(class_name)
                expected, against, label = (rcols.carryover(other) if other else ZERO), rs, "收入总表 上年结转"
            else:
                continue
            actual = row.get(col) if row else ZERO
            if not expected and not actual:
                continue
            yield _cross(name, expected=expected, actual=actual, n=1, tables=(bs, against), at=bs, row=row,
                         column=col, subject=f"{class_name} / {col}",
                         says=f"收支总表 {class_name} [{leaf}] = {label}")


def _by_code(name: str, inputs: Inputs, left_kind: str, left_value, right_kind: str, right_value, says: str):
    """For every code printed in either table: left_value(row) = right_value(row) (missing row: 0)."""
    left, right = inputs.table(left_kind), inputs.table(right_kind)
    if left is None or right is None:
        return
    lrows, rrows = coded_rows(left), coded_rows(right)
    for code in sorted(set(lrows) | set(rrows)):
        lrow, rrow = lrows.get(code), rrows.get(code)
        actual, _ = left_value(left, lrow) if lrow else (ZERO, 0)
        expected, n = right_value(right, rrow) if rrow else (ZERO, 0)
        if not actual and not expected:
            continue
        label = (lrow or rrow).describe()
        yield _cross(name, expected=expected, actual=actual, n=n, tables=(left, right), at=left if lrow else right,
                     row=lrow or rrow, column=None, subject=code, says=f"{label}: {says}")


def _total_of(table: Table, row: Row) -> tuple[Decimal, int]:
    col = total_column(table)
    return row.get(col), nonblank([row.cells.get(col)])


def _fund_of_revenue(fund: str):
    def value(table: Table, row: Row) -> tuple[Decimal, int]:
        col = revenue_columns(table).sources.get(fund)
        return row.get(col), nonblank([row.cells.get(col)]) if col else 0

    return value


def _revenue_with_carryover(table: Table, row: Row) -> tuple[Decimal, int]:
    rc = revenue_columns(table)
    return rc.current(row) + rc.carryover(row), rc.n_current(row) + rc.n_carryover(row)


@identity(
    "revenue_matches_expenditure_by_code",
    ERROR,
    "each function code: 支出总表 合计 = 收入总表 本年收入合计 + 上年结转",
    PER_ROW,
    "a function code or amount misread in 收入总表 or 支出总表 (the budget balances code by code)",
    ("expenditure_summary", "revenue_summary"),
)
def revenue_matches_expenditure_by_code(inputs: Inputs):
    return _by_code("revenue_matches_expenditure_by_code", inputs, "expenditure_summary", _total_of,
                    "revenue_summary", _revenue_with_carryover, "支出总表 合计 = 收入总表 本年收入 + 上年结转")


@identity(
    "general_budget_matches_revenue_by_code",
    ERROR,
    "each function code: 一般公共预算支出表 合计 = 收入总表 一般公共预算",
    ONE_STEP,
    "a code or amount misread in 一般公共预算支出表 or 收入总表",
    ("general_budget_expenditure", "revenue_summary"),
)
def general_budget_matches_revenue_by_code(inputs: Inputs):
    return _by_code("general_budget_matches_revenue_by_code", inputs, "general_budget_expenditure", _total_of,
                    "revenue_summary", _fund_of_revenue("general_public_budget"), "一般公共预算支出 = 收入总表 一般公共预算")


@identity(
    "government_fund_matches_revenue_by_code",
    ERROR,
    "each function code: 政府性基金预算支出表 合计 = 收入总表 政府性基金",
    ONE_STEP,
    "a code or amount misread in 政府性基金预算支出表 or 收入总表",
    ("government_fund_expenditure", "revenue_summary"),
)
def government_fund_matches_revenue_by_code(inputs: Inputs):
    return _by_code("government_fund_matches_revenue_by_code", inputs, "government_fund_expenditure", _total_of,
                    "revenue_summary", _fund_of_revenue("government_fund"), "政府性基金支出 = 收入总表 政府性基金")


@identity(
    "fiscal_grant_matches_fund_tables",
    ERROR,
    "财政拨款收支总表 本年支出合计 [一般公共预算] = 一般公共预算支出表 合计 + 上年结转 一般公共预算; same for 政府性基金",
    PER_ROW,
    "a misread fund total in 财政拨款收支总表, or a fund table read short",
    ("fiscal_grant_summary", "general_budget_expenditure", "government_fund_expenditure"),
)
def fiscal_grant_matches_fund_tables(inputs: Inputs):
    fg = inputs.table("fiscal_grant_summary")
    if fg is None:
        return
    s = read_summary(fg)
    if s.current_expenditure is None or s.revenue_column is None:
        return
    for fund, kind in (("general_public_budget", "general_budget_expenditure"), ("government_fund", "government_fund_expenditure")):
        col = next((c for c in s.expenditure_columns if fund_of(c) == fund and not is_total_column(c)), None)
        detail = inputs.table(kind)
        if col is None or detail is None:
            continue
        trow = total_row(detail)
        tcol = total_column(detail)
        current = trow.get(tcol) if trow is not None else ZERO
        carry = [r for r in s.carryover_parts if fund_of(r.label) == fund]
        expected = current + sum((r.get(s.revenue_column) for r in carry), ZERO)
        n = nonblank([trow.cells.get(tcol) if trow is not None else None]) + nonblank(r.cells.get(s.revenue_column) for r in carry)
        yield _cross("fiscal_grant_matches_fund_tables", expected=expected, actual=s.current_expenditure.get(col), n=n,
                     tables=(fg, detail), at=fg, row=s.current_expenditure, column=col,
                     subject=f"本年支出合计 / {col}",
                     says=f"财政拨款收支总表 本年支出合计 [{last_level(col)}] = {kind} 合计 + 上年结转")


@identity(
    "basic_expenditure_matches_economic",
    ERROR,
    "一般公共预算支出表 合计 [基本支出] = 基本支出经济科目表 合计",
    ONE_STEP,
    "the economic table read short (a page or a category lost), or a misread total",
    ("general_budget_expenditure", "basic_expenditure_economic"),
)
def basic_expenditure_matches_economic(inputs: Inputs):
    gb, ec = inputs.table("general_budget_expenditure"), inputs.table("basic_expenditure_economic")
    if gb is None or ec is None:
        return
    gb_total, ec_total = total_row(gb), total_row(ec)
    basic = type_column(gb, "基本支出")
    if gb_total is None or ec_total is None or basic is None:
        return
    yield _cross("basic_expenditure_matches_economic", expected=gb_total.get(basic), actual=ec_total.get(total_column(ec)),
                 n=1, tables=(gb, ec), at=ec, row=ec_total, column=total_column(ec), subject="合计",
                 says="经济科目表 合计 = 一般公共预算支出表 基本支出")


# ------------------------------------------------------------------------------------------------
# 基本支出分经济科目表: 合计 = Σ categories, category = Σ items


@lru_cache(maxsize=1)
def economic_category_names() -> frozenset[str]:
    """Names of the 类 of both economic schemes (工资福利支出, 商品和服务支出 …), folded."""
    names = set()
    for file in ("economic_classification_department.csv", "economic_classification_government.csv"):
        frame = pl.read_csv(REFERENCE_DIR / file, schema_overrides={"code": pl.String, "parent_code": pl.String})
        names |= {bare(n) for n in frame.filter(pl.col("level") == "类")["name"].to_list()}
    return frozenset(names)


def economic_groups(table: Table) -> tuple[Row | None, list[tuple[Row, list[Row]]]]:
    """(合计 row, [(category row, its item rows)]) in printed order.

    A category row names a 类 of the reference lists and prints no government-scheme name; the
    items are the rows below it up to the next category.
    """
    categories = economic_category_names()
    total = total_row(table)
    groups: list[tuple[Row, list[Row]]] = []
    for row in table.rows:
        if row is total:
            continue
        if not row.secondary and row.name in categories:
            groups.append((row, []))
        elif groups:
            groups[-1][1].append(row)
    return total, groups


@identity(
    "economic_categories",
    ERROR,
    "经济科目表: 合计 = Σ category rows (工资福利支出, 商品和服务支出 …); each category = Σ its item rows; every column",
    PER_ROW,
    "a misread item, an item under the wrong category, a page of items lost",
    ("basic_expenditure_economic",),
)
def economic_categories(inputs: Inputs):
    for table in inputs.all_tables("basic_expenditure_economic"):
        total, groups = economic_groups(table)
        for column in table.columns:
            for category, items in groups:
                if not items:
                    continue
                yield compare(
                    "economic_categories",
                    expected=sum((r.get(column) for r in items), ZERO),
                    actual=category.get(column),
                    n_terms=nonblank(r.cells.get(column) for r in items),
                    step=table.step, unit=table.unit, table_kind=table.kind,
                    page=category.pages.get(column, category.page_number),
                    subject=f"{category.label} / {column}",
                    says=f"{category.label} [{last_level(column)}] = Σ {len(items)} items",
                )
            if total is not None and groups:
                yield compare(
                    "economic_categories",
                    expected=sum((c.get(column) for c, _ in groups), ZERO),
                    actual=total.get(column),
                    n_terms=nonblank(c.cells.get(column) for c, _ in groups),
                    step=table.step, unit=table.unit, table_kind=table.kind,
                    page=total.pages.get(column, total.page_number),
                    subject=f"合计 / {column}",
                    says=f"合计 [{last_level(column)}] = Σ {len(groups)} categories",
                )


# ------------------------------------------------------------------------------------------------
# "三公" and 机关运行经费


_ITEM_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("operating_cost", lambda t: "机关运行" in t),
    ("vehicle_total", lambda t: "购置及运行" in t or "购置和运行" in t or "购置及运维" in t),
    ("vehicle_purchase", lambda t: "购置" in t),
    ("vehicle_operation", lambda t: "运行" in t and "公务用车" in t or "运行维护" in t),
    ("outbound_travel", lambda t: "出国" in t),
    ("official_reception", lambda t: "接待" in t),
    ("total", is_total_text),
)
THREE_PUBLIC_KINDS = ("three_public", "three_public_operating_cost")


def item_of(text: str | None) -> str | None:
    key = bare(text)
    for item, test in _ITEM_RULES:
        if key and test(key):
            return item
    return None


def three_public_orientation(table: Table) -> str:
    """"rows" (Shanxi: one row per item, funds in columns) or "columns" (items in columns)."""
    row_items = {item_of(r.label) for r in table.rows} - {None, "total"}
    return "rows" if row_items else "columns"


def item_of_column(column: str) -> str | None:
    """An item column: its last level names the item, or it is the 小计 of an item group."""
    item = item_of(last_level(column))
    if item == "total" and len(levels(column)) > 1:
        return item_of(levels(column)[-2]) or item
    return item


@dataclass
class ItemGrid:
    """A 三公 table as item × fund cells: {fund key: {item: (yuan, page)}}."""

    table: Table
    cells: dict[str, dict[str, tuple[Decimal, int]]]
    total_key: str | None  # the fund key that holds the all-funds figures (合计 column / the one row)


def item_grid(table: Table) -> ItemGrid:
    cells: dict[str, dict[str, tuple[Decimal, int]]] = {}
    if three_public_orientation(table) == "rows":
        for row in table.rows:
            item = item_of(row.label)
            if item is None:
                continue
            for col, value in row.cells.items():
                cells.setdefault(col, {})[item] = (value, row.pages[col])
        total_key = total_column(table)
    else:
        for row in table.rows:
            key = row.label or f"row {row.row_index}"
            for col, value in row.cells.items():
                item = item_of_column(col)
                if item is not None:
                    cells.setdefault(key, {})[item] = (value, row.pages[col])
        total_rows = [k for k in cells if is_total_text(k)]
        total_key = total_rows[0] if total_rows else (next(iter(cells)) if len(cells) == 1 else None)
    return ItemGrid(table, cells, total_key)


def _item_sum(name: str, grid: ItemGrid, whole: str, parts: tuple[str, ...], says: str):
    t = grid.table
    # A blank cell of a printed row is 0, but a row the template does not print (the combined
    # 三公+机关运行经费 table has no 合计 row) leaves the identity not applicable. Blank rows are
    # not staged, so "printed" means: the whole has a figure in some fund of this table.
    if not any(whole in items for items in grid.cells.values()):
        return
    for key, items in grid.cells.items():
        if whole not in items and not any(p in items for p in parts):
            continue
        actual, page = items.get(whole, (ZERO, None))
        page = page or min((p for _, p in items.values()), default=t.first_page())
        yield compare(
            name,
            expected=sum((items[p][0] for p in parts if p in items), ZERO),
            actual=actual,
            n_terms=sum(1 for p in parts if p in items),
            step=t.step, unit=t.unit, table_kind=t.kind, page=page,
            subject=f"{whole} / {key}", says=f"[{last_level(key) or key}] {says}",
        )


@identity(
    "three_public_total",
    ERROR,
    "三公 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费, for every fund",
    PER_ROW,
    "a misread 三公 item, or an item row read as another",
    THREE_PUBLIC_KINDS,
)
def three_public_total(inputs: Inputs):
    for table in inputs.all_tables(*THREE_PUBLIC_KINDS):
        yield from _item_sum("three_public_total", item_grid(table), "total",
                             ("outbound_travel", "official_reception", "vehicle_total"),
                             "合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费")


@identity(
    "three_public_vehicles",
    ERROR,
    "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费, for every fund",
    PER_ROW,
    "a misread vehicle amount",
    THREE_PUBLIC_KINDS,
)
def three_public_vehicles(inputs: Inputs):
    for table in inputs.all_tables(*THREE_PUBLIC_KINDS):
        yield from _item_sum("three_public_vehicles", item_grid(table), "vehicle_total",
                             ("vehicle_purchase", "vehicle_operation"), "公务用车购置及运行费 = 购置费 + 运行维护费")


def operating_cost_figure(inputs: Inputs) -> tuple[Decimal, Table, Row | None, str | None] | None:
    """(部门合计 of 机关运行经费, table, row, column): from its own table, or the combined one."""
    table = inputs.table("operating_cost")
    if table is not None:
        col = total_column(table)
        rows = [r for r in table.rows if col in r.cells]
        row = next((r for r in rows if is_total_text(r.label)), rows[0] if rows else None)
        return (row.get(col) if row else ZERO), table, row, col
    table = inputs.table("three_public_operating_cost")
    if table is not None:
        grid = item_grid(table)
        items = grid.cells.get(grid.total_key or "", {})
        if "operating_cost" in items:
            return items["operating_cost"][0], table, None, grid.total_key
    return None


@identity(
    "operating_cost_units",
    ERROR,
    "机关运行经费表: 部门合计 = Σ unit rows, in every column",
    PER_ROW,
    "a misread unit amount or total",
    ("operating_cost",),
)
def operating_cost_units(inputs: Inputs):
    for table in inputs.all_tables("operating_cost"):
        total = next((r for r in table.rows if is_total_text(r.label)), None)
        units = [r for r in table.rows if r is not total]
        if total is None or not units:
            continue
        for col in table.columns:
            yield compare(
                "operating_cost_units",
                expected=sum((r.get(col) for r in units), ZERO),
                actual=total.get(col),
                n_terms=nonblank(r.cells.get(col) for r in units),
                step=table.step, unit=table.unit, table_kind=table.kind,
                page=total.pages.get(col, total.page_number),
                subject=f"{total.label} / {col}",
                says=f"{total.label} [{last_level(col)}] = Σ {len(units)} units",
            )


@identity(
    "operating_cost_matches_public_funds",
    WARN,
    "机关运行经费 部门合计 = 经济科目表 合计 [公用经费]",
    ONE_STEP,
    "a misread operating cost; differs legitimately where 事业单位 not under 参公 carry 公用经费",
    ("operating_cost", "three_public_operating_cost", "basic_expenditure_economic"),
)
def operating_cost_matches_public_funds(inputs: Inputs):
    figure, ec = operating_cost_figure(inputs), inputs.table("basic_expenditure_economic")
    if figure is None or ec is None:
        return
    value, table, row, col = figure
    total, public = total_row(ec), type_column(ec, "公用经费")
    if total is None or public is None:
        return
    yield _cross("operating_cost_matches_public_funds", expected=total.get(public), actual=value, n=1,
                 tables=(table, ec), at=table, row=row, column=col, subject="部门合计",
                 says="机关运行经费 部门合计 = 经济科目表 公用经费")


@identity(
    "three_public_covers_economic_items",
    WARN,
    "经济科目表 item 因公出国（境）费 / 公务接待费 / 公务用车运行维护费 ≤ the 三公 item [一般公共预算]",
    ONE_STEP,
    "a 三公 item printed smaller than the basic expenditure on that item alone",
    ("basic_expenditure_economic", "three_public", "three_public_operating_cost"),
)
def three_public_covers_economic_items(inputs: Inputs):
    ec = inputs.table("basic_expenditure_economic")
    tp = inputs.table(*THREE_PUBLIC_KINDS)
    if ec is None or tp is None:
        return
    grid = item_grid(tp)
    fund_key = next((k for k in grid.cells if fund_of(k) == "general_public_budget"), grid.total_key)
    tp_items = grid.cells.get(fund_key or "", {})
    total = total_column(ec)
    step, unit = coarser(ec, tp)
    for row in ec.rows:
        item = item_of(row.label) if row.secondary else None
        if item not in ("outbound_travel", "official_reception", "vehicle_operation"):
            continue
        spent = row.get(total)
        covered = tp_items.get(item, (ZERO, None))[0]
        yield CheckResult(
            check_name="three_public_covers_economic_items",
            severity=WARN,
            passed=spent <= covered + step,
            expected=covered,
            actual=spent,
            table_kind=ec.kind,
            page_number=row.pages.get(total, row.page_number),
            subject=row.label,
            detail=f"经济科目表 {row.label} {fmt(spent, unit)} ≤ 三公 {row.label} {fmt(covered, unit)} {unit}",
        )


# ------------------------------------------------------------------------------------------------
# 项目支出预算表: department row = Σ projects = Σ unit rows; unit row = Σ its projects


@dataclass
class ProjectReading:
    department: int | None  # index (in the table's row list) of the department total row
    groups: list[tuple[int | None, list[int]]]  # (unit row index or None, project row indices)


def _unit_groups(values: list[Decimal], start: int, step: Decimal) -> list[tuple[int, list[int]]] | None:
    """values[start:] as (unit row, ≥1 projects summing to it) repeated; None if no such reading.

    Dynamic programming from the end, so a project that equals a later unit's amount cannot
    derail the reading; of several readings the one with the smallest total 尾差 wins.
    """
    n = len(values)
    best: dict[int, tuple[Decimal, list[tuple[int, list[int]]]]] = {n: (ZERO, [])}
    for p in range(n - 2, start - 1, -1):
        running, options = ZERO, []
        for end in range(p + 2, n + 1):
            running += values[end - 1]
            if end in best and abs(values[p] - running) <= tolerance(end - p - 1, step):
                cost, rest = best[end]
                options.append((cost + abs(values[p] - running), -end, [(p, list(range(p + 1, end))), *rest]))
        if options:
            cost, _, groups = min(options, key=lambda o: (o[0], o[1]))
            best[p] = (cost, groups)
    found = best.get(start)
    return found[1] if found else None


def read_projects(values: list[Decimal], step: Decimal) -> ProjectReading | None:
    """How a project table's rows read, told apart by arithmetic (names repeat: a department with
    one unit prints its own name twice). First that reconciles: department row over unit rows;
    department row over projects. None when no reading adds up."""
    n = len(values)
    if n >= 3:
        units = _unit_groups(values, 1, step)
        if units and abs(values[0] - sum((values[u] for u, _ in units), ZERO)) <= tolerance(len(units), step):
            return ProjectReading(0, [(u, ps) for u, ps in units])
    if n >= 2 and abs(values[0] - sum(values[1:], ZERO)) <= tolerance(n - 1, step):
        return ProjectReading(0, [(None, list(range(1, n)))])
    return None


PROJECT_KINDS = ("project_expenditure", "project_carryover")


@identity(
    "project_table_total",
    ERROR,
    "项目支出表: department row = Σ unit rows = Σ projects; each unit row = Σ its projects; every column",
    PER_ROW,
    "a misread project amount, a project lost at a page break, a wrapped name split into two rows",
    PROJECT_KINDS,
)
def project_table_total(inputs: Inputs):
    name = "project_table_total"
    for table in inputs.all_tables(*PROJECT_KINDS):
        rows = table.rows
        if len(rows) < 2:
            continue
        total = total_column(table)
        # The reading comes from the first column that reconciles (合计 first), so one misread
        # cell in 合计 still leaves the rows understood and pinpointed in that column.
        order = [total] + [c for c in table.columns if c != total]
        reading = next((r for c in order if (r := read_projects([row.get(c) for row in rows], table.step))), None)
        if reading is None:
            values = [row.get(total) for row in rows]
            first = rows[0]
            yield compare(
                name, expected=sum(values[1:], ZERO), actual=values[0], n_terms=len(rows) - 1, step=table.step,
                unit=table.unit, table_kind=table.kind, page=first.page_number, subject=f"{first.label} / {total}",
                says=f"{first.label}: no reading of department, unit and project rows adds up "
                "(expected shown: Σ of all rows below it)",
            )
            continue
        dept = rows[reading.department]
        for col in table.columns:
            for unit_index, projects in reading.groups:
                if unit_index is None:
                    continue
                unit = rows[unit_index]
                yield compare(
                    name, expected=sum((rows[i].get(col) for i in projects), ZERO), actual=unit.get(col),
                    n_terms=nonblank(rows[i].cells.get(col) for i in projects), step=table.step, unit=table.unit,
                    table_kind=table.kind, page=unit.pages.get(col, unit.page_number),
                    subject=f"unit {unit.label} (row {unit.row_index}) / {col}",
                    says=f"unit {unit.label} [{last_level(col)}] = Σ {len(projects)} projects",
                )
            covered = [u if u is not None else i for u, ps in reading.groups for i in ([u] if u is not None else ps)]
            yield compare(
                name, expected=sum((rows[i].get(col) for i in covered), ZERO), actual=dept.get(col),
                n_terms=nonblank(rows[i].cells.get(col) for i in covered), step=table.step, unit=table.unit,
                table_kind=table.kind, page=dept.pages.get(col, dept.page_number),
                subject=f"department {dept.label} / {col}",
                says=f"department {dept.label} [{last_level(col)}] = Σ {len(covered)} "
                + ("units" if any(u is not None for u, _ in reading.groups) else "projects"),
            )


@identity(
    "project_expenditure_matches_fund_tables",
    ERROR,
    "项目支出表（本年）department row [一般公共预算] = 一般公共预算支出表 合计 [项目支出]; [政府性基金] = 政府性基金支出表 [项目支出]",
    ONE_STEP,
    "a project table read short, or a misread project total",
    ("project_expenditure", "general_budget_expenditure", "government_fund_expenditure"),
)
def project_expenditure_matches_fund_tables(inputs: Inputs):
    pe = inputs.table("project_expenditure")
    if pe is None or not pe.rows:
        return
    dept = pe.rows[0]
    for fund, kind in (("general_public_budget", "general_budget_expenditure"), ("government_fund", "government_fund_expenditure")):
        other = inputs.table(kind)
        col = next((c for c in pe.columns if fund_of(c) == fund), None)
        if other is None:
            continue
        trow, pcol = total_row(other), type_column(other, "项目支出")
        expected = trow.get(pcol) if trow is not None and pcol else ZERO
        actual = dept.get(col)
        if not expected and not actual:
            continue
        yield _cross("project_expenditure_matches_fund_tables", expected=expected, actual=actual, n=1,
                     tables=(pe, other), at=pe, row=dept, column=col, subject=f"{dept.label} / {col or fund}",
                     says=f"项目支出表 [{fund}] = {kind} 合计 [项目支出]")


@identity(
    "project_tables_match_expenditure_summary",
    WARN,
    "支出总表 合计 [项目支出] = 项目支出表（本年）合计 + 项目支出表（上年结转）合计",
    PER_ROW,
    "a project table read short; differs legitimately where carried-over 单位资金 projects are not listed",
    ("expenditure_summary", "project_expenditure", "project_carryover"),
)
def project_tables_match_expenditure_summary(inputs: Inputs):
    es = inputs.table("expenditure_summary")
    projects = [inputs.table(k) for k in PROJECT_KINDS]
    if es is None or not any(projects):
        return
    trow, pcol = total_row(es), type_column(es, "项目支出")
    if trow is None or pcol is None:
        return
    firsts = [(t, t.rows[0]) for t in projects if t is not None and t.rows]
    expected = sum((r.get(total_column(t)) for t, r in firsts), ZERO)
    yield _cross("project_tables_match_expenditure_summary", expected=expected, actual=trow.get(pcol),
                 n=len(firsts), tables=(es, *projects), at=es, row=trow, column=pcol, subject="合计 / 项目支出",
                 says="支出总表 项目支出 = 项目支出表 本年 + 上年结转")


# ------------------------------------------------------------------------------------------------
# Codes and tables present


@lru_cache(maxsize=1)
def reference_function_codes() -> frozenset[str]:
    frame = pl.read_csv(REFERENCE_DIR / "function_classification.csv", schema_overrides={"code": pl.String})
    return frozenset(frame["code"].to_list())


@identity(
    "function_code_known",
    WARN,
    "every printed function code is in data/reference/function_classification.csv",
    "exact",
    "a code misread by a digit, or a code our (partial) reference list lacks",
    CODED_KINDS,
)
def function_code_known(inputs: Inputs):
    known = reference_function_codes()
    seen: dict[str, tuple[Table, Row]] = {}
    for table in inputs.all_tables(*CODED_KINDS):
        for code, row in coded_rows(table).items():
            seen.setdefault(code, (table, row))
    for code, (table, row) in sorted(seen.items()):
        yield CheckResult(
            check_name="function_code_known",
            severity=WARN,
            passed=code in known,
            table_kind=table.kind,
            page_number=row.page_number,
            subject=code,
            detail=f"{row.describe()}: " + ("in the reference list" if code in known else "not in the reference list"),
        )


# The tables every disclosure prints, by what they hold (templates differ in number, not in these).
CORE_TABLES: tuple[tuple[str, ...], ...] = (
    ("budget_summary",),
    ("revenue_summary",),
    ("expenditure_summary",),
    ("fiscal_grant_summary",),
    ("general_budget_expenditure",),
    ("basic_expenditure_economic",),
    ("three_public", "three_public_operating_cost"),
    ("operating_cost", "three_public_operating_cost"),
    ("project_expenditure",),
)


@identity(
    "core_tables_found",
    WARN,
    "the tables every disclosure prints were found with figures (收支总表 … 项目支出表)",
    "exact",
    "a table the page index or camelot missed: its identities and facts would silently be absent",
    tuple(k for group in CORE_TABLES for k in group),
)
def core_tables_found(inputs: Inputs):
    for kinds in CORE_TABLES:
        found = any(inputs.tables.get(k) for k in kinds)
        # 三公 and 机关运行经费 tables print nothing when the department has none ("本表无数据"),
        # so their absence from the staged amounts is not a finding on its own.
        if not found and kinds[0] in ("three_public", "operating_cost"):
            continue
        yield CheckResult(
            check_name="core_tables_found",
            severity=WARN,
            passed=found,
            table_kind=kinds[0],
            subject=" / ".join(kinds),
            detail=f"{' or '.join(kinds)}: " + ("found" if found else "no amounts staged"),
        )


# ------------------------------------------------------------------------------------------------
# Narrative figures: with each other, and with the tables they describe


def _stated(inputs: Inputs, fact: str) -> Stated | None:
    return inputs.stated.get(fact)


def _narrative_result(name: str, severity: str, *, expected: Decimal, actual: Decimal, tol: Decimal, unit: str,
                      page: int | None, subject: str, says: str, table_kind: str | None = None) -> CheckResult:
    diff = actual - expected
    detail = f"{says}: printed {fmt(actual, unit)}, expected {fmt(expected, unit)} {unit}"
    detail += f", difference {fmt(diff, unit)} (tolerance {fmt(tol, unit)})" if diff else ""
    return CheckResult(check_name=name, severity=severity, passed=abs(diff) <= tol, expected=expected, actual=actual,
                       table_kind=table_kind, page_number=page, subject=subject, detail=detail)


def _parts_identity(name: str, severity: str, inputs: Inputs, whole: str, parts: tuple[str, ...], says: str):
    w = _stated(inputs, whole)
    ps = [_stated(inputs, p) for p in parts]
    if w is None or any(p is None for p in ps):
        return
    yield _narrative_result(name, severity, expected=sum((p.value for p in ps), ZERO), actual=w.value,
                            tol=w.step * len(ps), unit=w.unit, page=w.page, subject=whole, says=says)


@identity(
    "procurement_parts",
    ERROR,
    "政府采购 总额 = 货物 + 工程 + 服务 (narrative)",
    "0.01 of the stated unit per summed figure",
    "a misread procurement figure (goods/works/services are loaded as facts)",
    ("narrative",),
)
def procurement_parts(inputs: Inputs):
    return _parts_identity("procurement_parts", ERROR, inputs, "procurement_total",
                           ("procurement_goods", "procurement_works", "procurement_services"),
                           "政府采购预算总额 = 货物 + 工程 + 服务")


def _narrative_vs_table(name: str, inputs: Inputs, fact: str, table_value: Decimal, table: Table, page: int | None,
                        says: str):
    s = _stated(inputs, fact)
    if s is None:
        return None
    step = max(s.step, table.step)
    return _narrative_result(name, WARN, expected=table_value, actual=s.value, tol=step, unit=s.unit, page=s.page,
                             subject=fact, says=says, table_kind=table.kind)


@identity(
    "narrative_expenditure_matches_table",
    WARN,
    "narrative 支出预算 total / 基本支出 / 项目支出 = 支出总表 合计 row",
    ONE_STEP,
    "prose written from another version of the tables, or a misread table total",
    ("narrative", "expenditure_summary"),
)
def narrative_expenditure_matches_table(inputs: Inputs):
    es = inputs.table("expenditure_summary")
    trow = total_row(es) if es else None
    if trow is None:
        return
    for fact, col, what in (
        ("expenditure_total", total_column(es), "合计"),
        ("expenditure_basic", type_column(es, "基本支出"), "基本支出"),
        ("expenditure_project", type_column(es, "项目支出"), "项目支出"),
    ):
        r = _narrative_vs_table("narrative_expenditure_matches_table", inputs, fact, trow.get(col), es,
                                trow.pages.get(col) if col else None, f"narrative {fact} = 支出总表 {what}")
        if r is not None:
            yield r


@identity(
    "narrative_expenditure_consistent",
    WARN,
    "narrative 基本支出 + 项目支出 = 支出预算; stated shares = amount / total × 100",
    "0.01 of the stated unit per summed figure; shares 0.01 percentage point",
    "a self-contradicting paragraph (or a misread narrative figure)",
    ("narrative",),
)
def narrative_expenditure_consistent(inputs: Inputs):
    yield from _parts_identity("narrative_expenditure_consistent", WARN, inputs, "expenditure_total",
                               ("expenditure_basic", "expenditure_project"), "支出预算 = 基本支出 + 项目支出")
    total = _stated(inputs, "expenditure_total")
    for part in ("basic", "project"):
        amount, share = _stated(inputs, f"expenditure_{part}"), _stated(inputs, f"expenditure_{part}_share")
        if total is None or amount is None or share is None or not total.value:
            continue
        yield _share_result("narrative_expenditure_consistent", amount.value, total.value, share,
                            f"expenditure_{part}_share", f"{part} share = {part} / total × 100")


def _share_result(name: str, part: Decimal, whole: Decimal, share: Stated, subject: str, says: str) -> CheckResult:
    computed = part / whole * 100
    # printed to 0.01 %: rounding leaves up to 0.005; one more 0.005 for departments that truncate
    return _narrative_result(name, WARN, expected=computed, actual=share.value, tol=Decimal("0.01"), unit="%",
                             page=share.page, subject=subject, says=says)


_THREE_PUBLIC_FACTS = (
    ("total", "total"),
    ("outbound_travel", "outbound_travel"),
    ("official_reception", "official_reception"),
    ("vehicle_total", "vehicle_total"),
    ("vehicle_purchase", "vehicle_purchase"),
    ("vehicle_operation", "vehicle_operation"),
)


@identity(
    "narrative_three_public_matches_table",
    WARN,
    "narrative 三公 total and each item = the 三公 table's 合计 column",
    ONE_STEP,
    "prose written from another version of the tables, or a misread 三公 table",
    ("narrative", "three_public", "three_public_operating_cost"),
)
def narrative_three_public_matches_table(inputs: Inputs):
    tp = inputs.table(*THREE_PUBLIC_KINDS)
    if tp is None:
        # "本表无数据": nothing staged, so every item is 0 — still comparable with the prose.
        return
    grid = item_grid(tp)
    items = grid.cells.get(grid.total_key or "", {})
    if "total" not in items and items:
        items = {**items, "total": (sum((items.get(k, (ZERO, 0))[0] for k in ("outbound_travel", "official_reception", "vehicle_total")), ZERO), None)}
    for item, fact_item in _THREE_PUBLIC_FACTS:
        value, page = items.get(item, (ZERO, None))
        r = _narrative_vs_table("narrative_three_public_matches_table", inputs, f"three_public_{fact_item}", value, tp,
                                page, f"narrative three_public_{fact_item} = 三公表 {item}")
        if r is not None:
            yield r


@identity(
    "narrative_three_public_consistent",
    WARN,
    "narrative 三公 total = 出国 + 接待 + 公务用车; 公务用车 = 购置 + 运行维护; each item: current − prior = change, change / prior = rate",
    "0.01 of the stated unit per summed figure; rates 0.01 percentage point",
    "a self-contradicting 三公 paragraph",
    ("narrative",),
)
def narrative_three_public_consistent(inputs: Inputs):
    name = "narrative_three_public_consistent"
    yield from _parts_identity(name, WARN, inputs, "three_public_total",
                               ("three_public_outbound_travel", "three_public_official_reception", "three_public_vehicle_total"),
                               "三公 = 出国 + 接待 + 公务用车购置及运行费")
    yield from _parts_identity(name, WARN, inputs, "three_public_vehicle_total",
                               ("three_public_vehicle_purchase", "three_public_vehicle_operation"),
                               "公务用车购置及运行费 = 购置费 + 运行维护费")
    for item, _ in _THREE_PUBLIC_FACTS:
        yield from _change_identity(name, inputs, f"three_public_{item}")


def _change_identity(name: str, inputs: Inputs, base: str):
    """current − prior = change, and change / prior × 100 = rate, where the prose prints them.

    Priors the narrative reader *derived* from the change (three_public_total) make the first
    identity trivially true; the rate is then still checked against them."""
    current, prior = _stated(inputs, base), _stated(inputs, f"{base}_prior_year")
    change, rate = _stated(inputs, f"{base}_change"), _stated(inputs, f"{base}_change_pct")
    if current is not None and prior is not None and change is not None:
        yield _narrative_result(name, WARN, expected=current.value - prior.value, actual=change.value,
                                tol=current.step * 2, unit=change.unit, page=change.page, subject=f"{base}_change",
                                says=f"{base}: change = current − prior")
    if prior is not None and rate is not None and prior.value:
        reference = current.value - prior.value if current is not None else (change.value if change else None)
        if reference is not None:
            yield _share_result(name, reference, prior.value, rate, f"{base}_change_pct",
                                f"{base}: rate = (current − prior) / prior × 100")


@identity(
    "narrative_operating_cost_matches_table",
    WARN,
    "narrative 机关运行经费 = 机关运行经费表 部门合计 (or 经济科目表 公用经费 where no such table)",
    ONE_STEP,
    "prose written from another version of the tables, or a misread operating-cost table",
    ("narrative", "operating_cost", "three_public_operating_cost", "basic_expenditure_economic"),
)
def narrative_operating_cost_matches_table(inputs: Inputs):
    figure = operating_cost_figure(inputs)
    if figure is not None:
        value, table, row, col = figure
        page = row.pages.get(col) if row is not None and col else table.first_page()
        what = "机关运行经费表 部门合计"
    else:
        ec = inputs.table("basic_expenditure_economic")
        total = total_row(ec) if ec else None
        public = type_column(ec, "公用经费") if ec else None
        if total is None or public is None:
            return
        value, table, page, what = total.get(public), ec, total.pages.get(public), "经济科目表 公用经费"
    r = _narrative_vs_table("narrative_operating_cost_matches_table", inputs, "operating_cost", value, table, page,
                            f"narrative 机关运行经费 = {what}")
    if r is not None:
        yield r


@identity(
    "narrative_operating_cost_consistent",
    WARN,
    "narrative 机关运行经费: current − prior = change; change / prior × 100 = rate",
    "0.01 of the stated unit per summed figure; rates 0.01 percentage point",
    "a self-contradicting 机关运行经费 paragraph",
    ("narrative",),
)
def narrative_operating_cost_consistent(inputs: Inputs):
    return _change_identity("narrative_operating_cost_consistent", inputs, "operating_cost")


_VEHICLE_TYPES = (
    "leadership", "confidential_communication", "emergency", "law_enforcement",
    "special_professional", "institution_business", "general", "other",
)


@identity(
    "vehicles_by_type",
    WARN,
    "narrative 车辆 total = Σ vehicles by type; total ≤ 编制 quota",
    "exact (counts)",
    "a misread vehicle count, or more vehicles held than the quota allows",
    ("narrative",),
)
def vehicles_by_type(inputs: Inputs):
    total = _stated(inputs, "vehicles_total")
    if total is None:
        return
    types = [s for t in _VEHICLE_TYPES if (s := _stated(inputs, f"vehicles_{t}")) is not None]
    if types:
        yield _narrative_result("vehicles_by_type", WARN, expected=sum((s.value for s in types), ZERO),
                                actual=total.value, tol=ZERO, unit=total.unit, page=total.page,
                                subject="vehicles_total", says=f"车辆 total = Σ {len(types)} types")
    quota = _stated(inputs, "vehicles_quota")
    if quota is not None:
        yield CheckResult(
            check_name="vehicles_by_type", severity=WARN, passed=total.value <= quota.value, expected=quota.value,
            actual=total.value, page_number=total.page, subject="vehicles_quota",
            detail=f"车辆 held {total.value.normalize():f} ≤ 编制 {quota.value.normalize():f} {total.unit}",
        )
