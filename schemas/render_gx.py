"""The great-expectations suite of a frame, generated from its table's declaration.

Each rule of a column becomes the expectation that says the same thing (``expect_*`` of GX 1.x,
as the JSON an ``ExpectationSuite`` is built from; GX itself is imported only where a suite
runs, budget_etl/quality/gx_suites.py). Severity follows the rule: what the warehouse refuses is
``critical`` (an ERROR: it withholds the tables the frame is read from), what is only suspicious
is ``warning``. What a column cannot say (a row count, a rule on some rows only) is written by
hand in ``expectations/<suite>.json`` and appended: the overlay.

A column's polars type is not re-checked here, except that money is a Decimal: every frame is
conformed to its polars schema (a strict cast) before a suite sees it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from schemas.declare import Column, Table
from schemas.tables import TABLES

OVERLAYS = Path(__file__).resolve().parent.parent / "expectations"

# The frames a suite validates: the staged frames, and the fact frames the normaliser builds.
SUITE_TABLES: dict[str, Table] = {name: t for name, t in TABLES.items() if t.validated}


def _expect(expectation: str, severity: str, description: str, **kwargs) -> dict:
    return {"type": f"expect_{expectation}", "kwargs": kwargs, "severity": severity, "description": description}


def column_expectations(column: Column, grain: tuple[str, ...]) -> list[dict]:
    name, out = column.name, []
    if column.is_money:
        out.append(
            _expect(
                "column_values_to_be_of_type",
                "critical",
                f"{name} is an exact decimal, never a float",
                column=name,
                type_="Decimal",
            )
        )
    if not column.nullable:
        why = f"{name} is part of the grain" if name in grain else (column.why or f"{name} is always stated")
        out.append(_expect("column_values_to_not_be_null", "critical", why, column=name))
    if column.warn_if_null:
        out.append(_expect("column_values_to_not_be_null", "warning", column.warn_if_null, column=name))
    if column.values:
        out.append(
            _expect(
                "column_values_to_be_in_set",
                "critical",
                column.why or f"{name} is one of its enumeration",
                column=name,
                value_set=list(column.values),
            )
        )
    if column.pattern:
        out.append(
            _expect(
                "column_values_to_match_regex",
                "critical",
                column.why or f"{name} matches {column.pattern}",
                column=name,
                regex=f"^(?:{_non_capturing(column.pattern)})$",
            )
        )
    bounds = {k: v for k, v in (("min_value", column.minimum), ("max_value", column.maximum)) if v is not None}
    if bounds:
        out.append(
            _expect(
                "column_values_to_be_between",
                "critical",
                column.why or f"{name} is within its range",
                column=name,
                **bounds,
            )
        )
    if column.warn_below:
        bound, why = column.warn_below
        out.append(_expect("column_values_to_be_between", "warning", why, column=name, min_value=bound))
    return out


def _non_capturing(pattern: str) -> str:
    """The pattern with its groups non-capturing: pandas warns about a capture group in a match."""
    return re.sub(r"\((?!\?)", "(?:", pattern)


def grain_expectation(table: Table) -> dict | None:
    description = "one row per grain: SUM(amount_yuan) never double counts"
    if len(table.grain) == 1:
        return _expect("column_values_to_be_unique", "critical", description, column=table.grain[0])
    if table.grain:
        return _expect(
            "compound_columns_to_be_unique",
            "critical",
            description,
            column_list=list(table.grain),
            ignore_row_if="never",
        )
    return None


def generated_suite(table: Table) -> dict:
    """The suite a table's declaration implies, before the overlay."""
    columns = table.frame_columns()
    names = [c.name for c in columns]
    if table.ordered_columns:
        shape = _expect(
            "table_columns_to_match_ordered_list",
            "critical",
            f"the columns of {table.name}, in order",
            column_list=names,
        )
    else:
        shape = _expect(
            "table_columns_to_match_set",
            "critical",
            "the columns of the warehouse table the normaliser supplies (the loader adds the document's)",
            column_set=names,
            exact_match=False,
        )
    expectations = [shape]
    for column in columns:
        expectations += column_expectations(column, table.grain)
    unique = grain_expectation(table)
    if unique:
        expectations.append(unique)
    if table.min_rows:
        bound, why = table.min_rows
        expectations.append(_expect("table_row_count_to_be_between", "warning", why, min_value=bound))
    report = list(table.report_columns or (*table.grain, "page_number", "amount_yuan"))
    return {
        "name": table.name,
        "meta": {"description": table.en or table.name, "report_columns": [c for c in report if c in names]},
        "expectations": expectations,
    }


def overlay_path(name: str) -> Path:
    return OVERLAYS / f"{name}.json"


@cache
def suite(name: str) -> dict:
    """The suite of frame ``name``: generated from its declaration, then its hand-written overlay."""
    spec = generated_suite(SUITE_TABLES[name])
    path = overlay_path(name)
    if path.exists():
        overlay = json.loads(path.read_text(encoding="utf-8"))
        spec["expectations"] = spec["expectations"] + overlay.get("expectations", [])
        spec["meta"] = {**spec["meta"], **overlay.get("meta", {})}
    return spec
