"""A larger corpus of disclosures for the scaling benchmark: bench/corpus/*.pdf (git-ignored).

The three seeds (data/seeds) re-printed through the sample generator (tools/samplegen: plan,
render, LibreOffice, font fix) in several layouts and with varied content, so the benchmark
sees many distinct documents (distinct partition keys, sizes and page counts), not one file
copied 50 times:

- department: the seed's department name replaced everywhere by another (county/city + bureau);
- year: every "20xx年" shifted by the same number of years (cover, titles, headers, narrative);
- amounts: every amount of the budget tables and every "…万元"/"…万" figure of the narrative
  doubled, exactly (Decimal; printed with the seed's decimals, commas and stray spaces), so
  every accounting identity and every narrative share still holds. Only ×1 and ×2: the seeds
  print rounding differences (尾差) of 0.01 万元 between totals and their rows, and an exact ×k
  makes them 0.01·k — from ×3 on, beyond the checks' tolerance of one rounding step per summed
  figure, and the document fails its quality checks (measured: ×2 passes for all three seeds,
  ×3, ×4 and ×6 fail for all three);
- projects: with amounts doubled, some project rows of the 项目支出 tables are split into two
  projects of exactly half each (every amount is a whole number of even fen), so totals hold;
- catalogue: the 政府购买服务指导性目录 attachment (~80 pages) dropped, kept, or printed twice,
  which spreads page counts from ~40 to ~200;
- layout: fonts (Noto Serif / Noto Sans / WenQuanYi Micro Hei), table font size, margins, and
  orientation (wide tables landscape, the whole table section landscape, or all portrait).

Run from the repository root (needs LibreOffice, CJK fonts and the samples extra, like
tools/make_samples.py):

    .venv/bin/python tools/make_corpus.py                 # 50 documents into bench/corpus/
    .venv/bin/python tools/make_corpus.py --count 30 --jobs 2
    .venv/bin/python tools/make_corpus.py --pages-sweep   # bench/pages/: one document, 124–719 pages

Deterministic: the variants come from a fixed table and a seeded generator. A MANIFEST.json
beside the PDFs lists what each document is (seed, department, year, factor, projects split,
catalogue, layout, pages).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.make_samples import cover_lines  # noqa: E402
from tools.samplegen.convert import docx_to_pdf, normalise_pdf  # noqa: E402
from tools.samplegen.docx_build import render  # noqa: E402
from tools.samplegen.headers import header_row_count  # noqa: E402
from tools.samplegen.layouts import LAYOUT_A, LAYOUT_B, Layout  # noqa: E402
from tools.samplegen.plan import Item, plan  # noqa: E402
from tools.samplegen.seed_cells import is_amount  # noqa: E402
from tools.seed_text import Block, Paragraph, Table, read_seed, seed_paths  # noqa: E402

OUT = ROOT / "bench" / "corpus"

# The names each seed prints for its department (and, in xiaoyi's project table, its unit).
SEED_NAMES = {
    "lvliang_city_gov_office_2026": ("吕梁市人民政府办公室",),
    "linxian_liujiahui_town_2026": ("临县刘家会镇人民政府",),
    "xiaoyi_industry_it_bureau_2026": ("孝义市工业和信息化局", "孝义市工信和科技局"),
}
PLACES = (
    "吕梁市",
    "汾阳市",
    "孝义市",
    "离石区",
    "文水县",
    "交城县",
    "兴县",
    "临县",
    "柳林县",
    "石楼县",
    "岚县",
    "方山县",
    "中阳县",
    "交口县",
)
BUREAUS = (
    "发展和改革委员会",
    "教育局",
    "财政局",
    "民政局",
    "司法局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "统计局",
    "医疗保障局",
    "林业局",
    "体育局",
    "退役军人事务局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "科学技术局",
)

LAYOUTS: dict[str, Layout] = {
    "A": LAYOUT_A,
    "B": LAYOUT_B,
    # all sans, bigger table text
    "A_sans": replace(LAYOUT_A, name="A_sans", serif="Noto Sans CJK SC", table_pt=10, row_height_cm=0.5),
    # every page portrait: wide tables squeezed into A4 portrait
    "A_portrait": replace(LAYOUT_A, name="A_portrait", landscape_min_cols=None, table_pt=8),
    # the whole table section landscape, serif, seed page breaks kept
    "A_landscape": replace(LAYOUT_A, name="A_landscape", landscape_min_cols=None, landscape_tables_zone=True),
    # WenQuanYi with layout A's structure, wider margins
    "A_wqy": replace(
        LAYOUT_A,
        name="A_wqy",
        serif="WenQuanYi Micro Hei",
        sans="WenQuanYi Micro Hei",
        margin_side_cm=2.6,
        margin_top_cm=2.6,
        table_pt=9,
        text_cap_em=10,
    ),
    # layout B's flowing tables with repeated headers, but serif and wide tables landscape only
    "B_serif": replace(
        LAYOUT_B,
        name="B_serif",
        serif="Noto Serif CJK SC",
        sans="Noto Sans CJK SC",
        landscape_tables_zone=False,
        landscape_min_cols=8,
        page_number_format="- {} -",
    ),
}
FACTORS = (1, 2)  # see the module docstring: ×3 and more break the 尾差 tolerance
CATALOGUE = ("keep", "drop", "double")


@dataclass(frozen=True)
class Variant:
    file: str
    seed: str
    department: str
    year_shift: int
    factor: int
    split_projects: int  # project rows split in two (0: none)
    catalogue: str  # keep | drop | double
    layout: str


# ---------------------------------------------------------------------------- the variants


def variants(count: int, rng_seed: int = 2026) -> list[Variant]:
    """``count`` distinct documents: every (seed, catalogue, factor) combination in a shuffled
    order, repeated as needed, each with its own layout, department, year and project split."""
    rng = random.Random(rng_seed)
    seeds = [p.stem for p in seed_paths() if p.stem in SEED_NAMES]
    combos = [(s, c, f) for s in seeds for c in CATALOGUE for f in FACTORS]
    rng.shuffle(combos)
    layouts = list(LAYOUTS)
    used: set[str] = set()
    out = []
    for i in range(count):
        seed, catalogue, factor = combos[i % len(combos)]
        if i and i % len(layouts) == 0:
            rng.shuffle(layouts)
        layout = layouts[i % len(layouts)]
        while True:
            department = rng.choice(PLACES) + rng.choice(BUREAUS)
            if department not in used:
                used.add(department)
                break
        split = 0 if factor % 2 else rng.choice((0, 3, 8, 99))
        year_shift = rng.choice((-2, -1, 0, 0, 1))
        short = seed.split("_")[0]
        out.append(
            Variant(
                file=f"c{i + 1:02d}_{short}_{layout}_x{factor}_{catalogue}.pdf",
                seed=seed,
                department=department,
                year_shift=year_shift,
                factor=factor,
                split_projects=split,
                catalogue=catalogue,
                layout=layout,
            )
        )
    return out


# ---------------------------------------------------------------------------- content changes

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?=\s*年)")
# A figure followed by 万 (万元, 万): "2,324.90万元", "2324.9万元", "300万", "10. 00 万元".
_WAN = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\s?\d+)?(?=\s*万)")


def scale_amount(text: str, factor: int) -> str:
    """``text`` (an amount as printed) times ``factor``, exactly, printed the same way: same
    decimals, thousands separators if it had them, the stray space after the point kept."""
    t = text.strip()
    stray = ". " in t
    value = Decimal(t.replace(",", "").replace(" ", "")) * factor
    out = format(value, ",") if "," in t else str(value)
    if stray:
        out = out.replace(".", ". ", 1)
    return text.replace(t, out)


def _scale_match(m: re.Match, factor: int) -> str:
    return scale_amount(m.group(0), factor)


def scale_narrative(text: str, factor: int) -> str:
    return _WAN.sub(lambda m: _scale_match(m, factor), text) if factor != 1 else text


def shift_years(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text) if shift else text


def rename(text: str, names: tuple[str, ...], new: str) -> str:
    for name in names:
        text = text.replace(name, new)
    return text


def _map_text(blocks: list[Block], fn) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table):
            out.append(Table(rows=[[fn(c) for c in row] for row in b.rows], page_breaks=list(b.page_breaks)))
        else:
            out.append(Paragraph(text=fn(b.text), heading_level=b.heading_level))
    return out


def scale_table(table: Table, factor: int) -> None:
    """Every amount of the table's data rows times ``factor`` (in place)."""
    if factor == 1:
        return
    n_header = header_row_count(table.rows)
    for row in table.rows[n_header:]:
        for c, text in enumerate(row):
            if is_amount(text):
                row[c] = scale_amount(text, factor)


