"""Normalisation on inline staged frames: codes, economic names, subtotals, 三公, units.

Frames are small hand-made STAGED_AMOUNT tables shaped like the seeds' tables (same labels and
column paths as the extractor stages them); the figures are taken from the seeds.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import polars as pl
import pytest

from budget_etl.duckdb_warehouse import connect_readonly, load_document
from budget_etl.normalise import build_facts
from budget_etl.normalise.amounts import NormaliseError, with_yuan
from budget_etl.normalise.function_codes import assemble_codes, level_of, most_detailed, parent_of
from budget_etl.normalise.names import clean_name
from budget_etl.normalise.subtotals import project_structure
from schemas.frames import NARRATIVE_FACT, RAW_TABLE, STAGED_AMOUNT

D = Decimal
DOC = {"department_name": "吕梁市人民政府办公室"}

REVENUE_COLUMNS = ["本年收入/合计", "本年收入/一般公共预算", "本年收入/政府性基金", "上年结转"]
EXPENDITURE_COLUMNS = ["2026年预算数/合计", "2026年预算数/基本支出", "2026年预算数/项目支出"]
ECONOMIC_COLUMNS = ["2026年预算数/合计", "2026年预算数/人员经费", "2026年预算数/公用经费"]
PROJECT_COLUMNS = ["合计", "2026年财政拨款/一般公共预算", "2026年财政拨款/政府性基金预算", "单位资金"]
FISCAL_COLUMNS = [
    "2026年预算数/合计",
    "2026年预算数/一般公共预算",
    "2026年预算数/政府性基金预算",
    "2026年预算数/国有资本经营预算",
]


def table(kind, columns, rows, *, labels=("code", "label"), seq=0, page=5, unit="万元", first_row=2):
    """STAGED_AMOUNT cells of one printed table.

    ``rows``: tuples of the label fields named by ``labels`` (code, label, secondary) followed by
    one printed amount per column; "" is a blank cell, which staging does not stage.
    """
    cells = []
    for i, row in enumerate(rows):
        fields = dict(zip(labels, row[: len(labels)]))
        for column, text in zip(columns, row[len(labels) :]):
            if text == "":
                continue
            cells.append(
                {
                    "document_id": "d",
                    "table_seq": seq,
                    "table_kind": kind,
                    "page_number": page,
                    "row_index": first_row + i,
                    "row_label": fields.get("label", ""),
                    "row_label_secondary": fields.get("secondary"),
                    "function_code": fields.get("code") or None,
                    "column_label": column,
                    "amount": D(text),
                    "unit": unit,
                    "raw_text": text,
                }
            )
    return pl.DataFrame(cells, schema=STAGED_AMOUNT)


def staged(*tables: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([t for t in tables], how="vertical") if tables else pl.DataFrame(schema=STAGED_AMOUNT)


def findings(facts, check=None, passed=False):
    """The normaliser's result rows: failed ones by default, passed ones, or all (``passed=None``)."""
    checks = facts["quality_check_result"]
    if passed is not None:
        checks = checks.filter(pl.col("passed") == passed)
    return checks.filter(pl.col("check_name") == check) if check else checks


def total(frame: pl.DataFrame) -> Decimal:
    return frame["amount_yuan"].sum() if frame.height else D(0)


# lvliang 2026 预算收入总表: 类/款 rows above their 项, 合计 printed 0.02 above the rows' sum (尾差).
LVLIANG_REVENUE = [
    ("", "合计", "2324.90", "2324.90", "", ""),
    ("201", "一般公共服务支出", "1726.25", "1726.25", "", ""),
    ("20103", "政府办公厅（室）及相关机构事务", "1726.25", "1726.25", "", ""),
    ("2010301", "行政运行", "1469.03", "1469.03", "", ""),
    ("2010302", "一般行政管理事务", "257.22", "257.22", "", ""),
    ("208", "社会保障和就业支出", "313.55", "313.55", "", ""),
    ("20805", "行政事业单位养老支出", "313.55", "313.55", "", ""),
    ("2080501", "行政单位离退休", "134.18", "134.18", "", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "179.36", "179.36", "", ""),
    ("210", "卫生健康支出", "93.88", "93.88", "", ""),
    ("21011", "行政事业单位医疗", "93.88", "93.88", "", ""),
    ("2101101", "行政单位医疗", "45.54", "45.54", "", ""),
    ("2101102", "事业单位医疗", "27.32", "27.32", "", ""),
    ("2101103", "公务员医疗补助", "21.02", "21.02", "", ""),
    ("221", "住房保障支出", "191.21", "191.21", "", ""),
    ("22102", "住房改革支出", "191.21", "191.21", "", ""),
    ("2210201", "住房公积金", "191.21", "191.21", "", ""),
]


