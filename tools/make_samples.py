"""Print the seed disclosures (data/seeds/*.txt) as realistic sample PDFs.

Departments write their 部门预算公开 in Word and print it to PDF; so do we: each seed is
parsed into blocks (tools/seed_text.py), laid out as a Word document with python-docx
(cover, table of contents, headings, bordered budget tables with merged header cells,
performance-target tables, the 政府购买服务指导性目录 attachment, 名词解释, page numbers) and
printed to PDF by LibreOffice headless.

Regenerate (from the repository root):

    pip install -e .[samples]          # python-docx, pikepdf, pillow
    apt-get install libreoffice-writer fonts-noto-cjk fonts-wqy-microhei poppler-utils
    python tools/make_samples.py                  # everything
    python tools/make_samples.py --only a         # just layout A (a, b, bad, variants)

Outputs (see data/samples/README.md):

- data/samples/<seed>.pdf            layout A (A4 portrait, Noto Serif CJK SC, landscape
                                     pages for wide tables, original page breaks)
- data/samples/layout_b/<seed>.pdf   layout B (WenQuanYi Micro Hei, landscape table section,
                                     repeated header rows, narrower columns)
- data/samples/bad/*.pdf             broken and non-budget inputs
- data/samples/variants/*.pdf        other provinces' templates, derived from the lvliang seed

The build is deterministic as far as LibreOffice is: fixed document dates, PDF metadata and
IDs are pinned after printing (samplegen/convert.py). The pipeline, the helper modules and
the merge rule for header cells are documented in tools/samplegen/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.samplegen.convert import docx_to_pdf, normalise_pdf  # noqa: E402
from tools.samplegen.docx_build import render  # noqa: E402
from tools.samplegen.layouts import LAYOUT_A, LAYOUT_B, Layout  # noqa: E402
from tools.samplegen.plan import plan  # noqa: E402
from tools.seed_text import Block, Paragraph, read_seed, seed_paths  # noqa: E402

SAMPLES = ROOT / "data" / "samples"


def cover_lines(blocks: list[Block]) -> tuple[str, str]:
    """(department, title) from the seed's first lines."""
    paras = [b.text for b in blocks[:3] if isinstance(b, Paragraph)]
    return (paras[0] if paras else ""), (paras[1] if len(paras) > 1 else "")


def write_docx(blocks: list[Block], layout: Layout, path: Path) -> Path:
    dept, title = cover_lines(blocks)
    writer = render(plan(blocks), layout, title=f"{dept}{title}", author=dept)
    writer.save(path)
    return path


def print_documents(jobs: list[tuple[list[Block], Layout, Path]], workdir: Path) -> list[Path]:
    """jobs: (blocks, layout, final pdf path). One LibreOffice run for all of them."""
    docx_files = []
    for i, (blocks, layout, dst) in enumerate(jobs):
        # unique docx names: the PDF is named after the docx
        docx_files.append(write_docx(blocks, layout, workdir / f"{i:02d}_{dst.stem}.docx"))
    pdfs = docx_to_pdf(docx_files, workdir / "pdf")
    for (blocks, _layout, dst), pdf in zip(jobs, pdfs):
        dept, title = cover_lines(blocks)
        normalise_pdf(pdf, dst, title=f"{dept}{title}", author=dept)
    return [dst for _b, _l, dst in jobs]


def build_layouts(which: set[str], workdir: Path) -> list[Path]:
    jobs = []
    for seed in seed_paths():
        blocks = read_seed(seed)
        if "a" in which:
            jobs.append((blocks, LAYOUT_A, SAMPLES / f"{seed.stem}.pdf"))
        if "b" in which:
            jobs.append((blocks, LAYOUT_B, SAMPLES / "layout_b" / f"{seed.stem}.pdf"))
    return print_documents(jobs, workdir) if jobs else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="a,b,bad,variants", help="comma-separated subset of: a, b, bad, variants")
    ap.add_argument("--keep", type=Path, default=None, help="keep the intermediate .docx files in this directory")
    args = ap.parse_args(argv)
    which = {w.strip().lower() for w in args.only.split(",") if w.strip()}
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="make_samples_") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        out = build_layouts(which & {"a", "b"}, workdir)
        if "bad" in which:
            from tools.samplegen.bad import build_bad

            out += build_bad(SAMPLES / "bad", workdir)
        if "variants" in which:
            from tools.samplegen.variants import build_variants

            out += build_variants(SAMPLES / "variants", workdir)
    for p in out:
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size / 1024:.0f} KiB")
    print(f"done in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
