"""Stage 3, quality: every check of a document, as Dagster asset checks per document partition.

How an ERROR blocks the load (and why not with ``blocking=True``): a blocking Dagster check
stops the downstream assets from running, but a failed document must still reach the warehouse
as a dim_document row with quality_status = 'failed' and its check results. So the checks run
once, in the ``document_quality`` asset, upstream of ``warehouse_document``; the load reads its
status and writes the facts only when no ERROR failed (budget_etl/quality/gate.py), then fails
the run for that partition with the reason. ``quality_checks`` reports the same results as
asset checks attached to the data they judge:

- ``budget_tables``: the GX suite of the staged amounts and the table identities;
- ``narrative_facts``: the GX suite of the narrative facts and the narrative identities;
- ``document_quality``: the GX suites of the fact frames, and the normaliser's findings.

The checks are non-blocking in Dagster's sense (the gate is the status the load reads), so the
check op and the load run side by side once ``document_quality`` has materialised.
"""

import warnings

import dagster as dg
import polars as pl

from assets.metadata import markdown_table
from budget_etl.documents import Document
from budget_etl.extraction import TableExtraction
from budget_etl.quality.evaluate import FACT_TABLES, NARRATIVE_SUITE, STAGED_SUITE, DocumentQuality, evaluate_document
from budget_etl.quality.gx_suites import check_name_of, suite_json
from budget_etl.quality.identities import IDENTITIES
from budget_etl.quality.report import CheckSummary, failures_table, summarise
from budget_etl.quality.results import ERROR
from pipelines.partitions import documents_partitions
from pipelines.resources import BudgetPaths

NORMALISER_FINDINGS = "normaliser_findings"


def _is_narrative(name: str) -> bool:
    return "narrative" in IDENTITIES[name].tables


# check name -> (asset it is attached to, declared severity, description)
CHECKS: dict[str, tuple[str, str, str]] = {
    check_name_of(STAGED_SUITE): ("budget_tables", ERROR, "GX suite expectations/staged_amounts.json: schema, types, "
                                  "non-null keys, code formats, table kinds, units, one cell per row and column"),
    check_name_of(NARRATIVE_SUITE): ("narrative_facts", ERROR, "GX suite expectations/narrative_facts.json: schema, "
                                     "types, fact names, units, non-negative amounts, one statement per fact"),
    **{
        name: (
            "narrative_facts" if _is_narrative(name) else "budget_tables",
            ident.severity,
            f"{ident.formula}. Tolerance: {ident.tolerance}. Guards against: {ident.guards}.",
        )
        for name, ident in IDENTITIES.items()
    },
    **{
        check_name_of(table): ("document_quality", ERROR, f"GX suite expectations/{table}.json over the {table} frame "
                               "as the warehouse load builds it: columns, enumerations, grain uniqueness, non-negative amounts")
        for table in FACT_TABLES
    },
    NORMALISER_FINDINGS: ("document_quality", ERROR, "what budget_etl/normalise could not place: invalid codes, unknown "
                          "columns, unresolved economic names, printed totals that do not reconcile with the facts"),
}


def _specs() -> list[dg.AssetCheckSpec]:
    # Per-partition check evaluations (partitions_def on a check spec) are a Dagster preview
    # feature; the warning says so at every import, which is noise once decided.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return [
            dg.AssetCheckSpec(
                name,
                asset=asset,
                description=description,
                additional_deps=[] if asset == "document_quality" else ["document_quality"],
                partitions_def=documents_partitions,
                blocking=False,
            )
            for name, (asset, _severity, description) in CHECKS.items()
        ]


@dg.asset(
    partitions_def=documents_partitions,
    group_name="quality",
    kinds={"great_expectations", "polars"},
    description=(
        "Every quality check of the document: GX suites (expectations/*.json) over the staged amounts, "
        "the narrative facts and the fact frames; the accounting identities of the tables and the "
        "narrative (budget_etl/quality/identities.py); the normaliser's findings. Its status gates the "
        "warehouse load: an ERROR keeps the document's facts out of the warehouse."
    ),
)
def document_quality(
    context: dg.AssetExecutionContext,
    document: Document,
    budget_tables: TableExtraction,
    narrative_facts: pl.DataFrame,
    paths: BudgetPaths,
) -> DocumentQuality:
    quality = evaluate_document(
        document,
        budget_tables.staged,
        narrative_facts,
        raw_tables=budget_tables.raw_tables,
        problems=tuple(budget_tables.problems),
    )
    quality.results.write_parquet(paths.staging_for(document.document_id) / "quality_check_result.parquet")
    failed = quality.failed()
    context.add_output_metadata(
        {
            "quality_status": quality.status,
            "results": quality.results.height,
            "failed_error": quality.failed(ERROR).height,
            "failed_warn": failed.height - quality.failed(ERROR).height,
            "failures": dg.MetadataValue.md(
                markdown_table(failed.select("check_name", "severity", "table_kind", "page_number", "detail"))
                if failed.height
                else "no check failed"
            ),
        }
    )
    return quality


@dg.multi_asset_check(
    specs=_specs(),
    ins={"quality": dg.AssetIn("document_quality")},
    description="Reports document_quality's results as one asset check per named check.",
)
def quality_checks(context: dg.AssetCheckExecutionContext, quality: DocumentQuality):
    results = quality.checks
    for name, (asset, severity, _description) in CHECKS.items():
        if name == NORMALISER_FINDINGS:
            summary = summarise(quality.findings.with_columns(pl.lit(name).alias("check_name")), name, severity)
        else:
            summary = summarise(results, name, severity)
        yield check_result(asset, summary)


def check_result(asset: str, summary: CheckSummary) -> dg.AssetCheckResult:
    """One named check as a Dagster result: the identity, the worst failure's figures and where."""
    ident = IDENTITIES.get(summary.check_name)
    metadata: dict = {
        "severity": summary.severity.upper(),
        "evaluated": summary.evaluated,
        "failed": summary.failed,
    }
    if ident is not None:
        metadata["identity"] = ident.formula
        metadata["tolerance"] = ident.tolerance
    elif summary.check_name.startswith("gx_"):
        metadata["suite"] = dg.MetadataValue.path(f"expectations/{summary.check_name[3:]}.json")
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
