"""One document's staged frames to the warehouse frames of docs/WAREHOUSE.md.

``build_facts`` wires the small normalisers together and returns the dict that
``budget_etl.duckdb_warehouse.load_document`` takes: one frame per fact table, plus the function
codes the document printed (dim_function_class, function_class_printed_name) and the
normaliser's findings (quality_check_result). Besides the additive facts (the most detailed
printed rows) it returns what the PDF prints above and beside them: the printed subtotal rows
(fact_printed_total) and the figures stated in the narrative (fact_narrative). Frames carry no
document columns: the loader fills document_id, fiscal_year and department_name from
dim_document, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from budget_etl.normalise.amounts import with_yuan
from budget_etl.normalise.checks import Findings
from budget_etl.normalise.coded import expenditure_facts, revenue_facts
from budget_etl.normalise.economic import economic_facts
from budget_etl.normalise.function_codes import function_dimension
from budget_etl.normalise.operating_cost import operating_cost_facts
from budget_etl.normalise.procurement import procurement_facts
from budget_etl.normalise.projects import project_facts
from budget_etl.normalise.reconcile import reconcile_budget_summary, reconcile_procurement
from budget_etl.normalise.rows import printed_tables
from budget_etl.normalise.stated import narrative_facts
from budget_etl.normalise.three_public import THREE_PUBLIC_KINDS, three_public_facts
from schemas.frames import FACT_GRAIN, NARRATIVE_FACT, STAGED_AMOUNT, conform
from schemas.tables import NARRATIVE, WAREHOUSE_TABLES

# The printed tables (TABLE_KINDS, or the narrative) each warehouse table's rows are read from,
# as schemas/tables.py declares them. The quality gate withholds a warehouse row when a failed
# ERROR check covers the table it was read from (budget_etl/quality/table_gate.py), so this is
# also what a check guards.
SOURCES: dict[str, tuple[str, ...]] = {t.name: t.sources for t in WAREHOUSE_TABLES if t.sources}


def _department_name(document) -> str:
    if isinstance(document, Mapping):
        return document["department_name"]
    identity = getattr(document, "identity", document)
    return identity.department_name


def build_facts(
    document,
    staged: pl.DataFrame,
    narrative: pl.DataFrame | None = None,
    *,
    tables: pl.DataFrame | None = None,
) -> dict[str, pl.DataFrame]:
    """The warehouse frames of one document.

    ``document``: a dim_document dict or a ``budget_etl.documents.Document`` (only its department
    name is used: it names the unit of tables without unit rows). ``staged``: STAGED_AMOUNT rows
    of the document; ``narrative``: its NARRATIVE_FACT rows. ``tables``: its RAW_TABLE rows —
    needed to know that a table printed entirely blank or 本表无数据 (no staged cell at all) was
    found, which makes the 三公 facts 12 zero rows instead of none.
    """
    department_name = _department_name(document)
    staged = with_yuan(conform(staged, STAGED_AMOUNT, "staged"))
    if narrative is not None:
        narrative = conform(narrative, NARRATIVE_FACT, "narrative")
    findings = Findings()

    def printed(table: str):
        return printed_tables(staged, tuple(k for k in SOURCES[table] if k != NARRATIVE))

    printed_codes: list[tuple[str, str]] = []
    facts = {
        "fact_revenue": revenue_facts(printed("fact_revenue"), findings, printed_codes),
        "fact_expenditure": expenditure_facts(printed("fact_expenditure"), findings, printed_codes),
        "fact_expenditure_economic": economic_facts(printed("fact_expenditure_economic"), findings),
        "fact_project_expenditure": project_facts(printed("fact_project_expenditure"), findings, department_name),
        "fact_three_public": three_public_facts(
            printed("fact_three_public"), findings, _found_pages(staged, tables, THREE_PUBLIC_KINDS)
        ),
        "fact_procurement": procurement_facts(narrative, printed("fact_procurement"), findings),
        "fact_operating_cost": operating_cost_facts(printed("fact_operating_cost"), findings, department_name),
        "fact_narrative": narrative_facts(narrative),
    }
    facts = {table: _one_row_per_grain(table, frame, findings) for table, frame in facts.items()}
    reconcile_budget_summary(findings, staged, facts["fact_revenue"], facts["fact_expenditure"])
    reconcile_procurement(findings, narrative, facts["fact_procurement"])
    # Every subtotal was reconciled by now, and each reconciliation kept its printed row.
    facts["fact_printed_total"] = _one_row_per_grain("fact_printed_total", findings.printed.frame(), findings)

    dims, variants, unknown = function_dimension(
        pl.DataFrame(printed_codes, schema={"code": pl.String, "printed_name": pl.String}, orient="row")
    )
    findings.ran_check("function_code_in_reference")
    for finding in unknown:
        findings.add("function_code_in_reference", **finding)
    facts["dim_function_class"] = dims
    facts["function_class_printed_name"] = variants
    facts["quality_check_result"] = findings.frame()
    return facts


def _found_pages(staged: pl.DataFrame, tables: pl.DataFrame | None, kinds: tuple[str, ...]) -> dict[int, int]:
    """table_seq -> first page of every table of ``kinds`` that was found, empty ones included."""
    found = {
        seq: page
        for seq, page in staged.filter(pl.col("table_kind").is_in(list(kinds)))
        .group_by("table_seq")
        .agg(pl.col("page_number").min())
        .iter_rows()
    }
    if tables is not None:
        for seq, page in (
            tables.filter(pl.col("table_kind").is_in(list(kinds))).select("table_seq", "first_page").iter_rows()
        ):
            found.setdefault(seq, page)
    return found


def _one_row_per_grain(table: str, frame: pl.DataFrame, findings: Findings) -> pl.DataFrame:
    """Report (error) and drop repeated grains: the loader refuses them, and a figure read twice
    must not be summed twice."""
    findings.ran_check("fact_grain_unique")
    grain = list(FACT_GRAIN[table])
    repeated = frame.filter(frame.select(grain).is_duplicated())
    for row in repeated.unique(subset=grain, maintain_order=True).iter_rows(named=True):
        findings.add(
            "fact_grain_unique",
            subject=" / ".join(str(row[c]) for c in grain),
            page_number=row["page_number"],
            detail=f"{table}: more than one figure on one grain; the first printed is kept",
        )
    return frame.unique(subset=grain, keep="first", maintain_order=True) if repeated.height else frame
