"""The accounting identities of a budget disclosure, each a named check over the staged frames.

A disclosure's tables restate the same budget several ways (by source, by function, by economic
item, by project, by fund); every restatement is an identity, and checking all of them is how an
extracted figure is proved: a misread cell breaks the identities that cover it. They also catch
a department's own arithmetic errors, which are findings to report, never to smooth over.

Rules every identity follows
- Amounts are compared in exact yuan (``Decimal``); a 万元 table and a 元 table compare directly.
- Rounding (尾差, noted under the tables) is tolerated explicitly: ``tolerance(n, step)`` allows
  one printed rounding step per figure summed on the expected side (0.01 万元 = 100 元 per summed
  row in a 万元 table; a 元 table's step is the precision its figures were rounded to, see
  ``staged_rows.Table.step``). A figure printed in two tables is one figure: one step. Comparing
  a 万元 table with a 元 table uses the coarser step. Every comparison keeps its difference,
  inside the tolerance or not, so the 尾差 of a document stays visible.
- A blank cell of a printed row is 0; a table that was not found makes its identities not
  applicable (no result), and ``table_found_<kind>`` reports the missing table.
- ERROR: the identity holds by construction in the template; a break means a figure we would
  load is wrong (misread, or printed wrong) → the tables it covers are withheld (table_gate.py).
  WARN: the relation holds for most departments but depends on scope (carry-over, 事业单位,
  prose written separately from the tables) → recorded, the facts load.

Where they live, one job per module: ``arithmetic`` (row totals, 类/款/项), ``summary_tables``
(收支总表 and 财政拨款收支总表), ``breakdowns`` (经济科目, 三公, 机关运行经费, 项目), ``across_tables``
(the restatements agree), ``coverage`` (codes known, tables found), ``narrative_identities``;
``registry`` holds what they share (how an identity is declared: once, with its name) and
``reading`` what the printed rows and columns mean. Importing this module registers all of them,
in this order, in ``IDENTITIES``.
"""

from __future__ import annotations

import polars as pl

# Imported for their registrations; the order is the order of the checks and of the README table.
from budget_etl.quality import (  # noqa: F401
    across_tables,
    arithmetic,
    breakdowns,
    coverage,
    narrative_identities,
    summary_tables,
)
from budget_etl.quality.coverage import TABLE_FOUND, TABLE_READABLE
from budget_etl.quality.reading import reference_function_codes
from budget_etl.quality.registry import IDENTITIES, Identity, Inputs, catalogue, inputs_of, tolerance
from budget_etl.quality.results import CheckResult

__all__ = [
    "IDENTITIES",
    "TABLE_FOUND",
    "TABLE_READABLE",
    "Identity",
    "Inputs",
    "catalogue",
    "inputs_of",
    "reference_function_codes",
    "run_identities",
    "tolerance",
]


def run_identities(
    staged: pl.DataFrame,
    narrative: pl.DataFrame | None = None,
    raw_tables: pl.DataFrame | None = None,
    problems: tuple = (),
) -> list[CheckResult]:
    """Every identity over one document's staged amounts and narrative facts; ``raw_tables``
    and ``problems`` (the extraction's) say which tables were found and which not read."""
    inputs = inputs_of(staged, narrative, raw_tables, problems)
    results: list[CheckResult] = []
    for ident in IDENTITIES.values():
        results.extend(ident.run(inputs))
    return results
