"""`budget-etl bench`: how fast the pipeline is on an inbox of PDFs, next to camelot's default
and to the cost of reading every page's text. The measuring, the figures and the text of the
report are in the benchmark package (benchmark/__init__.py lists its modules); this command
chooses what to run from its options, and prints and writes the report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from budget_etl import settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser(
        "bench",
        help="benchmark the pipeline against camelot's default and the text-read floor",
        description=(
            "For each PDF of the inbox, in fresh processes: baseline (camelot lattice, default engine, "
            "all pages), floor (pypdfium2 text of all pages), extraction (triage + tables + narrative), "
            "end to end (into a temporary DuckDB). Then the whole inbox with --workers processes."
        ),
    )
    bench.add_argument(
        "--inbox",
        type=Path,
        default=None,
        help=f"folder of PDFs (default: the three samples in {settings.SAMPLES_DIR})",
    )
    bench.add_argument("--json", type=Path, default=None, help="write every figure to this JSON file")
    bench.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes for the inbox run; with N > 1 it is run with 1 and with N",
    )
    bench.add_argument(
        "--baseline-pages",
        type=int,
        default=None,
        metavar="N",
        help="cap the baseline at N pages spread over each document, extrapolated per page",
    )
    bench.add_argument(
        "--mode",
        choices=("dagster", "plain"),
        default="dagster",
        help="end to end through the Dagster job (execute_in_process, default) or the plain functions",
    )
    bench.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="floor, extraction and end to end: N timed passes after a first (cold) one; the median is reported",
    )
    bench.add_argument("--limit", type=int, default=None, help="only the first N PDFs of the inbox (by name)")
    bench.add_argument(
        "--steps",
        default="baseline,floor,extraction,end_to_end",
        help="per-document steps to measure (comma-separated; default: all four)",
    )
    bench.add_argument(
        "--no-documents", action="store_true", help="skip the per-document steps (baseline/floor/extraction/end to end)"
    )
    bench.add_argument("--no-throughput", action="store_true", help="skip the inbox run with --workers processes")
    bench.add_argument(
        "--scaling",
        default=None,
        metavar="1,10,50",
        help="also run the first K documents for each K, with 1 and --workers processes",
    )
    bench.set_defaults(handler=bench_command)


def bench_command(args: argparse.Namespace) -> int:
    from benchmark.machine import load_average, machine_info
    from benchmark.pdfs import inbox_pdfs
    from benchmark.per_document import measure_document
    from benchmark.printout import format_report
    from benchmark.runners import MODE_DESCRIPTIONS
    from benchmark.stats import summarise
    from benchmark.steps import BASELINE_CALL, STEPS
    from benchmark.targets import targets
    from benchmark.throughput import run_inbox_throughput, scaling_runs

    inbox = args.inbox or settings.SAMPLES_DIR
    if not Path(inbox).is_dir():
        print(f"budget-etl bench: inbox {inbox} does not exist", file=sys.stderr)
        return 2
    pdfs = inbox_pdfs(inbox, args.limit)
    if not pdfs:
        print(f"budget-etl bench: no PDF in {inbox}", file=sys.stderr)
        return 2
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        print(f"budget-etl bench: unknown step(s) {unknown}; choose from {', '.join(STEPS)}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("budget-etl bench: --workers must be at least 1", file=sys.stderr)
        return 2

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    started = time.time()
    report: dict = {
        "machine": machine_info(),
        "inbox": str(Path(inbox).resolve()),
        "mode": args.mode,
        "end_to_end": MODE_DESCRIPTIONS[args.mode],
        "baseline": {"call": BASELINE_CALL, "pages_cap": args.baseline_pages},
        "repeat": args.repeat,
        "timing": "wall seconds of each step's work in a fresh process, after its imports; "
        "peak RSS of that process (ru_maxrss via wait4)",
        "documents": [],
    }
    if not args.no_documents:
        say(f"per document ({len(pdfs)} PDFs, each step in a fresh process):")
        for pdf in pdfs:
            report["documents"].append(
                measure_document(
                    pdf,
                    baseline_pages=args.baseline_pages,
                    mode=args.mode,
                    repeat=args.repeat,
                    steps=steps,
                    progress=say,
                )
            )
    report.update(summarise(report["documents"]))

    report["throughput"] = []
    if not args.no_throughput:
        for workers in sorted({1, args.workers}):
            say(f"inbox run: {len(pdfs)} documents, {workers} worker(s)")
            report["throughput"].append(run_inbox_throughput(pdfs, workers, args.mode, progress=say))
    if args.scaling:
        sizes = [int(s) for s in args.scaling.split(",") if s.strip()]
        all_pdfs = inbox_pdfs(inbox)
        too_big = [s for s in sizes if s > len(all_pdfs)]
        if too_big:
            say(f"scaling: only {len(all_pdfs)} PDFs in {inbox}; sizes {too_big} run with all of them")
        report["scaling"] = scaling_runs(all_pdfs, sizes, args.workers, args.mode, progress=say)
    report["targets"] = targets(report)
    report["machine"]["load_average_end"] = load_average()
    report["bench_wall_s"] = time.time() - started

    print(format_report(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0
