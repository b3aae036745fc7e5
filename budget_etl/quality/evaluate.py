"""Every quality check of one document, and the status it earns.

One function, ``evaluate_document``, runs in this order and collects one frame of results:

1. the GX suite of the staged amounts (``schemas/render_gx.py``);
2. the GX suite of the narrative facts (``schemas/render_gx.py``);
3. the accounting identities (``identities.py``) over both;
4. the GX suites of the fact frames (generated like the others), built by the normaliser
   exactly as the warehouse load builds them (same function, same inputs: the same frames);
5. the normaliser's own findings (unplaceable figures, unresolved names), kept apart so the
   warehouse rows and the Dagster checks can say whose finding it is.

A failed ERROR result withholds the printed tables it covers, and only those
(``table_gate.py``): the status is ``passed`` or ``warned`` (the worst outcome) when no ERROR
failed, ``partial`` when some tables are withheld and others load, ``failed`` when nothing is
left to load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from budget_etl.quality.gx_suites import run_suite, suite_names
from budget_etl.quality.identities import run_identities
from budget_etl.quality.results import RESULT_SCHEMA, results_frame, status_of
from budget_etl.quality.table_gate import NARRATIVE_SUITE, STAGED_SUITE, Verdict, judge
from schemas.frames import FACT_GRAIN

# Warehouse fact tables (schemas/frames.py) whose frames have a suite of the same name (schemas/render_gx.py).
VALIDATED_FACT_TABLES = tuple(table for table in FACT_GRAIN if table in suite_names())


@dataclass(frozen=True)
class DocumentQuality:
    """The checks of one document: ours (GX + identities) and the normaliser's findings."""

    checks: pl.DataFrame  # RESULT_SCHEMA
    findings: pl.DataFrame  # RESULT_SCHEMA, from budget_etl.normalise (may be empty)
    verdict: Verdict  # the printed tables found, and which of them a failed ERROR withholds

    @property
    def results(self) -> pl.DataFrame:
        """All results, as quality_check_result rows."""
        return pl.concat([self.checks, self.findings], how="vertical")

    @property
    def status(self) -> str:
        """dim_document.quality_status: passed, warned, partial or failed."""
        return self.verdict.status(status_of(self.results))

    def failed(self, severity: str | None = None) -> pl.DataFrame:
        frame = self.results.filter(~pl.col("passed"))
        return frame if severity is None else frame.filter(pl.col("severity") == severity)


def evaluate_document(
    document,
    staged: pl.DataFrame,
    narrative: pl.DataFrame | None,
    *,
    raw_tables: pl.DataFrame | None = None,
    facts: Mapping[str, pl.DataFrame] | None = None,
    problems: tuple = (),
) -> DocumentQuality:
    """Run every check of one document.

    ``document``: what ``budget_etl.normalise.build_facts`` takes (a Document or a dim_document
    dict). ``facts``: the normaliser's frames if the caller already has them; built here otherwise.
    """
    results = run_suite(STAGED_SUITE, staged)
    if narrative is not None:
        results += run_suite(NARRATIVE_SUITE, narrative)
    results += run_identities(staged, narrative, raw_tables, tuple(problems))
    if facts is None:
        from budget_etl.normalise import build_facts  # the normaliser is only needed here

        facts = build_facts(document, staged, narrative, tables=raw_tables)
    for table in VALIDATED_FACT_TABLES:
        if facts.get(table) is not None:
            results += run_suite(table, facts[table])
    findings = facts.get("quality_check_result")
    findings = (
        pl.DataFrame(schema=RESULT_SCHEMA)
        if findings is None
        else findings.select(RESULT_SCHEMA.names()).cast(RESULT_SCHEMA)
    )
    checks = results_frame(results)
    verdict = judge(pl.concat([checks, findings], how="vertical"), raw_tables, narrative, staged)
    return DocumentQuality(checks=checks, findings=findings, verdict=verdict)
