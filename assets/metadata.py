"""Small helpers that turn frames into Dagster UI metadata."""

import dagster as dg
import polars as pl


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


def table_schema(schema: pl.Schema, descriptions: dict[str, str] | None = None) -> dg.TableSchema:
    """A polars schema (the contract in schemas/) as the UI's column list."""
    descriptions = descriptions or {}
    return dg.TableSchema(
        columns=[dg.TableColumn(name, str(dtype), description=descriptions.get(name)) for name, dtype in schema.items()]
    )


def frame_metadata(frame: pl.DataFrame, schema: pl.Schema, preview_rows: int = 10) -> dict:
    """Row count, column schema and a Markdown preview: what every frame asset shows."""
    return {
        "dagster/row_count": frame.height,
        "dagster/column_schema": table_schema(schema),
        "preview": dg.MetadataValue.md(markdown_table(frame, preview_rows)),
    }
