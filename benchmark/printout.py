"""The benchmark's report as text: the machine, the per-document table, where the time goes, the
inbox runs, the scaling runs, the targets (what ``budget-etl bench`` prints)."""

from __future__ import annotations

from benchmark.runners import MODE_DESCRIPTIONS
from benchmark.steps import BASELINE_CALL, STEPS


def format_report(report: dict) -> str:
    """Everything ``budget-etl bench`` prints of a report, in its order."""
    lines = [format_machine(report["machine"])]
    if report["documents"]:
        lines += ["", format_documents_table(report), "", format_breakdown(report)]
    if report["throughput"]:
        lines += [
            "",
            "inbox run (wall clock, worker start-up and imports included):",
            format_throughput(report["throughput"]),
        ]
    if report.get("scaling"):
        lines += ["", "scaling (first K documents of the inbox):", format_scaling(report["scaling"])]
    lines += ["", format_targets(report["targets"])]
    return "\n".join(lines)


def format_machine(m: dict) -> str:
    return (
        f"machine: {m['cpu_model']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
        + f"; load average at start {m['load_average']}, at end {m['load_average_end']}"
    )


def format_documents_table(report: dict) -> str:
    docs = report["documents"]
    w = max([8, *(len(d["file"]) for d in docs)])
    head = (
        f"{'document':<{w}} {'pages':>5}  {'baseline s':>11} {'floor s':>8} {'extract s':>9} {'e2e s':>7} {'(cold)':>7}"
        f"  {'pages/s b|f|x|e':>22}  {'peak MB b|f|x|e':>19}  {'base/e2e':>8} {'e2e/floor':>9} {'e2e/(f+cam)':>11}"
    )
    lines = [head, "-" * len(head)]

    def f(v, fmt):
        return format(v, fmt) if v is not None else "-"

    for d in docs:
        st = d["steps"]
        pps = "|".join(f(st.get(s, {}).get("pages_per_s"), ".0f") for s in STEPS)
        mem = "|".join(f(st.get(s, {}).get("peak_rss_mb"), ".0f") for s in STEPS)
        mark = "*" if d["baseline_extrapolated"] else " "
        lines.append(
            f"{d['file']:<{w}} {d['pages']:>5}  {f(d['baseline_s'], '10.1f')}{mark} {f(d['floor_s'], '8.2f')}"
            f" {f(d['extraction_s'], '9.2f')} {f(d['end_to_end_s'], '7.2f')}"
            f" {'(' + f(d['end_to_end_cold_s'], '.2f') + ')':>7}"
            f"  {pps:>22}  {mem:>19}"
            f"  {f(d['speedup_vs_baseline'], '7.1f')}× {f(d['end_to_end_vs_floor'], '8.1f')}×"
            f" {f(d['end_to_end_vs_floor_plus_camelot'], '10.2f')}×"
        )
    lines.append(
        f"{'median':<{w}} {'':>5}  {'':>11} {'':>8} {'':>9} {'':>7} {'':>7}  {'':>22}  {'':>19}"
        f"  {f(report['median_speedup_vs_baseline'], '7.1f')}× {f(report['median_end_to_end_vs_floor'], '8.1f')}×"
        f" {f(report['median_end_to_end_vs_floor_plus_camelot'], '10.2f')}×"
    )
    if any(d["baseline_extrapolated"] for d in docs):
        lines.append(
            "* baseline extrapolated per page from "
            + ", ".join(f"{d['baseline_pages_measured']} pages" for d in docs if d["baseline_extrapolated"])
            + " spread over the document (--baseline-pages)"
        )
    lines.append(f"end to end: {MODE_DESCRIPTIONS[report['mode']]}")
    lines.append("baseline:   " + BASELINE_CALL)
    lines.append(
        "seconds: each step in its own fresh process, after its imports (paid once per worker); floor, extraction and"
    )
    lines.append(
        f"end to end: median of {report.get('repeat', 1)} passes after a first one, "
        "(cold) = that first end-to-end pass;"
    )
    lines.append("peak MB: each step's own process (RSS high-water mark, interpreter and imports included)")
    return "\n".join(lines)


