"""Randomised layouts: the same seed texts printed the ways departments' office suites print them.

``draw(rng_seed, seed_stem)`` draws a ``FuzzLayout``: one value of every dimension below, each
independently from ``random.Random(rng_seed)``, so a case is reproduced by its two arguments
alone. ``document(fl)`` applies it to the seed's blocks and returns the document plan to render
(docx_build.render), the ``Layout`` to render it with, and the cells the extraction must stage
(tests/golden/seed_expected.py's derivation, applied to the tables as transformed here, with
their kinds known from the seed rather than re-read from the changed titles).

Dimensions (``FuzzLayout`` fields):

- header_merge: merged header cells | unmerged (a group heading in its first cell, the cells it
  covers blank) | repeated (unmerged, the heading printed again in every cell it covers);
- header_rows: as the seed prints them (1-3) | numbered (a "1 2 3 …" row added, tables of at
  most two rows) | flat (a two-row header printed as one row of joined labels);
- repeat_header: header rows printed again on every continuation page;
- font, title_font, table_pt, header_bold: Noto Serif / Noto Sans CJK SC, WenQuanYi Micro Hei;
- orientation: all portrait | the table section landscape | tables of 8+ columns landscape;
- paper: A4 | US letter; margin_cm;
- text_cap_em, number_fit: column widths that wrap names (cap in em) and numbers (< 1);
- numbering, numbering_inline: 预算公开表N as the seed | 表一 | 表1 | 公开01表 | 预算01表 | none,
  on a line of its own or in front of the title; title_wording: seed | a synonym wording |
  the department's name in front;
- title_break: every table on a new page | flowing right after the previous table's end;
- dept_line: 部门名称 line present | absent | with a budget code in front; meta_combined:
  部门名称 and 单位 on one line;
- unit: 万元 | 元 (every amount × 10000, exactly); thousands: as the seed | none | comma;
- empty_cells: as the seed | 0.00 printed in a row's blank amount cells | 0.00 left blank;
- tables_position: tables before | after the narrative (第三部分);
- omitted: optional tables left out (政府性基金, 国有资本经营, 上年结转);
- page_breaks: the seed's | at random rows | none forced (tables flow).

The 政府购买服务指导性目录 attachment (~80 pages of catalogue, no standard table) is always
left out: it is the slowest part to print and no rule reads it.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from pathlib import Path

from tests.golden.seed_expected import ExpectedCell, expected_cells_of_table, kind_of_title
from tools.seed_text import SEED_DIR, Block, Paragraph, Table, header_paths, read_seed

from .headers import header_row_count, header_spans, is_column_number_row
from .layouts import LAYOUT_A, Layout
from .plan import META, TABLE_LABEL, Item, plan
from .seed_cells import is_amount

DIMENSIONS = (
    "header_merge",
    "header_rows",
    "repeat_header",
    "font",
    "title_font",
    "table_pt",
    "header_bold",
    "orientation",
    "paper",
    "margin_cm",
    "text_cap_em",
    "number_fit",
    "numbering",
    "numbering_inline",
    "title_wording",
    "title_break",
    "dept_line",
    "meta_combined",
    "unit",
    "thousands",
    "empty_cells",
    "tables_position",
    "omitted",
    "page_breaks",
)
FONTS = {"serif": "Noto Serif CJK SC", "sans": "Noto Sans CJK SC", "wqy": "WenQuanYi Micro Hei"}
PAPER = {"A4": (21.0, 29.7), "letter": (21.59, 27.94)}
OPTIONAL = {
    "government_fund": ("government_fund_revenue", "government_fund_expenditure"),
    "state_capital": ("state_capital",),
    "carryover": ("project_carryover",),
}
_CN = "一二三四五六七八九十"
# Synonym wordings of each table's title words (what other templates print for the same table).
WORDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "budget_summary": (
        ("预算收支总表", "收支预算总表"),
        ("预算收支总表", "部门收支总体情况表"),
        ("预算收支总表", "部门财务收支预算总表"),
    ),
    "revenue_summary": (("预算收入总表", "收入预算总表"), ("预算收入总表", "部门收入总体情况表")),
    "expenditure_summary": (("预算支出总表", "支出预算总表"), ("预算支出总表", "部门支出总体情况表")),
    "fiscal_grant_summary": (
        ("财政拨款收支总表", "财政拨款收支预算总表"),
        ("财政拨款收支总表", "财政拨款收支总体情况表"),
    ),
    "general_budget_expenditure": (
        ("一般公共预算支出预算表", "一般公共预算支出情况表"),
        ("一般公共预算支出预算表", "一般公共预算支出表"),
    ),
    "basic_expenditure_economic": (("一般公共预算安排基本支出分经济科目表", "一般公共预算基本支出经济科目预算表"),),
    "government_fund_revenue": (("政府性基金预算收入表", "政府性基金收入预算表"),),
    "government_fund_expenditure": (
        ("政府性基金预算支出表", "政府性基金支出预算表"),
        ("政府性基金预算支出表", "政府性基金预算支出情况表"),
    ),
    "state_capital": (("国有资本经营预算收支预算表", "国有资本经营预算收支情况表"),),
    "three_public": (("财政拨款安排“三公”经费支出预算表", "一般公共预算“三公”经费支出情况表"),),
    "operating_cost": (("财政拨款安排机关运行经费预算表", "机关运行经费预算情况表"),),
    "project_expenditure": (("项目支出预算表（本年预算）", "项目支出表（本年预算）"),),
    "project_carryover": (("项目支出预算表（上年结转）", "上年结转项目支出预算表"),),
}
# Header words that only group the columns below them: a flat header drops them.
# Only the words that say "the names" / "the amounts" and nothing else: 本年收入, 收入, 支出,
# 2026年财政拨款 say which figures a column holds and stay in the joined label.
_GENERIC_GROUPS = re.compile(r"^(项目|金额)$")
_PART = re.compile(r"^第([一二三四五六七八九十]+)部分")
_META_PARTS = re.compile(r"^(?:(?:部门名称|编制单位|编制部门)\s*[:：]\s*(?P<dept>.*?))?\s*(?P<unit>单位\s*[:：].*)?$")


@dataclass(frozen=True)
class FuzzLayout:
    rng_seed: int
    seed: str  # the seed file's stem
    header_merge: str
    header_rows: str
    repeat_header: bool
    font: str
    title_font: str
    table_pt: float
    header_bold: bool
    orientation: str
    paper: str
    margin_cm: float
    text_cap_em: float
    number_fit: float
    numbering: str
    numbering_inline: bool
    title_wording: str
    title_break: str
    dept_line: str
    meta_combined: bool
    unit: str
    thousands: str
    empty_cells: str
    tables_position: str
    omitted: tuple[str, ...]
    page_breaks: str

    def summary(self) -> str:
        """One line: every drawn dimension."""
        parts = []
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool):
                v = int(v)
            elif isinstance(v, tuple):
                v = "+".join(v) or "-"
            parts.append(f"{f.name}={v}")
        return " ".join(parts)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["omitted"] = list(self.omitted)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> FuzzLayout:
        return cls(**{**d, "omitted": tuple(d.get("omitted", ()))})


def draw(rng_seed: int, seed: str) -> FuzzLayout:
    """Every dimension drawn independently from one RNG seeded with ``rng_seed``."""
    rng = random.Random(rng_seed)
    return FuzzLayout(
        rng_seed=rng_seed,
        seed=seed,
        header_merge=rng.choice(("merged", "unmerged", "repeated")),
        header_rows=rng.choice(("seed", "numbered", "flat")),
        repeat_header=rng.random() < 0.5,
        font=rng.choice(tuple(FONTS)),
        title_font=rng.choice(tuple(FONTS)),
        table_pt=rng.choice((7.5, 8.0, 9.0, 10.0, 10.5)),
        header_bold=rng.random() < 0.5,
        orientation=rng.choice(("portrait", "landscape", "wide")),
        paper=rng.choice(tuple(PAPER)),
        margin_cm=rng.choice((1.2, 1.8, 2.5)),
        text_cap_em=rng.choice((4.0, 6.0, 8.0, 13.0)),
        number_fit=rng.choice((1.0, 1.0, 0.6)),
        numbering=rng.choice(("seed", "表一", "表1", "公开01表", "预算01表", "none")),
        numbering_inline=rng.random() < 0.5,
        title_wording=rng.choice(("seed", "synonym", "department")),
        title_break=rng.choice(("page", "flow")),
        dept_line=rng.choice(("present", "absent", "code")),
        meta_combined=rng.random() < 0.5,
        unit=rng.choice(("万元", "元")),
        thousands=rng.choice(("seed", "none", "comma")),
        empty_cells=rng.choice(("seed", "zero", "blank")),
        tables_position=rng.choice(("before", "after")),
        omitted=tuple(name for name in OPTIONAL if rng.random() < 0.3),
        page_breaks=rng.choice(("seed", "random", "flow")),
    )


def layout_of(fl: FuzzLayout) -> Layout:
    w, h = PAPER[fl.paper]
    return replace(
        LAYOUT_A,
        name=f"F{fl.rng_seed}",
        serif=FONTS[fl.font],
        sans=FONTS[fl.title_font],
        table_pt=fl.table_pt,
        margin_side_cm=fl.margin_cm,
        margin_top_cm=max(fl.margin_cm, 1.5),
        margin_bottom_cm=max(fl.margin_cm, 1.5),
        text_cap_em=fl.text_cap_em,
        landscape_min_cols={"wide": 8}.get(fl.orientation),
        landscape_tables_zone=fl.orientation == "landscape",
        keep_seed_breaks=fl.page_breaks != "flow",
        repeat_header=fl.repeat_header,
        header_bold=fl.header_bold,
        row_height_cm=round(fl.table_pt * 0.055, 2),
        page_w_cm=w,
        page_h_cm=h,
        merge_header=fl.header_merge == "merged",
        number_fit=fl.number_fit,
    )


# ------------------------------------------------------------------ table transforms


def _label_columns(rows: list[list[str]], n_header: int) -> set[int]:
    width = max(len(r) for r in rows)
    out = set()
    for c in range(width):
        for r in rows[n_header:]:
            t = r[c].strip() if c < len(r) else ""
            if t and not is_amount(t) and not is_column_number_row(r):
                out.add(c)
                break
    return out


def _format_amount(text: str, unit: str, thousands: str) -> str:
    if unit == "万元" and thousands == "seed":
        return text
    raw = re.sub(r"[\s,]", "", text)
    value = Decimal(raw)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    if unit == "元":
        value *= 10000
        decimals = 2
    if thousands == "comma" or (thousands == "seed" and "," in text):
        return f"{value:,.{decimals}f}"
    return f"{value:.{decimals}f}"


def transform_rows(rows: list[list[str]], fl: FuzzLayout) -> list[list[str]]:
    rows = [list(r) for r in rows]
    width = max(len(r) for r in rows)
    n_header = header_row_count(rows)
    labels = _label_columns(rows, n_header)
    # amounts: unit, separators, empty cells
    for r in range(n_header, len(rows)):
        row = rows[r]
        if is_column_number_row(row):
            continue
        has_amount = any(is_amount(t) for t in row)
        for c, t in enumerate(row):
            if is_amount(t):
                if fl.empty_cells == "blank" and Decimal(re.sub(r"[\s,]", "", t)) == 0:
                    row[c] = ""
                else:
                    row[c] = _format_amount(t, fl.unit, fl.thousands)
            elif not t.strip() and c not in labels and has_amount and fl.empty_cells == "zero":
                row[c] = "0.00"
    header = rows[:n_header]
    words = [r for r in header if not is_column_number_row(r)]
    numbers = [r for r in header if is_column_number_row(r)]
    if fl.header_rows == "flat" and len(words) == 2:
        paths = header_paths(words, width)
        flat = []
        for path in paths:
            kept = [p for p in path if not _GENERIC_GROUPS.match(p)] or path[-1:]
            flat.append("".join(dict.fromkeys(kept)))
        header = [flat, *numbers]
    elif fl.header_rows == "numbered" and not numbers and len(words) <= 2:
        header = [*words, [str(i + 1) for i in range(width)]]
    if fl.header_merge == "repeated":
        spans = header_spans(header + rows[n_header:], len(header))
        for s in spans:
            for c in range(s.col + 1, s.col + s.colspan):
                header[s.row][c] = header[s.row][s.col]
    return header + rows[n_header:]


def _breaks(table: Table, rows: list[list[str]], fl: FuzzLayout, rng: random.Random) -> list[int]:
    n_header = header_row_count(rows)
    shift = len(rows) - len(table.rows)  # header rows added or removed
    if fl.page_breaks == "seed":
        return [b + shift for b in table.page_breaks if n_header < b + shift < len(rows)]
    if fl.page_breaks == "random" and len(rows) - n_header >= 6:
        k = rng.choice((1, 1, 2))
        return sorted(rng.sample(range(n_header + 1, len(rows)), k))
    return []


# ------------------------------------------------------------------ document


@dataclass
class _Unit:
    pre: list[Paragraph]
    table: Table | None
    kind: str | None
    post: list[Paragraph]


def _label(style: str, n: int) -> str:
    if style == "表一":
        return "表" + (_CN[n - 1] if n <= 10 else "十" + _CN[n - 11])
    if style == "表1":
        return f"表{n}"
    if style == "公开01表":
        return f"公开{n:02d}表"
    if style == "预算01表":
        return f"预算{n:02d}表"
    return ""


def _department(blocks: list[Block]) -> str:
    return next((b.text for b in blocks if isinstance(b, Paragraph)), "")


def transform_blocks(fl: FuzzLayout, blocks: list[Block]) -> tuple[list[Block], list[ExpectedCell]]:
    """The seed's blocks as this layout prints them, and the cells their standard tables hold.
    The table number and title paragraphs written here carry ``heading_level`` -1 and -2, so that
    ``document`` lays them out as such whatever their wording."""
    rng = random.Random(f"{fl.rng_seed}/content")
    dept = _department(blocks)
    budget_code = f"{rng.randrange(100, 999)}{rng.randrange(1, 99):03d}"
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Paragraph) and _PART.match(b.text) and _PART.match(b.text).group(1) == "二"
    )
    end = next(i for i, b in enumerate(blocks) if i > start and isinstance(b, Paragraph) and _PART.match(b.text))
    units: list[_Unit] = []
    pending: list[Paragraph] = []
    for b in blocks[start + 1 : end]:
        if isinstance(b, Table):
            kind = None
            for p in reversed(pending):
                kind = kind_of_title(p.text)
                if kind:
                    break
            units.append(_Unit(pending, b, kind, []))
            pending = []
        elif units and b.text.startswith("注") and not pending:
            units[-1].post.append(b)
        else:
            pending.append(b)
    tail = pending
    omitted = {k for name in fl.omitted for k in OPTIONAL[name]}
    units = [u for u in units if u.kind not in omitted]
    expected: list[ExpectedCell] = []
    out_zone: list[Block] = [blocks[start]]
    number = 0
    for u in units:
        if u.kind is None or u.table is None:
            out_zone += [*u.pre, *([u.table] if u.table else []), *u.post]
            continue
        number += 1
        label = _label(fl.numbering, number)
        pre: list[Paragraph] = []
        for p in u.pre:
            text = p.text.strip()
            if TABLE_LABEL.match(text.replace(" ", "")):
                if fl.numbering == "seed":
                    pre.append(Paragraph(text, heading_level=-1))
                continue
            if kind_of_title(text) == u.kind:
                if fl.title_wording == "synonym":
                    choices = WORDINGS.get(u.kind, ())
                    if choices:
                        old, new = rng.choice(choices)
                        text = text.replace(old, new)
                elif fl.title_wording == "department":
                    text = dept + text
                if label and fl.numbering_inline:
                    text = f"{label}{rng.choice(('', ' ', '  '))}{text}"
                elif label:
                    pre.append(Paragraph(label, heading_level=-1))
                pre.append(Paragraph(text, heading_level=-2))
                continue
            m = _META_PARTS.match(text) if META.match(text) else None
            if m:
                lines = []
                if m.group("dept") is not None and fl.dept_line != "absent":
                    name = m.group("dept").strip()
                    if fl.dept_line == "code":
                        name = f"{budget_code}{rng.choice(('', '-', ' '))}{name}"
                    lines.append(f"部门名称：{name}")
                if m.group("unit"):
                    lines.append("单位：元" if fl.unit == "元" else m.group("unit").strip())
                if fl.meta_combined and len(lines) == 2:
                    lines = [f"{lines[0]}    {lines[1]}"]
                pre += [Paragraph(t) for t in lines]
                continue
            pre.append(p)
        rows = transform_rows(u.table.rows, fl)
        table = Table(rows=rows, page_breaks=_breaks(u.table, rows, fl, rng))
        unit = (
            "元"
            if fl.unit == "元"
            else next((m.group(1) for p in u.pre if (m := re.search(r"单位\s*[:：]\s*(万元|元)", p.text))), "万元")
        )
        expected += expected_cells_of_table(u.kind, unit, rows)
        out_zone += [*pre, table, *u.post]
    out_zone += tail
    return [*blocks[:start], *out_zone, *blocks[end:]], expected


def document(fl: FuzzLayout, seed_dir: Path = SEED_DIR) -> tuple[list[Item], Layout, list[ExpectedCell]]:
    """(plan items, layout, expected cells) of one fuzzed document."""
    blocks = read_seed(seed_dir / f"{fl.seed}.txt")
    blocks, expected = transform_blocks(fl, copy.deepcopy(blocks))
    labels = {b.text for b in blocks if isinstance(b, Paragraph) and b.heading_level == -1}
    titles = {b.text for b in blocks if isinstance(b, Paragraph) and b.heading_level == -2}
    items = plan(blocks)
    # the catalogue attachment: never printed here (see the module docstring)
    items = [it for it in items if it.zone != "attachment"]
    for i, it in enumerate(items):
        if it.zone != "tables":
            continue
        if it.text in labels:
            it.role = "table_label"
        elif it.text in titles:
            it.role = "table_title"
        if it.role in ("table_label", "table_title"):
            prev = items[i - 1].role if i else ""
            if prev in ("table_label",):
                it.new_page = False
            elif prev == "part":
                it.new_page = False
            else:
                it.new_page = fl.title_break == "page"
    if fl.tables_position == "after":
        tables = [it for it in items if it.zone == "tables"]
        rest = [it for it in items if it.zone != "tables"]
        at = next((i for i, it in enumerate(rest) if it.zone == "part4"), len(rest))
        if tables:
            tables[0].new_page = True
        items = rest[:at] + tables + rest[at:]
    layout = layout_of(fl)
    return items, layout, expected


def expected_cells(fl: FuzzLayout, seed_dir: Path = SEED_DIR) -> list[ExpectedCell]:
    blocks = read_seed(seed_dir / f"{fl.seed}.txt")
    return transform_blocks(fl, copy.deepcopy(blocks))[1]
