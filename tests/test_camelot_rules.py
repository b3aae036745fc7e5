"""Rules drawn as thin filled paths are read by camelot's vector engine (no raster fallback)."""

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budget_etl.camelot_tables import read_page_grids

REAL = Path(__file__).resolve().parent.parent / "data" / "samples" / "real"
# A published disclosure whose office suite draws every rule as a filled four-sided path.
PDF = REAL / "gd_zhuhai_shangwuju_2026.pdf"
PAGE = 6  # its 收支总体情况表


def test_the_page_draws_its_rules_as_filled_paths_not_lines():
    pdf = pdfium.PdfDocument(str(PDF))
    paths = [o for o in pdf[PAGE - 1].get_objects(max_depth=5) if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    thin = []
    for o in paths:
        left, bottom, right, top = o.get_bounds()
        if min(right - left, top - bottom) <= 1.5:
            thin.append(o)
    assert len(thin) > 50 and all(pdfium_c.FPDFPath_CountSegments(o.raw) == 5 for o in thin)


def test_the_vector_engine_finds_its_grid_without_the_raster_fallback():
    run = read_page_grids(PDF, [PAGE], [PAGE])
    assert run.fallback_pages == [] and run.calls == 1
    [grid] = run.grids[PAGE]
    assert grid.engine == "vector" and grid.n_cols == 4 and len(grid.rows) >= 20
