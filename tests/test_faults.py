"""Faults lose nothing: a killed load, parallel writers, duplicate and corrected uploads.

Each test asserts exactly what is in the warehouse afterwards. The bad-input samples and a
file still being written are covered in test_cli.py and test_sensor.py.
"""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from budget_etl.inbox import register_file
from tests.test_cli import run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
LVLIANG = "lvliang_city_gov_office_2026.pdf"
XIAOYI = "xiaoyi_industry_it_bureau_2026.pdf"

# Load one sample into a warehouse with the plain functions, optionally pausing inside the open
# transaction (the hook load_document offers for exactly this) so the parent can kill it there.
LOAD_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from budget_etl.documents import read_document
    from budget_etl.extraction import extract_tables
    from budget_etl.narrative import extract_narrative_facts
    from budget_etl.normalise import build_facts
    from budget_etl.duckdb_warehouse import load_document

    pdf, warehouse, pause = sys.argv[1], sys.argv[2], sys.argv[3] == "pause"
    doc = read_document(pdf)
    tables = extract_tables(doc.path, list(doc.page_texts), doc.document_id)
    narrative = extract_narrative_facts(list(doc.page_texts), doc.document_id)
    facts = build_facts(doc, tables.staged, narrative, tables=tables.raw_tables)

    def hold(con):
        print("IN_TRANSACTION", flush=True)
        time.sleep(600)

    load_document(warehouse, doc.dim_document_row("passed"), facts, pause=hold if pause else None)
    print("LOADED", flush=True)
    """
)


def load_in_subprocess(pdf: Path, warehouse: Path, pause: bool) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", LOAD_SCRIPT, str(pdf), str(warehouse), "pause" if pause else "go"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: what an analyst could see."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


def test_sigkill_during_load_leaves_the_warehouse_exactly_as_before(tmp_path):
    warehouse = tmp_path / "budget.duckdb"
    first = load_in_subprocess(SAMPLES / LVLIANG, warehouse, pause=False)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    before = snapshot(warehouse)

    victim = load_in_subprocess(SAMPLES / XIAOYI, warehouse, pause=True)
    assert victim.stdout.readline().strip() == "IN_TRANSACTION", victim.stderr.read()
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)

    assert snapshot(warehouse) == before  # not one row of the killed load is visible
    # a reader is not blocked, and the next load completes and cleans up after the dead one
    again = load_in_subprocess(SAMPLES / XIAOYI, warehouse, pause=False)
    assert again.wait(timeout=300) == 0, again.stderr.read()
    after = snapshot(warehouse)
    departments = sorted(r for r in after["dim_document"])
    assert len(departments) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".building", ".building.wal"))] == []


def make_backfill_inbox(inbox: Path, n: int) -> list[str]:
    """n file versions, each registered as its own partition, all real sample PDFs.

    Distinct bytes (a comment after %%EOF, which PDF readers ignore) make distinct documents;
    registering them under n keys gives n partitions to run, as a backfill would.
    """
    import json

    from budget_etl.inbox import REGISTRY_DIR

    sources = sorted(SAMPLES.glob("*.pdf"))
    keys = []
    for i in range(n):
        path = inbox / f"doc{i:02d}.pdf"
        path.write_bytes(sources[i % len(sources)].read_bytes() + f"\n% backfill copy {i}\n".encode())
        version = register_file(inbox, path).version
        keys.append(f"backfill-{i:02d}")
        registry_path = inbox / REGISTRY_DIR / "registry.json"
        registry = json.loads(registry_path.read_text(encoding="utf-8"))
        registry["partitions"][version.partition_key].remove(version.sha256)
        registry["partitions"].setdefault(keys[-1], []).append(version.sha256)
        registry["files"][version.sha256]["partition_key"] = keys[-1]
        registry["partitions"] = {k: v for k, v in registry["partitions"].items() if v}
        registry_path.write_text(json.dumps(registry, ensure_ascii=False), encoding="utf-8")
    return keys


def test_twenty_document_backfill_in_two_parallel_processes_loses_nothing(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    keys = make_backfill_inbox(inbox, 20)
    warehouse = tmp_path / "budget.duckdb"

    def worker(my_keys):
        args = ["run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--strict"]
        for key in my_keys:
            args += ["--only", key]
        return run_cli(*args)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(worker, [keys[0::2], keys[1::2]]))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
        # DuckDB's own words when a second process opens a file held for writing
        assert "could not set lock" not in (result.stdout + result.stderr).lower()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents = con.execute("SELECT count(*), count(DISTINCT department_name) FROM dim_document").fetchone()
        current = con.execute("SELECT count(*) FROM dim_document WHERE is_current").fetchone()[0]
        loaded = con.execute("SELECT count(DISTINCT document_id) FROM fact_expenditure").fetchone()[0]
    assert documents == (20, 3)  # every load landed: no writer lost another's update
    assert current == 3  # one current version per department, year and kind
    assert loaded == 20


def test_duplicate_upload_under_another_name_is_recognised(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(SAMPLES / LVLIANG, inbox / LVLIANG)
    shutil.copy2(SAMPLES / LVLIANG, inbox / "吕梁市政府办公室2026预算(重新上传).pdf")
    warehouse = tmp_path / "budget.duckdb"
    result = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "same bytes as" in result.stdout
    assert result.stdout.count("LOADED") == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document").fetchone() == (1,)


def test_corrected_file_supersedes_the_old_one(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "budget.duckdb"
    shutil.copy2(SAMPLES / LVLIANG, inbox / LVLIANG)
    assert run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    # The department re-publishes: same disclosure, re-typeset (layout B), new bytes and name.
    corrected = inbox / "lvliang_2026_corrected.pdf"
    shutil.copy2(SAMPLES / "layout_b" / LVLIANG, corrected)
    os.utime(corrected)  # arrives later than the original
    result = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("SELECT file_name, is_current FROM dim_document").fetchall())
        current_id = con.execute("SELECT document_id FROM dim_document WHERE is_current").fetchone()[0]
        view_ids = [r[0] for r in con.execute("SELECT document_id FROM v_department_budget").fetchall()]
        facts_of_current = con.execute(
            "SELECT count(*) FROM fact_expenditure WHERE document_id = ?", [current_id]
        ).fetchone()[0]
    assert rows == {LVLIANG: False, corrected.name: True}
    assert view_ids == [current_id]
    assert facts_of_current > 0
