"""Staged long cells back into printed rows, for the logic that reads rows in order.

Subtotal detection, category rows above economic items and unit rows above projects depend on
the printed order, which a long table of cells does not show directly. A row is the cells of
one (table_seq, row_index) and one row key (code, label, secondary label), in yuan, keyed by
their column label: a two-sided table (收入 left, 支出 right on one printed row) stages each
side with its own key, so each side is its own row here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from budget_etl.normalise.amounts import NormaliseError


@dataclass
class Row:
    table_kind: str
    table_seq: int
    row_index: int
    page_number: int
    label: str
    secondary: str | None
    code: str | None
    unit: str = "万元"
    cells: dict[str, Decimal] = field(default_factory=dict)  # column_label -> amount_yuan
    pages: dict[str, int] = field(default_factory=dict)  # column_label -> page


def printed_tables(staged: pl.DataFrame, kinds: tuple[str, ...]) -> list[list[Row]]:
    """The tables of ``kinds`` (one list of rows each, in printed order), in document order.

    ``staged`` must carry ``amount_yuan`` (see amounts.with_yuan).
    """
    frame = staged.filter(pl.col("table_kind").is_in(list(kinds))).sort("table_seq", "row_index", maintain_order=True)
    tables: dict[int, dict[tuple, Row]] = {}
    for cell in frame.iter_rows(named=True):
        rows = tables.setdefault(cell["table_seq"], {})
        key = (cell["row_index"], cell["function_code"], cell["row_label"], cell["row_label_secondary"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(
                table_kind=cell["table_kind"],
                table_seq=cell["table_seq"],
                row_index=cell["row_index"],
                page_number=cell["page_number"],
                label=cell["row_label"] or "",
                secondary=cell["row_label_secondary"] or None,
                code=cell["function_code"] or None,
                unit=cell["unit"],
            )
        label = cell["column_label"] or ""
        if label in row.cells:
            # Two cells of one row under one column label: the header was not resolved apart.
            raise NormaliseError(f"table {cell['table_seq']} row {cell['row_index']}: two cells under {label!r}")
        row.cells[label] = cell["amount_yuan"]
        row.pages[label] = cell["page_number"]
        row.page_number = min(row.page_number, cell["page_number"])
    # dicts keep insertion order: cells arrive sorted by row_index, sides in staging order
    return [list(rows.values()) for _, rows in sorted(tables.items())]
