"""Identities inside one printed table: row totals and the function-code hierarchy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from budget_etl.quality.reading import (
    CODED_KINDS,
    coded_rows,
    column_groups,
    economic_code,
    printed_by_unit,
    total_column,
    total_row,
)
from budget_etl.quality.registry import PER_ROW, ZERO, Identity, Inputs, identity, nonblank, tolerance
from budget_etl.quality.results import ERROR, CheckResult
from budget_etl.quality.staged_rows import Row, Table, is_total_text, last_level, leading_code, top_level_rows
from budget_etl.quality.three_public_items import three_public_orientation

# ------------------------------------------------------------------------------------------------
# A break printed twice is the publisher's


def printed_alike(inputs: Inputs, table: Table, cells: list[tuple[Row, str]]) -> str | None:
    """Evidence that a break over ``cells`` is in print: another table of the document prints
    every one of those cells (same function code, or its 合计 row; same column meaning by the
    last header level) with the same figure, blank where blank.

    支出总表 and 一般公共预算支出表 restate each other where all spending is 一般公共预算; they are
    printed on different pages and read apart, so a misread (a wrong digit, a figure read into
    the wrong row) breaks one of them, and an identical break in both was printed so. One
    altered or misread figure still fails as an ERROR: the other table does not repeat it.
    Returns where the same figures are printed, or None.
    """
    if not cells:
        return None
    for other in inputs.all_tables(*CODED_KINDS):
        if other.seq == table.seq:
            continue
        orows, ototal = coded_rows(other), total_row(other)
        by_leaf: dict[str, list[str]] = {}
        for c in other.columns:
            by_leaf.setdefault(last_level(c), []).append(c)
        same = True
        for row, column in cells:
            orow = orows.get(row.code) if row.code else (ototal if is_total_text(row.label) else None)
            ocols = by_leaf.get(last_level(column), [])
            if (
                orow is None
                or len(ocols) != 1
                or (column in row.cells) != (ocols[0] in orow.cells)
                or orow.get(ocols[0]) != row.get(column)
            ):
                same = False
                break
        if same:
            first = cells[0][0]
            orow = orows.get(first.code) if first.code else ototal
            return f"{other.kind} (p{orow.page_number}) prints the same figures"
    return None


def _children(rows: dict[str, Row], parent_code: str) -> dict[str, Row]:
    return {c: r for c, r in rows.items() if len(c) == len(parent_code) + 2 and c.startswith(parent_code)}


# ------------------------------------------------------------------------------------------------
# Row arithmetic: a total column = Σ its sibling columns, in every printed row


@dataclass(frozen=True)
class RowTotal:
    """A row-total identity: in every printed row of its tables, each total column = Σ its part
    columns. The columns are read from the printed header groups (``reading.column_groups``: the
    columns under the total's group; a sub-group by its 小计), so one rule serves every template;
    the formula names them in the tables' own words."""

    name: str
    tables: tuple[str, ...]  # the table kinds it adds up
    formula: str  # the total and its parts, as printed
    guards: str  # what a break means
    severity: str = ERROR
    tolerance: str = PER_ROW


ROW_TOTALS = (
    RowTotal(
        "expenditure_row_total",
        ("expenditure_summary", "general_budget_expenditure", "government_fund_expenditure", "state_capital"),
        "each row: 合计 = 基本支出 + 项目支出",
        "a misread or misplaced amount in 支出总表 / 一般公共预算支出表 / 政府性基金支出表 / 国有资本经营支出",
    ),
    RowTotal(
        "revenue_row_total",
        ("revenue_summary", "government_fund_revenue"),
        "each row: 本年收入合计 = Σ funding sources (一般公共预算 + 政府性基金 + … + 单位资金)",
        "a misread amount or a source column read under the wrong heading in 收入总表",
    ),
    RowTotal(
        "economic_row_total",
        ("basic_expenditure_economic",),
        "each row: 合计 = 人员经费 + 公用经费",
        "an economic item's amount in the wrong cost column, or misread",
    ),
    RowTotal(
        "summary_row_total",
        ("budget_summary", "fiscal_grant_summary"),
        "each row: 合计 = 当年预算安排 + 上年结转安排 (收支总表); 小计 = Σ funds (财政拨款收支总表)",
        "a misread amount in the two summary tables",
    ),
    RowTotal(
        "fund_row_total",
        ("three_public", "three_public_operating_cost", "operating_cost", "project_expenditure", "project_carryover"),
        "each row: 合计 = Σ funds (三公, 机关运行经费 and 项目支出 tables)",
        "a misread amount, or a project's amount under the wrong fund",
    ),
)


def _row_totals(check: Identity, inputs: Inputs) -> Iterable[CheckResult]:
    """A ``RowTotal`` (``check``): each total column = Σ its part columns, in every row of its tables."""
    for kind, tables in inputs.tables.items():
        if kind not in check.tables:
            continue
        for table in tables:
            if kind.startswith("three_public") and three_public_orientation(table) == "columns":
                continue  # item columns: three_public_total / three_public_vehicles check them
            groups = column_groups(table.columns)
            for row in table.rows:
                for total, parts in groups:
                    if total not in row.cells and not any(p in row.cells for p in parts):
                        continue
                    present = [p for p in parts if p in row.cells]
                    expected = sum((row.get(p) for p in parts), ZERO)
                    says = f"{row.describe()}: {last_level(total)} = " + " + ".join(last_level(p) for p in parts)
                    broken = abs(row.get(total) - expected) > tolerance(len(present), table.step)
                    in_print = printed_alike(inputs, table, [(row, c) for c in (total, *parts)]) if broken else None
                    yield check.compare_cell(
                        table,
                        row,
                        total,
                        expected=expected,
                        n_terms=len(present),
                        subject=f"{row.describe()} / {total}",
                        says=says,
                        in_print=in_print,
                    )


for _total in ROW_TOTALS:
    identity(_total.name, _total.severity, _total.formula, _total.tolerance, _total.guards, _total.tables)(_row_totals)


# ------------------------------------------------------------------------------------------------
# Function-code hierarchy: 类 = Σ 款 = Σ 项; table 合计 = Σ 类


@identity(
    "function_hierarchy",
    ERROR,
    "类 = Σ its printed 款, 款 = Σ its printed 项 (by code prefix), in every column; in 经济科目表 an item that "
    "prints sub-items (30102 津贴补贴 over 3010201 …) = Σ them",
    PER_ROW,
    "a misread 项/款 amount, a code read with the wrong digits, a row lost at a page break",
    (*CODED_KINDS, "basic_expenditure_economic"),
)
def function_hierarchy(check: Identity, inputs: Inputs):
    for table in inputs.all_tables(*CODED_KINDS, "basic_expenditure_economic"):
        economic = table.kind == "basic_expenditure_economic"
        rows = economic_coded_rows(table) if economic else coded_rows(table)
        for parent_code, parent in rows.items():
            # 经济科目表: 类 = Σ 款 is economic_categories'; here the sub-items below an item
            if len(parent_code) not in ((5,) if economic else (3, 5)):
                continue
            kids = _children(rows, parent_code)
            children = list(kids.values())
            if not children:
                continue
            for column in table.columns:
                if column not in parent.cells and not any(column in ch.cells for ch in children):
                    continue
                level = "类" if len(parent_code) == 3 else "款"
                expected = sum((ch.get(column) for ch in children), ZERO)
                n = nonblank(ch.cells.get(column) for ch in children)
                in_print = None
                if abs(parent.get(column) - expected) > tolerance(n, table.step):
                    in_print = _hierarchy_alike(inputs, table, parent, kids, column)
                yield check.compare_cell(
                    table,
                    parent,
                    column,
                    expected=expected,
                    n_terms=n,
                    in_print=in_print,
                    subject=f"{parent_code} / {column}",
                    says=(
                        f"item {parent.describe()} [{last_level(column)}] = Σ {len(children)} sub-items"
                        if economic
                        else f"{level} {parent.describe()} [{last_level(column)}] = Σ {len(children)} "
                        + ("款" if level == "类" else "项")
                    ),
                )


def economic_coded_rows(table: Table) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in table.rows:
        code = economic_code(row)
        if code and code not in out:
            out[code] = row
    return out


def _hierarchy_alike(inputs: Inputs, table: Table, parent: Row, kids: dict[str, Row], column: str) -> str | None:
    """printed_alike for a subtotal and its rows, where the other table prints the same rows under it."""
    cells = [(parent, column), *((r, column) for r in kids.values())]
    for other in inputs.all_tables(*CODED_KINDS):
        if other.seq != table.seq and set(_children(coded_rows(other), parent.code or "")) == set(kids):
            found = printed_alike(_only(inputs, other), table, cells)
            if found:
                return found
    return None


def _top_codes(rows: dict[str, Row]) -> set[str]:
    return {c for c in rows if not any(c[:n] in rows for n in (3, 5) if len(c) > n)}


def _only(inputs: Inputs, table: Table) -> Inputs:
    return Inputs(tables={table.kind: [table]})


@identity(
    "coded_table_total",
    ERROR,
    "合计 row = Σ 类 rows (and 款/项 printed without their 类), in every column of a table by function code "
    "(a table of that kind printed by unit: Σ unit rows)",
    PER_ROW,
    "a 类 lost at a page break, a misread total",
    CODED_KINDS,
)
def coded_table_total(check: Identity, inputs: Inputs):
    for table in inputs.all_tables(*CODED_KINDS):
        total = total_row(table)
        rows = coded_rows(table)
        # The top-level rows: the 类, and any 款 or 项 printed without the 类 above it (北京
        # prints 项 rows only).
        classes = [rows[c] for c in _top_codes(rows)]
        by_unit = not classes and printed_by_unit(table)
        if by_unit:
            # A table of this kind printed by unit, not by function code (泉州's 收入总表: one row
            # per budget unit under 合计): 合计 = Σ the unit rows.
            classes = [r for r in table.rows if r is not total and not is_total_text(r.label)]
            tcol = total_column(table)
            top = top_level_rows(classes)
            if len(top) < len(classes):
                # units printed with codes (024 over 024001): each parent = Σ the rows its code
                # heads, 合计 = Σ the top-level rows
                for parent in top:
                    code = leading_code(parent.label)
                    below = [
                        r
                        for r in classes
                        if r is not parent and code and (leading_code(r.label) or "").startswith(code)
                    ]
                    children = top_level_rows(below)
                    if not children:
                        continue
                    for column in table.columns:
                        yield check.compare_cell(
                            table,
                            parent,
                            column,
                            expected=sum((r.get(column) for r in children), ZERO),
                            n_terms=nonblank(r.cells.get(column) for r in children),
                            subject=f"{parent.label} / {column}",
                            says=f"{parent.label} [{last_level(column)}] = Σ {len(children)} rows under its code",
                        )
                classes = top
            elif (
                total is not None
                and tcol
                and len(classes) >= 3
                and abs(classes[0].get(tcol) - sum((r.get(tcol) for r in classes[1:]), ZERO))
                <= tolerance(len(classes) - 1, table.step)
            ):
                # 湖州: a department row under 合计, over its unit rows: department = Σ units, 合计 = department
                dept, units = classes[0], classes[1:]
                for column in table.columns:
                    yield check.compare_cell(
                        table,
                        dept,
                        column,
                        expected=sum((r.get(column) for r in units), ZERO),
                        n_terms=nonblank(r.cells.get(column) for r in units),
                        subject=f"{dept.label} / {column}",
                        says=f"{dept.label} [{last_level(column)}] = Σ {len(units)} unit rows",
                    )
                classes = [dept]
        if total is None or not classes:
            continue
        for column in table.columns:
            if column not in total.cells and not any(column in r.cells for r in classes):
                continue
            expected = sum((r.get(column) for r in classes), ZERO)
            n = nonblank(r.cells.get(column) for r in classes)
            in_print = None
            if abs(total.get(column) - expected) > tolerance(n, table.step) and not by_unit:
                class_codes = {r.code for r in classes}
                in_print = next(
                    (
                        found
                        for other in inputs.all_tables(*CODED_KINDS)
                        if other.seq != table.seq
                        and _top_codes(coded_rows(other)) == class_codes
                        and (
                            found := printed_alike(
                                _only(inputs, other), table, [(total, column), *((r, column) for r in classes)]
                            )
                        )
                    ),
                    None,
                )
            yield check.compare_cell(
                table,
                total,
                column,
                expected=expected,
                n_terms=n,
                in_print=in_print,
                subject=f"合计 / {column}",
                says=f"合计 [{last_level(column)}] = Σ {len(classes)} "
                + ("unit rows" if by_unit else "top-level rows"),
            )
