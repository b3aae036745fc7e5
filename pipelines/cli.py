"""`budget-etl`: the command line. Each subcommand lives in pipelines/commands/<name>.py."""

from __future__ import annotations

import argparse
import sys

from pipelines.commands import bench, report, run

COMMANDS = [run, report, bench]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budget-etl", description="Budget disclosure PDFs into DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
