"""The checks through Dagster: sample partitions run by the code location's job, evaluations read
back through the Dagster API, the gate read back from a temporary DuckDB warehouse.

One session fixture runs three file versions through one in-memory instance and one warehouse:
the lvliang sample, then data/samples/variants/altered_amount.pdf (a new version of the same
department's disclosure with one 支出总表 amount altered, tools/samplegen/altered.py), then the
xiaoyi sample (a real WARN).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.checks import CHECKS
from budget_etl.inbox import register_file
from budget_etl.quality.identities import IDENTITIES
from budget_etl.warehouse import FACT_TABLES
from pipelines.definitions import build_definitions
from pipelines.partitions import FILE_VERSION_TAG, documents_partitions
from pipelines.resources import BudgetPaths
from tools.samplegen.altered import ALTERATION, original_and_altered

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
FILES = {
    "good": SAMPLES / "lvliang_city_gov_office_2026.pdf",
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


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory) -> tuple[BudgetPaths, dict[str, Run]]:
    tmp = tmp_path_factory.mktemp("quality_dagster")
    inbox = tmp / "inbox"
    inbox.mkdir()
    paths = BudgetPaths(inbox=str(inbox), warehouse=str(tmp / "warehouse" / "budget.duckdb"), staging=str(tmp / "staging"))
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


def test_every_check_is_evaluated_per_partition_on_the_asset_it_judges(pipeline):
    _paths, runs = pipeline
    for run in runs.values():
        evaluations = run.evaluations()
        assert set(evaluations) == set(CHECKS)
        for name, evaluation in evaluations.items():
            assert evaluation.asset_key == dg.AssetKey(CHECKS[name][0])
            assert evaluation.partition == run.partition_key


def test_clean_sample_passes_every_error_check_and_loads(pipeline):
    paths, runs = pipeline
    run = runs["good"]
    assert run.result.success
    failing_errors = [e.check_name for e in run.evaluations().values() if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    assert failing_errors == []
    identity = run.evaluations()["three_public_total"]
    assert identity.metadata["identity"].value == IDENTITIES["three_public_total"].formula
    assert identity.metadata["evaluated"].value >= 1
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        status, current = con.execute(
            "SELECT quality_status, is_current FROM dim_document WHERE document_id = ?", [run.document_id]
        ).fetchone()
    # a clean sample passes: its 尾差 are recorded as passing rows, not as warnings
    assert (status, current) == ("passed", True)


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


def test_altered_document_is_marked_failed_and_none_of_its_facts_become_current(pipeline):
    paths, runs = pipeline
    altered, good = runs["altered"], runs["good"]
    assert not altered.result.success
    [failure] = [e for e in altered.result.all_events if e.is_step_failure]
    assert failure.step_key == "warehouse_document"
    assert "expenditure_row_total" in failure.step_failure_data.user_failure_data.description
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        rows = dict(
            (r[0], r[1:])
            for r in con.execute("SELECT document_id, quality_status, is_current FROM dim_document WHERE department_name = '吕梁市人民政府办公室'").fetchall()
        )
        assert rows[altered.document_id] == ("failed", False)
        assert rows[good.document_id][1] is True
        for table in FACT_TABLES:
            assert con.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", [altered.document_id]).fetchone()[0] == 0
        failed = con.execute(
            "SELECT DISTINCT check_name FROM quality_check_result WHERE document_id = ? AND NOT passed AND severity = 'error'",
            [altered.document_id],
        ).fetchall()
        assert {r[0] for r in failed} == {"expenditure_row_total", "function_hierarchy", "revenue_matches_expenditure_by_code"}


def test_warn_is_recorded_and_the_document_loads(pipeline):
    paths, runs = pipeline
    run = runs["warned"]
    assert run.result.success
    e = run.evaluations()["narrative_operating_cost_consistent"]
    assert not e.passed and e.severity == dg.AssetCheckSeverity.WARN
    assert e.asset_key == dg.AssetKey("narrative_facts")
    assert e.metadata["page_number"].value > 0 and "29.65" in e.description
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        assert con.execute("SELECT quality_status, is_current FROM dim_document WHERE document_id = ?", [run.document_id]).fetchone() == ("warned", True)
        assert con.execute("SELECT count(*) FROM fact_expenditure WHERE document_id = ?", [run.document_id]).fetchone()[0] > 0
