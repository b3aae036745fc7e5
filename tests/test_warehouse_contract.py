"""The warehouse honours its contract (schemas/tables.py), loads idempotently, supersedes
corrected files, and never locks readers out.

The contract is the declarations of schemas/tables.py: the committed DDL and the table sections
of docs/WAREHOUSE.md must be what they generate, and a freshly built warehouse must have every
table, column, type, key, enumeration and comment they declare.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import textwrap
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from budget_etl.duckdb_warehouse import (
    DOCUMENT_TABLES,
    WarehouseLoadError,
    connect_readonly,
    load_document,
    open_for_update,
    record_ingest,
)
from schemas.generate import stale_files
from schemas.tables import FACT_NARRATIVE, V_DEPARTMENT_BUDGET, VIEWS, WAREHOUSE_TABLES

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# The declarations, the generated files and a fresh warehouse
# ---------------------------------------------------------------------------------------------


def test_the_committed_ddl_and_docs_are_what_the_declarations_generate():
    assert stale_files() == [], "run python -m schemas.generate and commit what it writes"


def test_the_declarations_state_what_analysts_rely_on():
    """A few load-bearing facts of the contract, so an edit that drops one shows here by name."""
    tables = {t.name: t for t in WAREHOUSE_TABLES}
    assert len(tables["dim_document"].columns) == 12
    assert tables["dim_document"].column("disclosure_part").values == ("full", "tables", "narrative")
    assert tables["dim_document"].column("quality_status").values == ("passed", "warned", "partial", "failed")
    assert tables["dim_economic_class"].primary_key == ("scheme", "code")
    assert tables["fact_expenditure"].column("budget_scope").values == (
        "all_funds",
        "general_public_budget",
        "government_fund",
        "state_capital_operation",
    )
    assert tables["fact_three_public"].column("item").values == (
        "outbound_travel",
        "official_reception",
        "vehicle_purchase",
        "vehicle_operation",
    )
    assert len(tables["fact_revenue"].column("funding_source").values) == 6
    for table in tables.values():
        for column in table.columns:
            if column.name == "amount_yuan":
                assert column.type == "DECIMAL(18,2)", table.name
            if column.name == "amount_wan":
                assert column.type == "DECIMAL(20,6)", table.name
    assert len(FACT_NARRATIVE.column("fact").values) == 50


def test_the_narrative_fact_enumeration_is_what_the_narrative_reader_can_state():
    """The CHECK on fact_narrative.fact refuses a whole document's load if the reader states a fact the
    contract does not name: the contract's list is exactly the reader's (and so is its GX suite's)."""
    from budget_etl import narrative
    from schemas.render_gx import suite

    readable = [
        "expenditure_total",
        "expenditure_basic",
        "expenditure_basic_share",
        "expenditure_project",
        "expenditure_project_share",
        "operating_cost",
        "operating_cost_prior_year",
        "operating_cost_change",
        "operating_cost_change_pct",
    ]
    readable += [
        f"{item}{suffix}"
        for item in narrative._THREE_PUBLIC
        for suffix in ("", "_change", "_change_pct", "_prior_year")
    ]
    readable += ["procurement_total", *narrative._PROCUREMENT_PARTS, *narrative._VEHICLES, *narrative._FLOOR_AREAS]
    assert sorted(FACT_NARRATIVE.column("fact").values) == sorted(readable)
    [in_set] = [
        e["kwargs"]["value_set"]
        for e in suite("narrative_facts")["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == "fact"
    ]
    assert sorted(in_set) == sorted(readable)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("fresh") / "warehouse.duckdb"
    with open_for_update(path):
        pass
    con = connect_readonly(path)
    yield con
    con.close()


def _catalog(con):
    tables = dict(
        con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    )
    views = dict(
        con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE database_name = current_database() AND NOT internal"
        ).fetchall()
    )
    columns = {}
    for table, column, type_, nullable, comment in con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY column_index"
    ).fetchall():
        columns.setdefault(table, {})[column] = (type_, nullable, comment)
    return tables, views, columns


def _assert_as_declared(declared, comment, columns, *, nullability: bool) -> None:
    """A table or view of the fresh warehouse against its declaration (DuckDB reports every
    column of a view as nullable, so only a table's nullability is compared)."""
    assert comment == declared.comment()
    assert list(columns) == declared.names, declared.name
    for column in declared.columns:
        type_, nullable, col_comment = columns[column.name]
        assert type_.replace(" ", "") == column.type, f"{declared.name}.{column.name}: {type_}"
        if nullability:
            assert nullable == (column.nullable and not column.primary_key), f"{declared.name}.{column.name}"
        assert col_comment == column.comment(), f"{declared.name}.{column.name}"


