"""Stage 4, quality: every check of a document, and the verdict that decides what loads.

The checks run once, in the ``document_quality`` asset: the GX suites over the staged amounts,
the narrative facts and the fact frames, the accounting identities, the normaliser's findings.
A failed ERROR check withholds the printed tables it covers and only those
(budget_etl/quality/table_gate.py). Each check is reported as one Dagster asset check by the
warehouse load (assets/warehouse.py), on the warehouse table whose rows it judges
(``table_gate.shown_on``: a check that judges several tables is shown on fact_printed_total, the
printed figures); its metadata names every table it guards and the ones it withheld. One check
per table it guards would be clearer still, but every check evaluation is two stored Dagster
events (~5 ms each): 144 of them cost more than a document's camelot time.
"""

import warnings

import dagster as dg
import polars as pl

from assets.metadata import markdown_table
from budget_etl.documents import Document
from budget_etl.extraction import TableExtraction
from budget_etl.normalise.build import SOURCES
from budget_etl.quality.check_summary import CheckSummary, failures_table, summarise
from budget_etl.quality.evaluate import NARRATIVE_SUITE, STAGED_SUITE, VALIDATED_FACT_TABLES, DocumentQuality
from budget_etl.quality.gx_suites import check_name_of, suite_json
from budget_etl.quality.identities import IDENTITIES
from budget_etl.quality.results import ERROR, WARN
from budget_etl.quality.table_gate import TABLE_FOUND, TABLES_FOUND, guarded_tables, results_for_table, shown_on
from budget_etl.stages import check_document
from pipelines.partitions import documents_partitions

NORMALISER_FINDINGS = "normaliser_findings"


# check name -> (the warehouse tables whose rows it can withhold, severity, description)
CHECKS: dict[str, tuple[tuple[str, ...], str, str]] = {
    check_name_of(STAGED_SUITE): (
        guarded_tables(check_name_of(STAGED_SUITE)),
        ERROR,
        "GX suite of staged_amounts (schemas/tables.py): schema, non-null keys, code "
        "formats, table kinds, units, one cell per row and column",
    ),
    check_name_of(NARRATIVE_SUITE): (
        guarded_tables(check_name_of(NARRATIVE_SUITE)),
        ERROR,
        "GX suite of narrative_facts (schemas/tables.py): schema, fact names, units, "
        "non-negative amounts, one statement per fact",
    ),
    **{
        name: (
            guarded_tables(name),
            ident.severity,
            f"{ident.formula}. Tolerance: {ident.tolerance}. Guards against: {ident.guards}.",
        )
        for name, ident in IDENTITIES.items()
        if not name.startswith(TABLE_FOUND)
    },
    # The eleven table_found_<kind> identities are one Dagster check: what each found is a row of
    # document_table_status, and eleven evaluations cost Dagster more than the load of a table.
    TABLES_FOUND: (
        (),
        WARN,
        "every standard table the templates print is found (table_found_<kind> in "
        "quality_check_result, one per table kind); a table a template does not print is a WARN, "
        "and document_table_status lists it as missing",
    ),
    **{
        check_name_of(table): (
            (table,),
            ERROR,
            f"GX suite of {table} (schemas/tables.py) over its frame as the "
            "warehouse load builds it: columns, enumerations, grain uniqueness, non-negative amounts",
        )
        for table in VALIDATED_FACT_TABLES
    },
    NORMALISER_FINDINGS: (
        tuple(SOURCES),
        ERROR,
        "what budget_etl/normalise could not place: invalid codes, unknown "
        "columns, unresolved economic names, printed totals that do not reconcile with the facts",
    ),
}


def check_specs() -> list[dg.AssetCheckSpec]:
    """One asset check per named check, on the table it judges, evaluated per document partition."""
    # Per-partition check evaluations (partitions_def on a check spec) are a Dagster preview
    # feature; the warning says so at every import, which is noise once decided.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return [
            dg.AssetCheckSpec(
                name,
                asset=shown_on(name),
                description=description,
                partitions_def=documents_partitions,
                metadata={"guards": ", ".join(tables)},
            )
            for name, (tables, _severity, description) in CHECKS.items()
        ]


