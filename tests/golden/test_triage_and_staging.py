"""Page triage and staging on inline inputs: the template differences the samples do not
all show (split 类|款|项 codes, 元 with thousands separators, a combined 三公 + 机关运行经费
table, two-sided tables, spans), checked without a PDF."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_etl.camelot_tables import GridCell, PageGrid, StitchedTable, repeated_header_rows, same_columns
from budget_etl.page_index import TableTitle, index_pages
from budget_etl.staging import TableParseError, split_header, stage_table

# ---------------------------------------------------------------- page triage

TOC = "目 录\r\n第一部分 概况......1\r\n表一2026年预算收支总表......3\r\n表二2026年预算收入总表......5\r\n表三2026年预算支出总表......6\r\n- 1 -"
BUDGET_SUMMARY = (
    "第二部分 2026 年部门预算报表\r\n预算公开表 1\r\n2026 年预算收支总表\r\n部门名称：某某局\r\n单位：万元\r\n"
    "收入 支出\r\n项目 2026 年 项目 2026 年合计\r\n一、一般公共预算 10.00 一、一般公共服务支出 10.00\r\n- 3 -"
)
CONTINUATION = "二十二、国有资本经营预算支\r\n出\r\n本年收入合计 10.00 本年支出合计 10.00\r\n- 4 -"
TWO_TITLES = (
    "2026 年预算收入总表\r\n编制单位：元氏县某局 单位：元\r\n项目 本年收入\r\n合计 1,000.00\r\n"
    "2026 年预算支出总表\r\n编制单位：元氏县某局\r\n单位：元\r\n注：本表无数据\r\n- 5 -"
)
PROSE = "第三部分 2026 年度部门预算情况说明\r\n一、部门预算收支数据变动情况及原因\r\n2026 年度某某局预算收入总计 10.00 万元，其中：本年收入 10.00 万元，上年结转 0 万元。\r\n- 6 -"
PERFORMANCE = "吕梁市市级预算部门（单位）项目支出绩效目标表\r\n(2026 年度)\r\n项目名称 补充运行经费\r\n- 7 -"


def test_triage_finds_titles_units_empty_tables_and_continuations():
    index = index_pages([TOC, BUDGET_SUMMARY, CONTINUATION, TWO_TITLES, PROSE, PERFORMANCE])
    assert [(t.page_number, t.kind, t.unit, t.is_empty) for t in index.titles] == [
        (2, "budget_summary", "万元", False),
        (4, "revenue_summary", "元", False),
        (4, "expenditure_summary", "元", True),
    ]
    assert index.continuation_candidates == [3]
    assert index.pages_for_camelot == [2, 3, 4]
    assert index.skipped[1] == "table of contents"
    assert 5 in index.skipped and 6 in index.skipped


def test_triage_never_sends_the_table_of_contents():
    index = index_pages([TOC, TOC])
    assert index.titles == [] and index.pages_for_camelot == []


# ---------------------------------------------------------------- grids


def grid(rows: list[list[str]], spans: tuple[tuple[int, int, int, int], ...] = (), page: int = 1) -> PageGrid:
    """A PageGrid from text rows; ``spans`` are drawn cells (row, col, rowspan, colspan) whose
    text sits in their top-left position."""
    width = max(len(r) for r in rows)
    region = [[r * width + c for c in range(width)] for r in range(len(rows))]
    for r0, c0, rs, cs in spans:
        for r in range(r0, r0 + rs):
            for c in range(c0, c0 + cs):
                region[r][c] = region[r0][c0]
    cells = []
    for r, row in enumerate(rows):
        cells.append(
            [
                GridCell(
                    text=(row + [""] * width)[c],
                    x0=10.0 * c,
                    y0=100.0 - 10 * r,
                    x1=10.0 * c + 10,
                    y1=110.0 - 10 * r,
                    region=region[r][c],
                    is_anchor=region[r][c] == r * width + c,
                )
                for c in range(width)
            ]
        )
    return PageGrid(
        page, (0, 0, 10.0 * width, 110), [(10.0 * c, 10.0 * c + 10) for c in range(width)], cells, 100.0, 10.0, "vector"
    )


def table(kind: str, g: PageGrid, unit: str = "万元") -> StitchedTable:
    t = StitchedTable(0, TableTitle(g.page_number, kind, kind, unit, False, 0), unit, False)
    t.rows = g.rows
    t.row_pages = [g.page_number] * len(g.rows)
    t.segments = [g]
    return t


def staged(kind: str, g: PageGrid, unit: str = "万元") -> list[tuple]:
    return [
        (r["function_code"], r["row_label"], r["row_label_secondary"], r["column_label"], r["amount"])
        for r in stage_table("doc", table(kind, g, unit))
    ]


def test_split_code_columns_in_yuan_with_thousands_separators():
    g = grid(
        [
            ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
            ["类", "款", "项", "", "", "", ""],
            ["合计", "", "", "", "1,097,073.43", "1,000,000.00", "97,073.43"],
            ["208", "", "", "社会保障和就业支出", "1,097,073.43", "1,000,000.00", "97,073.43"],
            ["208", "05", "", "行政事业单位养老支出", "1,097,073.43", "1,000,000.00", "97,073.43"],
            ["208", "05", "06", "机关事业单位职业年金缴费支出", "97,073.43", "", "97,073.43"],
            ["", "", "01", "行政单位离退休", "1,000,000.00", "1,000,000.00", ""],
        ],
        spans=((0, 0, 1, 3), (0, 3, 2, 1), (0, 4, 2, 1), (0, 5, 2, 1), (0, 6, 2, 1), (2, 0, 1, 4)),
    )
    rows = staged("expenditure_summary", g, unit="元")
    assert ("2080506", "机关事业单位职业年金缴费支出", None, "项目支出", Decimal("97073.43")) in rows
    assert ("2080501", "行政单位离退休", None, "合计", Decimal("1000000.00")) in rows  # 类/款 inherited
    assert (None, "合计", None, "合计", Decimal("1097073.43")) in rows
    assert ("208", "社会保障和就业支出", None, "基本支出", Decimal("1000000.00")) in rows
    assert len(rows) == 13


def test_combined_three_public_and_operating_cost_table():
    g = grid(
        [
            ["项目", "2026年预算数", "", ""],
            ["", "合计", "一般公共预算", "政府性基金预算"],
            ["因公出国（境）费", "", "", ""],
            ["公务接待费", "1.20", "1.20", ""],
            ["公务用车购置及运行费", "5.00", "5.00", ""],
            ["①公务用车购置费", "", "", ""],
            ["②公务用车运行\n维护费", "5.00", "5.00", ""],
            ["机关运行经费", "233.34", "233.34", ""],
        ],
        spans=((0, 0, 2, 1), (0, 1, 1, 3)),
    )
    rows = staged("three_public_operating_cost", g)
    assert (None, "②公务用车运行维护费", None, "2026年预算数/合计", Decimal("5.00")) in rows
    assert (None, "机关运行经费", None, "2026年预算数/一般公共预算", Decimal("233.34")) in rows
    assert len(rows) == 8


def test_two_sided_table_stages_each_side_with_its_label():
    g = grid(
        [
            ["收入", "", "支出", "", ""],
            ["项目", "金额", "项目", "金额", ""],
            ["", "", "", "小计", "一般公共预算"],
            ["一、一般公共预算", "2324.90", "一、一般公共服务支出", "1726.25", "1726.25"],
            ["", "", "二、外交支出", "", ""],
            ["收入总计", "2324.90", "支出总计", "2324.90", "2324.90"],
        ],
        spans=((0, 0, 1, 2), (0, 2, 1, 3), (1, 0, 2, 1), (1, 1, 2, 1), (1, 2, 2, 1), (1, 3, 1, 2)),
    )
    rows = staged("fiscal_grant_summary", g)
    assert rows == [
        (None, "一、一般公共预算", None, "收入/金额", Decimal("2324.90")),
        (None, "一、一般公共服务支出", None, "支出/金额/小计", Decimal("1726.25")),
        (None, "一、一般公共服务支出", None, "支出/金额/一般公共预算", Decimal("1726.25")),
        (None, "收入总计", None, "收入/金额", Decimal("2324.90")),
        (None, "支出总计", None, "支出/金额/小计", Decimal("2324.90")),
        (None, "支出总计", None, "支出/金额/一般公共预算", Decimal("2324.90")),
    ]


def test_two_sided_table_without_side_headings_gets_them():
    g = grid([["项目", "金额", "项目", "金额"], ["一、一般公共预算", "5.00", "一、一般公共服务支出", "5.00"]])
    labels = [r[3] for r in staged("budget_summary", g)]
    assert labels == ["收入/金额", "支出/金额"]


def test_economic_table_two_names_and_stray_spaces():
    g = grid(
        [
            ["部门预算支出经济科目名称", "政府预算支出经济科目名称", "2026年预算数", "", ""],
            ["", "", "合计", "人员经费", "公用经费"],
            ["合计", "", "1348. 06", "1273. 87", "74. 19"],
            ["基本工资", "工资奖金津补贴", "110. 97", "110. 97", ""],
            ["基本工资", "工资福利支出", "388. 69", "388. 69", ""],
        ],
        spans=((0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3)),
    )
    rows = staged("basic_expenditure_economic", g)
    assert (None, "合计", None, "2026年预算数/合计", Decimal("1348.06")) in rows
    assert (None, "基本工资", "工资福利支出", "2026年预算数/人员经费", Decimal("388.69")) in rows
    assert len(rows) == 7


def test_project_table_column_numbers_are_not_data():
    g = grid(
        [
            ["项目名称", "合计", "2026年财政拨款", "", ""],
            ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ["1", "2", "3", "4", "5"],
            ["某某局", "12.00", "12.00", "", ""],
            ["某某局", "12.00", "12.00", "", ""],
            ["遗属补助", "12.00", "12.00", "", ""],
        ],
        spans=((0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3)),
    )
    header, numbering, data = split_header(g.rows)
    assert (header, numbering, data) == ([0, 1], [2], [3, 4, 5])
    rows = stage_table("doc", table("project_expenditure", g))
    assert [r["row_index"] for r in rows] == [3, 3, 4, 4, 5, 5]
    assert {r["column_label"] for r in rows} == {"合计", "2026年财政拨款/一般公共预算"}


def test_empty_table_with_blank_label_rows_stages_nothing():
    g = grid(
        [
            ["项目", "2026年预算数", "", ""],
            ["", "合计", "一般公共预算", "政府性基金预算"],
            ["因公出国（境）费", "", "", ""],
            ["合计", "", "", ""],
        ],
        spans=((0, 0, 2, 1), (0, 1, 1, 3)),
    )
    assert split_header(g.rows)[0] == [0, 1]
    assert staged("three_public", g) == []


def test_a_word_in_an_amount_column_is_an_error_naming_the_cell():
    g = grid([["项目", "金额"], ["一、一般公共预算", "5.00"], ["二、政府性基金预算", "见说明"]])
    with pytest.raises(TableParseError, match="见说明"):
        stage_table("doc", table("budget_summary", g))


def test_continuation_segments_line_up_and_repeated_headers_are_dropped():
    first = grid([["项目", "金额"], ["1", "2"], ["一、一般公共预算", "5.00"]])
    cont = grid([["项目", "金额"], ["1", "2"], ["二、政府性基金预算", "1.00"]], page=2)
    assert same_columns(first, cont)
    assert repeated_header_rows(first, cont) == 2
    other = grid([["项目", "金额", "备注"]], page=2)
    assert not same_columns(first, other)


def test_when_the_vector_engine_misses_a_title_page_every_page_it_left_empty_is_read_again(monkeypatch):
    from budget_etl import camelot_tables

    calls = []

    def fake_run(pdf_path, pages, engine):
        calls.append((list(pages), engine))
        return []

    monkeypatch.setattr(camelot_tables, "run_camelot", fake_run)
    run = camelot_tables.read_page_grids("unused.pdf", [3, 4, 5], title_pages=[3, 5])
    assert calls == [([3, 4, 5], "vector"), ([3, 4, 5], "combined")]
    assert run.fallback_pages == [3, 4, 5] and run.calls == 2 and run.grids == {}
    calls.clear()
    camelot_tables.read_page_grids("unused.pdf", [3, 4, 5], title_pages=[])
    assert calls == [([3, 4, 5], "vector")]  # continuation pages alone never trigger it


def test_a_reference_to_a_table_in_prose_is_not_a_title():
    prose = "十、绩效管理情况\r\n详见项目支出预算表\r\n- 9 -"
    assert index_pages([prose]).titles == []
