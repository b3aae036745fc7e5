"""One document through the pipeline, stage by stage: the functions the Dagster assets run.

Each stage function takes what its asset takes and returns what its asset returns; the asset
bodies (assets/*.py) add only Dagster's part around it (the partition's file, non-retried
failures, UI metadata, check results). ``STAGES`` is the pipeline's order, named by asset, and
``process_document`` runs one PDF through it without Dagster: ``budget-etl bench`` times this
(benchmark/runners.py), so what it measures is what the assets run, in their order.

====================  ==================================  ====================================
stage (asset)         asset module                        stage function
====================  ==================================  ====================================
document              assets/intake.py                    budget_etl.documents.read_document
budget_tables         assets/extract.py                   extract_budget_tables
narrative_facts       assets/extract.py                   extract_narrative
document_facts        assets/normalise.py                 normalise_document
document_quality      assets/quality.py                   check_document
warehouse_tables      assets/warehouse.py                 load_warehouse_tables
====================  ==================================  ====================================
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from budget_etl.documents import Document, read_document
from budget_etl.extraction import TableExtraction, extract_tables
from budget_etl.narrative import extract_narrative_facts
from budget_etl.normalise import build_facts
from budget_etl.quality.evaluate import DocumentQuality, evaluate_document
from budget_etl.quality.gate import GatedLoad, load_gated

Frames = dict[str, pl.DataFrame]  # one frame per warehouse table


def extract_budget_tables(document: Document) -> TableExtraction:
    """Page triage on the page texts, camelot on the table pages, cells repaired and staged."""
    return extract_tables(document.path, list(document.page_texts), document.document_id)


def extract_narrative(document: Document) -> pl.DataFrame:
    """The figures the narrative sections state (NARRATIVE_FACT rows)."""
    return extract_narrative_facts(list(document.page_texts), document.document_id)


def normalise_document(document: Document, budget_tables: TableExtraction, narrative_facts: pl.DataFrame) -> Frames:
    """The document's warehouse frames, one per table, with the normaliser's findings."""
    return build_facts(document, budget_tables.staged, narrative_facts, tables=budget_tables.raw_tables)


def check_document(
    document: Document,
    budget_tables: TableExtraction,
    narrative_facts: pl.DataFrame,
    document_facts: Frames,
) -> DocumentQuality:
    """Every quality check of the document (GX suites, identities, findings) and its verdict."""
    return evaluate_document(
        document,
        budget_tables.staged,
        narrative_facts,
        raw_tables=budget_tables.raw_tables,
        facts=document_facts,
        problems=tuple(budget_tables.problems),
    )


def load_warehouse_tables(
    warehouse_path: str | os.PathLike, document: Document, document_facts: Frames, document_quality: DocumentQuality
) -> GatedLoad:
    """The document's rows into the warehouse, in one transaction, as its verdict allows."""
    return load_gated(
        warehouse_path, document.dim_document_row(document_quality.status), document_facts, document_quality
    )


@dataclass
class DocumentRun:
    """What each stage returned for one document, by asset name (None: the stage did not run)."""

    document: Document | None = None
    budget_tables: TableExtraction | None = None
    narrative_facts: pl.DataFrame | None = None
    document_facts: Frames | None = None
    document_quality: DocumentQuality | None = None
    warehouse_tables: GatedLoad | None = None


# The pipeline's order: each stage from the outputs of the stages before it (and the PDF and
# the warehouse), as the assets' dependencies wire them.
_STAGE_CALLS: dict[str, Callable[[DocumentRun, Path, str | os.PathLike | None], object]] = {
    "document": lambda run, pdf, warehouse: read_document(pdf),
    "budget_tables": lambda run, pdf, warehouse: extract_budget_tables(run.document),
    "narrative_facts": lambda run, pdf, warehouse: extract_narrative(run.document),
    "document_facts": lambda run, pdf, warehouse: normalise_document(
        run.document, run.budget_tables, run.narrative_facts
    ),
    "document_quality": lambda run, pdf, warehouse: check_document(
        run.document, run.budget_tables, run.narrative_facts, run.document_facts
    ),
    "warehouse_tables": lambda run, pdf, warehouse: load_warehouse_tables(
        warehouse, run.document, run.document_facts, run.document_quality
    ),
}
STAGES: tuple[str, ...] = tuple(_STAGE_CALLS)


def process_document(
    pdf: Path | str,
    warehouse_path: str | os.PathLike | None = None,
    *,
    until: str = STAGES[-1],
    on_stage: Callable[[str, object], None] | None = None,
) -> DocumentRun:
    """Run one PDF through ``STAGES`` in order, up to and including ``until``.

    ``warehouse_path`` is needed only when the run reaches ``warehouse_tables``. ``on_stage(name,
    value)`` is called as each stage returns (the benchmark times the stages with it). A file
    that is not a budget disclosure raises ``DocumentRejected`` from the first stage."""
    if until not in _STAGE_CALLS:
        raise ValueError(f"unknown stage {until!r}; the stages are {', '.join(STAGES)}")
    if warehouse_path is None and STAGES.index(until) >= STAGES.index("warehouse_tables"):
        raise ValueError("process_document: loading into the warehouse needs warehouse_path")
    run = DocumentRun()
    for name, call in _STAGE_CALLS.items():
        value = call(run, Path(pdf), warehouse_path)
        setattr(run, name, value)
        if on_stage is not None:
            on_stage(name, value)
        if name == until:
            break
    return run
