"""`budget-etl report`: a self-contained HTML page of the warehouse, with charts, to look at."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budget_etl import settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="write an HTML report (charts per department and year) of the warehouse")
    report.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: $BUDGET_ETL_WAREHOUSE or data/warehouse/budget.duckdb)"
    )
    report.add_argument("--out", type=Path, required=True, metavar="FILE.html", help="where to write the page")
    report.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    # Imported here so `budget-etl --help` stays fast (altair and the vega bundle are heavy).
    from budget_etl.html_report import write_report

    warehouse = args.warehouse.resolve() if args.warehouse else settings.warehouse_path()
    if not warehouse.exists():
        print(f"budget-etl: no warehouse at {warehouse}; run `budget-etl run` first", file=sys.stderr)
        return 2
    out = write_report(warehouse, args.out)
    print(f"report:    {out.resolve()}  ({out.stat().st_size / 1e6:.1f} MB, opens offline)")
    return 0
