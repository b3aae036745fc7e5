"""The measured steps, each run inside a child process (benchmark/child.py) on one PDF.

- ``baseline``   — ``camelot.read_pdf(path, pages="all", flavor="lattice")``: camelot's default
  lattice engine over every page, what a user tries first. With ``pages`` it parses those pages
  only and extrapolates per page (labelled so).
- ``floor``      — pypdfium2 text of every page: a lower bound for anything that touches every
  page of the PDF.
- ``extraction`` — the pipeline's first stages (budget_etl.stages): reading the page texts and
  identifying the document, page triage + camelot on the table pages + cell text + staging,
  narrative facts.
- ``end_to_end`` — the document from an inbox into a temporary DuckDB file, through Dagster or
  the plain stage functions (benchmark/runners.py).

Seconds are wall-clock seconds of the step's work, after its imports (reported apart as
``import_s``). Floor, extraction and end to end run 1 + ``repeat`` times and report the median of
the last ``repeat`` passes; the first (``cold_s``) also pays one-off first-call costs. The
baseline runs once (its first-call costs are under 1 % of its time).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from benchmark.clock import Timer, median_pass, warm_passes
from benchmark.pdfs import link, page_count
from benchmark.runners import RUNNERS, StageLaps

STEPS = ("baseline", "floor", "extraction", "end_to_end")
BASELINE_CALL = 'camelot.read_pdf(path, pages="all", flavor="lattice")  # default engine'


def step_baseline(pdf: Path, pages: list[int] | None) -> dict:
    """camelot's default lattice engine over every page (or over ``pages``)."""
    with Timer() as imp:
        import camelot
    spec = "all" if pages is None else ",".join(map(str, pages))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "No tables found on page-N"
        with Timer() as t:
            tables = camelot.read_pdf(str(pdf), pages=spec, flavor="lattice")
    n_pages = page_count(pdf)
    measured = n_pages if pages is None else len(pages)
    return {
        "seconds": t.seconds * n_pages / measured,
        "cpu_s": t.cpu * n_pages / measured,
        "import_s": imp.seconds,
        "detail": {
            "call": BASELINE_CALL,
            "pages_measured": measured,
            "measured_s": t.seconds,
            "extrapolated": pages is not None,
            "tables_found": len(tables),
        },
    }


def step_floor(pdf: Path, repeat: int = 3) -> dict:
    """pypdfium2 text of every page, as budget_etl.documents reads it."""
    with Timer() as imp:
        import pypdfium2 as pdfium

    def read() -> int:
        doc = pdfium.PdfDocument(str(pdf))
        chars = 0
        for page in doc:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        doc.close()
        return chars

    with Timer() as cold:
        chars = read()
    passes = warm_passes(read, repeat)
    best = median_pass(passes)
    best.pop("value")
    return {
        **best,
        "import_s": imp.seconds,
        "detail": {"chars": chars, "cold_s": cold.seconds, "passes_s": [t.seconds for t, _ in passes]},
    }


def step_extraction(pdf: Path, repeat: int = 3) -> dict:
    """The pipeline's stages up to the narrative facts (budget_etl.stages): read + identify, page
    triage + camelot + cell text + staging, narrative facts."""
    with Timer() as imp:
        from budget_etl.stages import process_document

    def extract():
        laps = StageLaps()
        run = process_document(pdf, until="narrative_facts", on_stage=laps)
        return run.budget_tables, run.narrative_facts, laps.parts

    with Timer() as cold:
        extract()
    passes = warm_passes(extract, repeat)
    best = median_pass(passes)
    extraction, facts, parts = best.pop("value")
    parts.update({f"tables.{k}": v for k, v in extraction.seconds.items()})
    return {
        **best,
        "import_s": imp.seconds,
        "detail": {
            "cold_s": cold.seconds,
            "passes_s": [t.seconds for t, _ in passes],
            "parts_s": parts,
            "camelot_s": extraction.seconds.get("camelot"),
            "pages_sent_to_camelot": extraction.pages_sent_to_camelot,
            "camelot_calls": extraction.camelot_calls,
            "tables_found": extraction.tables_found,
            "staged_rows": extraction.staged.height,
            "narrative_facts": facts.height,
        },
    }


def step_end_to_end(pdf: Path, mode: str, workdir: Path, repeat: int = 3) -> dict:
    """The document from an inbox into a fresh DuckDB file, through Dagster or plain functions.

    Run 1 + ``repeat`` times, each time with a fresh inbox, registry, Dagster instance and
    warehouse: the first run (``cold_s``) also pays what only the first document of a process
    pays (first-call set-up, lazy imports); the median of the others is what each further
    document of a long-running worker costs, and is the step's ``seconds``."""
    runner = RUNNERS[mode]
    with Timer() as imp:
        runner.imports()

    def once(name: str):
        inbox = workdir / name / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        link(pdf, inbox / pdf.name)
        with Timer() as setup:
            r = runner(inbox, workdir / name / "warehouse.duckdb", workdir / name / "staging")
        with Timer() as t:
            outcome = r.process_all()[0]
        if outcome["status"] != "loaded":
            raise RuntimeError(f"{pdf.name}: end to end {outcome['status']}: {outcome.get('reason', '')}")
        return setup, t, outcome

    _, cold, _ = once("cold")
    passes = []
    for i in range(max(1, repeat)):
        setup, t, outcome = once(f"warm{i}")
        passes.append((t, (setup, outcome)))
    best = median_pass(passes)
    setup, outcome = best.pop("value")
    return {
        **best,
        "import_s": imp.seconds,
        "detail": {
            "mode": mode,
            "cold_s": cold.seconds,
            "passes_s": [t.seconds for t, _ in passes],
            "setup_s": setup.seconds,
            **outcome,
        },
    }
