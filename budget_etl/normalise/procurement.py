"""Facts of 政府采购: goods, works and services, from the narrative or the procurement table.

Where the figures come from, first that states them:
1. The narrative's parts (``procurement_goods/works/services``, budget_etl/narrative.py): the
   department's own statement of its category totals ("其中：政府采购货物预算…、工程…、服务…").
2. The procurement table (table kind ``procurement``: 政府采购预算明细表, 政府采购支出表,
   政府采购（资产配置、购买服务）预算表), read as below. Templates without a narrative (a 部门预算报表
   attachment) print their categories only there.
3. A stated total of 0 ("政府采购预算总额0万元", "未安排政府采购预算") with neither: goods, works and
   services are 0 each, since parts that cannot be negative add up to nothing. A document silent on
   procurement gives no row; a non-zero total without a split gives none either (it stays in
   fact_narrative as ``procurement_total``: no category can be told).

Why the narrative wins over a table: it states the three categories as such, while a table's
categories are read from its layout (rows or columns named 货物/工程/服务, or catalogue codes summed),
and some tables hold more than procurement (资产配置、购买服务). Where both state them, each category
of the table is compared with the narrative (``procurement_sources_agree``): the table often
prints finer figures (元, or 万元 to six places) than the narrative's 0.01 万元, so a difference
within that rounding is a passing row that still carries it, and anything larger is a WARN.

Reading a procurement table (the words decide, never a column's position):
- the amount column is the table's total column (合计 / 总计, the outermost), else the one column
  whose words say money (金额, 预算); a count (数量) is never summed.
- category rows: a row whose name (its label and secondary label joined) is a category alone:
  "货物", "货物类", "A-货物", "A 货物". Letters are those of the 政府采购品目分类目录: A 货物, B 工程,
  C 服务. Rows below them (units, items) are their detail and are not added again.
- category columns: a column whose last header level names a category; the figures are those of
  the table's 合计 row.
- catalogue codes: without category rows or columns, item rows labelled with a 品目 code
  ("C05040300保安服务") are summed by the code's letter.
- the 合计 row is the total: reconciled with the categories read (printed_total_reconciles), never
  loaded as a category. A table from which no category can be read is
  reported (``procurement_table_read``), not guessed.

A printed "0万元" is a figure (0), not a missing one. The narrative total stays in staging for
reconcile_procurement (total = goods + works + services).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from budget_etl.normalise.amounts import with_yuan
from budget_etl.normalise.checks import CHECKS, Findings
from budget_etl.normalise.labels import is_total_column, last_segment
from budget_etl.normalise.names import is_total_label, name_key
from budget_etl.normalise.reconcile import ROUNDING_PER_ROW, compare
from budget_etl.normalise.rows import Row
from schemas.frames import FRAME_SCHEMAS

CATEGORIES = {"procurement_goods": "goods", "procurement_works": "works", "procurement_services": "services"}
SCHEMA = FRAME_SCHEMAS["fact_procurement"]
KIND = "procurement"

# The normaliser's own checks of procurement (registered here, next to the code that runs them).
SOURCES_AGREE = "procurement_sources_agree"
TABLE_READ = "procurement_table_read"
CHECKS.setdefault(
    SOURCES_AGREE,
    (
        "warn",
        "where the narrative and the procurement table both state goods, works and "
        "services, they agree up to the narrative's rounding",
    ),
)
CHECKS.setdefault(TABLE_READ, ("warn", "every procurement table gave its goods, works and services"))

# 政府采购品目分类目录: A 货物, B 工程, C 服务.
_WORDS = {"goods": ("货物", "A"), "works": ("工程", "B"), "services": ("服务", "C")}
_BY_LETTER = {letter: category for category, (_, letter) in _WORDS.items()}
_CATEGORY_NAME = {
    category: re.compile(rf"(?:{letter}[-－.．、·]?)?{word}类?(?:合计|小计)?")
    for category, (word, letter) in _WORDS.items()
}
# a 品目 code inside an item's printed name: a catalogue letter and 4 to 8 digits
_CATALOGUE_CODE = re.compile(r"(?<![A-Za-z0-9])([ABC])\d{4,8}(?!\d)")
_MONEY_WORDS = ("金额", "预算", "资金")
_COUNT_WORDS = ("数量", "数目", "个数")


def category_of(name: str | None) -> str | None:
    """goods / works / services when ``name`` is a category alone ("A-货物", "货物类"), else None."""
    key = name_key(name)
    return next((c for c, pattern in _CATEGORY_NAME.items() if pattern.fullmatch(key)), None)


@dataclass
class TableReading:
    """What one procurement table states: category -> (yuan, page), and its printed 合计."""

    table_seq: int
    parts: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    total: Row | None = None
    total_column: str | None = None
    how: str = ""

    @property
    def total_yuan(self) -> Decimal | None:
        return self.total.cells.get(self.total_column) if self.total is not None and self.total_column else None


def procurement_facts(
    narrative: pl.DataFrame | None,
    tables: list[list[Row]] | None = None,
    findings: Findings | None = None,
) -> pl.DataFrame:
    """fact_procurement rows of one document (without the document columns).

    ``narrative``: its NARRATIVE_FACT rows; ``tables``: its procurement tables as printed rows
    (rows.printed_tables, amounts in yuan); ``findings``: where disagreements are recorded.
    """
    findings = findings if findings is not None else Findings()
    stated = _narrative_parts(narrative)
    readings = [_read_table(rows, findings) for rows in tables or []]
    table = next((r for r in readings if r.parts), None)
    if table is not None and len(readings) > 1:
        for other in readings:
            if other is not table and other.parts:
                findings.add(
                    TABLE_READ,
                    table_kind=KIND,
                    page_number=_first_page(other),
                    subject=f"table {other.table_seq}",
                    detail=f"a second procurement table with categories; the first (table {table.table_seq}) is read",
                )
    if stated:
        if table is not None:
            _compare_sources(findings, stated, table)
        return _frame(stated)
    if table is not None:
        return _frame(table.parts)
    nil = _stated_nil_total(narrative)
    if nil is not None:
        return _frame({category: (Decimal("0.00"), nil) for category in _WORDS})
    return pl.DataFrame(schema=SCHEMA)


def _frame(parts: dict[str, tuple[Decimal, int]]) -> pl.DataFrame:
    rows = [(category, amount, page) for category, (amount, page) in parts.items()]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _narrative_parts(narrative: pl.DataFrame | None) -> dict[str, tuple[Decimal, int]]:
    if narrative is None or narrative.height == 0:
        return {}
    parts = narrative.filter(pl.col("fact").is_in(list(CATEGORIES)))
    if parts.height == 0:
        return {}
    # One figure per category: a sentence read twice (e.g. repeated on a page break) counts once.
    parts = with_yuan(parts).sort("page_number").unique(subset=["fact"], keep="first", maintain_order=True)
    return {CATEGORIES[f]: (a, p) for f, a, p in parts.select("fact", "amount_yuan", "page_number").iter_rows()}


def _stated_nil_total(narrative: pl.DataFrame | None) -> int | None:
    """The page of a stated total of 0 (the first statement of the total), else None."""
    if narrative is None or narrative.height == 0:
        return None
    totals = narrative.filter(pl.col("fact") == "procurement_total")
    if totals.height == 0:
        return None
    first = totals.sort("page_number").row(0, named=True)
    return first["page_number"] if first["amount"] == 0 else None


# ---------------------------------------------------------------------------------------------
# The procurement table


def _first_page(reading: TableReading) -> int | None:
    pages = [page for _, page in reading.parts.values()]
    return min(pages) if pages else None


def _amount_column(columns: list[str]) -> str | None:
    """The column holding each row's procurement amount, or None when the words do not tell."""
    totals = [c for c in columns if is_total_column(c)]
    if totals:
        return min(totals, key=lambda c: (c.count("/"), columns.index(c)))
    money = [
        c
        for c in columns
        if any(w in name_key(c) for w in _MONEY_WORDS) and not any(w in name_key(c) for w in _COUNT_WORDS)
    ]
    if len(money) == 1:
        return money[0]
    plain = [c for c in columns if not any(w in name_key(c) for w in _COUNT_WORDS)]
    return plain[0] if len(plain) == 1 and len(columns) == 1 else None