def _cents(text: str) -> int:
    return int(Decimal(text.replace(",", "").replace(" ", "")) * 100)


def split_projects(table: Table, how_many: int) -> int:
    """Split up to ``how_many`` project rows of a 项目支出 table into two projects of half each.

    Only in a table with one unit: the first data rows whose 合计 is the table total are the
    department and unit rows; the rows after them are projects and must add up to that total.
    A row is split only if every amount in it is an even number of fen, so both halves are
    exact and every row and column total still holds. Page breaks move with the rows."""
    if how_many <= 0:
        return 0
    rows = table.rows
    n_header = header_row_count(rows)
    data = rows[n_header:]
    if not data or not is_amount(data[0][1]):
        return 0
    total = _cents(data[0][1])
    lead = 0
    while lead < len(data) and is_amount(data[lead][1]) and _cents(data[lead][1]) == total:
        lead += 1
    projects = data[lead:]
    if not projects or sum(_cents(r[1]) for r in projects if is_amount(r[1])) != total:
        return 0
    new_rows = rows[: n_header + lead]
    breaks = []
    old_breaks = set(table.page_breaks)
    split = 0
    for i, row in enumerate(projects):
        old_index = n_header + lead + i
        if old_index in old_breaks:
            breaks.append(len(new_rows))
        amounts = [c for c in row if is_amount(c)]
        if split < how_many and amounts and all(_cents(c) % 2 == 0 for c in amounts):
            halves = [_half(c) if is_amount(c) else c for c in row]
            first, second = list(halves), list(halves)
            first[0], second[0] = f"{row[0]}（一期）", f"{row[0]}（二期）"
            new_rows += [first, second]
            split += 1
        else:
            new_rows.append(row)
    breaks += [b for b in table.page_breaks if b <= n_header + lead]
    table.rows[:] = new_rows
    table.page_breaks[:] = sorted(set(breaks))
    return split


