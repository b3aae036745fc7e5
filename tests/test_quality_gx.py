"""The GX 1.x suites of expectations/: what they enforce, and how a failure is reported.

GX is imported once for the whole test session (its import costs seconds), through the same
cached runtime the pipeline uses.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budget_etl.quality.evaluate import VALIDATED_FACT_TABLES
from budget_etl.quality.gx_suites import _runtime, run_suite, suite_json, suite_names
from budget_etl.quality.results import ERROR, WARN, results_frame
from schemas.frames import STAGED_AMOUNT, TABLE_KINDS, UNITS
from tests.test_quality_seed_frames import SEED_STEMS, narrative_from_sample, raw_tables_from_seed, staged_from_seed

ROOT = Path(__file__).resolve().parent.parent


def failed(results) -> pl.DataFrame:
    return results_frame(results).filter(~pl.col("passed"))


def expectation(suite: str, type_: str, column: str | None = None) -> dict:
    return next(
        e
        for e in suite_json(suite)["expectations"]
        if e["type"] == type_ and (column is None or e["kwargs"].get("column") == column)
    )


# ------------------------------------------------------------------------------------------------
# The suites: generated from the declarations (schemas/tables.py), plus the overlays of expectations/


def test_one_suite_per_staged_table_and_fact_frame():
    assert set(suite_names()) == {"staged_amounts", "narrative_facts", *VALIDATED_FACT_TABLES}
    for name in suite_names():
        spec = suite_json(name)
        assert spec["name"] == name
        # every expectation states its severity: critical = ERROR, warning = WARN
        assert all(e["severity"] in ("critical", "warning") for e in spec["expectations"]), name
    # an overlay holds only what a column cannot say, for a frame that has a suite
    for path in (ROOT / "expectations").glob("*.json"):
        overlay = json.loads(path.read_text(encoding="utf-8"))
        assert path.stem in suite_names() and overlay["name"] == path.stem
        assert 0 < len(overlay["expectations"]) <= 3, path.name


def test_suites_enumerate_the_python_contract():
    assert (
        expectation("staged_amounts", "expect_table_columns_to_match_ordered_list")["kwargs"]["column_list"]
        == STAGED_AMOUNT.names()
    )
    kinds = expectation("staged_amounts", "expect_column_values_to_be_in_set", "table_kind")["kwargs"]["value_set"]
    assert sorted(kinds) == sorted(TABLE_KINDS)
    units = expectation("staged_amounts", "expect_column_values_to_be_in_set", "unit")["kwargs"]["value_set"]
    assert sorted(units) == sorted(UNITS)


def test_fact_suites_enumerate_the_warehouse_contract():
    sql = (ROOT / "schemas" / "warehouse.sql").read_text(encoding="utf-8")

    def checked(column: str) -> set[str]:
        m = re.search(rf"{column}\s+IN\s*\(([^)]*)\)", sql)
        return set(re.findall(r"'([^']+)'", m.group(1)))

    assert set(
        expectation("fact_revenue", "expect_column_values_to_be_in_set", "funding_source")["kwargs"]["value_set"]
    ) == checked("funding_source")
    assert set(
        expectation("fact_expenditure", "expect_column_values_to_be_in_set", "budget_scope")["kwargs"]["value_set"]
    ) == checked("budget_scope")
    assert set(
        expectation("fact_expenditure", "expect_column_values_to_be_in_set", "expenditure_type")["kwargs"]["value_set"]
    ) == checked("expenditure_type")


def test_gx_runtime_is_built_once_and_quiet(capsys):
    assert _runtime() is _runtime()
    run_suite("narrative_facts", narrative_from_sample(SEED_STEMS[0]))
    captured = capsys.readouterr()
    assert "Calculating Metrics" not in captured.err + captured.out


# ------------------------------------------------------------------------------------------------
# The seeds pass


@pytest.fixture(scope="session")
def seed_gx_results() -> dict[str, pl.DataFrame]:
    return {
        stem: results_frame(
            run_suite("staged_amounts", staged_from_seed(stem))
            + run_suite("narrative_facts", narrative_from_sample(stem))
        )
        for stem in SEED_STEMS
    }


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_frames_pass_every_expectation(seed_gx_results, stem):
    results = seed_gx_results[stem]
    assert results.height == len(suite_json("staged_amounts")["expectations"]) + len(
        suite_json("narrative_facts")["expectations"]
    )
    assert results.filter(~pl.col("passed")).height == 0, results.filter(~pl.col("passed"))["detail"].to_list()


# ------------------------------------------------------------------------------------------------
# Failures name the rows


def test_bad_function_code_is_an_error_naming_its_rows():
    staged = staged_from_seed("lvliang_city_gov_office_2026")
    target = staged.filter(pl.col("function_code") == "2010302").row(0, named=True)
    bad = staged.with_columns(
        pl.when(pl.col("function_code") == "2010302")
        .then(pl.lit("201032"))
        .otherwise(pl.col("function_code"))
        .alias("function_code")
    )
    f = failed(run_suite("staged_amounts", bad))
    [row] = f.filter(pl.col("subject") == "expect_column_values_to_match_regex(function_code)").to_dicts()
    assert row["severity"] == ERROR
    n = bad.filter(pl.col("function_code") == "201032").height
    assert row["actual"] == Decimal(n) and row["expected"] == 0
    assert row["table_kind"] == target["table_kind"] and row["page_number"] == target["page_number"]
    assert "201032" in row["detail"] and target["row_label"] in row["detail"]


def test_float_amounts_are_an_error():
    staged = staged_from_seed("lvliang_city_gov_office_2026")
    floats = staged.with_columns(pl.col("amount").cast(pl.Float64))
    f = failed(run_suite("staged_amounts", floats))
    assert "expect_column_values_to_be_of_type(amount)" in f.filter(pl.col("severity") == ERROR)["subject"].to_list()


def test_unknown_table_kind_and_unit_are_errors():
    staged = staged_from_seed("lvliang_city_gov_office_2026")
    bad = staged.with_columns(
        pl.when(pl.col("row_index") == pl.col("row_index").min())
        .then(pl.lit("budget_table_15"))
        .otherwise(pl.col("table_kind"))
        .alias("table_kind"),
        pl.lit("千元").alias("unit"),
    )
    subjects = failed(run_suite("staged_amounts", bad)).filter(pl.col("severity") == ERROR)["subject"].to_list()
    assert "expect_column_values_to_be_in_set(table_kind)" in subjects
    assert "expect_column_values_to_be_in_set(unit)" in subjects


def test_a_cell_staged_twice_is_an_error():
    staged = staged_from_seed("xiaoyi_industry_it_bureau_2026")
    doubled = pl.concat([staged, staged.head(1)])
    subjects = failed(run_suite("staged_amounts", doubled))["subject"].to_list()
    assert any(s.startswith("expect_compound_columns_to_be_unique(document_id,table_seq,row_index") for s in subjects)


def test_negative_amount_is_a_warning():
    staged = staged_from_seed("linxian_liujiahui_town_2026")
    first = staged.row(0, named=True)
    negative = staged.with_columns(
        pl.when(
            (pl.col("table_seq") == first["table_seq"])
            & (pl.col("row_index") == first["row_index"])
            & (pl.col("column_label") == first["column_label"])
        )
        .then(-pl.col("amount"))
        .otherwise(pl.col("amount"))
        .alias("amount")
    )
    [row] = failed(run_suite("staged_amounts", negative)).to_dicts()
    assert row["severity"] == WARN and row["subject"] == "expect_column_values_to_be_between(amount)"
    assert str(-first["amount"]) in row["detail"]


def test_narrative_fact_with_an_unknown_unit_or_stated_twice_is_an_error():
    facts = narrative_from_sample("lvliang_city_gov_office_2026")
    bad = pl.concat(
        [
            facts.with_columns(
                pl.when(pl.col("fact") == "vehicles_total").then(pl.lit("台")).otherwise(pl.col("unit")).alias("unit")
            ),
            facts.head(1),
        ]
    )
    f = failed(run_suite("narrative_facts", bad)).filter(pl.col("severity") == ERROR)
    assert set(f["subject"]) >= {
        "expect_column_values_to_be_in_set(unit)",
        "expect_compound_columns_to_be_unique(document_id,fact)",
    }


# ------------------------------------------------------------------------------------------------
# Fact frames


@pytest.fixture(scope="session")
def seed_facts() -> dict[str, dict[str, pl.DataFrame]]:
    from budget_etl.normalise import build_facts

    return {
        stem: build_facts(
            {"department_name": stem},
            staged_from_seed(stem),
            narrative_from_sample(stem),
            tables=raw_tables_from_seed(stem),
        )
        for stem in SEED_STEMS
    }


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_fact_frames_pass_their_suites(seed_facts, stem):
    for table in VALIDATED_FACT_TABLES:
        f = failed(run_suite(table, seed_facts[stem][table]))
        assert f.height == 0, (table, f["detail"].to_list())


def test_no_three_public_facts_when_the_table_was_not_found(seed_facts):
    # the 12-row expectation is skipped for an empty frame (core_tables_found reports the table)
    empty = seed_facts["lvliang_city_gov_office_2026"]["fact_three_public"].head(0)
    assert failed(run_suite("fact_three_public", empty)).height == 0


def test_three_public_facts_must_be_twelve_rows_of_known_items(seed_facts):
    frame = seed_facts["lvliang_city_gov_office_2026"]["fact_three_public"]
    short = frame.head(11)
    assert (
        "expect_table_row_count_to_equal(table)"
        in failed(run_suite("fact_three_public", short)).filter(pl.col("severity") == ERROR)["subject"].to_list()
    )
    renamed = frame.with_columns(pl.lit("vehicle_total").alias("item"))
    subjects = failed(run_suite("fact_three_public", renamed))["subject"].to_list()
    assert "expect_column_values_to_be_in_set(item)" in subjects  # the subtotal is not a fact
    assert "expect_compound_columns_to_be_unique(item,funding_source)" in subjects  # and the grain breaks