@dg.asset(
    partitions_def=documents_partitions,
    group_name="quality",
    kinds={"great_expectations", "polars"},
    description=(
        "Every quality check of the document: GX suites (generated from schemas/tables.py) over the staged amounts, "
        "the narrative facts and the fact frames; the accounting identities of the tables and the "
        "narrative (budget_etl/quality/identities.py); the normaliser's findings. Its verdict gates the "
        "warehouse load: a failed ERROR check withholds the printed tables it covers, the rest loads."
    ),
)
def document_quality(
    context: dg.AssetExecutionContext,
    document: Document,
    budget_tables: TableExtraction,
    narrative_facts: pl.DataFrame,
    document_facts: dict[str, pl.DataFrame],
) -> DocumentQuality:
    quality = check_document(document, budget_tables, narrative_facts, document_facts)
    failed = quality.failed()
    context.add_output_metadata(
        {
            "quality_status": quality.status,
            "results": quality.results.height,
            "failed_error": quality.failed(ERROR).height,
            "failed_warn": failed.height - quality.failed(ERROR).height,
            "withheld_tables": ", ".join(quality.verdict.withheld) or "none",
            "failures": dg.MetadataValue.md(
                markdown_table(failed.select("check_name", "severity", "table_kind", "page_number", "detail"))
                if failed.height
                else "no check failed"
            ),
        }
    )
    return quality


def check_results(quality: DocumentQuality):
    """Every check of ``CHECKS`` as its Dagster result, naming the printed tables it withheld."""
    findings = quality.findings.with_columns(pl.lit(NORMALISER_FINDINGS).alias("check_name"))
    withheld_by: dict[str, list[str]] = {}
    for kind, checks in quality.verdict.withheld.items():
        for name in checks:
            withheld_by.setdefault(NORMALISER_FINDINGS if name not in CHECKS else name, []).append(kind)
    found = quality.checks.filter(pl.col("check_name").str.starts_with(TABLE_FOUND)).with_columns(
        pl.lit(TABLES_FOUND).alias("check_name")
    )
    sources = {NORMALISER_FINDINGS: findings, TABLES_FOUND: found}
    for name, (_tables, severity, _description) in CHECKS.items():
        summary = summarise(sources.get(name, quality.checks), name, severity)
        yield check_result(shown_on(name), summary, withheld=withheld_by.get(name, ()))


def table_checks(quality: DocumentQuality, table: str) -> pl.DataFrame:
    """The checks guarding one warehouse table, with what they found on this document: shown in
    the table's materialisation, so each table lists every check of its rows."""
    rows = []
    for source, names in ((quality.checks, None), (quality.findings, NORMALISER_FINDINGS)):
        judged = results_for_table(source, table)
        for name, passed, n in (
            judged.group_by("check_name", maintain_order=True).agg(pl.col("passed").all(), pl.len()).iter_rows()
        ):
            label = names or name
            if table in CHECKS.get(label, ((),))[0]:
                rows.append({"check": name, "shown_on": shown_on(label), "passed": passed, "results": n})
    return pl.DataFrame(
        rows, schema={"check": pl.String, "shown_on": pl.String, "passed": pl.Boolean, "results": pl.UInt32}
    )


def check_result(asset: str, summary: CheckSummary, withheld=()) -> dg.AssetCheckResult:
    """One named check as a Dagster result: the identity, the worst failure's figures and where,
    and the printed tables its failure withheld."""
    ident = IDENTITIES.get(summary.check_name)
    metadata: dict = {
        "severity": summary.severity.upper(),
        "evaluated": summary.evaluated,
        "failed": summary.failed,
    }
    if withheld:
        metadata["withheld_tables"] = ", ".join(withheld)
    if ident is not None:
        metadata["identity"] = ident.formula
        metadata["tolerance"] = ident.tolerance
    elif summary.check_name.startswith("gx_"):
        metadata["suite"] = "generated from schemas/tables.py, with the overlay of expectations/ where one exists"
        metadata["expectations"] = len(suite_json(summary.check_name[3:])["expectations"])
    if not summary.applicable:
        metadata["applicable"] = False
    if summary.largest_rounding is not None:
        metadata["largest_difference_within_tolerance_yuan"] = str(summary.largest_rounding)
    description = None
    if summary.worst is not None:
        w = summary.worst
        metadata.update(
            {
                "expected_yuan": str(w["expected"]) if w["expected"] is not None else "—",
                "actual_yuan": str(w["actual"]) if w["actual"] is not None else "—",
                "difference_yuan": str(w["difference"]) if w["difference"] is not None else "—",
                "table_kind": w["table_kind"] or "—",
                "page_number": w["page_number"] if w["page_number"] is not None else -1,
                "subject": w["subject"] or "—",
                "failures": dg.MetadataValue.md(markdown_table(failures_table(summary))),
            }
        )
        description = w["detail"]
    elif not summary.applicable:
        description = "not applicable: the tables or statements it compares were not found"
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=summary.check_name,
        passed=summary.passed,
        severity=dg.AssetCheckSeverity.ERROR if summary.severity == ERROR else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        description=description,
    )
