"""One document end to end, from an inbox into a DuckDB file, in either mode of the benchmark.

``mode="dagster"`` (the default) registers the file and runs the ``process_document`` job with
``execute_in_process``: what ``budget-etl run`` and the nightly refresh execute, asset checks
and Dagster's own overhead included (the webserver is not involved). ``mode="plain"`` runs the
same stage functions the assets call, in the same order (``budget_etl.stages.process_document``),
and times each one. The end-to-end step (benchmark/steps.py)
and the inbox workers (benchmark/throughput.py) both use these runners.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmark.pdfs import inbox_pdfs

MODES = ("dagster", "plain")
MODE_DESCRIPTIONS = {
    "dagster": (
        "Dagster: inbox registration + process_document job via execute_in_process (ephemeral "
        "instance, in-process executor; asset checks and Dagster overhead included, webserver not)"
    ),
    "plain": (
        "plain functions: budget_etl.stages in the assets' order (read_document, tables, narrative, parquet "
        "staging, normalise, quality checks: GX suites + identities, gated load; no Dagster)"
    ),
}


# The report's name for the seconds of each stage of budget_etl.stages (parts_s), by stage.
PART_NAMES = {
    "document": "read_and_identify",
    "budget_tables": "tables",
    "narrative_facts": "narrative",
    "document_facts": "normalise",
    "document_quality": "checks",
    "warehouse_tables": "load",
}


def staged_frames(stage: str, value) -> dict:
    """The frames plain mode writes as parquet after a stage, as Dagster's IO manager stages the
    extraction's outputs for the next step (the later outputs are not written)."""
    if stage == "budget_tables":
        return {"raw_cells": value.raw_cells, "raw_tables": value.raw_tables, "staged_amounts": value.staged}
    if stage == "narrative_facts":
        return {"narrative_facts": value}
    return {}


class StageLaps:
    """The ``on_stage`` hook of ``budget_etl.stages.process_document``: the seconds of each stage,
    by its report name, and (with ``staging``) the parquet writes after each, timed apart."""

    def __init__(self, staging: Path | None = None):
        self.staging = staging
        self.parts: dict[str, float] = {}
        self.document_id: str | None = None
        self.started = self.last = time.perf_counter()

    def __call__(self, stage: str, value) -> None:
        now = time.perf_counter()
        self.parts[PART_NAMES[stage]] = now - self.last
        if stage == "document":
            self.document_id = value.document_id
        frames = staged_frames(stage, value) if self.staging is not None else {}
        if frames:
            out = self.staging / self.document_id
            out.mkdir(parents=True, exist_ok=True)
            for name, frame in frames.items():
                frame.write_parquet(out / f"{name}.parquet")
            self.parts["parquet"] = self.parts.get("parquet", 0.0) + time.perf_counter() - now
        self.last = time.perf_counter()


class PlainRunner:
    """The stages of budget_etl.stages, as the assets run them, without Dagster: timed one by one."""

    @staticmethod
    def imports() -> None:
        import camelot  # noqa: F401
        import duckdb  # noqa: F401
        import polars  # noqa: F401

        import budget_etl.stages  # noqa: F401

        gx_runtime()

    def __init__(self, inbox: Path, warehouse: Path, staging: Path):
        self.inbox, self.warehouse, self.staging = inbox, warehouse, staging

    def process_all(self) -> list[dict]:
        return [self.process(p) for p in inbox_pdfs(self.inbox)]

    def process(self, pdf: Path) -> dict:
        from budget_etl.documents import DocumentRejected
        from budget_etl.stages import process_document

        laps = StageLaps(self.staging)
        try:
            run = process_document(pdf, self.warehouse, on_stage=laps)
        except DocumentRejected as err:
            return {"file": pdf.name, "status": "rejected", "reason": err.message, "parts_s": laps.parts}
        except Exception as err:  # noqa: BLE001 - a failed document is a result, not a crash
            return {
                "file": pdf.name,
                "status": "failed",
                "reason": f"{type(err).__name__}: {err}",
                "parts_s": laps.parts,
            }
        seconds = time.perf_counter() - laps.started
        extraction, quality = run.budget_tables, run.document_quality
        parts = {**laps.parts, **{f"tables.{k}": v for k, v in extraction.seconds.items()}}
        return {
            "file": pdf.name,
            "status": "loaded",
            "pages": run.document.page_count,
            "seconds": seconds,
            "load_s": parts["load"],
            "parts_s": parts,
            "camelot_s": extraction.seconds.get("camelot"),
            "camelot_pages": extraction.pages_sent_to_camelot,
            "checks": {
                "how": "budget_etl.stages.check_document",
                "results": quality.results.height,
                "status": quality.status,
            },
            "rows_loaded": sum(run.warehouse_tables.rows.values()),
        }


