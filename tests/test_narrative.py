"""Narrative facts (budget_etl/narrative.py): inline wording variants, the three seeds, the sample PDFs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budget_etl.narrative import Fact, extract_narrative_facts, find_facts
from schemas.frames import NARRATIVE_FACT
from tools.seed_text import Paragraph, Table, read_seed

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
SAMPLES = ROOT / "data" / "samples"

D = Decimal


def facts(*pages: str) -> dict[str, Fact]:
    """Facts of a document given as page texts; each fact must come out once."""
    found = find_facts(list(pages))
    names = [f.fact for f in found]
    assert len(names) == len(set(names)), names
    return {f.fact: f for f in found}


def values(*pages: str) -> dict[str, Decimal]:
    return {name: f.amount for name, f in facts(*pages).items()}


def page(*lines: str) -> str:
    """A page as pypdfium2 returns it: lines ending with CRLF."""
    return "".join(f"{line}\r\n" for line in lines)


THREE_PUBLIC = "七、“三公”经费增减变动原因说明"
OPERATING = "八、机关运行经费增减变动原因说明"
PROCUREMENT = "九、政府采购情况"
EXPENDITURE = "三、支出预算情况说明"
ASSETS = "十一、国有资产占有使用情况"


# ---------------------------------------------------------------------------------------------
# 九、政府采购情况


def test_procurement_as_printed_in_shanxi():
    v = values(
        page(
            PROCUREMENT,
            "2026年吕梁市人民政府办公室政府采购预算总额157.65万元。其中：政府采购货物预算41.52万元、政府采购工程预算0万元、政府采购服务预算116.13万元。",
            "十、绩效管理情况",
        )
    )
    assert v == {
        "procurement_total": D("157.65"),
        "procurement_goods": D("41.52"),
        "procurement_works": D("0"),
        "procurement_services": D("116.13"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        # half-width punctuation, "为", thousands separators
        "2026年政府采购预算总额为1,157.65万元. 其中:政府采购货物预算1,041.52万元,政府采购工程预算0万元,政府采购服务预算116.13万元.",
        # pdfium's spaces around numbers and inside them ("10. 00")
        "2026 年政府采购预算总额 1157. 65 万元。其中：政府采购货物预算 1041.52 万元、政府采购工程预算 0 万元、政府采购服务预算 116. 13 万元。",
        # short category names, 共计, full-width comma as thousands separator
        "本部门政府采购预算共计1，157.65万元，其中：货物类1，041.52万元，工程类0万元，服务类116.13万元。",
        # other wording order, 总预算
        "2026年度安排政府采购总预算1157.65万元（其中货物1041.52万元；工程0万元；服务116.13万元）。",
    ],
)
def test_procurement_wording_variants(sentence):
    v = values(page(PROCUREMENT, sentence))
    assert v == {
        "procurement_total": D("1157.65"),
        "procurement_goods": D("1041.52"),
        "procurement_works": D("0"),
        "procurement_services": D("116.13"),
    }


def test_procurement_in_yuan_keeps_the_printed_unit():
    f = facts(page(PROCUREMENT, "政府采购预算总额1576500元，其中：货物415200元、工程0元、服务1161300元。"))
    assert (f["procurement_total"].amount, f["procurement_total"].unit) == (D("1576500"), "元")
    assert f["procurement_services"].unit == "元"


def test_government_purchase_of_services_is_not_procurement_services():
    v = values(page(PROCUREMENT, "政府采购预算总额10万元。其中：政府采购货物预算10万元。政府购买服务预算20万元。"))
    assert "procurement_services" not in v
    assert v["procurement_goods"] == D("10")


def test_procurement_without_a_heading_is_found_in_its_sentence():
    v = values(
        page(
            "2026年本单位政府采购预算总额11.00万元。其中：政府采购货物预算6.00万元、政府采购工程预算0万元、政府采购服务预算5.00万元。"
        )
    )
    assert v["procurement_total"] == D("11.00") and v["procurement_services"] == D("5.00")
    # the parts in a following "其中" sentence that does not repeat the name
    v = values(
        page(
            "政府采购情况",
            "2026年本单位政府采购预算总额11.00万元。其中：货物6.00万元、工程0万元、服务5.00万元。",
            "绩效管理情况",
            "其中：服务对象满意度≥95%，服务9万元。",
        )
    )
    assert v == {
        "procurement_total": D("11.00"),
        "procurement_goods": D("6.00"),
        "procurement_works": D("0"),
        "procurement_services": D("5.00"),
    }


# The wordings of the real disclosures (data/samples/real), figures changed: each names the
# property of the sentence the reader relies on.
@pytest.mark.parametrize(
    "lines",
    [
        # "政府采购" + a few words + figure: 项目共有 / 安排 / 支出预算总额 / 预算共; parts named by the
        # category word after 采购, 其中 or a clause break, whatever follows it (类项目, 采购预算, 支出)
        [
            "某局纳入 2026 年部门预算的政府采购项",
            "目共有 1157.65 万元，其中：货物类项目 1041.52 万元、工程类项目",
            "0.00 万元、服务类项目 116.13 万元。",
        ],
        [
            "2026年本部门政府采购安排1157.65万元，其中：货物类采购",
            "预算1041.52万元，工程类采购预算0万元，服务类采购预算",
            "116.13万元等。",
        ],
        [
            "2026 年度政府采购支出预算总额 1157.65 万元，其中：拟采购货",
            "物支出 1041.52 万元、拟采购工程支出 0 万元、拟采购服务支出 116.13 万",
            "元。",
        ],
        [
            "当年本部门政府采购预算共1157.65万元，其中政府采购货物类预算1041.52万元、政府采购服",
            "务类预算116.13万元、政府采购工程类预算0万元（详见公开报表中的政府采购表）。",
        ],
        [
            "所属各预算单位政府采购预算总额1157.65万元:政府采购货物预算1041.52万元、政府采购工",
            "程预算0万元、政府采购服务预算116.13万元;其中一般公共预算拨款政府采购0万元:政府采购货物预算0万元、",
            "政府采购工程预算0万元、政府采购服务预算0万元。",
        ],
        # the text layer spacing every character of a figure
        [
            "政府采购预算总额 1 , 1 5 7 . 6 5 万元，其中：政府采购货物预算 1 , 0 4 1 . 5 2 万 元、政府采购工程预算 0 万元、政府采购服务预算 1 1 6 . 1 3 万元。"
        ],
    ],
)
def test_procurement_wordings_of_the_real_disclosures(lines):
    assert values(page(PROCUREMENT, *lines)) == {
        "procurement_total": D("1157.65"),
        "procurement_goods": D("1041.52"),
        "procurement_works": D("0"),
        "procurement_services": D("116.13"),
    }


def test_a_procurement_heading_that_runs_on_into_its_figure():
    # "（四）政府采购情况：…预算总额" is a short numbered line without 。: a title line to the reader,
    # but its label ends the line and its figure starts the next, so they are read as one clause
    f = facts(
        page(
            "（四）政府采购情况：2026 年本单位政府采购预算总额",
            "43.9 万元，其中，货物类采购预算 25.4 万元；工程类采购预算",
            "0 万元；服务类采购预算 18.5 万元。",
        )
    )
    assert {n: x.amount for n, x in f.items()} == {
        "procurement_total": D("43.9"),
        "procurement_goods": D("25.4"),
        "procurement_works": D("0"),
        "procurement_services": D("18.5"),
    }
    assert (
        f["procurement_total"].sentence.startswith("（四）政府采购情况") and "43.9" in f["procurement_total"].sentence
    )


def test_procurement_total_without_a_split_and_a_split_without_a_total():
    assert values(page(PROCUREMENT, "2026年本部门政府采购预算66,307.98万元。")) == {"procurement_total": D("66307.98")}
    assert values(
        page(
            PROCUREMENT,
            "本部门采购安排如下：货物类采购预算2.16万元，工程类采购预算33.42万元，服务类采购预算476.9万元。",
        )
    ) == {
        "procurement_goods": D("2.16"),
        "procurement_works": D("33.42"),
        "procurement_services": D("476.9"),
    }


@pytest.mark.parametrize(
    "sentence", ["2026年本部门未安排政府采购预算。", "本单位无政府采购预算。", "本部门2026年政府采购预算为零。"]
)
def test_no_procurement_stated_is_a_total_of_zero(sentence):
    f = facts(page(PROCUREMENT, sentence))
    assert {n: (x.amount, x.unit) for n, x in f.items()} == {"procurement_total": (D(0), "万元")}


def test_procurement_silent_or_negated_otherwise_gives_nothing():
    assert values(page(PROCUREMENT, "对无法通过政府采购方式实施的项目，按规定程序办理。")) == {}
    assert (
        values(page(EXPENDITURE, "2026年支出预算100万元。"))
        .keys()
        .isdisjoint({"procurement_total", "procurement_goods", "procurement_works", "procurement_services"})
    )


def test_what_is_not_the_procurement_total_or_a_part():
    # the share reserved for small firms, a funding-source part, a comparison: not the total
    v = values(
        page(
            PROCUREMENT,
            "2026年本部门面向中小企业预留政府采购项目预算金额34万元。其中一般公共预算拨款政府采购20万元。"
            "政府采购预算比上年增加5万元。",
        )
    )
    assert "procurement_total" not in v
    # a service bought ("物业管理服务") is not the category 服务
    v = values(page(PROCUREMENT, "政府采购预算总额130万元，主要用于物业管理服务120万元、办公设备10万元。"))
    assert v == {"procurement_total": D("130")}


# ---------------------------------------------------------------------------------------------
# 七、"三公"经费


def test_three_public_prior_derived_from_a_stated_decrease():
    f = facts(
        page(
            THREE_PUBLIC,
            "2026年财政拨款安排的“三公”经费预算5.00万元比2025年减少 10.00万元，主要原因是4辆公务车调拨到机关事务服务中心。",
        )
    )
    assert f["three_public_total"].amount == D("5.00")
    assert f["three_public_total_change"].amount == D("-10.00")
    assert f["three_public_total_prior_year"].amount == D("15.00")
    assert f["three_public_total_prior_year"].unit == "万元"
    assert f["three_public_total_prior_year"].sentence.startswith("2026年财政拨款安排的“三公”经费预算5.00万元")


@pytest.mark.parametrize(
    ("sentence", "current", "change", "prior"),
    [
        ("“三公”经费预算9.60万元与2025年预算数相同。", "9.60", "0", "9.60"),
        ("“三公”经费预算9.60万元，与上年持平。", "9.60", "0", "9.60"),
        ('"三公"经费预算9.6万元,较上年增加2.4万元。', "9.6", "2.4", "7.2"),
        ("三公经费财政拨款预算数为12.5万元，比上年减少了2.50万元，下降16.67%。", "12.5", "-2.50", "15.00"),
        ("“三公”经费预算 5. 00 万元，比 2025 年预算 15.00 万元减少 10.00 万元。", "5.00", "-10.00", "15.00"),
        # 同比, and a bare "万" for 万元
        ("“三公”经费预算5万元，同比减少10万，主要原因是公车改革。", "5", "-10", "15"),
        # a stated prior wins over one derived from the change, even when they disagree
        ("“三公”经费预算5.00万元，比上年预算数（16.00万元）减少10.00万元。", "5.00", "-10.00", "16.00"),
    ],
)
def test_three_public_comparison_variants(sentence, current, change, prior):
    v = values(page(THREE_PUBLIC, "2026年本部门财政拨款安排的" + sentence))
    assert v["three_public_total"] == D(current)
    assert v["three_public_total_change"] == D(change)
    assert v["three_public_total_prior_year"] == D(prior)


def test_three_public_change_rate_is_kept():
    v = values(page(THREE_PUBLIC, "“三公”经费预算12.5万元，比上年减少2.50万元，下降16.67%。"))
    assert v["three_public_total_change_pct"] == D("-16.67")


def test_three_public_reason_is_not_read_as_the_change():
    v = values(
        page(THREE_PUBLIC, "“三公”经费预算5.00万元，与上年相比有所调整，主要原因是减少公务用车运行费用3.00万元。")
    )
    assert v == {"three_public_total": D("5.00")}


def test_three_public_items_each_with_their_own_change():
    # one sentence, items separated by "，" as well as "；" (as in the lvliang seed)
    f = facts(
        page(
            THREE_PUBLIC,
            "“三公”经费预算5.00万元比2025年减少10.00万元。",
            "其中：因公出国（境）费0万元，与上年预算数相同；公务接待费1.20万元，比上年增加0.20万元；公务用车购置及运行费3.80万元，与上",
            "年相比预算数减少10.20万元，主要原因是公务车调拨，公务用车运行维护费3.80万元，与上年相比预算数减少2.20万元，公务用车购置费0万",
            "元，比上年减少8.00万元。",
        )
    )
    v = {name: fact.amount for name, fact in f.items()}
    assert v["three_public_outbound_travel"] == 0 and v["three_public_outbound_travel_change"] == 0
    assert v["three_public_official_reception"] == D("1.20")
    assert v["three_public_official_reception_change"] == D("0.20")
    assert v["three_public_vehicle_total"] == D("3.80")
    assert v["three_public_vehicle_total_change"] == D("-10.20")
    assert v["three_public_vehicle_operation"] == D("3.80")
    assert v["three_public_vehicle_operation_change"] == D("-2.20")
    assert v["three_public_vehicle_purchase"] == D("0")
    assert v["three_public_vehicle_purchase_change"] == D("-8.00")
    # items get no derived prior (only the total does)
    assert not any(name.endswith("_prior_year") and name != "three_public_total_prior_year" for name in v)


def test_three_public_item_name_variants():
    v = values(
        page(
            THREE_PUBLIC,
            "其中：因公出国(境)费用0万元；公务接待费用1.5万元；公务用车购置及运行维护费3万元（公务用车购置费 0 万元，公务用车运行费 3 万元）。",
        )
    )
    assert v == {
        "three_public_outbound_travel": D("0"),
        "three_public_official_reception": D("1.5"),
        "three_public_vehicle_total": D("3"),
        "three_public_vehicle_purchase": D("0"),
        "three_public_vehicle_operation": D("3"),
    }


def test_no_three_public_budget_is_a_stated_zero():
    f = facts(page(THREE_PUBLIC, "本部门无“三公”经费预算。", OPERATING))
    assert f["three_public_total"].amount == 0
    assert f["three_public_total"].sentence == "本部门无“三公”经费预算。"
    assert "three_public_total_prior_year" not in f


@pytest.mark.parametrize("quoted", ["“三公”", "‘三公’", "「三公」", "『三公』", '"三公"', "＂三公＂", "三公"])
def test_three_public_total_in_any_quotes(quoted):
    """Matching runs on text.fold_in_place: every quote mark is one '"', the sentence stays as printed."""
    f = facts(page(THREE_PUBLIC, f"2026年{quoted}经费预算5.00万元，比上年减少1.00万元。"))
    assert (f["three_public_total"].amount, f["three_public_total_change"].amount) == (D("5.00"), D("-1.00"))
    assert f["three_public_total"].sentence == f"2026年{quoted}经费预算5.00万元，比上年减少1.00万元。"
    nil = facts(page(THREE_PUBLIC, f"本部门无{quoted}经费预算。", OPERATING))
    assert nil["three_public_total"].amount == 0


def test_three_public_names_in_other_sections_are_not_figures():
    v = values(
        page(
            "六、一般公共预算基本支出情况说明",
            "公用经费233.34万元，主要包括：办公费、公务接待费、公务用车运行维护费、差旅费等。",
            "第四部分 名词解释",
            "三、“三公”经费：指用财政拨款安排的因公出国（境）费用、公务用车购置及运行费和公务接待费。",
        )
    )
    assert v == {}


# ---------------------------------------------------------------------------------------------
# 八、机关运行经费


def test_operating_cost_with_stated_prior_change_and_rate():
    f = facts(
        page(
            OPERATING,
            "本单位机关运行经费财政拨款预算233.34万元，比2025年预算195.50万元，增长37.841万元，增长19.35%，主要原因是2026年预算编制政策调整。",
        )
    )
    v = {name: fact.amount for name, fact in f.items()}
    assert v == {
        "operating_cost": D("233.34"),
        "operating_cost_prior_year": D("195.50"),
        "operating_cost_change": D("37.841"),  # printed with 3 decimals: kept exactly
        "operating_cost_change_pct": D("19.35"),
    }


def test_operating_cost_that_disagrees_with_itself_is_recorded_as_printed():
    # xiaoyi: 74.19 − 73.67 = 0.52, yet "增加29.65万元"; 0.71% fits 0.52. Not fixed here.
    v = values(
        page(
            OPERATING,
            "本部门2026年所属1家行政机关运行经费财政拨款预算74.19万元，比2024年机关运行经费73.67万元预算增加29.65万元，增长0.71%，增长的原因是工资基数的增长",
        )
    )
    assert v == {
        "operating_cost": D("74.19"),
        "operating_cost_prior_year": D("73.67"),
        "operating_cost_change": D("29.65"),
        "operating_cost_change_pct": D("0.71"),
    }


def test_operating_cost_prior_is_not_derived():
    v = values(
        page(
            OPERATING,
            "本部门2026年所属1家行政机关运行经费财政拨款预算72.78万元，比2025年预算减少4.73万元，减少6.1%，原因是本年度未安排办公场所维修等相关费用。",
        )
    )
    assert v == {
        "operating_cost": D("72.78"),
        "operating_cost_change": D("-4.73"),
        "operating_cost_change_pct": D("-6.1"),
    }


def test_operating_cost_in_yuan_and_unchanged():
    v = values(page(OPERATING, "机关运行经费预算2,333,400.00元，与上年一致。"))
    assert v == {"operating_cost": D("2333400.00"), "operating_cost_change": D("0")}
    assert facts(page(OPERATING, "机关运行经费预算2,333,400.00元，与上年一致。"))["operating_cost_change"].unit == "元"


# ---------------------------------------------------------------------------------------------
# 三、支出预算情况说明


@pytest.mark.parametrize(
    "sentence",
    [
        "2026年度吕梁市人民政府办公室支出预算2324.9万元，其中：基本支出2067.68万元，占88.94%；项目支出257.22万元，占11.06%。",
        "2026年度本部门支出预算总计2,324.9万元，其中：基本支出2,067.68万元（占88.94%），项目支出257.22万元（占11.06%）。",
        "2026年度本部门支出预算 2324.9 万元，其中：基本支出 2067.68 万元，占支出预算的 88.94%；项目支出 257.22 万元，占比 11.06%。",
    ],
)
def test_expenditure_variants(sentence):
    v = values(page(EXPENDITURE, sentence, "四、财政拨款收支预算总体情况说明"))
    assert v == {
        "expenditure_total": D("2324.9"),
        "expenditure_basic": D("2067.68"),
        "expenditure_basic_share": D("88.94"),
        "expenditure_project": D("257.22"),
        "expenditure_project_share": D("11.06"),
    }


def test_general_budget_basic_expenditure_is_not_the_all_funds_figure():
    v = values(
        page(
            "六、一般公共预算基本支出情况说明",
            "2026年度本部门一般公共预算安排基本支出903.91万元，其中：",
            "十、绩效管理情况",
            "2026年编报部门整体支出绩效目标，涉及部门预算资金1284.66万元，其中基本支出903.91万元，项目支出380.75万元。",
        )
    )
    assert v == {}


# ---------------------------------------------------------------------------------------------
# 十一、国有资产占有使用情况


def test_vehicles_and_floor_area_as_printed_in_shanxi():
    f = facts(
        page(
            ASSETS,
            "1、车辆情况：",
            "截至2025年12月31日，吕梁市人民政府办公室共有公务用车编制6辆，实有2辆，其中：领导用车0辆，机要通信用车0辆，应急保障用车2辆，执法执勤用车0辆，特种专业技术用车0辆，事业单位业务用车0辆，其他公务用车0辆。",
            "2、房屋情况：",
            "截至2025年12月31日，吕梁市人民政府办公室使用的办公用房建筑总面积2487.91平方米。",
            "十二、其他说明",
        )
    )
    v = {name: fact.amount for name, fact in f.items()}
    assert v["vehicles_quota"] == 6 and v["vehicles_total"] == 2 and v["vehicles_emergency"] == 2
    assert sum(v[n] for n in v if n.startswith("vehicles_") and n not in ("vehicles_quota", "vehicles_total")) == 2
    assert f["vehicles_total"].unit == "辆"
    assert (f["floor_area_office"].amount, f["floor_area_office"].unit) == (D("2487.91"), "平方米")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "本部门共有车辆 3 辆，其中：一般公务用车 1 辆，执法执勤用车 2 辆。",
            {"vehicles_total": 3, "vehicles_general": 1, "vehicles_law_enforcement": 2},
        ),
        (
            "公务用车总数为4辆，其中领导干部用车1辆、其他用车3辆。",
            {"vehicles_total": 4, "vehicles_leadership": 1, "vehicles_other": 3},
        ),
        (
            "占有使用房屋建筑面积3,000.5平方米，其中办公用房面积为2,487.91㎡，业务用房512.59平方米。",
            {
                "floor_area_buildings": D("3000.5"),
                "floor_area_office": D("2487.91"),
                "floor_area_business": D("512.59"),
            },
        ),
    ],
)
def test_asset_wording_variants(sentence, expected):
    assert values(page(ASSETS, sentence)) == expected


# ---------------------------------------------------------------------------------------------
# Pages: wrapped lines, page breaks inside a sentence, headers and footers


def test_sentence_across_a_page_break_with_headers_and_footers():
    header = "吕梁市人民政府办公室2026年部门预算"
    pages = [
        page(header, "（正文）", "第 1 页 共 3 页"),
        page(
            header,
            THREE_PUBLIC,
            "2026年吕梁市人民政府办公室财政拨款安排的“三公”经费预算5.00万元比2025",
            "第 2 页 共 3 页",
        ),
        page(header, "年减少 10.", "00万元，主要原因是4辆公务车调拨到机关事务服务中心。", OPERATING, "第 3 页 共 3 页"),
    ]
    f = facts(*pages)
    assert f["three_public_total"].page_number == 2
    assert f["three_public_total_change"].amount == D("-10.00")
    assert f["three_public_total_change"].page_number == 3  # read where the figure starts
    assert f["three_public_total_prior_year"].amount == D("15.00")
    assert f["three_public_total"].sentence == (
        "2026年吕梁市人民政府办公室财政拨款安排的“三公”经费预算5.00万元比2025年减少 10.00万元，"
        "主要原因是4辆公务车调拨到机关事务服务中心。"
    )


def test_pdfium_line_wraps_mid_word_and_spaces_around_numbers():
    text = page(
        "七、“三公”经费增减变动原因说明",
        "2026 年吕梁市人民政府办公室财政拨款安排的“三公”经费预算 5.00 万元比 2025 年减少 10.00 万元，主",
        "要原因是 4 辆公务车调拨到机关事务服务中心。",
        "其中：因公出国（境）费 0 万元，与上年预算数相同；公务接待费 0 万元，与上年预算数相同；公务用车购置",
        "及运行费 5.00 万元，与上年相比预算数减少 10.00 万元，主要原因是 4 辆公务车调拨到机关事务服务中心，",
        "- 12 -",
    )
    v = values(text)
    assert v["three_public_vehicle_total"] == D("5.00")
    assert v["three_public_vehicle_total_change"] == D("-10.00")


def test_table_of_contents_gives_no_facts():
    v = values(
        page(
            "目录",
            "七、“三公”经费增减变动原因说明.....19",
            "八、机关运行经费增减变动原因说明.....19",
            "九、政府采购情况.....19",
            "十一、国有资产占有使用情况.....33",
        )
    )
    assert v == {}


def test_frame_conforms_and_keeps_decimals():
    frame = extract_narrative_facts(
        [page(PROCUREMENT, "政府采购预算总额157.65万元。其中：政府采购货物预算41.52万元。")], "doc1"
    )
    assert frame.schema == NARRATIVE_FACT
    row = frame.filter(pl.col("fact") == "procurement_total").row(0, named=True)
    assert row["amount"] == D("157.65") and isinstance(row["amount"], Decimal)
    assert row["document_id"] == "doc1" and row["page_number"] == 1
    assert extract_narrative_facts([], "empty").schema == NARRATIVE_FACT


# ---------------------------------------------------------------------------------------------
# The three seeds, as pseudo-pages


# Where each seed's 三公 sentence is cut across a page boundary.
SEED_CUTS = {
    "lvliang_city_gov_office_2026": "比2025年减少",  # the change figure lands on the next page
    "linxian_liujiahui_town_2026": "本部门无“三公”",
    "xiaoyi_industry_it_bureau_2026": "“三公”经费预算",  # the current figure lands on the next page
}
LINES_PER_PAGE = 40
_TAG = re.compile(r"</?b>")


def seed_pages(stem: str) -> tuple[list[str], int]:
    """The seed as page texts (40 lines each, running header, page-number footer), and the page
    on which the second half of the cut 三公 sentence starts."""
    lines = [_TAG.sub("", line) for line in (SEEDS / f"{stem}.txt").read_text(encoding="utf-8").splitlines()]
    k = next(i for i, line in enumerate(lines) if SEED_CUTS[stem] in line and "\t" not in line)
    j = lines[k].index(SEED_CUTS[stem]) + len(SEED_CUTS[stem])
    before, after = lines[:k] + [lines[k][:j]], [lines[k][j:]] + lines[k + 1 :]
    chunks = [before[i : i + LINES_PER_PAGE] for i in range(0, len(before), LINES_PER_PAGE)]
    cut_page = len(chunks) + 1
    chunks += [after[i : i + LINES_PER_PAGE] for i in range(0, len(after), LINES_PER_PAGE)]
    header = f"{lines[0]}2026年部门预算公开"
    pages = [page(header, *chunk, f"- {n} -") for n, chunk in enumerate(chunks, start=1)]
    return pages, cut_page


def _table_after(stem: str, title_end: str) -> Table:
    blocks = read_seed(SEEDS / f"{stem}.txt")
    k = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.endswith(title_end))
    return next(b for b in blocks[k:] if isinstance(b, Table))


def _cell(text: str) -> Decimal:
    """A printed 万元 cell: blank is 0, "31996. 59" is 31996.59."""
    text = "".join(text.split())
    return Decimal(text) if text else Decimal(0)


def _row(table: Table, label: str) -> list[str]:
    return next(r for r in table.rows if r[0].strip() == label)


# 表十 row label → narrative fact
THREE_PUBLIC_ROWS = {
    "合计": "three_public_total",
    "因公出国（境）费": "three_public_outbound_travel",
    "公务接待费": "three_public_official_reception",
    "公务用车购置及运行费": "three_public_vehicle_total",
    "①公务用车购置费": "three_public_vehicle_purchase",
    "②公务用车运行维护费": "three_public_vehicle_operation",
}
STEMS = sorted(SEED_CUTS)


@pytest.fixture(scope="module", params=STEMS)
def seed(request):
    pages, cut_page = seed_pages(request.param)
    return request.param, pages, cut_page, facts(*pages)


def test_seed_three_public_matches_its_table(seed):
    stem, _pages, _cut, f = seed
    table = _table_after(stem, "“三公”经费支出预算表")
    for label, name in THREE_PUBLIC_ROWS.items():
        if name in f:
            assert f[name].amount == _cell(_row(table, label)[1]), name
    assert "three_public_total" in f
    # where the items are stated, they add up to the total (购置及运行费 = 购置费 + 运行维护费)
    if "three_public_vehicle_total" in f:
        v = {n: x.amount for n, x in f.items()}
        assert (
            v["three_public_vehicle_total"] == v["three_public_vehicle_purchase"] + v["three_public_vehicle_operation"]
        )
        parts = (
            v["three_public_outbound_travel"] + v["three_public_official_reception"] + v["three_public_vehicle_total"]
        )
        assert parts == v["three_public_total"]
    # a derived prior is exactly current − change
    if "three_public_total_change" in f:
        prior = f["three_public_total_prior_year"].amount
        assert prior == f["three_public_total"].amount - f["three_public_total_change"].amount


def test_seed_operating_cost_and_expenditure_match_their_tables(seed):
    stem, _pages, _cut, f = seed
    operating = _table_after(stem, "机关运行经费预算表")
    assert f["operating_cost"].amount == _cell(_row(operating, "部门合计")[1])
    summary = _row(_table_after(stem, "预算支出总表"), "合计")
    assert f["expenditure_total"].amount == _cell(summary[2])
    assert f["expenditure_basic"].amount == _cell(summary[3])
    assert f["expenditure_project"].amount == _cell(summary[4])
    assert f["expenditure_basic_share"].amount + f["expenditure_project_share"].amount == 100
    share = f["expenditure_basic"].amount / f["expenditure_total"].amount * 100
    assert abs(share - f["expenditure_basic_share"].amount) < D("0.01")


def test_seed_procurement_and_vehicles_add_up(seed):
    _stem, _pages, _cut, f = seed
    v = {n: x.amount for n, x in f.items()}
    assert v["procurement_goods"] + v["procurement_works"] + v["procurement_services"] == v["procurement_total"]
    by_type = [n for n in v if n.startswith("vehicles_") and n not in ("vehicles_quota", "vehicles_total")]
    assert len(by_type) == 7
    assert sum(v[n] for n in by_type) == v["vehicles_total"] <= v["vehicles_quota"]
    assert v["floor_area_office"] > 0 and f["floor_area_office"].unit == "平方米"


# What the narrative says beyond the tables (hand-read from the seed text).
SEED_STATEMENTS = {
    "lvliang_city_gov_office_2026": {
        "three_public_total_change": "-10.00",
        "three_public_total_prior_year": "15.00",
        "three_public_vehicle_operation_change": "-10.00",
        "three_public_vehicle_purchase_change": "0",
        "operating_cost_prior_year": "195.50",
        "operating_cost_change": "37.841",
        "operating_cost_change_pct": "19.35",
        "procurement_total": "157.65",
        "procurement_goods": "41.52",
        "vehicles_quota": "6",
        "vehicles_total": "2",
        "floor_area_office": "2487.91",
    },
    "linxian_liujiahui_town_2026": {
        "three_public_total": "0",
        "operating_cost_change": "-4.73",
        "operating_cost_change_pct": "-6.1",
        "procurement_total": "0",
        "vehicles_quota": "0",
        "vehicles_total": "0",
        "floor_area_office": "3210",
    },
    "xiaoyi_industry_it_bureau_2026": {
        "three_public_total_change": "0",
        "three_public_total_prior_year": "9.60",
        "operating_cost_prior_year": "73.67",
        "operating_cost_change": "29.65",
        "operating_cost_change_pct": "0.71",
        "procurement_total": "11.00",
        "procurement_goods": "6.00",
        "procurement_services": "5.00",
        "vehicles_quota": "6",
        "vehicles_total": "6",
        "vehicles_other": "6",
        "floor_area_office": "200",
    },
}
# Stated facts that a seed does not have: absent, not guessed.
SEED_ABSENT = {
    "lvliang_city_gov_office_2026": set(),
    "linxian_liujiahui_town_2026": {
        "three_public_total_prior_year",
        "three_public_total_change",
        "three_public_outbound_travel",
        "operating_cost_prior_year",
    },
    "xiaoyi_industry_it_bureau_2026": set(),
}


def test_seed_statements(seed):
    stem, _pages, _cut, f = seed
    for name, expected in SEED_STATEMENTS[stem].items():
        assert f[name].amount == D(expected), name
    assert not SEED_ABSENT[stem] & f.keys()


def _compact(text: str) -> str:
    return "".join(text.split())


def test_seed_pages_and_sentences(seed):
    stem, pages, cut_page, f = seed
    for name, fact in f.items():
        assert 1 <= fact.page_number <= len(pages)
        assert fact.sentence and "\n" not in fact.sentence
        if name != "three_public_total_prior_year" and fact.amount:  # that one may be derived
            # the figure is printed on the page the fact names
            assert str(abs(fact.amount)) in _compact(pages[fact.page_number - 1]), name
    # the sentence cut by the page break is read whole
    three_public = f["three_public_total"]
    assert SEED_CUTS[stem] in three_public.sentence
    assert three_public.sentence.endswith("。")
    if stem == "lvliang_city_gov_office_2026":
        assert f["three_public_total"].page_number == cut_page - 1
        assert f["three_public_total_change"].page_number == cut_page
    if stem == "xiaoyi_industry_it_bureau_2026":
        assert f["three_public_total"].page_number == cut_page


# ---------------------------------------------------------------------------------------------
# The sample PDFs (tools/make_samples.py), read with pypdfium2 as the pipeline reads them


def pdf_page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


# A label with its figure ("{}" = the printed amount), to find on which PDF page a figure is printed.
NEEDLES = {
    "procurement_total": "采购预算总额{}万元",
    "procurement_goods": "货物预算{}万元",
    "procurement_services": "服务预算{}万元",
    "three_public_total": "经费预算{}万元",
    "three_public_vehicle_total": "购置及运行费{}万元",
    "three_public_vehicle_operation": "运行维护费{}万元",
    "operating_cost": "财政拨款预算{}万元",
    "operating_cost_prior_year": "{}万元预算",
    "expenditure_total": "支出预算{}万元",
    "expenditure_basic": "基本支出{}万元",
    "expenditure_project": "项目支出{}万元",
    "vehicles_total": "实有{}辆",
    "floor_area_office": "总面积{}平方米",
}


def _page_of(template: str, amount: Decimal, pages: list[str]) -> int | None:
    """1-based page on which the figure of ``template`` (filled with ``amount``) is printed,
    taking its first occurrence in the document's whitespace-free text."""
    texts = [_compact(p) for p in pages]
    at = "".join(texts).find(template.format(amount))
    if at < 0:
        return None
    at += template.index("{}")  # the figure, not its label, decides the page
    for number, text in enumerate(texts, start=1):
        if at < len(text):
            return number
        at -= len(text)
    return None


@pytest.mark.parametrize("stem", STEMS)
def test_sample_pdf_gives_the_seed_facts_on_the_right_pages(stem):
    path = SAMPLES / f"{stem}.pdf"
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} not generated yet (python tools/make_samples.py --only a)")
    pages = pdf_page_texts(path)
    from_pdf = facts(*pages)
    from_seed = facts(*seed_pages(stem)[0])
    assert {(n, x.amount, x.unit) for n, x in from_pdf.items()} == {(n, x.amount, x.unit) for n, x in from_seed.items()}
    checked = 0
    for name, fact in from_pdf.items():
        template = NEEDLES.get(name)
        if template is None or template.format(fact.amount) not in _compact(fact.sentence):
            continue
        assert fact.page_number == _page_of(template, fact.amount, pages), name
        checked += 1
    assert checked >= 5, "too few facts could be located on a page to check page numbers"
