"""Facts of the “三公”经费 table: 4 items × 3 fiscal-grant sources, always 12 rows.

Templates draw this table in many shapes: one row per item with a column per funding source;
one row per department, unit, fund or year with the items as (grouped) columns; 上年 / 本年 /
增减 as rows or as side-by-side column blocks; 会议费, 培训费, 行政经费 or 机关运行经费 printed
beside the 三公 figures. The table is read by what its labels say, never by where a figure sits,
so every shape reads into one grid (item × funding source) for the budget year:

- **Item.** A figure's item is named by its row label or by its column header path, whichever
  names one (出国 / 接待 / 公务用车购置 / 公务用车运行); in a header path the most specific level
  that names something wins ("公务用车购置及运行费/购置费" is the purchase). 会议费, 培训费,
  行政经费 and 机关运行经费 are printed beside 三公 but are not part of it: left out, never added.
- **Subtotals.** 公务用车购置及运行费 (= 购置费 + 运行费) and the 三公 合计 (a label naming
  “三公” or a bare 合计 / 小计 / 总计) are reconciled, not loaded. A bare 合计 is the 三公 total
  only where the table prints no 会议费 / 培训费 / … figure beside the items; elsewhere it may
  cover them too and is left out.
- **Year.** A label naming 上年, a change (增减 …) or a year other than the table's latest one
  is not the budget year: its figures are left out. The budget year is the latest year the
  table prints (a budget compares the year before with the year budgeted), so no year is fixed
  here; a table printing no year holds only the budget year.
- **Funding source.** Where a row or column names a fund (一般公共预算, 政府性基金, 国有资本经营),
  that is the figure's source and a 合计 beside the funds is reconciled against them. A table
  that prints no split holds the fiscal-grant total (its title says 财政拨款 or 一般公共预算): it
  is kept under general_public_budget and the other two sources are 0, so the grain (item ×
  fiscal-grant source) and the sums over sources stay those of the print.
- **Rows naming no item** (items in columns) are the department, its units, funds or years. A
  row labelled 合计 is the department's figure; without one, a single row is; several unit rows
  are read like a project table (a row equal to the sum of the rows below it is their total),
  and the department's figure is the sum of the top-level rows.

A blank cell, or the whole table printed as 本表无数据, is 0: staging keeps only non-empty cells,
so the 12 rows are laid out here and filled from whatever was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from budget_etl.normalise.checks import Findings
from budget_etl.normalise.labels import FISCAL_GRANT_SOURCES, funding_source_of, is_total_column
from budget_etl.normalise.names import is_total_label, name_key
from budget_etl.normalise.reconcile import ROUNDING_PER_ROW, compare
from budget_etl.normalise.rows import Row
from budget_etl.normalise.subtotals import project_structure
from schemas.frames import FRAME_SCHEMAS
from schemas.tables import FACT_THREE_PUBLIC

THREE_PUBLIC_KINDS = FACT_THREE_PUBLIC.sources
ITEMS = FACT_THREE_PUBLIC.column("item").values
VEHICLES = "vehicles"  # 公务用车购置及运行费: purchase + operation
THREE_PUBLIC = "three_public"  # the “三公”经费 合计: the four items
OTHER = "other"  # 会议费, 培训费, 行政经费, 机关运行经费: printed beside 三公, not part of it
_TOTAL = "total"  # a bare 合计 / 小计 / 总计 / 总额: the total of whatever it stands under
_PARTS = {THREE_PUBLIC: ITEMS, VEHICLES: ("vehicle_purchase", "vehicle_operation")}
NO_SPLIT_SOURCE = "general_public_budget"
SCHEMA = FRAME_SCHEMAS["fact_three_public"]

_OTHER_WORDS = ("机关运行", "行政经费", "会议费", "培训费")
_CHANGE_WORDS = ("增减", "增长", "减少", "增加", "变化", "变动", "比上年", "同比")
_PRIOR_WORDS = ("上年", "上期", "去年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _word_item(text: str | None, *, under_vehicles: bool = False) -> str | None:
    """What one printed label (a row label or one header level) names, or None."""
    key = name_key(text)
    if not key:
        return None
    named = [w for w in ("三公", *_OTHER_WORDS) if w in key]
    if len(named) > 1:
        return None  # a title or a group naming several things (“行政经费及“三公”经费预算表”)
    if named and named[0] != "三公":
        return OTHER
    if "出国" in key:
        return "outbound_travel"
    if "接待" in key:
        return "official_reception"
    vehicle = "公务用车" in key or under_vehicles  # "购置费" under "公务用车购置及运行费"
    if "购置" in key and ("运行" in key or "运维" in key):
        return VEHICLES
    if "购置" in key and vehicle:
        return "vehicle_purchase"
    if "运行" in key and vehicle:
        return "vehicle_operation"
    if named:
        return THREE_PUBLIC
    if is_total_label(key) or key.endswith("总额"):
        return _TOTAL
    return None


def _path_item(column: str) -> str | None:
    """The item a header path names: its most specific level that names one.

    A bare 合计 / 小计 is the total of the group above it ("公务用车购置及运行费/小计" is the
    vehicle subtotal, "“三公”经费预算数/合计" the 三公 total); levels naming nothing (a year, a
    fund, a unit line, a title) are passed over.
    """
    levels = column.split("/")
    total = False
    for i in range(len(levels) - 1, -1, -1):
        above = any(_word_item(level) == VEHICLES for level in levels[:i])
        item = _word_item(levels[i], under_vehicles=above)
        if item == _TOTAL:
            total = True
        elif item is not None:
            return item
    return _TOTAL if total else None


def _years(text: str | None) -> list[int]:
    return [int(y) for y in _YEAR.findall(name_key(text))]


def _off_year(text: str | None, budget_year: int | None) -> bool:
    """True when a label says its figures are not the budget year's (上年, 增减, 2025年 …)."""
    key = name_key(text)
    if any(w in key for w in _CHANGE_WORDS + _PRIOR_WORDS):
        return True
    return budget_year is not None and any(y != budget_year for y in _years(key))


