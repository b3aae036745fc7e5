"""One named check's outcome, summarised from its result rows: what a Dagster check shows.

Plain data, no Dagster: ``assets/quality.py`` turns a ``CheckSummary`` into an AssetCheckResult.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from budget_etl.quality.results import ERROR, WARN

# Failing rows listed in a check's metadata (the count is always complete).
MAX_LISTED = 20


@dataclass(frozen=True)
class CheckSummary:
    check_name: str
    severity: str  # ERROR if an error-severity row failed, else the declared severity
    passed: bool
    evaluated: int  # result rows (instances) of this check
    failed: int
    failures: pl.DataFrame  # the failing rows, largest difference first
    worst: dict | None  # the first of ``failures``
    largest_rounding: Decimal | None  # largest |difference| among passing rows: the 尾差 seen

    @property
    def applicable(self) -> bool:
        return self.evaluated > 0


def summarise(results: pl.DataFrame, check_name: str, declared_severity: str = ERROR) -> CheckSummary:
    rows = results.filter(pl.col("check_name") == check_name)
    failing = rows.filter(~pl.col("passed")).sort(pl.col("difference").abs(), descending=True, nulls_last=True)
    severity = declared_severity
    if failing.height:
        severity = ERROR if failing.filter(pl.col("severity") == ERROR).height else WARN
    passing = rows.filter(pl.col("passed") & pl.col("difference").is_not_null())
    largest = passing["difference"].abs().max() if passing.height else None
    return CheckSummary(
        check_name=check_name,
        severity=severity,
        passed=failing.height == 0,
        evaluated=rows.height,
        failed=failing.height,
        failures=failing,
        worst=failing.row(0, named=True) if failing.height else None,
        largest_rounding=largest if largest else None,
    )


def failures_table(summary: CheckSummary) -> pl.DataFrame:
    """The failing rows as a small table for the UI: where, what was compared, the one-liner."""
    return summary.failures.head(MAX_LISTED).select(
        "severity", "table_kind", "page_number", "subject", "expected", "actual", "difference", "detail"
    )
