"""Small helpers that turn frames into Dagster UI metadata."""

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