@dataclass(eq=False)  # a cell is itself: compared by identity
class _Cell:
    row: Row
    column: str
    item: str  # one of ITEMS, VEHICLES, THREE_PUBLIC
    source: str | None  # a fund named by the row or the column, else None
    amount: Decimal
    page: int

    @property
    def subject(self) -> str:
        return f"{self.row.label or '合计'} | {self.column}"


def three_public_facts(tables: list[list[Row]], findings: Findings, found_pages: dict[int, int]) -> pl.DataFrame:
    """``found_pages``: table_seq -> first page of every 三公 table found, printed empty or not."""
    findings.ran_check("three_public_row_recognised")
    if not found_pages:
        return pl.DataFrame(schema=SCHEMA)
    seq = min(found_pages)  # one 三公 table per document; the first one found if ever more
    rows = next((t for t in tables if t and t[0].table_seq == seq), [])
    cells = _department_cells(rows, findings)
    amounts, pages = _figures(cells, findings)
    facts = [
        {
            "item": item,
            "funding_source": source,
            "amount_yuan": amounts.get((item, source), Decimal("0.00")),
            "page_number": pages.get((item, source), found_pages[seq]),
        }
        for item in ITEMS
        for source in FISCAL_GRANT_SOURCES
    ]
    return pl.DataFrame(facts, schema=SCHEMA)


# ------------------------------------------------------------------------------------------------
# Reading the table: the department's budget-year cells, each with its item and source


