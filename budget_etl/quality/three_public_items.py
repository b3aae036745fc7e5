"""The "三公" table (and the combined 三公 + 机关运行经费 table) as item × fund figures.

Templates draw it in many shapes: one row per item with the funds in columns (Shanxi, 表 "财政
拨款安排的行政经费及“三公”经费"); one row per department, unit, fund or year with the items in
(grouped) columns; 上年 / 本年 / 增减 as rows or as side-by-side column blocks; 会议费, 培训费,
行政经费 or 机关运行经费 beside the 三公 figures. All read into one grid, by the words printed:

- an item is named by the row label (items in rows) or by the header path, its most specific
  level that names one ("公务用车购置及运行费/购置费" is the purchase, "…/小计" the vehicle
  subtotal, "“三公”经费预算数/合计" the 三公 total); 会议费 / 培训费 / 行政经费 are "other" and
  never part of an identity; a bare 合计 is the 三公 total only where no such figure is printed
  on the same axis (else it may cover them too);
- every printed combination of row and (year, fund) column block is one grid key, so each
  上年 / 本年 / 增减 block and each fund is checked on its own;
- ``total_key`` is the department's budget-year, all-funds figures: the budget year is the
  latest year the table prints, a label naming 上年 or a change (增减 …) is not it.

Deliberately independent of budget_etl/normalise/three_public.py, which reads the same frames to
build the facts: a misreading there must not hide in the checks too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from budget_etl.quality.reading import fund_of, total_column
from budget_etl.quality.registry import ZERO, Inputs
from budget_etl.quality.staged_rows import Row, Table, bare, is_total_column, is_total_text, levels
from budget_etl.text import fold

_OTHER_WORDS = ("会议费", "培训费", "行政经费")
_ITEM_RULES: tuple[tuple[str, Callable[[str, bool], bool]], ...] = (
    ("operating_cost", lambda t, v: "机关运行" in t),
    ("other", lambda t, v: any(w in t for w in _OTHER_WORDS)),
    ("vehicle_total", lambda t, v: "购置及运行" in t or "购置和运行" in t or "购置及运维" in t),
    ("vehicle_purchase", lambda t, v: "购置" in t),
    ("vehicle_operation", lambda t, v: ("运行" in t and ("公务用车" in t or v)) or "运行维护" in t),
    ("outbound_travel", lambda t, v: "出国" in t),
    ("official_reception", lambda t, v: "接待" in t),
    ("total", lambda t, v: "三公" in t),
)
THREE_PUBLIC_KINDS = ("three_public", "three_public_operating_cost")
_SPECIFIC = ("vehicle_total", "vehicle_purchase", "vehicle_operation", "outbound_travel", "official_reception")
_BARE_TOTAL = "bare total"
_CHANGE_WORDS = ("增减", "增长", "减少", "增加", "变化", "变动", "比上年", "同比")
_PRIOR_WORDS = ("上年", "上期", "去年")
_YEAR_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def item_of(text: str | None, *, under_vehicles: bool = False) -> str | None:
    """What a label names: a 三公 item, vehicle_total, total (合计 / “三公”经费), operating_cost,
    other (会议费, 培训费, 行政经费) or None. ``under_vehicles``: the label stands under a
    公务用车购置及运行费 header, so a bare 运行费 is the vehicles' running cost."""
    key = bare(text)
    if not key:
        return None
    if sum(w in key for w in ("三公", "机关运行", *_OTHER_WORDS)) > 1:
        return None  # a title or group naming several things (“行政经费及“三公”经费预算表”)
    for item, test in _ITEM_RULES:
        if test(key, under_vehicles):
            return item
    if is_total_text(key) or key.endswith("总额"):
        return "total"
    return None


def _level_item(text: str, under_vehicles: bool) -> str | None:
    item = item_of(text, under_vehicles=under_vehicles)
    if item == "total" and "三公" not in bare(text):
        return _BARE_TOTAL
    return item


def item_of_column(column: str) -> str | None:
    """The item a header path names: its most specific level that names one; a bare 合计 / 小计
    is the total of the group above it, and a bare total under no group is reported as such."""
    parts = levels(column)
    seen_total = False
    for i in range(len(parts) - 1, -1, -1):
        under = any(item_of(p) == "vehicle_total" for p in parts[:i])
        item = _level_item(parts[i], under)
        if item == _BARE_TOTAL:
            seen_total = True
        elif item is not None:
            return item
    return _BARE_TOTAL if seen_total else None


def three_public_orientation(table: Table) -> str:
    """ "rows" (one row per item, funds or years in columns) or "columns" (items in columns)."""
    return "rows" if any(item_of(r.label) in _SPECIFIC for r in table.rows) else "columns"


def _years(text: str | None) -> list[int]:
    return [int(y) for y in _YEAR_NUMBER.findall(fold(text))]


def _budget_year(table: Table) -> int | None:
    """The latest year the table prints: a budget compares the year before with the year budgeted."""
    texts = [t for r in table.rows for t in (r.label, r.secondary, *r.cells)]
    return max((y for t in texts for y in _years(t)), default=None)


def _off_year(text: str | None, year: int | None) -> bool:
    key = fold(text)
    if any(w in key for w in _CHANGE_WORDS + _PRIOR_WORDS):
        return True
    return year is not None and any(y != year for y in _years(key))


