"""One document end to end, from an inbox into a DuckDB file, in either mode of the benchmark.

``mode="dagster"`` (the default) registers the file and runs the ``process_document`` job with
``execute_in_process``: what ``budget-etl run`` and the nightly refresh execute, asset checks
and Dagster's own overhead included (the webserver is not involved). ``mode="plain"`` calls the
plain functions the assets wrap and times each one. The end-to-end step (benchmark/steps.py)
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
        "plain functions: read_document, extract_tables, extract_narrative_facts, parquet staging, "
        "build_facts, quality checks (evaluate_document: GX suites + identities), gated load (no Dagster)"
    ),
}


class PlainRunner:
    """The plain functions the assets wrap, timed one by one."""

    @staticmethod
    def imports() -> None:
        import camelot  # noqa: F401
        import duckdb  # noqa: F401
        import polars  # noqa: F401

        import budget_etl.extraction  # noqa: F401
        import budget_etl.narrative  # noqa: F401
        import budget_etl.normalise  # noqa: F401
        import budget_etl.warehouse  # noqa: F401

        gx_runtime()

    def __init__(self, inbox: Path, warehouse: Path, staging: Path):
        self.inbox, self.warehouse, self.staging = inbox, warehouse, staging

    def process_all(self) -> list[dict]:
        return [self.process(p) for p in inbox_pdfs(self.inbox)]

    def process(self, pdf: Path) -> dict:
        from budget_etl.documents import DocumentRejected, read_document
        from budget_etl.extraction import extract_tables
        from budget_etl.narrative import extract_narrative_facts
        from budget_etl.normalise import build_facts
        from budget_etl.warehouse import load_document

        parts: dict[str, float] = {}
        t0 = time.perf_counter()

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            parts[name] = now - since
            return now

        try:
            doc = read_document(pdf)
            t = lap("read_and_identify", t0)
            extraction = extract_tables(doc.path, list(doc.page_texts), doc.document_id)
            t = lap("tables", t)
            narrative = extract_narrative_facts(list(doc.page_texts), doc.document_id)
            t = lap("narrative", t)
            out = self.staging / doc.document_id
            out.mkdir(parents=True, exist_ok=True)
            extraction.raw_cells.write_parquet(out / "raw_cells.parquet")
            extraction.raw_tables.write_parquet(out / "raw_tables.parquet")
            extraction.staged.write_parquet(out / "staged_amounts.parquet")
            narrative.write_parquet(out / "narrative_facts.parquet")
            t = lap("parquet", t)
            facts = build_facts(doc, extraction.staged, narrative, tables=extraction.raw_tables)
            t = lap("normalise", t)
            quality = _quality_api()
            if quality:
                evaluate_document, load_checked_document = quality
                # as assets/checks.py + assets/warehouse.py: every check (GX suites, identities,
                # the normaliser's findings), then the gated load
                q = evaluate_document(
                    doc, extraction.staged, narrative, raw_tables=extraction.raw_tables, facts=facts,
                    problems=tuple(extraction.problems),
                )
                checks = {"how": "budget_etl.quality.evaluate.evaluate_document", "results": q.results.height,
                          "status": q.status}
                t = lap("checks", t)
                rows = load_checked_document(self.warehouse, doc.dim_document_row(q.status), facts, q)
            else:
                checks = _run_gx_suites(extraction.staged, narrative, facts)
                t = lap("checks", t)
                rows = load_document(self.warehouse, doc.dim_document_row("passed"), facts)
            lap("load", t)
        except DocumentRejected as err:
            return {"file": pdf.name, "status": "rejected", "reason": err.message, "parts_s": parts}
        except Exception as err:  # noqa: BLE001 - a failed document is a result, not a crash
            return {"file": pdf.name, "status": "failed", "reason": f"{type(err).__name__}: {err}", "parts_s": parts}
        parts.update({f"tables.{k}": v for k, v in extraction.seconds.items()})
        return {
            "file": pdf.name,
            "status": "loaded",
            "pages": doc.page_count,
            "seconds": time.perf_counter() - t0,
            "load_s": parts["load"],
            "parts_s": parts,
            "camelot_s": extraction.seconds.get("camelot"),
            "camelot_pages": extraction.pages_sent_to_camelot,
            "checks": checks,
            "rows_loaded": sum(rows.values()),
        }


def _quality_api():
    """(evaluate_document, load_checked_document) of budget_etl.quality, if it has them."""
    try:
        from budget_etl.quality.evaluate import evaluate_document
        from budget_etl.quality.gate import load_checked_document
    except ImportError:
        return None
    return evaluate_document, load_checked_document


def gx_runtime():
    """Import GX and build its context once (budget_etl.quality.gx_suites), if it is there."""
    try:
        from budget_etl.quality import gx_suites
    except ImportError:
        return None
    runtime = getattr(gx_suites, "_runtime", None)
    if runtime is not None:
        runtime()
    return gx_suites


def _run_gx_suites(staged, narrative, facts: dict) -> dict:
    """Every GX suite of expectations/ over the frame of the same name: the checks' cost in
    plain mode (the accounting identities are cheap next to GX and are not run here)."""
    gx_suites = gx_runtime()
    if gx_suites is None or not hasattr(gx_suites, "run_suite"):
        return {"ran": 0, "note": "budget_etl.quality.gx_suites not available: no checks run"}
    frames = {"staged_amounts": staged, "narrative_facts": narrative, **facts}
    ran, failed, errors = 0, 0, []
    for name in gx_suites.suite_names():
        frame = frames.get(name)
        if frame is None:
            continue
        try:
            results = gx_suites.run_suite(name, frame)
        except Exception as err:  # noqa: BLE001 - report, keep measuring
            errors.append(f"{name}: {type(err).__name__}: {err}")
            continue
        ran += 1
        failed += sum(1 for r in results if not getattr(r, "passed", True))
    return {"ran": ran, "expectations_failed": failed, "errors": errors}


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
            return {"file": path.name, "status": status, "reason": version.rejected_reason or reg.duplicate_of,
                    "register_s": register_s, "seconds": register_s}
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
