"""Ruling lines drawn as thin filled paths: teach camelot's vector engine to see them.

camelot 2.x's vector lattice engine reads a page's rules from playa's layout tree: stroked
``LTLine``s, the edges of ``LTRect``s, and thin filled ``LTRect``s. Some office suites draw each
rule as a closed four-sided path that is filled, which playa reports as an ``LTCurve`` (it makes
an ``LTRect`` only of the ``re`` operator). On such a page the vector engine finds no rule at
all, and we would fall back to the raster engine — ten times slower — for the whole document.

The property relied on: a filled path whose bounding box is at most ``_THIN`` points across and
longer than that is a rule along its long axis, exactly as camelot already treats a thin filled
rectangle. ``install()`` wraps camelot's ``_ruled_lines_from_layout`` to add those segments; if a
camelot release renames it, nothing is patched and the raster fallback still reads the page.
"""

from __future__ import annotations

import camelot.image_processing as _ip

# camelot's own tolerance for a thin filled rectangle (_LINE_AS_THIN_RECT_TOL)
_THIN = getattr(_ip, "_LINE_AS_THIN_RECT_TOL", 1.5)


def _thin_filled_curves(layout) -> list[tuple[float, float, float, float]]:
    out = []
    for obj in _ip._walk_layout_objects(layout):
        if type(obj).__name__ != "LTCurve" or not (getattr(obj, "fill", False) or getattr(obj, "stroke", False)):
            continue
        width, height = obj.x1 - obj.x0, obj.y1 - obj.y0
        if min(width, height) <= _THIN < max(width, height):
            if width >= height:
                mid = (obj.y0 + obj.y1) / 2
                out.append((obj.x0, mid, obj.x1, mid))
            else:
                mid = (obj.x0 + obj.x1) / 2
                out.append((mid, obj.y0, mid, obj.y1))
    return out


def install() -> bool:
    """Patch once; True when camelot's vector engine now also reads thin filled paths."""
    original = getattr(_ip, "_ruled_lines_from_layout", None)
    if original is None or getattr(original, "_budget_etl", False):
        return original is not None

    def ruled_lines_from_layout(layout):
        return original(layout) + _thin_filled_curves(layout)

    ruled_lines_from_layout._budget_etl = True
    _ip._ruled_lines_from_layout = ruled_lines_from_layout
    return True
