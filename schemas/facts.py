"""The grain of every per-document warehouse table, and the columns of a quality check result.

The DDL (warehouse.sql) says what the tables are; this says what makes a row unique in each
(without document_id), which the normaliser and the loader both enforce: a frame with two rows
on one grain is refused, so SUM over a fact table can never double count by accident.
"""

import polars as pl

from schemas.types import YUAN

GRAIN: dict[str, tuple[str, ...]] = {
    "fact_revenue": ("function_code", "funding_source"),
    "fact_expenditure": ("budget_scope", "function_code", "expenditure_type"),
    "fact_expenditure_economic": (
        "economic_code_department",
        "economic_name_department",
        "economic_code_government",
        "economic_name_government",
        "cost_type",
    ),
    # project names repeat within a document, so the printed row tells two projects apart
    "fact_project_expenditure": ("unit_name", "project_name", "row_index", "is_carryover", "funding_source"),
    "fact_three_public": ("item", "funding_source"),
    "fact_procurement": ("category",),
    "fact_operating_cost": ("unit_name", "funding_source"),
    "fact_printed_total": ("table_kind", "row_index", "row_label", "function_code", "column_label"),
    "fact_narrative": ("fact",),
    "function_class_printed_name": ("code", "printed_name"),
    "document_table_status": ("table_kind",),
}

FACT_GRAIN = {table: grain for table, grain in GRAIN.items() if table.startswith("fact_")}

# One check result as the checks produce it; the loader adds document_id and checked_at
# (quality_check_result in warehouse.sql).
CHECK_RESULT = pl.Schema(
    {
        "check_name": pl.String,
        "severity": pl.String,
        "passed": pl.Boolean,
        "expected": YUAN,
        "actual": YUAN,
        "difference": YUAN,
        "table_kind": pl.String,
        "page_number": pl.Int32,
        "subject": pl.String,
        "detail": pl.String,
    }
)

# What became of each printed table of a document (document_table_status in warehouse.sql; the
# rules are budget_etl/quality/table_gate.py). The loader adds document_id.
TABLE_STATUSES = ("loaded", "withheld", "empty", "unreadable", "missing")
TABLE_STATUS = pl.Schema(
    {
        "table_kind": pl.String,
        "status": pl.String,
        "first_page": pl.Int32,
        "last_page": pl.Int32,
        "rows_loaded": pl.Int32,
        "rows_withheld": pl.Int32,
        "failed_checks": pl.String,
        "detail": pl.String,
    }
)
