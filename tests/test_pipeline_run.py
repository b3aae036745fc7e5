"""Dagster end to end: one sample partition materialised into a temporary DuckDB file."""

import dagster as dg
import duckdb

from pipelines.definitions import all_assets
from tests.conftest import add_partitions
from tests.test_documents import seed_identity
from tools.seed_text import SEED_DIR


def test_materialise_one_sample_partition_writes_dim_document(make_inbox, instance):
    paths, registrations = make_inbox("lvliang_city_gov_office_2026.pdf")
    [key] = add_partitions(instance, registrations)
    result = dg.materialize(
        all_assets(),
        partition_key=key,
        instance=instance,
        resources={"paths": paths},
    )
    assert result.success
    name, year = seed_identity(SEED_DIR / "lvliang_city_gov_office_2026.txt")
    with duckdb.connect(paths.warehouse, read_only=True) as con:
        rows = con.execute(
            "SELECT department_name, fiscal_year, document_kind, is_current, file_sha256 FROM dim_document"
        ).fetchall()
    assert rows == [(name, year, "department", True, registrations[0].version.sha256)]
    # the extraction reported what it read and what it sent to camelot
    tables_meta = result.asset_materializations_for_node("budget_tables")[0].metadata
    assert tables_meta["pages_sent_to_camelot"].value < tables_meta["pages_read"].value