def test_every_declared_table_and_column_exists_with_its_type_nullability_and_comment(fresh):
    tables, _, columns = _catalog(fresh)
    assert set(tables) == {t.name for t in WAREHOUSE_TABLES}
    for table in WAREHOUSE_TABLES:
        _assert_as_declared(table, tables[table.name], columns[table.name], nullability=True)


def test_primary_keys_are_the_declared_ones(fresh):
    for table in WAREHOUSE_TABLES:
        key = table.primary_key or tuple(c.name for c in table.columns if c.primary_key)
        rows = fresh.execute(
            "SELECT constraint_column_names FROM duckdb_constraints() "
            "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
            [table.name],
        ).fetchall()
        assert [tuple(r[0]) for r in rows] == ([key] if key else []), table.name


def _single_column_checks(con, table: str, column: str) -> list[str]:
    return [
        expr
        for (expr,) in con.execute(
            "SELECT expression FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'CHECK' "
            "AND list_distinct(constraint_column_names) = [?]",
            [table, column],
        ).fetchall()
    ]


def _accepts(con, table: str, column: str, value: str) -> bool:
    checks = _single_column_checks(con, table, column)
    assert checks, f"{table}.{column}: no CHECK constraint enforces its enumeration"
    return all(
        con.execute(f'SELECT coalesce({expr}, true) FROM (SELECT ?::VARCHAR AS "{column}")', [value]).fetchone()[0]
        for expr in checks
    )


def test_every_enumeration_is_enforced_with_exactly_the_declared_values(fresh):
    targets = [(t.name, c.name, c.values) for t in WAREHOUSE_TABLES for c in t.columns if c.values]
    # 3 dim_document + 1 function level + 2 economic + 2 expenditure + cost_type + item + category
    # + funding_source on the four fact tables that have it + printed table_kind + narrative fact and unit
    # + ingest_log status, check severity, and the table kind and status of a document's table.
    assert len(targets) == 22, targets
    for table, column, values in targets:
        for value in values:
            assert _accepts(fresh, table, column, value), f"{table}.{column} rejects contract value {value!r}"
        assert not _accepts(fresh, table, column, "not_in_contract"), f"{table}.{column} accepts anything"


def test_every_table_view_and_column_has_a_chinese_and_english_comment(fresh):
    tables, views, columns = _catalog(fresh)
    bilingual = re.compile(r"(?=.*[\u4e00-\u9fff])(?=.*[A-Za-z]{3})", re.S)
    for name, comment in {**tables, **views}.items():
        assert comment and bilingual.match(comment), f"{name}: comment {comment!r}"
        for column, (_, _, col_comment) in columns[name].items():
            assert col_comment and bilingual.match(col_comment), f"{name}.{column}: comment {col_comment!r}"
    for name, comment in tables.items():
        if name.startswith(("fact_", "dim_")) or name in DOCUMENT_TABLES or name == "ingest_log":
            assert "Grain" in comment and "粒度" in comment, f"{name}: the comment must state the grain"
    assert "OVERLAP" in tables["fact_expenditure"] and "重叠" in tables["fact_expenditure"]


def test_every_declared_view_has_its_columns_types_and_comments(fresh):
    _, views, columns = _catalog(fresh)
    assert set(views) == {v.name for v in VIEWS}
    for view in VIEWS:
        _assert_as_declared(view, views[view.name], columns[view.name], nullability=False)
    printed = [
        f"{name}_printed_yuan"
        for name in (
            "total_revenue",
            "total_expenditure",
            "basic_expenditure",
            "project_expenditure",
            "three_public_total",
        )
    ]
    assert {*printed, "withheld_tables", "missing_tables", "procurement_total_yuan"} <= set(V_DEPARTMENT_BUDGET.names)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

D = Decimal


def _document(tag: str, *, department="吕梁市人民政府办公室", kind="department", year=2026) -> dict:
    sha = hashlib.sha256(tag.encode()).hexdigest()
    return {
        "document_id": sha[:16],
        "file_name": f"{tag}.pdf",
        "file_sha256": sha,
        "department_name": department,
        "document_kind": kind,
        "fiscal_year": year,
        "page_count": 120,
    }


def _frame(rows: list[dict], **overrides) -> pl.DataFrame:
    schema = {"amount_yuan": pl.Decimal(18, 2), "page_number": pl.Int32, **overrides}
    return pl.DataFrame(rows, schema_overrides={k: v for k, v in schema.items() if k in rows[0]})


