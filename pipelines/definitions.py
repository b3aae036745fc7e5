"""The Dagster code location: `workspace.yaml` loads `defs` from here."""

import dagster as dg

from assets import extract, intake, normalise, quality, warehouse
from pipelines.io_manager import PartitionParquetIOManager
from pipelines.jobs import process_document_job
from pipelines.resources import BudgetPaths
from pipelines.schedules import nightly_refresh
from pipelines.sensors import inbox_sensor

# The stages in flow order: intake -> extract -> normalise -> quality -> warehouse.
ASSET_MODULES = [intake, extract, normalise, quality, warehouse]


def all_assets() -> list:
    """Every asset of the code location (the asset checks are on the warehouse tables)."""
    return dg.load_assets_from_modules(ASSET_MODULES)


def build_definitions(paths: BudgetPaths | None = None) -> dg.Definitions:
    paths = paths or BudgetPaths.from_environment()
    return dg.Definitions(
        assets=all_assets(),
        jobs=[process_document_job],
        sensors=[inbox_sensor],
        schedules=[nightly_refresh],
        # Frames between steps: parquet per asset and partition under the staging folder.
        resources={"paths": paths, "io_manager": PartitionParquetIOManager(root=paths.staging)},
    )


defs = build_definitions()
