"""The polars views of the per-document warehouse tables: grains, frames, check results.

Derived from the declarations in schemas/tables.py. ``GRAIN`` is what makes a row unique in
each table (without document_id), which the normaliser and the loader both enforce: a frame
with two rows on one grain is refused, so SUM over a fact table can never double count by
accident.
"""

from schemas import tables
from schemas.tables import TABLE_STATUSES, WAREHOUSE_TABLES
from schemas.types import YUAN

__all__ = ["CHECK_RESULT", "FACT_GRAIN", "FRAME_SCHEMAS", "GRAIN", "TABLE_STATUS", "TABLE_STATUSES", "YUAN"]

GRAIN: dict[str, tuple[str, ...]] = {t.name: t.grain for t in WAREHOUSE_TABLES if t.grain}

FACT_GRAIN = {table: grain for table, grain in GRAIN.items() if table.startswith("fact_")}

# The frame the normaliser builds for each warehouse table: its columns without those the
# loader fills from dim_document.
FRAME_SCHEMAS = {t.name: t.polars_schema() for t in WAREHOUSE_TABLES}

# One check result as the checks produce it; the loader adds document_id and checked_at.
CHECK_RESULT = tables.QUALITY_CHECK_RESULT.polars_schema()

# What became of each printed table of a document (the rules are
# budget_etl/quality/table_gate.py). The loader adds document_id.
TABLE_STATUS = tables.DOCUMENT_TABLE_STATUS.polars_schema()
