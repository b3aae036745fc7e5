"""The Dagster code location: `workspace.yaml` loads `defs` from here."""

import dagster as dg

from assets import checks, extract, intake, warehouse
from pipelines.jobs import process_document_job
from pipelines.resources import BudgetPaths
from pipelines.schedules import nightly_refresh
from pipelines.sensors import inbox_sensor


def build_definitions(paths: BudgetPaths | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=dg.load_assets_from_modules([intake, extract, checks, warehouse]),
        asset_checks=dg.load_asset_checks_from_modules([checks]),
        jobs=[process_document_job],
        sensors=[inbox_sensor],
        schedules=[nightly_refresh],
        resources={"paths": paths or BudgetPaths.from_environment()},
    )


defs = build_definitions()
