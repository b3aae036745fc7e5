"""The extraction rules the layout fuzz (tools/fuzz_layouts.py) found missing, on inline inputs:
each states the property of the printed page it relies on (see the rules' docstrings)."""

from __future__ import annotations

from decimal import Decimal

from budget_etl.camelot_tables import (
    GridCell,
    PageGrid,
    fragment_fits,
    is_header_fragment,
    stitch_tables,
    strip_repeated_header,
    widen_fragment,
)
from budget_etl.page_index import TableTitle, index_pages
from tests.golden.test_triage_and_staging import grid, staged


def test_a_group_heading_drawn_unmerged_labels_the_blank_cells_it_heads():
    # 本年收入 in its first cell, the cells it heads blank and drawn on their own; 上年结转 has
    # nothing below it and heads nothing
    g = grid(
        [
            ["项目", "", "本年收入", "", "上年结转"],
            ["科目编码", "科目名称", "合计", "一般公共预算", ""],
            ["201", "一般公共服务支出", "8.00", "8.00", "2.00"],
        ]
    )
    labels = {(r[3], r[4]) for r in staged("revenue_summary", g)}
    assert labels == {
        ("本年收入/合计", Decimal("8.00")),
        ("本年收入/一般公共预算", Decimal("8.00")),
        ("上年结转", Decimal("2.00")),
    }


def test_merged_group_headings_read_as_before():
    g = grid(
        [
            ["项目", "", "本年收入", "", "上年结转"],
            ["科目编码", "科目名称", "合计", "一般公共预算", ""],
            ["201", "一般公共服务支出", "8.00", "8.00", "2.00"],
        ],
        spans=((0, 0, 1, 2), (0, 2, 1, 2), (0, 4, 2, 1)),
    )
    assert {r[3] for r in staged("revenue_summary", g)} == {"本年收入/合计", "本年收入/一般公共预算", "上年结转"}


def test_a_one_row_header_repeating_its_group_heading_reads_as_the_two_row_header():
    # 本年收入 printed in front of each of its columns, one of them 本年收入合计; 上年结转 apart
    g = grid(
        [
            ["科目编码", "科目名称", "本年收入合计", "本年收入一般公共预算", "上年结转"],
            ["201", "一般公共服务支出", "8.00", "8.00", "2.00"],
        ]
    )
    assert {r[3] for r in staged("revenue_summary", g)} == {"本年收入/合计", "本年收入/一般公共预算", "上年结转"}