@dataclass
class ItemGrid:
    """A 三公 table as item × fund cells: {key: {item: (yuan, page)}}.

    A key is a column (items in rows) or a row with its column block (items in columns:
    "合计", "深圳市统计局 2025年 / 一般公共预算", "合计 / 上年"), in printed order with the
    budget year's keys first. ``total_key`` holds the department's budget-year all-funds figures;
    where the table prints them only per fund, it is a key derived as their sum (in ``derived``,
    which the identities do not check again).
    """

    table: Table
    cells: dict[str, dict[str, tuple[Decimal, int]]]
    total_key: str | None  # the fund key that holds the all-funds figures (合计 column / the one row)
    derived: set[str] = field(default_factory=set)


def item_grid(table: Table) -> ItemGrid:
    year = _budget_year(table)
    if three_public_orientation(table) == "rows":
        return _grid_of_item_rows(table, year)
    return _grid_of_item_columns(table, year)


def _grid_of_item_rows(table: Table, year: int | None) -> ItemGrid:
    row_items = {r.row_index: item_of(r.label) for r in table.rows}
    has_other = "other" in row_items.values()
    cells: dict[str, dict[str, tuple[Decimal, int]]] = {}
    current = [c for c in table.columns if not _off_year(c, year)]
    for col in current + [c for c in table.columns if c not in current]:
        cells[col] = {}
    for row in table.rows:
        item = row_items[row.row_index]
        if item == "total" and "三公" not in bare(row.label) and has_other:
            continue  # a 合计 row over 行政经费 (会议费, 培训费) and 三公 together
        if item in (None, "other"):
            continue
        for col, value in row.cells.items():
            cells[col].setdefault(item, (value, row.pages[col]))
    totals = [c for c in current if is_total_column(c)]
    total = min(totals, key=lambda c: len(levels(c))) if totals else None
    no_fund = [c for c in current if fund_of(c) is None]
    key = total or (no_fund[0] if len(no_fund) == 1 else None)
    grid = ItemGrid(table, {k: v for k, v in cells.items() if v}, key)
    if key is None:
        _derive_total(grid, [c for c in current if fund_of(c) is not None and c in grid.cells], "合计")
    return grid


def _grid_of_item_columns(table: Table, year: int | None) -> ItemGrid:
    items = {c: item_of_column(c) for c in table.columns}
    # a bare 合计 is the 三公 total unless 会议费 / 培训费 / 行政经费 stand beside it (a grand 合计
    # over them too); 机关运行经费 of the combined table is a block of its own
    bare_total = "total" if "other" not in items.values() else None
    funds = {fund_of(p) for c, i in items.items() if i not in (None, "other") for p in levels(c)} - {None}
    by_key: dict[str, dict[str, tuple[Decimal, int]]] = {}
    current_keys: list[str] = []
    department: list[str] = []  # budget-year keys naming no fund, department rows first
    fund_keys: list[str] = []
    rows = sorted(table.rows, key=lambda r: not is_total_text(r.label))  # a 合计 row is the department
    names: dict[int, str] = {}
    for row in table.rows:
        name = " ".join(t for t in (row.label, row.secondary) if t) or f"row {row.row_index}"
        names[id(row)] = name if name not in names.values() else f"{name} (row {row.row_index})"
    for row in rows:
        row_off = _off_year(row.label, year) or _off_year(row.secondary, year)
        for col, value in row.cells.items():
            item = items[col]
            item = bare_total if item == _BARE_TOTAL else item
            if item in (None, "other"):
                continue
            # the column's block: its off-year level (上年, 增减 …) and, where the table prints
            # more than one fund, its fund level
            block = [p for p in levels(col) if _off_year(p, year)]
            fund = next((p for p in levels(col) if fund_of(p)), None) if len(funds) > 1 else None
            key = " / ".join([names[id(row)], *block, *([fund] if fund else [])])
            by_key.setdefault(key, {}).setdefault(item, (value, row.pages[col]))
            if not row_off and not block and key not in current_keys:
                current_keys.append(key)
                (fund_keys if fund or fund_of(row.label) else department).append(key)
    ordered = {k: by_key[k] for k in current_keys} | {k: v for k, v in by_key.items() if k not in current_keys}
    grid = ItemGrid(table, ordered, department[0] if department else None)
    if grid.total_key is None and fund_keys:
        first_row = fund_keys[0].split(" / ")[0]
        rows_of_funds = any(fund_of(k.split(" / ")[0]) for k in fund_keys)
        _derive_total(
            grid,
            [k for k in fund_keys if rows_of_funds or k.split(" / ")[0] == first_row],
            f"{'合计' if rows_of_funds else first_row} / 合计",
        )
    return grid


def _derive_total(grid: ItemGrid, keys: list[str], name: str) -> None:
    """The all-funds figures of a table that prints them only per fund: their sum."""
    if not keys:
        return
    summed: dict[str, tuple[Decimal, int]] = {}
    for key in keys:
        for item, (value, page) in grid.cells[key].items():
            before, first = summed.get(item, (ZERO, page))
            summed[item] = (before + value, min(first, page))
    grid.cells = {name: summed} | grid.cells
    grid.total_key = name
    grid.derived.add(name)


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