def _facts(scale: int = 1) -> dict[str, pl.DataFrame]:
    """A small document's facts (amounts in yuan), lvliang-like."""
    s = D(scale)
    return {
        "fact_revenue": _frame(
            [
                {
                    "function_code": "2010301",
                    "funding_source": "general_public_budget",
                    "amount_yuan": D("14690300.00") * s,
                    "page_number": 5,
                },
                {
                    "function_code": "2010302",
                    "funding_source": "general_public_budget",
                    "amount_yuan": D("2572200.00") * s,
                    "page_number": 5,
                },
            ]
        ),
        "fact_expenditure": _frame(
            [
                {
                    "budget_scope": "all_funds",
                    "function_code": "2010301",
                    "expenditure_type": "basic",
                    "amount_yuan": D("14690300.00") * s,
                    "page_number": 6,
                },
                {
                    "budget_scope": "all_funds",
                    "function_code": "2010302",
                    "expenditure_type": "project",
                    "amount_yuan": D("2572200.00") * s,
                    "page_number": 6,
                },
                {
                    "budget_scope": "general_public_budget",
                    "function_code": "2010301",
                    "expenditure_type": "basic",
                    "amount_yuan": D("14690300.00") * s,
                    "page_number": 9,
                },
            ]
        ),
        "fact_expenditure_economic": _frame(
            [
                {
                    "economic_code_department": "30101",
                    "economic_name_department": "基本工资",
                    "economic_code_government": "50101",
                    "economic_name_government": "工资奖金津补贴",
                    "cost_type": "personnel",
                    "amount_yuan": D("5718900.00") * s,
                    "page_number": 10,
                },
                {
                    "economic_code_department": None,
                    "economic_name_department": "某未知科目",
                    "economic_code_government": None,
                    "economic_name_government": None,
                    "cost_type": "public",
                    "amount_yuan": D("100.00") * s,
                    "page_number": 10,
                },
            ]
        ),
        "fact_project_expenditure": _frame(
            [
                {
                    "unit_name": "吕梁市人民政府办公室",
                    "project_name": "国运公司注册资本金",
                    "is_carryover": False,
                    "funding_source": "general_public_budget",
                    "amount_yuan": D("3250000.00") * s,
                    "page_number": 15,
                    "row_index": 5,
                },
                {
                    "unit_name": "吕梁市人民政府办公室",
                    "project_name": "国运公司注册资本金",
                    "is_carryover": False,
                    "funding_source": "general_public_budget",
                    "amount_yuan": D("70000000.00") * s,
                    "page_number": 15,
                    "row_index": 9,
                },
            ],
            row_index=pl.Int32,
        ),
        "fact_three_public": _frame(
            [
                {
                    "item": item,
                    "funding_source": source,
                    "amount_yuan": D("50000.00") * s
                    if item == "vehicle_operation" and source == "general_public_budget"
                    else D("0.00"),
                    "page_number": 13,
                }
                for item in ("outbound_travel", "official_reception", "vehicle_purchase", "vehicle_operation")
                for source in ("general_public_budget", "government_fund", "state_capital_operation")
            ]
        ),
        "fact_procurement": _frame(
            [
                {"category": "goods", "amount_yuan": D("415200.00") * s, "page_number": 19},
                {"category": "works", "amount_yuan": D("0.00"), "page_number": 19},
                {"category": "services", "amount_yuan": D("1161300.00") * s, "page_number": 19},
            ]
        ),
        "fact_operating_cost": _frame(
            [
                {
                    "unit_name": "吕梁市人民政府办公室",
                    "funding_source": "general_public_budget",
                    "amount_yuan": D("2333400.00") * s,
                    "page_number": 14,
                },
            ]
        ),
        "quality_check_result": pl.DataFrame(
            [
                {
                    "check_name": "revenue_total_matches_rows",
                    "severity": "error",
                    "passed": True,
                    "expected": D("17262500.00"),
                    "actual": D("17262500.00"),
                    "difference": D("0.00"),
                    "table_kind": "revenue_summary",
                    "page_number": 5,
                    "subject": "合计",
                    "detail": None,
                },  # checked_at: filled by the loader
            ],
            schema_overrides={
                "expected": pl.Decimal(18, 2),
                "actual": pl.Decimal(18, 2),
                "difference": pl.Decimal(18, 2),
                "page_number": pl.Int32,
                "detail": pl.String,
            },
        ),
        "dim_function_class": pl.DataFrame(
            [
                {"code": "2240199", "name": "其他应急管理支出（测试）", "level": "项", "parent_code": "22401"},
            ]
        ),
        # printed 0.01 万元 above the rows (尾差), as lvliang prints its totals
        "fact_printed_total": _frame(
            [
                {
                    "table_kind": "budget_summary",
                    "row_label": "收入总计",
                    "function_code": None,
                    "column_label": "收入/2026年",
                    "amount_yuan": D("17262600.00") * s,
                    "page_number": 4,
                    "row_index": 34,
                },
                {
                    "table_kind": "expenditure_summary",
                    "row_label": "合计",
                    "function_code": None,
                    "column_label": "2026年预算数/合计",
                    "amount_yuan": D("17262600.00") * s,
                    "page_number": 6,
                    "row_index": 2,
                },
                {
                    "table_kind": "expenditure_summary",
                    "row_label": "合计",
                    "function_code": None,
                    "column_label": "2026年预算数/基本支出",
                    "amount_yuan": D("14690400.00") * s,
                    "page_number": 6,
                    "row_index": 2,
                },
                {
                    "table_kind": "expenditure_summary",
                    "row_label": "合计",
                    "function_code": None,
                    "column_label": "2026年预算数/项目支出",
                    "amount_yuan": D("2572200.00") * s,
                    "page_number": 6,
                    "row_index": 2,
                },
                {
                    "table_kind": "expenditure_summary",
                    "row_label": "一般公共服务支出",
                    "function_code": "201",
                    "column_label": "2026年预算数/合计",
                    "amount_yuan": D("17262600.00") * s,
                    "page_number": 6,
                    "row_index": 3,
                },
                {
                    "table_kind": "three_public",
                    "row_label": "公务用车购置及运行费",
                    "function_code": None,
                    "column_label": "2026年预算数/合计",
                    "amount_yuan": D("50000.00") * s,
                    "page_number": 13,
                    "row_index": 4,
                },
                {
                    "table_kind": "three_public",
                    "row_label": "合计",
                    "function_code": None,
                    "column_label": "2026年预算数/合计",
                    "amount_yuan": D("50000.00") * s,
                    "page_number": 13,
                    "row_index": 7,
                },
            ],
            row_index=pl.Int32,
        ),
        "fact_narrative": pl.DataFrame(
            [
                {
                    "fact": "three_public_total",
                    "amount": D("5.00"),
                    "unit": "万元",
                    "amount_yuan": D("50000.00"),
                    "page_number": 22,
                    "sentence": "2026年“三公”经费预算5.00万元，比2025年减少10.00万元。",
                },
                {
                    "fact": "three_public_total_change",
                    "amount": D("-10.00"),
                    "unit": "万元",
                    "amount_yuan": D("-100000.00"),
                    "page_number": 22,
                    "sentence": "2026年“三公”经费预算5.00万元，比2025年减少10.00万元。",
                },
                {
                    "fact": "expenditure_basic_share",
                    "amount": D("88.94"),
                    "unit": "%",
                    "amount_yuan": None,
                    "page_number": 21,
                    "sentence": "基本支出2067.68万元，占88.94%",
                },
                {
                    "fact": "vehicles_total",
                    "amount": D("2"),
                    "unit": "辆",
                    "amount_yuan": None,
                    "page_number": 39,
                    "sentence": "实有2辆",
                },
            ],
            schema={
                "fact": pl.String,
                "amount": pl.Decimal(20, 4),
                "unit": pl.String,
                "amount_yuan": pl.Decimal(18, 2),
                "page_number": pl.Int32,
                "sentence": pl.String,
            },
        ),
    }


