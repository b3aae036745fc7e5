"""Polars schemas of every staging frame: the contract between extraction and the warehouse.

Every frame a stage writes is validated against one of these with ``conform`` before it is
written to parquet, so a stage that drifts from the contract fails loudly at its source.
"""

from __future__ import annotations

import polars as pl

from schemas.types import AMOUNT, TABLE_AMOUNT

# What a recognised table is, whatever its number or title wording in a given template.
TABLE_KINDS: dict[str, str] = {
    "budget_summary": "预算收支总表",
    "revenue_summary": "预算收入总表",
    "expenditure_summary": "预算支出总表",
    "fiscal_grant_summary": "财政拨款收支总表",
    "general_budget_expenditure": "一般公共预算支出预算表",
    "basic_expenditure_economic": "一般公共预算基本支出分经济科目表",
    "government_fund_revenue": "政府性基金预算收入表",
    "government_fund_expenditure": "政府性基金预算支出表",
    "state_capital": "国有资本经营预算收支预算表",
    "three_public": "“三公”经费支出预算表",
    "operating_cost": "机关运行经费预算表",
    # Templates that print 三公 and 机关运行经费 in one table (rows for both).
    "three_public_operating_cost": "“三公”经费和机关运行经费预算表",
    "project_expenditure": "项目支出预算表（本年预算）",
    "project_carryover": "项目支出预算表（上年结转）",
    # 政府采购预算表: the procurement budget by category, where a template prints it as a table.
    "procurement": "政府采购预算表",
}

UNITS = ("万元", "元")

# One row per physical cell of a camelot table, after stitching; kept as parquet per document
# so any staged figure can be traced back to the grid, page and position it came from.
RAW_CELL = pl.Schema(
    {
        "document_id": pl.String,
        "table_seq": pl.Int32,  # order of the table in the document, 0-based
        "table_kind": pl.String,
        "page_number": pl.Int32,  # 1-based PDF page
        "row_index": pl.Int32,  # row in the stitched table
        "col_index": pl.Int32,
        "text": pl.String,  # cell text exactly as camelot returned it
        "x0": pl.Float64,  # cell box in PDF points, origin bottom-left
        "y0": pl.Float64,
        "x1": pl.Float64,
        "y1": pl.Float64,
    }
)

# One row per recognised table: what it is, where it is, and camelot's own quality figures.
RAW_TABLE = pl.Schema(
    {
        "document_id": pl.String,
        "table_seq": pl.Int32,
        "table_kind": pl.String,
        "title": pl.String,
        "first_page": pl.Int32,
        "last_page": pl.Int32,
        "n_rows": pl.Int32,
        "n_cols": pl.Int32,
        "is_empty": pl.Boolean,  # printed with 注：本表无数据
        "unit": pl.String,
        "accuracy": pl.Float64,  # camelot parsing_report accuracy, worst page
        "whitespace": pl.Float64,  # camelot parsing_report whitespace, worst page
    }
)

# The staged long table: one row per non-empty amount cell of a standard table.
STAGED_AMOUNT = pl.Schema(
    {
        "document_id": pl.String,
        "table_seq": pl.Int32,
        "table_kind": pl.String,
        "page_number": pl.Int32,
        "row_index": pl.Int32,  # keeps rows with the same label apart (projects repeat names)
        "row_label": pl.String,  # cleaned printed label: 科目名称, 项目名称, item, unit name
        "row_label_secondary": pl.String,  # 政府预算经济科目名称 in the economic table, else null
        "function_code": pl.String,  # 3/5/7-digit 支出功能分类 code where printed, else null
        "column_label": pl.String,  # cleaned header path, levels joined with "/"
        "amount": TABLE_AMOUNT,  # as printed, in `unit`
        "unit": pl.String,
        "raw_text": pl.String,  # the cell text before repair, for tracing
    }
)

# Figures stated in the narrative sections (政府采购, 三公, 机关运行经费, 国有资产).
NARRATIVE_FACT = pl.Schema(
    {
        "document_id": pl.String,
        "fact": pl.String,  # e.g. procurement_total, procurement_goods, three_public_prior_year
        "amount": AMOUNT,
        "unit": pl.String,  # 万元, 元, 辆, 平方米
        "page_number": pl.Int32,
        "sentence": pl.String,  # the sentence the figure was read from
    }
)


def conform(frame: pl.DataFrame, schema: pl.Schema, name: str) -> pl.DataFrame:
    """Return ``frame`` with exactly ``schema``'s columns and types, or raise naming the drift."""
    missing = [c for c in schema.names() if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema]
    if missing or extra:
        raise ValueError(f"{name}: columns differ from schema (missing {missing}, unexpected {extra})")
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])


def empty(schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
