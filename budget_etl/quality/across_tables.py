"""Identities across tables: the same budget restated by source, function, fund and project agrees."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from budget_etl.quality.reading import (
    FISCAL_FUNDS,
    PROJECT_KINDS,
    class_rows,
    coded_rows,
    expenditure_total_column,
    fund_of,
    is_fiscal_grant_text,
    printed_by_unit,
    revenue_columns,
    summary_of,
    total_column,
    total_row,
    type_column,
)
from budget_etl.quality.registry import ONE_STEP, PER_ROW, ZERO, Identity, Inputs, coarser, identity, nonblank
from budget_etl.quality.results import ERROR, WARN
from budget_etl.quality.staged_rows import Row, Table, fmt, is_total_column, last_level
from budget_etl.quality.summary_tables import fiscal_grant_narrow_totals
from budget_etl.quality.three_public_items import (
    THREE_PUBLIC_KINDS,
    item_grid,
    item_of,
    operating_cost_figure,
)

# Every identity here compares two printed tables: a break may be in either, so it covers both.
across_tables = partial(identity, across=True)


# ------------------------------------------------------------------------------------------------
# Totals across tables


def _cross(
    check: Identity,
    *,
    expected,
    actual,
    n,
    tables: tuple[Table | None, ...],
    at: Table,
    row: Row | None,
    column: str | None,
    subject: str,
    says: str,
    scope: str | None = None,
):
    step, unit = coarser(*tables)
    page = (row.pages.get(column, row.page_number) if row is not None and column else None) or at.first_page()
    return check.compare(
        expected=expected,
        actual=actual,
        n_terms=n,
        step=step,
        unit=unit,
        table_kind=at.kind,
        page=page,
        subject=subject,
        says=says,
        scope=scope,
    )


@across_tables(
    "summary_tables_agree",
    ERROR,
    "收支总表 = 收入总表 = 支出总表 = 财政拨款收支总表 on their shared totals: 本年收入合计, each source, 上年结转, "
    "本年支出合计; 支出总表 合计 = 收入总表 本年收入 + 上年结转",
    ONE_STEP + "; 0.01 per summed figure where two are added",
    "a table read with the wrong total row or column, or two tables that disagree in print",
    ("budget_summary", "revenue_summary", "expenditure_summary", "fiscal_grant_summary"),
)
def summary_tables_agree(check: Identity, inputs: Inputs):
    bs, rs, es, fg = (
        inputs.table(k) for k in ("budget_summary", "revenue_summary", "expenditure_summary", "fiscal_grant_summary")
    )
    rev_total = total_row(rs) if rs else None
    exp_total = total_row(es) if es else None
    rcols = revenue_columns(rs) if rs else None
    summary = summary_of(inputs, bs) if bs else None
    if summary and rev_total is not None and summary.revenue_column:
        rc = summary.revenue_column
        this_year = summary.revenue_this_year
        if this_year is not None:
            yield _cross(
                check,
                expected=rcols.current(rev_total),
                actual=this_year.get(rc),
                n=1,
                tables=(bs, rs),
                at=bs,
                row=this_year,
                column=rc,
                subject=f"收支总表 {this_year.label}",
                says=f"收支总表 {this_year.label} = 收入总表 合计 [本年收入]",
            )
        if summary.carryover is not None or rcols.n_carryover(rev_total):
            actual = summary.carryover.get(rc) if summary.carryover else ZERO
            yield _cross(
                check,
                expected=rcols.carryover(rev_total),
                actual=actual,
                n=1,
                tables=(bs, rs),
                at=bs,
                row=summary.carryover,
                column=rc,
                subject="收支总表 上年结转",
                says="收支总表 上年结转 = 收入总表 合计 [上年结转]",
            )
        for src in summary.funds:
            fund = fund_of(src.label)
            column = rcols.sources.get(fund)
            if column is None and rcols.fiscal_grant and fund in FISCAL_FUNDS:
                continue  # 收入总表 prints the fiscal funds together: compared as 财政拨款 below
            expected = rev_total.get(column) if column else ZERO
            yield _cross(
                check,
                expected=expected,
                actual=src.get(rc),
                n=1,
                tables=(bs, rs),
                at=bs,
                row=src,
                column=rc,
                subject=f"收支总表 {src.label}",
                says=f"收支总表 {src.label} = 收入总表 合计 [{last_level(column) if column else fund}]",
            )
        if rcols.fiscal_grant:
            fiscal = [r for r in summary.funds if fund_of(r.label) in FISCAL_FUNDS]
            group = next((r for r in summary.sources if is_fiscal_grant_text(r.label)), None)
            row = group if group is not None else (fiscal[0] if fiscal else None)
            actual = group.get(rc) if group is not None else sum((r.get(rc) for r in fiscal), ZERO)
            yield _cross(
                check,
                expected=rev_total.get(rcols.fiscal_grant),
                actual=actual,
                n=1 if group else max(len(fiscal), 1),
                tables=(bs, rs),
                at=bs,
                row=row,
                column=rc,
                subject="收支总表 财政拨款",
                says=f"收支总表 {group.label if group else '财政拨款 funds'} = 收入总表 合计 [{last_level(rcols.fiscal_grant)}]",
            )
    if summary and exp_total is not None and summary.expenditure_this_year is not None:
        col = total_column(bs, "expenditure")
        es_col = total_column(es)
        this_year = summary.expenditure_this_year
        if col and es_col:
            yield _cross(
                check,
                expected=exp_total.get(es_col),
                actual=this_year.get(col),
                n=1,
                tables=(bs, es),
                at=bs,
                row=this_year,
                column=col,
                subject=f"收支总表 {this_year.label}",
                says=f"收支总表 {this_year.label} = 支出总表 合计",
            )
    if rev_total is not None and exp_total is not None:
        es_col = total_column(es)
        if es_col:
            yield _cross(
                check,
                expected=rcols.current(rev_total) + rcols.carryover(rev_total),
                actual=exp_total.get(es_col),
                n=rcols.n_current(rev_total) + rcols.n_carryover(rev_total),
                tables=(rs, es),
                at=es,
                row=exp_total,
                column=es_col,
                subject="支出总表 合计",
                says="支出总表 合计 = 收入总表 本年收入 + 上年结转",
            )
    if fg and summary:
        fsum = summary_of(inputs, fg)
        fc = fsum.revenue_column
        narrow = fiscal_grant_narrow_totals(inputs)
        # 收支总表 may print the fiscal funds as one row that names none (珠海: 一、预算拨款):
        # then 财政拨款收支总表's fiscal funds together are compared with it.
        group = next(
            (
                r
                for r in summary.sources
                if is_fiscal_grant_text(r.label)
                and not any(fund_of(p.label) for p in summary.source_parts.get(r.row_index, []))
            ),
            None,
        )
        if group is not None and fc and summary.revenue_column:
            fiscal = [r for r in fsum.funds if fund_of(r.label) in FISCAL_FUNDS]
            carry = (
                [r for r in fsum.carryover_parts if fund_of(r.label) in FISCAL_FUNDS]
                if summary.carryover is None
                else []
            )
            if fiscal:
                yield _cross(
                    check,
                    expected=group.get(summary.revenue_column),
                    actual=sum((r.get(fc) for r in fiscal + carry), ZERO),
                    n=len(fiscal + carry),
                    tables=(fg, bs),
                    at=fg,
                    row=fiscal[0],
                    column=fc,
                    subject="财政拨款收支总表 财政拨款",
                    says=f"财政拨款收支总表 Σ {len(fiscal)} funds"
                    + (" + 上年结转" if carry else "")
                    + f" = 收支总表 {group.label}",
                    scope=narrow,
                )
        for src in fsum.funds:
            fund = fund_of(src.label)
            match = next((r for r in summary.funds if fund_of(r.label) == fund), None)
            if fc is None or summary.revenue_column is None:
                continue
            if match is None and group is not None and fund in FISCAL_FUNDS:
                continue  # compared together above
            # A 收支总表 that prints no 上年结转 row states each fund's whole budget, its
            # carry-over included (重庆: 一、一般公共预算资金 12,672.73 = 本年 12,572.73 + 上年结转 100.00).
            carry = [r for r in fsum.carryover_parts if fund_of(r.label) == fund] if summary.carryover is None else []
            actual = src.get(fc) + sum((r.get(fc) for r in carry), ZERO)
            yield _cross(
                check,
                expected=match.get(summary.revenue_column) if match else ZERO,
                actual=actual,
                n=1 + len(carry),
                tables=(fg, bs),
                at=fg,
                row=src,
                column=fc,
                subject=f"财政拨款收支总表 {src.label}",
                says=f"财政拨款收支总表 {src.label}"
                + (" + 上年结转" if carry else "")
                + f" = 收支总表 {match.label if match else fund}",
                scope=narrow,
            )


@across_tables(
    "summary_classes_match_detail",
    ERROR,
    "收支总表 each function class: 合计 = 支出总表 类 合计; 当年预算安排 = 收入总表 类 本年收入; 上年结转安排 = 收入总表 类 上年结转",
    ONE_STEP,
    "a class amount misread in one of the three tables, or a class matched to the wrong row",
    ("budget_summary", "expenditure_summary", "revenue_summary"),
)
def summary_classes_match_detail(check: Identity, inputs: Inputs):
    bs, es, rs = inputs.table("budget_summary"), inputs.table("expenditure_summary"), inputs.table("revenue_summary")
    if bs is None or (es is None and rs is None):
        return
    s = summary_of(inputs, bs)
    es_col = total_column(es) if es else None
    bs_total = total_column(bs, "expenditure")
    # 长沙's 收支总表 lists its expenditure by type (一、基本支出 二、项目支出 …), not by function
    # class: those rows restate 支出总表's 合计 row, column by column.
    by_type = [r for r in s.classes if _type_word(r.name)]
    classes = [r for r in s.classes if not _type_word(r.name)]
    exp_total = total_row(es) if es else None
    if es is not None and exp_total is not None and bs_total:
        for row in by_type:
            col = type_column(es, _type_word(row.name))
            if col is None:
                continue
            yield _cross(
                check,
                expected=exp_total.get(col),
                actual=row.get(bs_total),
                n=1,
                tables=(bs, es),
                at=bs,
                row=row,
                column=bs_total,
                subject=f"{row.name} / {bs_total}",
                says=f"收支总表 {row.name} = 支出总表 合计 [{last_level(col)}]",
            )
    if by_type and not classes:
        return  # no function class printed in 收支总表
    es_classes = {r.name: r for r in class_rows(es).values()} if es else {}
    rs_classes = {r.name: r for r in class_rows(rs).values()} if rs else {}
    rcols = revenue_columns(rs) if rs else None
    names = {r.name for r in classes} | set(es_classes) | set(rs_classes)
    by_name = {r.name: r for r in classes}
    for class_name in sorted(names, key=lambda n: (by_name[n].row_index if n in by_name else 10**6, n)):
        row = by_name.get(class_name)
        for col in s.expenditure_columns:
            leaf = last_level(col)
            if (is_total_column(col) or col == bs_total) and es is not None and es_col:
                other = es_classes.get(class_name)
                expected, against, label = (other.get(es_col) if other else ZERO), es, "支出总表 合计"
            elif ("当年" in leaf or "本年" in leaf) and rs is not None:
                other = rs_classes.get(class_name)
                expected, against, label = (rcols.current(other) if other else ZERO), rs, "收入总表 本年收入"
            elif "结转" in leaf and rs is not None:
                other = rs_classes.get(class_name)
                expected, against, label = (rcols.carryover(other) if other else ZERO), rs, "收入总表 上年结转"
            else:
                continue
            actual = row.get(col) if row else ZERO
            if not expected and not actual:
                continue
            yield _cross(
                check,
                expected=expected,
                actual=actual,
                n=1,
                tables=(bs, against),
                at=bs,
                row=row,
                column=col,
                subject=f"{class_name} / {col}",
                says=f"收支总表 {class_name} [{leaf}] = {label}",
            )


_TYPE_WORDS = ("基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出", "上缴上级支出")


def _type_word(row_name: str) -> str | None:
    """The expenditure type a 收支总表 row names (基本支出 …), or None for a function class."""
    return next((w for w in _TYPE_WORDS if row_name == w), None)


def _by_code(check: Identity, inputs: Inputs, left_kind: str, left_value, right_kind: str, right_value, says: str):
    """For every code printed in either table: left_value(row) = right_value(row) (missing row: 0)."""
    left, right = inputs.table(left_kind), inputs.table(right_kind)
    if left is None or right is None:
        return
    lrows, rrows = coded_rows(left), coded_rows(right)
    if printed_by_unit(left) or printed_by_unit(right):
        return  # a table printed by unit, not by function code (泉州's 收入总表): no code to compare
    for code in sorted(set(lrows) | set(rrows)):
        lrow, rrow = lrows.get(code), rrows.get(code)
        actual, _ = left_value(left, lrow) if lrow else (ZERO, 0)
        expected, n = right_value(right, rrow) if rrow else (ZERO, 0)
        if not actual and not expected:
            continue
        label = (lrow or rrow).describe()
        yield _cross(
            check,
            expected=expected,
            actual=actual,
            n=n,
            tables=(left, right),
            at=left if lrow else right,
            row=lrow or rrow,
            column=None,
            subject=code,
            says=f"{label}: {says}",
        )


def _total_of(table: Table, row: Row) -> tuple[Decimal, int]:
    col = total_column(table)
    return row.get(col), nonblank([row.cells.get(col)])


def _fund_of_revenue(fund: str):
    def value(table: Table, row: Row) -> tuple[Decimal, int]:
        col = revenue_columns(table).sources.get(fund)
        return row.get(col), nonblank([row.cells.get(col)]) if col else 0

    return value


def _revenue_with_carryover(table: Table, row: Row) -> tuple[Decimal, int]:
    rc = revenue_columns(table)
    return rc.current(row) + rc.carryover(row), rc.n_current(row) + rc.n_carryover(row)


@across_tables(
    "revenue_matches_expenditure_by_code",
    ERROR,
    "each function code: 支出总表 合计 = 收入总表 本年收入合计 + 上年结转",
    PER_ROW,
    "a function code or amount misread in 收入总表 or 支出总表 (the budget balances code by code)",
    ("expenditure_summary", "revenue_summary"),
)
def revenue_matches_expenditure_by_code(check: Identity, inputs: Inputs):
    return _by_code(
        check,
        inputs,
        "expenditure_summary",
        _total_of,
        "revenue_summary",
        _revenue_with_carryover,
        "支出总表 合计 = 收入总表 本年收入 + 上年结转",
    )


_FUND_TABLES = (
    ("general_public_budget", "general_budget_expenditure"),
    ("government_fund", "government_fund_expenditure"),
    ("state_capital_operation", "state_capital"),
)


def _fiscal_grant_column(inputs: Inputs, fund: str) -> str | None:
    """收入总表's 财政拨款 column where it prints the fiscal funds together and has no column
    for ``fund``: then the fund tables are compared with it together (``_fiscal_grant_by_code``)."""
    rs = inputs.table("revenue_summary")
    if rs is None:
        return None
    rcols = revenue_columns(rs)
    return rcols.fiscal_grant if fund not in rcols.sources else None


def _fiscal_grant_by_code(check: Identity, inputs: Inputs):
    """Σ fund expenditure tables 合计 = 收入总表 财政拨款, code by code."""
    rs = inputs.table("revenue_summary")
    column = revenue_columns(rs).fiscal_grant
    funds = [(kind, t) for _, kind in _FUND_TABLES if (t := inputs.table(kind)) is not None]
    if not funds:
        return
    rrows = coded_rows(rs)
    if printed_by_unit(rs):
        return  # 收入总表 printed by unit, not by function code
    by_table = [(t, coded_rows(t), expenditure_total_column(t)) for _, t in funds]
    codes = set(rrows) | {c for _, rows, _ in by_table for c in rows}
    for code in sorted(codes):
        printed = [(t, rows[code], col) for t, rows, col in by_table if code in rows]
        actual = sum((r.get(col) for _, r, col in printed), ZERO)
        rrow = rrows.get(code)
        expected = rrow.get(column) if rrow else ZERO
        if not actual and not expected:
            continue
        n = nonblank([rrow.cells.get(column)] if rrow else []) + nonblank(r.cells.get(col) for _, r, col in printed)
        at, row = (printed[0][0], printed[0][1]) if printed else (rs, rrow)
        kinds = " + ".join(t.kind for t, _, _ in printed) or "fund tables"
        yield _cross(
            check,
            expected=expected,
            actual=actual,
            n=max(n - 1, 1),
            tables=(rs, *(t for _, t in funds)),
            at=at,
            row=row,
            column=None,
            subject=code,
            says=f"{row.describe()}: {kinds} 合计 = 收入总表 [{last_level(column)}]",
        )


@across_tables(
    "general_budget_matches_revenue_by_code",
    ERROR,
    "each function code: 一般公共预算支出表 合计 = 收入总表 一般公共预算; where 收入总表 prints the fiscal funds in one "
    "财政拨款 column, 一般公共预算 + 政府性基金 + 国有资本经营 支出表 合计 = 收入总表 财政拨款",
    ONE_STEP,
    "a code or amount misread in 一般公共预算支出表 or 收入总表",
    ("general_budget_expenditure", "revenue_summary"),
)
def general_budget_matches_revenue_by_code(check: Identity, inputs: Inputs):
    if _fiscal_grant_column(inputs, "general_public_budget"):
        return _fiscal_grant_by_code(check, inputs)
    return _by_code(
        check,
        inputs,
        "general_budget_expenditure",
        _total_of,
        "revenue_summary",
        _fund_of_revenue("general_public_budget"),
        "一般公共预算支出 = 收入总表 一般公共预算",
    )


@across_tables(
    "government_fund_matches_revenue_by_code",
    ERROR,
    "each function code: 政府性基金预算支出表 合计 = 收入总表 政府性基金 (a 收入总表 with one 财政拨款 column: "
    "compared with the other fund tables, under general_budget_matches_revenue_by_code)",
    ONE_STEP,
    "a code or amount misread in 政府性基金预算支出表 or 收入总表",
    ("government_fund_expenditure", "revenue_summary"),
)
def government_fund_matches_revenue_by_code(check: Identity, inputs: Inputs):
    if _fiscal_grant_column(inputs, "government_fund"):
        return iter(())
    return _by_code(
        check,
        inputs,
        "government_fund_expenditure",
        _total_of,
        "revenue_summary",
        _fund_of_revenue("government_fund"),
        "政府性基金支出 = 收入总表 政府性基金",
    )


def _fund_tables_hold_carryover(inputs: Inputs) -> bool:
    """Do the fund expenditure tables include the spending of the carry-over?

    They restate 收入总表's fund columns code by code (``*_matches_revenue_by_code``). Where
    收入总表 prints 上年结转 in a column of its own, its fund columns are this year's revenue and
    the fund tables this year's spending (山西); where it prints no 上年结转 column, its fund
    columns are the fund's whole budget, carry-over included, and so are the fund tables (重庆:
    一般公共预算拨款收入 12,672.73 = 本年 12,572.73 + 上年结转 100.00).
    """
    rs = inputs.table("revenue_summary")
    return rs is not None and not revenue_columns(rs).has_carryover


@across_tables(
    "fiscal_grant_matches_fund_tables",
    ERROR,
    "财政拨款收支总表 本年支出合计 [一般公共预算] = 一般公共预算支出表 合计 + 上年结转 一般公共预算 (+ 上年结转 only where "
    "收入总表 prints it in a column of its own: else the fund tables include it); same for 政府性基金",
    PER_ROW,
    "a misread fund total in 财政拨款收支总表, or a fund table read short",
    ("fiscal_grant_summary", "general_budget_expenditure", "government_fund_expenditure"),
)
def fiscal_grant_matches_fund_tables(check: Identity, inputs: Inputs):
    fg = inputs.table("fiscal_grant_summary")
    if fg is None:
        return
    s = summary_of(inputs, fg)
    if s.current_expenditure is None or s.revenue_column is None:
        return
    for fund, kind in (
        ("general_public_budget", "general_budget_expenditure"),
        ("government_fund", "government_fund_expenditure"),
    ):
        col = next((c for c in s.expenditure_columns if fund_of(c) == fund and not is_total_column(c)), None)
        detail = inputs.table(kind)
        if col is None or detail is None:
            continue
        trow = total_row(detail)
        tcol = total_column(detail)
        current = trow.get(tcol) if trow is not None else ZERO
        carry = (
            [] if _fund_tables_hold_carryover(inputs) else [r for r in s.carryover_parts if fund_of(r.label) == fund]
        )
        expected = current + sum((r.get(s.revenue_column) for r in carry), ZERO)
        n = nonblank([trow.cells.get(tcol) if trow is not None else None]) + nonblank(
            r.cells.get(s.revenue_column) for r in carry
        )
        yield _cross(
            check,
            expected=expected,
            actual=s.current_expenditure.get(col),
            n=n,
            tables=(fg, detail),
            at=fg,
            row=s.current_expenditure,
            column=col,
            subject=f"本年支出合计 / {col}",
            says=f"财政拨款收支总表 本年支出合计 [{last_level(col)}] = {kind} 合计 + 上年结转",
        )


@across_tables(
    "basic_expenditure_matches_economic",
    ERROR,
    "一般公共预算支出表 合计 [基本支出] = 基本支出经济科目表 合计",
    ONE_STEP,
    "the economic table read short (a page or a category lost), or a misread total",
    ("general_budget_expenditure", "basic_expenditure_economic"),
)
def basic_expenditure_matches_economic(check: Identity, inputs: Inputs):
    gb, ec = inputs.table("general_budget_expenditure"), inputs.table("basic_expenditure_economic")
    if gb is None or ec is None:
        return
    gb_total, ec_total = total_row(gb), total_row(ec)
    basic = type_column(gb, "基本支出")
    if gb_total is None or ec_total is None or basic is None:
        return
    yield _cross(
        check,
        expected=gb_total.get(basic),
        actual=ec_total.get(total_column(ec)),
        n=1,
        tables=(gb, ec),
        at=ec,
        row=ec_total,
        column=total_column(ec),
        subject="合计",
        says="经济科目表 合计 = 一般公共预算支出表 基本支出",
    )


@across_tables(
    "operating_cost_matches_public_funds",
    WARN,
    "机关运行经费 部门合计 = 经济科目表 合计 [公用经费]",
    ONE_STEP,
    "a misread operating cost; differs legitimately where 事业单位 not under 参公 carry 公用经费",
    ("operating_cost", "three_public_operating_cost", "basic_expenditure_economic"),
)
def operating_cost_matches_public_funds(check: Identity, inputs: Inputs):
    figure, ec = operating_cost_figure(inputs), inputs.table("basic_expenditure_economic")
    if figure is None or ec is None:
        return
    value, table, row, col = figure
    total, public = total_row(ec), type_column(ec, "公用经费")
    if total is None or public is None:
        return
    yield _cross(
        check,
        expected=total.get(public),
        actual=value,
        n=1,
        tables=(table, ec),
        at=table,
        row=row,
        column=col,
        subject="部门合计",
        says="机关运行经费 部门合计 = 经济科目表 公用经费",
    )


@across_tables(
    "three_public_covers_economic_items",
    WARN,
    "经济科目表 item 因公出国（境）费 / 公务接待费 / 公务用车运行维护费 ≤ the 三公 item [一般公共预算]",
    ONE_STEP,
    "a 三公 item printed smaller than the basic expenditure on that item alone",
    ("basic_expenditure_economic", "three_public", "three_public_operating_cost"),
)
def three_public_covers_economic_items(check: Identity, inputs: Inputs):
    ec = inputs.table("basic_expenditure_economic")
    tp = inputs.table(*THREE_PUBLIC_KINDS)
    if ec is None or tp is None:
        return
    grid = item_grid(tp)
    fund_key = next((k for k in grid.cells if fund_of(k) == "general_public_budget"), grid.total_key)
    tp_items = grid.cells.get(fund_key or "", {})
    total = total_column(ec)
    step, unit = coarser(ec, tp)
    for row in ec.rows:
        item = item_of(row.label) if row.secondary else None
        if item not in ("outbound_travel", "official_reception", "vehicle_operation"):
            continue
        spent = row.get(total)
        covered = tp_items.get(item, (ZERO, None))[0]
        yield check.result(
            passed=spent <= covered + step,
            expected=covered,
            actual=spent,
            table_kind=ec.kind,
            page_number=row.pages.get(total, row.page_number),
            subject=row.label,
            detail=f"经济科目表 {row.label} {fmt(spent, unit)} ≤ 三公 {row.label} {fmt(covered, unit)} {unit}",
        )


@across_tables(
    "project_expenditure_matches_fund_tables",
    ERROR,
    "项目支出表（本年）department row [一般公共预算] = 一般公共预算支出表 合计 [项目支出]; [政府性基金] = 政府性基金支出表 [项目支出]",
    ONE_STEP,
    "a project table read short, or a misread project total",
    ("project_expenditure", "general_budget_expenditure", "government_fund_expenditure"),
)
def project_expenditure_matches_fund_tables(check: Identity, inputs: Inputs):
    pe = inputs.table("project_expenditure")
    if pe is None or not pe.rows:
        return
    dept = pe.rows[0]
    scope = _project_table_spans_carryover(inputs, pe, dept)
    for fund, kind in (
        ("general_public_budget", "general_budget_expenditure"),
        ("government_fund", "government_fund_expenditure"),
    ):
        other = inputs.table(kind)
        col = next((c for c in pe.columns if fund_of(c) == fund), None)
        if other is None:
            continue
        trow, pcol = total_row(other), type_column(other, "项目支出")
        expected = trow.get(pcol) if trow is not None and pcol else ZERO
        actual = dept.get(col)
        if not expected and not actual:
            continue
        yield _cross(
            check,
            expected=expected,
            actual=actual,
            n=1,
            tables=(pe, other),
            at=pe,
            row=dept,
            column=col,
            subject=f"{dept.label} / {col or fund}",
            says=f"项目支出表 [{fund}] = {kind} 合计 [项目支出]",
            scope=scope,
        )


def _project_table_spans_carryover(inputs: Inputs, pe: Table, dept: Row) -> str | None:
    """Does the project table list the carry-over's projects too, unlike the fund tables?

    The fund tables (一般公共预算支出表 …) hold this year's budget. Where 收入总表 prints a 上年结转
    and the project table's total is 支出总表's whole 项目支出 (which that carry-over funds in
    part: 珠海's 部门预算项目支出及其他支出预算表 58,788.54 = 支出总表 项目支出), the project table's
    fund columns include carried-over money and the two cannot agree by construction.
    """
    es, rs = inputs.table("expenditure_summary"), inputs.table("revenue_summary")
    if es is None or rs is None:
        return None
    trow, pcol = total_row(es), type_column(es, "项目支出")
    rtotal = total_row(rs)
    if trow is None or pcol is None or rtotal is None:
        return None
    carry = revenue_columns(rs).carryover(rtotal)
    projects = dept.get(total_column(pe))
    step, unit = coarser(pe, es)
    if carry and abs(projects - trow.get(pcol)) <= step:
        return (
            f"项目支出表 {fmt(projects, unit)} = 支出总表 项目支出, which includes projects of the "
            f"上年结转 {fmt(carry, unit)} {unit} (收入总表)"
        )
    return None


@across_tables(
    "project_tables_match_expenditure_summary",
    WARN,
    "支出总表 合计 [项目支出] = 项目支出表（本年）合计 + 项目支出表（上年结转）合计",
    PER_ROW,
    "a project table read short; differs legitimately where carried-over 单位资金 projects are not listed",
    ("expenditure_summary", "project_expenditure", "project_carryover"),
)
def project_tables_match_expenditure_summary(check: Identity, inputs: Inputs):
    es = inputs.table("expenditure_summary")
    projects = [inputs.table(k) for k in PROJECT_KINDS]
    if es is None or not any(projects):
        return
    trow, pcol = total_row(es), type_column(es, "项目支出")
    if trow is None or pcol is None:
        return
    firsts = [(t, t.rows[0]) for t in projects if t is not None and t.rows]
    expected = sum((r.get(total_column(t)) for t, r in firsts), ZERO)
    yield _cross(
        check,
        expected=expected,
        actual=trow.get(pcol),
        n=len(firsts),
        tables=(es, *projects),
        at=es,
        row=trow,
        column=pcol,
        subject="合计 / 项目支出",
        says="支出总表 项目支出 = 项目支出表 本年 + 上年结转",
    )
