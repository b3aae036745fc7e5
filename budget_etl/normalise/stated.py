"""Figures stated in the narrative sections, as the rows of fact_narrative.

The narrative reader (budget_etl/narrative.py) records each figure as printed, in its printed
unit (万元 or 元 for money, % for shares and rates, 辆, 平方米). Here each keeps that figure and
unit, and money also gets its exact yuan figure, so a stated figure compares with the tables
without a unit conversion in every query. Shares, counts and areas have no yuan figure.

One row per fact: the first statement of a fact wins, as in the quality checks that read the
same frame (budget_etl/quality/registry.inputs_of), so the warehouse holds the figure they judged.
"""

from __future__ import annotations

import polars as pl

from budget_etl.money import UNIT_FACTORS
from budget_etl.normalise.amounts import with_yuan
from schemas.frames import FRAME_SCHEMAS

SCHEMA = FRAME_SCHEMAS["fact_narrative"]


def narrative_facts(narrative: pl.DataFrame | None) -> pl.DataFrame:
    """NARRATIVE_FACT rows of one document → fact_narrative rows (without the document columns)."""
    if narrative is None or narrative.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    first = narrative.filter(pl.col("amount").is_not_null()).unique(subset=["fact"], keep="first", maintain_order=True)
    money = with_yuan(first.filter(pl.col("unit").is_in(list(UNIT_FACTORS)))).select("fact", "amount_yuan")
    return first.join(money, on="fact", how="left", maintain_order="left").select(
        pl.col("fact"),
        pl.col("amount").cast(SCHEMA["amount"]),
        pl.col("unit"),
        pl.col("amount_yuan").cast(SCHEMA["amount_yuan"]),
        pl.col("page_number").cast(pl.Int32),
        pl.col("sentence"),
    )
