"""Layout fuzzing: print every seed in random layouts, extract, compare every cell, load.

Each case is one seed printed in one ``FuzzLayout`` (tools/samplegen/fuzz.py) drawn from its own
RNG seed. For each case: render (python-docx -> LibreOffice -> font fix), extract the tables
(budget_etl.extraction) and compare every staged cell with the cells the transformed seed holds
(tests/golden: the golden tests' derivation and comparison), then run every quality check and
load the document into a temporary DuckDB warehouse: a case passes its load when no ERROR
identity fails. A summary (JSON + Markdown) groups the failures by the layout dimension and
value that breaks them.

    make fuzz N=200                                     # the sweep (installs what it needs)
    .venv/bin/python tools/fuzz_layouts.py --seed 1 --count 200 --out /tmp/fuzz
    .venv/bin/python tools/fuzz_layouts.py --case 1042:lvliang_city_gov_office_2026 --out /tmp/one
    .venv/bin/python tools/fuzz_layouts.py --from data/samples/fuzz      # re-check rendered PDFs

Case k of a run with ``--seed S`` prints seed k mod 3 with RNG seed S * 100000 + k: the line
printed for a failure names it, and ``--case RNG:SEED`` renders and checks that one case alone.
Needs LibreOffice (libreoffice-writer), the CJK fonts (fonts-noto-cjk, fonts-wqy-microhei) and
the samples extra (python-docx, pikepdf) to render; ``--from`` needs none of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.samplegen.fuzz import DIMENSIONS, FuzzLayout, draw, expected_cells  # noqa: E402
from tools.seed_text import seed_paths  # noqa: E402

MANIFEST = "MANIFEST.json"


def cases(run_seed: int, count: int, seeds: list[str]) -> list[FuzzLayout]:
    return [draw(run_seed * 100000 + k, seeds[k % len(seeds)]) for k in range(count)]


def reproduce_command(fl: FuzzLayout) -> str:
    return f".venv/bin/python tools/fuzz_layouts.py --case {fl.rng_seed}:{fl.seed} --out /tmp/fuzz_case"


# ------------------------------------------------------------------ render


def render_cases(layouts: list[FuzzLayout], out: Path, batch: int = 12) -> dict[int, Path]:
    """Print every case to ``out/<rng_seed>_<seed>.pdf``; LibreOffice converts a batch per run."""
    from tools.samplegen.convert import docx_to_pdf, normalise_pdf
    from tools.samplegen.docx_build import render
    from tools.samplegen.fuzz import document

    out.mkdir(parents=True, exist_ok=True)
    done: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(prefix="fuzz_docx_") as tmp:
        work = Path(tmp)
        for i in range(0, len(layouts), batch):
            group = layouts[i : i + batch]
            docx = []
            for fl in group:
                items, layout, _expected = document(fl)
                dept = next((it.text for it in items if it.role == "cover"), "")
                w = render(items, layout, title=dept, author=dept)
                path = work / f"{fl.rng_seed}_{fl.seed}.docx"
                w.save(path)
                docx.append(path)
            pdfs = docx_to_pdf(docx, work / "pdf")
            for fl, pdf in zip(group, pdfs):
                dst = out / pdf.name
                normalise_pdf(pdf, dst, title=fl.seed, author=fl.seed)
                done[fl.rng_seed] = dst
                pdf.unlink()
            for p in docx:
                p.unlink()
    return done


# ------------------------------------------------------------------ check


def check_case(pdf: Path, fl: FuzzLayout, warehouse: Path) -> dict:
    """Cells and load of one rendered case."""
    import polars as pl

    from budget_etl.quality.results import ERROR
    from budget_etl.stages import process_document
    from tests.golden.compare import compare, report

    result: dict = {
        "file": pdf.name,
        "rng_seed": fl.rng_seed,
        "seed": fl.seed,
        "layout": fl.as_dict(),
        "summary": fl.summary(),
        "reproduce": reproduce_command(fl),
    }
    t0 = time.perf_counter()
    try:
        # the pipeline's own stages, in its order, into the sweep's warehouse
        run = process_document(pdf, warehouse)
        extraction, quality = run.budget_tables, run.document_quality
        expected, staged = expected_cells(fl), extraction.staged
        if fl.header_rows == "flat":
            # A header printed on one row shows no levels in the seed text the cells are derived
            # from, while staging reads its repeated group headings as levels (本年收入/合计):
            # the oracle compares the joined words.
            expected = [dataclasses.replace(c, column_label=c.column_label.replace("/", "")) for c in expected]
            staged = staged.with_columns(pl.col("column_label").str.replace_all("/", "", literal=True))
        cmp = compare(expected, staged)
        result.update(
            cells_expected=cmp.expected,
            cells_matched=cmp.matched,
            cells_missing=len(cmp.missing),
            cells_unexpected=len(cmp.unexpected),
            cells_ok=cmp.equal,
            problems=[str(p) for p in extraction.problems],
        )
        if not cmp.equal:
            result["cells_report"] = report(pdf.name, cmp, limit=15)
        failed = quality.failed(ERROR)
        result.update(
            status=quality.status,
            load_ok=failed.height == 0,
            error_checks=sorted(set(failed["check_name"].to_list())),
            error_detail=[f"{r['check_name']}: {r['detail']}" for r in failed.head(5).iter_rows(named=True)],
        )
    except Exception as err:  # noqa: BLE001 - a crash is a failure of this case, reported
        result.update(
            cells_ok=False,
            load_ok=False,
            status="crashed",
            crash=f"{type(err).__name__}: {err}",
            traceback=traceback.format_exc(limit=6),
        )
    result["seconds"] = round(time.perf_counter() - t0, 2)
    return result


def failure_classes(r: dict) -> list[str]:
    """What broke a case, in words that group cases: the first problem text, the failed checks."""
    if r.get("status") == "crashed":
        return ["crash: " + r["crash"].split(":")[0]]
    out = []
    if not r.get("cells_ok"):
        out.append("cells")
    out += [f"ERROR {c}" for c in r.get("error_checks", [])]
    return out


def summarise(results: list[dict]) -> dict:
    n = len(results)
    cells_ok = sum(1 for r in results if r.get("cells_ok"))
    load_ok = sum(1 for r in results if r.get("load_ok"))
    both = sum(1 for r in results if r.get("cells_ok") and r.get("load_ok"))
    failing = [r for r in results if not (r.get("cells_ok") and r.get("load_ok"))]
    # per dimension value: cases, failures, failure rate; the values with the highest rate first
    by_dim: dict[str, list[dict]] = {}
    for dim in DIMENSIONS:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in results:
            v = r["layout"][dim]
            if isinstance(v, list):
                vals = v or ["-"]
            else:
                vals = [str(v)]
            for val in vals:
                counts[val][0] += 1
                if r in failing:
                    counts[val][1] += 1
        rows = [
            {"value": k, "cases": c, "failed": f, "rate": round(f / c, 3) if c else 0.0}
            for k, (c, f) in sorted(counts.items())
        ]
        by_dim[dim] = rows
    classes = Counter(c for r in failing for c in failure_classes(r))
    return {
        "cases": n,
        "cells_passed": cells_ok,
        "loads_passed": load_ok,
        "both_passed": both,
        "failure_classes": dict(classes.most_common()),
        "by_dimension": by_dim,
        "failures": [
            {
                k: r.get(k)
                for k in (
                    "file",
                    "summary",
                    "reproduce",
                    "cells_missing",
                    "cells_unexpected",
                    "error_checks",
                    "problems",
                    "crash",
                    "cells_report",
                    "error_detail",
                )
            }
            for r in failing
        ],
    }


def markdown(summary: dict) -> str:
    n = summary["cases"] or 1
    lines = [
        "# Layout fuzz summary",
        "",
        f"- cases: {summary['cases']}",
        f"- every cell extracted: {summary['cells_passed']} ({100 * summary['cells_passed'] / n:.1f}%)",
        f"- loaded with every ERROR identity passing: {summary['loads_passed']} ({100 * summary['loads_passed'] / n:.1f}%)",
        f"- both: {summary['both_passed']} ({100 * summary['both_passed'] / n:.1f}%)",
        "",
    ]
    if summary["failure_classes"]:
        lines += ["## Failure classes", "", "| class | cases |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in summary["failure_classes"].items()]
        lines.append("")
    lines += [
        "## Failures by layout dimension",
        "",
        "Values whose failure rate is above the run's overall rate, highest first "
        "(a dimension that breaks cases shows as a value far above the rest).",
        "",
    ]
    overall = 1 - summary["both_passed"] / n
    lines += ["| dimension | value | cases | failed | rate |", "|---|---|---|---|---|"]
    rows = [(d, r) for d, rs in summary["by_dimension"].items() for r in rs if r["failed"] and r["rate"] > overall]
    for d, r in sorted(rows, key=lambda x: -x[1]["rate"]):
        lines.append(f"| {d} | {r['value']} | {r['cases']} | {r['failed']} | {r['rate']:.2f} |")
    if summary["failures"]:
        lines += ["", "## Failing cases", ""]
        for f in summary["failures"]:
            why = ", ".join(
                filter(
                    None,
                    [
                        f"cells -{f.get('cells_missing')} +{f.get('cells_unexpected')}"
                        if f.get("cells_missing") or f.get("cells_unexpected")
                        else "",
                        " ".join(f.get("error_checks") or []),
                        f.get("crash") or "",
                    ],
                )
            )
            lines.append(f"- `{f['file']}`: {why}  \n  {f['summary']}  \n  `{f['reproduce']}`")
    return "\n".join(lines) + "\n"


def write_manifest(out: Path, layouts: list[FuzzLayout], pdfs: dict[int, Path]) -> None:
    entries = [
        {"file": pdfs[fl.rng_seed].name, **fl.as_dict(), "summary": fl.summary()}
        for fl in layouts
        if fl.rng_seed in pdfs
    ]
    (out / MANIFEST).write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> list[tuple[Path, FuzzLayout]]:
    entries = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    keys = set(FuzzLayout.__dataclass_fields__)
    return [(folder / e["file"], FuzzLayout.from_dict({k: v for k, v in e.items() if k in keys})) for e in entries]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1, help="run seed: case k uses RNG seed SEED*100000+k")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seeds", default="", help="comma-separated seed stems (default: all three)")
    ap.add_argument("--case", action="append", default=[], help="RNG:SEED_STEM, one case (repeatable)")
    ap.add_argument("--from", dest="from_dir", type=Path, help="check the PDFs of a folder's MANIFEST.json")
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz"))
    ap.add_argument("--batch", type=int, default=12, help="documents per LibreOffice run")
    ap.add_argument(
        "--pdf-dir", type=Path, default=None, help="write the PDFs and MANIFEST.json here (default OUT/pdf)"
    )
    args = ap.parse_args(argv)

    t0 = time.time()
    if args.from_dir:
        pairs = read_manifest(args.from_dir)
        out = args.out
    else:
        seeds = [s for s in args.seeds.split(",") if s] or [p.stem for p in seed_paths()]
        if args.case:
            layouts = [draw(int(c.split(":")[0]), c.split(":")[1]) for c in args.case]
        else:
            layouts = cases(args.seed, args.count, seeds)
        out = args.out
        pdf_dir = args.pdf_dir or out / "pdf"
        pdfs = render_cases(layouts, pdf_dir, batch=args.batch)
        write_manifest(pdf_dir, layouts, pdfs)
        pairs = [(pdfs[fl.rng_seed], fl) for fl in layouts if fl.rng_seed in pdfs]
        print(f"rendered {len(pairs)} documents in {time.time() - t0:.0f}s", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="fuzz_wh_") as tmp:
        warehouse = Path(tmp) / "fuzz.duckdb"
        for i, (pdf, fl) in enumerate(pairs, 1):
            r = check_case(pdf, fl, warehouse)
            results.append(r)
            ok = r.get("cells_ok") and r.get("load_ok")
            print(
                f"[{i}/{len(pairs)}] {'ok  ' if ok else 'FAIL'} {pdf.name} "
                f"cells {r.get('cells_matched')}/{r.get('cells_expected')} status={r.get('status')} "
                f"{' '.join(failure_classes(r)) if not ok else ''}",
                flush=True,
            )
            if not ok:
                print(f"    {r['summary']}\n    reproduce: {r['reproduce']}", flush=True)
    summary = summarise(results)
    summary["seconds"] = round(time.time() - t0, 1)
    (out / "fuzz_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "fuzz_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "fuzz_summary.md").write_text(markdown(summary), encoding="utf-8")
    print(
        f"cases {summary['cases']}: cells {summary['cells_passed']}, loads {summary['loads_passed']}, "
        f"both {summary['both_passed']}; summary in {out / 'fuzz_summary.md'}"
    )
    return 0 if summary["both_passed"] == summary["cases"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