# Operational timestamps: when a file was last seen, when its checks last ran. Everything else
# (facts, dimensions, findings, the views) must be identical after a reload.
OPERATIONAL = {"ingest_log": ("seen_at", "attempts"), "quality_check_result": ("checked_at",)}


def _snapshot(con, operational=OPERATIONAL) -> dict[str, list[tuple]]:
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    ]
    views = [
        v
        for (v,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal"
        ).fetchall()
    ]
    snapshot = {}
    for t in tables + views:
        skip = operational.get(t)
        select = f"* EXCLUDE ({', '.join(skip)})" if skip else "*"
        snapshot[t] = con.execute(f"SELECT {select} FROM {t} ORDER BY ALL").fetchall()
    return snapshot


def test_amounts_are_exact_decimals_and_wan_is_yuan_over_10000(tmp_path):
    path = tmp_path / "w.duckdb"
    load_document(path, _document("a"), _facts())
    with connect_readonly(path) as con:
        rows = con.execute(
            "SELECT amount_yuan, amount_wan, typeof(amount_yuan), typeof(amount_wan) FROM fact_revenue ORDER BY 1"
        ).fetchall()
        assert rows == [
            (D("2572200.00"), D("257.220000"), "DECIMAL(18,2)", "DECIMAL(20,6)"),
            (D("14690300.00"), D("1469.030000"), "DECIMAL(18,2)", "DECIMAL(20,6)"),
        ]
        assert (
            con.execute(
                "SELECT count(*) FROM fact_expenditure_economic WHERE amount_wan * 10000 <> amount_yuan"
            ).fetchone()[0]
            == 0
        )
        summary = con.execute(
            "SELECT total_revenue_yuan, total_expenditure_yuan, basic_expenditure_yuan, project_expenditure_yuan, "
            "three_public_total_yuan, official_vehicles_yuan, procurement_total_yuan, operating_cost_yuan, "
            "quality_status FROM v_department_budget"
        ).fetchall()
        assert summary == [
            (
                D("17262500.00"),
                D("17262500.00"),
                D("14690300.00"),
                D("2572200.00"),
                D("50000.00"),
                D("50000.00"),
                D("1576500.00"),
                D("2333400.00"),
                "passed",
            )
        ]


