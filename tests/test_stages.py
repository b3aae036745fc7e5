"""budget_etl.stages: the pipeline's order in one place, the same as the asset graph's, and one
document run through it without Dagster (what `budget-etl bench --mode plain` times)."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from budget_etl.stages import STAGES, process_document
from pipelines.definitions import defs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "lvliang_city_gov_office_2026.pdf"


def test_stages_are_the_asset_graphs_order():
    graph = defs.resolve_asset_graph()
    warehouse = [k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "warehouse"]
    assets = {name: [dg.AssetKey(name)] for name in STAGES if name != "warehouse_tables"}
    assets["warehouse_tables"] = warehouse
    assert set(assets) == set(STAGES) and warehouse
    for i, name in enumerate(STAGES):
        parents = {p.to_user_string() for key in assets[name] for p in graph.get(key).parent_keys}
        # each stage takes only what the stages before it made (a warehouse table may also
        # depend on the other tables of the same load)
        outside = parents - set(STAGES[:i]) - {k.to_user_string() for k in warehouse}
        assert not outside, (name, outside)
        if i:
            assert parents & set(STAGES[:i]), name


def test_one_document_through_every_stage(tmp_path):
    seen = []
    run = process_document(SAMPLE, tmp_path / "w.duckdb", on_stage=lambda name, value: seen.append(name))
    assert tuple(seen) == STAGES
    assert run.document.path.name == SAMPLE.name
    assert run.budget_tables.staged.height > 0 and run.narrative_facts.height > 0
    assert run.document_quality.status in ("passed", "warned")
    rows = run.warehouse_tables.rows
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        (loaded,) = con.execute("SELECT count(*) FROM fact_revenue").fetchone()
    assert loaded == rows["fact_revenue"] > 0


def test_a_run_stops_after_the_stage_asked_for(tmp_path):
    run = process_document(SAMPLE, until="narrative_facts")
    assert run.narrative_facts is not None and run.document_facts is None and run.warehouse_tables is None
    with pytest.raises(ValueError, match="warehouse_path"):
        process_document(SAMPLE)
    with pytest.raises(ValueError, match="unknown stage"):
        process_document(SAMPLE, until="quality")
