"""Layout fuzzing, the property: every seed, printed in layouts nobody chose, extracts to every
cell of its seed text and loads into the warehouse with every ERROR identity passing.

The layouts are random draws (tools/samplegen/fuzz.py: 24 dimensions, each from the case's own
RNG seed), rendered through LibreOffice into data/samples/fuzz/ (``make fuzz-samples``): CI has
no LibreOffice, so the committed PDFs are read, and their MANIFEST.json says which RNG seed and
which drawn dimensions made each one. Four layouts per seed. The expected cells are derived
again here from the seed text and the drawn layout (no LibreOffice needed), exactly as the
golden tests derive theirs. A longer sweep over freshly drawn layouts: ``make fuzz N=200``.

A failure prints the case's layout, the cells that differ, the failed ERROR checks and the
command that re-renders and re-checks that one case.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tools.fuzz_layouts import check_case, read_manifest
from tools.seed_text import seed_paths

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "data" / "samples" / "fuzz"
CASES = read_manifest(FUZZ) if (FUZZ / "MANIFEST.json").exists() else []


def test_every_seed_has_at_least_four_committed_random_layouts():
    per_seed = Counter(fl.seed for _pdf, fl in CASES)
    assert {p.stem for p in seed_paths()} <= set(per_seed), per_seed
    assert min(per_seed.values()) >= 4, per_seed
    assert all(pdf.exists() for pdf, _fl in CASES)
    assert len({fl.rng_seed for _pdf, fl in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"


@pytest.mark.parametrize(("pdf", "fl"), CASES, ids=[f"{fl.rng_seed}-{fl.seed}" for _pdf, fl in CASES])
def test_a_random_layout_extracts_every_cell_and_loads(pdf, fl, warehouse):
    r = check_case(pdf, fl, warehouse)
    why = [
        f"layout: {r['summary']}",
        f"reproduce: {r['reproduce']}",
        f"(or re-check the committed PDF: .venv/bin/python tools/fuzz_layouts.py --from {FUZZ.relative_to(ROOT)})",
    ]
    if r.get("crash"):
        why.append(r.get("traceback", r["crash"]))
    if r.get("cells_report"):
        why.append(r["cells_report"])
    if r.get("error_detail"):
        why += ["failed ERROR checks:", *r["error_detail"]]
    assert r.get("cells_ok"), "\n".join(why)
    assert r.get("load_ok"), "\n".join(why)
    assert r["status"] in ("passed", "warned")
