"""Realistic staged frames for the quality tests, derived from the seed texts (never hand-typed).

``staged_from_seed`` turns ``tests.golden.seed_expected`` (the cells the extractor must stage)
into a STAGED_AMOUNT frame: the same table kinds, labels, codes, column labels, amounts and
units, plus what the golden derivation does not carry — the row of the stitched table each cell
is on, and a page number that advances at the seed's own page breaks. ``narrative_from_sample``
reads the narrative facts of the committed sample PDF with the pipeline's own reader.

Other quality test modules import these helpers and the session fixtures below.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from schemas.frames import NARRATIVE_FACT, RAW_TABLE, STAGED_AMOUNT, conform
from tests.golden.seed_expected import (
    _is_column_number_row,
    amount_of,
    expected_cells,
    expected_cells_of_table,
    standard_tables,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
SAMPLES = ROOT / "data" / "samples"
SEED_STEMS = ("lvliang_city_gov_office_2026", "linxian_liujiahui_town_2026", "xiaoyi_industry_it_bureau_2026")

# Where the seed tables start in the PDFs is not in the seed; any plausible page will do.
FIRST_TABLE_PAGE = 8


def _amount_positions(rows: list[list[str]]) -> list[tuple[int, str]]:
    """(row index, raw text) of every amount cell, in the order seed_expected emits them."""
    n_header = next(
        (i for i, r in enumerate(rows) if not _is_column_number_row(r) and any(amount_of(c) for c in r)),
        len(rows),
    )
    out = []
    for i in range(n_header, len(rows)):
        if _is_column_number_row(rows[i]):
            continue
        # Label columns (codes, names) never hold a number with a decimal point in the seeds.
        out.extend((i, c) for c in rows[i] if amount_of(c) is not None)
    return out


@cache
def _staged(stem: str, document_id: str) -> pl.DataFrame:
    records = []
    page = FIRST_TABLE_PAGE
    for seq, (kind, unit, table) in enumerate(standard_tables(SEEDS / f"{stem}.txt")):
        rows = [r + [""] * (table.width - len(r)) for r in table.rows]
        cells = expected_cells_of_table(kind, unit, rows)
        positions = _amount_positions(rows)
        assert len(cells) == len(positions), (stem, kind)
        for cell, (row_index, raw) in zip(cells, positions):
            records.append(
                {
                    "document_id": document_id,
                    "table_seq": seq,
                    "table_kind": cell.table_kind,
                    "page_number": page + sum(1 for b in table.page_breaks if b <= row_index),
                    "row_index": row_index,
                    "row_label": cell.row_label,
                    "row_label_secondary": cell.row_label_secondary,
                    "function_code": cell.function_code,
                    "column_label": cell.column_label,
                    "amount": cell.amount,
                    "unit": cell.unit,
                    "raw_text": raw,
                }
            )
        page += 1 + len(table.page_breaks)
    return conform(pl.DataFrame(records, schema=STAGED_AMOUNT), STAGED_AMOUNT, "staged_amount")


def staged_from_seed(stem: str, document_id: str = "0123456789abcdef") -> pl.DataFrame:
    """The STAGED_AMOUNT frame of one seed (a fresh copy, safe to alter)."""
    return _staged(stem, document_id).clone()


def raw_tables_from_seed(stem: str, document_id: str = "0123456789abcdef") -> pl.DataFrame:
    """The RAW_TABLE rows of the seed's standard tables, blank ones included (what the extractor
    reports as found: the normaliser needs it to know a blank 三公 table was printed)."""
    staged = _staged(stem, document_id)
    records = []
    page = FIRST_TABLE_PAGE
    for seq, (kind, unit, table) in enumerate(standard_tables(SEEDS / f"{stem}.txt")):
        last = page + len(table.page_breaks)
        records.append(
            {
                "document_id": document_id,
                "table_seq": seq,
                "table_kind": kind,
                "title": kind,
                "first_page": page,
                "last_page": last,
                "n_rows": len(table.rows),
                "n_cols": table.width,
                "is_empty": staged.filter(pl.col("table_seq") == seq).height == 0,
                "unit": unit,
                "accuracy": 100.0,
                "whitespace": 0.0,
            }
        )
        page = last + 1
    return pl.DataFrame(records, schema=RAW_TABLE)


@cache
def _narrative(stem: str, document_id: str) -> pl.DataFrame:
    from budget_etl.documents import read_document
    from budget_etl.narrative import extract_narrative_facts

    doc = read_document(SAMPLES / f"{stem}.pdf")
    return extract_narrative_facts(list(doc.page_texts), document_id)


def narrative_from_sample(stem: str, document_id: str = "0123456789abcdef") -> pl.DataFrame:
    """The NARRATIVE_FACT frame the pipeline reads from the seed's sample PDF."""
    return _narrative(stem, document_id).clone()


def alter_cell(staged: pl.DataFrame, *, kind: str, column_end: str, by: Decimal, **where: str) -> pl.DataFrame:
    """``staged`` with one amount changed by ``by``: the cell of table ``kind`` whose column
    label ends with ``column_end`` and whose row matches ``where`` (row_label=…, function_code=…;
    ``row_label__contains=…`` for a part of the label)."""
    mask = (pl.col("table_kind") == kind) & pl.col("column_label").str.ends_with(column_end)
    for column, value in where.items():
        if column.endswith("__contains"):
            mask &= pl.col(column.removesuffix("__contains")).str.contains(value, literal=True)
        else:
            mask &= pl.col(column) == value
    hits = staged.filter(mask).height
    assert hits == 1, f"{hits} cells match {kind} {column_end} {where}"
    return staged.with_columns(
        pl.when(mask)
        .then(pl.col("amount") + by)
        .otherwise(pl.col("amount"))
        .cast(STAGED_AMOUNT["amount"])
        .alias("amount")
    )


@pytest.fixture(scope="session", params=SEED_STEMS)
def seed_stem(request) -> str:
    return request.param


# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_frame_holds_exactly_the_golden_cells(stem):
    staged = staged_from_seed(stem)
    assert staged.schema == STAGED_AMOUNT
    golden = sorted(
        (c.table_kind, c.function_code or "", c.row_label, c.column_label, c.amount)
        for c in expected_cells(SEEDS / f"{stem}.txt")
    )
    ours = sorted(
        (r["table_kind"], r["function_code"] or "", r["row_label"], r["column_label"], r["amount"])
        for r in staged.iter_rows(named=True)
    )
    assert ours == golden
    # one cell per (table, row, column): the grain the extractor stages
    assert not staged.select("table_seq", "row_index", "column_label").is_duplicated().any()


def test_narrative_frame_conforms():
    facts = narrative_from_sample("lvliang_city_gov_office_2026")
    assert facts.schema == NARRATIVE_FACT
    assert "procurement_total" in facts["fact"].to_list()
