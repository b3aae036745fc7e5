"""The child-process protocol: each measured step runs in a fresh Python process.

The parent (``measure_step``) spawns ``python -m benchmark.child STEP PDF --out FILE``, waits for
it with ``os.wait4`` (whose ``ru_maxrss`` is the child's own peak RSS, interpreter and imports
included) and reads the step's result, JSON, from FILE; the child's stdout and stderr go to a
log whose tail is the error when the child fails. The child (``child_main``) runs one step of
benchmark/steps.py and writes its result, or the error it raised. A fresh process per step
keeps one step's imports, caches and peak memory out of another's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmark.clock import vm_hwm_mb
from benchmark.runners import MODES
from benchmark.stats import ratio
from benchmark.steps import STEPS, step_baseline, step_end_to_end, step_extraction, step_floor
from budget_etl.settings import PROJECT_ROOT

CHILD_TIMEOUT_S = 3600


@dataclass
class StepMeasure:
    step: str
    status: str
    seconds: float | None
    cpu_s: float | None
    import_s: float | None
    peak_rss_mb: float | None  # the child's ru_maxrss (os.wait4)
    process_s: float  # the child's whole life, interpreter start and imports included
    detail: dict = field(default_factory=dict)
    error: str | None = None

    def as_dict(self, pages: int) -> dict:
        return {
            "status": self.status,
            "seconds": self.seconds,
            "cpu_s": self.cpu_s,
            "pages_per_s": ratio(pages, self.seconds),
            "peak_rss_mb": self.peak_rss_mb,
            "import_s": self.import_s,
            "process_s": self.process_s,
            "detail": self.detail,
            **({"error": self.error} if self.error else {}),
        }


def measure_step(
    step: str,
    pdf: Path,
    *,
    pages: list[int] | None = None,
    mode: str = "dagster",
    repeat: int = 3,
    timeout: float = CHILD_TIMEOUT_S,
) -> StepMeasure:
    """Run one step on one PDF in a fresh Python process; its seconds, CPU and peak RSS."""
    with tempfile.TemporaryDirectory(prefix=f"bench_{step}_") as tmp:
        out = Path(tmp) / "result.json"
        log = Path(tmp) / "child.log"
        cmd = [sys.executable, "-m", "benchmark.child", step, str(Path(pdf).resolve()), "--out", str(out)]
        if pages:
            cmd += ["--pages", ",".join(map(str, pages))]
        if step == "end_to_end":
            cmd += ["--mode", mode, "--workdir", str(Path(tmp) / "work")]
        cmd += ["--repeat", str(repeat)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BUDGET_ETL_", "DAGSTER_HOME"))}
        env["PYTHONWARNINGS"] = "ignore"
        t0 = time.perf_counter()
        with open(log, "w") as log_handle:
            proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log_handle, stderr=subprocess.STDOUT)
            status, usage = _wait4(proc, timeout)
        process_s = time.perf_counter() - t0
        rss_kb = usage.ru_maxrss if usage else None
        peak = (rss_kb / 1024 if sys.platform != "darwin" else rss_kb / 1024 / 1024) if rss_kb else None
        if status != 0 or not out.exists():
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            return StepMeasure(
                step, "failed", None, None, None, peak, process_s, error=f"child exited with {status}: {tail}"
            )
        result = json.loads(out.read_text(encoding="utf-8"))
    if result.get("status") != "ok":
        return StepMeasure(step, "failed", None, None, None, peak, process_s, error=result.get("error"))
    return StepMeasure(
        step=step,
        status="ok",
        seconds=result["seconds"],
        cpu_s=result.get("cpu_s"),
        import_s=result.get("import_s"),
        peak_rss_mb=peak or result.get("vm_hwm_mb"),
        process_s=process_s,
        detail=result.get("detail", {}),
    )


def _wait4(proc: subprocess.Popen, timeout: float):
    """Wait for ``proc`` and return (exit status, its rusage): the child's own peak RSS."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        if time.monotonic() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            return "timeout", usage
        time.sleep(0.05)


# ---------------------------------------------------------------- the child's side


def child_main(argv: list[str] | None = None) -> int:
    """``python -m benchmark.child STEP PDF --out FILE``: one step, its result as JSON in FILE."""
    ap = argparse.ArgumentParser(prog="python -m benchmark.child")
    ap.add_argument("step", choices=STEPS)
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pages", default=None, help="baseline: comma-separated 1-based pages")
    ap.add_argument("--mode", choices=MODES, default="dagster")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="warm passes (floor, extraction, end to end)")
    args = ap.parse_args(argv)
    try:
        if args.step == "baseline":
            pages = [int(p) for p in args.pages.split(",")] if args.pages else None
            result = step_baseline(args.pdf, pages)
        elif args.step == "floor":
            result = step_floor(args.pdf, args.repeat)
        elif args.step == "extraction":
            result = step_extraction(args.pdf, args.repeat)
        else:
            workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_e2e_"))
            result = step_end_to_end(args.pdf, args.mode, workdir, args.repeat)
        result["status"] = "ok"
    except Exception as err:  # noqa: BLE001 - the parent records the failure
        result = {"status": "failed", "error": f"{type(err).__name__}: {err}"}
    result["vm_hwm_mb"] = vm_hwm_mb()
    args.out.write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