def test_the_overview_shows_printed_totals_beside_the_sums_of_the_fact_rows(tmp_path):
    path = tmp_path / "w.duckdb"
    load_document(path, _document("a"), _facts())
    with connect_readonly(path) as con:
        row = con.execute(
            "SELECT total_revenue_yuan, total_revenue_printed_yuan, total_expenditure_yuan, total_expenditure_printed_yuan, "
            "basic_expenditure_yuan, basic_expenditure_printed_yuan, project_expenditure_yuan, "
            "project_expenditure_printed_yuan, three_public_total_yuan, three_public_total_printed_yuan "
            "FROM v_department_budget"
        ).fetchone()
        assert row == (
            D("17262500.00"),
            D("17262600.00"),
            D("17262500.00"),
            D("17262600.00"),
            D("14690300.00"),
            D("14690400.00"),
            D("2572200.00"),
            D("2572200.00"),
            D("50000.00"),
            D("50000.00"),
        )
        # the printed table keeps every printed cell, with its exact 万元
        assert con.execute(
            "SELECT count(*), bool_and(amount_wan * 10000 = amount_yuan) FROM fact_printed_total"
        ).fetchone() == (7, True)
        # narrative facts as stated; only money has a yuan figure
        assert con.execute("SELECT fact, amount, unit, amount_yuan FROM fact_narrative ORDER BY fact").fetchall() == [
            ("expenditure_basic_share", D("88.9400"), "%", None),
            ("three_public_total", D("5.0000"), "万元", D("50000.00")),
            ("three_public_total_change", D("-10.0000"), "万元", D("-100000.00")),
            ("vehicles_total", D("2.0000"), "辆", None),
        ]


def test_a_blank_three_public_table_prints_a_zero_total_and_no_table_prints_none(tmp_path):
    path = tmp_path / "w.duckdb"
    blank = _facts()
    blank["fact_three_public"] = blank["fact_three_public"].with_columns(
        pl.lit(D("0.00")).cast(pl.Decimal(18, 2)).alias("amount_yuan")
    )
    blank["fact_printed_total"] = blank["fact_printed_total"].filter(pl.col("table_kind") != "three_public")
    load_document(path, _document("blank"), blank)
    missing = {**blank, "fact_three_public": blank["fact_three_public"].head(0)}
    load_document(path, _document("missing", department="临县刘家会镇人民政府"), missing)
    with connect_readonly(path) as con:
        rows = dict(
            con.execute("SELECT department_name, three_public_total_printed_yuan FROM v_department_budget").fetchall()
        )
    assert rows == {"吕梁市人民政府办公室": D("0.00"), "临县刘家会镇人民政府": None}


def test_narrative_money_must_carry_its_exact_yuan_and_nothing_else_may(tmp_path):
    path = tmp_path / "w.duckdb"
    for fact, unit, amount, yuan in (
        ("vehicles_total", "辆", D("2"), D("2.00")),  # a count with a yuan figure
        ("three_public_total", "万元", D("5.00"), None),  # money without one
        ("three_public_total", "万元", D("5.00"), D("5.00")),  # not × 10000
        ("not_a_fact", "万元", D("5.00"), D("50000.00")),
    ):
        facts = {
            "fact_narrative": pl.DataFrame(
                [
                    {
                        "fact": fact,
                        "amount": amount,
                        "unit": unit,
                        "amount_yuan": yuan,
                        "page_number": 1,
                        "sentence": None,
                    }
                ],
                schema={
                    "fact": pl.String,
                    "amount": pl.Decimal(20, 4),
                    "unit": pl.String,
                    "amount_yuan": pl.Decimal(18, 2),
                    "page_number": pl.Int32,
                    "sentence": pl.String,
                },
            )
        }
        with pytest.raises(duckdb.ConstraintException):
            load_document(path, _document("a"), facts)


