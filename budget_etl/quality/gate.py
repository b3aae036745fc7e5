"""What an ERROR does to the warehouse load: the document is recorded, its facts are not.

The pipeline always loads a document's dim_document row and its quality_check_result rows, so
analysts see *that* a file was read, *why* it failed and every figure the checks compared. Its
facts load only when no ERROR check failed:

- ``passed`` / ``warned``: facts, dimension codes and check results load as usual;
- ``failed``: only dim_document (quality_status = 'failed') and the check results load; the
  fact tables hold no rows of the document (a re-run that now fails also removes the facts an
  earlier run had loaded), ingest_log records the file as ``failed`` with the failed checks;
- a failed document is never ``is_current``: the department's previous good file, if any,
  stays current. The loader decides that itself (``budget_etl.warehouse._refresh_current``
  looks at quality_status), so this module only passes the status on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import duckdb
import polars as pl

from budget_etl.quality.evaluate import DocumentQuality
from budget_etl.quality.results import ERROR
from budget_etl.warehouse import load_document_into, open_for_update

QUALITY_REASON_CODE = "quality_check_failed"


def load_checked_document(
    warehouse_path: str | os.PathLike,
    document: Mapping,
    facts: Mapping[str, pl.DataFrame],
    quality: DocumentQuality,
) -> dict[str, int]:
    """Load one document as its quality status allows; return rows written per table."""
    status = quality.status
    doc = {**document, "quality_status": status}
    if status == "failed":
        frames = {"quality_check_result": quality.results}
    else:
        frames = {**facts, "quality_check_result": quality.results}
    with open_for_update(warehouse_path) as con:
        counts = load_document_into(con, doc, frames)
        if status == "failed":
            _record_quality_failure(con, doc, quality)
    return counts


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
