"""The quality gate of the warehouse load (budget_etl/quality/gate.py, table_gate.py), without Dagster.

A failed ERROR check withholds the printed tables it covers and only those: the document loads
as 'partial', its other tables current. A document all of whose tables are withheld is recorded
(dim_document 'failed', its check results, ingest_log 'failed'), loads no fact and never becomes
current; WARN loads.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from budget_etl.duckdb_warehouse import FACT_TABLES
from budget_etl.normalise import build_facts
from budget_etl.quality.evaluate import DocumentQuality
from budget_etl.quality.gate import QUALITY_REASON_CODE, TABLES_WITHHELD_CODE, load_checked_document
from budget_etl.quality.identities import run_identities
from budget_etl.quality.results import ERROR, CheckResult, results_frame
from budget_etl.quality.table_gate import judge
from tests.test_quality_seed_frames import alter_cell, narrative_from_sample, raw_tables_from_seed, staged_from_seed

LVLIANG = "lvliang_city_gov_office_2026"
LINXIAN = "linxian_liujiahui_town_2026"
XIAOYI = "xiaoyi_industry_it_bureau_2026"


def document(stem: str, version: str) -> dict:
    sha = hashlib.sha256(f"{stem}/{version}".encode()).hexdigest()
    return {
        "document_id": sha[:16],
        "file_name": f"{stem}_{version}.pdf",
        "file_sha256": sha,
        "department_name": stem,
        "document_kind": "department",
        "fiscal_year": 2026,
        "page_count": 120,
    }


def checked(
    stem: str, version: str, alter=None, extra: tuple[CheckResult, ...] = ()
) -> tuple[dict, dict, DocumentQuality]:
    """(dim_document fields, fact frames, quality) of a seed document, optionally altered.

    The identities stand in for the full evaluation here; ``extra`` adds results of other checks
    (a GX suite's, say) as they would come."""
    doc = document(stem, version)
    staged, narrative = staged_from_seed(stem, doc["document_id"]), narrative_from_sample(stem, doc["document_id"])
    if alter is not None:
        staged = alter(staged)
    raw_tables = raw_tables_from_seed(stem, doc["document_id"])
    facts = build_facts(doc, staged, narrative, tables=raw_tables)
    checks = results_frame([*run_identities(staged, narrative, raw_tables), *extra])
    findings = facts["quality_check_result"]
    verdict = judge(pl.concat([checks, findings]), raw_tables, narrative, staged)
    return doc, facts, DocumentQuality(checks=checks, findings=findings, verdict=verdict)


def one_project_misread(staged: pl.DataFrame) -> pl.DataFrame:
    # a project's 合计 read 1.00 万元 too high: the project table no longer adds up
    return alter_cell(
        staged, kind="project_expenditure", column_end="合计", by=Decimal("1.00"), row_label="补充运行经费"
    )


def three_public_part_misread(staged: pl.DataFrame) -> pl.DataFrame:
    # one 三公 part read 1.00 万元 too high in both its columns: the parts no longer add up
    for column in ("合计", "一般公共预算"):
        staged = alter_cell(
            staged, kind="three_public", column_end=column, by=Decimal("1.00"), row_label="2公务用车运行维护费"
        )
    return staged


# What the GX suite of the staged amounts reports for a cell it cannot place: no table is safe.
MALFORMED_STAGED = (
    CheckResult(
        "gx_staged_amounts",
        ERROR,
        False,
        subject="expect_column_values_to_be_in_set",
        detail="unit: 1 value not in {万元, 元}",
    ),
)


def fact_rows(con, document_id: str) -> int:
    return sum(
        con.execute(f"SELECT count(*) FROM {t} WHERE document_id = ?", [document_id]).fetchone()[0] for t in FACT_TABLES
    )


def state(con, document_id: str) -> tuple[str, bool]:
    return con.execute(
        "SELECT quality_status, is_current FROM dim_document WHERE document_id = ?", [document_id]
    ).fetchone()


@pytest.fixture
def warehouse(tmp_path):
    return tmp_path / "warehouse.duckdb"


def table_rows(con, table: str, document_id: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", [document_id]).fetchone()[0]


def test_a_misread_project_withholds_the_project_table_only(warehouse):
    good_doc, good_facts, good_q = checked(LVLIANG, "v1")
    bad_doc, bad_facts, bad_q = checked(LVLIANG, "v2", one_project_misread)
    assert good_q.status == "passed" and bad_q.status == "partial"
    assert set(bad_q.verdict.withheld) == {"project_expenditure"}

    load_checked_document(warehouse, good_doc, good_facts, good_q)
    counts = load_checked_document(warehouse, bad_doc, bad_facts, bad_q)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        bad = bad_doc["document_id"]
        # the newer file is current; its project rows are withheld, every other table loads
        assert state(con, bad) == ("partial", True) and state(con, good_doc["document_id"]) == ("passed", False)
        assert table_rows(con, "fact_project_expenditure", bad) == 0 == counts["fact_project_expenditure"]
        for table in (
            "fact_revenue",
            "fact_expenditure",
            "fact_three_public",
            "fact_operating_cost",
            "fact_procurement",
        ):
            assert table_rows(con, table, bad) == table_rows(con, table, good_doc["document_id"]) > 0, table
        assert (
            con.execute(
                "SELECT count(*) FROM fact_printed_total WHERE document_id = ? AND table_kind = 'project_expenditure'",
                [bad],
            ).fetchone()[0]
            == 0
        )
        status = dict(
            con.execute("SELECT table_kind, status FROM document_table_status WHERE document_id = ?", [bad]).fetchall()
        )
        assert status["project_expenditure"] == "withheld"
        assert {k for k, v in status.items() if v == "withheld"} == {"project_expenditure"}
        checks, rows_withheld = con.execute(
            "SELECT failed_checks, rows_withheld FROM document_table_status WHERE document_id = ? AND table_kind = 'project_expenditure'",
            [bad],
        ).fetchone()
        assert set(checks.split(", ")) >= {"project_table_total", "fund_row_total"} and rows_withheld > 0
        # the failed check is in the warehouse with its figures, page and one-line description
        failed = con.execute(
            "SELECT check_name, severity, expected, actual, difference, table_kind, page_number, detail "
            "FROM quality_check_result WHERE document_id = ? AND NOT passed AND severity = 'error'",
            [bad],
        ).fetchall()
        project = next(r for r in failed if r[0] == "project_table_total")
        assert project[4] == project[3] - project[2] and project[5] == "project_expenditure" and project[6] > 0
        # every check result, passed ones included, is kept ("checked, fine" is visible)
        assert table_rows(con, "quality_check_result", bad) == bad_q.results.height
        status, reason_code, reason = con.execute(
            "SELECT status, reason_code, reason FROM ingest_log WHERE file_sha256 = ?", [bad_doc["file_sha256"]]
        ).fetchone()
        assert (status, reason_code) == ("loaded", TABLES_WITHHELD_CODE) and "project_table_total" in reason
        view = con.execute(
            "SELECT project_expenditure_yuan, total_expenditure_yuan, withheld_tables FROM v_department_budget "
            "WHERE document_id = ?",
            [bad],
        ).fetchone()
        assert view[1] > 0 and view[2] == "project_expenditure"


def test_three_public_parts_that_do_not_add_up_withhold_only_the_three_public_table(warehouse):
    doc, facts, quality = checked(LVLIANG, "v1", three_public_part_misread)
    assert quality.status == "partial" and set(quality.verdict.withheld) == {"three_public"}
    assert "three_public_vehicles" in quality.verdict.withheld["three_public"]  # 公务用车 ≠ its two parts
    load_checked_document(warehouse, doc, facts, quality)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        d = doc["document_id"]
        assert table_rows(con, "fact_three_public", d) == 0
        assert all(
            table_rows(con, t, d) > 0
            for t in (
                "fact_revenue",
                "fact_expenditure",
                "fact_expenditure_economic",
                "fact_project_expenditure",
                "fact_narrative",
            )
        )
        view = con.execute(
            "SELECT three_public_total_yuan, three_public_total_printed_yuan, total_revenue_yuan, "
            "withheld_tables FROM v_department_budget WHERE document_id = ?",
            [d],
        ).fetchone()
        assert view[:2] == (None, None) and view[2] > 0 and view[3] == "three_public"


def test_a_malformed_staged_cell_withholds_every_table_and_the_previous_file_stays_current(warehouse):
    good_doc, good_facts, good_q = checked(LVLIANG, "v1")
    bad_doc, bad_facts, bad_q = checked(LVLIANG, "v2", extra=MALFORMED_STAGED)
    assert bad_q.status == "failed" and set(bad_q.verdict.withheld) == set(bad_q.verdict.found)
    load_checked_document(warehouse, good_doc, good_facts, good_q)
    counts = load_checked_document(warehouse, bad_doc, bad_facts, bad_q)
    assert set(counts) == {"quality_check_result", "document_table_status"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert state(con, bad_doc["document_id"]) == ("failed", False)
        assert state(con, good_doc["document_id"])[1] is True
        assert fact_rows(con, bad_doc["document_id"]) == 0 and fact_rows(con, good_doc["document_id"]) > 0
        status, reason_code, reason = con.execute(
            "SELECT status, reason_code, reason FROM ingest_log WHERE file_sha256 = ?", [bad_doc["file_sha256"]]
        ).fetchone()
        assert (status, reason_code) == ("failed", QUALITY_REASON_CODE) and "gx_staged_amounts" in reason
        # analysts' view shows the good file only
        assert con.execute("SELECT document_id FROM v_department_budget").fetchall() == [(good_doc["document_id"],)]


def test_a_later_good_file_supersedes_and_a_failed_one_never_comes_back(warehouse):
    v1, v2, v3 = checked(LVLIANG, "v1"), checked(LVLIANG, "v2", extra=MALFORMED_STAGED), checked(LVLIANG, "v3")
    for doc, facts, quality in (v1, v2, v3):
        load_checked_document(warehouse, doc, facts, quality)
    load_checked_document(warehouse, *v2)  # re-running the failed file changes nothing
    with duckdb.connect(str(warehouse), read_only=True) as con:
        current = con.execute("SELECT document_id FROM dim_document WHERE is_current").fetchall()
        assert current == [(v3[0]["document_id"],)]
        assert state(con, v2[0]["document_id"]) == ("failed", False)


def test_a_file_that_now_fails_loses_the_facts_an_earlier_run_loaded(warehouse):
    doc, facts, quality = checked(LVLIANG, "v1")
    _, bad_facts, bad_quality = checked(LVLIANG, "v1", extra=MALFORMED_STAGED)  # same file, stricter checks
    load_checked_document(warehouse, doc, facts, quality)
    load_checked_document(warehouse, doc, bad_facts, bad_quality)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert fact_rows(con, doc["document_id"]) == 0
        assert state(con, doc["document_id"]) == ("failed", False)


def test_a_withheld_table_that_now_passes_loads_and_is_current(warehouse):
    doc, bad_facts, bad_quality = checked(LVLIANG, "v1", one_project_misread)
    _, facts, quality = checked(LVLIANG, "v1")  # the same file after the fix
    load_checked_document(warehouse, doc, bad_facts, bad_quality)
    load_checked_document(warehouse, doc, facts, quality)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert state(con, doc["document_id"]) == ("passed", True)
        assert (
            table_rows(con, "fact_project_expenditure", doc["document_id"])
            == facts["fact_project_expenditure"].height
            > 0
        )
        assert (
            con.execute(
                "SELECT count(*) FROM document_table_status WHERE document_id = ? AND status = 'withheld'",
                [doc["document_id"]],
            ).fetchone()[0]
            == 0
        )


@pytest.mark.parametrize("stem", [LVLIANG, LINXIAN])
def test_a_clean_document_passes_with_its_rounding_differences_recorded(warehouse, stem):
    doc, facts, quality = checked(stem, "v1")
    assert quality.status == "passed", quality.failed().select("check_name", "detail").rows()
    load_checked_document(warehouse, doc, facts, quality)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert state(con, doc["document_id"]) == ("passed", True)
        # every 尾差 is there to list, on passing rows
        rounding = con.execute(
            "SELECT count(*), bool_and(passed) FROM quality_check_result WHERE document_id = ? AND difference <> 0",
            [doc["document_id"]],
        ).fetchone()
        assert rounding[0] > 0 and rounding[1]


def test_warn_is_recorded_and_loads(warehouse):
    doc, facts, quality = checked(XIAOYI, "v1")
    assert quality.status == "warned"
    # the one real warning: the 机关运行经费 paragraph contradicts itself (rounding warns no more)
    assert quality.failed()["check_name"].to_list() == ["narrative_operating_cost_consistent"]
    load_checked_document(warehouse, doc, facts, quality)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert state(con, doc["document_id"]) == ("warned", True)
        assert fact_rows(con, doc["document_id"]) == sum(facts[t].height for t in FACT_TABLES)
        warned = con.execute(
            "SELECT severity, detail FROM quality_check_result WHERE document_id = ? AND check_name = 'narrative_operating_cost_consistent' AND NOT passed",
            [doc["document_id"]],
        ).fetchall()
        assert [w[0] for w in warned] == ["warn"] and "29.65" in warned[0][1]