# ---------------------------------------------------------------------------------------------
# Function classification
# ---------------------------------------------------------------------------------------------


def test_codes_split_over_class_section_item_columns_are_assembled():
    assert assemble_codes(["208|05|06", "||07", "|08|", "||01", "2010301", "20|1", None]) == [
        "2080506",
        "2080507",
        "20808",
        "2080801",
        "2010301",
        "20|1",
        None,
    ]
    assert (level_of("208"), level_of("20805"), level_of("2080505")) == ("类", "款", "项")
    assert (parent_of("208"), parent_of("20805"), parent_of("2080505")) == (None, "208", "20805")


def test_the_most_detailed_printed_level_is_kept_even_when_it_is_a_kuan():
    assert most_detailed(["201", "20103", "2010301", "205", "20502", "212", "21203", "2120399"]) == {
        "2010301",
        "20502",
        "2120399",
    }


def test_revenue_facts_are_the_most_detailed_rows_and_keep_the_printed_row_figures():
    facts = build_facts(DOC, table("revenue_summary", REVENUE_COLUMNS, LVLIANG_REVENUE))
    revenue = facts["fact_revenue"]
    assert sorted(revenue["function_code"]) == [
        "2010301",
        "2010302",
        "2080501",
        "2080505",
        "2101101",
        "2101102",
        "2101103",
        "2210201",
    ]
    assert set(revenue["funding_source"]) == {"general_public_budget"}
    assert total(revenue) == D("23248800.00")  # the rows as printed: 2324.88 万元
    # the printed 合计 (2324.90) differs by rounding (尾差): the check passes, and the row keeps
    # its exact size, not hidden
    rounding = findings(facts, "printed_total_reconciles", passed=True).filter(
        pl.col("subject") == "合计 | 本年收入/合计"
    )
    assert rounding.select("passed", "expected", "actual", "difference").row(0) == (
        True,
        D("23249000.00"),
        D("23248800.00"),
        D("-200.00"),
    )
    assert findings(facts, "printed_total_reconciles").height == 0
    assert findings(facts).height == 0  # nothing failed: a 尾差 is no warning


def test_carry_over_column_is_its_own_funding_source_and_blank_cells_are_no_rows():
    rows = [
        ("", "合计", "1284.66", "1284.66", "", "575.44"),
        ("213", "农林水支出", "280.00", "280.00", "", "332.11"),
        ("21307", "农村综合改革", "280.00", "280.00", "", "299.43"),
        ("2130705", "对村民委员会和村党支部的补助", "280.00", "280.00", "", "299.43"),
        ("21303", "水利", "", "", "", "23.80"),
        ("2130335", "农村供水", "", "", "", "23.80"),
        ("212", "城乡社区支出", "1004.66", "1004.66", "", "252.21"),
        ("2120399", "其他城乡社区公共设施支出", "1004.66", "1004.66", "", "252.21"),
    ]
    facts = build_facts(DOC, table("revenue_summary", REVENUE_COLUMNS, rows))
    revenue = facts["fact_revenue"].sort("function_code", "funding_source")
    assert revenue.select("function_code", "funding_source", "amount_yuan").rows() == [
        ("2120399", "general_public_budget", D("10046600.00")),
        ("2120399", "prior_year_carryover", D("2522100.00")),
        ("2130335", "prior_year_carryover", D("238000.00")),
        ("2130705", "general_public_budget", D("2800000.00")),
        ("2130705", "prior_year_carryover", D("2994300.00")),
    ]
    # 213 prints 332.11 of carry-over, its rows 299.43 + 23.80 = 323.23: reported, the rows kept as printed
    wrong = findings(facts, "printed_total_reconciles")
    assert wrong.select("subject", "expected", "actual").rows() == [
        ("213 农林水支出 | 上年结转", D("3321100.00"), D("3232300.00"))
    ]


