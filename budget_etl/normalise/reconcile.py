"""Printed totals against the fact rows: the proof that the facts reproduce the document.

Subtotal rows are not facts, they stay in staging; here each printed total is compared with
the sum of the detail cells that became facts. Printed totals carry rounding (尾差: the total
is rounded once, each row separately), so a difference of up to 0.01 万元 per summed row passes
the check, recorded with its exact size (expected = printed, actual = sum of the rows), and
anything larger fails it as an error. The facts always keep the printed row figures.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl

from budget_etl.normalise.amounts import with_yuan
from budget_etl.normalise.checks import Findings
from budget_etl.normalise.labels import cost_type_of, expenditure_type_of, funding_source_of, is_total_column
from budget_etl.normalise.names import is_total_label, name_key
from budget_etl.normalise.rows import Row

# 0.01 万元 per summed row, in yuan, whatever unit the table is printed in: budgets are compiled
# in 万元 and a table printed in 元 is usually the same figures × 10000, 尾差 included.
ROUNDING_PER_ROW = Decimal("100.00")


def _parent(column: str) -> str:
    return column.rsplit("/", 1)[0] if "/" in column else ""


def compare(
    findings: Findings,
    *,
    table_kind: str,
    subject: str,
    page_number: int | None,
    printed: Decimal,
    summed: Decimal,
    rows: int,
) -> None:
    """Record one printed total against the sum of the fact cells it covers."""
    findings.ran_check("printed_total_reconciles")
    if printed == summed:
        return
    # 尾差 is how budgets are printed: it passes, but the row keeps the difference for analysts.
    within = abs(summed - printed) <= ROUNDING_PER_ROW * max(rows, 1)
    findings.add(
        "printed_total_reconciles",
        passed=within,
        subject=subject,
        table_kind=table_kind,
        page_number=page_number,
        expected=printed,
        actual=summed,
        detail=(
            f"printed total differs from the sum of its {rows} rows by rounding (尾差, within tolerance); "
            "facts keep the row figures"
            if within
            else f"printed total differs from the sum of its {rows} rows beyond rounding"
        ),
    )


def _in_scope(total_column: str, column: str) -> bool:
    """A top-level 合计 covers every column; a nested one the columns under its own parent."""
    return not _parent(total_column) or _parent(column) == _parent(total_column)


def is_memo_column(column: str) -> bool:
    """A column restating part of an amount already counted: "其中：…" (of which), "扣除…后"
    (net of), a 政府采购 group (the procurement share of the spending). Not a part of a total.
    A "其中：基本支出" that opens the breakdown itself names an expenditure type, a cost type or a
    fund, and is a part."""
    for part in (name_key(p) for p in (column or "").split("/")):
        if "扣除" in part or "政府采购" in part:
            return True
        if part.startswith("其中"):
            rest = part[2:].lstrip(":：")
            if not (expenditure_type_of(rest) or cost_type_of(rest) or funding_source_of(rest)):
                return True
    return False


def unplaced(details: list[Row], is_fact_column: Callable[[str], bool], scope: Callable[[str], bool]) -> list[str]:
    """Columns in ``scope`` where a detail row prints a non-zero amount that no fact holds
    (not a fact column, not a total, not a memo): the facts cannot reproduce a total over them.
    Each such column is reported where it is met (``column_recognised``, once per table and column)."""
    return sorted(
        {
            c
            for r in details
            for c, a in r.cells.items()
            if a and scope(c) and not is_fact_column(c) and not is_total_column(c) and not is_memo_column(c)
        }
    )


def reconcile_rows(findings: Findings, total: Row, details: list[Row], is_fact_column: Callable[[str], bool]) -> None:
    """Every cell of a printed total row against the detail rows below it.

    A total column (合计) covers the fact columns under the same header parent
    ("本年收入/合计" covers "本年收入/…" but not "上年结转"; a top-level 合计 covers them all);
    any other column covers itself. The total row is kept, every cell as printed, for
    fact_printed_total.

    A total over a column whose amounts no fact can hold (事业收入 in a 收入总表, a 财政拨款收入
    column that names no fund, 上缴上级支出: the fact tables have no value for them) is not
    compared: the sum of the facts is short of it by construction, not by a misread, and the
    amounts left out are already reported as ``column_recognised``. The printed identities
    (budget_etl/quality) still prove those figures.
    """
    findings.printed.keep_row(total)
    columns = {c for r in details for c in r.cells if is_fact_column(c)}
    for column, printed in total.cells.items():
        if is_total_column(column):
            # a top-level 合计 covers every fact column; a nested one its siblings only
            covered = {c for c in columns if _in_scope(column, c)}
            if is_memo_column(column) or (columns and not covered):
                continue  # a memo group's 小计, or a total over no fact column: nothing of the facts
            if unplaced(details, is_fact_column, lambda c, t=column: _in_scope(t, c)):
                continue
        elif is_fact_column(column):
            covered = {column}
        else:
            continue
        cells = [r.cells[c] for r in details for c in covered if c in r.cells]
        summed = sum(cells, Decimal(0))
        rows = sum(1 for r in details if any(c in r.cells for c in covered))
        name = f"{total.code} {total.label}" if total.code else total.label or "合计"
        compare(
            findings,
            table_kind=total.table_kind,
            subject=f"{name} | {column}",
            page_number=total.pages.get(column, total.page_number),
            printed=printed,
            summed=summed,
            rows=rows,
        )


def printed_alike(findings: Findings, since: int = 0) -> None:
    """A total that fails to reconcile identically in two tables is the publisher's print: WARN.

    支出总表 and 一般公共预算支出表 restate each other where all spending is 一般公共预算. They are
    printed on different pages and read apart, so a misread figure breaks the reconciliation
    of one of them; the same total (same code or 合计, same column meaning) with the same
    printed and summed figures failing in both was printed so. Such a finding stays, with its
    figures, as a warning; one that only one table shows stays an error. ``since``: the first
    finding row to consider (those of the tables just reconciled).
    """
    rows = [r for r in findings.rows[since:] if r["check_name"] == "printed_total_reconciles" and not r["passed"]]

    def key(r: dict) -> tuple:
        name, _, column = (r["subject"] or "").partition(" | ")
        return name_key(name), name_key(column.split("/")[-1]), r["expected"], r["actual"]

    kinds: dict[tuple, dict[str, dict]] = {}
    for r in rows:
        kinds.setdefault(key(r), {}).setdefault(r["table_kind"], r)
    for r in rows:
        others = [o for kind, o in kinds[key(r)].items() if kind != r["table_kind"]]
        if others:
            r["severity"] = "warn"
            r["detail"] += (
                f"; in print: {others[0]['table_kind']} (p{others[0]['page_number']}) prints the same total and rows"
            )


def _expenditure_total_in_print(findings: Findings) -> bool:
    """Did 支出总表's own 合计 row fail to reconcile with its facts (reported there)?"""
    return any(
        r["check_name"] == "printed_total_reconciles"
        and not r["passed"]
        and r["table_kind"] == "expenditure_summary"
        and is_total_label((r["subject"] or "").partition(" | ")[0])
        for r in findings.rows
    )


