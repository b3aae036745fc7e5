"""Facts of 政府采购情况: goods, works and services, from the narrative figures.

The narrative states 政府采购预算总额 and its three parts ("其中：货物…、工程…、服务…"); the parts
are the facts, the total stays in staging for the check total = goods + works + services.
A printed "0万元" is a figure (0), not a missing one.
"""

from __future__ import annotations

import polars as pl

from budget_etl.normalise.amounts import with_yuan

CATEGORIES = {"procurement_goods": "goods", "procurement_works": "works", "procurement_services": "services"}
SCHEMA = {"category": pl.String, "amount_yuan": pl.Decimal(18, 2), "page_number": pl.Int32}


def procurement_facts(narrative: pl.DataFrame | None) -> pl.DataFrame:
    if narrative is None or narrative.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    parts = narrative.filter(pl.col("fact").is_in(list(CATEGORIES)))
    if parts.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    # One figure per category: a sentence read twice (e.g. repeated on a page break) counts once.
    parts = with_yuan(parts).sort("page_number").unique(subset=["fact"], keep="first", maintain_order=True)
    return parts.select(
        pl.col("fact").replace_strict(CATEGORIES).alias("category"),
        pl.col("amount_yuan"),
        pl.col("page_number").cast(pl.Int32),
    )
