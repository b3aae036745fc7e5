"""Stage 3, normalise: one document's staged frames to the frames of the warehouse tables."""

import dagster as dg
import polars as pl

from assets.failures import fail_deterministically
from budget_etl.documents import Document
from budget_etl.extraction import TableExtraction
from budget_etl.stages import normalise_document
from pipelines.partitions import documents_partitions


@dg.asset(
    partitions_def=documents_partitions,
    group_name="normalise",
    kinds={"polars"},
    description=(
        "The document's warehouse frames (docs/WAREHOUSE.md), one per table: classification codes "
        "normalised against the reference lists, amounts in exact yuan, the most detailed printed "
        "rows as facts, the printed subtotals beside them, and the normaliser's findings."
    ),
)
def document_facts(
    context: dg.AssetExecutionContext, document: Document, budget_tables: TableExtraction, narrative_facts: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    with fail_deterministically(document.path.name, "normalisation"):
        facts = normalise_document(document, budget_tables, narrative_facts)
    context.add_output_metadata({f"rows_{table}": frame.height for table, frame in facts.items()})
    return facts
