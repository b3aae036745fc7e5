"""The one job: every stage of one document partition."""

import dagster as dg

process_document_job = dg.define_asset_job(
    name="process_document",
    selection=dg.AssetSelection.all(),
    description="Intake, extraction, staging, checks and warehouse load of one document.",
    # Transient errors only: deterministic failures are raised with allow_retries=False
    # (assets/failures.py), so a bad PDF fails once and says why.
    op_retry_policy=dg.RetryPolicy(
        max_retries=3, delay=2, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
    ),
)
