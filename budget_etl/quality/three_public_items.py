"""The "三公" table (and the combined 三公 + 机关运行经费 table) as item × fund figures.

Shanxi prints one row per item and the funds in columns; the national template prints one row
per fund (or just the department) and the items in (grouped) columns. Both read into one grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from budget_etl.quality.reading import total_column
from budget_etl.quality.registry import ZERO, Inputs
from budget_etl.quality.staged_rows import Row, Table, bare, is_total_text, last_level, levels


_ITEM_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("operating_cost", lambda t: "机关运行" in t),
    ("vehicle_total", lambda t: "购置及运行" in t or "购置和运行" in t or "购置及运维" in t),
    ("vehicle_purchase", lambda t: "购置" in t),
    ("vehicle_operation", lambda t: ("运行" in t and "公务用车" in t) or "运行维护" in t),
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
