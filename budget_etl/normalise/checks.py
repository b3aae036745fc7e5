"""Findings of the normaliser as quality_check_result rows (see schemas/warehouse.sql).

Normalisation never drops a figure silently: what it cannot place (an invalid code, an unknown
column, an unresolvable economic name, a subtotal that does not reconcile) becomes a finding.
Each check that ran also leaves one passing row when it found nothing, so an analyst can tell
"checked, fine" from "not checked".

A difference within the rounding tolerance (尾差: a printed 合计 0.01 万元 off the sum of its
rows) is how budgets are printed, not a fault: it is recorded as a *passing* row that still
carries expected, actual and difference, so ``WHERE difference <> 0`` lists every 尾差 while the
document's quality_status stays ``passed``. Only a difference beyond the tolerance fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from budget_etl.normalise.labels import is_total_column
from budget_etl.normalise.printed import PrintedTotals
from budget_etl.normalise.rows import Row
from schemas.frames import CHECK_RESULT

# check name -> (severity, what a passing row says)
CHECKS: dict[str, tuple[str, str]] = {
    "function_code_valid": ("error", "every printed function code has 3, 5 or 7 digits"),
    "function_code_in_reference": ("warn", "every function code is in the reference list"),
    "function_row_has_code": ("warn", "every detail row of a coded table carries a function code"),
    "column_recognised": ("warn", "every amount column has a known meaning"),
    "economic_name_resolved": ("warn", "every economic name resolved to a code in both schemes"),
    "project_subtotals_reconcile": ("warn", "the department and unit rows of project tables were recognised"),
    "project_row_sources_sum_to_total": ("warn", "each project's funding sources add up to its 合计, up to rounding"),
    "three_public_row_recognised": ("warn", "every 三公 row is a known item or subtotal"),
    "fact_grain_unique": ("error", "no two figures share one fact grain"),
    "printed_total_reconciles": ("error", "every printed total equals the sum of its fact rows, up to rounding"),
}


@dataclass
class Findings:
    rows: list[dict] = field(default_factory=list)
    ran: set[str] = field(default_factory=set)
    reported: set[tuple] = field(default_factory=set)  # for findings reported once per key
    # The printed subtotal rows reconciled along the way (fact_printed_total). They ride here
    # because every normaliser already receives its Findings, and every subtotal it recognises
    # is reconciled (reconcile.py): that is the one place that knows a row is a subtotal.
    printed: PrintedTotals = field(default_factory=PrintedTotals)

    def ran_check(self, name: str) -> None:
        self.ran.add(name)

    def add(
        self,
        name: str,
        *,
        subject: str | None = None,
        detail: str | None = None,
        table_kind: str | None = None,
        page_number: int | None = None,
        expected: Decimal | None = None,
        actual: Decimal | None = None,
        passed: bool = False,
    ) -> None:
        """One result row; ``passed=True`` records a comparison that holds within its tolerance
        but is worth seeing (a 尾差 with its exact difference)."""
        severity, _ = CHECKS[name]
        self.ran.add(name)
        difference = actual - expected if expected is not None and actual is not None else None
        self.rows.append(
            {
                "check_name": name,
                "severity": severity,
                "passed": passed,
                "expected": expected,
                "actual": actual,
                "difference": difference,
                "table_kind": table_kind,
                "page_number": page_number,
                "subject": subject,
                "detail": detail,
            }
        )

    def frame(self) -> pl.DataFrame:
        # A check with rows of its own (failed, or passed with a difference) needs no summary row.
        with_rows = {r["check_name"] for r in self.rows}
        passing = [
            {"check_name": n, "severity": CHECKS[n][0], "passed": True, "detail": CHECKS[n][1]}
            for n in sorted(self.ran - with_rows)
        ]
        return pl.DataFrame(self.rows + passing, schema=CHECK_RESULT)


def classified_cells(
    row: Row, classify: Callable[[str], str | None], findings: Findings, what: str
) -> Iterator[tuple[str, Decimal, int]]:
    """(class, amount in yuan, page) of each amount cell of ``row`` whose column ``classify`` names.

    An amount under a column it does not know (and that is not a total column) is reported as
    ``column_recognised``, never dropped silently; ``what`` names the row in the report.
    """
    for column, amount in row.cells.items():
        kind = classify(column)
        if kind is None:
            if not is_total_column(column):
                findings.add(
                    "column_recognised",
                    subject=column,
                    table_kind=row.table_kind,
                    page_number=row.pages[column],
                    actual=amount,
                    detail=f"amount under an unrecognised column left out ({what} {row.label!r})",
                )
            continue
        yield kind, amount, row.pages[column]
