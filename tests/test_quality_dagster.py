"""The checks through Dagster: sample partitions run by the code location's job, evaluations read
back through the Dagster API, the gate read back from a temporary DuckDB warehouse.

One session fixture runs four file versions through one in-memory instance and one warehouse:
the lvliang sample; data/samples/variants/altered_three_public.pdf and altered_amount.pdf, new
versions of the same department's disclosure with one 三公 row, and one 支出总表 amount, altered
(tools/samplegen/altered.py); then the xiaoyi sample (a real WARN).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.quality import CHECKS
from budget_etl.duckdb_warehouse import FACT_TABLES
from budget_etl.inbox import register_file
from budget_etl.quality.identities import IDENTITIES
from budget_etl.quality.table_gate import shown_on
from pipelines.definitions import build_definitions
from pipelines.partitions import FILE_VERSION_TAG, documents_partitions
from pipelines.resources import BudgetPaths
from tools.samplegen.altered import ALTERATION, original_and_altered

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FILES = {
    "good": SAMPLES / "lvliang_city_gov_office_2026.pdf",
    "three_public": SAMPLES / "variants" / "altered_three_public.pdf",
    "altered": SAMPLES / "variants" / "altered_amount.pdf",
    "warned": SAMPLES / "xiaoyi_industry_it_bureau_2026.pdf",
}


@dataclass
class Run:
    partition_key: str
    document_id: str
    result: dg.ExecuteInProcessResult

    def evaluations(self) -> dict[str, dg.AssetCheckEvaluation]:
        return {e.check_name: e for e in self.result.get_asset_check_evaluations()}

    def observed(self) -> dict[str, dict]:
        return {
            e.asset_key.to_user_string(): {
                k: v.value for k, v in e.event_specific_data.asset_observation.metadata.items()
            }
            for e in self.result.all_events
            if e.event_type_value == "ASSET_OBSERVATION"
        }

    def materialisation_metadata(self, table: str) -> dict:
        [event] = [e for e in self.result.get_asset_materialization_events() if e.asset_key == dg.AssetKey(table)]
        return {k: v.value for k, v in event.materialization.metadata.items()}

    def materialised(self) -> set[str]:
        return {e.asset_key.to_user_string() for e in self.result.get_asset_materialization_events()}


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory) -> tuple[BudgetPaths, dict[str, Run]]:
    tmp = tmp_path_factory.mktemp("quality_dagster")
    inbox = tmp / "inbox"
    inbox.mkdir()
    paths = BudgetPaths(
        inbox=str(inbox), warehouse=str(tmp / "warehouse" / "budget.duckdb"), staging=str(tmp / "staging")
    )
    job = build_definitions(paths).resolve_job_def("process_document")
    runs = {}
    # An in-memory instance: the runs only need to be read back in this process.
    with dg.DagsterInstance.ephemeral() as instance:
        for name, source in FILES.items():  # in this order: the altered file comes after the good one
            registration = register_file(inbox, Path(shutil.copy2(source, inbox / source.name)))
            version = registration.version
            instance.add_dynamic_partitions(documents_partitions.name, [version.partition_key])
            result = job.execute_in_process(
                partition_key=version.partition_key,
                instance=instance,
                tags={FILE_VERSION_TAG: version.sha256},
                raise_on_error=False,
            )
            runs[name] = Run(version.partition_key, version.document_id, result)
    return paths, runs


def test_the_altered_file_is_a_new_version_of_the_same_document(pipeline):
    _paths, runs = pipeline
    assert runs["altered"].partition_key == runs["good"].partition_key
    assert runs["altered"].document_id != runs["good"].document_id


def test_every_check_is_evaluated_per_partition_on_the_table_it_judges(pipeline):
    _paths, runs = pipeline
    for run in runs.values():
        evaluations = run.evaluations()
        assert set(evaluations) == set(CHECKS)
        for name, e in evaluations.items():
            assert e.asset_key == dg.AssetKey(shown_on(name)) and e.partition == run.partition_key, name
    # the 三公 identities are on fact_three_public, a fact suite on its frame's table, and checks
    # comparing printed tables with each other on the printed figures
    assert shown_on("three_public_total") == "fact_three_public"
    assert shown_on("gx_fact_revenue") == "fact_revenue"
    assert shown_on("revenue_matches_expenditure_by_code") == "fact_printed_total"
    # the table_found_<kind> results are one check on the table of table statuses
    found = runs["good"].evaluations()["tables_found"]
    assert found.asset_key == dg.AssetKey("document_table_status") and found.passed
    assert found.metadata["evaluated"].value >= 10
    # every table lists in its materialisation each check that guards it, with its outcome
    checks = runs["good"].materialisation_metadata("fact_three_public")
    assert "three_public_total" in checks["checks"] and checks["checks_failed"] == "none"


def test_clean_sample_passes_every_error_check_and_loads(pipeline):
    paths, runs = pipeline
    run = runs["good"]
    assert run.result.success
    failing_errors = [
        e.check_name for e in run.evaluations().values() if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    assert failing_errors == []
    identity = run.evaluations()["three_public_total"]
    assert identity.metadata["identity"].value == IDENTITIES["three_public_total"].formula
    assert identity.metadata["evaluated"].value >= 1
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        status = con.execute(
            "SELECT quality_status FROM dim_document WHERE document_id = ?", [run.document_id]
        ).fetchone()
        loaded = con.execute(
            "SELECT count(*) FROM fact_expenditure WHERE document_id = ?", [run.document_id]
        ).fetchone()
    # a clean sample passes: its 尾差 are recorded as passing rows, not as warnings
    assert status == ("passed",) and loaded[0] > 0
    assert {"fact_revenue", "fact_expenditure", "fact_three_public", "dim_document"} <= run.materialised()
    assert run.observed() == {}


def test_altered_amount_fails_the_identities_covering_its_cell(pipeline):
    _paths, runs = pipeline
    evaluations = runs["altered"].evaluations()
    before, after = original_and_altered()
    delta_yuan = (after - before) * 10000
    covering = ("expenditure_row_total", "function_hierarchy", "revenue_matches_expenditure_by_code")
    for name in covering:
        e = evaluations[name]
        assert not e.passed and e.severity == dg.AssetCheckSeverity.ERROR, name
        meta = {k: v.value for k, v in e.metadata.items()}
        assert meta["table_kind"] == ALTERATION.table_kind
        assert meta["page_number"] > 0
        assert abs(Decimal(meta["difference_yuan"])) == delta_yuan
        assert Decimal(meta["actual_yuan"]) - Decimal(meta["expected_yuan"]) == Decimal(meta["difference_yuan"])
        assert meta["failed"] == 1 and "failures" in meta
        assert e.description and "18.00" in e.description  # the one-liner shows the printed figures
    assert evaluations["expenditure_row_total"].metadata["subject"].value.startswith(ALTERATION.function_code)
    # nothing else broke: the other ERROR checks still pass
    others = [n for n, e in evaluations.items() if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    assert sorted(others) == sorted(covering)


def test_rounding_differences_pass_and_stay_visible(pipeline):
    paths, runs = pipeline
    e = runs["good"].evaluations()["normaliser_findings"]
    assert e.passed and e.metadata["failed"].value == 0
    assert Decimal(e.metadata["largest_difference_within_tolerance_yuan"].value) > 0
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        differences = con.execute(
            "SELECT count(*), bool_and(passed), bool_and(difference = actual - expected) FROM quality_check_result "
            "WHERE document_id = ? AND check_name = 'printed_total_reconciles' AND difference <> 0",
            [runs["good"].document_id],
        ).fetchone()
    assert differences[0] > 0 and differences[1] and differences[2]


def test_altered_document_loads_as_partial_with_its_proved_tables_current_and_exact(pipeline):
    paths, runs = pipeline
    altered, good = runs["altered"], runs["good"]
    assert altered.result.success  # a partial document is a loaded document
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        rows = dict(
            (r[0], r[1:])
            for r in con.execute(
                "SELECT document_id, quality_status, is_current FROM dim_document WHERE department_name = '吕梁市人民政府办公室'"
            ).fetchall()
        )
        # the corrected-by-alteration file is the newer version: it is current, as partial
        assert rows[altered.document_id] == ("partial", True) and rows[good.document_id] == ("passed", False)
        status = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT table_kind, status, rows_withheld, failed_checks FROM document_table_status WHERE document_id = ?",
                [altered.document_id],
            ).fetchall()
        }
        # the altered 支出总表 and the 收入总表 it is compared with by code are withheld, naming the checks
        assert status["expenditure_summary"][0] == "withheld" and status["expenditure_summary"][1] > 0
        assert set(status["expenditure_summary"][2].split(", ")) == {
            "expenditure_row_total",
            "function_hierarchy",
            "revenue_matches_expenditure_by_code",
        }
        assert status["revenue_summary"][:1] == ("withheld",)
        assert status["revenue_summary"][2] == "revenue_matches_expenditure_by_code"
        withheld = {k for k, v in status.items() if v[0] == "withheld"}
        assert withheld == {"expenditure_summary", "revenue_summary"}
        assert status["three_public"][0] == status["operating_cost"][0] == status["narrative"][0] == "loaded"
        assert (
            con.execute("SELECT count(*) FROM fact_revenue WHERE document_id = ?", [altered.document_id]).fetchone()[0]
            == 0
        )
        # the general-budget rows of fact_expenditure load; the all-funds rows (支出总表) do not
        scopes = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT budget_scope FROM fact_expenditure WHERE document_id = ?", [altered.document_id]
            ).fetchall()
        }
        assert "all_funds" not in scopes and "general_public_budget" in scopes
        # 三公, procurement and operating cost: exactly the good file's figures
        for table, key in (
            ("fact_three_public", "item, funding_source"),
            ("fact_procurement", "category"),
            ("fact_operating_cost", "unit_name, funding_source"),
        ):
            got = con.execute(
                f"SELECT {key}, amount_yuan FROM {table} WHERE document_id = ? ORDER BY ALL", [altered.document_id]
            ).fetchall()
            want = con.execute(
                f"SELECT {key}, amount_yuan FROM {table} WHERE document_id = ? ORDER BY ALL", [good.document_id]
            ).fetchall()
            assert got == want and got, table
        view = con.execute(
            "SELECT total_revenue_yuan, total_expenditure_yuan, total_expenditure_printed_yuan, three_public_total_yuan, "
            "procurement_total_yuan, operating_cost_yuan, withheld_tables FROM v_department_budget WHERE document_id = ?",
            [altered.document_id],
        ).fetchone()
        # withheld figures are NULL, never 0; the proved ones are there
        assert view[:3] == (None, None, None)
        assert all(v is not None and v > 0 for v in view[3:6])
        assert view[6] == "expenditure_summary, revenue_summary"
        reason = con.execute(
            "SELECT status, reason_code, reason FROM ingest_log WHERE file_sha256 LIKE ?", [altered.document_id + "%"]
        ).fetchone()
        assert reason[:2] == ("loaded", "tables_withheld") and "expenditure_summary" in reason[2]


def test_a_failed_error_check_blocks_only_the_materialisation_of_its_table(pipeline):
    paths, runs = pipeline
    run = runs["three_public"]
    assert run.result.success
    e = run.evaluations()["three_public_vehicles"]
    assert e.asset_key == dg.AssetKey("fact_three_public")
    assert not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    assert e.metadata["withheld_tables"].value == "three_public"
    failed_error = {
        n for n, x in run.evaluations().items() if not x.passed and x.severity == dg.AssetCheckSeverity.ERROR
    }
    # the normaliser sees the same break: the printed 公务用车 subtotal is not the sum of its rows
    assert failed_error == {"three_public_vehicles", "normaliser_findings"}
    assert run.evaluations()["normaliser_findings"].metadata["withheld_tables"].value == "three_public"
    # the 三公 table is not materialised (an observation says why); every other table is
    materialised = run.materialised()
    assert "fact_three_public" not in materialised
    # (and the narrative, which states the unaltered 5.00, warns that the table says otherwise)
    assert set(run.observed()["fact_three_public"]["checks_failed"].split(", ")) == {
        "three_public_vehicles",
        "printed_total_reconciles",
        "narrative_three_public_matches_table",
    }
    assert {
        "fact_revenue",
        "fact_expenditure",
        "fact_expenditure_economic",
        "fact_project_expenditure",
        "fact_procurement",
        "fact_operating_cost",
        "fact_narrative",
        "fact_printed_total",
        "dim_document",
        "document_table_status",
        "quality_check_result",
    } <= materialised
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        assert con.execute(
            "SELECT quality_status FROM dim_document WHERE document_id = ?", [run.document_id]
        ).fetchone() == ("partial",)
        status = dict(
            con.execute(
                "SELECT table_kind, status FROM document_table_status WHERE document_id = ?", [run.document_id]
            ).fetchall()
        )
        assert {k for k, v in status.items() if v == "withheld"} == {"three_public"}
        assert con.execute(
            "SELECT count(*) FROM fact_three_public WHERE document_id = ?", [run.document_id]
        ).fetchone() == (0,)
        for table in ("fact_revenue", "fact_expenditure", "fact_operating_cost"):
            n = con.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", [run.document_id]).fetchone()[0]
            assert (
                n
                == con.execute(
                    f"SELECT count(*) FROM {table} WHERE document_id = ?", [runs["good"].document_id]
                ).fetchone()[0]
                > 0
            )


def test_warn_is_recorded_and_the_document_loads(pipeline):
    paths, runs = pipeline
    run = runs["warned"]
    assert run.result.success
    e = run.evaluations()["narrative_operating_cost_consistent"]
    assert not e.passed and e.severity == dg.AssetCheckSeverity.WARN
    assert e.asset_key == dg.AssetKey("fact_narrative")
    assert e.metadata["page_number"].value > 0 and "29.65" in e.description
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        assert con.execute(
            "SELECT quality_status, is_current FROM dim_document WHERE document_id = ?", [run.document_id]
        ).fetchone() == ("warned", True)
        assert (
            con.execute("SELECT count(*) FROM fact_expenditure WHERE document_id = ?", [run.document_id]).fetchone()[0]
            > 0
        )


def test_rerunning_only_the_load_of_one_partition_reads_the_stored_frames_and_changes_nothing(pipeline):
    """What an engineer does after a fix in the load: materialise the warehouse tables of one
    partition alone; the steps before it are read back from the IO manager's parquet."""
    from assets.warehouse import TABLE_ASSETS

    paths, runs = pipeline
    run = runs["warned"]

    def snapshot():
        with duckdb.connect(paths.warehouse, read_only=True) as con:
            return {
                t: con.execute(
                    f"SELECT * EXCLUDE (document_id) FROM {t} WHERE document_id = ? ORDER BY ALL", [run.document_id]
                ).fetchall()
                for t in FACT_TABLES
            }

    before = snapshot()
    job = build_definitions(paths).resolve_job_def("process_document")
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(documents_partitions.name, [run.partition_key])
        result = job.execute_in_process(
            partition_key=run.partition_key,
            instance=instance,
            raise_on_error=False,
            asset_selection=[dg.AssetKey(t) for t in TABLE_ASSETS],
        )
    assert result.success
    assert {e.step_key for e in result.all_events if e.is_step_success} == {"warehouse_tables"}
    assert snapshot() == before and len(before["fact_expenditure"]) > 0
