"""Other provinces' templates, derived from the lvliang seed's blocks.

Each variant is a small named transformation of seed blocks (tools/seed_text.py), so tests
can rebuild the *expected table rows* of a variant PDF from the seed text alone, without
LibreOffice::

    from tools.samplegen.variants import expected_tables
    for t in expected_tables("split_code_yuan"):
        t.title, t.meta, t.rows          # rows as printed (wrap-artefact spaces removed)

Only ``build_variants`` (called by tools/make_samples.py) needs LibreOffice.

Standard tables are recognised by what their title says, not by their number (see
``KINDS``). Amount arithmetic uses Decimal on the seed's text, never float.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tools.seed_text import SEED_DIR, Block, Paragraph, Table, read_seed

from .headers import header_row_count
from .plan import META, PART, TABLE_LABEL, TABLE_TITLE, plan, standard_tables
from .seed_cells import FUNCTION_CODE, is_amount, printed_cell, printed_rows

SEED = "lvliang_city_gov_office_2026"

# what a standard table holds, recognised from its title (order = the Shanxi numbering)
KINDS = [
    ("income_expenditure_total", "预算收支总表"),
    ("income_total", "预算收入总表"),
    ("expenditure_total", "预算支出总表"),
    ("fiscal_grant_total", "财政拨款收支总表"),
    ("general_budget_expenditure", "一般公共预算支出预算表"),
    ("basic_expenditure_economic", "基本支出分经济科目表"),
    ("gov_fund_income", "政府性基金预算收入表"),
    ("gov_fund_expenditure", "政府性基金预算支出表"),
    ("state_capital", "国有资本经营预算收支预算表"),
    ("three_public", "“三公”经费"),
    ("operating_cost", "机关运行经费预算表"),
    ("projects_current", "项目支出预算表（本年预算）"),
    ("projects_carryover", "项目支出预算表（上年结转）"),
]


def table_kind(title: str) -> str:
    squashed = title.replace(" ", "")
    for kind, key in KINDS:
        if key in squashed:
            return kind
    return ""


# ----------------------------------------------------------------------------- units
@dataclass
class Unit:
    """One standard table of 第二部分 with the paragraphs printed around it."""

    label: Paragraph | None
    title: Paragraph
    meta: list[Paragraph]
    table: Table
    notes: list[Paragraph]

    @property
    def kind(self) -> str:
        return table_kind(self.title.text)

    def blocks(self) -> list[Block]:
        out: list[Block] = [self.label] if self.label else []
        return out + [self.title, *self.meta, self.table, *self.notes]


@dataclass
class Split:
    """A seed cut around its table section: blocks before, the units, blocks after."""

    before: list[Block]
    units: list[Unit]
    after: list[Block]

    def join(self) -> list[Block]:
        return [*self.before, *(b for u in self.units for b in u.blocks()), *self.after]


def split_units(blocks: list[Block]) -> Split:
    """Cut the seed at 第二部分: its heading stays in ``before``, 第三部分 starts ``after``."""
    start = (
        next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and PART.match(b.text) and "二" in b.text[:4])
        + 1
    )
    end = next(i for i in range(start, len(blocks)) if isinstance(blocks[i], Paragraph) and PART.match(blocks[i].text))
    units: list[Unit] = []
    label: Paragraph | None = None
    title: Paragraph | None = None
    meta: list[Paragraph] = []
    for b in blocks[start:end]:
        if isinstance(b, Table):
            units.append(Unit(label, title, meta, b, []))
            label, title, meta = None, None, []
            continue
        text = b.text.replace(" ", "")
        if TABLE_LABEL.match(text):
            label = b
        elif TABLE_TITLE.match(text) and not META.match(b.text):
            title = b
        elif META.match(b.text):
            meta.append(b)
        elif units:
            units[-1].notes.append(b)
    return Split(blocks[:start], units, blocks[end:])


def drop_catalogue(blocks: list[Block]) -> list[Block]:
    """Leave out the 政府购买服务指导性目录 attachment (dozens of catalogue pages) to keep a
    variant small: from the 山西省财政厅文件 cover page up to 第四部分."""
    start = next(
        (i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.strip() == "山西省财政厅文件"), None
    )
    if start is None:
        return blocks
    end = next(i for i in range(start, len(blocks)) if isinstance(blocks[i], Paragraph) and PART.match(blocks[i].text))
    return blocks[:start] + blocks[end:]


def _dept(split: Split) -> str:
    for u in split.units:
        for m in u.meta:
            mm = re.match(r"^部门名称\s*[:：]\s*(.*?)\s*(单位\s*[:：].*)?$", m.text)
            if mm:
                return mm.group(1)
    return ""


# ----------------------------------------------------------------------------- amounts
def wan_to_yuan(text: str) -> str:
    """'2324.90' (万元) -> '23,249,000.00' (元), exactly (Decimal on the seed text)."""
    value = Decimal(text.replace(",", "").replace(" ", "")) * 10000
    return f"{value:,.2f}"


def split_code(code: str) -> list[str]:
    """'2010301' -> ['201', '03', '01']; '20103' -> ['201', '03', '']; '201' -> ['201', '', '']."""
    if FUNCTION_CODE.match(code):
        return [code[:3], code[3:5], code[5:7]]
    return [code, "", ""]


# ----------------------------------------------------------------------------- (a)
def split_code_columns(table: Table) -> Table:
    """类 | 款 | 项 in three columns instead of one 科目编码 column (Guangdong/Zhejiang-style
    templates): the header cell 科目编码 becomes 类, 款, 项; header rows above it get two
    empty cells (so a spanning 项目 still spans); data rows print the code split
    ("201 | 03 | 01"), a 类 row filling only the first column and a 款 row the first two."""
    rows = [list(r) for r in table.rows]
    n_header = header_row_count(rows)
    cols = sorted(
        {c for r in range(n_header) for c, t in enumerate(rows[r]) if re.fullmatch(r"(收入)?科目编码", t.strip())},
        reverse=True,
    )
    for c in cols:
        hr = next(r for r in range(n_header) if re.fullmatch(r"(收入)?科目编码", rows[r][c].strip()))
        for r, row in enumerate(rows):
            if r == hr:
                row[c : c + 1] = ["类", "款", "项"]
            elif r < n_header:
                row[c + 1 : c + 1] = ["", ""]
            else:
                row[c : c + 1] = split_code(row[c].strip())
    breaks = list(table.page_breaks)
    return Table(rows=rows, page_breaks=breaks)


def amounts_in_yuan(table: Table) -> Table:
    """Every amount of the data rows in 元 with thousands separators (万元 × 10000)."""
    rows = [list(r) for r in table.rows]
    n_header = header_row_count(rows)
    for row in rows[n_header:]:
        for c, t in enumerate(row):
            if is_amount(t):
                row[c] = wan_to_yuan(t)
    return Table(rows=rows, page_breaks=list(table.page_breaks))


def compiler_meta(dept: str, unit_text: str, label: str = "编制部门") -> list[Paragraph]:
    return [Paragraph(f"{label}：{dept}"), Paragraph(unit_text)]


def split_code_yuan(blocks: list[Block]) -> list[Block]:
    """Variant (a): a template that prints amounts in 元 and splits the function code into
    类/款/项 columns, with an "编制部门：" line instead of "部门名称："; everything else as
    in the seed (the catalogue attachment left out)."""
    split = split_units(copy.deepcopy(blocks))
    dept = _dept(split)
    for u in split.units:
        u.table = amounts_in_yuan(split_code_columns(u.table))
        u.meta = compiler_meta(dept, "单位：元")
    return drop_catalogue(split.join())


# ----------------------------------------------------------------------------- (b)
THREE_PUBLIC_ROWS = [
    ("因公出国（境）费", "three_public", "因公出国（境）费"),
    ("公务接待费", "three_public", "公务接待费"),
    ("公务用车购置及运行费", "three_public", "公务用车购置及运行费"),
    ("其中：公务用车购置费", "three_public", "①公务用车购置费"),
    ("公务用车运行维护费", "three_public", "②公务用车运行维护费"),
    ("机关运行经费", "operating_cost", "部门合计"),
]


def combine_three_public_and_operating(three_public: Table, operating: Table, year: str) -> Table:
    """One table for "三公" and 机关运行经费 (templates of several provinces print them
    together): the five 三公 lines and a 机关运行经费 line, one amount column per funding
    source, values copied from the seed's 表十 and 表十一 rows."""

    def row_of(table: Table, name: str) -> list[str]:
        for r in table.rows:
            if r[0].strip() == name:
                return r
        raise KeyError(name)

    sources = {"three_public": three_public, "operating_cost": operating}
    head = [
        ["项目", f"{year}年预算数", "", "", ""],
        ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
    ]
    body = [[label, *row_of(sources[src], name)[1:5]] for label, src, name in THREE_PUBLIC_ROWS]
    return Table(rows=head + body, page_breaks=[])


