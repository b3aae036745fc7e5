"""One missing or unreadable table never hides the good tables of its document.

Two PDFs are made from a sample disclosure, each through pypdfium2 on the real file:
- one without the page of its "三公" table (a template that does not print that table);
- one whose 机关运行经费 table has lost its ruling lines (camelot finds no grid under the title).
Each is run as a user runs it (`budget-etl run`); the document loads, the table is named in a
WARN check with its page, and the other tables' facts are in the warehouse.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from budget_etl.documents import read_page_texts
from budget_etl.page_index import index_pages
from tests.test_cli import run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "lvliang_city_gov_office_2026.pdf"


def title_page(kind: str) -> int:
    [page] = [t.page_number for t in index_pages(read_page_texts(SAMPLE)).titles if t.kind == kind]
    return page


def without_page(out: Path, page_number: int) -> Path:
    pdf = pdfium.PdfDocument(str(SAMPLE))
    pdf.del_page(page_number - 1)
    pdf.save(str(out))
    pdf.close()
    return out


def without_rules(out: Path, page_number: int) -> Path:
    """The page with every vector path removed: the text stays, the table's grid is gone."""
    pdf = pdfium.PdfDocument(str(SAMPLE))
    page = pdf[page_number - 1]
    for obj in [o for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]:
        page.remove_obj(obj)
    page.gen_content()
    pdf.save(str(out))
    pdf.close()
    return out


def run_one(tmp_path: Path, pdf: Path) -> duckdb.DuckDBPyConnection:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf.rename(inbox / pdf.name)
    db = tmp_path / "wh.duckdb"
    result = run_cli("run", "--inbox", str(inbox), "--warehouse", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "LOADED" in result.stdout, result.stdout
    return duckdb.connect(str(db), read_only=True)


def counts(con) -> dict[str, int]:
    tables = (
        "fact_revenue",
        "fact_expenditure",
        "fact_expenditure_economic",
        "fact_three_public",
        "fact_operating_cost",
        "fact_project_expenditure",
    )
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def failed_checks(con) -> dict[str, tuple]:
    return {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT check_name, severity, table_kind, page_number, detail FROM quality_check_result WHERE NOT passed"
        ).fetchall()
    }


def test_a_table_the_template_does_not_print_is_a_named_warning_and_the_rest_loads(tmp_path):
    pdf = without_page(tmp_path / "no_three_public.pdf", title_page("three_public"))
    with run_one(tmp_path, pdf) as con:
        status = con.execute("SELECT quality_status, is_current FROM dim_document").fetchone()
        failed = failed_checks(con)
        n = counts(con)
    assert status == ("warned", True)
    assert failed["table_found_three_public"][:2] == ("warn", "three_public")
    assert not [name for name, (severity, *_rest) in failed.items() if severity == "error"]
    assert n["fact_three_public"] == 0
    assert all(
        n[t] > 0 for t in ("fact_revenue", "fact_expenditure", "fact_expenditure_economic", "fact_operating_cost")
    )


def test_a_table_that_cannot_be_read_is_reported_with_its_page_and_the_rest_loads(tmp_path):
    page = title_page("operating_cost")
    pdf = without_rules(tmp_path / "operating_cost_unruled.pdf", page)
    with run_one(tmp_path, pdf) as con:
        status = con.execute("SELECT quality_status, is_current FROM dim_document").fetchone()
        failed = failed_checks(con)
        n = counts(con)
    assert status == ("warned", True)
    severity, kind, on_page, detail = failed["table_readable"]
    assert (severity, kind, on_page) == ("warn", "operating_cost", page)
    assert "not found" in detail and f"page {page}" in detail
    assert not [name for name, (sev, *_rest) in failed.items() if sev == "error"]
    assert n["fact_operating_cost"] == 0
    assert all(n[t] > 0 for t in ("fact_revenue", "fact_expenditure", "fact_three_public", "fact_expenditure_economic"))


@pytest.fixture(autouse=True)
def _sample_present():
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} missing")


def test_table_problems_survive_the_io_manager_between_dagster_steps(tmp_path):
    from budget_etl.extraction import TableExtraction, TableNotFound, TableParseError, TableProblem
    from pipelines.io_manager import read_value, write_value
    from schemas.frames import RAW_CELL, RAW_TABLE, STAGED_AMOUNT

    errors = (
        TableNotFound("d", "three_public", 17, "a grid", "page 17: 0 grid(s)"),
        TableParseError("d", "budget_summary", 6, "an amount", "'见说明'", where="row 3, column 2"),
    )
    extraction = TableExtraction(
        document_id="d",
        raw_cells=pl.DataFrame(schema=RAW_CELL),
        raw_tables=pl.DataFrame(schema=RAW_TABLE),
        staged=pl.DataFrame(schema=STAGED_AMOUNT),
        pages_read=20,
        pages_sent_to_camelot=3,
        table_pages={1: [5, 6]},
        problems=[TableProblem.of(e) for e in errors],
    )
    write_value(extraction, tmp_path)
    copy = read_value(tmp_path)
    assert copy.problems == extraction.problems and copy.table_pages == {1: [5, 6]}
    assert [str(p) for p in copy.problems] == [str(e) for e in errors]
    assert copy.problems[0].page_number == 17 and copy.staged.schema == extraction.staged.schema
