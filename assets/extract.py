"""Stage 2, extraction: budget tables through camelot (table pages only) and narrative facts."""

import dagster as dg
import polars as pl

from assets.failures import fail_deterministically
from assets.metadata import markdown_table
from budget_etl.documents import Document
from budget_etl.extraction import TableExtraction, extract_tables
from budget_etl.narrative import extract_narrative_facts
from pipelines.partitions import documents_partitions
from pipelines.resources import BudgetPaths


@dg.asset(
    partitions_def=documents_partitions,
    group_name="extract",
    kinds={"camelot", "polars"},
    description=(
        "Every standard budget table of the document: page triage on the page texts, camelot "
        "lattice on the table pages only, tables stitched across pages, cells repaired and "
        "amounts parsed to exact decimals. Writes raw cell grids and the staged long table "
        "(schemas/staging.py) as parquet per document."
    ),
)
def budget_tables(context: dg.AssetExecutionContext, document: Document, paths: BudgetPaths) -> TableExtraction:
    with fail_deterministically(document.path.name, "table extraction"):
        extraction = extract_tables(document.path, list(document.page_texts), document.document_id)
    out = paths.staging_for(document.document_id)
    extraction.raw_cells.write_parquet(out / "raw_cells.parquet")
    extraction.raw_tables.write_parquet(out / "raw_tables.parquet")
    extraction.staged.write_parquet(out / "staged_amounts.parquet")
    tables = extraction.raw_tables
    context.add_output_metadata(
        {
            "pages_read": extraction.pages_read,
            "pages_sent_to_camelot": extraction.pages_sent_to_camelot,
            "tables_found": tables.height,
            "staged_rows": extraction.staged.height,
            "tables": dg.MetadataValue.md(
                markdown_table(tables.select("table_seq", "table_kind", "first_page", "last_page", "n_rows", "accuracy"))
            ),
            "staging_dir": dg.MetadataValue.path(str(out)),
        }
    )
    return extraction


@dg.asset(
    partitions_def=documents_partitions,
    group_name="extract",
    kinds={"pdf", "polars"},
    description=(
        "Figures stated in the narrative sections: 政府采购 total and goods/works/services, "
        "\u201c三公\u201d and 机关运行经费 with their previous-year comparison, vehicles and floor area."
    ),
)
def narrative_facts(context: dg.AssetExecutionContext, document: Document, paths: BudgetPaths) -> pl.DataFrame:
    with fail_deterministically(document.path.name, "narrative facts"):
        facts = extract_narrative_facts(list(document.page_texts), document.document_id)
    facts.write_parquet(paths.staging_for(document.document_id) / "narrative_facts.parquet")
    context.add_output_metadata({"facts": facts.height, "fact_names": ", ".join(facts["fact"].to_list())})
    return facts
