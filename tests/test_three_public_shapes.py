"""The 三公 table in every shape the real disclosures print, through real camelot.

data/samples/real holds budgets that draw the 三公 table differently: one row per item with a
column per fund (Zhuhai, with a 行政经费 row above), the items as grouped columns with one row
for the department (Beijing, Chongqing, Shanghai combined with 机关运行经费), with 会议费 / 培训费
columns beside them (Suzhou, Xi'an), department + unit rows (Changsha, Huzhou), 上年 / 当年 /
增减 column blocks (Xi'an), year rows × fund columns (Shenzhen), a single 预算数 column (Quanzhou).

For every real file whose 三公 table is extracted: the facts summed over funding sources equal
truth.csv's three_public rows exactly, in 元 (expected values read from truth.csv, never typed;
where truth quotes the narrative for a cell the table leaves blank, the blank is 0 and must equal
it); the normaliser's reconciliations and the 三公 identities pass; and one altered figure breaks
them. Synthetic frames at the end pin the rules no real file exercises alone.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budget_etl.documents import read_page_texts, sha256_of
from budget_etl.extraction import extract_tables
from budget_etl.normalise import build_facts
from budget_etl.quality.identities import run_identities
from budget_etl.quality.results import results_frame
from schemas.frames import STAGED_AMOUNT
from tests.test_normalise import DOC, FISCAL_COLUMNS, D, findings, printed_rows, staged, table

REAL = Path(__file__).resolve().parent.parent / "data" / "samples" / "real"
TRUTH = list(csv.DictReader(open(REAL / "truth.csv", encoding="utf-8")))
THREE_PUBLIC_TRUTH = [t for t in TRUTH if t["fact"] == "three_public"]
FILES = sorted({t["file_name"] for t in THREE_PUBLIC_TRUTH})
KINDS = ("three_public", "three_public_operating_cost")
LEAVES = {
    "outbound_travel": "outbound_travel",
    "reception": "official_reception",
    "vehicle_purchase": "vehicle_purchase",
    "vehicle_operation": "vehicle_operation",
}
IDENTITIES = ("three_public_total", "three_public_vehicles")


def yuan(amount: str, unit: str) -> Decimal:
    value = Decimal(amount.replace(",", ""))
    return value * 10000 if unit == "万元" else value


def expected(file_name: str) -> dict[str, Decimal]:
    """truth.csv's three_public figures of one file, in 元, by truth item."""
    return {t["item"]: yuan(t["amount"], t["unit"]) for t in THREE_PUBLIC_TRUTH if t["file_name"] == file_name}


def summed(facts: pl.DataFrame) -> dict[str, Decimal]:
    """fact_three_public summed over funding sources, in truth's items (as tools/score_real.py)."""
    by_item = {i: Decimal(a) for i, a in facts.group_by("item").agg(pl.col("amount_yuan").sum()).iter_rows()}
    got = {t: by_item.get(f, Decimal(0)) for t, f in LEAVES.items()}
    got["vehicle_total"] = got["vehicle_purchase"] + got["vehicle_operation"]
    got["total"] = sum((got[t] for t in LEAVES), Decimal(0))
    return got


@pytest.fixture(scope="module")
def extracted() -> dict:
    """file name -> (staged, raw_tables), extracted once per file on first use."""
    cache: dict = {}

    def get(file_name: str):
        if file_name not in cache:
            pdf = REAL / file_name
            ex = extract_tables(pdf, list(read_page_texts(pdf)), sha256_of(pdf)[:16])
            cache[file_name] = (ex.staged, ex.raw_tables)
        return cache[file_name]

    return get


def three_public_of(extracted, file_name: str):
    staged_frame, raw = extracted(file_name)
    if raw.filter(pl.col("table_kind").is_in(KINDS)).height == 0:
        pytest.skip(f"{file_name}: no 三公 table extracted (the extraction's to find)")
    return staged_frame, raw


