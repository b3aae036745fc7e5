"""Every ```sql block of docs/analysts.md runs, read-only, and answers what the seeds print.

The warehouse is built once per test session from the three sample PDFs through the real CLI
(`budget-etl run`), in a tmp dir. Each documented query must return rows; for several, the
figures are compared with the seed text exports (data/seeds/*.txt) through the golden tests'
own seed reader (tests/golden/seed_expected.py), never with hand-typed numbers:

- 三公 合计 per department: the 合计 row of the seed's 三公 table (0 where it prints no figure),
  and the change against the previous year stated in the seed's 三公 paragraph;
- the overview's headline totals and the printed 类 totals: the seed's printed 合计 / 收入总计 and
  类 rows (not the sums of their rows: 尾差);
- vehicles and office floor area: the seed's 国有资产 sentences;
- procurement per department and category: the seed's 政府采购情况 sentence;
- revenue by funding source, expenditure by class, basic vs project: the seed's most detailed
  (leaf) function-code rows, summed per column: the facts keep the printed rows, so these sums
  agree to the cent (the printed 合计 may not: 尾差);
- 机关运行经费 per unit, the carry-over project list, and one figure traced to its PDF page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budget_etl.duckdb_warehouse import connect_readonly
from tests.golden.seed_expected import ExpectedCell, expected_cells_of_table, fold, standard_tables
from tools.seed_text import Paragraph, read_seed

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "analysts.md"
SAMPLES = ROOT / "data" / "samples"
SEEDS = ROOT / "data" / "seeds"

_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)
_ID = re.compile(r"--\s*id:\s*(\w+)")


def sql_blocks() -> dict[str, str]:
    """The ```sql blocks of docs/analysts.md by their `-- id:` line."""
    blocks: dict[str, str] = {}
    for i, sql in enumerate(_BLOCK.findall(DOC.read_text(encoding="utf-8"))):
        m = _ID.search(sql)
        name = m.group(1) if m else f"block_{i + 1}"
        assert name not in blocks, f"two sql blocks named {name} in {DOC}"
        blocks[name] = sql
    return blocks


BLOCKS = sql_blocks()


# --------------------------------------------------------------------------------------------
# The sample warehouse, once per session (the browser test of the report uses it too)
# --------------------------------------------------------------------------------------------

_BUILT: dict[str, Path] = {}


def build_sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three sample PDFs through `budget-etl run` into a tmp warehouse; built once per process."""
    if "path" in _BUILT:
        return _BUILT["path"]
    base = tmp_path_factory.mktemp("sample_warehouse")
    inbox = base / "inbox"
    inbox.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copy2(pdf, inbox / pdf.name)
    warehouse = base / "budget.duckdb"
    # The settings come from the environment: drop the developer's own so the run stays in tmp.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUDGET_ETL_", "DAGSTER_HOME"))}
    cli = Path(sys.executable).parent / "budget-etl"
    result = subprocess.run(
        [str(cli), "run", "--inbox", str(inbox), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0 and warehouse.exists(), result.stdout + result.stderr
    _BUILT["path"] = warehouse
    return warehouse


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    return build_sample_warehouse(tmp_path_factory)


@pytest.fixture(scope="session")
def results(warehouse) -> dict[str, list[dict]]:
    """Every documented query's rows (as dicts), from one read-only connection."""
    out = {}
    with connect_readonly(warehouse) as con:
        for name, sql in BLOCKS.items():
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description]
            out[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return out


@pytest.fixture(scope="session")
def seed_of_department(warehouse) -> dict[str, Path]:
    """department_name → its seed text; the sample PDFs are printed from the seeds of the same name."""
    with connect_readonly(warehouse) as con:
        rows = con.execute("SELECT department_name, file_name FROM dim_document WHERE is_current").fetchall()
    mapping = {dept: SEEDS / f"{Path(file_name).stem}.txt" for dept, file_name in rows}
    assert all(p.exists() for p in mapping.values()), mapping
    return mapping


# --------------------------------------------------------------------------------------------
# What the seeds print (derived here, independently of budget_etl)
# --------------------------------------------------------------------------------------------

WAN = Decimal("10000")


def seed_cells(seed: Path, kind: str) -> list[ExpectedCell] | None:
    """The amount cells of the seed's standard table of this kind; None if it has no such table."""
    tables = [(unit, t) for k, unit, t in standard_tables(seed) if k == kind]
    if not tables:
        return None
    cells = []
    for unit, table in tables:
        cells.extend(expected_cells_of_table(kind, unit, table.rows))
    assert all(c.unit == "万元" for c in cells), "the seeds print in 万元"
    return cells


def leaf_sums(seed: Path, kind: str) -> dict[str, dict[str, Decimal]]:
    """column label → {function code → amount}, over the most detailed printed codes only."""
    cells = [c for c in seed_cells(seed, kind) or [] if c.function_code]
    codes = {c.function_code for c in cells}
    leaves = {c for c in codes if not any(o != c and o.startswith(c) for o in codes)}
    out: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for c in cells:
        if c.function_code in leaves:
            out[c.column_label][c.function_code] = c.amount
    return out


def seed_three_public_total(seed: Path) -> Decimal:
    cells = seed_cells(seed, "three_public")
    assert cells is not None, f"{seed.name} has a 三公 table"
    totals = [c.amount for c in cells if c.row_label == "合计" and c.column_label.endswith("合计")]
    return totals[0] if totals else Decimal(0)  # printed blank / 本表无数据


def seed_three_public_stated_change(seed: Path) -> Decimal | None:
    """The change against the previous year stated under 七、"三公"经费增减变动原因说明, or None."""
    blocks = [b for b in read_seed(seed) if isinstance(b, Paragraph)]
    heading = next(i for i, b in enumerate(blocks) if fold(b.text).startswith("七、") and "三公" in b.text)
    text = fold(blocks[heading + 1].text)
    m = re.search(r"比\d{4}年(?:预算数?)?(减少|下降|增加|增长)([\d.]+)万元", text)
    if m:
        return Decimal(m.group(2)) * (-1 if m.group(1) in ("减少", "下降") else 1)
    if re.search(r"与(?:\d{4}年|上年)预算数?相同|持平", text):
        return Decimal(0)
    return None  # e.g. 本部门无“三公”经费预算: nothing compared


def seed_procurement(seed: Path) -> dict[str, Decimal]:
    """政府采购预算总额 and its parts, from the seed's 政府采购情况 sentence."""
    text = next(fold(b.text) for b in read_seed(seed) if isinstance(b, Paragraph) and "政府采购预算总额" in b.text)
    found = {}
    for key, words in {
        "total": "政府采购预算总额",
        "goods": "货物预算",
        "works": "工程预算",
        "services": "服务预算",
    }.items():
        m = re.search(words + r"([\d.]+)万元", text)
        assert m, f"{seed.name}: no {words} in {text}"
        found[key] = Decimal(m.group(1))
    return found


# column words of 预算收入总表 → the contract's funding_source
SOURCE_WORDS = {
    "一般公共预算": "general_public_budget",
    "政府性基金": "government_fund",
    "国有资本": "state_capital_operation",
    "财政专户": "fiscal_special_account",
    "单位资金": "unit_funds",
    "上年结转": "prior_year_carryover",
}


def seed_revenue_by_source(seed: Path) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for column, by_code in leaf_sums(seed, "revenue_summary").items():
        source = next((s for words, s in SOURCE_WORDS.items() if words in column), None)
        if source:  # the 合计 column is the sum of the others
            out[source] += sum(by_code.values(), Decimal(0))
    return {s: v for s, v in out.items() if v}


def seed_expenditure_column(seed: Path, words: str) -> dict[str, Decimal]:
    """function code → amount in the 预算支出总表 column whose label ends with ``words``."""
    columns = [c for c in leaf_sums(seed, "expenditure_summary") if c.endswith(words)]
    assert len(columns) == 1, columns
    return leaf_sums(seed, "expenditure_summary")[columns[0]]


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_the_document_has_at_least_ten_questions():
    assert len(BLOCKS) >= 10, list(BLOCKS)


@pytest.mark.parametrize("name", list(BLOCKS))
def test_query_runs_read_only_and_returns_rows(name, results):
    assert results[name], f"query {name} of docs/analysts.md returned no rows"


def test_three_public_total_per_department_is_the_seed_total(results, seed_of_department):
    rows = {r["department_name"]: r for r in results["three_public_by_year"]}
    assert set(rows) == set(seed_of_department)
    for dept, seed in seed_of_department.items():
        row = rows[dept]
        assert row["three_public_wan"] == seed_three_public_total(seed), dept
        parts = row["outbound_travel_wan"] + row["official_reception_wan"] + row["official_vehicles_wan"]
        assert parts == row["three_public_wan"], dept
        assert row["official_vehicles_wan"] == row["vehicle_purchase_wan"] + row["vehicle_operation_wan"], dept
        # All three samples are 2026: no previous year in the warehouse, so no change is claimed.
        assert row["prior_year_wan"] is None and row["change_wan"] is None
    # the overview view agrees with the fact table
    overview = {r["department_name"]: r for r in results["overview"]}
    for dept, seed in seed_of_department.items():
        assert overview[dept]["three_public_wan"] == seed_three_public_total(seed), dept


def test_stated_three_public_change_is_the_seed_sentence(results, seed_of_department):
    rows = {r["department_name"]: r for r in results["three_public_stated_change"]}
    expected = {d: seed_three_public_stated_change(s) for d, s in seed_of_department.items()}
    expected = {d: change for d, change in expected.items() if change is not None}
    assert {d: r["stated_change_wan"] for d, r in rows.items()} == expected
    for dept, row in rows.items():
        current = seed_three_public_total(seed_of_department[dept])
        # read from fact_narrative as stated: this year's figure, and the previous year's (printed or,
        # where only the change is printed, this year's − the change)
        assert row["stated_wan"] == row["three_public_wan"] == current, dept
        assert row["stated_prior_year_wan"] == current - expected[dept], dept
        assert row["page_of_statement"] > 0 and "三公" in row["sentence"], dept
    assert any(change != 0 for change in expected.values())  # lvliang: 比2025年减少10.00万元


def seed_printed(seed: Path, kind: str, row_label: str) -> dict[str, Decimal]:
    """column label → amount of one printed total row (合计, 收入总计 …) of the seed's table."""
    return {
        c.column_label: c.amount
        for c in seed_cells(seed, kind) or []
        if c.function_code is None and c.row_label == row_label
    }


def test_overview_headline_totals_are_the_printed_totals_of_the_seed(results, seed_of_department):
    overview = {r["department_name"]: r for r in results["overview"]}
    assert set(overview) == set(seed_of_department)
    for dept, seed in seed_of_department.items():
        row = overview[dept]
        revenue = seed_printed(seed, "budget_summary", "收入总计")
        expenditure = seed_printed(seed, "expenditure_summary", "合计")
        assert row["total_revenue_wan"] == next(v for c, v in revenue.items() if c.startswith("收入")), dept
        assert row["total_expenditure_wan"] == next(v for c, v in expenditure.items() if c.endswith("/合计")), dept
        assert row["basic_wan"] == next(v for c, v in expenditure.items() if c.endswith("基本支出")), dept
        assert row["project_wan"] == next(v for c, v in expenditure.items() if c.endswith("项目支出")), dept
    # the printed totals are not the sums of the rows everywhere: that is the point of showing them
    assert any(r["expenditure_rows_minus_printed_wan"] != 0 for r in overview.values())


def test_printed_class_totals_are_the_seed_class_rows(results, seed_of_department):
    by_class = {(r["department_name"], r["class_code"]): r["total_wan"] for r in results["expenditure_by_class"]}
    rows = results["printed_class_totals"]
    for dept, seed in seed_of_department.items():
        printed = {
            c.function_code: c.amount
            for c in seed_cells(seed, "expenditure_summary")
            if c.function_code and len(c.function_code) == 3 and c.column_label.endswith("/合计")
        }
        got = {r["class_code"]: r for r in rows if r["department_name"] == dept}
        assert {code: r["printed_wan"] for code, r in got.items()} == printed, dept
        for code, r in got.items():  # the sum beside it is question 3's, to the cent
            assert r["sum_of_rows_wan"] == by_class[(dept, code)], (dept, code)
    assert any(r["printed_wan"] != r["sum_of_rows_wan"] for r in rows)  # a 尾差 shows


def test_vehicles_and_office_space_are_the_seed_sentences(results, seed_of_department):
    rows = {r["department_name"]: r for r in results["vehicles_and_office_space"]}
    assert set(rows) == set(seed_of_department)
    for dept, seed in seed_of_department.items():
        text = " ".join(fold(b.text) for b in read_seed(seed) if isinstance(b, Paragraph))
        quota, held = re.search(r"公务用车编制(\d+)辆[,，]实有(\d+)辆", text).groups()
        area = re.search(r"办公用房建筑总面积([\d.]+)平方米", text).group(1)
        row = rows[dept]
        assert (row["vehicles_quota"], row["vehicles_held"], row["office_floor_area_m2"]) == (
            Decimal(quota),
            Decimal(held),
            Decimal(area),
        ), dept
        assert row["operation_per_vehicle_wan"] is None if held == "0" else row["operation_per_vehicle_wan"] > 0


def test_procurement_per_department_is_the_seed_sentence(results, seed_of_department):
    rows = {r["department_name"]: r for r in results["procurement_by_category"]}
    assert set(rows) == set(seed_of_department)
    for dept, seed in seed_of_department.items():
        stated = seed_procurement(seed)
        row = rows[dept]
        assert row["procurement_total_wan"] == stated["total"], dept
        assert (row["goods_wan"], row["works_wan"], row["services_wan"]) == (
            stated["goods"],
            stated["works"],
            stated["services"],
        ), dept


def test_revenue_by_source_is_the_sum_of_the_seed_rows(results, seed_of_department):
    got: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for r in results["revenue_by_source"]:
        got[r["department_name"]][r["funding_source"]] = r["amount_wan"]
    for dept, seed in seed_of_department.items():
        assert got[dept] == seed_revenue_by_source(seed), dept
    for dept in got:
        shares = [r["share_pct"] for r in results["revenue_by_source"] if r["department_name"] == dept]
        assert abs(sum(shares) - 100) < 0.05, (dept, shares)


def test_expenditure_by_class_and_basic_vs_project_are_the_seed_rows(results, seed_of_department):
    by_class: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for r in results["expenditure_by_class"]:
        by_class[r["department_name"]][r["class_code"]] = r["total_wan"]
        assert r["class_name"], r  # every class code has its name in dim_function_class
    scopes = {(r["department_name"], r["budget_scope"]): r for r in results["basic_vs_project"]}
    for dept, seed in seed_of_department.items():
        expected: dict[str, Decimal] = defaultdict(Decimal)
        for code, amount in seed_expenditure_column(seed, "合计").items():
            expected[code[:3]] += amount
        assert by_class[dept] == dict(expected), dept

        row = scopes[(dept, "all_funds")]
        basic = sum(seed_expenditure_column(seed, "基本支出").values(), Decimal(0))
        project = sum(seed_expenditure_column(seed, "项目支出").values(), Decimal(0))
        assert (row["basic_wan"], row["project_wan"]) == (basic, project), dept
        assert row["basic_share_pct"] + row["project_share_pct"] == pytest.approx(100, abs=0.011)
    # the 款 query adds up to the same classes
    kuan: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in results["expenditure_by_kuan"]:
        assert r["kuan_code"].startswith(r["class_code"])
        kuan[(r["department_name"], r["class_code"])] += r["total_wan"]
    assert kuan == {(d, c): v for d, classes in by_class.items() for c, v in classes.items()}


def test_operating_cost_per_unit_is_the_seed_table(results, seed_of_department):
    got: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for r in results["operating_cost_per_unit"]:
        got[r["department_name"]][fold(r["unit_name"])] = r["operating_cost_wan"]
    for dept, seed in seed_of_department.items():
        expected = {
            c.row_label: c.amount
            for c in seed_cells(seed, "operating_cost")
            if c.row_label != "部门合计" and c.column_label.endswith("合计")
        }
        assert got[dept] == expected, dept


def test_project_list_with_carryover_is_the_seed_project_tables(results, seed_of_department):
    dept = "临县刘家会镇人民政府"  # the department named in docs/analysts.md's query
    seed = seed_of_department[dept]
    rows = results["projects_with_carryover"]
    expected = {}
    for kind, column in (("project_expenditure", "this_year_wan"), ("project_carryover", "carryover_wan")):
        # unit and department subtotal rows print the unit's (= here the department's) name
        projects = [c for c in seed_cells(seed, kind) if c.column_label == "合计" and c.row_label != fold(dept)]
        expected[column] = sum((c.amount for c in projects), Decimal(0))
        names = {fold(r["project_name"]) for r in rows if r[column] is not None}
        assert names == {c.row_label for c in projects}, kind
    for column, total in expected.items():
        assert sum((r[column] or Decimal(0) for r in rows), Decimal(0)) == total, column
    assert expected["carryover_wan"] > 0  # the sample with a long 上年结转 list


def test_traced_figure_is_printed_on_that_page_of_that_pdf(results, seed_of_department):
    (row,) = results["trace_figure"]
    seed_amount = next(
        c.amount
        for c in seed_cells(seed_of_department[row["department_name"]], "three_public")
        if "运行维护费" in c.row_label and c.column_label.endswith("合计")
    )
    assert row["amount_wan"] == seed_amount
    pdf = pdfium.PdfDocument(str(SAMPLES / row["file_name"]))
    try:
        text = fold(pdf[row["page_number"] - 1].get_textpage().get_text_range())
    finally:
        pdf.close()
    assert "三公" in text and "公务用车运行维护费" in text
    assert f"{seed_amount:.2f}" in text


def test_failed_checks_cover_every_document_not_passed(results, warehouse):
    with connect_readonly(warehouse) as con:
        not_passed = {
            r[0] for r in con.execute("SELECT file_name FROM dim_document WHERE quality_status <> 'passed'").fetchall()
        }
    listed = {r["file_name"] for r in results["failed_checks"]}
    assert listed == not_passed
    for r in results["printed_totals_vs_rows"]:
        assert r["sum_of_rows_wan"] - r["printed_wan"] == r["difference_wan"], r


def test_table_status_lists_every_standard_table_each_sample_prints(results, seed_of_department):
    by_department: dict[str, dict[str, str]] = {}
    for r in results["table_status"]:
        by_department.setdefault(r["department_name"], {})[r["table_kind"]] = r["status"]
    assert set(by_department) == set(seed_of_department)
    for department, seed in seed_of_department.items():
        statuses = by_department[department]
        # the samples prove every table: none is withheld, and every table the seed prints is there
        assert "withheld" not in statuses.values()
        printed = {kind for kind, _unit, _table in standard_tables(seed)}
        assert printed <= set(statuses), printed - set(statuses)
        assert statuses["narrative"] == statuses["expenditure_summary"] == "loaded"
        # a 三公 table printed without a figure (本表无数据) is empty, not missing
        assert statuses["three_public"] == ("loaded" if seed_cells(seed, "three_public") else "empty")


def test_ingest_log_lists_every_sample(results):
    assert sorted(r["file_name"] for r in results["ingest_log"]) == sorted(p.name for p in SAMPLES.glob("*.pdf"))


def test_data_dictionary_comments_every_fact_column(results):
    rows = results["data_dictionary"]
    tables = {r["table_name"] for r in rows}
    assert {"dim_document", "fact_three_public", "fact_procurement", "v_department_budget"} <= tables
    missing = [(r["table_name"], r["column_name"]) for r in rows if not r["column_comment"]]
    assert not missing, missing
    assert all(r["table_comment"] for r in rows)


README = ROOT / "README.md"


@pytest.mark.parametrize("number", range(len(re.findall(r"```sql\n", README.read_text(encoding="utf-8")))))
def test_readme_sql_examples_run_read_only_and_return_rows(number, warehouse):
    block = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)[number]
    con = connect_readonly(warehouse)
    try:
        rows = con.execute(block).fetchall()
    finally:
        con.close()
    assert rows, f"README SQL example {number + 1} returned no rows"
