"""What the printed tables say: the meaning of columns and rows the identities compare.

Read from the words the tables print (fund names, 合计/小计, 基本支出/项目支出, numbered class
rows, 本年收入合计 …), never from positions or table numbers, so other templates read the same.
Deliberately independent of budget_etl/normalise, which reads the same frames to build facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import polars as pl

from budget_etl.quality.registry import ZERO, nonblank
from budget_etl.quality.staged_rows import (
    Row,
    Table,
    bare,
    fold,
    is_total_column,
    is_total_text,
    last_level,
    levels,
)
from budget_etl.settings import REFERENCE_DIR


# ------------------------------------------------------------------------------------------------
# What columns and rows mean


CODED_KINDS = (
    "revenue_summary",
    "expenditure_summary",
    "general_budget_expenditure",
    "government_fund_revenue",
    "government_fund_expenditure",
    "state_capital",
)

PROJECT_KINDS = ("project_expenditure", "project_carryover")

SUMMARY_KINDS = ("budget_summary", "fiscal_grant_summary")


_FUNDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general_public_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital_operation"),
    ("财政专户", "fiscal_special_account"),
    ("单位资金", "unit_funds"),
)
FISCAL_FUNDS = ("general_public_budget", "government_fund", "state_capital_operation")


def fund_of(text: str | None) -> str | None:
    key = fold(text)
    for word, fund in _FUNDS:
        if word in key:
            return fund
    return None


def column_where(table: Table, test: Callable[[str], bool]) -> str | None:
    return next((c for c in table.columns if test(c)), None)


def total_column(table: Table, side: str | None = None) -> str | None:
    """The grand-total column: a total whose header path is the shortest (合计 over 小计); in a
    table (or side) that prints a single amount column (泉州's 经济科目表: 预算数), that column."""
    on_side = [c for c in table.columns if side is None or side_of(c) == side]
    totals = [c for c in on_side if is_total_column(c)]
    if not totals and len(on_side) == 1:
        return on_side[0]
    return min(totals, key=lambda c: len(levels(c))) if totals else None


def type_column(table: Table, word: str) -> str | None:
    """The column whose meaningful level names ``word`` (基本支出, 项目支出, 人员经费 …)."""
    return column_where(table, lambda c: word in last_level(c))


def side_of(column: str) -> str | None:
    """revenue / expenditure side of a two-sided summary table, from the first header level."""
    first = levels(column)[0] if levels(column) else ""
    if "收入" in first or first.startswith("收"):
        return "revenue"
    if "支出" in first or first.startswith("支"):
        return "expenditure"
    return None


def total_row(table: Table) -> Row | None:
    """The table's 合计 row; where none is printed, the one row without a function code printed
    above the coded rows (深圳 prints the department, 深圳市统计局（本级）, as the total row of a
    table by function code), or the only row of a table printed by unit."""
    total = next((r for r in table.rows if r.code is None and is_total_text(r.label)), None)
    if total is not None or not table.rows:
        return total
    first_coded = next((i for i, r in enumerate(table.rows) if r.code), None)
    if first_coded is None:
        return table.rows[0] if len({(r.row_index, r.label) for r in table.rows}) == 1 else None
    above = [r for r in table.rows[:first_coded] if r.label]
    return above[0] if len(above) == 1 else None


def printed_by_unit(table: Table) -> bool:
    """A table of a kind printed by function code that prints none: one row per budget unit
    (泉州's 收入总表). Not a table whose codes were lost: no row label starts with a code either."""
    return (bool(table.rows) and table.kind != "state_capital" and not any(r.code for r in table.rows)
            and not any(re.match(r"^[\[【]?\d{3}", r.label) for r in table.rows))


def coded_rows(table: Table) -> dict[str, Row]:
    """The table's rows by function code. A code printed more than once is one row per budget
    unit where the table prints its units one block after another (北京's 一般公共预算支出表, no
    unit column): ``unit_blocks`` tells, and the code's row is then the sum of its blocks.
    Otherwise (a page read twice, a row split) the first is kept and the GX suite reports it."""
    out: dict[str, Row] = {}
    repeated: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.code:
            repeated.setdefault(row.code, []).append(row)
            out.setdefault(row.code, row)
    if any(len(rows) > 1 for rows in repeated.values()) and unit_blocks(table):
        out = {code: rows[0] if len(rows) == 1 else _summed(rows) for code, rows in repeated.items()}
    return out


def unit_blocks(table: Table) -> bool:
    """Does the table print its budget units' rows one block after another, codes repeating?

    The evidence is its 合计: equal, in its total column, to the sum of every top-level coded
    row printed, repeats included (a page read twice would make that sum exceed 合计 by the
    repeated rows)."""
    total, column = total_row(table), total_column(table)
    coded = [r for r in table.rows if r.code]
    if total is None or column is None or not coded:
        return False
    codes = {r.code for r in coded}
    top = [r for r in coded if not any(r.code[:n] in codes for n in (3, 5) if len(r.code) > n)]
    return abs(total.get(column) - sum((r.get(column) for r in top), ZERO)) <= table.step * len(top)


def _summed(rows: list[Row]) -> Row:
    first = rows[0]
    merged = Row(first.table_kind, first.table_seq, first.row_index, first.label, first.secondary, first.code, first.unit)
    for r in rows:
        for c, v in r.cells.items():
            merged.cells[c] = merged.cells.get(c, ZERO) + v
            merged.printed[c] = merged.printed.get(c, ZERO) + r.printed.get(c, ZERO)
            merged.pages.setdefault(c, r.pages.get(c, r.page_number))
            merged.decimals.setdefault(c, r.decimals.get(c))
    return merged


def is_numbered(label: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十]+、", fold(label)))


# ------------------------------------------------------------------------------------------------
# Header groups: a total column and its parts


_PART_WORDS = ("基本支出", "项目支出", "人员经费", "公用经费")


def is_memo_column(column: str) -> bool:
    """A column that restates part of an amount already counted, not a part to add: "其中：…"
    (of which: 本级财政拨款/其中:经费拨款), "扣除基建项目后预算数" (项目支出 net of 基建), or a
    政府采购 group (深圳's 支出总表: the procurement share of the spending, beside 基本支出 /
    项目支出). A "其中" that opens the breakdown itself (珠海: 小计 | 其中：基本支出 | 项目支出)
    names a part — an expenditure type, a cost type or a fund — and is one."""
    for lv in levels(column):
        if "扣除" in lv or "政府采购" in lv:
            return True
        if lv.startswith("其中"):
            rest = lv[2:].lstrip(":：")
            if not (any(w in rest for w in _PART_WORDS) or fund_of(rest)):
                return True
    return False


def column_groups(columns: list[str]) -> list[tuple[str, list[str]]]:
    """(total column, its part columns) for every total column of a table.

    The parts of a total are the columns under the same header group (same path above the
    total's level). A sub-group that prints its own 小计 counts once, by that 小计; a sub-group
    without one counts by its leaves. "支出/金额/小计" → 支出/金额/一般公共预算 + …;
    "合计" over "2026年财政拨款/一般公共预算", "财政专户管理资金", "单位资金".
    """
    columns = [c for c in columns if not is_memo_column(c)]
    groups = []
    for total in columns:
        if not is_total_column(total):
            continue
        parent = levels(total)[:-1]
        members = [c for c in columns if c != total and levels(c)[: len(parent)] == parent and len(levels(c)) > len(parent)]
        groups.append((total, _parts(members, len(parent))))
    return [(t, p) for t, p in groups if p]


def _parts(members: list[str], depth: int) -> list[str]:
    by_head: dict[str, list[str]] = {}
    for c in members:
        by_head.setdefault(levels(c)[depth], []).append(c)
    parts: list[str] = []
    for head, group in by_head.items():
        if len(group) == 1 and len(levels(group[0])) == depth + 1:
            if not is_total_column(group[0]):
                parts.append(group[0])
            continue
        sub_totals = [c for c in group if is_total_column(c) and len(levels(c)) == depth + 2]
        if sub_totals:
            parts.append(sub_totals[0])
        else:
            parts.extend(_parts([c for c in group if len(levels(c)) > depth + 1], depth + 1))
    return parts



# ------------------------------------------------------------------------------------------------
# The two summary tables (收支总表, 财政拨款收支总表): sources, classes, balance


@dataclass
class Summary:
    """A two-sided summary table read by its printed row names.

    Templates differ in which total rows they print. Shanxi prints 本年收入合计 under the
    sources, then 上年结转, then 收入总计; Shanghai prints 收入总计 directly under the sources
    (no carry-over, no 本年收入合计), and groups the fiscal funds under one source row
    (一、财政拨款收入 over 1. 一般公共预算 / 2. 政府性基金 / 3. 国有资本经营预算). So this year's revenue
    is the 本年收入合计 row where one is printed, else the sum of the numbered source rows; and
    the funds are read from the rows that name one, at whatever numbering level. The same holds
    for the expenditure side (本年支出合计, else Σ class rows).
    """

    table: Table
    sources: list[Row]  # 一、一般公共预算 … on the revenue side, before the total rows
    source_parts: dict[int, list[Row]]  # row_index of a source -> the sub-numbered rows under it (1. …)
    current_revenue: Row | None  # 本年收入合计, where printed
    carryover: Row | None  # 上年结转 / 上年财政拨款结转
    carryover_parts: list[Row]  # the fund rows printed under 上年财政拨款结转
    revenue_total: Row | None  # 收入总计
    classes: list[Row]  # 一、一般公共服务支出 … on the expenditure side
    current_expenditure: Row | None  # 本年支出合计, where printed
    year_end: Row | None  # 年终结转
    expenditure_total: Row | None  # 支出总计
    revenue_column: str | None
    expenditure_columns: list[str]

    @property
    def funds(self) -> list[Row]:
        """This year's revenue rows that name a fund: a source naming one, or the parts of a
        source that does not (一、财政拨款收入 → 1. 一般公共预算 …)."""
        out = []
        for src in self.sources:
            parts = self.source_parts.get(src.row_index, [])
            if fund_of(src.label) is None and parts:
                out.extend(p for p in parts if fund_of(p.label))
            elif fund_of(src.label):
                out.append(src)
        return out

    @property
    def revenue_this_year(self) -> Row | None:
        """The printed row that holds this year's revenue: 本年收入合计, or 收入总计 where the
        table prints no carry-over (then 收入总计 is this year's revenue); None: only the sum of
        the sources says it."""
        if self.current_revenue is not None:
            return self.current_revenue
        if self.carryover is None and not self.carryover_parts:
            return self.revenue_total
        return None

    @property
    def expenditure_this_year(self) -> Row | None:
        """本年支出合计, or 支出总计 where the table prints no 年终结转."""
        if self.current_expenditure is not None:
            return self.current_expenditure
        if self.year_end is None:
            return self.expenditure_total
        return None


_SUB_NUMBERING = re.compile(r"^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[①②③④⑤⑥⑦⑧⑨⑩])")


def is_sub_numbered(label: str) -> bool:
    """1. / 1、 / （一） / (1) / ①: a row numbered under a numbered row."""
    return bool(_SUB_NUMBERING.match(fold(label)))


@dataclass
class _Side:
    this_year: Row | None
    carry: Row | None  # 上年结转 (revenue) / 年终结转 (expenditure)
    carry_parts: list[Row]
    total: Row | None
    items: list[Row]  # sources / classes
    item_parts: dict[int, list[Row]]


def _read_side(rows: list[Row], this_year_word: str, is_carry: Callable[[str], bool], grand_word: str) -> _Side:
    """One side of a summary table, by the names and numbering of its rows.

    - this year's total: a row naming 本年收入 / 本年支出 (本年收入合计, 一、本年收入);
    - the carry row: 上年结转 … on the revenue side, 年终结转 / 结转下年 on the expenditure side;
    - the grand total: 收入总计 / 支出总计, or a plain 合计 / 收入合计 that is printed after the
      carry row (with no carry row printed, a plain 合计 is the grand total, wherever printed);
      a plain 合计 printed before the carry row is this year's total;
    - the items (sources, classes): the rows numbered 一、二、… before this year's total or the
      carry row; where this year's total is itself numbered (一、本年收入), the rows numbered
      under it ((一) …). A numbered item's own sub-numbered rows are its parts.
    """
    def name(r: Row) -> str:
        return r.name

    this_year = next((r for r in rows if name(r).startswith(this_year_word)), None)
    carry = next((r for r in rows if is_carry(name(r))), None)
    total = next((r for r in rows if name(r) == grand_word or name(r).endswith("总计")), None)
    plain = [r for r in rows if r is not this_year and r is not total and not is_carry(name(r))
             and name(r) in ("合计", "总计", "收入合计", "支出合计", this_year_word.replace("本年", "") + "合计")]
    for r in plain:
        if carry is not None and r.row_index < carry.row_index:
            this_year = this_year or r
        elif total is None:
            total = r
    special = {id(r) for r in (this_year, carry, total) if r is not None} | {id(r) for r in plain}
    items: list[Row] = []
    parts: dict[int, list[Row]] = {}
    if this_year is not None and is_numbered(this_year.label):
        after = [r for r in rows if r.row_index > this_year.row_index]
        for r in after:
            if id(r) in special or is_numbered(r.label):
                break
            if is_sub_numbered(r.label):
                items.append(r)
    else:
        ends = [r.row_index for r in (this_year, carry) if r is not None]
        first = next((r.row_index for r in rows if is_numbered(r.label) and id(r) not in special), None)
        if total is not None and first is not None and total.row_index > first:
            ends.append(total.row_index)
        cut = min(ends, default=10**9)
        above = [r for r in rows if r.row_index < cut and id(r) not in special]
        # The top level is the 一、二、 rows; a side that numbers none of its top rows (深圳's
        # 财政拨款收支总表: 财政拨款 over 1. 一般公共预算拨款 …) has its un-numbered rows on top.
        top = is_numbered if any(is_numbered(r.label) for r in above) else (lambda label: not is_sub_numbered(label))
        for r in above:
            if top(r.label):
                items.append(r)
            elif items and is_sub_numbered(r.label):
                parts.setdefault(items[-1].row_index, []).append(r)
    carry_parts: list[Row] = []
    if carry is not None:
        for r in (r for r in rows if r.row_index > carry.row_index):
            if id(r) in special or (is_numbered(carry.label) and is_numbered(r.label)):
                break
            if is_numbered(r.label) or is_sub_numbered(r.label):
                carry_parts.append(r)
    return _Side(this_year, carry, carry_parts, total, items, parts)


def read_summary(table: Table) -> Summary:
    revenue = [r for r in table.rows if any(side_of(c) == "revenue" for c in r.cells)]
    expenditure = [r for r in table.rows if any(side_of(c) == "expenditure" for c in r.cells)]
    rev = _read_side(revenue, "本年收入", lambda n: n.startswith("上年") and "结转" in n, "收入总计")
    exp = _read_side(expenditure, "本年支出", lambda n: any(w in n for w in ("年终结转", "结转下年", "年末结转")), "支出总计")
    columns = table.columns
    return Summary(
        table=table,
        sources=rev.items,
        source_parts=rev.item_parts,
        current_revenue=rev.this_year,
        carryover=rev.carry,
        carryover_parts=rev.carry_parts,
        revenue_total=rev.total,
        classes=exp.items,
        current_expenditure=exp.this_year,
        year_end=exp.carry,
        expenditure_total=exp.total,
        revenue_column=next((c for c in columns if side_of(c) == "revenue"), None),
        expenditure_columns=[c for c in columns if side_of(c) == "expenditure"],
    )


# ------------------------------------------------------------------------------------------------
# 收入总表 columns


@dataclass
class RevenueColumns:
    current: Callable[[Row], Decimal]  # this year's revenue of a row
    carryover: Callable[[Row], Decimal]
    n_current: Callable[[Row], int]
    n_carryover: Callable[[Row], int]
    sources: dict[str, str]  # fund -> column (this year's revenue only)
    # A column of this year's 财政拨款 that names no fund: the fiscal funds printed together.
    fiscal_grant: str | None = None
    has_carryover: bool = False  # 上年结转 printed in a column of its own


def is_fiscal_grant_text(text: str | None) -> bool:
    """财政拨款 (收入) / 预算拨款 without a fund named: the three fiscal funds together."""
    key = fold(text)
    return ("财政拨款" in key or "预算拨款" in key) and fund_of(text) is None


def revenue_columns(table: Table) -> RevenueColumns:
    """What the columns of 收入总表 hold, whatever the template's grouping.

    Shanxi: 本年收入/合计 over the sources, 上年结转 on its own. Other templates print one 合计
    over the sources and 上年结转; then this year's revenue is that 合计 minus 上年结转. A fund
    column is one whose header path names the fund anywhere (本年收入/一般公共预算,
    财政拨款收入/一般公共预算资金); Shanghai prints the fiscal funds in one column 财政拨款收入
    (``fiscal_grant``) and no fund column at all.
    """
    cols = table.columns
    # The carry-over: one column, or a group (北京: 上年结转结余/小计 over 上年结转结余/一般公共预算资金,
    # …/单位资金) counted by its 小计, or by its columns where it prints none.
    carried = [c for c in cols if "结转" in "".join(levels(c))]
    carry_totals = [c for c in carried if is_total_column(c)]
    carry_parts = [c for c in carried if not is_total_column(c)]
    carry_cols = [min(carry_totals, key=lambda c: len(levels(c)))] if carry_totals else carry_parts
    carry = carry_cols[0] if carry_cols else None
    current = next((c for c in cols if is_total_column(c) and any("本年" in lv for lv in levels(c))), None)
    grand = total_column(table)
    sources = {
        fund_of(c): c for c in cols if fund_of(c) and not is_total_column(c) and c not in carried
    }
    fiscal_grant = next(
        (c for c in cols if is_fiscal_grant_text(c) and not is_total_column(c) and c not in carried
         and not any(fund_of(o) and levels(o)[: len(levels(c))] == levels(c) for o in cols)),
        None,
    )

    def carry_of(row: Row) -> Decimal:
        return sum((row.get(c) for c in carry_cols), ZERO)

    def current_of(row: Row) -> Decimal:
        if current:
            return row.get(current)
        if grand:
            return row.get(grand) - carry_of(row)
        return sum((row.get(c) for c in sources.values()), ZERO)

    def n_current(row: Row) -> int:
        return nonblank([row.cells.get(current or grand)]) if (current or grand) else nonblank(
            row.cells.get(c) for c in sources.values()
        )

    return RevenueColumns(
        current=current_of,
        carryover=carry_of,
        n_current=n_current,
        n_carryover=lambda r: nonblank(r.cells.get(c) for c in carry_cols),
        sources=sources,
        fiscal_grant=fiscal_grant,
        has_carryover=carry is not None,
    )


# ------------------------------------------------------------------------------------------------
# 基本支出分经济科目表: categories and their items


@lru_cache(maxsize=1)
def economic_category_names() -> frozenset[str]:
    """Names of the 类 of both economic schemes (工资福利支出, 商品和服务支出 …), folded."""
    names = set()
    for file in ("economic_classification_department.csv", "economic_classification_government.csv"):
        frame = pl.read_csv(REFERENCE_DIR / file, schema_overrides={"code": pl.String, "parent_code": pl.String})
        names |= {bare(n) for n in frame.filter(pl.col("level") == "类")["name"].to_list()}
    return frozenset(names)


_ECONOMIC_CODE = re.compile(r"^[\[【(（]?(3\d{2}(?:\d{2}){0,2}|5\d{2}(?:\d{2}){0,2})[\]】)）]?[-－—\s]*(?=\D|$)")


def economic_code(row: Row) -> str | None:
    """The economic code a row prints: in its code column, or before its name ("[301]工资福利支出",
    "30101-基本工资", "301 工资福利支出")."""
    if row.code and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", row.code):
        return row.code
    m = _ECONOMIC_CODE.match(fold(row.label))
    return m.group(1) if m else None


def economic_name(row: Row) -> str:
    """The row's name without a printed code."""
    return bare(_ECONOMIC_CODE.sub("", fold(row.label))) if not row.code else row.name


def economic_groups(table: Table) -> tuple[Row | None, list[tuple[Row, list[Row]]]]:
    """(合计 row, [(category row, its item rows)]) in printed order.

    Where the rows print economic codes (301 工资福利支出, 30101 基本工资, 3010201 规范性津补贴), a
    category is a 3-digit row and its items the rows below it up to the next category, except
    rows refining a printed item (7 digits): those are the item's (function_hierarchy). Else a category
    row names a 类 of the reference lists and prints no government-scheme name, and the items
    are the rows below it up to the next category.
    """
    total = total_row(table)
    codes = {id(r): economic_code(r) for r in table.rows}
    printed = {c for c in codes.values() if c}
    if any(len(c) == 3 for c in printed):
        groups: list[tuple[Row, list[Row]]] = []
        for r in table.rows:
            code = codes[id(r)]
            if r is total:
                continue
            if code and len(code) == 3:
                groups.append((r, []))
            elif groups and not (code and len(code) == 7 and code[:5] in printed):
                # an item, coded or not (a code misprinted "3012" is still the row below its category)
                groups[-1][1].append(r)
        return total, groups
    categories = economic_category_names()
    groups: list[tuple[Row, list[Row]]] = []
    for row in table.rows:
        if row is total:
            continue
        if not row.secondary and economic_name(row) in categories:
            groups.append((row, []))
        elif groups:
            groups[-1][1].append(row)
    return total, groups


# ------------------------------------------------------------------------------------------------
# Reference function codes


@lru_cache(maxsize=1)
def reference_function_codes() -> frozenset[str]:
    frame = pl.read_csv(REFERENCE_DIR / "function_classification.csv", schema_overrides={"code": pl.String})
    return frozenset(frame["code"].to_list())