def _department_cells(rows: list[Row], findings: Findings) -> list[_Cell]:
    if not rows:
        return []
    budget_year = max(
        (y for r in rows for text in (r.label, r.secondary, *r.cells) for y in _years(text)), default=None
    )
    current = [r for r in rows if not (_off_year(r.label, budget_year) or _off_year(r.secondary, budget_year))]
    columns = {c: _path_item(c) for r in rows for c in r.cells}
    items_in_rows = any(_word_item(r.label) in (*ITEMS, VEHICLES) for r in rows)
    # A bare 合计 is the 三公 total, unless 会议费 / 培训费 / 行政经费 are printed on its axis:
    # templates that add those print a grand 合计 over them too (合计 = 三公 + 会议费 + 培训费).
    # 机关运行经费 in the combined table is a block of its own, never under the 三公 合计.
    if items_in_rows:
        bare_total = OTHER if _adds_others(r.label for r in rows) else THREE_PUBLIC
        return _item_rows(current, budget_year, bare_total, findings)
    bare_total = OTHER if _adds_others(level for c in columns for level in c.split("/")) else THREE_PUBLIC
    return _item_columns(current, budget_year, columns, bare_total, findings)


def _adds_others(labels) -> bool:
    """Whether a label of this axis names 会议费, 培训费 or 行政经费 (and not 三公 too: a title)."""
    return any(_word_item(label) == OTHER and "机关运行" not in name_key(label) for label in labels)


def _item_rows(rows: list[Row], budget_year: int | None, bare_total: str, findings: Findings) -> list[_Cell]:
    """One row per item (合计 and 公务用车购置及运行费 rows among them); columns: sources, years."""
    out = []
    for row in rows:
        item = _word_item(row.label)
        item = bare_total if item == _TOTAL else item
        if item is None or item == OTHER:
            if item is None and _word_item(row.label) != _TOTAL:
                findings.add(
                    "three_public_row_recognised",
                    subject=row.label,
                    table_kind=row.table_kind,
                    page_number=row.page_number,
                    detail="row is no 三公 item: left out",
                )
            continue
        for column, amount in row.cells.items():
            if _off_year(column, budget_year) or _path_item(column) == OTHER:
                continue
            out.append(_Cell(row, column, item, funding_source_of(column), amount, row.pages[column]))
    return out


def _item_columns(
    rows: list[Row],
    budget_year: int | None,
    columns: dict[str, str | None],
    bare_total: str,
    findings: Findings,
) -> list[_Cell]:
    """Items in (grouped) columns; rows: the department, its units, its funds (or years)."""

    def cells_of(row: Row, source: str | None = None) -> list[_Cell]:
        out = []
        for column, amount in row.cells.items():
            item = columns[column]
            item = bare_total if item == _TOTAL else item
            if _off_year(column, budget_year) or item == OTHER:
                continue
            if item is None:
                findings.add(
                    "three_public_row_recognised",
                    subject=column,
                    table_kind=row.table_kind,
                    page_number=row.pages[column],
                    actual=amount,
                    detail="column names no 三公 item: left out",
                )
                continue
            out.append(_Cell(row, column, item, source or funding_source_of(column), amount, row.pages[column]))
        return out

    # a row's cells, its fund (a row per fund) or None; rows without a budget-year figure go
    by_row = [(r, cs) for r in rows if (cs := cells_of(r, funding_source_of(r.label)))]
    fund_rows = [cs for r, cs in by_row if funding_source_of(r.label)]
    total_rows = [cs for r, cs in by_row if is_total_label(r.label)]
    if fund_rows:
        # one row per fund: each its source; a 合计 row beside them covers them (reconciled)
        return [c for cs in fund_rows + total_rows[:1] for c in cs]
    if total_rows:
        return total_rows[0]  # the department's 合计 over its units
    if len(by_row) <= 1:
        return [c for _, cs in by_row for c in cs]
    # Unit rows without a 合计 row: a row equal to the sum of the rows below it is their total
    # (a department printed above its units, a unit above its sub-units), as in project tables.
    per_row = [cs for _, cs in by_row]
    totals = [sum((c.amount for c in cs if c.item in ITEMS), Decimal(0)) for cs in per_row]
    structure = project_structure(totals, ROUNDING_PER_ROW)
    if structure.department is not None:
        top = [structure.department]
    elif any(g.unit is not None for g in structure.groups):
        top = [g.unit for g in structure.groups if g.unit is not None]
    else:
        top = list(range(len(per_row)))
    return [c for i in top for c in per_row[i]]


