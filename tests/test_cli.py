"""`budget-etl run` as a user runs it: good documents load, each bad one is named with its reason."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.test_documents import BAD_SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOOD = "lvliang_city_gov_office_2026.pdf"


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUDGET_ETL_", "DAGSTER_HOME"))}
    env.update(env_extra or {})
    budget_etl = Path(sys.executable).parent / "budget-etl"
    return subprocess.run([str(budget_etl), *args], capture_output=True, text=True, env=env, timeout=600)


def test_mixed_inbox_loads_good_documents_and_names_each_bad_one(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(SAMPLES / GOOD, inbox / GOOD)
    for name in BAD_SAMPLES:
        shutil.copy2(SAMPLES / "bad" / name, inbox / name)
    warehouse = tmp_path / "wh.duckdb"

    result = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    out = result.stdout
    assert result.returncode == 0, out + result.stderr  # bad files do not fail the run without --strict
    for name, reason_code in BAD_SAMPLES.items():
        line = next(ln for ln in out.splitlines() if f"[{name}]" in ln)
        assert line.startswith("REJECTED"), line
        reason = out.split(line, 1)[1].splitlines()[1]
        assert f"[{reason_code}]" in reason, reason
    assert next(ln for ln in out.splitlines() if f"[{GOOD}]" in ln).startswith("LOADED")
    assert f"{len(BAD_SAMPLES) + 1} documents: 1 loaded, {len(BAD_SAMPLES)} rejected" in out

    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document").fetchone() == (1,)
        logged = dict(con.execute("SELECT file_name, reason_code FROM ingest_log WHERE status = 'rejected'").fetchall())
    assert logged == BAD_SAMPLES
    # each bad file is quarantined with its reason; the good one stays in the inbox
    assert sorted(p.name for p in inbox.glob("*.pdf")) == [GOOD]
    for name, reason_code in BAD_SAMPLES.items():
        note = json.loads((inbox / "quarantine" / f"{name}.reason.json").read_text(encoding="utf-8"))
        assert note["reason_code"] == reason_code


def test_strict_exits_non_zero_when_a_document_fails(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(SAMPLES / "bad" / "truncated.pdf", inbox / "truncated.pdf")
    result = run_cli("run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb"), "--strict")
    assert result.returncode == 1, result.stdout + result.stderr


def test_environment_variables_choose_inbox_and_warehouse(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy2(SAMPLES / "bad" / "empty.pdf", inbox / "empty.pdf")
    warehouse = tmp_path / "env.duckdb"
    result = run_cli("run", env_extra={"BUDGET_ETL_INBOX": str(inbox), "BUDGET_ETL_WAREHOUSE": str(warehouse)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[empty.pdf]" in result.stdout
    assert str(warehouse) in result.stdout