def test_a_code_missing_from_the_reference_is_kept_and_reported_never_dropped():
    rows = [
        ("", "合计", "5.00", "5.00", "", ""),
        ("224", "灾害防治及应急管理支出", "5.00", "5.00", "", ""),
        ("22401", "应急管理事务", "5.00", "5.00", "", ""),
        ("2240199", "其他应急管理支出", "5.00", "5.00", "", ""),
    ]
    facts = build_facts(DOC, table("revenue_summary", REVENUE_COLUMNS, rows))
    assert facts["fact_revenue"]["function_code"].to_list() == ["2240199"]
    dims = {r["code"]: r for r in facts["dim_function_class"].iter_rows(named=True)}
    assert dims["2240199"] == {"code": "2240199", "name": "其他应急管理支出", "level": "项", "parent_code": "22401"}
    unknown = findings(facts, "function_code_in_reference")
    assert "2240199" in unknown["subject"].to_list() and set(unknown["severity"]) == {"warn"}


def test_printed_name_variants_are_recorded_and_the_reference_name_wins():
    typo = [("2080110", "劳动关系的维权", "1.00", "1.00", "", "")]
    right = [("2080110", "劳动关系和维权", "1.00", "1.00", "")]
    facts = build_facts(
        DOC,
        staged(
            table("revenue_summary", REVENUE_COLUMNS, typo),
            table("expenditure_summary", EXPENDITURE_COLUMNS, right, seq=1),
        ),
    )
    variants = facts["function_class_printed_name"].sort("printed_name")
    assert variants.rows() == [
        ("2080110", "劳动关系和维权", "劳动关系和维权", True),
        ("2080110", "劳动关系的维权", "劳动关系和维权", False),
    ]
    assert facts["dim_function_class"].height == 0  # the code is in the reference: its name is used


def test_an_invalid_code_is_an_error_and_no_fact():
    rows = [("20103O1", "行政运行", "1.00", "1.00", "", ""), ("2010302", "一般行政管理事务", "2.00", "2.00", "", "")]
    facts = build_facts(DOC, table("revenue_summary", REVENUE_COLUMNS, rows))
    assert facts["fact_revenue"]["function_code"].to_list() == ["2010302"]
    invalid = findings(facts, "function_code_valid")
    assert invalid.select("severity", "subject").rows() == [("error", "20103O1")]


def test_expenditure_scopes_overlap_and_types_split_basic_and_project():
    rows = [
        ("", "合计", "2324.88", "2067.66", "257.22"),
        ("201", "一般公共服务支出", "1726.25", "1469.03", "257.22"),
        ("2010301", "行政运行", "1469.03", "1469.03", ""),
        ("2010302", "一般行政管理事务", "257.22", "", "257.22"),
        ("2080501", "行政单位离退休", "598.63", "598.63", ""),
    ]
    facts = build_facts(
        DOC,
        staged(
            table("expenditure_summary", EXPENDITURE_COLUMNS, rows),
            table("general_budget_expenditure", EXPENDITURE_COLUMNS, rows, seq=1, page=9),
        ),
    )
    expenditure = facts["fact_expenditure"]
    by_scope = expenditure.group_by("budget_scope", "expenditure_type").agg(pl.col("amount_yuan").sum()).sort(pl.all())
    assert by_scope.rows() == [
        ("all_funds", "basic", D("20676600.00")),
        ("all_funds", "project", D("2572200.00")),
        ("general_public_budget", "basic", D("20676600.00")),
        ("general_public_budget", "project", D("2572200.00")),
    ]
    assert set(expenditure.filter(pl.col("budget_scope") == "general_public_budget")["page_number"]) == {9}
    assert findings(facts).height == 0  # every printed total reproduced exactly


def test_two_sided_state_capital_table_reads_the_expenditure_side_only():
    revenue_side = table(
        "state_capital",
        ["收入/国有资本经营收入预算"],
        [("", "合计", "30.00"), ("1030601", "利润收入", "30.00")],
        first_row=3,
    )
    spending_side = table(
        "state_capital",
        ["支出/合计", "支出/基本支出", "支出/项目支出"],
        [
            ("", "合计", "30.00", "", "30.00"),
            ("223", "国有资本经营预算支出", "30.00", "", "30.00"),
            ("2230199", "其他解决历史遗留问题及改革成本支出", "30.00", "", "30.00"),
        ],
        first_row=3,
    )
    facts = build_facts(DOC, staged(revenue_side, spending_side))
    assert facts["fact_expenditure"].select(
        "budget_scope", "function_code", "expenditure_type", "amount_yuan"
    ).rows() == [("state_capital_operation", "2230199", "project", D("300000.00"))]
    assert findings(facts, "printed_total_reconciles").height == 0
    assert findings(facts, "function_code_valid").height == 0


# ---------------------------------------------------------------------------------------------
# Economic classification
# ---------------------------------------------------------------------------------------------

