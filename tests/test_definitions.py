"""The code location as `dagster dev` loads it: from workspace.yaml, with its graph, schedule and sensor."""

import importlib
import subprocess
import sys
from pathlib import Path

import dagster as dg
import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_workspace_definitions() -> dg.Definitions:
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    target = workspace["load_from"][0]["python_module"]
    module = importlib.import_module(target["module_name"])
    return getattr(module, target["attribute"])


def test_workspace_loads_the_asset_graph_grouped_by_stage():
    defs = load_workspace_definitions()
    graph = defs.resolve_asset_graph()
    groups = {str(key.to_user_string()): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["document"] == "intake"
    assert groups["budget_tables"] == "extract"
    assert groups["narrative_facts"] == "extract"
    assert groups["document_facts"] == "normalise"
    assert groups["document_quality"] == "quality"
    # one asset per warehouse table (docs/WAREHOUSE.md), loaded together
    from budget_etl.duckdb_warehouse import DOCUMENT_TABLES

    tables = {k for k, g in groups.items() if g == "warehouse"}
    assert tables == set(DOCUMENT_TABLES) | {"dim_document"}
    # every asset is partitioned per document
    for key in graph.get_all_asset_keys():
        assert graph.get(key).partitions_def.name == "documents"

    # the warehouse load takes what the quality stage judged, which takes everything extracted
    def parents(name):
        return {p.to_user_string() for p in graph.get(dg.AssetKey(name)).parent_keys}

    for table in tables:
        assert {"document", "document_facts", "document_quality"} <= parents(table)
    assert {"document", "budget_tables", "narrative_facts", "document_facts"} <= parents("document_quality")
    assert {"budget_tables", "narrative_facts"} <= parents("document_facts")
    # every asset says what it is in the UI
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and node.kinds, key


def test_nightly_schedule_and_inbox_sensor_exist():
    defs = load_workspace_definitions()
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.job_name == "process_document"
    sensor = defs.resolve_sensor_def("inbox_sensor")
    assert sensor.job_name == "process_document"


def test_dagster_cli_validates_the_workspace():
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_transient_errors_are_retried_with_backoff_and_bad_input_is_not():
    from assets.failures import is_transient

    job = load_workspace_definitions().resolve_job_def("process_document")
    policy = job.op_retry_policy
    assert policy.max_retries >= 1 and policy.backoff == dg.Backoff.EXPONENTIAL and policy.delay > 0
    assert is_transient(TimeoutError()) and is_transient(OSError(5, "I/O error"))
    assert not is_transient(FileNotFoundError()) and not is_transient(ValueError())


def test_warehouse_loads_share_one_writer_pool():
    graph = load_workspace_definitions().resolve_asset_graph()
    assert graph.get(dg.AssetKey("fact_three_public")).pools == {"duckdb_writer"}
    instance_yaml = yaml.safe_load((ROOT / "dagster.yaml").read_text())
    assert instance_yaml["concurrency"]["pools"]["default_limit"] == 1
