"""One check outcome, and the frame of outcomes that becomes ``quality_check_result`` rows.

Amounts in a result are exact yuan (Decimal), whatever unit the table printed, so figures from
a 万元 table and a 元 table compare directly and the warehouse column means one thing.
Severities are the warehouse's lowercase values: ``error`` blocks the document's facts,
``warn`` is recorded and the facts load.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from schemas.frames import CHECK_RESULT

ERROR = "error"
WARN = "warn"
SEVERITIES = (ERROR, WARN)

# The columns of quality_check_result that a check supplies: the contract in schemas/frames.py.
RESULT_SCHEMA = CHECK_RESULT

_FEN = Decimal("0.01")


@dataclass(frozen=True)
class CheckResult:
    """One evaluated instance of a check: one identity on one row/column, one expectation."""

    check_name: str
    severity: str
    passed: bool
    expected: Decimal | None = None  # yuan
    actual: Decimal | None = None  # yuan
    table_kind: str | None = None
    page_number: int | None = None
    subject: str | None = None  # what was checked: a row, a code, a column
    detail: str | None = None  # one line: the identity with its printed figures

    @property
    def difference(self) -> Decimal | None:
        """actual − expected, as the warehouse column defines it."""
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected


def _fen(value: Decimal | None) -> Decimal | None:
    # Yuan figures derived from 万元 are whole fen; rounding here only guards narrative
    # percentages, which never reach these columns.
    return None if value is None else value.quantize(_FEN)


def results_frame(results: list[CheckResult]) -> pl.DataFrame:
    """The results as a frame with RESULT_SCHEMA, in the order given."""
    rows = [
        {
            "check_name": r.check_name,
            "severity": r.severity,
            "passed": r.passed,
            "expected": _fen(r.expected),
            "actual": _fen(r.actual),
            "difference": _fen(r.difference),
            "table_kind": r.table_kind,
            "page_number": r.page_number,
            "subject": r.subject,
            "detail": r.detail,
        }
        for r in results
    ]
    return pl.DataFrame(rows, schema=RESULT_SCHEMA)


def status_of(results: pl.DataFrame) -> str:
    """passed / warned / failed: the worst outcome (dim_document.quality_status)."""
    failed = results.filter(~pl.col("passed"))
    if failed.filter(pl.col("severity") == ERROR).height:
        return "failed"
    if failed.height:
        return "warned"
    return "passed"