ECONOMIC = ("label", "secondary")


def economic(rows):
    facts = build_facts(DOC, table("basic_expenditure_economic", ECONOMIC_COLUMNS, rows, labels=ECONOMIC))
    frame = facts["fact_expenditure_economic"].select(
        "economic_code_department",
        "economic_name_department",
        "economic_code_government",
        "economic_name_government",
        "cost_type",
        "amount_yuan",
    )
    return facts, frame


def test_the_category_row_above_decides_capital_items_and_the_pairing_the_government_code():
    facts, frame = economic(
        [
            ("合计", "", "13.00", "", "13.00"),
            ("资本性支出", "", "5.00", "", "5.00"),
            ("办公设备购置", "设备购置", "5.00", "", "5.00"),
            ("资本性支出（基本建设）", "", "8.00", "", "8.00"),
            ("办公设备购置", "设备购置", "8.00", "", "8.00"),
        ]
    )
    assert frame.rows() == [
        ("31002", "办公设备购置", "50306", "设备购置", "public", D("50000.00")),
        ("30902", "办公设备购置", "50404", "设备购置", "public", D("80000.00")),
    ]
    assert findings(facts).height == 0


def test_one_department_item_pairs_with_two_government_items_and_both_codes_are_kept():
    # xiaoyi 2026 表六: 机关 staff under 501, 事业单位 staff under 505, printed as separate rows
    facts, frame = economic(
        [
            ("合计", "", "499.66", "499.66", ""),
            ("工资福利支出", "", "499.66", "499.66", ""),
            ("基本工资", "工资奖金津补贴", "110.97", "110.97", ""),
            ("基本工资", "工资福利支出", "388.69", "388.69", ""),
        ]
    )
    assert frame.select("economic_code_department", "economic_code_government", "amount_yuan").rows() == [
        ("30101", "50101", D("1109700.00")),
        ("30101", "50501", D("3886900.00")),
    ]
    assert findings(facts).height == 0


def test_width_variants_resolve_and_unknown_names_keep_a_null_code_and_are_reported():
    facts, frame = economic(
        [
            ("商品和服务支出", "", "5.50", "", "5.50"),
            ("维修(护)费", "维修(护)费", "4.50", "", "4.50"),
            ("神秘费", "办公经费", "1.00", "", "1.00"),
        ]
    )
    assert frame.rows() == [
        ("30213", "维修（护）费", "50209", "维修（护）费", "public", D("45000.00")),
        (None, "神秘费", "50201", "办公经费", "public", D("10000.00")),
    ]
    unresolved = findings(facts, "economic_name_resolved")
    assert unresolved.select("severity", "subject").rows() == [("warn", "神秘费")]


# ---------------------------------------------------------------------------------------------
# Project tables: subtotals by arithmetic
# ---------------------------------------------------------------------------------------------


def projects(rows, kind="project_expenditure", unit="万元"):
    return build_facts(DOC, table(kind, PROJECT_COLUMNS, rows, labels=("label",), unit=unit))


def test_the_department_row_printed_twice_is_told_apart_by_arithmetic():
    facts = projects(
        [
            ("1", "2", "3", "4", "5"),  # column numbering under the header
            ("吕梁市人民政府办公室", "50.00", "50.00", "", ""),
            ("吕梁市人民政府办公室", "50.00", "50.00", "", ""),
            ("协同办公系统运维费", "20.00", "20.00", "", ""),
            ("补充运行经费", "30.00", "30.00", "", ""),
        ]
    )
    rows = facts["fact_project_expenditure"]
    assert rows.select("unit_name", "project_name", "funding_source", "amount_yuan").rows() == [
        ("吕梁市人民政府办公室", "协同办公系统运维费", "general_public_budget", D("200000.00")),
        ("吕梁市人民政府办公室", "补充运行经费", "general_public_budget", D("300000.00")),
    ]
    assert findings(facts).height == 0


