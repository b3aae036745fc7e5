"""`budget-etl run`: the Dagster job in-process over an inbox of PDFs, from a terminal or cron."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from budget_etl import settings


@dataclass
class DocumentOutcome:
    partition_key: str
    file_name: str
    status: str  # loaded, partial (some tables withheld), rejected, failed
    tables_found: int | None
    rows_loaded: int | None
    seconds: float
    reason_code: str | None = None
    reason: str = ""


# One line per document is the CLI's output; Dagster's event log stays in its instance.
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def add_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="process every PDF in the inbox into the warehouse")
    run.add_argument("--inbox", type=Path, help="folder of PDFs (default: $BUDGET_ETL_INBOX or data/inbox)")
    run.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: $BUDGET_ETL_WAREHOUSE or data/warehouse/budget.duckdb)"
    )
    run.add_argument("--only", metavar="KEY", action="append", help="run only this partition key (repeatable)")
    run.add_argument("--strict", action="store_true", help="exit non-zero if any document failed")
    run.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    # The environment is the one place the settings come from, for this process and for Dagster.
    if args.inbox:
        os.environ["BUDGET_ETL_INBOX"] = str(args.inbox.resolve())
    if args.warehouse:
        os.environ["BUDGET_ETL_WAREHOUSE"] = str(args.warehouse.resolve())
    inbox = settings.inbox_dir()
    if not args.inbox and "BUDGET_ETL_INBOX" not in os.environ:
        seed_default_inbox(inbox)
    if not inbox.is_dir():
        print(f"budget-etl: inbox {inbox} does not exist", file=sys.stderr)
        return 2
    outcomes = run_inbox(inbox, only=args.only)
    print_summary(outcomes, settings.warehouse_path())
    failed = [o for o in outcomes if o.status not in ("loaded", "partial")]
    return 1 if (args.strict and failed) else 0


def seed_default_inbox(inbox: Path) -> None:
    """On first run the default inbox is seeded with the shipped sample PDFs."""
    if inbox.exists() and any(inbox.glob("*.pdf")):
        return
    inbox.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(settings.SAMPLES_DIR.glob("*.pdf")):
        shutil.copy2(pdf, inbox / pdf.name)
    print(f"seeded {inbox} with the sample PDFs from {settings.SAMPLES_DIR}")


def run_inbox(inbox: Path, only: list[str] | None = None) -> list[DocumentOutcome]:
    # Imported here so `budget-etl --help` answers without loading Dagster.
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.inbox_scan import scan_inbox
    from pipelines.partitions import FILE_VERSION_TAG, documents_partitions
    from pipelines.resources import BudgetPaths

    scan = scan_inbox(inbox, None)
    registrations = [r for r in scan.ready if r.duplicate_of is None]
    if only:
        registrations = [r for r in registrations if r.version.partition_key in only]
        missing = set(only) - {r.version.partition_key for r in registrations}
        if missing:
            print(f"budget-etl: no such partition in {inbox}: {', '.join(sorted(missing))}", file=sys.stderr)
    for reg in scan.ready:
        if reg.duplicate_of is not None:
            print(f"  same bytes as {reg.duplicate_of}: skipped {reg.version.file_name}")

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    keys = sorted({r.version.partition_key for r in registrations})
    instance.add_dynamic_partitions(documents_partitions.name, keys)
    defs = build_definitions(BudgetPaths.from_environment())
    job = defs.resolve_job_def("process_document")

    outcomes = []
    progress = DocumentProgress(len(registrations))
    for reg in registrations:
        progress.start(reg.version.file_name)
        start = time.perf_counter()
        result = job.execute_in_process(
            partition_key=reg.version.partition_key,
            instance=instance,
            tags={FILE_VERSION_TAG: reg.version.sha256},
            run_config=QUIET_LOGS,
            raise_on_error=False,
        )
        outcome = outcome_of(result, reg, time.perf_counter() - start)
        progress.done(format_outcome(outcome))
        outcomes.append(outcome)
    progress.close()
    return outcomes


class DocumentProgress:
    """One line per document; on a terminal also a progress bar (tqdm) below those lines.

    When stdout is not a terminal (CI, cron, pipes, tests) the output is exactly the plain lines:
    tests/test_cli.py parses them. At a terminal a long run shows how far it is and which file
    it is reading. (tqdm closes its bar on its own if a run dies half way.)
    """

    def __init__(self, total: int) -> None:
        self.bar = None
        if total and sys.stdout.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="documents", unit="doc", file=sys.stdout, leave=False, dynamic_ncols=True)

    def start(self, file_name: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(file_name, refresh=True)

    def done(self, line: str) -> None:
        if self.bar is None:
            print(line, flush=True)
        else:
            self.bar.write(line, file=sys.stdout)  # printed above the bar, which stays at the bottom
            self.bar.update()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def outcome_of(result, reg, seconds: float) -> DocumentOutcome:
    metadata: dict = {}
    for event in result.get_asset_materialization_events():
        metadata.update({k: v.value for k, v in event.materialization.metadata.items()})
    reason = ""
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        if failures:
            data = failures[0].step_failure_data
            reason = (data.user_failure_data.description if data.user_failure_data else None) or data.error.message
        reason = " ".join(reason.split())
    status = "loaded" if result.success else ("rejected" if reg.version.rejected_reason_code else "failed")
    if result.success and metadata.get("quality_status") == "partial":
        status, reason = "partial", f"tables withheld by failed ERROR checks: {metadata.get('withheld_tables')}"
    return DocumentOutcome(
        partition_key=reg.version.partition_key,
        file_name=reg.version.file_name,
        status=status,
        tables_found=metadata.get("tables_found"),
        rows_loaded=metadata.get("rows_loaded"),
        seconds=seconds,
        reason_code=reg.version.rejected_reason_code,
        reason=reason,
    )


def format_outcome(o: DocumentOutcome) -> str:
    counts = f"tables={o.tables_found if o.tables_found is not None else '-'} rows={o.rows_loaded if o.rows_loaded is not None else '-'}"
    line = f"{o.status.upper():8} {o.partition_key}  [{o.file_name}]  {counts}  {o.seconds:.1f}s"
    if not o.reason:
        return line
    code = f"[{o.reason_code}] " if o.reason_code else ""
    return f"{line}\n         reason: {code}{o.reason}"


def print_summary(outcomes: list[DocumentOutcome], warehouse: Path) -> None:
    by_status: dict[str, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
    parts = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items())) or "no documents"
    total = sum(o.seconds for o in outcomes)
    print(f"\n{len(outcomes)} documents: {parts} in {total:.1f}s")
    print(f"warehouse: {warehouse}")
    print("query it (read-only, so a running refresh never blocks you):")
    print(
        f"  {sys.executable} -c \"import duckdb; duckdb.connect('{warehouse}', read_only=True)"
        ".sql('SELECT department_name, fiscal_year, total_expenditure_printed_yuan, three_public_total_yuan, "
        "quality_status FROM v_department_budget').show()\""
    )