def test_a_lone_label_ending_in_he_ji_and_a_run_without_its_total_stay_as_printed():
    g = grid(
        [
            ["科目编码", "科目名称", "部门合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "8.00", "6.00", "2.00"],
        ]
    )
    assert {r[3] for r in staged("expenditure_summary", g)} == {"部门合计", "基本支出", "项目支出"}


def test_a_two_sided_table_printed_on_one_row_keeps_its_side_as_the_first_level():
    g = grid(
        [
            ["收入项目", "收入预算数", "支出项目", "支出预算数"],
            ["一、一般公共预算", "8.00", "一般公共服务支出", "8.00"],
        ]
    )
    assert {r[3] for r in staged("budget_summary", g)} == {"收入/预算数", "支出/预算数"}


FLOWING_TABLES = (
    "2026年政府性基金预算收入表\r\n单位：万元\r\n科目编码 科目名称 金额\r\n合计\r\n注：本表无数据\r\n"
    "2026年政府性基金预算支出表\r\n单位：万元\r\n科目编码 科目名称 合计 基本支出 项目支出\r\n合计\r\n"
    "2026年国有资本经营预算收支预算表\r\n单位：万元\r\n项目 金额\r\n合计\r\n注：本表无数据\r\n"
    "2026年财政拨款安排“三公”经费支出预算表\r\n单位：万元\r\n项目 合计 一般公共预算\r\n因公出国（境）费\r\n- 16 -"
)
LIST_OF_TABLES = (
    "2026年预算收支总表\r\n2026年预算收入总表\r\n2026年预算支出总表\r\n2026年财政拨款收支总表\r\n"
    "2026年一般公共预算支出预算表\r\n- 2 -"
)


def test_short_tables_flowing_on_one_page_are_tables_and_a_bare_list_of_titles_is_a_list():
    index = index_pages([LIST_OF_TABLES, FLOWING_TABLES])
    assert index.skipped.get(1) == "list of tables"
    assert [t.kind for t in index.titles] == [
        "government_fund_revenue",
        "government_fund_expenditure",
        "state_capital",
        "three_public",
    ]
    assert all(t.page_number == 2 for t in index.titles)


def _shifted(g: PageGrid, x_edges: list[float], page: int) -> PageGrid:
    """``g`` with its columns at ``x_edges`` (n + 1 edges)."""
    cols = list(zip(x_edges, x_edges[1:]))
    rows = [
        [GridCell(c.text, cols[i][0], c.y0, cols[i][1], c.y1, c.region, c.is_anchor) for i, c in enumerate(row)]
        for row in g.rows
    ]
    return PageGrid(page, (x_edges[0], 0, x_edges[-1], 110), cols, rows, 100.0, 10.0, "vector")


def test_a_title_at_the_page_foot_with_only_its_first_header_row_continues_on_the_next_page():
    # page 1: the title and the header's first row (项目 | 本年收入 | 上年结, merged cells);
    # page 2: the rest of the header (the cut 上年结转 cell's "转" among it) and the rows
    head = _shifted(grid([["项目", "本年收入", "上年结"]]), [0, 20, 40, 50], page=1)
    rest = _shifted(
        grid(
            [
                ["科目编码", "科目名称", "合计", "一般公共预算", "转"],
                ["201", "一般公共服务支出", "8.00", "8.00", "2.00"],
            ]
        ),
        [0, 10, 20, 30, 40, 50],
        page=2,
    )
    title = TableTitle(1, "revenue_summary", "2026年预算收入总表", "万元", False, 0)

    class Index:
        pages_for_camelot = [1, 2]
        document_unit = "万元"
        running = frozenset()

        @staticmethod
        def titles_on(page):
            return [title] if page == 1 else []

    tables, problems = stitch_tables(
        "doc", Index, ["2026年预算收入总表\r\n项目 本年收入 上年结", "科目编码 …"], {1: [head], 2: [rest]}
    )
    assert problems == [] and len(tables) == 1
    t = tables[0]
    assert t.row_pages == [1, 2, 2]
    from budget_etl.staging import stage_table

    got = {(r["column_label"], r["amount"]) for r in stage_table("doc", t)}
    assert got == {
        ("本年收入/合计", Decimal("8.00")),
        ("本年收入/一般公共预算", Decimal("8.00")),
        ("上年结转", Decimal("2.00")),
    }


def test_a_fragment_fits_only_a_grid_that_subdivides_its_columns():
    head = _shifted(grid([["项目", "本年收入"]]), [0, 20, 50], page=1)
    assert fragment_fits(head, _shifted(grid([["a", "b", "c", "d"]]), [0, 10, 20, 35, 50], page=2))
    assert not fragment_fits(head, _shifted(grid([["a", "b", "c"]]), [0, 15, 30, 50], page=2))  # edge 20 gone
    assert not fragment_fits(head, _shifted(grid([["a", "b", "c"]]), [0, 10, 20, 60], page=2))  # wider table
    widened = widen_fragment(head, _shifted(grid([["a", "b", "c", "d"]]), [0, 10, 20, 35, 50], page=2))
    assert [c.text for c in widened.rows[0]] == ["项目", "", "本年收入", ""]
    assert len({c.region for c in widened.rows[0]}) == 2


def test_a_header_fragment_holds_no_amount():
    from tests.golden.test_triage_and_staging import table

    assert is_header_fragment(table("revenue_summary", grid([["项目", "本年收入"]])))
    assert not is_header_fragment(table("revenue_summary", grid([["项目", "本年收入"], ["合计", "5.00"]])))


def test_a_repeated_header_clipped_to_its_row_is_dropped_and_its_hidden_text_taken_out_of_the_row_below():
    first = grid([["部门预算支出经济科目名称", "2026年预算数"], ["合计", "5.00"]])
    cont = grid([["部门预算支出经济", "2026年预算数"], ["职科工目基名本称医疗保险", "1.00"]], page=2)
    assert strip_repeated_header(first, cont) == 1
    assert cont.rows[1][0].text == "职工基本医疗保险"
    # a continuation whose first row is data is left alone
    data = grid([["部门预算", "1.00"]], page=2)
    assert strip_repeated_header(first, data) == 0 and data.rows[0][0].text == "部门预算"
