"""The classification code lists shipped in data/reference, read once.

Three lists (see data/reference/SOURCES.md): 支出功能分类 (function), and the two 支出经济分类
schemes, 部门预算 (department, 301…) and 政府预算 (government, 501…). The lists are partial:
a code missing from them is *unknown*, not invalid, so nothing here rejects a code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

from budget_etl.settings import REFERENCE_DIR

FUNCTION_FILE = "function_classification.csv"
ECONOMIC_FILES = {
    "department": "economic_classification_department.csv",
    "government": "economic_classification_government.csv",
}

# Codes are identifiers, never numbers: read every column as text.
_SCHEMA = {"code": pl.String, "name": pl.String, "level": pl.String, "parent_code": pl.String, "source": pl.String}


def _read(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, schema=_SCHEMA)
    # An empty parent cell means "no parent" (a 类); the CSV reader gives "" or null.
    return frame.with_columns(
        pl.when(pl.col("parent_code") == "").then(None).otherwise(pl.col("parent_code")).alias("parent_code")
    ).select("code", "name", "level", "parent_code")


def reference_files(reference_dir: Path = REFERENCE_DIR) -> list[Path]:
    """The shipped lists the warehouse's dimensions are loaded from."""
    return [Path(reference_dir) / FUNCTION_FILE, *(Path(reference_dir) / f for f in ECONOMIC_FILES.values())]


@lru_cache(maxsize=4)
def function_classes(reference_dir: Path = REFERENCE_DIR) -> pl.DataFrame:
    """code, name, level (类/款/项), parent_code of the shipped function list."""
    return _read(Path(reference_dir) / FUNCTION_FILE)


@lru_cache(maxsize=4)
def economic_classes(reference_dir: Path = REFERENCE_DIR) -> pl.DataFrame:
    """scheme (department/government), code, name, level (类/款), parent_code of both lists."""
    frames = [
        _read(Path(reference_dir) / file).with_columns(pl.lit(scheme).alias("scheme"))
        for scheme, file in ECONOMIC_FILES.items()
    ]
    return pl.concat(frames).select("scheme", "code", "name", "level", "parent_code")