def test_units_are_the_subtotal_rows_above_their_projects_whatever_their_names():
    facts = projects(
        [
            ("孝义市工业和信息化局", "60.00", "59.00", "1.00", ""),
            ("孝义市工信和科技局", "40.00", "39.00", "1.00", ""),
            ("国运公司注册资本金", "39.00", "39.00", "", ""),
            ("2025年乡村旅游公交专项及其他专线费用", "1.00", "", "1.00", ""),
            ("孝义市中小企业服务中心", "20.00", "20.00", "", ""),
            ("孝义市中小企业服务中心", "20.00", "20.00", "", ""),  # a project named like its unit
        ]
    )
    rows = facts["fact_project_expenditure"]
    assert rows.select("unit_name", "project_name", "funding_source").rows() == [
        ("孝义市工信和科技局", "国运公司注册资本金", "general_public_budget"),
        ("孝义市工信和科技局", "2025年乡村旅游公交专项及其他专线费用", "government_fund"),
        ("孝义市中小企业服务中心", "孝义市中小企业服务中心", "general_public_budget"),
    ]
    assert total(rows) == D("600000.00")


def test_without_unit_rows_the_unit_is_the_department():
    facts = projects(
        [("临县刘家会镇人民政府", "11.75", "11.75", "", ""), ("刘家会政府遗属补助", "11.75", "11.75", "", "")]
    )
    assert facts["fact_project_expenditure"]["unit_name"].to_list() == ["临县刘家会镇人民政府"]
    facts = projects([("刘家会政府遗属补助", "11.75", "11.75", "", "")])  # no subtotal row at all
    assert facts["fact_project_expenditure"]["unit_name"].to_list() == ["吕梁市人民政府办公室"]


def test_repeated_project_names_stay_separate_rows():
    facts = projects(
        [
            ("孝义市工业和信息化局", "8075.00", "8075.00", "", ""),
            ("孝义市工信和科技局", "8075.00", "8075.00", "", ""),
            ("国运公司注册资本金", "325.00", "325.00", "", ""),
            ("国运注册资本金", "750.00", "750.00", "", ""),
            ("国运公司注册资本金", "7000.00", "7000.00", "", ""),
        ]
    )
    repeated = facts["fact_project_expenditure"].filter(pl.col("project_name") == "国运公司注册资本金")
    assert repeated.select("row_index", "amount_yuan").rows() == [(4, D("3250000.00")), (6, D("70000000.00"))]


def test_a_rounded_unit_subtotal_still_reads_and_the_rounding_is_reported():
    facts = projects(
        [
            ("孝义市工业和信息化局", "28478.88", "28478.88", "", ""),
            ("孝义市工信和科技局", "28478.88", "28478.88", "", ""),
            ("民营经济发展专项转移支付", "28477.88", "28477.88", "", ""),
            ("丧葬费", "0.72", "0.72", "", ""),
            ("2020年残保金", "0.29", "0.29", "", ""),
        ]
    )
    rows = facts["fact_project_expenditure"]
    assert rows.height == 3 and set(rows["unit_name"]) == {"孝义市工信和科技局"}
    rounding = findings(facts, "printed_total_reconciles", passed=True).filter(pl.col("difference") != 0)
    assert set(rounding["difference"]) == {D("100.00")}
    assert findings(facts, "printed_total_reconciles").height == 0


def test_a_project_whose_sources_round_apart_from_its_total_passes_and_beyond_fails():
    facts = projects(
        [
            ("补充运行经费", "30.01", "20.00", "10.00", ""),  # 0.01 万元 off two sources: 尾差
            ("协同办公系统运维费", "21.00", "20.00", "", ""),  # 1.00 万元 off: misread
        ]
    )
    rows = findings(facts, "project_row_sources_sum_to_total", passed=None)
    assert rows.select("subject", "passed", "expected", "actual", "difference").rows() == [
        ("补充运行经费", True, D("300100.00"), D("300000.00"), D("-100.00")),
        ("协同办公系统运维费", False, D("210000.00"), D("200000.00"), D("-10000.00")),
    ]
    assert set(rows["severity"]) == {"warn"}


def test_a_project_equal_to_the_next_one_is_not_taken_for_a_subtotal():
    # linxian 2026 上年结转 prints 高校毕业生社区助理生活补贴经费 0.35 twice in a row
    facts = projects(
        [
            ("临县刘家会镇人民政府", "1.70", "1.70", "", ""),
            ("临县刘家会镇人民政府", "1.70", "1.70", "", ""),
            ("高校毕业生社区助理生活补贴经费", "0.35", "0.35", "", ""),
            ("高校毕业生社区助理生活补贴经费", "0.35", "0.35", "", ""),
            ("招募社区助理生活补助", "1.00", "1.00", "", ""),
        ],
        kind="project_carryover",
    )
    rows = facts["fact_project_expenditure"]
    assert rows.height == 3 and rows["is_carryover"].all()
    assert total(rows) == D("17000.00")


