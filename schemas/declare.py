"""How a table of the contract is declared: columns with their type, rules and comments.

A ``Table`` is written once (schemas/tables.py) and everything else is derived from it:
the DuckDB DDL with its CHECKs and comments (schemas/render_sql.py), the polars schema a frame
is conformed to (``Table.polars_schema``), the GX suite of a frame (schemas/render_gx.py), the
column list shown in Dagster (assets/metadata.py) and the table sections of docs/WAREHOUSE.md
(schemas/render_docs.py). A column's rules mean the same thing in each: an enumeration is a
CHECK ... IN in DuckDB and an ``expect_column_values_to_be_in_set`` in GX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import polars as pl

_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")
_POLARS = {
    "VARCHAR": pl.String,
    "INTEGER": pl.Int32,
    "BOOLEAN": pl.Boolean,
    "DOUBLE": pl.Float64,
    "TIMESTAMP": pl.Datetime("us"),
}


def polars_type(sql_type: str) -> pl.DataType:
    """The polars type that holds a DuckDB column type exactly."""
    decimal = _DECIMAL.fullmatch(sql_type)
    if decimal:
        return pl.Decimal(precision=int(decimal.group(1)), scale=int(decimal.group(2)))
    return _POLARS[sql_type]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the DuckDB type as the DDL writes it: VARCHAR, INTEGER, DECIMAL(18,2) ...
    zh: str = ""  # comment, Chinese (every warehouse column has one)
    en: str = ""  # comment, English
    nullable: bool = False
    values: tuple[str, ...] = ()  # an enumeration: the only values allowed
    pattern: str | None = None  # a regular expression every value matches in full
    minimum: int | None = None  # the smallest value allowed
    maximum: int | None = None
    default: str | None = None  # an SQL literal
    primary_key: bool = False  # a one-column primary key
    # Filled by the loader from dim_document, not by the frame the normaliser builds.
    loader: bool = False
    # Rules a frame is expected to keep but the warehouse does not refuse: a GX warning each.
    warn_if_null: str | None = None  # why a NULL is suspicious (the column itself is nullable)
    warn_below: tuple[int, str] | None = None  # (bound, why a smaller value is suspicious)
    sql_note: str | None = None  # an SQL comment above the column in the DDL (why it is so)
    added_later: bool = False  # added to the contract after the first release: an ALTER ADD COLUMN too
    why: str | None = None  # why the rule holds, for the GX description of the rule

    @property
    def polars(self) -> pl.DataType:
        return polars_type(self.type)

    @property
    def is_money(self) -> bool:
        return self.type.startswith("DECIMAL")

    def comment(self) -> str:
        return f"{self.zh} / {self.en}"

    def but(self, **changes) -> Column:
        """The same column with some attributes changed (a shared column in one table)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    zh: str = ""  # table comment, Chinese (every warehouse table has one)
    en: str = ""  # table comment, English
    # What makes a row unique, among the columns of the frame (without document_id where the
    # loader adds it); the loader refuses a frame with two rows on one grain.
    grain: tuple[str, ...] = ()
    primary_key: tuple[str, ...] = ()  # a composite primary key in the DDL
    checks: tuple[str, ...] = ()  # table CHECK constraints, as SQL
    sources: tuple[str, ...] = ()  # the printed tables (TABLE_KINDS keys, or "narrative") it is read from
    sql_note: str | None = None  # SQL comment lines above the CREATE TABLE
    doc: str | None = None  # what docs/WAREHOUSE.md says beyond the column comments (Markdown)
    kind: str = "fact"  # dimension, fact, operations or staging: where the docs list it
    # A suite's description and the columns its failures name (GX ``meta.report_columns``).
    report_columns: tuple[str, ...] = ()
    validated: bool = False  # a GX suite runs over the frame (schemas/render_gx.py)
    ordered_columns: bool = False  # the frame's columns must come in the declared order
    min_rows: tuple[int, str] | None = None  # a GX warning when a frame has fewer rows, and why

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def frame_columns(self) -> tuple[Column, ...]:
        """The columns of the frame that feeds the table (the loader adds the others)."""
        return tuple(c for c in self.columns if not c.loader)

    def polars_schema(self, *, frame: bool = True) -> pl.Schema:
        """The polars schema of the frame (``frame``) or of the whole warehouse table."""
        columns = self.frame_columns() if frame else self.columns
        return pl.Schema({c.name: c.polars for c in columns})

    def comment(self) -> str:
        return f"{self.zh} / {self.en}"
