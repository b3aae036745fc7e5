"""The cells the golden tests expect, derived from the seed text exports themselves.

Never hand-typed numbers: for each seed, every non-empty amount cell of every standard table
(表一 … 表十三) becomes one expected cell with its row key and column label. This derivation
is deliberately simple and separate from ``budget_etl`` (own title list, own header rule, own
number parsing, no camelot edges), so that a bug in the extractor cannot hide in both sides.

- A seed table is a standard table when the last paragraph between it and the previous table
  names a standard table title (``STANDARD_TITLES`` below). 绩效目标表 and the catalogue
  attachment never do.
- Header rows: the rows above the first row that holds an amount (a number with a decimal
  point); a "1 2 3 …" column-number row is skipped. A header cell spans right over empty cells
  that have header text below them (a group heading over sub-headings).
- Label columns: columns whose header says 编码/代码/名称/项目/类/款/项 or whose data hold words.
  Each amount column belongs to the run of label columns just left of it (left/right
  two-sided tables have two runs). A code is the 编码/代码 column's digits, or, where a
  template splits it into 类 | 款 | 项 columns, their digits joined.
- Labels are compared folded: NFKC, no whitespace at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tools.seed_text import Block, Paragraph, Table, header_paths, read_seed

# Title words of the Shanxi 2025/2026 template (seeds' README), independent of table_kinds.py.
STANDARD_TITLES: tuple[tuple[str, str], ...] = (
    ("三公经费和机关运行经费预算表", "three_public_operating_cost"),  # 9-table template variant
    ("财政拨款收支总表", "fiscal_grant_summary"),
    ("预算收支总表", "budget_summary"),
    ("预算收入总表", "revenue_summary"),
    ("预算支出总表", "expenditure_summary"),
    ("一般公共预算支出预算表", "general_budget_expenditure"),
    ("基本支出分经济科目表", "basic_expenditure_economic"),
    ("政府性基金预算收入表", "government_fund_revenue"),
    ("政府性基金预算支出表", "government_fund_expenditure"),
    ("国有资本经营预算收支预算表", "state_capital"),
    ("三公经费支出预算表", "three_public"),
    ("机关运行经费预算表", "operating_cost"),
    ("项目支出预算表(本年预算)", "project_expenditure"),
    ("项目支出预算表(上年结转)", "project_carryover"),
)

_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+\.\d+")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_LABEL_HEADER = re.compile(r"编码|代码|名称|^项目$|^科目$|^[类款项]$")


@dataclass(frozen=True, order=True)
class ExpectedCell:
    table_kind: str
    function_code: str | None
    row_label: str  # folded
    row_label_secondary: str | None  # folded
    column_label: str  # folded, levels joined with "/"
    amount: Decimal
    unit: str


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"“": '"', "”": '"'}))
    return re.sub(r"\s+", "", text)


def amount_of(text: str) -> Decimal | None:
    """The seed's printed amount, or None. Seeds print amounts with a decimal point."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not _NUMBER.fullmatch(t):
        return None
    return Decimal(t.replace(",", ""))


def kind_of_title(text: str) -> str | None:
    t = fold(text).replace('"', "")
    if "绩效" in t or "目录" in t:
        return None
    for words, kind in STANDARD_TITLES:
        if words in t:
            return kind
    return None


def unit_of(paragraphs: list[str]) -> str:
    for p in paragraphs:
        m = re.search(r"单位\s*[:：]\s*(万元|元)", p)
        if m:
            return m.group(1)
    return "万元"


def _is_column_number_row(row: list[str]) -> bool:
    filled = [c.strip() for c in row if c.strip()]
    return len(filled) >= 2 and filled == [str(i) for i in range(1, len(filled) + 1)]


def expected_cells_of_table(kind: str, unit: str, rows: list[list[str]]) -> list[ExpectedCell]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    n_header = next(
        (i for i, r in enumerate(rows) if not _is_column_number_row(r) and any(amount_of(c) for c in r)),
        len(rows),
    )
    header = [r for r in rows[:n_header] if not _is_column_number_row(r)]
    data = [r for r in rows[n_header:] if not _is_column_number_row(r)]
    if not data:
        return []

    paths = header_paths(header, width)

    def is_label_column(c: int) -> bool:
        if any(_LABEL_HEADER.search(fold(p)) for p in paths[c][-1:]):
            return True
        return any(r[c].strip() and amount_of(r[c]) is None for r in data)

    label_cols = [c for c in range(width) if is_label_column(c)]

    def is_code_column(c: int) -> bool:
        whole = fold("".join(paths[c]))
        last = fold(paths[c][-1]) if paths[c] else ""
        return "编码" in whole or "代码" in whole or last in ("类", "款", "项")

    code_cols = {c for c in label_cols if is_code_column(c)}

    out: list[ExpectedCell] = []
    for row in data:
        for c in range(width):
            if c in label_cols:
                continue
            value = amount_of(row[c])
            if value is None:
                continue
            run: list[int] = []
            k = c - 1
            while k >= 0 and k not in label_cols:
                k -= 1
            while k >= 0 and k in label_cols:
                run.insert(0, k)
                k -= 1
            digits = "".join(fold(row[k]) for k in run if k in code_cols and fold(row[k]).isdigit())
            code = digits if _CODE.fullmatch(digits) else None
            names: list[str] = []
            for k in run:
                text = fold(row[k])
                if k in code_cols:
                    if text and not text.isdigit():
                        names.append(text)
                else:
                    names.append(text)
            names_nonempty = [n for n in names if n]
            if len([k for k in run if k not in code_cols]) >= 2:
                row_label, secondary = names[0] if names else "", (names[1] or None) if len(names) > 1 else None
            else:
                row_label, secondary = "".join(names_nonempty), None
            out.append(ExpectedCell(kind, code, row_label, secondary, "/".join(fold(p) for p in paths[c]), value, unit))
    return out


def standard_tables(source: Path | str | list[Block]) -> list[tuple[str, str, Table]]:
    """(table_kind, unit, table) for each standard table of a seed (a path, or its blocks as
    tools/samplegen/variants.py transforms them), in document order."""
    blocks = read_seed(source) if isinstance(source, (str, Path)) else source
    out = []
    since_table: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            since_table.append(block.text)
            continue
        kind = None
        for text in reversed(since_table):
            kind = kind_of_title(text)
            if kind:
                break
        if kind:
            out.append((kind, unit_of(since_table), block))
        since_table = []
    return out


def expected_cells(source: Path | str | list[Block]) -> list[ExpectedCell]:
    cells: list[ExpectedCell] = []
    for kind, unit, table in standard_tables(source):
        cells.extend(expected_cells_of_table(kind, unit, table.rows))
    return cells


def summary(path: Path | str) -> Counter:
    return Counter(c.table_kind for c in expected_cells(path))