def test_project_structure_prefers_the_template_reading():
    d = [D(x) for x in ("10", "10", "6", "4")]
    assert project_structure(d, D("0.01")).kind == "department+units"
    assert project_structure([D(x) for x in ("10", "6", "4")], D("0.01")).kind == "department+projects"
    assert project_structure([D(x) for x in ("6", "6", "4", "4")], D("0.01")).kind == "units"
    assert project_structure([D(x) for x in ("6", "5", "4")], D("0.01")).kind == "projects"


# ---------------------------------------------------------------------------------------------
# 三公, 机关运行经费, procurement
# ---------------------------------------------------------------------------------------------

THREE_PUBLIC = [
    ("因公出国（境）费", "", "", "", ""),
    ("公务接待费", "2.00", "2.00", "", ""),
    ("公务用车购置及运行费", "9.60", "9.60", "", ""),
    ("①公务用车购置费", "", "", "", ""),
    ("②公务用车运行维护费", "9.60", "9.60", "", ""),
    ("合计", "11.60", "11.60", "", ""),
]


def test_three_public_is_always_twelve_rows_and_subtotals_are_not_facts():
    facts = build_facts(DOC, table("three_public", FISCAL_COLUMNS, THREE_PUBLIC, labels=("label",)))
    rows = facts["fact_three_public"]
    assert rows.height == 12
    assert rows.filter(pl.col("amount_yuan") != 0).select("item", "funding_source", "amount_yuan").rows() == [
        ("official_reception", "general_public_budget", D("20000.00")),
        ("vehicle_operation", "general_public_budget", D("96000.00")),
    ]
    assert findings(facts).height == 0  # 合计 and 公务用车购置及运行费 reconcile exactly


def test_a_three_public_table_printed_empty_still_gives_twelve_zero_rows():
    raw = pl.DataFrame(
        [
            {
                "document_id": "d",
                "table_seq": 9,
                "table_kind": "three_public",
                "title": "“三公”经费支出预算表",
                "first_page": 13,
                "last_page": 13,
                "n_rows": 8,
                "n_cols": 5,
                "is_empty": True,
                "unit": "万元",
                "accuracy": 99.0,
                "whitespace": 10.0,
            }
        ],
        schema=RAW_TABLE,
    )
    facts = build_facts(DOC, staged(), tables=raw)
    rows = facts["fact_three_public"]
    assert rows.height == 12 and total(rows) == 0 and set(rows["page_number"]) == {13}
    assert build_facts(DOC, staged())["fact_three_public"].height == 0  # table not found: no rows


def test_operating_cost_keeps_unit_rows_and_drops_the_department_total_by_arithmetic():
    rows = [
        ("吕梁市人民政府办公室", "233.34", "233.34", "", ""),  # 部门合计 printed under the department's name
        ("市政府办公室", "200.00", "200.00", "", ""),
        ("市政府研究室", "33.34", "33.34", "", ""),
    ]
    facts = build_facts(DOC, table("operating_cost", FISCAL_COLUMNS, rows, labels=("label",)))
    assert facts["fact_operating_cost"].select("unit_name", "amount_yuan").rows() == [
        ("市政府办公室", D("2000000.00")),
        ("市政府研究室", D("333400.00")),
    ]


def test_procurement_parts_come_from_the_narrative_and_are_reconciled_with_the_total():
    narrative = pl.DataFrame(
        [
            {"document_id": "d", "fact": f, "amount": D(a), "unit": "万元", "page_number": 19, "sentence": "…"}
            for f, a in (
                ("procurement_total", "157.65"),
                ("procurement_goods", "41.52"),
                ("procurement_works", "0"),
                ("procurement_services", "116.13"),
            )
        ],
        schema=NARRATIVE_FACT,
    )
    facts = build_facts(DOC, staged(), narrative)
    assert facts["fact_procurement"].sort("category").rows() == [
        ("goods", D("415200.00"), 19),
        ("services", D("1161300.00"), 19),
        ("works", D("0.00"), 19),
    ]
    assert findings(facts).height == 0


# ---------------------------------------------------------------------------------------------
# What the facts leave out: printed subtotals and stated figures
# ---------------------------------------------------------------------------------------------


def printed_rows(facts, kind=None):
    frame = facts["fact_printed_total"]
    return frame.filter(pl.col("table_kind") == kind) if kind else frame


