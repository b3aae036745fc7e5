"""Golden extraction: every amount printed in the standard tables of the sample PDFs is staged,
exactly, with its row key and column label — and nothing else is.

The expected cells are derived from the seed text exports the samples were printed from
(tests/golden/seed_expected.py), never typed by hand: for layouts A and B from the seed files,
for the template variants from the seed blocks as tools/samplegen/variants.py transforms them
(类|款|项 split codes and 元 amounts; a 9-table template with 三公 and 机关运行经费 in one
table). Equality is multiset equality over (table kind, function code, folded row label,
folded secondary label, folded column label, amount, unit), and separately over
(table kind, amount), so that a header bug shared by both sides cannot hide a misplaced figure.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from budget_etl.documents import read_page_texts
from budget_etl.extraction import TableExtraction, extract_tables
from tests.golden.compare import compare, report
from tests.golden.seed_expected import expected_cells, standard_tables
from tools.seed_text import seed_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
VARIANTS = ("split_code_yuan", "combined_three_public")


def _cases():
    for layout, folder in (("A", SAMPLES), ("B", SAMPLES / "layout_b")):
        for seed in seed_paths():
            yield pytest.param(folder / f"{seed.stem}.pdf", ("seed", str(seed)), id=f"{layout}-{seed.stem}")
    for name in VARIANTS:
        yield pytest.param(SAMPLES / "variants" / f"{name}.pdf", ("variant", name), id=f"variant-{name}")


CASES = list(_cases())


@pytest.fixture(scope="session")
def extraction_of():
    """One extraction per sample per test session (under a second a sample), shared by the
    tests below: ``extraction_of(pdf)``."""
    done: dict[Path, TableExtraction] = {}

    def get(pdf: Path) -> TableExtraction:
        if pdf not in done:
            done[pdf] = extract_tables(pdf, read_page_texts(pdf), pdf.stem)
        return done[pdf]

    return get


@cache
def seed_source(source: tuple[str, str]):
    kind, name = source
    if kind == "seed":
        return Path(name)
    from tools.samplegen.variants import variant_blocks

    return variant_blocks(name)


def _require(pdf: Path) -> None:
    if not pdf.exists():
        pytest.skip(f"sample not generated yet: {pdf.relative_to(ROOT)}")


@pytest.mark.parametrize(("pdf", "source"), CASES)
def test_every_printed_amount_is_staged_exactly(extraction_of, pdf, source):
    _require(pdf)
    cmp = compare(expected_cells(seed_source(source)), extraction_of(pdf).staged)
    assert cmp.equal, "\n" + report(pdf.relative_to(SAMPLES).as_posix(), cmp)


@pytest.mark.parametrize(("pdf", "source"), CASES)
def test_every_standard_table_is_found_once(extraction_of, pdf, source):
    _require(pdf)
    extraction = extraction_of(pdf)
    expected = Counter(kind for kind, _unit, _table in standard_tables(seed_source(source)))
    assert Counter(extraction.raw_tables["table_kind"].to_list()) == expected
    units = dict(zip(extraction.raw_tables["table_kind"], extraction.raw_tables["unit"]))
    assert units == {kind: unit for kind, unit, _table in standard_tables(seed_source(source))}


@pytest.mark.parametrize(("pdf", "source"), CASES)
def test_staged_cells_trace_to_their_table_pages(extraction_of, pdf, source):
    _require(pdf)
    extraction = extraction_of(pdf)
    for row in extraction.staged.iter_rows(named=True):
        assert row["page_number"] in extraction.table_pages[row["table_seq"]]
        assert row["raw_text"].strip()
    assert extraction.raw_cells.height >= extraction.staged.height
    # triage: camelot sees the table pages only, never the 绩效目标表 or the catalogue
    table_pages = {p for pages in extraction.table_pages.values() for p in pages}
    assert extraction.pages_sent_to_camelot == len(table_pages)


def test_a_pdf_without_budget_tables_extracts_no_table_and_sends_nothing_to_camelot():
    pdf = SAMPLES / "bad" / "not_a_budget.pdf"
    _require(pdf)
    extraction = extract_tables(pdf, read_page_texts(pdf), "not_a_budget")
    assert extraction.tables_found == 0 and extraction.staged.height == 0
    assert extraction.pages_sent_to_camelot == 0 and extraction.problems == []