def test_floats_and_sub_fen_amounts_are_refused(tmp_path):
    path = tmp_path / "w.duckdb"
    floats = {"fact_procurement": pl.DataFrame({"category": ["goods"], "amount_yuan": [1.1], "page_number": [1]})}
    with pytest.raises(WarehouseLoadError, match="float"):
        load_document(path, _document("a"), floats)
    sub_fen = {
        "fact_procurement": pl.DataFrame(
            {"category": ["goods"], "amount_yuan": [D("1.005")], "page_number": [1]},
            schema_overrides={"amount_yuan": pl.Decimal(20, 4)},
        )
    }
    with pytest.raises(WarehouseLoadError, match="fen"):
        load_document(path, _document("a"), sub_fen)
    assert not path.exists()  # a failed first load leaves no warehouse behind


def test_a_frame_with_two_rows_on_one_grain_is_refused(tmp_path):
    facts = _facts()
    facts["fact_procurement"] = pl.concat([facts["fact_procurement"], facts["fact_procurement"].head(1)])
    with pytest.raises(WarehouseLoadError, match="grain"):
        load_document(tmp_path / "w.duckdb", _document("a"), facts)


def test_loading_the_same_document_twice_changes_nothing(tmp_path):
    path = tmp_path / "w.duckdb"
    load_document(path, _document("other", department="临县刘家会镇人民政府"), _facts(2), now=datetime(2026, 1, 1))
    load_document(path, _document("a"), _facts(), now=datetime(2026, 1, 2))
    with connect_readonly(path) as con:
        first = _snapshot(con)
    counts = load_document(path, _document("a"), _facts(), now=datetime(2026, 1, 3))
    assert counts["fact_three_public"] == 12
    with connect_readonly(path) as con:
        assert _snapshot(con) == first
        assert first["quality_check_result"] and first["fact_revenue"]  # not vacuously equal
        # The second sighting is an event of the file, not of the warehouse contents.
        assert con.execute("SELECT attempts, status FROM ingest_log WHERE file_name = 'a.pdf'").fetchall() == [
            (2, "loaded")
        ]
        # dimension rows a document brought in are kept, flagged as not in the reference list
        assert con.execute("SELECT name, in_reference FROM dim_function_class WHERE code = '2240199'").fetchall() == [
            ("其他应急管理支出（测试）", False)
        ]


def test_a_reload_replaces_every_row_of_the_document(tmp_path):
    path = tmp_path / "w.duckdb"
    load_document(path, _document("a"), _facts())
    fewer = {"fact_procurement": _facts()["fact_procurement"].head(1)}
    load_document(path, _document("a"), fewer)
    with connect_readonly(path) as con:
        for table in DOCUMENT_TABLES:
            n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert n == (1 if table == "fact_procurement" else 0), table


def test_a_corrected_file_supersedes_the_old_one(tmp_path):
    path = tmp_path / "w.duckdb"
    old, new = _document("v1"), _document("v2")
    unit = _document("unit-doc", kind="unit")
    load_document(path, old, _facts(), now=datetime(2026, 3, 1))
    load_document(path, unit, _facts(), now=datetime(2026, 3, 2))
    load_document(path, new, _facts(2), now=datetime(2026, 3, 3))

    def current():
        with connect_readonly(path) as con:
            return (
                dict(con.execute("SELECT file_name, is_current FROM dim_document").fetchall()),
                con.execute("SELECT document_id, total_revenue_yuan FROM v_department_budget ORDER BY ALL").fetchall(),
                con.execute("SELECT count(DISTINCT document_id) FROM fact_revenue").fetchone()[0],
            )

    flags, summary, with_facts = current()
    assert flags == {"v1.pdf": False, "v2.pdf": True, "unit-doc.pdf": True}
    assert sorted(summary) == sorted([(new["document_id"], D("34525000.00")), (unit["document_id"], D("17262500.00"))])
    assert with_facts == 3  # the superseded file keeps its rows, traceable, just not current

    # Re-running the old file (e.g. a backfill) does not make it current again.
    load_document(path, old, _facts(), now=datetime(2026, 3, 4))
    assert current()[0] == flags


