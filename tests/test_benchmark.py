"""`budget-etl bench` on one small document: every figure is in the JSON, and the figures agree.

No speed is asserted here (the benchmark itself is the proof, docs/performance.md); this only
checks that the command measures what it says and writes what docs/performance.md relies on.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from benchmark.machine import machine_info
from benchmark.pdfs import sample_pages
from benchmark.printout import format_report
from benchmark.stats import linear_fit, summarise_scaling
from benchmark.targets import targets
from benchmark.throughput import run_inbox_throughput

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "lvliang_city_gov_office_2026.pdf"
# Cover, 目录, 概况, the 13 budget tables, the narrative sections, the 国有资产 page: a small
# but complete disclosure (the performance-target tables and the catalogue left out).
KEEP_PAGES = [*range(23), 38]


def small_disclosure(path: Path) -> Path:
    src = pdfium.PdfDocument(str(SAMPLE))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, KEEP_PAGES)
    dst.save(str(path))
    dst.close()
    src.close()
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    inbox = tmp / "inbox"
    inbox.mkdir()
    small_disclosure(inbox / "small.pdf")
    out = tmp / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "bench",
            "--inbox",
            str(inbox),
            "--baseline-pages",
            "2",
            "--repeat",
            "1",
            "--no-throughput",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(out.read_text(encoding="utf-8")), result.stdout


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def test_every_document_figure_is_there_and_positive(report):
    data, _ = report
    (doc,) = data["documents"]
    assert doc["file"] == "small.pdf" and doc["pages"] == len(KEEP_PAGES)
    assert doc["status"] == "ok", json.dumps(doc["steps"], ensure_ascii=False)[:2000]
    for key in ("baseline_s", "floor_s", "extraction_s", "end_to_end_s", "camelot_s", "peak_rss_mb"):
        assert isinstance(doc[key], float) and doc[key] > 0, key
    for step in ("baseline", "floor", "extraction", "end_to_end"):
        figures = doc["steps"][step]
        assert figures["status"] == "ok"
        assert figures["seconds"] > 0 and figures["cpu_s"] >= 0
        assert 10 < figures["peak_rss_mb"] < 8192, (step, figures["peak_rss_mb"])  # MB, not KB or bytes
        assert close(figures["pages_per_s"], doc["pages"] / figures["seconds"])
    assert doc["peak_rss_mb"] == doc["steps"]["end_to_end"]["peak_rss_mb"]


def test_baseline_cap_is_labelled_and_extrapolated_per_page(report):
    data, stdout = report
    (doc,) = data["documents"]
    assert data["baseline"]["pages_cap"] == 2
    assert doc["baseline_extrapolated"] is True and doc["baseline_pages_measured"] == 2
    detail = doc["steps"]["baseline"]["detail"]
    assert close(doc["baseline_s"], detail["measured_s"] * doc["pages"] / 2)
    assert "extrapolated" in stdout


def test_ratios_agree_with_the_seconds(report):
    data, _ = report
    (doc,) = data["documents"]
    assert close(doc["speedup_vs_baseline"], doc["baseline_s"] / doc["end_to_end_s"])
    assert close(doc["end_to_end_vs_floor"], doc["end_to_end_s"] / doc["floor_s"])
    assert close(doc["end_to_end_vs_floor_plus_camelot"], doc["end_to_end_s"] / (doc["floor_s"] + doc["camelot_s"]))
    assert close(data["median_speedup_vs_baseline"], doc["speedup_vs_baseline"])  # one document


def test_machine_mode_and_inbox_run_are_recorded(report):
    data, stdout = report
    machine = data["machine"]
    assert machine["cores"] >= 1 and machine["memory_gb"] > 0 and machine["cpu_model"]
    assert machine["python"].count(".") == 2
    for lib in ("camelot-py", "pypdfium2", "polars", "duckdb", "dagster", "great-expectations"):
        assert machine["libraries"][lib], lib
    assert data["mode"] == "dagster" and "execute_in_process" in data["end_to_end"]
    assert "execute_in_process" in stdout
    assert data["throughput"] == []  # --no-throughput
    assert {t["target"].split(" ")[0] for t in data["targets"]} >= {"end-to-end", "peak"}


def test_inbox_run_with_a_worker_process(tmp_path):
    # the plain functions in a spawned worker (the Dagster path is covered above)
    run = run_inbox_throughput([small_disclosure(tmp_path / "small.pdf")], workers=1, mode="plain")
    assert run["workers"] == 1 and run["documents"] == run["loaded"] == 1, run["failed"]
    assert run["pages"] == len(KEEP_PAGES)
    assert run["wall_s"] >= run["sum_document_s"] > 0 and run["load_s_total"] > 0
    (peak,) = run["peak_rss_mb_per_worker"]
    assert 10 < peak < 8192
    assert close(run["pages_per_s"], run["pages"] / run["wall_s"])


def test_sampled_pages_spread_over_the_document():
    assert sample_pages(124, None) is None and sample_pages(124, 200) is None
    assert sample_pages(124, 2) == [1, 124]
    pages = sample_pages(124, 5)
    assert pages[0] == 1 and pages[-1] == 124 and len(pages) == 5


def test_linear_fit_recovers_a_line():
    fit = linear_fit([10, 20, 40, 80], [1.5, 2.0, 3.0, 5.0])
    assert close(fit["seconds_per_page"], 0.05) and close(fit["intercept_s"], 1.0) and close(fit["r2"], 1.0)


def test_scaling_runs_are_summarised_and_printed():
    def run(documents, workers):
        per_document = [
            {
                "file": f"d{i}.pdf",
                "pages": 20 + 10 * i,
                "camelot_pages": 5 + i % 3,
                "seconds": 1.0 + 0.01 * (20 + 10 * i) + 0.05 * (i % 3),
                "status": "loaded",
            }
            for i in range(documents)
        ]
        return {
            "documents": documents,
            "workers": workers,
            "loaded": documents,
            "pages": 100,
            "failed": [],
            "wall_s": 2.0 * documents / workers,
            "seconds_per_document": 2.0 / workers,
            "pages_per_s": 50.0,
            "register_s": 0.1,
            "worker_startup_s": 4.0,
            "load_s_total": 0.3,
            "load_share_of_wall": 0.1,
            "peak_rss_mb_per_worker": [500.0] * workers,
            "load_s_first_last": [0.3, 0.35],
            "per_document": per_document,
        }

    scaling = summarise_scaling([run(n, w) for n in (5, 10) for w in (1, 2)])
    assert scaling["speedup_by_documents"]["10"] == {"workers": 2, "speedup": 2.0}
    assert close(scaling["linearity_in_documents"]["same_documents_seconds_ratio"], 1.0)
    assert close(scaling["seconds_vs_pages_and_camelot_pages_fit"]["seconds_per_camelot_page"], 0.05)
    report = {
        "machine": machine_info() | {"load_average_end": None},
        "documents": [],
        "throughput": [],
        "scaling": scaling,
    }
    report["targets"] = targets(report)
    text = format_report(report)
    assert "10 documents: 2 workers are 2.00× one" in text
    assert "+ 50 ms × pages sent to camelot" in text and "[    MET] 2 workers >= 1.7x one (10 documents" in text