def test_printed_subtotal_rows_are_kept_as_printed_and_facts_keep_the_detail():
    facts = build_facts(DOC, table("revenue_summary", REVENUE_COLUMNS, LVLIANG_REVENUE))
    printed = printed_rows(facts, "revenue_summary")
    # 合计, every 类 and every 款 row — never a 项 row, which is a fact
    assert set(printed["function_code"]) == {None, "201", "20103", "208", "20805", "210", "21011", "221", "22102"}
    assert not set(printed["function_code"]) & set(facts["fact_revenue"]["function_code"])
    grand = printed.filter(pl.col("function_code").is_null())
    assert grand.select("row_label", "column_label", "amount_yuan", "row_index").rows() == [
        ("合计", "本年收入/合计", D("23249000.00"), 2),
        ("合计", "本年收入/一般公共预算", D("23249000.00"), 2),
    ]
    # the printed 2324.90, where the facts add up to 2324.88
    assert total(facts["fact_revenue"]) == D("23248800.00")
    assert printed_rows(facts).height == 18  # 9 rows × the 2 printed columns (blank cells are not figures)


def test_project_subtotals_are_printed_rows_told_apart_by_their_row():
    facts = projects(
        [
            ("吕梁市人民政府办公室", "50.00", "50.00", "", ""),
            ("吕梁市人民政府办公室", "50.00", "50.00", "", ""),
            ("协同办公系统运维费", "20.00", "20.00", "", ""),
            ("补充运行经费", "30.00", "30.00", "", ""),
        ]
    )
    printed = printed_rows(facts, "project_expenditure")
    assert printed.select("row_index", "row_label", "column_label").rows() == [
        (2, "吕梁市人民政府办公室", "合计"),
        (2, "吕梁市人民政府办公室", "2026年财政拨款/一般公共预算"),
        (3, "吕梁市人民政府办公室", "合计"),
        (3, "吕梁市人民政府办公室", "2026年财政拨款/一般公共预算"),
    ]


def test_three_public_and_summary_total_rows_are_printed_rows():
    summary = table(
        "budget_summary",
        ["收入/2026年", "支出/2026年合计", "支出/当年预算安排"],
        [
            ("一、一般公共预算", "2324.90", "", ""),
            ("一、一般公共服务支出", "", "1726.25", "1726.25"),
            ("本年收入合计", "2324.90", "", ""),
            ("本年支出合计", "", "2324.90", "2324.90"),
            ("收入总计", "2324.90", "", ""),
            ("支出总计", "", "2324.90", "2324.90"),
        ],
        labels=("label",),
        seq=0,
    )
    facts = build_facts(
        DOC, staged(summary, table("three_public", FISCAL_COLUMNS, THREE_PUBLIC, labels=("label",), seq=1))
    )
    printed = printed_rows(facts)
    # 表一: its total rows, every printed cell (当年预算安排 too); its source and class rows are not totals
    assert sorted(set(printed.filter(pl.col("table_kind") == "budget_summary")["row_label"])) == [
        "支出总计",
        "收入总计",
        "本年支出合计",
        "本年收入合计",
    ]
    assert printed.filter(pl.col("table_kind") == "budget_summary").height == 6
    # 三公: 公务用车购置及运行费 and 合计, every printed column
    assert printed_rows(facts, "three_public").select("row_label", "column_label", "amount_yuan").rows() == [
        ("公务用车购置及运行费", "2026年预算数/合计", D("96000.00")),
        ("公务用车购置及运行费", "2026年预算数/一般公共预算", D("96000.00")),
        ("合计", "2026年预算数/合计", D("116000.00")),
        ("合计", "2026年预算数/一般公共预算", D("116000.00")),
    ]


def test_narrative_figures_are_kept_as_stated_and_money_gets_its_yuan():
    narrative = pl.DataFrame(
        [
            {"document_id": "d", "fact": f, "amount": D(a), "unit": u, "page_number": p, "sentence": f"…{a}{u}…"}
            for f, a, u, p in (
                ("three_public_total", "5.00", "万元", 22),
                ("three_public_total_change", "-10.00", "万元", 22),
                ("expenditure_basic_share", "88.94", "%", 21),
                ("vehicles_total", "2", "辆", 39),
                ("floor_area_office", "2487.91", "平方米", 39),
                ("procurement_total", "1576500.00", "元", 23),
                ("three_public_total", "6.00", "万元", 30),
            )  # stated twice: the first statement wins
        ],
        schema=NARRATIVE_FACT,
    )
    stated = build_facts(DOC, staged(), narrative)["fact_narrative"]
    assert stated.select("fact", "amount", "unit", "amount_yuan", "page_number").rows() == [
        ("three_public_total", D("5.0000"), "万元", D("50000.00"), 22),
        ("three_public_total_change", D("-10.0000"), "万元", D("-100000.00"), 22),
        ("expenditure_basic_share", D("88.9400"), "%", None, 21),
        ("vehicles_total", D("2.0000"), "辆", None, 39),
        ("floor_area_office", D("2487.9100"), "平方米", None, 39),
        ("procurement_total", D("1576500.0000"), "元", D("1576500.00"), 23),
    ]
    assert stated["sentence"][0] == "…5.00万元…"
    assert build_facts(DOC, staged())["fact_narrative"].height == 0  # no narrative: no rows


