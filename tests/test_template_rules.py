"""The rules added for templates of other provinces, each on the smallest page that shows its
property. The real files that showed them (data/samples/real) run end to end in
tests/test_real_corpus.py; these pin each rule down on its own, so a change that breaks one says
which."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_etl.camelot_tables import GridCell, PageGrid, StitchedTable, same_columns, trim_grid
from budget_etl.cells import parse_function_code
from budget_etl.normalise.checks import Findings
from budget_etl.normalise.economic import economic_facts
from budget_etl.normalise.labels import funding_source_of
from budget_etl.normalise.projects import project_facts
from budget_etl.normalise.rows import Row as FactRow
from budget_etl.page_index import TableTitle
from budget_etl.quality.arithmetic import coded_table_total
from budget_etl.quality.breakdowns import operating_cost_units
from budget_etl.quality.reading import class_rows, numbering_style, read_summary, revenue_columns
from budget_etl.quality.registry import Inputs
from budget_etl.quality.staged_rows import Row, Table, top_level_rows
from budget_etl.staging import stage_table

D = Decimal


def row(index: int, label: str, code: str | None = None) -> Row:
    return Row("expenditure_summary", 0, index, label, None, code, "万元")


def table(kind: str, rows: list[Row]) -> Table:
    for r in rows:
        r.table_kind = kind
    return Table(kind, 0, "万元", rows)


def with_cells(r: Row, cells: dict[str, str]) -> Row:
    for column, value in cells.items():
        r.cells[column] = D(value)
        r.pages[column] = 1
    return r


# ------------------------------------------------------------------ function codes and classes


@pytest.mark.parametrize("unit_code", ["024", "121", "024001", "121001"])
def test_a_budget_units_code_is_no_function_code(unit_code):
    # 支出功能分类 numbers its classes 2xx; a unit list prints codes such as 024 / 121001
    assert parse_function_code(unit_code) is None


def test_a_table_printing_only_xiang_rows_still_states_its_classes():
    t = table(
        "expenditure_summary",
        [
            with_cells(row(1, "合计"), {"合计": "100"}),
            with_cells(row(2, "武装警察部队", "2040101"), {"合计": "10"}),
            with_cells(row(3, "行政运行", "2040201"), {"合计": "60"}),
            with_cells(row(4, "住房公积金", "2210201"), {"合计": "30"}),
        ],
    )
    classes = class_rows(t)
    assert sorted(classes) == ["204", "221"]
    assert classes["204"].get("合计") == D("70") and classes["204"].name == "公共安全支出"
    assert classes["221"].get("合计") == D("30") and classes["221"].name == "住房保障支出"


def test_a_class_row_printed_without_its_name_is_named_by_its_code():
    t = table(
        "expenditure_summary",
        [with_cells(row(1, "", "201"), {"合计": "5"}), with_cells(row(2, "行政运行", "2010101"), {"合计": "5"})],
    )
    assert class_rows(t)["201"].name == "一般公共服务支出"


# ------------------------------------------------------------------ rows under a printed code


def test_rows_under_a_printed_code_are_not_top_level():
    rows = [
        row(1, "024苏州市审计局"),
        row(2, "024001苏州市审计局"),
        row(3, "302商品和服务支出"),
        row(4, "30201办公费"),
        row(5, "其他单位"),
    ]
    assert [r.label for r in top_level_rows(rows)] == ["024苏州市审计局", "302商品和服务支出", "其他单位"]


def test_a_revenue_table_by_unit_with_codes_adds_its_department_row_once():
    t = table(
        "revenue_summary",
        [
            with_cells(row(1, "合计"), {"合计": "4651.67"}),
            with_cells(row(2, "024苏州市审计局"), {"合计": "4651.67"}),
            with_cells(row(3, "024001苏州市审计局"), {"合计": "4651.67"}),
        ],
    )
    results = list(coded_table_total(Inputs(tables={"revenue_summary": [t]})))
    assert results and all(r.passed for r in results)
    t.rows[1].cells["合计"] = D("4000")  # the department row misread: caught
    assert not all(r.passed for r in coded_table_total(Inputs(tables={"revenue_summary": [t]})))


def test_an_operating_cost_table_by_economic_item_adds_its_categories_only():
    t = table(
        "operating_cost",
        [
            with_cells(row(1, "合计"), {"机关运行经费支出": "395.60"}),
            with_cells(row(2, "302商品和服务支出"), {"机关运行经费支出": "395.60"}),
            with_cells(row(3, "30201办公费"), {"机关运行经费支出": "300"}),
            with_cells(row(4, "30211差旅费"), {"机关运行经费支出": "95.60"}),
        ],
    )
    assert all(r.passed for r in operating_cost_units(Inputs(tables={"operating_cost": [t]})))


# ------------------------------------------------------------------ summary tables


def test_numbering_styles_are_outline_levels():
    assert [
        numbering_style(x)
        for x in ("一、部门预算", "（一）财政拨款", "1、财政拨款", "(1)一般公共预算拨款", "①x", "合计")
    ] == ["一、", "（一）", "1.", "(1)", "①", None]


def test_a_sources_parts_are_its_first_numbering_level_and_funds_the_level_naming_them():
    col = "收入/预算数"
    t = table(
        "budget_summary",
        [
            with_cells(row(1, "一、部门预算"), {col: "100"}),
            with_cells(row(2, "1、财政拨款"), {col: "100"}),
            with_cells(row(3, "(1)一般公共预算拨款"), {col: "100"}),
            with_cells(row(4, "其中：专项资金列入部门预算的项目"), {col: "5"}),
            with_cells(row(5, "本年收入合计"), {col: "100"}),
            with_cells(row(6, "收入总计"), {col: "100"}),
        ],
    )
    s = read_summary(t)
    assert [r.label for r in s.source_parts[1]] == ["1、财政拨款"]
    assert [r.label for r in s.funds] == ["(1)一般公共预算拨款"]


def test_a_qizhong_column_is_a_memo_and_the_groups_subtotal_is_the_funds_column():
    cols = {
        "部门预算/合计": "100",
        "部门预算/一般公共预算拨款/小计": "100",
        "部门预算/一般公共预算拨款/其中：专项资金列入部门预算项目": "5",
    }
    t = table("revenue_summary", [with_cells(row(1, "合计"), cols)])
    assert revenue_columns(t).sources == {"general_public_budget": "部门预算/一般公共预算拨款/小计"}


# ------------------------------------------------------------------ facts


def test_a_source_printed_as_several_columns_is_one_fact_their_sum():
    r = FactRow("project_expenditure", 0, 1, 1, "统计管理", None, None, "万元")
    for column, value in {
        "总计": "10",
        "单位资金/事业收入": "3",
        "单位资金/其他收入": "2",
        "财政拨款/一般公共预算拨款": "5",
    }.items():
        r.cells[column], r.pages[column] = D(value), 1
    facts = project_facts([[r]], Findings(), "某局")
    assert dict(zip(facts["funding_source"], facts["amount_yuan"])) == {
        "unit_funds": D(5),
        "general_public_budget": D(5),
    }


def test_a_carryover_column_named_with_its_balance_is_carryover():
    assert funding_source_of("2026年预算/上年结余、结转") == "prior_year_carryover"


def test_an_economic_table_printed_on_two_scopes_loads_once():
    def econ(column: str) -> list[FactRow]:
        rows = []
        for i, (label, value) in enumerate((("合计", "10"), ("301工资福利支出", "10"), ("30101基本工资", "10"))):
            r = FactRow("basic_expenditure_economic", 0, i, 1, label, None, None, "万元")
            r.cells[f"{column}/人员经费"], r.pages[f"{column}/人员经费"] = D(value), 1
            rows.append(r)
        return rows

    facts = economic_facts([econ("本年财政拨款基本支出"), econ("本年一般公共预算基本支出")], Findings())
    assert facts.height == 1 and facts["amount_yuan"].to_list() == [D(10)]


# ------------------------------------------------------------------ grids and cells


def cell(text: str, x0: float, x1: float, region: int) -> GridCell:
    return GridCell(text, x0, 0, x1, 10, region, True)


def grid(bounds: list[tuple[float, float]], texts: list[list[str]]) -> PageGrid:
    rows = [
        [cell(t, x0, x1, r * 100 + c) for c, (t, (x0, x1)) in enumerate(zip(line, bounds))]
        for r, line in enumerate(texts)
    ]
    return PageGrid(1, (0, 0, 800, 600), bounds, rows, 100.0, 0.0, "vector")


def test_a_blank_sliver_between_doubled_rules_is_no_column():
    wide = [(58, 211), (211, 345), (345, 479)]
    first = trim_grid(
        grid(
            [(52, 58), *wide, (783, 790)],
            [["", "支出功能分类科目", "合计", "基本支出", ""], ["", "2040601-行政运行", "1.00", "1.00", ""]],
        )
    )
    continuation = trim_grid(grid([*wide, (783, 790)], [["2040602-一般行政管理事务", "2.00", "2.00", ""]]))
    assert first.n_cols == 3 and continuation.n_cols == 3
    assert same_columns(first, continuation)


def test_a_narrow_column_that_prints_text_is_kept():
    g = trim_grid(grid([(0, 6), (6, 100)], [["甲", "合计"], ["1", "2.00"]]))
    assert g.n_cols == 2


def test_a_function_column_printing_code_and_name_in_one_cell():
    g = grid(
        [(0, 150), (150, 250), (250, 350), (350, 450)],
        [
            ["支出功能分类科目", "部门支出经济分类科目", "合计", "基本支出"],
            ["2040601-行政运行", "30101-基本工资", "2,164.528800", "2,164.528800"],
        ],
    )
    title = TableTitle(1, "expenditure_summary", "支出总表", "万元", False, 0)
    stitched = StitchedTable(table_seq=0, title=title, unit="万元", is_empty=False)
    stitched.rows, stitched.row_pages, stitched.segments = g.rows, [1, 1], [g]
    staged = stage_table("doc", stitched)
    # the function column's cell splits; the economic column's "30101-基本工资" is no function code
    assert {(r["function_code"], r["row_label"], r["row_label_secondary"]) for r in staged} == {
        ("2040601", "行政运行", "30101-基本工资")
    }


def test_quantity_and_economic_code_parts_are_no_key_of_the_amount():
    """A procurement table: 功能 类|款|项, item, 数量, economic 类|款, date, 预算金额, a blank 说明."""
    bounds = [(i * 50.0, i * 50.0 + 50) for i in range(11)]
    g = grid(
        bounds,
        [
            [
                "科目编码",
                "",
                "",
                "采购项目",
                "数量",
                "部门预算支出经济科目编码",
                "",
                "实施采购时间",
                "预算金额",
                "说明",
                "",
            ],
            ["类", "款", "项", "", "", "类", "款", "", "", "", ""],
            ["201", "40", "04", "接待中心安保服务", "1", "302", "27", "2026-10-31", "499,800.00", "", ""],
        ],
    )
    # the header's merged cells: 科目编码 over 类|款|项, the economic code over its 类|款
    for r, c in ((0, 1), (0, 2)):
        g.rows[r][c].region, g.rows[r][c].is_anchor = g.rows[0][0].region, False
    g.rows[0][6].region, g.rows[0][6].is_anchor = g.rows[0][5].region, False
    for c in (3, 4, 7, 8, 9, 10):
        g.rows[1][c].region, g.rows[1][c].is_anchor = g.rows[0][c].region, False
    title = TableTitle(1, "procurement", "政府采购预算表", "元", False, 0)
    stitched = StitchedTable(table_seq=0, title=title, unit="元", is_empty=False)
    stitched.rows, stitched.row_pages, stitched.segments = g.rows, [1, 1, 1], [g]
    staged = stage_table("doc", stitched)
    assert [(r["function_code"], r["row_label"], r["column_label"], r["amount"]) for r in staged] == [
        ("2014004", "接待中心安保服务", "预算金额", D("499800.00"))
    ]