DROPPED_IN_NINE = {"gov_fund_income", "gov_fund_expenditure", "state_capital"}
CN_NUM = "一二三四五六七八九十"


def combined_three_public(blocks: list[Block]) -> list[Block]:
    """Variant (b): a 9-table template. 表七/表八/表九 (government funds, state capital)
    are not printed; "三公" and 机关运行经费 are one table titled
    "2026年“三公”经费和机关运行经费预算表"; every table is labelled 预算公开表1…9, with an
    "编制单位：" line and "单位:万元" (ASCII colon). The catalogue attachment is left out."""
    split = split_units(copy.deepcopy(blocks))
    dept = _dept(split)
    year = re.match(r"^(\d{4})年", split.units[0].title.text).group(1)
    by_kind = {u.kind: u for u in split.units}
    units: list[Unit] = []
    for u in split.units:
        if u.kind in DROPPED_IN_NINE or u.kind == "operating_cost":
            continue
        if u.kind == "three_public":
            table = combine_three_public_and_operating(u.table, by_kind["operating_cost"].table, year)
            u = Unit(None, Paragraph(f"{year}年“三公”经费和机关运行经费预算表"), [], table, [])
        units.append(u)
    for n, u in enumerate(units, 1):
        u.label = Paragraph(f"预算公开表{n}")
        u.meta = compiler_meta(dept, "单位:万元", label="编制单位")
    split.units = units
    split.before = _renumber_toc(split.before, [u.title.text for u in units])
    return drop_catalogue(split.join())


