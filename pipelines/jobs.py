"""The one job: every stage of one document partition."""

import dagster as dg

process_document_job = dg.define_asset_job(
    name="process_document",
    selection=dg.AssetSelection.all(),
    description="Intake, extraction, staging, checks and warehouse load of one document.",
    # One process per run, not per step: a document's steps are sequential anyway, and a
    # process per step re-imports Dagster and great-expectations (seconds each). Documents run
    # in parallel as separate runs (dagster.yaml: max_concurrent_runs).
    executor_def=dg.in_process_executor,
    # Transient errors only: deterministic failures are raised with allow_retries=False
    # (assets/failures.py), so a bad PDF fails once and says why.
    op_retry_policy=dg.RetryPolicy(max_retries=3, delay=2, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
)