def _row_name(row: Row) -> str:
    return "".join(part for part in (row.code, row.label, row.secondary) if part)


def _is_total_row(row: Row) -> bool:
    return not row.code and is_total_label(row.label or row.secondary)


def _read_table(rows: list[Row], findings: Findings) -> TableReading:
    reading = TableReading(table_seq=rows[0].table_seq if rows else -1)
    columns: list[str] = list(dict.fromkeys(c for r in rows for c in r.cells))
    column = _amount_column(columns)
    total = next((r for r in rows if _is_total_row(r)), None)
    category_columns = {c: category_of(last_segment(c)) for c in columns}
    category_columns = {c: k for c, k in category_columns.items() if k}

    if column is not None:
        for row in rows:
            category = category_of(_row_name(row))
            if category and column in row.cells and category not in reading.parts:
                reading.parts[category] = (row.cells[column], row.pages[column])
        reading.how = "category rows"
    if not reading.parts and category_columns and total is not None:
        for c, category in category_columns.items():
            if c in total.cells and category not in reading.parts:
                reading.parts[category] = (total.cells[c], total.pages[c])
        reading.how = "category columns of the 合计 row"
        column = next((c for c in total.cells if is_total_column(c)), None)
    if not reading.parts and column is not None:
        sums: dict[str, tuple[Decimal, int]] = {}
        for row in rows:
            codes = {_BY_LETTER[m.group(1)] for m in _CATALOGUE_CODE.finditer(_row_name(row))}
            if len(codes) == 1 and column in row.cells and not _is_total_row(row):
                category = codes.pop()
                amount, page = sums.get(category, (Decimal(0), row.pages[column]))
                sums[category] = (amount + row.cells[column], min(page, row.pages[column]))
        reading.parts = sums
        reading.how = "items summed by catalogue code"

    findings.ran_check(TABLE_READ)
    if not reading.parts:
        page = min((r.page_number for r in rows), default=None)
        findings.add(
            TABLE_READ,
            table_kind=KIND,
            page_number=page,
            subject=f"table {reading.table_seq}",
            detail="no row or column of the procurement table names 货物/工程/服务 (or an item's 品目 code) "
            f"with a figure in its amount column (columns {columns}); its figures are not used",
        )
        return reading

    if total is not None and column is not None and column in total.cells:
        reading.total, reading.total_column = total, column
        # Not kept in fact_printed_total: its table_kind CHECK (schemas/warehouse.sql) has no 'procurement'.
        compare(
            findings,
            table_kind=KIND,
            subject=f"{total.label or '合计'} | {column}",
            page_number=total.pages.get(column, total.page_number),
            printed=total.cells[column],
            summed=sum((a for a, _ in reading.parts.values()), Decimal(0)),
            rows=len(reading.parts),
        )
    return reading


def _compare_sources(findings: Findings, stated: dict[str, tuple[Decimal, int]], table: TableReading) -> None:
    """Each category as the narrative states it against the table (a category a source does not
    print is 0 there: both list what is procured)."""
    findings.ran_check(SOURCES_AGREE)
    zero = (Decimal(0), None)
    for category in _WORDS:
        said, page = stated.get(category, zero)
        printed, table_page = table.parts.get(category, zero)
        if said == printed:
            continue
        within = abs(said - printed) <= ROUNDING_PER_ROW
        findings.add(
            SOURCES_AGREE,
            passed=within,
            subject=f"{category} ({_WORDS[category][0]})",
            table_kind=KIND,
            page_number=table_page or page,
            expected=said,
            actual=printed,
            detail=(
                f"the procurement table (table {table.table_seq}, {table.how}) prints {printed} 元 where the "
                f"narrative states {said} 元 "
                + ("(the narrative's rounding)" if within else "(beyond rounding)")
                + "; the facts keep the narrative's figure"
            ),
        )