# ---------------------------------------------------------------------------------------------
# Units and loading
# ---------------------------------------------------------------------------------------------


def test_a_document_printed_in_yuan_loads_the_same_way():
    in_wan = table("revenue_summary", REVENUE_COLUMNS, LVLIANG_REVENUE)
    in_yuan = table(
        "revenue_summary",
        REVENUE_COLUMNS,
        [(c, label, *[str(D(a) * 10000) if a else "" for a in amounts]) for c, label, *amounts in LVLIANG_REVENUE],
        unit="元",
    )
    a, b = build_facts(DOC, in_wan)["fact_revenue"], build_facts(DOC, in_yuan)["fact_revenue"]
    assert a.equals(b)
    # the rounding tolerance is money (0.01 万元 per row), not print precision: same findings
    checks = ["check_name", "expected", "actual", "difference"]
    assert (
        build_facts(DOC, in_wan)["quality_check_result"]
        .select(checks)
        .equals(build_facts(DOC, in_yuan)["quality_check_result"].select(checks))
    )


def test_amounts_finer_than_a_fen_are_refused():
    frame = pl.DataFrame(
        {"amount": [D("1.005")], "unit": ["元"]}, schema={"amount": pl.Decimal(20, 4), "unit": pl.String}
    )
    with pytest.raises(NormaliseError, match="fen"):
        with_yuan(frame)


def test_the_normaliser_builds_every_per_document_table_the_loader_knows():
    from budget_etl import duckdb_warehouse as warehouse

    # document_table_status is the quality gate's (budget_etl/quality/table_gate.py), not the normaliser's
    assert set(build_facts(DOC, staged())) == set(warehouse.DOCUMENT_TABLES) - {"document_table_status"} | {
        "dim_function_class"
    }


def test_names_are_cleaned_wraps_rejoined_and_widths_folded():
    assert clean_name("2026年村级运转经费(农村税费改革 转移支付)") == "2026年村级运转经费（农村税费改革转移支付）"
    assert clean_name("国有资本经营 预算") == "国有资本经营预算"
    assert clean_name("２０２６年 乡村 e镇") == "2026年乡村e镇"


def test_built_facts_load_into_the_warehouse_and_sum_without_double_counting(tmp_path):
    sha = hashlib.sha256(b"lvliang").hexdigest()
    document = {
        "document_id": sha[:16],
        "file_name": "lvliang.pdf",
        "file_sha256": sha,
        "department_name": "吕梁市人民政府办公室",
        "document_kind": "department",
        "fiscal_year": 2026,
        "page_count": 120,
    }
    facts = build_facts(
        document,
        staged(
            table("revenue_summary", REVENUE_COLUMNS, LVLIANG_REVENUE),
            table("three_public", FISCAL_COLUMNS, THREE_PUBLIC, labels=("label",), seq=1, page=13),
        ),
    )
    path = tmp_path / "w.duckdb"
    counts = load_document(path, document, facts)
    assert counts["fact_revenue"] == 8 and counts["fact_three_public"] == 12
    with connect_readonly(path) as con:
        assert con.execute("SELECT sum(amount_yuan), sum(amount_wan) FROM fact_revenue").fetchone() == (
            D("23248800.00"),
            D("2324.880000"),
        )
        # passed: the 合计's rounding difference (尾差) is recorded, as a passing check row
        assert con.execute("SELECT three_public_total_yuan, quality_status FROM v_department_budget").fetchone() == (
            D("116000.00"),
            "passed",
        )
        assert con.execute("SELECT count(*) FROM quality_check_result WHERE NOT passed").fetchone()[0] == 0
        assert (
            con.execute(
                "SELECT count(*) FROM quality_check_result WHERE check_name = 'printed_total_reconciles' "
                "AND difference <> 0"
            ).fetchone()[0]
            >= 2
        )
