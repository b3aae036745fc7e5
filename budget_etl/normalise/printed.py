"""Printed subtotal rows as the PDF shows them: the rows of fact_printed_total.

The facts keep only the most detailed printed rows, so SUM over them never double counts; the
subtotal rows above them (合计, 类 and 款 rows, department and unit rows of the project tables,
公务用车购置及运行费, 部门合计) and the total rows of 表一 预算收支总表 are left out. Their sums can
differ from what the PDF prints by the publisher's rounding (尾差), and an analyst quoting a
budget's total must quote the printed figure, so every subtotal row the normaliser recognises is
kept here, each cell as printed, in yuan.

Which rows are subtotals is decided where the normaliser reconciles them with the rows they
cover (reconcile.py): every recognised subtotal passes through there, whatever table it is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from budget_etl.normalise.names import clean_name
from budget_etl.normalise.rows import Row
from schemas.frames import FRAME_SCHEMAS

SCHEMA = FRAME_SCHEMAS["fact_printed_total"]


@dataclass
class PrintedTotals:
    """The printed subtotal cells seen so far, each once (a row may be reconciled twice)."""

    cells: dict[tuple, dict] = field(default_factory=dict)

    def keep_row(self, row: Row) -> None:
        """Every cell printed on a subtotal row, whatever its column means."""
        for column, amount in row.cells.items():
            self.keep_cell(
                table_kind=row.table_kind,
                table_seq=row.table_seq,
                row_index=row.row_index,
                row_label=row.label,
                function_code=row.code,
                column_label=column,
                amount_yuan=amount,
                page_number=row.pages.get(column, row.page_number),
            )

    def keep_cell(
        self,
        *,
        table_kind: str,
        table_seq: int,
        row_index: int,
        row_label: str | None,
        function_code: str | None,
        column_label: str | None,
        amount_yuan: Decimal,
        page_number: int,
    ) -> None:
        key = (table_seq, row_index, row_label, function_code, column_label)
        self.cells.setdefault(
            key,
            {
                "table_kind": table_kind,
                "row_label": clean_name(row_label),
                "function_code": function_code,
                "column_label": column_label or "",
                "amount_yuan": amount_yuan,
                "page_number": page_number,
                "row_index": row_index,
            },
        )

    def frame(self) -> pl.DataFrame:
        """In document order: table by table, row by row."""
        ordered = [self.cells[k] for k in sorted(self.cells, key=lambda k: (k[0], k[1]))]
        return pl.DataFrame(ordered, schema=SCHEMA)
