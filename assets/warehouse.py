"""Stage 5, warehouse: one asset per warehouse table, loaded together for one document.

The load is one multi-asset because DuckDB has one writer and a document's tables change in one
transaction (a reader never sees half a document). Each warehouse table is its own asset, and
each named check an asset check on the table it judges (assets/quality.py). A table materialises
for a partition when rows of it load, listing every check that guards it and what that check
found; a table all of whose rows a failed ERROR check withheld is not materialised: an
observation on it names the checks instead. dim_document, quality_check_result and
document_table_status always load, so a withheld or failed document is recorded with its reasons.
"""

import dagster as dg
import polars as pl

from assets.metadata import markdown_table, table_schema
from assets.quality import check_results, check_specs, table_checks
from budget_etl.documents import Document
from budget_etl.duckdb_warehouse import DOCUMENT_TABLES
from budget_etl.normalise.build import SOURCES
from budget_etl.quality.evaluate import DocumentQuality
from budget_etl.quality.gate import failure_reason
from budget_etl.stages import load_warehouse_tables
from pipelines.partitions import documents_partitions
from pipelines.resources import BudgetPaths
from schemas.tables import TABLES

# DuckDB has one writer: every load goes through this pool, whose limit is 1 (dagster.yaml).
WAREHOUSE_POOL = "duckdb_writer"
# Tables that load for every document whatever its checks say: they record what happened.
RECORD_TABLES = ("dim_document", "quality_check_result", "document_table_status")
TABLE_ASSETS = (*SOURCES, "function_class_printed_name", *RECORD_TABLES)
assert set(TABLE_ASSETS) - {"dim_document"} == set(DOCUMENT_TABLES), "every per-document table is an asset"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table,
            deps=["document", "document_facts", "document_quality"],
            group_name="warehouse",
            kinds={"duckdb"},
            partitions_def=documents_partitions,
            # a fact table whose rows were all withheld is not materialised for that partition
            skippable=table not in RECORD_TABLES,
            description=f"The document's rows of {table} in the DuckDB warehouse: {TABLES[table].en}",
            metadata={"dagster/column_schema": table_schema(TABLES[table])},
        )
        for table in TABLE_ASSETS
    ],
    check_specs=check_specs(),
    partitions_def=documents_partitions,
    pool=WAREHOUSE_POOL,
    name="warehouse_tables",
    description=(
        "Loads the document's rows of every warehouse table in one transaction: the rows of the "
        "printed tables its checks prove; those a failed ERROR check covers are withheld."
    ),
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    document: Document,
    document_facts: dict[str, pl.DataFrame],
    document_quality: DocumentQuality,
    paths: BudgetPaths,
):
    quality = document_quality
    status = quality.status
    load = load_warehouse_tables(paths.warehouse_path, document, document_facts, quality)
    rows, frames, withheld = load.rows, load.frames, load.split.tables_withheld
    for table in TABLE_ASSETS:
        loaded = rows.get(table, 1 if table == "dim_document" else 0)
        metadata = {"rows": loaded, "quality_status": status}
        if table in SOURCES:
            checks = table_checks(quality, table)
            metadata["checks"] = dg.MetadataValue.md(markdown_table(checks, max_rows=60))
            metadata["checks_failed"] = ", ".join(checks.filter(~pl.col("passed"))["check"].to_list()) or "none"
        if table in withheld:
            metadata["rows_withheld"] = withheld[table]
        if table in withheld and loaded == 0:
            # every row withheld: not materialised for this partition; the observation says why
            context.log_event(dg.AssetObservation(asset_key=table, partition=context.partition_key, metadata=metadata))
            continue
        if table == "dim_document":
            metadata.update(
                {
                    "warehouse": dg.MetadataValue.path(str(paths.warehouse_path)),
                    "rows_loaded": sum(rows.values()),
                    "withheld_tables": ", ".join(quality.verdict.withheld) or "none",
                }
            )
        if table == "document_table_status":
            metadata["tables"] = dg.MetadataValue.md(markdown_table(frames[table], max_rows=40))
        yield dg.MaterializeResult(asset_key=table, metadata=metadata)
    yield from check_results(quality)
    if status == "failed":
        # Recorded above; the run fails so the UI, the CLI and the nightly retry see it.
        raise dg.Failure(
            description=f"{document.path.name}: facts not loaded, {failure_reason(quality)}",
            metadata={"quality_status": status},
            allow_retries=False,
        )
