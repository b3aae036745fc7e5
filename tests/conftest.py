"""Shared fixtures: an inbox with chosen sample PDFs, registered as Dagster would register them."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.inbox_scan import scan_inbox
from pipelines.partitions import documents_partitions
from pipelines.resources import BudgetPaths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture
def make_inbox(tmp_path):
    """Copy the named sample files into a fresh inbox; returns (paths resource, registrations)."""

    def _make(*relative_names: str):
        inbox = tmp_path / "inbox"
        inbox.mkdir(exist_ok=True)
        for name in relative_names:
            shutil.copy2(SAMPLES / name, inbox / Path(name).name)
        paths = BudgetPaths(
            inbox=str(inbox),
            warehouse=str(tmp_path / "warehouse" / "budget.duckdb"),
            staging=str(tmp_path / "staging"),
        )
        return paths, scan_inbox(inbox, None).ready

    return _make


@pytest.fixture
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def add_partitions(instance: dg.DagsterInstance, registrations) -> list[str]:
    keys = sorted({r.version.partition_key for r in registrations})
    instance.add_dynamic_partitions(documents_partitions.name, keys)
    return keys
