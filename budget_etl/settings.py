"""Where the inbox, the warehouse and the staged parquet live.

Defaults are inside the project's data/ folder; the environment variables override them for
the CLI and for `dagster dev` alike, so both work on the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_ROOT / "data" / "samples"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"


def _path(env_var: str, default: Path) -> Path:
    value = os.environ.get(env_var)
    return Path(value).expanduser().resolve() if value else default


def inbox_dir() -> Path:
    return _path("BUDGET_ETL_INBOX", PROJECT_ROOT / "data" / "inbox")


def warehouse_path() -> Path:
    return _path("BUDGET_ETL_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse" / "budget.duckdb")


def staging_dir() -> Path:
    """Where the IO manager keeps every step's frames, per asset and partition (pipelines/io_manager.py):
    the raw cell grids, staged tables, fact frames and check results, for tracing and re-runs."""
    return _path("BUDGET_ETL_STAGING", warehouse_path().parent / "staging")
