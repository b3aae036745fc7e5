"""Facts of 机关运行经费预算表: unit rows × funding source, not the 部门合计 row.

The department total is told apart by arithmetic: a first (or last) row equal to the sum of
the others. A template that prints 机关运行经费 as one row of the combined 三公 table gives one
row for the department itself.
"""

from __future__ import annotations

import polars as pl

from budget_etl.normalise.checks import Findings, classified_cells
from budget_etl.normalise.labels import funding_source_of
from budget_etl.normalise.names import clean_name, name_key
from budget_etl.normalise.projects import row_total
from budget_etl.normalise.reconcile import ROUNDING_PER_ROW, reconcile_rows
from budget_etl.normalise.rows import Row
from budget_etl.normalise.subtotals import leading_total
from schemas.frames import FRAME_SCHEMAS
from schemas.tables import FACT_OPERATING_COST

OPERATING_COST_KINDS = FACT_OPERATING_COST.sources
SCHEMA = FRAME_SCHEMAS["fact_operating_cost"]


def operating_cost_facts(tables: list[list[Row]], findings: Findings, department_name: str) -> pl.DataFrame:
    findings.ran_check("column_recognised")
    facts = []
    for table in tables:
        if not table:
            continue
        if table[0].table_kind == "three_public_operating_cost":
            units = [(department_name, r) for r in table if "机关运行经费" in name_key(r.label)]
        else:
            rows = list(table)
            totals = [row_total(r) for r in rows]
            if leading_total(totals, ROUNDING_PER_ROW):
                reconcile_rows(findings, rows[0], rows[1:], _is_fact_column)
                rows = rows[1:]
            elif leading_total(totals[::-1], ROUNDING_PER_ROW):
                reconcile_rows(findings, rows[-1], rows[:-1], _is_fact_column)
                rows = rows[:-1]
            units = [(clean_name(r.label), r) for r in rows]
        for unit_name, row in units:
            for source, amount, page in classified_cells(row, funding_source_of, findings, "unit"):
                facts.append(
                    {"unit_name": unit_name, "funding_source": source, "amount_yuan": amount, "page_number": page}
                )
    return pl.DataFrame(facts, schema=SCHEMA)


def _is_fact_column(column: str) -> bool:
    return funding_source_of(column) is not None
