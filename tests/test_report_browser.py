"""`budget-etl report` as a reader sees it: the page opens offline in a real browser, charts drawn.

Headless Chromium (Debian package `chromium`; .ci/run installs it) loads the HTML from a file
with networking effectively off, once to dump the DOM after the scripts ran and once to take a
screenshot. The charts count as rendered when every chart container holds a Vega SVG and the page
says all embeds finished; the screenshot must not be blank (many distinct colours: text, bars in
the palette). Without Chromium the browser tests skip, saying so; the HTML checks still run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.test_analyst_queries import build_sample_warehouse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium; .ci/run does): the report is not rendered in a browser",
)
WINDOW = (1300, 2400)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    warehouse = build_sample_warehouse(tmp_path_factory)
    out = tmp_path_factory.mktemp("report") / "report.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUDGET_ETL_", "DAGSTER_HOME"))}
    cli = Path(sys.executable).parent / "budget-etl"
    result = subprocess.run(
        [str(cli), "report", "--warehouse", str(warehouse), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.exists() and "report:" in result.stdout
    return out


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_report_is_self_contained(report):
    page = report.read_text(encoding="utf-8")
    # no script, stylesheet, font or image from elsewhere: the page must open offline
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page)
    assert "window.vegaEmbed" in page  # the inlined bundle
    for department in ("临县刘家会镇人民政府", "吕梁市人民政府办公室", "孝义市工业和信息化局"):
        assert department in page
    for panel in (
        "Revenue by funding source",
        "Expenditure by function class",
        "Basic vs project",
        "Three public expenses",
        "Procurement by category",
        "Quality checks",
    ):
        assert page.count(panel) >= 3, panel  # one per document


def test_report_shows_what_became_of_each_table_as_the_warehouse_records_it(report, tmp_path_factory):
    import duckdb

    page = report.read_text(encoding="utf-8")
    assert page.count("What became of each table") == 3  # one per document
    with duckdb.connect(str(build_sample_warehouse(tmp_path_factory)), read_only=True) as con:
        recorded = dict(
            con.execute(
                "SELECT status, count(*) FROM document_table_status JOIN dim_document USING (document_id) "
                "WHERE is_current GROUP BY status"
            ).fetchall()
        )
    assert recorded.get("loaded", 0) > 0
    for status in ("loaded", "withheld", "empty", "unreadable", "missing"):
        assert page.count(f'class="badge {status}"') == recorded.get(status, 0), status


def test_missing_warehouse_is_a_clear_error(tmp_path):
    cli = Path(sys.executable).parent / "budget-etl"
    result = subprocess.run(
        [str(cli), "report", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "no warehouse" in result.stderr
    assert not (tmp_path / "r.html").exists()


@needs_chromium
def test_charts_render_in_chromium(report, tmp_path):
    result = chromium("--dump-dom", "--virtual-time-budget=10000", report.as_uri(), profile=tmp_path / "profile")
    dom = result.stdout
    assert result.returncode == 0 and "<body" in dom, result.stderr[-2000:]
    containers = re.findall(r'<div class="chart[^"]*" id="(chart-\d+)"', dom)
    assert len(containers) >= 1 + 3 * 6, containers  # overview + six panels per document
    assert "chart failed" not in dom.split("<script>\nconst SPECS")[0]
    assert f'data-charts-done="{len(containers)}"' in dom, "not every vega-embed call finished"
    # vega-embed's SVG renderer draws each chart as <svg class="marks"> with its bars/arcs as paths
    svgs = re.findall(r'<svg[^>]*class="marks"', dom)
    assert len(svgs) == len(containers)
    assert dom.count('role="graphics-symbol"') >= 3 * 6, "charts without any mark"


@needs_chromium
def test_screenshot_is_not_blank(report, tmp_path):
    shot = tmp_path / "report.png"
    result = chromium(
        f"--screenshot={shot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--virtual-time-budget=10000",
        "--hide-scrollbars",
        report.as_uri(),
        profile=tmp_path / "profile",
    )
    assert shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == WINDOW
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200, f"{len(colours or [])} colours: a blank page?"
    # the chart palette is on the page, not only black text on white
    palette = {(0x4C, 0x78, 0xA8), (0xF5, 0x85, 0x18)}  # 基本支出 blue, 项目支出 orange
    present = {c for _, c in colours}
    assert palette <= present, "the basic/project bars were not drawn"
