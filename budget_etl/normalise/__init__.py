"""Normalisation: staged frames (schemas/frames.py) to the fact frames of docs/WAREHOUSE.md.

One module per job: names (cleaning, comparison keys), labels (what a column means), amounts
(exact yuan), function_codes, economic, subtotals (arithmetic), and one builder per fact table;
build.build_facts wires them for one document.
"""

from budget_etl.normalise.build import build_facts

__all__ = ["build_facts"]