def test_the_two_parts_of_a_disclosure_are_both_current_and_a_corrected_part_supersedes_its_own(tmp_path):
    """Tables (报表) and narrative (说明) published as two files: neither supersedes the other."""
    path = tmp_path / "w.duckdb"
    tables = {**_document("baobiao"), "disclosure_part": "tables", "department_name_source": "table_cell:部门名称"}
    narrative = {**_document("shuoming"), "disclosure_part": "narrative", "department_name_source": "cover"}
    corrected = {
        **_document("baobiao-v2"),
        "disclosure_part": "tables",
        "department_name_source": "table_cell:部门名称",
    }
    load_document(path, tables, _facts(), now=datetime(2026, 3, 1))
    load_document(path, narrative, {"fact_narrative": _facts()["fact_narrative"]}, now=datetime(2026, 3, 2))

    def current():
        with connect_readonly(path) as con:
            return {
                f: (part, source, is_current)
                for f, part, source, is_current in con.execute(
                    "SELECT file_name, disclosure_part, department_name_source, is_current FROM dim_document"
                ).fetchall()
            }

    assert current() == {
        "baobiao.pdf": ("tables", "table_cell:部门名称", True),
        "shuoming.pdf": ("narrative", "cover", True),
    }
    load_document(path, corrected, _facts(2), now=datetime(2026, 3, 3))
    assert current() == {
        "baobiao.pdf": ("tables", "table_cell:部门名称", False),
        "shuoming.pdf": ("narrative", "cover", True),
        "baobiao-v2.pdf": ("tables", "table_cell:部门名称", True),
    }
    # a row built without the new fields is a full disclosure whose name source is unknown
    load_document(path, _document("full"), _facts(), now=datetime(2026, 3, 4))
    assert current()["full.pdf"] == ("full", None, True)
    with pytest.raises(WarehouseLoadError, match="disclosure_part"):
        load_document(path, {**_document("odd"), "disclosure_part": "appendix"}, {})


