"""The statistics of a benchmark: medians, ratios, least-squares fits, and the figures a report
derives from its documents and its scaling runs."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> dict | None:
    """Least squares y = a + b·x with R²: is cost linear in pages?"""
    n = len(xs)
    if n < 3 or len(set(xs)) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return {"intercept_s": a, "seconds_per_page": b, "r2": 1 - ss_res / ss_tot if ss_tot else 1.0, "n": n}


def linear_fit2(x1: Sequence[float], x2: Sequence[float], ys: Sequence[float]) -> dict | None:
    """Least squares y = a + b·x1 + c·x2 with R² (x1: pages, x2: pages sent to camelot)."""
    n = len(ys)
    if n < 4:
        return None
    m1, m2, my = statistics.fmean(x1), statistics.fmean(x2), statistics.fmean(ys)
    s11 = sum((a - m1) ** 2 for a in x1)
    s22 = sum((b - m2) ** 2 for b in x2)
    s12 = sum((a - m1) * (b - m2) for a, b in zip(x1, x2))
    s1y = sum((a - m1) * (y - my) for a, y in zip(x1, ys))
    s2y = sum((b - m2) * (y - my) for b, y in zip(x2, ys))
    det = s11 * s22 - s12 * s12
    if not det:
        return None
    b = (s1y * s22 - s2y * s12) / det
    c = (s2y * s11 - s1y * s12) / det
    a = my - b * m1 - c * m2
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * u - c * v) ** 2 for u, v, y in zip(x1, x2, ys))
    return {
        "intercept_s": a,
        "seconds_per_page": b,
        "seconds_per_camelot_page": c,
        "r2": 1 - ss_res / ss_tot if ss_tot else 1.0,
        "n": n,
    }


def summarise_scaling(runs: list[dict]) -> dict:
    by = {(r["documents"], r["workers"]): r for r in runs}
    speedups = {}
    for (docs, w), r in by.items():
        one = by.get((docs, 1))
        if w > 1 and one:
            speedups[str(docs)] = {"workers": w, "speedup": one["wall_s"] / r["wall_s"]}
    ones = sorted((r for r in runs if r["workers"] == 1 and r["loaded"]), key=lambda r: r["documents"])
    biggest_one = ones[-1] if ones else None
    fit = fit2 = linearity = None
    if biggest_one:
        docs = [d for d in biggest_one["per_document"] if d["status"] == "loaded" and d["pages"]]
        fit = linear_fit([d["pages"] for d in docs], [d["seconds"] for d in docs])
        with_camelot = [d for d in docs if d.get("camelot_pages") is not None]
        fit2 = linear_fit2(
            [d["pages"] for d in with_camelot],
            [d["camelot_pages"] for d in with_camelot],
            [d["seconds"] for d in with_camelot],
        )
        smaller = [r for r in ones if 2 <= r["documents"] < biggest_one["documents"]]
        if smaller:
            linearity = same_documents_ratio(smaller[-1], biggest_one)
    return {
        "runs": runs,
        "speedup_by_documents": speedups,
        "seconds_vs_pages_fit": fit,
        "seconds_vs_pages_and_camelot_pages_fit": fit2,
        "linearity_in_documents": linearity,
    }


def same_documents_ratio(small: dict, big: dict) -> dict:
    """The documents of the smaller run cost the same inside the bigger run: Σ seconds of the
    same files in ``big`` / in ``small`` (1.0 = the warehouse growing and the documents before
    them add nothing per document); and the load of the first and last document of ``big``."""
    alone = {d["file"]: d["seconds"] for d in small["per_document"] if d["status"] == "loaded"}
    inside = {d["file"]: d["seconds"] for d in big["per_document"] if d["status"] == "loaded" and d["file"] in alone}
    common = sorted(inside)
    ratio = sum(inside[f] for f in common) / sum(alone[f] for f in common) if common else None
    return {
        "documents_small": small["documents"],
        "documents_big": big["documents"],
        "common_documents": len(common),
        "same_documents_seconds_ratio": ratio,
        "load_s_first_last_of_big": big.get("load_s_first_last"),
    }


def summarise(documents: list[dict]) -> dict:
    ok = [d for d in documents if d["status"] == "ok"]
    return {
        "median_speedup_vs_baseline": median([d["speedup_vs_baseline"] for d in ok]),
        "median_end_to_end_vs_floor": median([d["end_to_end_vs_floor"] for d in ok]),
        "median_end_to_end_vs_floor_plus_camelot": median([d["end_to_end_vs_floor_plus_camelot"] for d in ok]),
        "max_peak_rss_mb": max((d["peak_rss_mb"] or 0 for d in ok), default=None),
    }
