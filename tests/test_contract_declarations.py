"""One declaration, every output: a table declared once gives the DDL, the polars schema and the
GX suite, and a new column or enumeration value changes all three at once."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import polars as pl
import pytest

from budget_etl.quality.gx_suites import _runtime, _suite_from
from schemas.declare import Column, Table
from schemas.render_gx import generated_suite
from schemas.render_sql import create_table
from schemas.tables import AMOUNT_WAN, AMOUNT_YUAN, DOCUMENT_COLUMNS, PAGE_NUMBER, WAN_IS_YUAN_OVER_10000

COLOUR = Column("colour", "VARCHAR", "颜色", "Colour", values=("red", "green"))
FACT_PAINT = Table(
    name="fact_paint",
    zh="测试表。粒度：文件×颜色。",
    en="A test table. Grain: document × colour.",
    columns=(*DOCUMENT_COLUMNS, COLOUR, AMOUNT_YUAN, AMOUNT_WAN, PAGE_NUMBER),
    grain=("colour",),
    checks=(WAN_IS_YUAN_OVER_10000,),
)


def _warehouse(table: Table) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(create_table(table))
    return con


def _insert(con, colour: str) -> None:
    con.execute("INSERT INTO fact_paint VALUES ('0123456789abcdef', 2026, '某部门', ?, 100.00, 0.010000, 3)", [colour])


def _gx_failures(table: Table, frame: pl.DataFrame) -> list[str]:
    runtime = _runtime()
    batch = runtime.batch_definition.get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    results = batch.validate(_suite_from(generated_suite(table))).results
    return [
        f"{r.expectation_config.type}({r.expectation_config.kwargs.get('column', '')})"
        for r in results
        if not r.success
    ]


def _frame(table: Table, colour: str) -> pl.DataFrame:
    rows = [{"colour": colour, "amount_yuan": Decimal("100.00"), "page_number": 3}]
    return pl.DataFrame(rows, schema=table.polars_schema())


def test_a_declared_table_gives_its_ddl_its_polars_schema_and_its_suite():
    con = _warehouse(FACT_PAINT)
    _insert(con, "red")
    with pytest.raises(duckdb.ConstraintException):
        _insert(con, "blue")
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE column_name = 'colour'").fetchone()
    assert comment == (None,)  # comments are their own statements (render_sql.comments)

    # the frame the normaliser builds: the loader fills the document columns and amount_wan
    assert FACT_PAINT.polars_schema() == pl.Schema(
        {"colour": pl.String, "amount_yuan": pl.Decimal(18, 2), "page_number": pl.Int32}
    )
    assert FACT_PAINT.polars_schema(frame=False).names() == FACT_PAINT.names

    assert _gx_failures(FACT_PAINT, _frame(FACT_PAINT, "red")) == []
    assert "expect_column_values_to_be_in_set(colour)" in _gx_failures(FACT_PAINT, _frame(FACT_PAINT, "blue"))


def test_an_enumeration_value_and_a_column_added_in_one_place_reach_every_output():
    repainted = Table(
        name=FACT_PAINT.name,
        zh=FACT_PAINT.zh,
        en=FACT_PAINT.en,
        columns=(
            *DOCUMENT_COLUMNS,
            COLOUR.but(values=(*COLOUR.values, "blue")),
            AMOUNT_YUAN,
            AMOUNT_WAN,
            PAGE_NUMBER,
            Column("coats", "INTEGER", "涂层数", "Coats of paint", minimum=1, nullable=True),
        ),
        grain=FACT_PAINT.grain,
        checks=FACT_PAINT.checks,
    )
    con = _warehouse(repainted)
    con.execute("INSERT INTO fact_paint VALUES ('0123456789abcdef', 2026, '某部门', 'blue', 100.00, 0.010000, 3, 2)")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO fact_paint VALUES ('0123456789abcdef', 2026, '某部门', 'red', 1.00, 0.000100, 3, 0)")

    assert repainted.polars_schema()["coats"] == pl.Int32
    frame = pl.DataFrame(
        [{"colour": "blue", "amount_yuan": Decimal("100.00"), "page_number": 3, "coats": 0}],
        schema=repainted.polars_schema(),
    )
    assert _gx_failures(repainted, frame) == ["expect_column_values_to_be_between(coats)"]
    suite = generated_suite(repainted)
    assert {"type": "expect_column_values_to_be_in_set", "column": "colour", "values": ["red", "green", "blue"]} in [
        {"type": e["type"], "column": e["kwargs"].get("column"), "values": e["kwargs"].get("value_set")}
        for e in suite["expectations"]
    ]


def test_the_normaliser_reads_exactly_the_printed_tables_each_fact_table_declares():
    from budget_etl.normalise.coded import EXPENDITURE_SCOPES
    from budget_etl.normalise.projects import PROJECT_KINDS
    from schemas.tables import FACT_EXPENDITURE, FACT_PROJECT_EXPENDITURE

    # the two readers whose kinds carry more than a name (the scope, the carry-over flag)
    assert tuple(EXPENDITURE_SCOPES) == FACT_EXPENDITURE.sources
    assert set(EXPENDITURE_SCOPES.values()) == set(FACT_EXPENDITURE.column("budget_scope").values)
    assert tuple(PROJECT_KINDS) == FACT_PROJECT_EXPENDITURE.sources
