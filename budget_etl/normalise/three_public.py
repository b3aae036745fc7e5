"""Facts of the “三公”经费 table: 4 items × 3 fiscal-grant sources, always 12 rows.

公务用车购置及运行费 (= 购置费 + 运行维护费) and 合计 are subtotals. A blank cell, or the whole
table printed as 本表无数据, is 0: staging keeps only non-empty cells, so the 12 rows are laid
out here and filled from whatever was printed.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budget_etl.normalise.checks import Findings
from budget_etl.normalise.labels import FISCAL_GRANT_SOURCES, funding_source_of, is_total_column
from budget_etl.normalise.names import is_total_label, name_key
from budget_etl.normalise.reconcile import reconcile_rows
from budget_etl.normalise.rows import Row

THREE_PUBLIC_KINDS = ("three_public", "three_public_operating_cost")
ITEMS = ("outbound_travel", "official_reception", "vehicle_purchase", "vehicle_operation")
SUBTOTAL = "subtotal"
SCHEMA = {"item": pl.String, "funding_source": pl.String, "amount_yuan": pl.Decimal(18, 2), "page_number": pl.Int32}


def item_of(label: str) -> str | None:
    """The item a printed row is, SUBTOTAL for 公务用车购置及运行费 / 合计, None if unknown."""
    key = name_key(label)
    if is_total_label(key):
        return SUBTOTAL
    if "出国" in key:
        return "outbound_travel"
    if "接待" in key:
        return "official_reception"
    if "购置" in key and "运行" in key:
        return SUBTOTAL
    if "公务用车" in key and "运行" in key:
        return "vehicle_operation"
    if "公务用车" in key and "购置" in key:
        return "vehicle_purchase"
    return None


def three_public_facts(
    tables: list[list[Row]], findings: Findings, found_pages: dict[int, int]
) -> pl.DataFrame:
    """``found_pages``: table_seq -> first page of every 三公 table found, printed empty or not."""
    findings.ran_check("three_public_row_recognised")
    if not found_pages:
        return pl.DataFrame(schema=SCHEMA)
    seq = min(found_pages)  # one 三公 table per document; the first one found if ever more
    rows = next((t for t in tables if t and t[0].table_seq == seq), [])
    amounts: dict[tuple[str, str], Decimal] = {}
    pages: dict[tuple[str, str], int] = {}
    items = [r for r in rows if item_of(r.label) in ITEMS]
    for row in rows:
        item = item_of(row.label)
        if item == SUBTOTAL:
            # 合计 covers the four items; 公务用车购置及运行费 its two vehicle items.
            covered = items if is_total_label(row.label) else [r for r in items if item_of(r.label).startswith("vehicle")]
            reconcile_rows(findings, row, covered, _is_fact_column)
            continue
        if item is None:
            if "机关运行经费" not in name_key(row.label):  # the combined table's other row
                findings.add("three_public_row_recognised", subject=row.label, table_kind=row.table_kind,
                             page_number=row.page_number, detail="row is no 三公 item: left out")
            continue
        for column, amount in row.cells.items():
            source = funding_source_of(column)
            if source in FISCAL_GRANT_SOURCES:
                amounts[(item, source)] = amount
                pages[(item, source)] = row.pages[column]
            elif not is_total_column(column):
                findings.add("three_public_row_recognised", subject=column, table_kind=row.table_kind,
                             page_number=row.pages[column], actual=amount, detail="unrecognised column left out")
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


def _is_fact_column(column: str) -> bool:
    return funding_source_of(column) in FISCAL_GRANT_SOURCES
