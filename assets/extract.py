"""Stage 2, extraction: budget tables through camelot (table pages only) and narrative facts."""

import dagster as dg
import polars as pl

from assets.failures import fail_deterministically
from assets.metadata import frame_metadata, markdown_table
from budget_etl.documents import Document
from budget_etl.extraction import TableExtraction
from budget_etl.stages import extract_budget_tables, extract_narrative
from pipelines.partitions import documents_partitions
from schemas import tables as contract


@dg.asset(
    partitions_def=documents_partitions,
    group_name="extract",
    kinds={"camelot", "polars"},
    description=(
        "Every standard budget table of the document: page triage on the page texts, camelot "
        "lattice on the table pages only, tables stitched across pages, cells repaired and "
        "amounts parsed to exact decimals: the raw cell grids, the tables found and the staged "
        "long table (schemas/frames.py)."
    ),
)
def budget_tables(context: dg.AssetExecutionContext, document: Document) -> TableExtraction:
    with fail_deterministically(document.path.name, "table extraction"):
        extraction = extract_budget_tables(document)
    tables = extraction.raw_tables.with_columns(
        pl.col("table_seq")
        .replace_strict(
            {seq: ", ".join(map(str, pages)) for seq, pages in extraction.table_pages.items()},
            default="",
            return_dtype=pl.String,
        )
        .alias("pages"),
        pl.col("table_seq")
        .replace_strict(extraction.camelot_text_agreement, default=None, return_dtype=pl.Float64)
        .alias("camelot_text_agreement"),
    )
    context.add_output_metadata(
        {
            **frame_metadata(extraction.staged, contract.STAGED_AMOUNT),
            "pages_read": extraction.pages_read,
            "pages_sent_to_camelot": extraction.pages_sent_to_camelot,
            "fallback_pages": ", ".join(map(str, extraction.fallback_pages)) or "none",
            "tables_found": tables.height,
            "staged_rows": extraction.staged.height,
            # camelot's own quality report per table, and the PDF pages each table is printed on
            "tables": dg.MetadataValue.md(
                markdown_table(
                    tables.select(
                        "table_seq",
                        "table_kind",
                        "pages",
                        "unit",
                        "n_rows",
                        "n_cols",
                        "is_empty",
                        "accuracy",
                        "whitespace",
                        "camelot_text_agreement",
                    ),
                    max_rows=40,
                )
            ),
            **{f"seconds_{step}": round(secs, 3) for step, secs in extraction.seconds.items()},
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
def narrative_facts(context: dg.AssetExecutionContext, document: Document) -> pl.DataFrame:
    with fail_deterministically(document.path.name, "narrative facts"):
        facts = extract_narrative(document)
    context.add_output_metadata(
        {**frame_metadata(facts, contract.NARRATIVE_FACT, preview_rows=40), "facts": ", ".join(facts["fact"].to_list())}
    )
    return facts
