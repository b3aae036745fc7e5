"""A backfill of every partition through Dagster itself, as an engineer launches it from the UI.

`dagster job backfill` loads the code location from workspace.yaml and launches one run per
partition in its own process (the default run launcher), all loading the same warehouse.
"""

import os
import subprocess
import sys
import time

import dagster as dg
import duckdb

from tests.conftest import ROOT, add_partitions

INSTANCE_YAML = """\
run_coordinator:
  module: dagster.core.run_coordinator
  class: DefaultRunCoordinator
telemetry:
  enabled: false
"""


def test_backfill_of_all_partitions_runs_each_document_and_fails_only_the_bad_one(make_inbox, tmp_path):
    paths, registrations = make_inbox(
        "lvliang_city_gov_office_2026.pdf", "xiaoyi_industry_it_bureau_2026.pdf", "bad/truncated.pdf"
    )
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "BUDGET_ETL_INBOX": paths.inbox,
        "BUDGET_ETL_WAREHOUSE": paths.warehouse,
        "BUDGET_ETL_STAGING": paths.staging,
    }
    with dg.DagsterInstance.from_config(str(home)) as instance:
        keys = add_partitions(instance, registrations)

    launched = subprocess.run(
        [
            sys.executable,
            "-m",
            "dagster",
            "job",
            "backfill",
            "-w",
            "workspace.yaml",
            "-j",
            "process_document",
            "--all",
            "all",
            "--noprompt",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert launched.returncode == 0, launched.stderr[-3000:]

    with dg.DagsterInstance.from_config(str(home)) as instance:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            runs = instance.get_runs()
            if len(runs) == len(keys) and all(r.is_finished for r in runs):
                break
            time.sleep(2)
        status = {r.tags["dagster/partition"]: r.status for r in instance.get_runs()}
    assert status == {
        "吕梁市人民政府办公室-2026-部门": dg.DagsterRunStatus.SUCCESS,
        "孝义市工业和信息化局-2026-部门": dg.DagsterRunStatus.SUCCESS,
        "rejected-truncated": dg.DagsterRunStatus.FAILURE,
    }
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        names = sorted(r[0] for r in con.execute("SELECT department_name FROM dim_document").fetchall())
        rejected = con.execute("SELECT reason_code FROM ingest_log WHERE status = 'rejected'").fetchall()
    assert names == ["吕梁市人民政府办公室", "孝义市工业和信息化局"]
    assert rejected == [("truncated",)]
