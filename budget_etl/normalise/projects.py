"""Facts of 项目支出预算表 (本年预算 and 上年结转): projects × funding source, under their unit.

The department row and the unit rows are subtotals, told apart from projects by arithmetic
(subtotals.project_structure), never by name. A project name may repeat with different amounts
(xiaoyi 2026 prints 国运公司注册资本金 three times), so each fact keeps its printed row_index.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budget_etl.normalise.checks import Findings, classified_cells
from budget_etl.normalise.labels import funding_source_of, is_total_column
from budget_etl.normalise.names import clean_name
from budget_etl.normalise.reconcile import ROUNDING_PER_ROW, reconcile_rows
from budget_etl.normalise.rows import Row
from budget_etl.normalise.subtotals import project_structure
from schemas.frames import FRAME_SCHEMAS

PROJECT_KINDS = {"project_expenditure": False, "project_carryover": True}  # kind -> is_carryover
SCHEMA = FRAME_SCHEMAS["fact_project_expenditure"]


def row_total(row: Row) -> Decimal:
    """The row's printed 合计, or the sum of its sources where no 合计 is printed."""
    totals = [a for c, a in row.cells.items() if is_total_column(c)]
    if totals:
        return totals[0]
    return sum((a for c, a in row.cells.items() if funding_source_of(c)), Decimal(0))


def project_facts(tables: list[list[Row]], findings: Findings, department_name: str) -> pl.DataFrame:
    findings.ran_check("project_subtotals_reconcile")
    findings.ran_check("project_row_sources_sum_to_total")
    findings.ran_check("column_recognised")
    facts = []
    for table in tables:
        # "1 2 3 4 5 6 7" under the header is column numbering, not a row of figures.
        rows = [r for r in table if not r.label.strip().isdigit()]
        if not rows:
            continue
        kind = rows[0].table_kind
        totals = [row_total(r) for r in rows]
        structure = project_structure(totals, ROUNDING_PER_ROW)
        # Each subtotal row against the rows it covers, cell by cell (deviations are rounding:
        # the structure was only accepted within the rounding tolerance on the 合计 column).
        for group in structure.groups:
            if group.unit is not None:
                reconcile_rows(findings, rows[group.unit], [rows[i] for i in group.projects], _is_fact_column)
        if structure.department is not None:
            covered = [g.unit for g in structure.groups if g.unit is not None] or [
                i for g in structure.groups for i in g.projects
            ]
            reconcile_rows(findings, rows[structure.department], [rows[i] for i in covered], _is_fact_column)
        if structure.kind == "projects" and len(rows) > 1:
            findings.add(
                "project_subtotals_reconcile",
                table_kind=kind,
                page_number=rows[0].page_number,
                detail="no department or unit row reconciles: every row kept as a project",
            )
        default_unit = (
            clean_name(rows[structure.department].label) if structure.department is not None else department_name
        )
        for group in structure.groups:
            unit_name = clean_name(rows[group.unit].label) if group.unit is not None else default_unit
            for i in group.projects:
                facts += _project_rows(rows[i], unit_name, PROJECT_KINDS[kind], findings)
    return pl.DataFrame(facts, schema=SCHEMA)


def _project_rows(row: Row, unit_name: str, is_carryover: bool, findings: Findings) -> list[dict]:
    # A source printed as several columns (单位资金 over 事业收入, 上级补助收入, 其他收入 …) is
    # their sum: the grain is one figure per source.
    by_source: dict[str, dict] = {}
    for source, amount, page in classified_cells(row, funding_source_of, findings, "project"):
        if source in by_source:
            by_source[source]["amount_yuan"] += amount
            continue
        by_source[source] = {
            "unit_name": unit_name,
            "project_name": clean_name(row.label),
            "is_carryover": is_carryover,
            "funding_source": source,
            "amount_yuan": amount,
            "page_number": page,
            "row_index": row.row_index,
        }
    out = list(by_source.values())
    printed_total = [a for c, a in row.cells.items() if is_total_column(c)]
    summed = sum((r["amount_yuan"] for r in out), Decimal(0))
    if printed_total and printed_total[0] != summed:
        # Each source is rounded on its own: up to one step per source is 尾差 (passes, recorded).
        within = abs(summed - printed_total[0]) <= ROUNDING_PER_ROW * max(len(out), 1)
        findings.add(
            "project_row_sources_sum_to_total",
            passed=within,
            subject=clean_name(row.label),
            table_kind=row.table_kind,
            page_number=row.page_number,
            expected=printed_total[0],
            actual=summed,
            detail=f"project on row {row.row_index}: funding sources differ from its 合计 "
            + ("by rounding (尾差, within tolerance)" if within else "beyond rounding"),
        )
    return out


def _is_fact_column(column: str) -> bool:
    return funding_source_of(column) is not None
