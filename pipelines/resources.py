"""The folders the assets read and write, as one resource so tests can point them elsewhere."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from budget_etl import settings


class BudgetPaths(dg.ConfigurableResource):
    inbox: str
    warehouse: str
    staging: str  # where the IO manager keeps each step's frames (pipelines/io_manager.py)

    @classmethod
    def from_environment(cls) -> BudgetPaths:
        return cls(
            inbox=str(settings.inbox_dir()),
            warehouse=str(settings.warehouse_path()),
            staging=str(settings.staging_dir()),
        )

    @property
    def inbox_dir(self) -> Path:
        return Path(self.inbox)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse)
