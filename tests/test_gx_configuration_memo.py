"""The memo of GX's Expectation.configuration: scoped to one block, and exact.

budget_etl/quality/gx_configuration_memo.py relies on GX not changing an expectation while it
validates; these tests run real GX suites with and without the memo and compare every result.
"""

from __future__ import annotations

import contextlib

import polars as pl

from budget_etl.quality import gx_suites
from budget_etl.quality.gx_configuration_memo import memoised_configurations
from budget_etl.quality.results import results_frame
from tests.test_quality_seed_frames import staged_from_seed


def test_the_configuration_is_built_once_inside_a_block_and_afresh_outside():
    gx = gx_suites._runtime().gx
    expectation = gx.expectations.ExpectColumnValuesToNotBeNull(column="amount")
    assert expectation.configuration is not expectation.configuration  # GX rebuilds it per access
    with memoised_configurations():
        first = expectation.configuration
        assert expectation.configuration is first
        with memoised_configurations():  # nested: the same cache, not a second one
            assert expectation.configuration is first
        assert expectation.configuration is first
    assert expectation.configuration is not first
    assert expectation.configuration.to_json_dict() == first.to_json_dict()


def test_a_field_changed_outside_a_block_is_seen_by_the_next_block():
    gx = gx_suites._runtime().gx
    expectation = gx.expectations.ExpectColumnValuesToNotBeNull(column="amount")
    with memoised_configurations():
        assert expectation.configuration.kwargs["column"] == "amount"
    expectation.column = "unit"
    with memoised_configurations():
        assert expectation.configuration.kwargs["column"] == "unit"


def test_suites_give_the_same_results_with_and_without_the_memo(monkeypatch):
    staged = staged_from_seed("lvliang_city_gov_office_2026")
    # failures of several kinds, so both the BASIC pass and the COMPLETE re-run are compared
    bad = staged.with_columns(
        pl.when(pl.col("row_index") == pl.col("row_index").min())
        .then(pl.lit("201032"))
        .otherwise(pl.col("function_code"))
        .alias("function_code"),
        pl.lit("千元").alias("unit"),
    )
    frames = {"good": staged, "bad": pl.concat([bad, bad.head(1)])}
    with_memo = {name: results_frame(gx_suites.run_suite("staged_amounts", f)) for name, f in frames.items()}
    monkeypatch.setattr(gx_suites, "memoised_configurations", contextlib.nullcontext)
    without = {name: results_frame(gx_suites.run_suite("staged_amounts", f)) for name, f in frames.items()}
    assert with_memo["bad"].filter(~pl.col("passed")).height >= 3
    for name in frames:
        assert with_memo[name].equals(without[name]), name
