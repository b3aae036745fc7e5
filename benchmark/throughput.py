"""Many documents with N worker processes into one warehouse, and runs of growing inbox size.

``run_inbox_throughput`` processes many documents with N worker processes (ProcessPoolExecutor,
spawn), every worker loading into one warehouse; ``budget_etl.duckdb_warehouse`` serialises the loads
(file lock + copy-and-swap), so the load is timed per document to show whether it becomes the
bottleneck. Wall-clock time there includes starting the workers and their imports.
"""

from __future__ import annotations

import os
import tempfile
import time
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from benchmark.clock import cpu_s, vm_hwm_mb
from benchmark.machine import load_average, machine_cpu
from benchmark.pdfs import link
from benchmark.runners import RUNNERS, DagsterRunner
from benchmark.stats import summarise_scaling

_WORKER: dict = {}


def _worker_init(mode: str, inbox: str, warehouse: str, staging: str) -> None:
    started = time.time()
    warnings.simplefilter("ignore")
    runner = RUNNERS[mode]
    runner.imports()
    _WORKER["runner"] = runner(Path(inbox), Path(warehouse), Path(staging))
    _WORKER["init_s"] = time.time() - started
    _WORKER["ready_at"] = time.time()


def _worker_process(job: dict) -> dict:
    runner = _WORKER["runner"]
    started = time.time()
    if isinstance(runner, DagsterRunner):
        result = runner.register_and_process(Path(job["path"]))
    else:
        result = runner.process(Path(job["path"]))
    result.update(
        pid=os.getpid(),
        worker_init_s=_WORKER["init_s"],
        worker_ready_at=_WORKER["ready_at"],
        started_at=started,
        ended_at=time.time(),
        worker_peak_rss_mb=vm_hwm_mb(),
        worker_cpu_s=cpu_s(),  # cumulative for this worker process
    )
    return result


def run_inbox_throughput(pdfs: Sequence[Path], workers: int, mode: str = "dagster", progress=None) -> dict:
    """Process ``pdfs`` with ``workers`` processes into one fresh warehouse; wall-clock seconds
    from the start (worker start-up and imports included) to the last load.

    Each worker takes the next document (largest files first), registers it in the inbox
    registry (Dagster mode; ``register_file`` is serialised by the registry's lock, as for the
    sensor) and runs the job for its partition; loads are serialised by the warehouse's lock."""
    import multiprocessing

    pdfs = [Path(p).resolve() for p in pdfs]
    with tempfile.TemporaryDirectory(prefix="bench_throughput_") as tmp:
        tmp = Path(tmp)
        inbox = tmp / "inbox"
        inbox.mkdir()
        for p in pdfs:
            link(p, inbox / p.name)
        warehouse, staging = tmp / "warehouse.duckdb", tmp / "staging"
        load_before = load_average()
        machine_before = machine_cpu()
        parent_cpu_before = cpu_s()
        t0 = time.time()
        # Largest files first, so no worker is left with a big document at the end. In Dagster
        # mode each worker registers the file it takes (budget_etl.inbox.register_file).
        ordered = sorted(pdfs, key=lambda p: (-p.stat().st_size, p.name))
        jobs = [{"path": str(inbox / p.name), "file": p.name} for p in ordered]
        results = []
        pool_started = time.time()
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_worker_init,
            initargs=(mode, str(inbox), str(warehouse), str(staging)),
        ) as pool:
            futures = [pool.submit(_worker_process, j) for j in jobs]
            for fut in as_completed(futures):
                r = fut.result()
                results.append(r)
                if progress:
                    progress(f"    [{len(results)}/{len(jobs)}] {r['file']}: {r['status']} {r.get('seconds', 0):.2f} s")
        wall = time.time() - t0
        load_after = load_average()
        machine_after = machine_cpu()
        parent_cpu = cpu_s() - parent_cpu_before
    loaded = [r for r in results if r["status"] == "loaded"]
    rejected = [r["file"] for r in results if r["status"] in ("rejected", "duplicate")]
    register_s = sum(r.get("register_s") or 0.0 for r in results)
    first_ready = min((r["worker_ready_at"] for r in results), default=t0)
    pages = sum(r.get("pages") or 0 for r in loaded)
    per_worker_peak: dict[int, float] = {}
    for r in results:
        per_worker_peak[r["pid"]] = max(per_worker_peak.get(r["pid"], 0.0), r["worker_peak_rss_mb"])
    load_total = sum(r.get("load_s") or 0.0 for r in loaded)
    worker_cpu: dict[int, float] = {}
    for r in results:
        worker_cpu[r["pid"]] = max(worker_cpu.get(r["pid"], 0.0), r["worker_cpu_s"])
    ours = sum(worker_cpu.values()) + parent_cpu
    others = None
    if machine_before and machine_after:
        busy = machine_after[0] - machine_before[0]
        # CPU seconds other processes used during the run (worker start-up before the first
        # document is not in the workers' figures, so this is an upper bound)
        others = max(0.0, busy - ours)
    order = sorted(loaded, key=lambda r: r["ended_at"])
    return {
        "documents": len(pdfs),
        "loaded": len(loaded),
        "failed": [f"{r['file']}: {(r.get('reason') or '')[:200]}" for r in results if r["status"] == "failed"],
        "rejected": rejected,
        "pages": pages,
        "workers": workers,
        "mode": mode,
        "wall_s": wall,
        "register_s": register_s,
        # from creating the pool to the first worker ready: process spawn, imports, definitions
        "worker_startup_s": first_ready - pool_started if results else None,
        "wall_after_first_worker_ready_s": wall - (first_ready - t0),
        "steady_seconds_per_document": (wall - (first_ready - t0)) / len(loaded) if loaded else None,
        "seconds_per_document": wall / len(loaded) if loaded else None,
        "pages_per_s": pages / wall if wall else None,
        "sum_document_s": sum(r["seconds"] for r in loaded),
        "load_s_total": load_total,
        "load_share_of_wall": load_total / wall if wall else None,
        "load_s_first_last": [order[0]["load_s"], order[-1]["load_s"]] if order else None,
        "peak_rss_mb_per_worker": sorted(per_worker_peak.values()),
        "cpu_s_workers": sum(worker_cpu.values()),
        "cpu_s_per_document": sum(worker_cpu.values()) / len(loaded) if loaded else None,
        "cpu_s_other_processes": others,
        "load_average_before_after": [load_before, load_after],
        "per_document": [
            {
                k: r.get(k)
                for k in ("file", "pages", "camelot_pages", "seconds", "load_s", "register_s", "status", "pid")
            }
            for r in results
        ],
    }


def scaling_runs(pdfs: Sequence[Path], sizes: Sequence[int], workers: int, mode: str, progress=None) -> dict:
    """Throughput on the first 1, 10, 50… documents with one worker and with ``workers``."""
    runs = []
    for size in sizes:
        subset = list(pdfs)[:size]
        for w in sorted({1, workers}):
            if progress:
                progress(f"  scaling: {len(subset)} documents, {w} worker(s)")
            run = run_inbox_throughput(subset, w, mode, progress=None)
            runs.append(run)
    return summarise_scaling(runs)