def gx_runtime() -> None:
    """Import GX and build its context once (budget_etl.quality.gx_suites), as the first check would."""
    from budget_etl.quality import gx_suites

    gx_suites._runtime()


class DagsterRunner:
    """The process_document job, in process, as ``budget-etl run`` runs it."""

    QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}

    @staticmethod
    def imports() -> None:
        import camelot  # noqa: F401
        import dagster  # noqa: F401

        import pipelines.definitions  # noqa: F401

        gx_runtime()  # GX would be imported by the first asset check; pay it here, once

    def __init__(self, inbox: Path, warehouse: Path, staging: Path, register: bool = True):
        import dagster as dg

        from pipelines.definitions import build_definitions
        from pipelines.resources import BudgetPaths

        self.inbox = inbox
        self.instance = dg.DagsterInstance.ephemeral()
        paths = BudgetPaths(inbox=str(inbox), warehouse=str(warehouse), staging=str(staging))
        self.job = build_definitions(paths).resolve_job_def("process_document")
        self.register = register

    def process_all(self) -> list[dict]:
        from pipelines.inbox_scan import scan_inbox

        t0 = time.perf_counter()
        scan = scan_inbox(self.inbox, None)
        register_s = (time.perf_counter() - t0) / max(1, len(scan.ready))
        out = []
        for reg in scan.ready:
            result = self.process(reg.version.partition_key, reg.version.sha256, reg.version.file_name)
            result["register_s"] = register_s
            result["seconds"] = result.get("seconds", 0.0) + register_s
            out.append(result)
        return out

    def register_and_process(self, path: Path) -> dict:
        """Register one inbox file (as the sensor and ``budget-etl run`` do; the registry's
        lock serialises concurrent workers) and run its partition."""
        from budget_etl.inbox import register_file

        t0 = time.perf_counter()
        reg = register_file(self.inbox, path)
        register_s = time.perf_counter() - t0
        version = reg.version
        if version.rejected_reason_code or reg.duplicate_of:
            status = "rejected" if version.rejected_reason_code else "duplicate"
            return {
                "file": path.name,
                "status": status,
                "reason": version.rejected_reason or reg.duplicate_of,
                "register_s": register_s,
                "seconds": register_s,
            }
        result = self.process(version.partition_key, version.sha256, version.file_name)
        result["register_s"] = register_s
        result["seconds"] = result.get("seconds", 0.0) + register_s
        return result

    def process(self, partition_key: str, sha256: str, file_name: str) -> dict:
        from pipelines.partitions import FILE_VERSION_TAG, documents_partitions

        t0 = time.perf_counter()
        self.instance.add_dynamic_partitions(documents_partitions.name, [partition_key])
        result = self.job.execute_in_process(
            partition_key=partition_key,
            instance=self.instance,
            tags={FILE_VERSION_TAG: sha256},
            run_config=self.QUIET,
            raise_on_error=False,
        )
        seconds = time.perf_counter() - t0
        steps: dict[str, float] = {}
        checks = 0
        metadata_values: dict = {}
        for event in result.all_events:
            kind = event.event_type_value
            if kind == "STEP_SUCCESS":
                steps[event.step_key] = event.event_specific_data.duration_ms / 1000
            elif kind == "ASSET_CHECK_EVALUATION":
                checks += 1
            elif kind == "ASSET_MATERIALIZATION":
                materialization = event.event_specific_data.materialization
                metadata_values.update({k: v.value for k, v in materialization.metadata.items()})
        if not result.success:
            failures = [e for e in result.all_events if e.is_step_failure]
            reason = failures[0].step_failure_data.error.message if failures else "run failed"
            return {"file": file_name, "status": "failed", "reason": " ".join(reason.split())[:500], "steps_s": steps}
        load_s = sum(v for k, v in steps.items() if k.startswith("warehouse"))
        return {
            "file": file_name,
            "status": "loaded",
            "pages": metadata_values.get("pages"),
            "seconds": seconds,
            "load_s": load_s,
            "camelot_pages": metadata_values.get("pages_sent_to_camelot"),
            "steps_s": steps,
            "dagster_overhead_s": seconds - sum(steps.values()),
            "asset_checks_run": checks,
            "rows_loaded": metadata_values.get("rows_loaded"),
        }


RUNNERS = {"dagster": DagsterRunner, "plain": PlainRunner}
