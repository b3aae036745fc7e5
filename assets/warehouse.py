"""Stage 4, warehouse: load one document's dimension row and facts into DuckDB."""

import dagster as dg

from budget_etl.documents import Document
from budget_etl.quality.evaluate import DocumentQuality
from budget_etl.quality.gate import failure_reason, load_checked_document
from pipelines.partitions import documents_partitions
from pipelines.resources import BudgetPaths

# DuckDB has one writer: every load goes through this pool, whose limit is 1 (dagster.yaml).
WAREHOUSE_POOL = "duckdb_writer"


@dg.asset(
    partitions_def=documents_partitions,
    group_name="warehouse",
    kinds={"duckdb", "polars"},
    pool=WAREHOUSE_POOL,
    description=(
        "The document's rows in the DuckDB warehouse (docs/WAREHOUSE.md): dim_document and the "
        "fact tables, replaced in one transaction; a corrected file supersedes the old one."
    ),
)
def warehouse_document(
    context: dg.AssetExecutionContext,
    document: Document,
    document_quality: DocumentQuality,
    paths: BudgetPaths,
) -> dg.MaterializeResult:
    doc = document
    # The frames the checks judged (built once, in document_quality) are the frames that load.
    facts = document_quality.facts
    # The quality gate: a document with a failed ERROR check is recorded (dim_document as
    # 'failed', its check results) but none of its facts load (budget_etl/quality/gate.py).
    rows = load_checked_document(paths.warehouse_path, doc.dim_document_row(document_quality.status), facts, document_quality)
    metadata = {
        "warehouse": dg.MetadataValue.path(str(paths.warehouse_path)),
        "quality_status": document_quality.status,
        "rows_loaded": sum(rows.values()),
        **{f"rows_{table}": n for table, n in rows.items()},
    }
    if document_quality.status == "failed":
        # Recorded above; the run fails so the UI, the CLI and the nightly retry see it.
        raise dg.Failure(
            description=f"{doc.path.name}: facts not loaded, {failure_reason(document_quality)}",
            metadata=metadata,
            allow_retries=False,
        )
    return dg.MaterializeResult(metadata=metadata)
