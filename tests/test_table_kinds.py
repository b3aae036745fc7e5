"""Table recognition by title words and header signature, not by number."""

import pytest

from budget_etl.table_kinds import (
    header_matches,
    is_excluded_title,
    kind_from_title,
    kinds_matching_header,
    names_a_table,
)
from schemas.frames import TABLE_KINDS


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # Shanxi 13-table template, as printed
        ("2026年预算收支总表", "budget_summary"),
        ("2026年预算收入总表", "revenue_summary"),
        ("2026年预算支出总表", "expenditure_summary"),
        ("2026年财政拨款收支总表", "fiscal_grant_summary"),
        ("2026年一般公共预算支出预算表（不含上年结转）", "general_budget_expenditure"),
        ("2026年一般公共预算安排基本支出分经济科目表（不含上年结转）", "basic_expenditure_economic"),
        ("2026年政府性基金预算收入表（不含上年结转）", "government_fund_revenue"),
        ("2026年政府性基金预算支出表（不含上年结转）", "government_fund_expenditure"),
        ("2026年国有资本经营预算收支预算表（不含上年结转）", "state_capital"),
        ("2026年财政拨款安排“三公”经费支出预算表", "three_public"),
        ("2026年财政拨款安排机关运行经费预算表", "operating_cost"),
        ("2026年项目支出预算表（本年预算）", "project_expenditure"),
        ("2026年项目支出预算表（上年结转）", "project_carryover"),
        # other wordings: national 9-table template, half-width brackets, stray spaces, ASCII quotes
        ("2026年部门收支总表", "budget_summary"),
        ("2026年部门收入总表", "revenue_summary"),
        ("2026年部门支出总表", "expenditure_summary"),
        ("2026年一般公共预算支出表", "general_budget_expenditure"),
        ("2026年一般公共预算基本支出表", "basic_expenditure_economic"),
        ('2026年一般公共预算"三公"经费支出表', "three_public"),
        ("2026年国有资本经营预算支出表", "state_capital"),
        ("2026年 项目支出预算表(上年结转)", "project_carryover"),
        ("2026年财政拨款安排“三公”经费及机关运行经费预算表", "three_public_operating_cost"),
        ("2026年“三公”经费和机关运行经费支出预算表", "three_public_operating_cost"),
        # wordings of the real disclosures (data/samples/real): 总体情况表, 情况表, 明细表, 预算总表
        ("2026年部门收支总体情况表", "budget_summary"),
        ("收入总体情况表", "revenue_summary"),
        ("本年支出总体情况表", "expenditure_summary"),
        ("2026年部门财务收支预算总表", "budget_summary"),
        ("2026年预算单位收入预算总表", "revenue_summary"),
        ("2026 年度财政拨款收支预算总表", "fiscal_grant_summary"),
        ("一般公共预算支出情况表（按功能分类科目）", "general_budget_expenditure"),
        ("部门综合预算一般公共预算支出明细表（按支出功能分类科目）", "general_budget_expenditure"),
        ("2026年一般公共预算基本支出情况表", "basic_expenditure_economic"),
        ("一般公共预算基本支出情况表（按经济分类科目）", "basic_expenditure_economic"),
        ("2026年部门一般公共预算基本支出部门预算经济分类预算表", "basic_expenditure_economic"),
        ("2026年部门政府性基金预算支出功能分类预算表", "government_fund_expenditure"),
        ("部门综合预算政府性基金收支表", "government_fund_expenditure"),
        ("财政拨款安排的行政经费及“三公”经费预算表", "three_public"),
        ("一般公共预算“三公”经费、会议费、培训费支出表", "three_public"),
        ("预算10表 政府采购预算明细表", "procurement"),
        ("表九 2026年政府采购预算明细表", "procurement"),
    ],
)
def test_kind_from_title(title, kind):
    assert kind in TABLE_KINDS
    assert kind_from_title(title) == kind


@pytest.mark.parametrize(
    "text",
    [
        "吕梁市市级预算部门（单位）项目支出绩效目标表",
        "山西省部门政府购买服务指导性目录",
        "（项目绩效目标表公开情况见附件）",
        "七、“三公”经费增减变动原因说明",  # a narrative heading, not a table title
        "2026年吕梁市人民政府办公室财政拨款安排的“三公”经费预算5.00万元",
        "第二部分 2026年部门预算报表",
        "2025年决算收支总表",  # final accounts, not a budget table
        "预算11表 财政拨款政府购买服务明细表",
        "",
    ],
)
def test_not_a_standard_table_title(text):
    assert kind_from_title(text) is None


@pytest.mark.parametrize(
    "title",
    [
        # budget tables no fact table models: recognised as titles (they end the table above),
        # never taken for a modelled kind
        "一般公共预算支出表（按经济分类）",
        "2026 年度一般公共预算支出经济分类情况表",
        "一般公共预算项目支出情况表（按经济分类科目）",
        "基本支出总表",
        "部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）",
        "部门综合预算财政拨款上年结转资金支出表",
    ],
)
def test_budget_tables_that_no_fact_table_models(title):
    assert kind_from_title(title) is None
    assert names_a_table(title)


def test_excluded_titles():
    assert is_excluded_title("项目支出绩效目标表")
    assert is_excluded_title("政府购买服务指导性目录")
    assert not is_excluded_title("2026年项目支出预算表（本年预算）")


def test_header_signature_confirms_or_rejects_a_kind():
    three_public = "项目 2026年预算数 合计 一般公共预算 因公出国（境）费 公务接待费 公务用车购置及运行费"
    assert header_matches("three_public", three_public)
    assert not header_matches("three_public", "单位名称 2026预算数 合计 部门合计")
    assert header_matches("operating_cost", "单位名称 2026预算数 合计 部门合计")
    assert header_matches("basic_expenditure_economic", "部门预算支出经济科目名称 政府预算支出经济科目名称")
    assert kinds_matching_header(three_public)[0] == "three_public"
    # same header words, different tables: the title decides
    header = "项目 2026年预算数 科目编码 科目名称 合计 基本支出 项目支出"
    assert {"expenditure_summary", "general_budget_expenditure"} <= set(kinds_matching_header(header))