def test_a_warehouse_created_before_the_source_and_part_columns_gets_them(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:  # dim_document as it was first released
        con.execute("""
            CREATE TABLE dim_document (
                document_id VARCHAR PRIMARY KEY, file_name VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL,
                department_name VARCHAR NOT NULL, document_kind VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL,
                page_count INTEGER NOT NULL, is_current BOOLEAN NOT NULL, quality_status VARCHAR NOT NULL,
                loaded_at TIMESTAMP NOT NULL)""")
        old = _document("old")
        con.execute(
            "INSERT INTO dim_document VALUES (?, ?, ?, ?, ?, ?, ?, true, 'passed', ?)",
            [
                old["document_id"],
                old["file_name"],
                old["file_sha256"],
                old["department_name"],
                old["document_kind"],
                old["fiscal_year"],
                old["page_count"],
                datetime(2026, 1, 1),
            ],
        )
    load_document(
        path,
        {**_document("baobiao"), "disclosure_part": "tables", "department_name_source": "cover"},
        _facts(),
        now=datetime(2026, 3, 1),
    )
    with connect_readonly(path) as con:
        assert con.execute(
            "SELECT file_name, disclosure_part, department_name_source, is_current FROM dim_document ORDER BY file_name"
        ).fetchall() == [("baobiao.pdf", "tables", "cover", True), ("old.pdf", "full", None, True)]


def test_a_warehouse_whose_status_check_predates_partial_accepts_a_partial_document(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:  # dim_document with the CHECK it had before 'partial'
        con.execute("""
            CREATE TABLE dim_document (
                document_id VARCHAR PRIMARY KEY, file_name VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL,
                department_name VARCHAR NOT NULL, document_kind VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL,
                page_count INTEGER NOT NULL, is_current BOOLEAN NOT NULL,
                quality_status VARCHAR NOT NULL CHECK (quality_status IN ('passed', 'warned', 'failed')),
                loaded_at TIMESTAMP NOT NULL, department_name_source VARCHAR, disclosure_part VARCHAR DEFAULT 'full')""")
        old = _document("old")
        con.execute(
            "INSERT INTO dim_document VALUES (?, ?, ?, ?, ?, ?, ?, true, 'passed', ?, 'cover', 'full')",
            [
                old["document_id"],
                old["file_name"],
                old["file_sha256"],
                old["department_name"],
                old["document_kind"],
                old["fiscal_year"],
                old["page_count"],
                datetime(2026, 1, 1),
            ],
        )
    load_document(path, {**_document("new"), "quality_status": "partial"}, _facts(), now=datetime(2026, 3, 1))
    with connect_readonly(path) as con:
        assert con.execute(
            "SELECT file_name, quality_status, department_name_source FROM dim_document ORDER BY 1"
        ).fetchall() == [("new.pdf", "partial", None), ("old.pdf", "passed", "cover")]
        checks = con.execute(
            "SELECT constraint_text FROM duckdb_constraints() WHERE table_name = 'dim_document' "
            "AND constraint_text LIKE '%quality_status%'"
        ).fetchall()
        assert checks and all("partial" in c[0] for c in checks)


def test_the_loader_never_makes_a_failed_document_current(tmp_path):
    """The rule is the loader's own: no quality gate is involved here, only load_document."""
    path = tmp_path / "w.duckdb"
    good, bad, fixed = _document("v1"), {**_document("v2"), "quality_status": "failed"}, _document("v3")

    def current():
        with connect_readonly(path) as con:
            return dict(con.execute("SELECT file_name, is_current FROM dim_document").fetchall())

    load_document(path, bad, {}, now=datetime(2026, 3, 1))
    assert current() == {"v2.pdf": False}  # failed and alone: nothing is current
    load_document(path, good, _facts(), now=datetime(2026, 3, 2))
    load_document(path, {**bad, "file_name": "v2-again.pdf"}, {}, now=datetime(2026, 3, 3))
    assert current() == {"v1.pdf": True, "v2-again.pdf": False}  # the earlier good file stays current
    # a failing check result fails the document just the same as a failed status
    facts = _facts()
    facts["quality_check_result"] = facts["quality_check_result"].with_columns(pl.lit(False).alias("passed"))
    load_document(path, _document("v4"), facts, now=datetime(2026, 3, 4))
    assert current()["v4.pdf"] is False and current()["v1.pdf"] is True
    # a later file that passes supersedes the good one as before
    load_document(path, fixed, _facts(), now=datetime(2026, 3, 5))
    assert current() == {"v1.pdf": False, "v2-again.pdf": False, "v3.pdf": True, "v4.pdf": False}


def test_quality_status_is_the_worst_check_outcome(tmp_path):
    path = tmp_path / "w.duckdb"
    facts = _facts()
    facts["quality_check_result"] = pl.concat(
        [
            facts["quality_check_result"],
            facts["quality_check_result"].with_columns(
                pl.lit("warn").alias("severity"),
                pl.lit(False).alias("passed"),
                pl.lit("economic_name_resolved").alias("check_name"),
            ),
        ]
    )
    load_document(path, {**_document("a"), "quality_status": "passed"}, facts)
    with connect_readonly(path) as con:
        assert con.execute("SELECT quality_status FROM dim_document").fetchone()[0] == "warned"


def test_rejected_and_failed_files_are_visible_in_the_ingest_log(tmp_path):
    path = tmp_path / "w.duckdb"
    sha = hashlib.sha256(b"<html>").hexdigest()
    record_ingest(
        path,
        file_name="bad.pdf",
        file_sha256=sha,
        status="rejected",
        reason_code="not_pdf",
        reason="bad.pdf: the file is an HTML page, not a PDF",
    )
    with connect_readonly(path) as con:
        assert con.execute("SELECT document_id, status, reason_code, attempts FROM ingest_log").fetchall() == [
            (sha[:16], "rejected", "not_pdf", 1)
        ]
    with pytest.raises(duckdb.ConstraintException):
        record_ingest(path, file_name="x.pdf", file_sha256=sha, status="failed")  # a failure needs a reason


# ---------------------------------------------------------------------------------------------
# Readers are never locked out
# ---------------------------------------------------------------------------------------------

READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM dim_document").fetchone()[0], flush=True)
    if len(sys.argv) > 2:          # a long-lived reader: wait, then query the same connection again
        sys.stdin.readline()
        print(con.execute("SELECT count(*) FROM dim_document").fetchone()[0], flush=True)
""")


def _read_in_another_process(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_reader_process_queries_the_warehouse_while_a_load_is_in_progress(tmp_path):
    path = tmp_path / "w.duckdb"
    load_document(path, _document("a"), _facts())
    # A reader that connected before the refresh, and stays connected through it.
    early = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert early.stdout.readline().strip() == "1"
        seen_during_load = []

        def pause(con):
            # The load's transaction is open (its rows are inserted, not committed): a new reader
            # process connects to the live file and sees the last complete warehouse.
            assert con.execute("SELECT count(*) FROM dim_document").fetchone()[0] == 2
            seen_during_load.append(_read_in_another_process(path))

        load_document(path, _document("b", department="孝义市工业和信息化局"), _facts(), pause=pause)
        assert seen_during_load == ["1"]
        assert _read_in_another_process(path) == "2"  # a reader connecting after the swap sees the load
        out, err = early.communicate("go\n", timeout=120)
        assert early.returncode == 0, err
        assert out.strip() == "1"  # the early reader kept reading its snapshot, without an error
    finally:
        if early.poll() is None:
            early.kill()


def test_a_failed_load_leaves_the_live_warehouse_untouched(tmp_path):
    path = tmp_path / "w.duckdb"
    load_document(path, _document("a"), _facts())
    with connect_readonly(path) as con:
        before = _snapshot(con, operational={})

    def fail(con):
        raise RuntimeError("simulated crash mid-load")

    with pytest.raises(RuntimeError, match="simulated"):
        load_document(path, _document("b"), _facts(), pause=fail)
    with connect_readonly(path) as con:
        assert _snapshot(con, operational={}) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb", "w.duckdb.lock"]  # no leftovers
    # a copy left by a killed process is cleared by the next update
    (tmp_path / ".w.duckdb.999.dead.building").write_bytes(b"x")
    load_document(path, _document("b"), _facts())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb", "w.duckdb.lock"]
