"""Identities of the two summary tables (收支总表, 财政拨款收支总表): sources, classes, balance."""

from __future__ import annotations

from decimal import Decimal

from budget_etl.quality.reading import (
    SUMMARY_KINDS,
    Summary,
    expenditure_total_column,
    fund_of,
    summary_of,
    total_column,
    total_row,
)
from budget_etl.quality.registry import PER_ROW, ZERO, Identity, Inputs, identity, nonblank, tolerance
from budget_etl.quality.results import ERROR
from budget_etl.quality.staged_rows import Row, fmt, is_total_column, last_level

# ------------------------------------------------------------------------------------------------
# The two summary tables (收支总表, 财政拨款收支总表): sources, classes, balance


def fiscal_grant_narrow_totals(inputs: Inputs) -> str | None:
    """Evidence that 财政拨款收支总表 prints its totals on a narrower scope than its own rows.

    Holds when (1) its class rows add up to what the fund tables print (一般公共预算支出表 +
    政府性基金预算支出表 + 国有资本经营预算支出表 合计: the rows are right, three tables agree),
    (2) its expenditure total differs from that sum, and (3) its totals balance among themselves
    (本年收入 = Σ its fund rows = 支出 total), so the total is not one misread cell but a figure
    the publisher printed consistently on another scope (湖州: 42,673.03 everywhere, rows Σ
    192,207.76 = 52,244.36 + 139,963.40). The breaks it causes are the publisher's: WARN.
    """
    fg = inputs.table("fiscal_grant_summary")
    if fg is None:
        return None
    s = summary_of(inputs, fg)
    col, row, rc = total_column(fg, "expenditure"), s.expenditure_this_year or s.expenditure_total, s.revenue_column
    funds = [
        t
        for kind in ("general_budget_expenditure", "government_fund_expenditure", "state_capital")
        if (t := inputs.table(kind)) is not None
    ]
    if col is None or row is None or rc is None or not funds or not s.classes or not s.funds:
        return None
    classes = sum((r.get(col) for r in s.classes), ZERO)
    fund_total = ZERO
    for t in funds:
        trow, tcol = total_row(t), expenditure_total_column(t)
        fund_total += trow.get(tcol) if trow is not None else ZERO
    revenue, _, _ = _this_year_revenue(s, rc)
    printed = row.get(col)
    step = max(fg.step, *(t.step for t in funds))
    rows_agree = abs(classes - fund_total) <= tolerance(len(s.classes) + len(funds), step)
    totals_balance = abs(revenue - printed) <= step and abs(
        sum((r.get(rc) for r in s.funds), ZERO) - revenue
    ) <= tolerance(len(s.funds), step)
    if rows_agree and totals_balance and abs(printed - classes) > tolerance(len(s.classes), step):
        return (
            f"财政拨款收支总表 prints its totals {fmt(printed, fg.unit)} (收入 = 支出 = Σ its fund rows) while its "
            f"class rows add up to {fmt(classes, fg.unit)} {fg.unit}, what the fund tables print: its totals are "
            "printed on a narrower scope than its rows"
        )
    return None


def _summary_compare(
    check: Identity,
    s: Summary,
    *,
    row: Row | None,
    column: str | None,
    expected,
    n,
    subject,
    says,
    scope: str | None = None,
):
    actual = row.get(column) if row is not None else ZERO
    page = (row.pages.get(column, row.page_number) if row is not None else s.table.first_page()) if column else None
    return check.compare(
        expected=expected,
        actual=actual,
        n_terms=n,
        step=s.table.step,
        unit=s.table.unit,
        table_kind=s.table.kind,
        page=page,
        subject=subject,
        says=says,
        scope=scope,
    )


def _this_year_revenue(s: Summary, col: str) -> tuple[Decimal, int, str]:
    """(this year's revenue, figures it is made of, its name): the printed 本年收入合计 (or a
    收入总计 with no carry-over), else the sum of the numbered source rows."""
    row = s.revenue_this_year
    if row is not None:
        return row.get(col), nonblank([row.cells.get(col)]), row.label
    return (
        sum((r.get(col) for r in s.sources), ZERO),
        nonblank(r.cells.get(col) for r in s.sources),
        f"Σ {len(s.sources)} sources",
    )


@identity(
    "summary_revenue_sources",
    ERROR,
    "本年收入合计 = Σ revenue source rows (一、一般公共预算 … 五、单位资金); where no 本年收入合计 and no carry-over "
    "is printed, 收入总计 = Σ source rows; a source printed over its funds (一、财政拨款收入 over 1. 一般公共预算 …) = Σ them",
    PER_ROW,
    "a misread source amount or total in 收支总表 / 财政拨款收支总表",
    SUMMARY_KINDS,
)
def summary_revenue_sources(check: Identity, inputs: Inputs):
    for table in inputs.all_tables(*SUMMARY_KINDS):
        s = summary_of(inputs, table)
        col = s.revenue_column
        if col is None:
            continue
        row = s.revenue_this_year
        if row is not None:
            yield _summary_compare(
                check,
                s,
                row=row,
                column=col,
                expected=sum((r.get(col) for r in s.sources), ZERO),
                n=nonblank(r.cells.get(col) for r in s.sources),
                subject=f"{row.label} / {col}",
                says=f"{row.label} = Σ {len(s.sources)} sources",
            )
        for src in s.sources:
            parts = s.source_parts.get(src.row_index, [])
            if not parts:
                continue
            yield _summary_compare(
                check,
                s,
                row=src,
                column=col,
                expected=sum((r.get(col) for r in parts), ZERO),
                n=nonblank(r.cells.get(col) for r in parts),
                subject=f"{src.label} / {col}",
                says=f"{src.label} = Σ {len(parts)} rows under it",
            )


