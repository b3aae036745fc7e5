"""What was read at all: known function codes, and the tables every disclosure prints."""

from __future__ import annotations

from budget_etl.quality.reading import CODED_KINDS, coded_rows, reference_function_codes
from budget_etl.quality.registry import Identity, Inputs, identity
from budget_etl.quality.results import WARN
from budget_etl.quality.staged_rows import Row, Table

# ------------------------------------------------------------------------------------------------
# Codes and tables present


@identity(
    "function_code_known",
    WARN,
    "every printed function code is in data/reference/function_classification.csv",
    "exact",
    "a code misread by a digit, or a code our (partial) reference list lacks",
    CODED_KINDS,
)
def function_code_known(check: Identity, inputs: Inputs):
    known = reference_function_codes()
    seen: dict[str, tuple[Table, Row]] = {}
    for table in inputs.all_tables(*CODED_KINDS):
        for code, row in coded_rows(table).items():
            seen.setdefault(code, (table, row))
    for code, (table, row) in sorted(seen.items()):
        yield check.result(
            passed=code in known,
            table_kind=table.kind,
            page_number=row.page_number,
            subject=code,
            detail=f"{row.describe()}: " + ("in the reference list" if code in known else "not in the reference list"),
        )


# The names table_gate.py reads results by (what a table's status says): declared here, once.
TABLE_FOUND = "table_found_"  # + the table kind: one check per standard table
TABLE_READABLE = "table_readable"


# The standard tables, by what they hold. Templates differ in which they print (the national
# template has no 上年结转 table, some print 三公 and 机关运行经费 in one table, some no project
# table): a kind not found is a WARN of its own check, so an analyst sees per table kind what is
# absent, and the rest of the document loads.
PRESENCE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("budget_summary", ("budget_summary",)),
    ("revenue_summary", ("revenue_summary",)),
    ("expenditure_summary", ("expenditure_summary",)),
    ("fiscal_grant_summary", ("fiscal_grant_summary",)),
    ("general_budget_expenditure", ("general_budget_expenditure",)),
    ("basic_expenditure_economic", ("basic_expenditure_economic",)),
    ("government_fund_expenditure", ("government_fund_expenditure",)),
    ("state_capital", ("state_capital",)),
    ("three_public", ("three_public", "three_public_operating_cost")),
    ("operating_cost", ("operating_cost", "three_public_operating_cost")),
    ("project_expenditure", ("project_expenditure",)),
)


def presence_check_name(kind: str) -> str:
    return f"{TABLE_FOUND}{kind}"


def _register_presence(kind: str, kinds: tuple[str, ...]) -> None:
    @identity(
        presence_check_name(kind),
        WARN,
        f"a table of kind {' or '.join(kinds)} was found (printed with figures, blank or 本表无数据)",
        "exact",
        "a table the template does not print, or one the page index or camelot missed: its facts "
        "and identities are absent from the warehouse",
        kinds,
    )
    def found(check: Identity, inputs: Inputs):
        if inputs.found_kinds is None:
            return  # only the staged amounts: a table printed empty cannot be told from a missing one
        present = any(k in inputs.found_kinds for k in kinds)
        problems = [p for p in inputs.problems if p.table_kind in kinds]
        if present:
            detail = "found"
        elif problems:
            detail = f"title printed but the table could not be read: {problems[0]}"
        else:
            detail = "no title naming it, and no table with its header"
        yield check.result(
            passed=present,
            table_kind=kind,
            page_number=problems[0].page_number if problems and not present else None,
            subject=" / ".join(kinds),
            detail=f"{' or '.join(kinds)}: {detail}",
        )


for _kind, _kinds in PRESENCE:
    _register_presence(_kind, _kinds)


@identity(
    TABLE_READABLE,
    WARN,
    "every table whose title was found has a grid that reads as that table",
    "exact",
    "a table left out of the warehouse because its grid is missing or a cell is not what its "
    "column holds; the page and what was seen are in the detail",
    (),
)
def table_readable(check: Identity, inputs: Inputs):
    if inputs.found_kinds is not None and not inputs.problems:
        yield check.result(passed=True, detail="every table found reads")
    for problem in inputs.problems:
        yield check.result(
            passed=False,
            table_kind=problem.table_kind,
            page_number=problem.page_number,
            subject=problem.table_kind,
            detail=str(problem),
        )
