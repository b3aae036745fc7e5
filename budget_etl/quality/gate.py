"""What an ERROR does to the warehouse load: the tables it covers are withheld, the rest loads.

The pipeline always loads a document's dim_document row, its quality_check_result rows and
its document_table_status rows, so analysts see *that* a file was read, what became of each of
its tables and every figure the checks compared. Its fact rows load table by table
(``table_gate.py``): a row read from a printed table that a failed ERROR check covers is
withheld, every other row loads.

- ``passed`` / ``warned``: every fact, dimension code and check result loads;
- ``partial``: the rows of the withheld tables are left out (a re-run that withholds a table
  also removes the rows an earlier run had loaded from it); the document is current, and
  ``document_table_status`` names the withheld tables with the checks that withheld them;
- ``failed``: nothing is left to load: only dim_document, the check results and the table
  statuses load; ingest_log records the file as ``failed`` with the failed checks, and the
  document is never current (the department's previous good file stays current: the loader
  decides that itself, ``budget_etl.duckdb_warehouse._refresh_current``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import polars as pl

from budget_etl.duckdb_warehouse import load_document_into, open_for_update
from budget_etl.quality.evaluate import DocumentQuality
from budget_etl.quality.results import ERROR
from budget_etl.quality.table_gate import Split, split_facts, table_status

QUALITY_REASON_CODE = "quality_check_failed"
TABLES_WITHHELD_CODE = "tables_withheld"


def gate_facts(facts: Mapping[str, pl.DataFrame], quality: DocumentQuality) -> tuple[dict[str, pl.DataFrame], Split]:
    """The frames the load writes for one document, as its verdict allows, and the split."""
    split = split_facts(facts, quality.verdict)
    frames = {**split.loadable} if quality.status != "failed" else {}
    frames["quality_check_result"] = quality.results
    frames["document_table_status"] = table_status(quality.verdict, split, quality.results)
    return frames, split


@dataclass(frozen=True)
class GatedLoad:
    """What one gated load wrote: rows per warehouse table, the frames, and the split."""

    rows: dict[str, int]
    frames: dict[str, pl.DataFrame]
    split: Split


def load_gated(
    warehouse_path: str | os.PathLike,
    document: Mapping,
    facts: Mapping[str, pl.DataFrame],
    quality: DocumentQuality,
) -> GatedLoad:
    """Load one document as its verdict allows, in one transaction, and record the outcome."""
    doc = {**document, "quality_status": quality.status}
    frames, split = gate_facts(facts, quality)
    with open_for_update(warehouse_path) as con:
        rows = load_document_into(con, doc, frames)
        _record_outcome(con, doc, quality)
    return GatedLoad(rows, frames, split)


def load_checked_document(
    warehouse_path: str | os.PathLike,
    document: Mapping,
    facts: Mapping[str, pl.DataFrame],
    quality: DocumentQuality,
) -> dict[str, int]:
    """Load one document as its verdict allows; return rows written per table."""
    return load_gated(warehouse_path, document, facts, quality).rows


def _record_outcome(con: duckdb.DuckDBPyConnection, doc: Mapping, quality: DocumentQuality) -> None:
    """ingest_log says what the checks did to a file that load_document_into has just recorded
    as 'loaded': 'failed' with the failed checks, or loaded with the tables it withheld."""
    if quality.status == "failed":
        _record_quality_failure(con, doc, quality)
    elif quality.status == "partial":
        con.execute(
            "UPDATE ingest_log SET reason_code = ?, reason = ? WHERE file_sha256 = ? AND file_name = ?",
            [TABLES_WITHHELD_CODE, withheld_reason(quality), doc["file_sha256"], doc["file_name"]],
        )


def withheld_reason(quality: DocumentQuality) -> str:
    """One line naming the withheld tables and the checks that withheld them."""
    parts = [f"{kind} ({', '.join(checks)})" for kind, checks in quality.verdict.withheld.items()]
    return "tables withheld: " + "; ".join(parts)


def failure_reason(quality: DocumentQuality, limit: int = 5) -> str:
    """One line naming the failed ERROR checks, e.g. for ingest_log.reason and run metadata."""
    failed = quality.failed(ERROR)
    names = failed["check_name"].unique(maintain_order=True).to_list()
    first = failed["detail"][0] if failed.height else ""
    shown = ", ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")
    return f"{failed.height} ERROR check results failed in {shown}; first: {first}"


def _record_quality_failure(con: duckdb.DuckDBPyConnection, doc: Mapping, quality: DocumentQuality) -> None:
    # load_document_into has just recorded this file as 'loaded' (one attempt); the same row
    # says 'failed' with the reason instead, without counting a second attempt.
    con.execute(
        "UPDATE ingest_log SET status = 'failed', reason_code = ?, reason = ? WHERE file_sha256 = ? AND file_name = ?",
        [QUALITY_REASON_CODE, failure_reason(quality), doc["file_sha256"], doc["file_name"]],
    )