def format_breakdown(report: dict) -> str:
    """Where one document's time goes: the parts of the extraction and end-to-end steps."""
    lines = ["where the time goes (seconds per document):"]
    for d in report["documents"]:
        x = d["steps"].get("extraction", {}).get("detail", {})
        e = d["steps"].get("end_to_end", {}).get("detail", {})
        parts = {**{f"extraction.{k}": v for k, v in (x.get("parts_s") or {}).items()}}
        parts.update({f"e2e.{k}": v for k, v in (e.get("steps_s") or e.get("parts_s") or {}).items()})
        if e.get("register_s") is not None:
            parts["e2e.register"] = e["register_s"]
        if e.get("dagster_overhead_s") is not None:
            parts["e2e.dagster_overhead"] = e["dagster_overhead_s"]
        imports = {s: d["steps"].get(s, {}).get("import_s") for s in STEPS}
        lines.append(f"  {d['file']}: " + ", ".join(f"{k}={v:.2f}" for k, v in parts.items() if v is not None))
        lines.append(
            "    imports (once per process): " + ", ".join(f"{k}={v:.2f}" for k, v in imports.items() if v is not None)
        )
    return "\n".join(lines)


def format_throughput(runs: list[dict]) -> str:
    if not runs:
        return ""
    lines = [
        f"{'documents':>9} {'pages':>6} {'workers':>7} {'wall s':>8} {'s/doc':>6} {'pages/s':>8} {'register s Σ':>12}"
        f" {'startup s':>9} {'load s Σ':>8} {'load/wall':>9} {'peak MB/worker':>15} {'CPU s/doc':>9}"
        f" {'others CPU s':>12}"
    ]
    for r in runs:
        peaks = "/".join(f"{p:.0f}" for p in r["peak_rss_mb_per_worker"])
        lines.append(
            f"{r['documents']:>9} {r['pages']:>6} {r['workers']:>7} {r['wall_s']:>8.1f}"
            f" {r['seconds_per_document'] or 0:>6.2f}"
            f" {r['pages_per_s'] or 0:>8.1f} {r['register_s']:>12.1f} {r['worker_startup_s'] or 0:>9.1f}"
            f" {r['load_s_total']:>8.1f} {r['load_share_of_wall'] or 0:>9.0%} {peaks:>15}"
            f" {r.get('cpu_s_per_document') or 0:>9.2f} {r.get('cpu_s_other_processes') or 0:>12.0f}"
        )
        if r["failed"]:
            lines.append(f"          failed: {'; '.join(r['failed'][:3])}")
    return "\n".join(lines)


def format_targets(items: list[dict]) -> str:
    lines = ["targets:"]
    for t in items:
        met = {True: "MET", False: "NOT MET", None: "-"}[t["met"]]
        value = f"{t['value']:.2f}" if isinstance(t["value"], (int, float)) else "not measured"
        lines.append(f"  [{met:>7}] {t['target']}: {value}")
    return "\n".join(lines)


def format_scaling(sc: dict) -> str:
    """The scaling runs, the speed-up of N workers, and how cost grows with documents and pages."""
    lines = [format_throughput(sc["runs"])]
    for docs, s in sc["speedup_by_documents"].items():
        lines.append(f"  {docs} documents: {s['workers']} workers are {s['speedup']:.2f}× one")
    lin = sc.get("linearity_in_documents")
    if lin and lin["same_documents_seconds_ratio"] is not None:
        first_last = lin["load_s_first_last_of_big"] or [None, None]
        lines.append(
            f"  the {lin['common_documents']} documents of the {lin['documents_small']}-document run take "
            f"{lin['same_documents_seconds_ratio']:.2f}× their time alone inside the "
            f"{lin['documents_big']}-document run (one worker); load of the first / last document there: "
            + " / ".join(f"{v:.2f} s" for v in first_last if v is not None)
        )
    fit2 = sc.get("seconds_vs_pages_and_camelot_pages_fit")
    if fit2:
        lines.append(
            f"  per document, one worker: seconds = {fit2['intercept_s']:.2f}"
            f" + {fit2['seconds_per_page'] * 1000:.1f} ms × pages"
            f" + {fit2['seconds_per_camelot_page'] * 1000:.0f} ms × pages sent to camelot"
            f"  (R² {fit2['r2']:.2f})"
        )
    fit = sc["seconds_vs_pages_fit"]
    if fit:
        lines.append(
            f"  per document, one worker: seconds = {fit['intercept_s']:.2f}"
            f" + {fit['seconds_per_page'] * 1000:.1f} ms × pages"
            f"  (R² {fit['r2']:.2f}, {fit['n']} documents)"
        )
    return "\n".join(lines)
