"""What was read at all: known function codes, and the tables every disclosure prints."""

from __future__ import annotations


from budget_etl.quality.reading import CODED_KINDS, coded_rows, reference_function_codes
from budget_etl.quality.registry import Inputs, identity
from budget_etl.quality.results import WARN, CheckResult
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
def function_code_known(inputs: Inputs):
    known = reference_function_codes()
    seen: dict[str, tuple[Table, Row]] = {}
    for table in inputs.all_tables(*CODED_KINDS):
        for code, row in coded_rows(table).items():
            seen.setdefault(code, (table, row))
    for code, (table, row) in sorted(seen.items()):
        yield CheckResult(
            check_name="function_code_known",
            severity=WARN,
            passed=code in known,
            table_kind=table.kind,
            page_number=row.page_number,
            subject=code,
            detail=f"{row.describe()}: " + ("in the reference list" if code in known else "not in the reference list"),
        )


# The tables every disclosure prints, by what they hold (templates differ in number, not in these).
CORE_TABLES: tuple[tuple[str, ...], ...] = (
    ("budget_summary",),
    ("revenue_summary",),
    ("expenditure_summary",),
    ("fiscal_grant_summary",),
    ("general_budget_expenditure",),
    ("basic_expenditure_economic",),
    ("three_public", "three_public_operating_cost"),
    ("operating_cost", "three_public_operating_cost"),
    ("project_expenditure",),
)


@identity(
    "core_tables_found",
    WARN,
    "the tables every disclosure prints were found with figures (收支总表 … 项目支出表)",
    "exact",
    "a table the page index or camelot missed: its identities and facts would silently be absent",
    tuple(k for group in CORE_TABLES for k in group),
)
def core_tables_found(inputs: Inputs):
    for kinds in CORE_TABLES:
        found = any(inputs.tables.get(k) for k in kinds)
        # 三公 and 机关运行经费 tables print nothing when the department has none ("本表无数据"),
        # so their absence from the staged amounts is not a finding on its own.
        if not found and kinds[0] in ("three_public", "operating_cost"):
            continue
        yield CheckResult(
            check_name="core_tables_found",
            severity=WARN,
            passed=found,
            table_kind=kinds[0],
            subject=" / ".join(kinds),
            detail=f"{' or '.join(kinds)}: " + ("found" if found else "no amounts staged"),
        )