def _half(text: str) -> str:
    t = text.strip()
    value = Decimal(t.replace(",", "").replace(" ", "")) / 2
    decimals = len(t.replace(" ", "").split(".")[1]) if "." in t else 0
    value = value.quantize(Decimal(1).scaleb(-decimals))
    out = format(value, ",") if "," in t else str(value)
    return out.replace(".", ". ", 1) if ". " in t else out


def document_items(v: Variant) -> tuple[list[Item], str, str]:
    """The plan items of variant ``v`` and its (department, title) cover lines."""
    blocks = read_seed(ROOT / "data" / "seeds" / f"{v.seed}.txt")
    blocks = _map_text(blocks, lambda t: shift_years(rename(t, SEED_NAMES[v.seed], v.department), v.year_shift))
    items = plan(copy.deepcopy(blocks))
    title = ""
    for it in items:
        if it.role == "table_title":
            title = it.text
        if it.role == "table" and it.table_kind == "budget":
            scale_table(it.table, v.factor)
            if "项目支出" in title and v.split_projects:
                split_projects(it.table, v.split_projects)
        elif it.role != "table" and it.zone in ("part1", "part3", "tables") and it.text:
            it.text = scale_narrative(it.text, v.factor)
    attachment = [i for i, it in enumerate(items) if it.zone == "attachment"]
    if attachment and v.catalogue != "keep":
        start, end = attachment[0], attachment[-1] + 1
        section = items[start:end]
        items = items[:start] + (section + copy.deepcopy(section) if v.catalogue == "double" else []) + items[end:]
    dept, cover_title = cover_lines(blocks)
    return items, dept, cover_title


