"""The staged long table read back into printed tables and rows, amounts in exact yuan.

The identities compare figures of one printed row, of rows in printed order (a category row
and the items below it) and of tables with each other. This module is deliberately separate
from budget_etl/normalise (which reads the same frame to build facts): a misreading there must
not hide in the checks too.

A row here is a *logical* row: the cells of one (table_seq, row_index) that share a row label.
Two-sided tables (收支总表: 收入 on the left, 支出 on the right) print two logical rows on one
physical line, and the staged frame gives each cell the label of its own side.

Column labels are the folded header path joined with "/" ("2026年预算数/基本支出",
"本年收入/一般公共预算", "支出/金额/小计"). What a column *means* is read from its last level, or
from a known word anywhere in the path, with years removed, so "2026年合计" and "2025预算数/合计"
read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from budget_etl.money import UNIT_FACTORS
from budget_etl.text import fold

# Rounding step of a printed figure, in yuan: the tables print 2 decimals of their unit. A 元
# table may still carry figures that were rounded upstream (kept in 万元, printed in 元: every
# figure a whole hundred), so its step is the coarsest of these that all its figures share.
PRINT_STEP = {"万元": Decimal("100"), "元": Decimal("0.01")}
YUAN_TABLE_STEPS = (Decimal("100"), Decimal("1"), Decimal("0.01"))

_YEAR = re.compile(r"(?:19|20)\d{2}\s*年?(?:度)?")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[（(][一二三四五六七八九十\d]+[)）]|[①②③④⑤⑥⑦⑧⑨⑩])")
_TOTAL_WORDS = ("合计", "总计", "小计")


def bare(text: str | None) -> str:
    """A label without its printed numbering ("一、", "①", "(一)") and years: what it names."""
    return _YEAR.sub("", _NUMBERING.sub("", fold(text)))


def levels(column_label: str | None) -> list[str]:
    return [fold(p) for p in (column_label or "").split("/") if fold(p)]


def last_level(column_label: str | None) -> str:
    """The meaningful level of a column label, without years: "2026年合计" → "合计"."""
    parts = levels(column_label)
    return _YEAR.sub("", parts[-1]) if parts else ""


def is_total_text(text: str | None) -> bool:
    """合计 / 小计 / 总计 / 本年收入合计 / 部门合计 …"""
    key = bare(text)
    return bool(key) and key.endswith(_TOTAL_WORDS)


def is_total_column(column_label: str | None) -> bool:
    return is_total_text(last_level(column_label))


@dataclass
class Row:
    """One logical printed row: its label, function code and its cells by column label."""

    table_kind: str
    table_seq: int
    row_index: int
    label: str
    secondary: str | None
    code: str | None
    unit: str
    cells: dict[str, Decimal] = field(default_factory=dict)  # column label -> yuan
    printed: dict[str, Decimal] = field(default_factory=dict)  # column label -> as printed
    pages: dict[str, int] = field(default_factory=dict)  # column label -> page
    decimals: dict[str, int] = field(default_factory=dict)  # column label -> decimals printed

    @property
    def page_number(self) -> int:
        return min(self.pages.values())

    def get(self, column: str | None) -> Decimal:
        """The cell in yuan; a blank cell of a row that exists is 0 (docs/WAREHOUSE.md)."""
        return self.cells.get(column, Decimal(0)) if column is not None else Decimal(0)

    @property
    def name(self) -> str:
        """The label as it names something, e.g. "一般公共服务支出" for "一、一般公共服务支出"."""
        return bare(self.label)

    def describe(self) -> str:
        head = f"{self.code} " if self.code else ""
        return f"{head}{self.label}".strip() or f"row {self.row_index}"


@dataclass
class Table:
    kind: str
    seq: int
    unit: str
    rows: list[Row]

    @property
    def columns(self) -> list[str]:
        """Column labels in first-seen order."""
        seen: dict[str, None] = {}
        for row in self.rows:
            for c in row.cells:
                seen.setdefault(c, None)
        return list(seen)

    @property
    def step(self) -> Decimal:
        """One rounding step of this table's printed figures, in yuan.

        0.01 万元 (100 元) for a 万元 table. For a 元 table, the precision its figures were
        actually rounded to: 100 元 when every figure is a whole hundred (a budget kept in 万元
        and printed in 元 carries the 万元 尾差), 1 元 when every figure is whole or when some
        figure is printed without decimals ("22,118,861" beside "86,959,408.34": that figure
        was rounded to the 元, so sums over it carry up to a 元 of 尾差), else 0.01 元.
        """
        if self.unit != "元":
            return PRINT_STEP.get(self.unit, PRINT_STEP["万元"])
        values = [v for row in self.rows for v in row.cells.values() if v]
        step = next((s for s in YUAN_TABLE_STEPS if all(v % s == 0 for v in values)), PRINT_STEP["元"])
        whole_printed = any(row.decimals.get(c) == 0 for row in self.rows for c, v in row.cells.items() if v)
        return max(step, Decimal(1)) if whole_printed else step

    def first_page(self) -> int | None:
        pages = [r.page_number for r in self.rows]
        return min(pages) if pages else None


def read_tables(staged: pl.DataFrame) -> dict[str, list[Table]]:
    """Every staged table as printed rows, grouped by table kind, in document order."""
    frame = staged.sort("table_seq", "row_index")
    tables: dict[int, Table] = {}
    rows: dict[tuple[int, int, str], Row] = {}
    for cell in frame.iter_rows(named=True):
        seq, unit = cell["table_seq"], cell["unit"] or "万元"
        table = tables.setdefault(seq, Table(cell["table_kind"], seq, unit, []))
        key = (seq, cell["row_index"], fold(cell["row_label"]))
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(
                table_kind=cell["table_kind"],
                table_seq=seq,
                row_index=cell["row_index"],
                label=fold(cell["row_label"]),
                secondary=fold(cell["row_label_secondary"]) or None,
                code=fold(cell["function_code"]) or None,
                unit=unit,
            )
            table.rows.append(row)
        column = "/".join(levels(cell["column_label"]))
        amount = cell["amount"]
        if amount is None:
            continue
        # Two cells under one label in one row would be a header the extractor did not resolve;
        # the GX suite reports that (uniqueness), here they add up rather than vanish.
        row.printed[column] = row.printed.get(column, Decimal(0)) + amount
        row.cells[column] = row.get(column) + amount * UNIT_FACTORS.get(unit, UNIT_FACTORS["万元"])
        row.pages.setdefault(column, cell["page_number"])
        row.decimals[column] = printed_decimals(cell.get("raw_text"))
    grouped: dict[str, list[Table]] = {}
    for seq in sorted(tables):
        grouped.setdefault(tables[seq].kind, []).append(tables[seq])
    return grouped


_DECIMALS = re.compile(r"[.．](\d+)\s*$")


def printed_decimals(raw_text: str | None) -> int | None:
    """How many decimals a figure is printed with ("86,959,408.34" → 2, "22,118,861" → 0);
    None when the staged cell carries no printed text."""
    if raw_text is None:
        return None
    m = _DECIMALS.search(raw_text.strip())
    return len(m.group(1)) if m else 0


def yuan_to_printed(value: Decimal, unit: str) -> Decimal:
    """A yuan figure back in a printed unit (万元, 元; other units are not money: unchanged)."""
    return value / UNIT_FACTORS.get(unit, Decimal(1))


_CENT = Decimal("0.01")


def fmt(value: Decimal | None, unit: str) -> str:
    """A yuan figure as printed in ``unit``: "257.22" in 万元; more decimals only where they exist."""
    if value is None:
        return "—"
    printed = yuan_to_printed(value, unit)
    if printed == printed.quantize(_CENT):
        return f"{printed.quantize(_CENT):f}"
    return f"{printed.quantize(Decimal('0.0001')).normalize():f}"


_LEADING_CODE = re.compile(r"^[\[【(（]?(\d{3,})")


def leading_code(label: str | None) -> str | None:
    """The code a row prints before its name: a budget unit's (024001苏州市审计局) or an economic
    item's (30201办公费)."""
    m = _LEADING_CODE.match(fold(label))
    return m.group(1) if m else None


def top_level_rows(rows: list[Row]) -> list[Row]:
    """The rows no other row of the list is the parent of, where rows print codes before their
    names: a code that extends another printed code is below it (024001 under 024, 30201 under
    302), so the parent's figure already holds it. Rows without such a code are all top level."""
    codes = {c for r in rows if (c := leading_code(r.label))}
    return [r for r in rows if not ((c := leading_code(r.label)) and any(c != p and c.startswith(p) for p in codes))]
