"""Golden extraction: every amount printed in the standard tables of the sample PDFs is staged,
exactly, with its row key and column label — and nothing else is.

The expected cells are derived from the seed text exports the samples were printed from
(tests/golden/seed_expected.py), never typed by hand. Equality is multiset equality over
(table kind, function code, folded row label, folded secondary label, folded column label,
amount, unit), and separately over (table kind, amount) so that a header bug shared by both
sides cannot hide a misplaced figure.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budget_etl.documents import read_page_texts
from budget_etl.extraction import TableExtraction, extract_tables
from tests.golden.compare import compare, report
from tests.golden.seed_expected import expected_cells
from tools.seed_text import seed_paths

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
LAYOUTS = {"A": SAMPLES, "B": SAMPLES / "layout_b"}


def _cases():
    for layout, folder in LAYOUTS.items():
        for seed in seed_paths():
            yield pytest.param(layout, seed, folder / f"{seed.stem}.pdf", id=f"{layout}-{seed.stem}")


@cache
def extraction_of(pdf: Path) -> TableExtraction:
    """One extraction per sample per test session (camelot takes about a second a sample)."""
    return extract_tables(pdf, read_page_texts(pdf), pdf.stem)


@cache
def expected_of(seed: Path):
    return expected_cells(seed)


def _require(pdf: Path) -> None:
    if not pdf.exists():
        pytest.skip(f"sample not generated yet: {pdf.relative_to(SAMPLES.parent.parent)}")


@pytest.mark.parametrize(("layout", "seed", "pdf"), list(_cases()))
def test_every_printed_amount_is_staged_exactly(layout, seed, pdf):
    _require(pdf)
    extraction = extraction_of(pdf)
    cmp = compare(expected_of(seed), extraction.staged)
    assert cmp.equal, "\n" + report(f"layout {layout} {seed.stem}", cmp)


@pytest.mark.parametrize(("layout", "seed", "pdf"), list(_cases()))
def test_staged_cells_trace_to_their_table_pages(layout, seed, pdf):
    _require(pdf)
    extraction = extraction_of(pdf)
    for row in extraction.staged.iter_rows(named=True):
        assert row["page_number"] in extraction.table_pages[row["table_seq"]]
        assert row["raw_text"].strip()
    # raw cells hold every staged cell's text at its position
    assert extraction.raw_cells.height >= extraction.staged.height
    assert extraction.pages_sent_to_camelot < extraction.pages_read / 3


@pytest.mark.parametrize(("layout", "seed", "pdf"), list(_cases()))
def test_all_thirteen_standard_tables_found(layout, seed, pdf):
    _require(pdf)
    kinds = extraction_of(pdf).raw_tables["table_kind"].to_list()
    assert len(kinds) == 13 and len(set(kinds)) == 13, kinds
