"""End to end on the sample PDFs: extraction + normalisation + warehouse reproduce every
printed total (the three samples, their layout-B prints and two other-province templates).

The printed totals are read from the seed text exports the samples were printed from
(tools/seed_text.py), with this file's own small reader (own title words, own header rule), and
the sums are computed in SQL from the warehouse: never a hand-typed number.

"Reproduce" means: SUM over the fact rows equals the printed total exactly, or the warehouse
reports that exact difference. Printed totals carry rounding (尾差: lvliang's 预算收入总表 prints
合计 2324.90 over rows that add up to 2324.88), the facts keep the printed rows, and a passing
`printed_total_reconciles` row in quality_check_result states expected = printed total,
actual = SUM(facts). A difference beyond rounding would fail that check (an error) and fails here.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from budget_etl.documents import read_document
from budget_etl.duckdb_warehouse import connect_readonly, load_document, load_documents
from budget_etl.extraction import extract_tables
from budget_etl.narrative import extract_narrative_facts
from budget_etl.normalise import build_facts
from tools.seed_text import Paragraph, Table, read_seed, seed_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
WAN = Decimal(10000)
SEEDS = {p.stem: p for p in seed_paths()}

# (sample PDF, the seed it was printed from): layout A as departments print them, layout B
# printed differently, and two other-province templates of the lvliang seed (amounts in 元 with
# codes over 类|款|项 columns; 三公 and 机关运行经费 in one table). Same printed totals, in yuan.
CASES = (
    [(f"A/{s}", SAMPLES / f"{s}.pdf", SEEDS[s]) for s in SEEDS]
    + [(f"B/{s}", SAMPLES / "layout_b" / f"{s}.pdf", SEEDS[s]) for s in SEEDS]
    + [
        (f"variant/{v}", SAMPLES / "variants" / f"{v}.pdf", SEEDS["lvliang_city_gov_office_2026"])
        for v in ("split_code_yuan", "combined_three_public")
    ]
)

# ---------------------------------------------------------------------------------------------
# The seed side: printed totals
# ---------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def printed(text: str) -> Decimal:
    """A printed amount in 万元 as yuan; a blank cell is 0."""
    t = fold(text)
    return Decimal(t) * WAN if t else Decimal("0.00")


TITLES = {  # own title words, most specific first
    "fiscal_grant": ("财政拨款收支总表",),
    "budget_summary": ("预算收支总表",),
    "revenue_summary": ("预算收入总表",),
    "expenditure_summary": ("预算支出总表",),
    "general_budget_expenditure": ("一般公共预算支出预算表",),
    "three_public": ("三公",),
    "operating_cost": ("机关运行经费预算表",),
}


def seed_tables(seed: Path) -> dict[str, Table]:
    """The first table printed after each title (the 目录 is a table after "目 录", not a title)."""
    out: dict[str, Table] = {}
    recent: list[str] = []
    for block in read_seed(seed):
        if isinstance(block, Paragraph):
            recent = (recent + [fold(block.text)])[-3:]
            continue
        for kind, words in TITLES.items():
            # a title ends in 表, or in a note after it; NFKC makes （不含上年结转） "(…)"
            if any(all(w in p for w in words) and p.endswith(("表", ")")) for p in recent):
                out.setdefault(kind, block)
                break
        recent = []
    return out


def header_names(table: Table, header_rows: int) -> list[str]:
    """Per column: the lowest non-empty header text (sub-heading over heading)."""
    names = []
    for c in range(table.width):
        texts = [fold(r[c]) for r in table.rows[:header_rows] if fold(r[c])]
        names.append(texts[-1] if texts else "")
    return names


def total_row(table: Table, label: str, header_rows: int) -> dict[str, Decimal]:
    names = header_names(table, header_rows)
    row = next(r for r in table.rows[header_rows:] if fold(r[0]) == label)
    amount_columns = [c for c, n in enumerate(names) if n and not re.search(r"编码|名称|^项目$", n) and c > 0]
    return {names[c]: printed(row[c]) for c in amount_columns}


# ---------------------------------------------------------------------------------------------
# The warehouse side
# ---------------------------------------------------------------------------------------------

SOURCES = {
    "一般公共预算": "general_public_budget",
    "政府性基金": "government_fund",
    "政府性基金预算": "government_fund",
    "国有资本经营预算": "state_capital_operation",
    "财政专户管理资金": "fiscal_special_account",
    "单位资金": "unit_funds",
    "上年结转": "prior_year_carryover",
}


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[dict, dict]]:
    """Every sample extracted and normalised: case -> (dim_document fields, warehouse frames)."""
    items = {}
    for case, pdf, _ in CASES:
        if not pdf.exists():
            pytest.skip(f"sample not generated: {pdf}")
        doc = read_document(pdf)
        extraction = extract_tables(doc.path, doc.page_texts, doc.document_id)
        narrative = extract_narrative_facts(list(doc.page_texts), doc.document_id)
        facts = build_facts(doc, extraction.staged, narrative, tables=extraction.raw_tables)
        document = {
            "document_id": doc.document_id,
            "file_name": pdf.name,
            "file_sha256": doc.file_sha256,
            "department_name": doc.identity.department_name,
            "document_kind": doc.identity.document_kind,
            "fiscal_year": doc.identity.fiscal_year,
            "page_count": doc.page_count,
        }
        items[case] = (document, facts)
    return items


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, built):
    """Every sample loaded into one warehouse; case -> document_id."""
    path = tmp_path_factory.mktemp("samples") / "warehouse.duckdb"
    load_documents(path, list(built.values()))
    con = connect_readonly(path)
    yield con, {case: document["document_id"] for case, (document, _) in built.items()}
    con.close()


def assert_reproduced(con, document_id: str, table_kind: str, what: str, printed_total: Decimal, sql: str, *args):
    """SUM(facts) == printed, or a rounding finding states exactly that difference."""
    summed = con.execute(f"SELECT coalesce(sum(amount_yuan), 0) FROM {sql}", [document_id, *args]).fetchone()[0]
    if summed == printed_total:
        return
    reported = con.execute(
        "SELECT check_name, passed FROM quality_check_result WHERE document_id = ? AND table_kind = ? "
        "AND expected = ? AND actual = ? AND difference = actual - expected",
        [document_id, table_kind, printed_total, summed],
    ).fetchall()
    assert reported, f"{what}: printed {printed_total}, facts sum {summed}, difference not reported"
    # 尾差: the check passes, and its row keeps the difference
    assert ("printed_total_reconciles", True) in reported, f"{what}: {reported}"


@pytest.mark.parametrize(("case", "seed"), [(c, seed) for c, _, seed in CASES], ids=[c for c, _, _ in CASES])
def test_fact_rows_reproduce_every_printed_total(warehouse, case, seed):
    con, ids = warehouse
    doc = ids[case]
    tables = seed_tables(seed)
    checked = 0

    # 表一 预算收支总表: 收入总计 / 本年收入合计 / 上年结转 and 支出总计 / 本年支出合计
    summary = tables["budget_summary"]
    for row in summary.rows:
        left, right = fold(row[0]), fold(row[2])
        rev = "fact_revenue WHERE document_id = ?"
        if left == "收入总计":
            assert_reproduced(con, doc, "budget_summary", "表一 收入总计", printed(row[1]), rev)
        elif left == "本年收入合计":
            assert_reproduced(
                con,
                doc,
                "budget_summary",
                "表一 本年收入合计",
                printed(row[1]),
                rev + " AND funding_source <> 'prior_year_carryover'",
            )
        elif left == "上年结转":
            assert_reproduced(
                con,
                doc,
                "budget_summary",
                "表一 上年结转",
                printed(row[1]),
                rev + " AND funding_source = 'prior_year_carryover'",
            )
        if right in ("支出总计", "本年支出合计"):
            assert_reproduced(
                con,
                doc,
                "budget_summary",
                f"表一 {right}",
                printed(row[3]),
                "fact_expenditure WHERE document_id = ? AND budget_scope = 'all_funds'",
            )
        checked += 1

    # 预算收入总表 合计 row: 本年收入 合计 and every funding source column, 上年结转 included
    for name, value in total_row(tables["revenue_summary"], "合计", 2).items():
        where = "fact_revenue WHERE document_id = ?"
        where += (
            " AND funding_source <> 'prior_year_carryover'"
            if name == "合计"
            else f" AND funding_source = '{SOURCES[name]}'"
        )
        assert_reproduced(con, doc, "revenue_summary", f"收入总表 合计/{name}", value, where)
        checked += 1

    # 预算支出总表 and 一般公共预算支出表 合计 rows: 合计, 基本支出, 项目支出
    for kind, scope in (("expenditure_summary", "all_funds"), ("general_budget_expenditure", "general_public_budget")):
        for name, value in total_row(tables[kind], "合计", 2).items():
            where = f"fact_expenditure WHERE document_id = ? AND budget_scope = '{scope}'"
            where += {
                "合计": "",
                "基本支出": " AND expenditure_type = 'basic'",
                "项目支出": " AND expenditure_type = 'project'",
            }[name]
            assert_reproduced(con, doc, kind, f"{kind} 合计/{name}", value, where)
            checked += 1

    # 三公 合计 and 机关运行经费 部门合计, by funding source
    for kind, label, fact in (
        ("three_public", "合计", "fact_three_public"),
        ("operating_cost", "部门合计", "fact_operating_cost"),
    ):
        for name, value in total_row(tables[kind], label, 2).items():
            where = f"{fact} WHERE document_id = ?" + (
                "" if name == "合计" else f" AND funding_source = '{SOURCES[name]}'"
            )
            assert_reproduced(con, doc, kind, f"{kind} {label}/{name}", value, where)
            checked += 1

    # 政府采购预算总额, stated in the narrative
    paragraph = next(p.text for p in read_seed(seed) if isinstance(p, Paragraph) and "政府采购预算总额" in p.text)
    stated = printed(re.search(r"政府采购预算总额\s*([\d.]+)\s*万元", paragraph).group(1))
    assert_reproduced(con, doc, "procurement", "政府采购预算总额", stated, "fact_procurement WHERE document_id = ?")
    assert checked >= 20


def test_three_public_has_twelve_rows_even_where_the_table_is_blank(warehouse):
    con, ids = warehouse
    rows = dict(con.execute("SELECT document_id, count(*) FROM fact_three_public GROUP BY ALL").fetchall())
    assert rows == {doc: 12 for doc in ids.values()}  # linxian prints an all-blank 三公 table


def test_no_error_findings_and_every_row_traceable(warehouse):
    con, _ = warehouse
    errors = con.execute(
        "SELECT document_id, check_name, subject FROM quality_check_result WHERE NOT passed AND severity = 'error'"
    ).fetchall()
    assert errors == []
    assert (
        con.execute(
            "SELECT count(*) FROM fact_expenditure_economic WHERE economic_code_department IS NULL "
            "OR economic_code_government IS NULL"
        ).fetchone()[0]
        == 0
    )
    # the normaliser's own checks find nothing wrong in any sample: 尾差 passes
    statuses = {s for (s,) in con.execute("SELECT quality_status FROM dim_document").fetchall()}
    assert statuses == {"passed"}
    # one current document per department (the later samples of lvliang supersede the earlier)
    summary = con.execute(
        "SELECT count(*), count(total_revenue_yuan), count(three_public_total_yuan), "
        "count(procurement_total_yuan), count(operating_cost_yuan) FROM v_department_budget"
    ).fetchone()
    assert summary == (3, 3, 3, 3, 3)


@pytest.mark.parametrize(("case", "seed"), [(c, seed) for c, _, seed in CASES], ids=[c for c, _, _ in CASES])
def test_the_overview_shows_the_printed_totals_of_the_seed(built, tmp_path, case, seed):
    """v_department_budget's *_printed_yuan columns are the totals the seed prints, in every layout."""
    document, facts = built[case]
    path = tmp_path / "one.duckdb"
    load_document(path, document, facts)  # alone, so it is the current document of its department
    tables = seed_tables(seed)
    summary_revenue = next(printed(row[1]) for row in tables["budget_summary"].rows if fold(row[0]) == "收入总计")
    expenditure = total_row(tables["expenditure_summary"], "合计", 2)
    three_public = total_row(tables["three_public"], "合计", 2)["合计"]
    if case == "variant/combined_three_public":
        three_public = None  # that template prints 三公 and 机关运行经费 in one table, without a 合计 row
    with connect_readonly(path) as con:
        row = con.execute(
            "SELECT total_revenue_printed_yuan, total_expenditure_printed_yuan, basic_expenditure_printed_yuan, "
            "project_expenditure_printed_yuan, three_public_total_printed_yuan FROM v_department_budget"
        ).fetchone()
    assert row == (summary_revenue, expenditure["合计"], expenditure["基本支出"], expenditure["项目支出"], three_public)


