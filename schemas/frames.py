"""The polars schemas of every frame the pipeline passes on: the polars views of schemas/tables.py.

Staging frames (RAW_CELL, RAW_TABLE, STAGED_AMOUNT, NARRATIVE_FACT): every frame a stage writes
is validated against one of these with ``conform`` before it is written to parquet, so a stage
that drifts from the contract fails loudly at its source. Warehouse frames (FRAME_SCHEMAS): the
frame the normaliser builds for each warehouse table, without the columns the loader fills from
dim_document. ``GRAIN`` is what makes a row unique in each warehouse table (without
document_id), which the normaliser and the loader both enforce: a frame with two rows on one
grain is refused, so SUM over a fact table can never double count by accident.
"""

from __future__ import annotations

import polars as pl

from schemas import tables
from schemas.tables import TABLE_KINDS, TABLE_STATUSES, UNITS, WAREHOUSE_TABLES

__all__ = [
    "CHECK_RESULT",
    "FACT_GRAIN",
    "FRAME_SCHEMAS",
    "GRAIN",
    "NARRATIVE_FACT",
    "RAW_CELL",
    "RAW_TABLE",
    "STAGED_AMOUNT",
    "TABLE_KINDS",
    "TABLE_STATUS",
    "TABLE_STATUSES",
    "UNITS",
    "conform",
    "empty",
]

RAW_CELL = tables.RAW_CELL.polars_schema()
RAW_TABLE = tables.RAW_TABLE.polars_schema()
STAGED_AMOUNT = tables.STAGED_AMOUNT.polars_schema()
NARRATIVE_FACT = tables.NARRATIVE_FACT.polars_schema()

GRAIN: dict[str, tuple[str, ...]] = {t.name: t.grain for t in WAREHOUSE_TABLES if t.grain}
FACT_GRAIN = {table: grain for table, grain in GRAIN.items() if table.startswith("fact_")}
FRAME_SCHEMAS = {t.name: t.polars_schema() for t in WAREHOUSE_TABLES}

# One check result as the checks produce it; the loader adds document_id and checked_at.
CHECK_RESULT = tables.QUALITY_CHECK_RESULT.polars_schema()

# What became of each printed table of a document (the rules are
# budget_etl/quality/table_gate.py). The loader adds document_id.
TABLE_STATUS = tables.DOCUMENT_TABLE_STATUS.polars_schema()


def conform(frame: pl.DataFrame, schema: pl.Schema, name: str) -> pl.DataFrame:
    """Return ``frame`` with exactly ``schema``'s columns and types, or raise naming the drift."""
    missing = [c for c in schema.names() if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema]
    if missing or extra:
        raise ValueError(f"{name}: columns differ from schema (missing {missing}, unexpected {extra})")
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])


def empty(schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