# ------------------------------------------------------------------------------------------------
# The facts and the reconciliation of every printed subtotal


def _figures(cells: list[_Cell], findings: Findings) -> tuple[dict, dict]:
    """(item, source) -> amount and page, for the four items and the fiscal-grant sources.

    Where the table names funds, the fund cells are the figures (summed per fund where several
    rows are the department's, e.g. its units) and a cell naming no fund (合计 beside the funds)
    is their total. Where it names none, a row's figure of an item is its total column if it
    prints one (its other columns, e.g. 基本支出 / 项目支出, are reconciled with it), else the
    sum of its columns, kept under NO_SPLIT_SOURCE. Every total is reconciled with the figures
    it covers: those of its own row where its row prints them, else those of every row (a 合计
    row over fund rows); 公务用车购置及运行费 and the 三公 合计 with their items, per source where
    printed per source.
    """
    split = any(c.source for c in cells)
    figures: list[_Cell] = []
    if split:
        figures = [c for c in cells if c.source]
        for total in (c for c in cells if not c.source and c.item in ITEMS):  # 合计 beside the funds
            _reconcile(findings, total, _covered(total, [c for c in figures if c.item == total.item]))
    else:
        for key in dict.fromkeys((id(c.row), c.item) for c in cells):
            mine = [c for c in cells if (id(c.row), c.item) == key]
            totals = [c for c in mine if is_total_column(c.column)]
            if totals:
                figure = min(totals, key=lambda c: len(c.column.split("/")))
                rest = [c for c in mine if not is_total_column(c.column)]
                if rest:
                    _reconcile(findings, figure, rest)
                figures.append(figure)
            else:
                figures.extend(mine)
    amounts: dict[tuple[str, str], Decimal] = {}
    pages: dict[tuple[str, str], int] = {}
    for cell in (c for c in figures if c.item in ITEMS):
        source = cell.source or NO_SPLIT_SOURCE
        if source not in FISCAL_GRANT_SOURCES:
            findings.add(
                "three_public_row_recognised",
                subject=cell.subject,
                table_kind=cell.row.table_kind,
                page_number=cell.page,
                actual=cell.amount,
                detail="not a fiscal-grant source: left out",
            )
            continue
        amounts[(cell.item, source)] = amounts.get((cell.item, source), Decimal(0)) + cell.amount
        pages.setdefault((cell.item, source), cell.page)
    subtotals = [c for c in cells if c.item in _PARTS and (c in figures or (split and not c.source))]
    for cell in subtotals:  # in printed order, for fact_printed_total
        _keep(findings, cell)
    for total in subtotals:
        parts = [
            c for c in figures if c.item in _PARTS[total.item] and (total.source is None or c.source == total.source)
        ]
        _reconcile(findings, total, _covered(total, parts))
    return amounts, pages


def _covered(total: _Cell, parts: list[_Cell]) -> list[_Cell]:
    """The parts a total covers: those printed on its own row, else those of every row."""
    own = [c for c in parts if c.row is total.row]
    return own or parts


def _reconcile(findings: Findings, total: _Cell, parts: list[_Cell]) -> None:
    """A printed total against the figures it covers (compare: exact, or 尾差 within tolerance)."""
    compare(
        findings,
        table_kind=total.row.table_kind,
        subject=total.subject,
        page_number=total.page,
        printed=total.amount,
        summed=sum((c.amount for c in parts), Decimal(0)),
        rows=max(len(parts), 1),
    )


def _keep(findings: Findings, cell: _Cell) -> None:
    """A printed subtotal cell, as printed, for fact_printed_total."""
    row = cell.row
    findings.printed.keep_cell(
        table_kind=row.table_kind,
        table_seq=row.table_seq,
        row_index=row.row_index,
        row_label=row.label,
        function_code=row.code,
        column_label=cell.column,
        amount_yuan=cell.amount,
        page_number=cell.page,
    )
