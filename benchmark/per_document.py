"""One PDF measured: each step in its own child process, and the ratios between the steps."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmark.child import StepMeasure, measure_step
from benchmark.pdfs import page_count, sample_pages
from benchmark.stats import ratio
from benchmark.steps import STEPS


def measure_document(
    pdf: Path,
    *,
    baseline_pages: int | None = None,
    mode: str = "dagster",
    repeat: int = 3,
    steps: Sequence[str] = STEPS,
    progress=None,
) -> dict:
    """The four steps on one PDF, one fresh process each, and the ratios between them."""
    pdf = Path(pdf).resolve()
    pages = page_count(pdf)
    measures: dict[str, StepMeasure] = {}
    for step in steps:
        kwargs: dict = {"repeat": repeat}
        if step == "baseline":
            kwargs["pages"] = sample_pages(pages, baseline_pages)
        if step == "end_to_end":
            kwargs["mode"] = mode
        measures[step] = m = measure_step(step, pdf, **kwargs)
        if progress:
            figure = f"{m.seconds:8.2f} s" if m.seconds is not None else f"FAILED {m.error}"
            progress(f"  {pdf.name}: {step:<10} " + figure)

    def sec(step: str) -> float | None:
        m = measures.get(step)
        return m.seconds if m and m.status == "ok" else None

    baseline = measures.get("baseline")
    camelot_s = measures["extraction"].detail.get("camelot_s") if "extraction" in measures else None
    e2e = sec("end_to_end")
    floor = sec("floor")
    floor_plus_camelot = (floor + camelot_s) if floor is not None and camelot_s is not None else None
    return {
        "file": pdf.name,
        "pages": pages,
        "status": "ok" if all(m.status == "ok" for m in measures.values()) else "failed",
        "baseline_s": sec("baseline"),
        "baseline_extrapolated": bool(baseline and baseline.detail.get("extrapolated")),
        "baseline_pages_measured": baseline.detail.get("pages_measured") if baseline else None,
        "floor_s": floor,
        "extraction_s": sec("extraction"),
        "end_to_end_s": e2e,
        "end_to_end_cold_s": measures["end_to_end"].detail.get("cold_s") if "end_to_end" in measures else None,
        "camelot_s": camelot_s,
        "peak_rss_mb": measures["end_to_end"].peak_rss_mb if "end_to_end" in measures else None,
        "speedup_vs_baseline": ratio(sec("baseline"), e2e),
        "end_to_end_vs_floor": ratio(e2e, floor),
        "end_to_end_vs_floor_plus_camelot": ratio(e2e, floor_plus_camelot),
        "steps": {step: m.as_dict(pages) for step, m in measures.items()},
    }