def facts_of(staged_frame: pl.DataFrame, raw: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return build_facts(DOC, staged_frame, tables=raw)


# ------------------------------------------------------------------------------------------------
# Every real file: the facts are truth's figures, the printed totals reconcile, identities hold


@pytest.mark.parametrize("file_name", FILES)
def test_facts_summed_over_sources_are_truth(extracted, file_name):
    facts = facts_of(*three_public_of(extracted, file_name))
    rows = facts["fact_three_public"]
    assert rows.height == 12 and set(rows["funding_source"]) == {
        "general_public_budget",
        "government_fund",
        "state_capital_operation",
    }
    got = summed(rows)
    want = expected(file_name)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize("file_name", FILES)
def test_printed_three_public_totals_reconcile_and_every_figure_is_placed(extracted, file_name):
    facts = facts_of(*three_public_of(extracted, file_name))
    kinds = pl.col("table_kind").is_in(KINDS) | pl.col("table_kind").is_null()
    failed = findings(facts).filter(
        pl.col("check_name").is_in(["printed_total_reconciles", "three_public_row_recognised"]) & kinds
    )
    assert failed.height == 0, failed.select("check_name", "subject", "expected", "actual", "detail").rows()
    # the 三公 合计 is kept as printed (fact_printed_total), and equals the facts' sum
    printed = printed_rows(facts).filter(pl.col("table_kind").is_in(KINDS))
    assert printed.height > 0
    assert expected(file_name)["total"] in set(printed["amount_yuan"])


@pytest.mark.parametrize("file_name", FILES)
def test_three_public_identities_pass(extracted, file_name):
    staged_frame, raw = three_public_of(extracted, file_name)
    frame = results_frame(run_identities(staged_frame, raw_tables=raw))
    mine = frame.filter(pl.col("check_name").is_in(IDENTITIES))
    assert mine.height > 0, "no 三公 identity ran"
    failed = mine.filter(~pl.col("passed"))
    assert failed.height == 0, failed.select("check_name", "subject", "detail").rows()


@pytest.mark.parametrize("file_name", FILES)
def test_one_altered_figure_breaks_the_identities_and_the_reconciliation(extracted, file_name):
    """Every staged 三公 cell printing truth's figure of a nonzero item, altered by 1 万元 in
    turn: an identity fails each time; where the cell is the one the fact is read from, the
    normaliser's 三公 合计 reconciliation fails too."""
    staged_frame, raw = three_public_of(extracted, file_name)
    want = expected(file_name)
    leaf = next(t for t in LEAVES if want.get(t))
    tp = staged_frame.with_row_index("_i").filter(pl.col("table_kind").is_in(KINDS))
    factor = tp["unit"].map_elements(
        lambda u: Decimal(10000) if u == "万元" else Decimal(1), return_dtype=pl.Decimal(20, 0)
    )
    beside = "会议费|培训费|行政经费|机关运行"  # printed beside 三公, no part of it
    candidates = tp.filter(
        ((tp["amount"] * factor) == want[leaf])
        & ~pl.col("column_label").str.contains(beside)
        & ~pl.col("row_label").str.contains(beside)
    )["_i"].to_list()
    assert candidates, f"{leaf} {want[leaf]} is not a staged figure"
    base = summed(facts_of(staged_frame, raw)["fact_three_public"])
    moved_a_fact = False
    for i in candidates:
        by = Decimal(1) if staged_frame["unit"][i] == "万元" else Decimal(10000)
        altered = staged_frame.with_columns(
            pl.when(pl.int_range(pl.len()) == i)
            .then(pl.col("amount") + by)
            .otherwise(pl.col("amount"))
            .cast(STAGED_AMOUNT["amount"])
        )
        frame = results_frame(run_identities(altered, raw_tables=raw))
        assert frame.filter(pl.col("check_name").is_in(IDENTITIES) & ~pl.col("passed")).height >= 1, i
        facts = facts_of(altered, raw)
        if summed(facts["fact_three_public"]) != base:
            moved_a_fact = True
            assert findings(facts, "printed_total_reconciles").filter(pl.col("table_kind").is_in(KINDS)).height >= 1
    assert moved_a_fact


# ------------------------------------------------------------------------------------------------
# Rules no real file shows alone, on small frames shaped like the staged tables


def facts_from(*tables: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return build_facts(DOC, staged(*tables))


def nonzero(facts) -> list[tuple]:
    rows = facts["fact_three_public"].filter(pl.col("amount_yuan") != 0)
    return rows.select("item", "funding_source", "amount_yuan").sort("item", "funding_source").rows()


ITEM_COLUMNS = [
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费/小计",
    "公务用车购置及运行费/公务用车购置费",
    "公务用车购置及运行费/公务用车运行费",
    "公务接待费",
]


def test_one_row_per_fund_with_a_total_row():
    facts = facts_from(
        table(
            "three_public",
            ITEM_COLUMNS,
            [
                ("合计", "7.00", "", "5.00", "", "5.00", "2.00"),
                ("一般公共预算", "6.00", "", "4.00", "", "4.00", "2.00"),
                ("政府性基金预算", "1.00", "", "1.00", "", "1.00", ""),
            ],
            labels=("label",),
        )
    )
    assert nonzero(facts) == [
        ("official_reception", "general_public_budget", D("20000.00")),
        ("vehicle_operation", "general_public_budget", D("40000.00")),
        ("vehicle_operation", "government_fund", D("10000.00")),
    ]
    assert findings(facts).height == 0


def test_the_budget_year_is_the_latest_printed_whatever_it_is():
    # year rows × item columns, a 2025 budget: 2024 and the change are not loaded
    rows = [
        ("2024年", "9.00", "4.00", "3.00", "", "3.00", "2.00"),
        ("2025年", "6.00", "1.00", "3.00", "", "3.00", "2.00"),
        ("增减变化金额", "-3.00", "-3.00", "", "", "", ""),
    ]
    facts = facts_from(table("three_public", ITEM_COLUMNS, rows, labels=("label",)))
    assert nonzero(facts) == [
        ("official_reception", "general_public_budget", D("20000.00")),
        ("outbound_travel", "general_public_budget", D("10000.00")),
        ("vehicle_operation", "general_public_budget", D("30000.00")),
    ]
    assert findings(facts).height == 0


def test_year_blocks_side_by_side_with_items_in_rows():
    columns = ["上年预算数/合计", "上年预算数/一般公共预算", "本年预算数/合计", "本年预算数/一般公共预算", "增减/合计"]
    facts = facts_from(
        table(
            "three_public",
            columns,
            [
                ("合计", "5.00", "5.00", "3.00", "3.00", "-2.00"),
                ("因公出国（境）费", "2.00", "2.00", "", "", "-2.00"),
                ("公务接待费", "3.00", "3.00", "3.00", "3.00", ""),
            ],
            labels=("label",),
        )
    )
    assert nonzero(facts) == [("official_reception", "general_public_budget", D("30000.00"))]
    assert findings(facts).height == 0


def test_meeting_and_training_columns_and_their_grand_total_are_left_out():
    columns = ["合计", "三公经费/小计", "三公经费/公务接待费", "会议费", "培训费"]
    facts = facts_from(
        table("three_public", columns, [("", "9.00", "2.00", "2.00", "3.00", "4.00")], labels=("label",))
    )
    assert nonzero(facts) == [("official_reception", "general_public_budget", D("20000.00"))]
    assert findings(facts).height == 0  # 合计 (= 三公 + 会议费 + 培训费) is neither loaded nor a 三公 total


def test_a_misprinted_total_fails_the_reconciliation():
    facts = facts_from(
        table(
            "three_public",
            FISCAL_COLUMNS,
            [
                ("因公出国（境）费", "1.00", "1.00", "", ""),
                ("公务接待费", "2.00", "2.00", "", ""),
                ("合计", "4.00", "4.00", "", ""),
            ],
            labels=("label",),
        )
    )
    failed = findings(facts, "printed_total_reconciles")
    assert failed.height == 2 and set(failed["difference"]) == {D("-10000.00")}