def test_every_printed_total_that_differs_from_its_rows_is_a_printed_row(warehouse):
    """The two sides of a 尾差 are both in the warehouse: the printed cell in fact_printed_total, the
    difference in quality_check_result (whose subject names the printed row and column)."""
    con, _ = warehouse
    assert (
        con.execute(
            "SELECT count(*) FROM quality_check_result WHERE check_name = 'printed_total_reconciles' "
            "AND difference <> 0"
        ).fetchone()[0]
        > 0
    )
    missing = con.execute(
        """
        SELECT q.document_id, q.table_kind, q.subject, q.expected FROM quality_check_result AS q
        WHERE q.check_name = 'printed_total_reconciles' AND q.difference <> 0 AND q.table_kind <> 'procurement'
          AND NOT EXISTS (
              SELECT 1 FROM fact_printed_total AS p
              WHERE p.document_id = q.document_id AND p.table_kind = q.table_kind AND p.amount_yuan = q.expected
                AND q.subject = concat_ws(' ', p.function_code, p.row_label) || ' | ' || p.column_label)
        """
    ).fetchall()
    assert missing == []


def test_narrative_figures_are_in_the_warehouse_as_stated(warehouse):
    con, ids = warehouse
    rows = con.execute(
        "SELECT fact, amount, unit, amount_yuan FROM fact_narrative WHERE document_id = ? ORDER BY fact",
        [ids["A/lvliang_city_gov_office_2026"]],
    ).fetchall()
    stated = {fact: (amount, unit, yuan) for fact, amount, unit, yuan in rows}
    # the seed's 政府采购 sentence, as stated and in yuan
    paragraph = next(
        p.text
        for p in read_seed(SEEDS["lvliang_city_gov_office_2026"])
        if isinstance(p, Paragraph) and "政府采购预算总额" in p.text
    )
    total = Decimal(re.search(r"政府采购预算总额\s*([\d.]+)\s*万元", paragraph).group(1))
    assert stated["procurement_total"] == (total, "万元", total * WAN)
    assert all((unit in ("万元", "元")) == (yuan is not None) for _, unit, yuan in stated.values())