def _renumber_toc(before: list[Block], titles: list[str]) -> list[Block]:
    """Rewrite the 目录 rows of the table section for a template with other tables (each
    keeps the page number the seed's 目录 gives its source table; the combined table takes
    the "三公" table's)."""
    out: list[Block] = []
    for b in before:
        if isinstance(b, Table) and b.width == 2 and any(r[0].startswith("表") for r in b.rows):
            pages = {table_kind(r[0]): r[1] for r in b.rows if r[0].startswith("表")}
            rows, breaks = [], []
            inserted = False
            for i, r in enumerate(b.rows):
                if i in b.page_breaks:
                    breaks.append(len(rows))
                if r[0].startswith("表"):
                    if not inserted:
                        rows += [[f"表{_cn(n)}{t}", pages.get(table_kind(t), "")] for n, t in enumerate(titles, 1)]
                        inserted = True
                    continue
                rows.append(list(r))
            out.append(Table(rows=rows, page_breaks=breaks))
        else:
            out.append(b)
    return out


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    return "十" + CN_NUM[n - 11]


# ----------------------------------------------------------------------------- 决算
_FUND_NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算")


def budget_to_final(text: str, year_from: str = "2026", year_to: str = "2025") -> str:
    """预算 -> 决算 and the year back by one, but fund names (一般公共预算, …) kept
    (wrap-artefact spaces removed first, so "国有资本经营 预算" is a fund name too)."""
    protected = printed_cell(text)
    for i, name in enumerate(_FUND_NAMES):
        protected = protected.replace(name, f"\x00{i}\x00")
    protected = protected.replace("预算", "决算").replace(year_from, year_to)
    for i, name in enumerate(_FUND_NAMES):
        protected = protected.replace(f"\x00{i}\x00", name)
    return protected


def final_accounts(blocks: list[Block], keep: int = 3) -> list[Block]:
    """A 部门决算公开 (final accounts, 2025) instead of a budget: cover, a short 目录, the
    table-section heading and the first ``keep`` tables, with 预算 -> 决算 and 2026 -> 2025 in
    the cover, headings, titles, labels and header cells (data rows and fund names as in the
    seed). Imitates a document that must be recognised as *not* a budget disclosure."""
    split = split_units(copy.deepcopy(blocks))
    toc_at = next(
        i for i, b in enumerate(split.before) if isinstance(b, Paragraph) and b.text.replace(" ", "") == "目录"
    )
    cover = [Paragraph(budget_to_final(b.text)) for b in split.before[:toc_at]]
    heading = Paragraph(budget_to_final(split.before[-1].text))
    units = split.units[:keep]
    for u in units:
        if u.label:
            u.label = Paragraph(budget_to_final(u.label.text))
        u.title = Paragraph(budget_to_final(u.title.text))
        n_header = header_row_count(u.table.rows)
        u.table = Table(
            rows=[[budget_to_final(c) for c in r] if i < n_header else list(r) for i, r in enumerate(u.table.rows)],
            page_breaks=list(u.table.page_breaks),
        )
    toc = Table(rows=[[heading.text, "1"]] + [[f"表{_cn(n)}{u.title.text}", str(n)] for n, u in enumerate(units, 1)])
    return [*cover, Paragraph("目 录"), toc, heading, *(b for u in units for b in u.blocks())]


# ----------------------------------------------------------------------------- API
VARIANTS = {
    "split_code_yuan": split_code_yuan,
    "combined_three_public": combined_three_public,
}


@dataclass
class ExpectedTable:
    kind: str
    label: str
    title: str
    meta: list[str]
    rows: list[list[str]]  # as printed: wrap-artefact spaces removed
    n_header: int


def variant_blocks(name: str, seed_dir: Path = SEED_DIR) -> list[Block]:
    return VARIANTS[name](read_seed(seed_dir / f"{SEED}.txt"))


def expected_tables(name: str, seed_dir: Path = SEED_DIR) -> list[ExpectedTable]:
    """The standard tables of variant ``name`` as they are printed in its PDF."""
    out = []
    for st in standard_tables(plan(variant_blocks(name, seed_dir))):
        out.append(
            ExpectedTable(
                kind=table_kind(st.title),
                label=st.label,
                title=st.title,
                meta=list(st.meta),
                rows=printed_rows(st.table.rows),
                n_header=header_row_count(st.table.rows),
            )
        )
    return out


def build_variants(outdir: Path, workdir: Path) -> list[Path]:
    """Print every variant with layout A (needs LibreOffice)."""
    from tools.make_samples import print_documents

    from .layouts import LAYOUT_A

    jobs = [(variant_blocks(name), LAYOUT_A, outdir / f"{name}.pdf") for name in VARIANTS]
    return print_documents(jobs, workdir)
