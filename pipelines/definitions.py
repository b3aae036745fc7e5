"""The Dagster code location: `workspace.yaml` loads `defs` from here."""

import dagster as dg

from assets import checks, extract, intake, warehouse
from pipelines.jobs import process_document_job
from pipelines.resources import BudgetPaths
from pipelines.schedules import nightly_refresh
from pipelines.sensors import inbox_sensor


# The stages in flow order: intake -> extract -> quality -> warehouse.
ASSET_MODULES = [intake, extract, checks, warehouse]


def all_assets() -> list:
    """Every asset and asset check of the code location (also what tests materialise)."""
    return [*dg.load_assets_from_modules(ASSET_MODULES), *dg.load_asset_checks_from_modules([checks])]


def build_definitions(paths: BudgetPaths | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_modules(ASSET_MODULES),
        asset_checks=dg.load_asset_checks_from_modules([checks]),
        jobs=[process_document_job],
        sensors=[inbox_sensor],
        schedules=[nightly_refresh],
        resources={"paths": paths or BudgetPaths.from_environment()},
    )


defs = build_definitions()
