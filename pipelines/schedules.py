"""Nightly refresh at 02:00 Beijing time: pick up what changed and retry what failed."""

import dagster as dg

from pipelines.inbox_scan import scan_inbox
from pipelines.jobs import process_document_job
from pipelines.partitions import FILE_VERSION_TAG, documents_partitions
from pipelines.resources import BudgetPaths


def _needs_run(instance: dg.DagsterInstance, partition_key: str) -> bool:
    """Never run, or its last run did not succeed."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(job_name=process_document_job.name, tags={"dagster/partition": partition_key}),
        limit=1,
    )
    return not runs or runs[0].status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)


@dg.schedule(
    job=process_document_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Nightly: registers the inbox, runs every new file version and re-runs the "
    "documents whose last run failed (a fix to the code or the file may have landed).",
)
def nightly_refresh(context: dg.ScheduleEvaluationContext, paths: BudgetPaths):
    scan = scan_inbox(paths.inbox_dir, None)
    instance = context.instance
    known = set(instance.get_dynamic_partitions(documents_partitions.name))
    new_keys = sorted({r.version.partition_key for r in scan.ready} - known)
    if new_keys:
        instance.add_dynamic_partitions(documents_partitions.name, new_keys)
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    requests = []
    for reg in scan.ready:
        key = reg.version.partition_key
        if reg.duplicate_of is not None:
            continue
        if reg.is_new or _needs_run(instance, key):
            requests.append(
                dg.RunRequest(
                    run_key=f"{day}:{reg.version.sha256}",
                    partition_key=key,
                    tags={FILE_VERSION_TAG: reg.version.sha256},
                )
            )
    return requests or dg.SkipReason("nothing new or failed in the inbox")
