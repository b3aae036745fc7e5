"""Table extraction for one document: triage, camelot, stitching, staging — one plain function.

``extract_tables`` is what the Dagster asset runs (assets/extract.py, through
budget_etl.stages.extract_budget_tables); tests call it directly.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from budget_etl.camelot_tables import PRIMARY_ENGINE, TableNotFound, read_page_grids, stitch_tables
from budget_etl.page_index import index_pages
from budget_etl.staging import TableParseError, raw_cell_frame, raw_table_frame, staged_frame

__all__ = ["TableExtraction", "TableNotFound", "TableParseError", "TableProblem", "extract_tables"]


@dataclass(frozen=True)
class TableProblem:
    """A table whose title was found but whose grid is nowhere (TableNotFound), or whose grid
    does not read as the table it should be (TableParseError): reported with its page and what
    was seen, while the other tables go on. Kept as plain values so it travels between steps
    as JSON (pipelines/io_manager.py)."""

    table_kind: str
    page_number: int | None
    message: str

    @classmethod
    def of(cls, error: TableNotFound | TableParseError) -> TableProblem:
        return cls(error.table_kind, error.page_number, str(error))

    def __str__(self) -> str:
        return self.message


@dataclass
class TableExtraction:
    document_id: str
    raw_cells: pl.DataFrame  # schemas.frames.RAW_CELL
    raw_tables: pl.DataFrame  # schemas.frames.RAW_TABLE
    staged: pl.DataFrame  # schemas.frames.STAGED_AMOUNT
    pages_read: int
    pages_sent_to_camelot: int
    table_pages: dict[int, list[int]]  # table_seq -> pages the table is printed on
    camelot_calls: int = 0
    fallback_pages: list[int] = field(default_factory=list)  # pages re-read with the default engine
    seconds: dict[str, float] = field(default_factory=dict)  # triage / camelot / cell_text / staging
    # table_seq -> share of drawn cells where camelot's own text equals the glyph text
    camelot_text_agreement: dict[int, float | None] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)

    @property
    def tables_found(self) -> int:
        return self.raw_tables.height


def extract_tables(
    pdf_path: Path | str, page_texts: Sequence[str], document_id: str, engine: str = PRIMARY_ENGINE
) -> TableExtraction:
    """Every standard table of one disclosure that reads, staged, and a ``TableProblem`` for
    each one that does not. A document that prints no table (the narrative half of a
    disclosure published as two files) extracts to no tables; what is missing is for the
    quality checks to say, table kind by table kind.

    ``page_texts``: the text of every page, read once by budget_etl.documents (page 1 first).
    """
    t0 = time.perf_counter()
    index = index_pages(page_texts)
    t1 = time.perf_counter()
    run = read_page_grids(pdf_path, index.pages_for_camelot, index.title_pages, engine=engine, running=index.running)
    t2 = time.perf_counter()
    tables, not_found = stitch_tables(document_id, index, page_texts, run.grids)
    staged, unreadable = staged_frame(document_id, tables)
    raw_cells = raw_cell_frame(document_id, tables)
    raw_tables = raw_table_frame(document_id, tables)
    t3 = time.perf_counter()
    return TableExtraction(
        document_id=document_id,
        raw_cells=raw_cells,
        raw_tables=raw_tables,
        staged=staged,
        pages_read=index.pages_read,
        pages_sent_to_camelot=len(index.pages_for_camelot),  # distinct pages; fallback re-reads some
        table_pages={t.table_seq: t.pages for t in tables},
        camelot_calls=run.calls,
        fallback_pages=run.fallback_pages,
        camelot_text_agreement={t.table_seq: t.camelot_text_agreement for t in tables},
        problems=[TableProblem.of(p) for p in (*not_found, *unreadable)],
        seconds={
            "triage": t1 - t0,
            "camelot": run.seconds_camelot,
            "cell_text": run.seconds_cell_text,
            "stitch_and_stage": t3 - t2,
        },
    )
