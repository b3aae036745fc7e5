"""The one job: every stage of one document partition."""

import dagster as dg

process_document_job = dg.define_asset_job(
    name="process_document",
    selection=dg.AssetSelection.all(),
    description="Intake, extraction, staging, checks and warehouse load of one document.",
)
