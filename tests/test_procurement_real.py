"""fact_procurement: the narrative's 政府采购 paragraph and the procurement table.

Two parts:
- the table-reading rules (budget_etl/normalise/procurement.py) on small inline staged frames,
  each shaped like a real table (layouts of data/samples/real, figures changed);
- every real disclosure with procurement rows in data/samples/real/truth.csv, through real
  camelot (extract_tables) and the narrative reader: the facts equal the hand-read figures exactly,
  in 元. Expected values come from truth.csv, never typed here.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budget_etl.documents import identify, read_page_texts, sha256_of
from budget_etl.extraction import extract_tables
from budget_etl.narrative import extract_narrative_facts
from budget_etl.normalise import build_facts
from budget_etl.normalise.procurement import SOURCES_AGREE, TABLE_READ, category_of
from schemas.frames import NARRATIVE_FACT, STAGED_AMOUNT

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "samples" / "real"
DOC = {"department_name": "某局"}


# ---------------------------------------------------------------------------------------------
# The reading rules, on inline frames


def table(columns, rows, *, seq=8, page=18, unit="万元"):
    """STAGED_AMOUNT cells: ``rows`` are (label, secondary, code, amount per column…); "" = blank."""
    cells = []
    for i, (label, secondary, code, *amounts) in enumerate(rows):
        for column, text in zip(columns, amounts):
            if text == "":
                continue
            cells.append(
                {
                    "document_id": "d",
                    "table_seq": seq,
                    "table_kind": "procurement",
                    "page_number": page,
                    "row_index": i + 1,
                    "row_label": label,
                    "row_label_secondary": secondary or None,
                    "function_code": code or None,
                    "column_label": column,
                    "amount": D(text.replace(",", "")),
                    "unit": unit,
                    "raw_text": text,
                }
            )
    return pl.DataFrame(cells, schema=STAGED_AMOUNT)


def narrative(**figures):
    return pl.DataFrame(
        [
            {
                "document_id": "d",
                "fact": f"procurement_{k}",
                "amount": D(v),
                "unit": "万元",
                "page_number": 3,
                "sentence": "…",
            }
            for k, v in figures.items()
        ],
        schema=NARRATIVE_FACT,
    )


def procurement(facts):
    return {c: a for c, a, _ in facts["fact_procurement"].rows()}


def results(facts, check):
    return facts["quality_check_result"].filter(pl.col("check_name") == check)


# 2026年政府采购预算明细表 (cq p18 layout): the catalogue letter and the word in two cells
LETTERED = (
    ["总计", "事业收入", "其他收入"],
    [
        ("合计", "", "", "947.00", "47.00", "900.00"),
        ("A", "货物", "", "47.00", "47.00", ""),
        ("C", "服务", "", "900.00", "", "900.00"),
    ],
)
# 政府采购支出表 (js p22 layout): category rows, then unit and item rows below each
NESTED = (
    ["资金来源/一般公共预算资金", "总计"],
    [
        ("合计", "", "", "188.50", "188.50"),
        ("货物", "", "", "5.50", "5.50"),
        ("某局", "", "", "5.50", "5.50"),
        ("", "定额办公费复印纸集中采购", "", "1.30", "1.30"),
        ("", "设备购置办公设备购置便携式计算机集中采购", "", "4.20", "4.20"),
        ("服务", "", "", "183.00", "183.00"),
        ("某局", "", "", "183.00", "183.00"),
        ("", "物业管理费物业管理费物业管理服务分散采购", "", "183.00", "183.00"),
    ],
)


def test_category_names_are_the_category_alone():
    assert [category_of(n) for n in ("A-货物", "A 货物", "货物类", "B工程", "C－服务", "服务")] == [
        "goods",
        "goods",
        "goods",
        "works",
        "services",
        "services",
    ]
    assert [category_of(n) for n in ("物业管理服务", "审计服务分散采购", "A-服务", "货物及服务", "")] == [None] * 5


@pytest.mark.parametrize("layout", [LETTERED, NESTED], ids=["lettered rows", "nested rows"])
def test_a_table_without_narrative_gives_the_category_rows_of_its_total_column(layout):
    columns, rows = layout
    facts = build_facts(DOC, table(columns, rows))
    got = procurement(facts)
    assert set(got) == {"goods", "services"}  # 工程 is not printed: no row is invented
    assert got["goods"] + got["services"] == D(rows[0][3]) * 10000  # the 合计 row, not loaded
    assert results(facts, "printed_total_reconciles").filter(~pl.col("passed")).height == 0
    assert results(facts, TABLE_READ)["passed"].to_list() == [True]


def test_category_columns_are_read_from_the_total_row():
    facts = build_facts(
        DOC,
        table(
            ["合计", "货物", "工程", "服务"],
            [
                ("合计", "", "", "30.00", "10.00", "", "20.00"),
                ("某局", "", "", "30.00", "10.00", "", "20.00"),
                ("办公设备", "", "", "10.00", "10.00", "", ""),
            ],
        ),
    )
    assert procurement(facts) == {"goods": D("100000.00"), "services": D("200000.00")}


def test_catalogue_codes_sum_items_where_no_category_row_is_printed_and_counts_are_not_money():
    # 政府采购（资产配置、购买服务）预算表 (sn p31 layout, rows as they should stage): a 数量 column
    facts = build_facts(
        DOC,
        table(
            ["数量", "预算金额"],
            [
                ("合计", "", "", "3", "1,300.00"),
                ("西安市某局", "", "", "3", "1,300.00"),
                ("安保服务C05040300保安服务", "", "", "1", "500.00"),
                ("物业管理服务C21040000物业管理服务", "", "", "1", "700.00"),
                ("便携式计算机A02010108", "", "", "1", "100.00"),
            ],
            unit="元",
        ),
    )
    assert procurement(facts) == {"services": D("1200.00"), "goods": D("100.00")}
    assert results(facts, "printed_total_reconciles").filter(~pl.col("passed")).height == 0


def test_a_table_with_no_category_is_reported_not_guessed():
    facts = build_facts(
        DOC,
        table(
            ["数量", "预算金额"],
            [("合计", "", "", "3", "1300.00"), ("接待中心运维", "", "", "1", "1300.00")],
            unit="元",
        ),
    )
    assert facts["fact_procurement"].height == 0
    assert results(facts, TABLE_READ).filter(~pl.col("passed")).height == 1


def test_the_narrative_wins_and_the_table_is_its_check():
    columns, rows = LETTERED
    facts = build_facts(DOC, table(columns, rows), narrative(total="947", goods="47", works="0", services="900"))
    assert procurement(facts) == {"goods": D("470000.00"), "works": D("0.00"), "services": D("9000000.00")}
    assert set(facts["fact_procurement"]["page_number"]) == {3}  # the narrative's page
    assert facts["quality_check_result"].filter(~pl.col("passed")).height == 0

    facts = build_facts(DOC, table(columns, rows), narrative(total="957", goods="57", works="0", services="900"))
    assert procurement(facts)["goods"] == D("570000.00")
    mismatch = results(facts, SOURCES_AGREE)
    assert mismatch.select("passed", "severity", "expected", "actual").rows() == [
        (False, "warn", D("570000.00"), D("470000.00"))
    ]


def test_a_table_finer_than_the_narrative_agrees_within_its_rounding():
    facts = build_facts(
        DOC,
        table(
            ["金额"], [("A-货物", "", "", "196.9136"), ("C-服务", "", "", "7,368.8460"), ("合计", "", "", "7,565.7596")]
        ),
        narrative(goods="196.91", services="7368.85"),
    )
    agree = results(facts, SOURCES_AGREE)
    assert agree["passed"].all() and set(agree["difference"].abs()) == {D("36.00"), D("40.00")}
    assert procurement(facts) == {"goods": D("1969100.00"), "services": D("73688500.00")}  # the narrative's


def test_a_table_amount_to_six_places_keeps_its_fen():
    facts = build_facts(
        DOC,
        table(
            ["金额"],
            [("A-货物", "", "", "196.913600"), ("C-服务", "", "", "7,368.845955"), ("合计", "", "", "7,565.759555")],
        ),
    )
    assert procurement(facts) == {"goods": D("1969136.00"), "services": D("73688459.55")}


def test_the_table_gives_the_split_where_the_narrative_states_only_the_total():
    columns, rows = NESTED
    facts = build_facts(DOC, table(columns, rows), narrative(total="188.5"))
    assert procurement(facts) == {"goods": D("55000.00"), "services": D("1830000.00")}
    assert results(facts, "printed_total_reconciles").filter(~pl.col("passed")).height == 0


def test_a_stated_nil_total_is_three_zero_categories_and_a_bare_total_none():
    facts = build_facts(DOC, table([], []), narrative(total="0"))
    assert procurement(facts) == {"goods": D(0), "works": D(0), "services": D(0)}
    assert build_facts(DOC, table([], []), narrative(total="34"))["fact_procurement"].height == 0
    assert build_facts(DOC, table([], []))["fact_procurement"].height == 0


# ---------------------------------------------------------------------------------------------
# The real disclosures


def _truth() -> dict[str, dict[str, tuple[Decimal, str, str]]]:
    """file -> item -> (yuan, page, quote) of the procurement rows of truth.csv."""
    found: dict[str, dict[str, tuple[Decimal, str, str]]] = {}
    with open(REAL / "truth.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["fact"] == "procurement":
                amount = D(row["amount"].replace(",", "")) * (10000 if row["unit"] == "万元" else 1)
                found.setdefault(row["file_name"], {})[row["item"]] = (amount, row["page"], row["quote"])
    return found


TRUTH = _truth()
# Known defects outside the procurement reader: the file fails until they are fixed (strict xfail).
EXTRACTION_DEFECTS: dict[str, str] = {}
TABLE_DEFECTS: dict[str, str] = {}


@pytest.fixture(scope="module")
def read_real():
    """Extraction and narrative of one real file, each file read once per module."""
    cache: dict[str, dict] = {}

    def read(name: str) -> dict:
        if name not in cache:
            pdf = REAL / name
            texts = list(read_page_texts(pdf))
            doc_id = sha256_of(pdf)[:16]
            extraction = extract_tables(pdf, texts, doc_id)
            stated = extract_narrative_facts(texts, doc_id)
            cache[name] = {
                "narrative": stated,
                "facts": build_facts(DOC, extraction.staged, stated, tables=extraction.raw_tables),
                "tables": extraction.raw_tables.filter(pl.col("table_kind") == "procurement"),
                "part": identify(texts, name).disclosure_part,
            }
        return cache[name]

    return read


def _cases():
    for name in sorted(TRUTH):
        marks = [pytest.mark.xfail(reason=EXTRACTION_DEFECTS[name], strict=True)] if name in EXTRACTION_DEFECTS else []
        yield pytest.param(name, marks=marks, id=name.removesuffix(".pdf"))


@pytest.mark.parametrize("name", list(_cases()))
def test_real_procurement_facts_equal_truth(read_real, name):
    truth = TRUTH[name]
    got = read_real(name)
    facts = got["facts"]["fact_procurement"]
    by_category = {c: a for c, a, _ in facts.rows()}
    parts = {item: amount for item, (amount, _, _) in truth.items() if item != "total"}
    # every category truth holds, exactly; none that the document does not print
    assert by_category == parts
    # the total as the scorer takes it: the three summed (a printed total may differ by 尾差, 0.01 万元)
    assert abs(sum(by_category.values(), D(0)) - truth["total"][0]) <= 100
    # where the file holds a narrative, it states the total, read exactly (a tables-only
    # disclosure has none: its total is the table's 合计, reconciled below)
    stated = got["narrative"].filter(pl.col("fact") == "procurement_total")
    if got["part"] != "tables":
        assert stated.height >= 1
        assert (stated["amount"][0] * (10000 if stated["unit"][0] == "万元" else 1)) == truth["total"][0]


@pytest.mark.parametrize("name", [n for n in sorted(TRUTH) if n not in EXTRACTION_DEFECTS])
def test_real_procurement_sources_agree_and_reconcile(read_real, name):
    checks = read_real(name)["facts"]["quality_check_result"]
    procurement_rows = checks.filter(
        pl.col("check_name").is_in([SOURCES_AGREE, "printed_total_reconciles"])
        & (pl.col("table_kind") == "procurement")
    )
    assert procurement_rows.filter(~pl.col("passed")).height == 0, procurement_rows.rows()


def _table_cases():
    for name in sorted(TRUTH):
        if name in EXTRACTION_DEFECTS:
            continue
        marks = [pytest.mark.xfail(reason=TABLE_DEFECTS[name], strict=True)] if name in TABLE_DEFECTS else []
        yield pytest.param(name, marks=marks, id=name.removesuffix(".pdf"))


@pytest.mark.parametrize("name", list(_table_cases()))
def test_real_procurement_table_is_read_where_printed(read_real, name):
    got = read_real(name)
    if got["tables"].height == 0:
        pytest.skip("no procurement table in this disclosure")
    checks = got["facts"]["quality_check_result"]
    assert checks.filter((pl.col("check_name") == TABLE_READ) & ~pl.col("passed")).height == 0
    # where the narrative states the split too, the table was compared with it and agrees; a
    # tables-only disclosure has no narrative to compare with
    if got["part"] != "tables":
        assert checks.filter(pl.col("check_name") == SOURCES_AGREE)["passed"].to_list() == [True]
