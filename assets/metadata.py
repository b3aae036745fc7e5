"""Small helpers that turn frames into Dagster UI metadata."""

import dagster as dg
import polars as pl

from schemas.declare import Table
from schemas.render_docs import rules


def markdown_table(frame: pl.DataFrame, max_rows: int = 30) -> str:
    """A frame as a Markdown table (polars renders it; no extra dependency)."""
    with pl.Config(
        tbl_formatting="MARKDOWN",
        tbl_hide_column_data_types=True,
        tbl_hide_dataframe_shape=True,
        tbl_rows=max_rows,
        tbl_cols=-1,
        tbl_width_chars=400,
        fmt_str_lengths=60,
    ):
        return str(frame.head(max_rows))


def table_schema(table: Table, *, frame: bool = False) -> dg.TableSchema:
    """A declared table (schemas/tables.py) as the UI's column list: types, comments, rules.
    ``frame``: only the columns of the frame the normaliser builds, not those the loader adds."""
    columns = table.frame_columns() if frame else table.columns
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name,
                c.type,
                description=c.comment() if c.zh else c.en,
                constraints=dg.TableColumnConstraints(
                    nullable=c.nullable, unique=c.primary_key, other=[rules(c)] if rules(c) else []
                ),
            )
            for c in columns
        ]
    )


def frame_metadata(frame: pl.DataFrame, table: Table, preview_rows: int = 10) -> dict:
    """Row count, column schema and a Markdown preview: what every frame asset shows."""
    return {
        "dagster/row_count": frame.height,
        "dagster/column_schema": table_schema(table, frame=True),
        "preview": dg.MetadataValue.md(markdown_table(frame, preview_rows)),
    }