def _side(column: str) -> str | None:
    head = name_key(column.split("/")[0])
    return "收入" if "收入" in head else "支出" if "支出" in head else None


def _summary_row_role(side: str | None, label: str | None, side_prints_grand_total: bool) -> str | None:
    """Which total of 表一 a printed row is, by its words: 本年收入合计 (this year's), 上年结转,
    or 收入总计 (the grand total), whatever the template calls them. A bare 合计 / 收入合计 is the
    grand total where the side prints no 总计 row (it stands above the sources, or last, after
    上年结转结余), and this year's subtotal where it does."""
    key = name_key(label or "")
    if side is None or not key:
        return None
    if key.startswith("上年") and "结转" in key:
        return "上年结转"
    if "总计" in key:
        return f"{side}总计"
    if key.endswith("合计") and key.removesuffix("合计") in ("", side, f"本年{side}", "本年"):
        if key.startswith("本年") or side_prints_grand_total:
            return f"本年{side}合计"
        return f"{side}总计"
    return None


def reconcile_budget_summary(
    findings: Findings, staged: pl.DataFrame, revenue: pl.DataFrame, expenditure: pl.DataFrame
) -> None:
    """表一 预算收支总表 (by 类 only, no facts of its own) against the revenue and expenditure facts.

    收入总计 = all revenue facts; 本年收入合计 = those of the current year; 上年结转 = the carry-over
    ones; 支出总计 and 本年支出合计 (合计 column) = the all_funds expenditure facts.
    ``staged`` carries amount_yuan. A two-sided table: each cell is read with its own row label.
    These total rows, every cell of them, are kept for fact_printed_total (表一 has no facts).
    """
    cells = staged.filter(pl.col("table_kind") == "budget_summary")
    # A side whose detail table prints amounts no fact can hold (see reconcile_rows) cannot
    # reproduce 表一's totals: those cells are kept as printed, not compared.
    short = {
        "收入": _has_unplaced(staged, "revenue_summary", lambda c: funding_source_of(c, carryover_wins=True)),
        "支出": _has_unplaced(staged, "expenditure_summary", expenditure_type_of),
    }
    # Where 支出总表's 合计 does not reproduce from its rows, that is reported there, with its
    # figures; 表一's 支出 totals over the same facts would repeat it.
    short["支出"] = short["支出"] or _expenditure_total_in_print(findings)
    carry = pl.col("funding_source") == "prior_year_carryover"
    all_funds = expenditure.filter(pl.col("budget_scope") == "all_funds")
    targets = {
        ("收入", "收入总计"): revenue,
        ("收入", "本年收入合计"): revenue.filter(~carry),
        ("收入", "上年结转"): revenue.filter(carry),
        ("支出", "支出总计"): all_funds,
        ("支出", "本年支出合计"): all_funds,
    }
    rows = list(cells.iter_rows(named=True))
    sides = {id(cell): _side(cell["column_label"] or "") for cell in rows}
    prints_grand_total = {sides[id(c)] for c in rows if "总计" in name_key(c["row_label"])}
    for cell in rows:
        column = cell["column_label"] or ""
        side = sides[id(cell)]
        facts = targets.get((side, _summary_row_role(side, cell["row_label"], side in prints_grand_total)))
        if facts is None:
            continue
        findings.printed.keep_cell(
            table_kind="budget_summary",
            table_seq=cell["table_seq"],
            row_index=cell["row_index"],
            row_label=cell["row_label"],
            function_code=None,
            column_label=column,
            amount_yuan=cell["amount_yuan"],
            page_number=cell["page_number"],
        )
        if side == "支出" and not is_total_column(column):
            continue  # 当年预算安排 / 上年结转安排 split the total; the facts do not
        if short[side]:
            continue
        compare(
            findings,
            table_kind="budget_summary",
            subject=f"{cell['row_label']} | {column}",
            page_number=cell["page_number"],
            printed=cell["amount_yuan"],
            summed=facts["amount_yuan"].sum() if facts.height else Decimal(0),
            rows=facts.height,
        )


