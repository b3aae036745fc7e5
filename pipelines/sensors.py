"""The inbox sensor: new or changed PDFs (by SHA-256) become partitions and runs."""

import json

import dagster as dg

from pipelines.inbox_scan import scan_inbox
from pipelines.jobs import process_document_job
from pipelines.partitions import FILE_VERSION_TAG, documents_partitions
from pipelines.resources import BudgetPaths


@dg.sensor(
    job=process_document_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Registers new and changed PDFs in the inbox (by SHA-256, once their size is "
    "stable over two ticks) as document partitions and requests one run per new file version.",
)
def inbox_sensor(context: dg.SensorEvaluationContext, paths: BudgetPaths):
    cursor = json.loads(context.cursor) if context.cursor else {}
    requested = set(cursor.get("requested", []))
    scan = scan_inbox(paths.inbox_dir, cursor.get("sizes", {}))
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    new_keys = sorted({r.version.partition_key for r in scan.ready} - known)
    # The run key is the file digest: the same bytes never run twice, under any name.
    to_run = [r for r in scan.ready if r.duplicate_of is None and r.version.sha256 not in requested]
    run_requests = [
        dg.RunRequest(
            run_key=r.version.sha256,
            partition_key=r.version.partition_key,
            tags={"budget_etl/file": r.version.file_name, FILE_VERSION_TAG: r.version.sha256},
        )
        for r in to_run
    ]
    requested.update(r.version.sha256 for r in to_run)
    waiting = f"; still being written: {', '.join(scan.still_writing)}" if scan.still_writing else ""
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=[documents_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps({"sizes": scan.sizes, "requested": sorted(requested)}),
        skip_reason=None if run_requests else f"no new file versions{waiting}",
    )