# ---------------------------------------------------------------------------- printing


def build(variants_: list[Variant], out: Path, workdir: Path, jobs: int = 2) -> list[dict]:
    """Write each variant's .docx, print them with LibreOffice (``jobs`` runs in parallel, each
    with its own profile), fix fonts and pin metadata; returns the manifest rows."""
    out.mkdir(parents=True, exist_ok=True)
    docx_files, meta = [], []
    for v in variants_:
        items, dept, title = document_items(v)
        path = workdir / (Path(v.file).stem + ".docx")
        render(items, LAYOUTS[v.layout], title=f"{dept}{title}", author=dept).save(path)
        docx_files.append(path)
        meta.append((v, dept, title))
    batches = [docx_files[i::jobs] for i in range(jobs)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pdf_lists = list(pool.map(lambda b: docx_to_pdf(b, workdir / "pdf") if b else [], batches))
    pdf_of = {p.stem: p for pdfs in pdf_lists for p in pdfs}
    rows = []
    for v, dept, title in meta:
        dst = out / v.file
        normalise_pdf(pdf_of[Path(v.file).stem], dst, title=f"{dept}{title}", author=dept)
        rows.append({**asdict(v), "pages": _pages(dst), "bytes": dst.stat().st_size})
    return rows


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


# ---------------------------------------------------------------------------- page sweep

SWEEP_SOURCE = ROOT / "data" / "samples" / "lvliang_city_gov_office_2026.pdf"
SWEEP_OUT = ROOT / "bench" / "pages"
# 0-based pages of SWEEP_SOURCE from the 政府购买服务指导性目录 attachment to the end: no budget
# table, no narrative section — pages that only the page-level work (text, triage) touches.
SWEEP_FROM_PAGE = 39


def page_sweep(out: Path = SWEEP_OUT, factors: tuple[int, ...] = (1, 2, 4, 8)) -> list[dict]:
    """The same disclosure with its attachment pages printed 1, 2, 4, 8 times (pypdfium2 page
    copies; no LibreOffice): one document growing only in pages, to show the per-page cost."""
    import pypdfium2 as pdfium

    out.mkdir(parents=True, exist_ok=True)
    src = pdfium.PdfDocument(str(SWEEP_SOURCE))
    rows = []
    try:
        extra = list(range(SWEEP_FROM_PAGE, len(src)))
        for k in factors:
            doc = pdfium.PdfDocument.new()
            doc.import_pages(src)
            for _ in range(k - 1):
                doc.import_pages(src, extra)
            path = out / f"{SWEEP_SOURCE.stem}_attachment_x{k}.pdf"
            doc.save(str(path))
            rows.append({"file": path.name, "attachment_copies": k, "pages": len(doc)})
            doc.close()
    finally:
        src.close()
    (out / "MANIFEST.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=50, help="how many documents (30–50 for the benchmark)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--jobs", type=int, default=2, help="LibreOffice processes in parallel")
    ap.add_argument("--keep", type=Path, default=None, help="keep the .docx files in this directory")
    ap.add_argument(
        "--pages-sweep",
        action="store_true",
        help=f"instead: one sample with its attachment repeated 1, 2, 4, 8 times, into {SWEEP_OUT}",
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    if args.pages_sweep:
        rows = page_sweep()
        print(", ".join(f"{r['file']} ({r['pages']} pages)" for r in rows))
        return 0
    chosen = variants(args.count)
    for old in args.out.glob("c[0-9][0-9]_*.pdf") if args.out.exists() else []:
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="make_corpus_") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = build(chosen, args.out, workdir, jobs=max(1, args.jobs))
    (args.out / "MANIFEST.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    pages = [r["pages"] for r in rows]
    print(
        f"{len(rows)} documents, {sum(pages)} pages ({min(pages)}–{max(pages)} each) in {args.out} "
        f"in {time.time() - t0:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