def _has_unplaced(staged: pl.DataFrame, kind: str, classify: Callable[[str], str | None]) -> bool:
    """Does a coded table of ``kind`` print a non-zero amount that no fact holds: under a column
    no fact holds, or in a table printed by unit with no function code (深圳's, 泉州's 收入总表)?"""
    table = staged.filter(pl.col("table_kind") == kind)
    if table.height and table["function_code"].drop_nulls().len() == 0:
        return True
    cells = table.filter(pl.col("amount_yuan") != 0)
    return any(
        classify(c) is None and not is_total_column(c) and not is_memo_column(c)
        for c in cells["column_label"].unique().to_list()
    )


def reconcile_procurement(findings: Findings, narrative: pl.DataFrame | None, procurement: pl.DataFrame) -> None:
    """政府采购预算总额 as stated against goods + works + services."""
    if narrative is None or procurement.height == 0:
        return
    totals = narrative.filter(pl.col("fact") == "procurement_total")
    if totals.height == 0:
        return
    total = with_yuan(totals).row(0, named=True)
    compare(
        findings,
        table_kind="procurement",
        subject="政府采购预算总额",
        page_number=total["page_number"],
        printed=total["amount_yuan"],
        summed=procurement["amount_yuan"].sum(),
        rows=procurement.height,
    )