@identity(
    "summary_expenditure_classes",
    ERROR,
    "本年支出合计 = Σ function-class rows (一、一般公共服务支出 …), in every column; where no 本年支出合计 and no "
    "年终结转 is printed, 支出总计 = Σ class rows",
    PER_ROW,
    "a misread class amount, a class lost at the page break of the summary tables",
    SUMMARY_KINDS,
)
def summary_expenditure_classes(check: Identity, inputs: Inputs):
    for table in inputs.all_tables(*SUMMARY_KINDS):
        s = summary_of(inputs, table)
        row = s.expenditure_this_year
        if row is None:
            continue
        scope = fiscal_grant_narrow_totals(inputs) if table.kind == "fiscal_grant_summary" else None
        for col in s.expenditure_columns:
            yield _summary_compare(
                check,
                s,
                scope=scope,
                row=row,
                column=col,
                expected=sum((r.get(col) for r in s.classes), ZERO),
                n=nonblank(r.cells.get(col) for r in s.classes),
                subject=f"{row.label} / {col}",
                says=f"{row.label} [{last_level(col)}] = Σ {len(s.classes)} classes",
            )


@identity(
    "summary_balance",
    ERROR,
    "收入总计 = 本年收入合计 (else Σ sources) + 上年结转 = 支出总计 = 本年支出合计 (else Σ classes) + 年终结转; "
    "上年财政拨款结转 = Σ its funds; each fund's (or 当年/上年结转) expenditure = its revenue",
    PER_ROW,
    "an unbalanced summary: a misread total or carry-over",
    SUMMARY_KINDS,
)
def summary_balance(check: Identity, inputs: Inputs):
    for table in inputs.all_tables(*SUMMARY_KINDS):
        s = summary_of(inputs, table)
        rc = s.revenue_column
        if rc is None:
            continue
        current_rev, n_rev, rev_name = _this_year_revenue(s, rc)
        carry = s.carryover.get(rc) if s.carryover else ZERO
        if s.revenue_total is not None and s.revenue_this_year is not s.revenue_total:
            yield _summary_compare(
                check,
                s,
                row=s.revenue_total,
                column=rc,
                expected=current_rev + carry,
                n=n_rev + nonblank([s.carryover and s.carryover.cells.get(rc)]),
                subject="收入总计",
                says=f"收入总计 = {rev_name} + 上年结转",
            )
        if s.carryover is not None and s.carryover_parts:
            yield _summary_compare(
                check,
                s,
                row=s.carryover,
                column=rc,
                expected=sum((r.get(rc) for r in s.carryover_parts), ZERO),
                n=nonblank(r.cells.get(rc) for r in s.carryover_parts),
                subject="上年结转",
                says=f"{s.carryover.label} = Σ {len(s.carryover_parts)} funds",
            )
        total_col = total_column(table, "expenditure")
        this_year = s.expenditure_this_year
        for col in s.expenditure_columns:
            if s.expenditure_total is None or this_year is s.expenditure_total:
                continue
            year_end = s.year_end.cells.get(col) if s.year_end else None
            if this_year is not None:
                spent, n_spent, spent_name = this_year.get(col), nonblank([this_year.cells.get(col)]), this_year.label
            else:
                spent = sum((r.get(col) for r in s.classes), ZERO)
                n_spent, spent_name = nonblank(r.cells.get(col) for r in s.classes), f"Σ {len(s.classes)} classes"
            yield _summary_compare(
                check,
                s,
                row=s.expenditure_total,
                column=col,
                expected=spent + (year_end or ZERO),
                n=n_spent + nonblank([year_end]),
                subject=f"支出总计 / {col}",
                says=f"支出总计 [{last_level(col)}] = {spent_name} + 年终结转",
            )
        if s.expenditure_total is not None and s.revenue_total is not None and total_col:
            yield _summary_compare(
                check,
                s,
                row=s.expenditure_total,
                column=total_col,
                expected=s.revenue_total.get(rc),
                n=1,
                subject="支出总计 = 收入总计",
                says="支出总计 = 收入总计",
            )
        if this_year is None:
            continue
        # Balanced by source: 当年预算安排 spends this year's revenue, 上年结转安排 the carry-over;
        # in 财政拨款收支总表 each fund's column spends that fund's revenue and carry-over.
        for col in s.expenditure_columns:
            leaf = last_level(col)
            if col == total_col and not is_total_column(col):
                continue  # the side's only column (长沙: 本年预算) is its total, not a 当年 split
            if "当年" in leaf or "本年" in leaf:
                expected, n, says = current_rev, n_rev, f"{this_year.label} [当年预算安排] = {rev_name}"
            elif "结转" in leaf:
                expected, n, says = carry, 1, f"{this_year.label} [上年结转安排] = 上年结转"
            elif fund_of(col) and not is_total_column(col):
                fund = fund_of(col)
                src = [r for r in s.funds if fund_of(r.label) == fund]
                car = [r for r in s.carryover_parts if fund_of(r.label) == fund]
                expected = sum((r.get(rc) for r in src + car), ZERO)
                n = nonblank(r.cells.get(rc) for r in src + car)
                says = f"{this_year.label} [{leaf}] = {leaf} revenue + its carry-over"
            else:
                continue
            yield _summary_compare(
                check,
                s,
                row=this_year,
                column=col,
                expected=expected,
                n=n,
                subject=f"{this_year.label} / {col}",
                says=says,
            )
