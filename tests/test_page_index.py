"""Page triage on page texts: which lines are titles, which pages are lists of tables."""

from budget_etl.page_index import index_pages


def test_a_page_listing_the_tables_without_leader_dots_is_no_table_page():
    # a 目录 continued on its second page, or a 报表目录 grid: titles, no page numbers
    listing = "\n".join(
        ["二、表格部分", "（一）收支总表", "（二）收入总表", "（三）支出总表", "（四）财政拨款收支总表"]
    )
    table = "表 1\n收支总表\n部门名称：某局 单位：万元\n收 入 支 出\n项 目 2026 年预算数"
    index = index_pages([listing, table])
    assert index.skipped[1] == "list of tables"
    assert [(t.page_number, t.kind, t.unit) for t in index.titles] == [(2, "budget_summary", "万元")]


def test_a_section_heading_over_its_title_is_one_title():
    page = "7\n一、收支预算总表\n2026 年度收支预算总表\n单位：万元\n项目 预算数"
    index = index_pages([page])
    assert [(t.kind, t.title, t.unit) for t in index.titles] == [("budget_summary", "2026年度收支预算总表", "万元")]


def test_two_tables_of_one_kind_apart_on_a_page_stay_two():
    page = "支出总表\n单位：万元\n合计 1.00\n基本支出总表\n单位：万元\n合计 1.00"
    index = index_pages([page])
    assert [t.kind for t in index.titles] == ["expenditure_summary", "unmodelled"]
