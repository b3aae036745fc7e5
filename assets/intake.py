"""Stage 1, intake: find the partition's file, check it is a readable budget disclosure."""

# No `from __future__ import annotations` in asset modules: Dagster reads the real type hints.

import dagster as dg

from assets.failures import fail_deterministically
from budget_etl.documents import Document, DocumentRejected, read_document
from budget_etl.duckdb_warehouse import record_ingest
from budget_etl.inbox import find_version, quarantine
from pipelines.partitions import FILE_VERSION_TAG, documents_partitions
from pipelines.resources import BudgetPaths


@dg.asset(
    partitions_def=documents_partitions,
    group_name="intake",
    kinds={"pdf"},
    description=(
        "The document behind a partition: its newest file in the inbox, SHA-256, page count, "
        "the text of every page (read once, with pypdfium2), and its identity (部门名称, year, "
        "部门/单位) with where the disclosure states each, and which part of the disclosure it holds "
        "(full, tables only, narrative only). A file that is not a readable budget disclosure fails "
        "here with the reason."
    ),
)
def document(context: dg.AssetExecutionContext, paths: BudgetPaths) -> Document:
    with fail_deterministically(context.partition_key, "intake"):
        version, path = find_version(paths.inbox_dir, context.partition_key, context.run.tags.get(FILE_VERSION_TAG))
    try:
        doc = read_document(path)
    except DocumentRejected as err:
        # Analysts see rejected files too (ingest_log); the run fails so the UI shows the reason.
        record_ingest(
            paths.warehouse_path,
            file_name=version.file_name,
            file_sha256=version.sha256,
            status="rejected",
            reason_code=err.reason_code,
            reason=err.message,
        )
        moved = quarantine(paths.inbox_dir, path, err.reason_code, err.message)
        raise dg.Failure(
            description=err.message,
            metadata={
                "file": version.file_name,
                "sha256": version.sha256,
                "reason_code": err.reason_code,
                "quarantined_to": dg.MetadataValue.path(str(moved)),
            },
            allow_retries=False,  # a bad file stays bad: retrying cannot help
        ) from err
    context.add_output_metadata(
        {
            "file": doc.path.name,
            "document_id": doc.document_id,
            "sha256": doc.file_sha256,
            "pages": doc.page_count,
            "department_name": doc.identity.department_name,
            "fiscal_year": doc.identity.fiscal_year,
            "document_kind": doc.identity.document_kind,
            # where the disclosure states each of them (budget_etl.identity), and what it holds
            "department_name_source": doc.identity.department_name_source,
            "fiscal_year_source": doc.identity.fiscal_year_source,
            "document_kind_source": doc.identity.document_kind_source,
            "disclosure_part": doc.identity.disclosure_part,
        }
    )
    return doc
