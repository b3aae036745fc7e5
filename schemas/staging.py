"""Polars schemas of every staging frame: the contract between extraction and the warehouse.

Every frame a stage writes is validated against one of these with ``conform`` before it is
written to parquet, so a stage that drifts from the contract fails loudly at its source. The
frames are declared in schemas/tables.py (with their GX suites); these are their polars views.
"""

from __future__ import annotations

import polars as pl

from schemas import tables
from schemas.tables import TABLE_KINDS, UNITS

__all__ = ["NARRATIVE_FACT", "RAW_CELL", "RAW_TABLE", "STAGED_AMOUNT", "TABLE_KINDS", "UNITS", "conform", "empty"]

RAW_CELL = tables.RAW_CELL.polars_schema()
RAW_TABLE = tables.RAW_TABLE.polars_schema()
STAGED_AMOUNT = tables.STAGED_AMOUNT.polars_schema()
NARRATIVE_FACT = tables.NARRATIVE_FACT.polars_schema()


def conform(frame: pl.DataFrame, schema: pl.Schema, name: str) -> pl.DataFrame:
    """Return ``frame`` with exactly ``schema``'s columns and types, or raise naming the drift."""
    missing = [c for c in schema.names() if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema]
    if missing or extra:
        raise ValueError(f"{name}: columns differ from schema (missing {missing}, unexpected {extra})")
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])


def empty(schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
