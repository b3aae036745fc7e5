"""Facts of the tables printed by function code: revenue (预算收入总表) and expenditure.

Only the most detailed printed rows become facts: a 类 or 款 row with rows below it is a
subtotal and 合计 has no code, so SUM over the facts never double counts. Which rows are
subtotals is read from the codes printed in the same table, not from a fixed level, because a
款 printed without its 项 is the most detailed figure there is.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budget_etl.normalise.checks import Findings
from budget_etl.normalise.function_codes import assemble_codes, is_valid_code, most_detailed
from budget_etl.normalise.labels import expenditure_type_of, funding_source_of, is_total_column
from budget_etl.normalise.names import is_total_label
from budget_etl.normalise.reconcile import ROUNDING_PER_ROW, printed_alike, reconcile_rows
from budget_etl.normalise.rows import Row
from schemas.frames import FRAME_SCHEMAS
from schemas.tables import FACT_REVENUE

# Expenditure tables and the budget scope each one is (the scopes overlap by design).
EXPENDITURE_SCOPES = {
    "expenditure_summary": "all_funds",
    "general_budget_expenditure": "general_public_budget",
    "government_fund_expenditure": "government_fund",
    "state_capital": "state_capital_operation",
}
REVENUE_KINDS = FACT_REVENUE.sources

REVENUE_SCHEMA = FRAME_SCHEMAS["fact_revenue"]
EXPENDITURE_SCHEMA = FRAME_SCHEMAS["fact_expenditure"]


def coded_rows(
    table: list[Row],
    findings: Findings,
    is_fact_column,
    *,
    two_sided: bool = False,
    printed: list[tuple[str, str]] | None = None,
) -> list[Row]:
    """The rows of one coded table that are facts: valid codes, most detailed level.

    Codes split over 类|款|项 columns are assembled first. Invalid codes are reported (error)
    and their rows left out; a non-total row without any code is reported (warning).
    ``two_sided``: a revenue ↔ expenditure table whose other side's rows carry no code.
    Printed 合计 rows are reconciled with the rows kept (``is_fact_column``: which columns
    hold facts). ``printed`` collects (code, printed name) of every valid row, subtotals included, for the
    function dimension.
    """
    for row, code in zip(table, assemble_codes(r.code for r in table)):
        row.code = code
    findings.ran_check("function_code_valid")
    findings.ran_check("function_row_has_code")
    kept, totals = [], []
    for row in table:
        if row.code is None:
            # 合计 has no code; some templates print it in the code column, leaving the name blank.
            if is_total_label(row.label) or not row.label.strip():
                totals.append(row)
            elif not two_sided:
                findings.add(
                    "function_row_has_code",
                    subject=row.label,
                    table_kind=row.table_kind,
                    page_number=row.page_number,
                    detail="row without a function code left out of the facts",
                )
            continue
        if not is_valid_code(row.code):
            findings.add(
                "function_code_valid",
                subject=row.code,
                table_kind=row.table_kind,
                page_number=row.page_number,
                detail=f"invalid function code on row {row.label!r}",
            )
            continue
        kept.append(row)
        if printed is not None:
            printed.append((row.code, row.label))
    kept = _merge_unit_blocks(kept, totals)
    leaves = most_detailed(r.code for r in kept)
    details = [r for r in kept if r.code in leaves]
    if not any(r.code for r in table):
        # Printed by unit, not by function code (泉州's 收入总表): no row can be a fact of this
        # table (each was reported above), so its 合计 is not the sum of any facts. The
        # identities check it against the unit rows (coded_table_total).
        for total in totals:
            findings.printed.keep_row(total)
        return details
    for total in totals:
        reconcile_rows(findings, total, details, is_fact_column)
    # 类 = Σ 项 and 款 = Σ 项: each printed subtotal row against the detail rows under it.
    for subtotal in (r for r in kept if r.code not in leaves):
        under = [r for r in details if r.code.startswith(subtotal.code)]
        reconcile_rows(findings, subtotal, under, is_fact_column)
    return details


def _merge_unit_blocks(kept: list[Row], totals: list[Row]) -> list[Row]:
    """One row per code where the table prints its budget units one block after another.

    北京's 一般公共预算支出表 prints each unit's rows in turn with no unit column (2040601 行政运行
    three times); the department's figure for a code is the sum of its blocks. The evidence is
    the 合计: it equals the sum of every top-level row, repeats included, in its total column.
    Without that evidence repeated codes stay as printed (fact_grain_unique reports them).
    """
    by_code: dict[str, list[Row]] = {}
    for row in kept:
        by_code.setdefault(row.code, []).append(row)
    if all(len(rows) == 1 for rows in by_code.values()) or not totals:
        return kept
    total = totals[0]
    columns = [c for c in total.cells if is_total_column(c)]
    if not columns:
        return kept
    column = min(columns, key=lambda c: c.count("/"))  # the grand total: 合计 over 小计
    codes = set(by_code)
    top = [r for r in kept if not any(r.code[:n] in codes for n in (3, 5) if len(r.code) > n)]
    summed = sum((r.cells.get(column, Decimal(0)) for r in top), Decimal(0))
    if abs(total.cells[column] - summed) > ROUNDING_PER_ROW * len(top):
        return kept
    merged = []
    for rows in by_code.values():
        first = rows[0]
        if len(rows) > 1:
            first = Row(
                first.table_kind,
                first.table_seq,
                first.row_index,
                first.page_number,
                first.label,
                first.secondary,
                first.code,
                first.unit,
            )
            for r in rows:
                for c, v in r.cells.items():
                    first.cells[c] = first.cells.get(c, Decimal(0)) + v
                    first.pages.setdefault(c, r.pages[c])
        merged.append(first)
    return merged


def revenue_facts(
    tables: list[list[Row]], findings: Findings, printed: list[tuple[str, str]] | None = None
) -> pl.DataFrame:
    findings.ran_check("column_recognised")
    facts = []
    for table in tables:
        for row in coded_rows(table, findings, _is_revenue_column, printed=printed):
            for column, amount in row.cells.items():
                source = funding_source_of(column, carryover_wins=True)
                if source is None:
                    if not is_total_column(column):
                        _unknown_column(findings, row, column)
                    continue
                facts.append(
                    {
                        "function_code": row.code,
                        "funding_source": source,
                        "amount_yuan": amount,
                        "page_number": row.pages[column],
                    }
                )
    return pl.DataFrame(facts, schema=REVENUE_SCHEMA)


def expenditure_facts(
    tables: list[list[Row]], findings: Findings, printed: list[tuple[str, str]] | None = None
) -> pl.DataFrame:
    findings.ran_check("column_recognised")
    facts = []
    since = len(findings.rows)
    for table in tables:
        scope = EXPENDITURE_SCOPES[table[0].table_kind]
        two_sided = table[0].table_kind == "state_capital"
        # In the two-sided 国有资本经营 table only the expenditure side's cells count.
        rows = [r for r in table if not two_sided or any(expenditure_type_of(c) for c in r.cells)]
        for row in coded_rows(rows, findings, _is_expenditure_column, two_sided=two_sided, printed=printed):
            for column, amount in row.cells.items():
                kind = expenditure_type_of(column)
                if kind is None:
                    if not is_total_column(column) and not two_sided:
                        _unknown_column(findings, row, column)
                    continue
                facts.append(
                    {
                        "budget_scope": scope,
                        "function_code": row.code,
                        "expenditure_type": kind,
                        "amount_yuan": amount,
                        "page_number": row.pages[column],
                    }
                )
    printed_alike(findings, since)
    return pl.DataFrame(facts, schema=EXPENDITURE_SCHEMA)


def _unknown_column(findings: Findings, row: Row, column: str) -> None:
    """One finding per table and column (its first cell), not one per cell."""
    key = ("column_recognised", row.table_seq, column)
    if key in findings.reported:
        return
    findings.reported.add(key)
    findings.add(
        "column_recognised",
        subject=column,
        table_kind=row.table_kind,
        page_number=row.pages[column],
        actual=row.cells[column],
        detail=f"amount under an unrecognised column left out (row {row.label!r})",
    )


def _is_revenue_column(column: str) -> bool:
    return funding_source_of(column, carryover_wins=True) is not None


def _is_expenditure_column(column: str) -> bool:
    return expenditure_type_of(column) is not None
