"""What the printed tables say: the meaning of columns and rows the identities compare.

Read from the words the tables print (fund names, 合计/小计, 基本支出/项目支出, numbered class
rows, 本年收入合计 …), never from positions or table numbers, so other templates read the same.
Deliberately independent of budget_etl/normalise, which reads the same frames to build facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

import polars as pl

from budget_etl.quality.registry import ZERO, nonblank
from budget_etl.quality.staged_rows import (
    Row,
    Table,
    bare,
    is_total_column,
    is_total_text,
    last_level,
    levels,
)
from budget_etl.settings import REFERENCE_DIR
from budget_etl.text import fold

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


def expenditure_total_column(table: Table) -> str | None:
    """The total of a table's expenditure: its 支出 side's total in a two-sided table (国有资本经营
    预算收支表), else its total column."""
    if any(side_of(c) == "revenue" for c in table.columns):
        return total_column(table, "expenditure")
    return total_column(table)


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
    (泉州's 收入总表). Not a table whose codes were lost: no row label starts with a function code
    (2xx) either; a unit's own code (024, 024001) may lead its label."""
    return (
        bool(table.rows)
        and table.kind != "state_capital"
        and not any(r.code for r in table.rows)
        and not any(re.match(r"^[\[【]?2\d{2}", r.label) for r in table.rows)
    )


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


def class_rows(table: Table) -> dict[str, Row]:
    """The table's 类 rows by their 3-digit code.

    A table by function code that prints its 类 rows gives them as printed. One that prints only
    deeper rows (款 or 项 alone, 泉州's and 深圳's 支出总表) still states every class: a function
    code begins with its 类's three digits, so a class is the sum of its top-level rows (a row
    whose 类 or 款 is not printed above it). A class row printed without its name (the name in a
    column of its own that is not read) is named as the reference list names that 类."""
    rows = coded_rows(table)
    names = reference_class_names_by_code()
    printed = {c: r if r.name else replace(r, label=names.get(c, c)) for c, r in rows.items() if len(c) == 3}
    if printed or not rows:
        return printed
    codes = set(rows)
    top = [r for c, r in rows.items() if not (len(c) > 5 and c[:5] in codes)]
    out: dict[str, Row] = {}
    for prefix in sorted({r.code[:3] for r in top}):
        members = [r for r in top if r.code[:3] == prefix]
        summed = _summed(members)
        summed.code, summed.label = prefix, names.get(prefix, prefix)
        out[prefix] = summed
    return out


@lru_cache(maxsize=1)
def reference_class_names_by_code() -> dict[str, str]:
    frame = pl.read_csv(REFERENCE_DIR / "function_classification.csv", schema_overrides={"code": pl.String})
    return {c: bare(n) for c, n in frame.filter(pl.col("level") == "类").select("code", "name").iter_rows()}


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
    merged = Row(
        first.table_kind, first.table_seq, first.row_index, first.label, first.secondary, first.code, first.unit
    )
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
        members = [
            c for c in columns if c != total and levels(c)[: len(parent)] == parent and len(levels(c)) > len(parent)
        ]
        groups.append((total, _parts(members, len(parent))))
    return [(t, p) for t, p in groups if p]


def _parts(members: list[str], depth: int) -> list[str]:
    by_head: dict[str, list[str]] = {}
    for c in members:
        by_head.setdefault(levels(c)[depth], []).append(c)
    parts: list[str] = []
    for group in by_head.values():
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
    source_descendants: dict[int, list[Row]]  # … and the rows under those ((1) …)
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
            if fund_of(src.label):
                out.append(src)
                continue
            # the first level under the source that names funds (一、部门预算 → 1、财政拨款 →
            # (1)一般公共预算拨款: the (1) level)
            below = self.source_descendants.get(src.row_index, [])
            for style in dict.fromkeys(numbering_style(r.label) for r in below):
                level = [r for r in below if numbering_style(r.label) == style and fund_of(r.label)]
                if level:
                    out.extend(level)
                    break
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


_NUMBERING_STYLES = (
    ("一、", re.compile(r"^[一二三四五六七八九十]+、")),
    ("（一）", re.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
    ("1.", re.compile(r"^\d+[.、．]")),
    ("(1)", re.compile(r"^[（(]\d+[)）]")),
    ("①", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
)


def numbering_style(label: str) -> str | None:
    """How a row is numbered (一、 / （一） / 1. / (1) / ①), each style one level of an outline."""
    texts = ((label or "").strip(), fold(label))  # ① before NFKC folds it to 1
    return next((style for style, pattern in _NUMBERING_STYLES if any(pattern.match(t) for t in texts)), None)


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
    item_descendants: dict[int, list[Row]]


def _read_side(
    rows: list[Row],
    this_year_word: str,
    is_carry: Callable[[str], bool],
    grand_word: str,
    class_names: frozenset[str] = frozenset(),
) -> _Side:
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
    plain = [
        r
        for r in rows
        if r is not this_year
        and r is not total
        and not is_carry(name(r))
        and name(r) in ("合计", "总计", "收入合计", "支出合计", this_year_word.replace("本年", "") + "合计")
    ]
    for r in plain:
        if carry is not None and r.row_index < carry.row_index:
            this_year = this_year or r
        elif total is None:
            total = r
    special = {id(r) for r in (this_year, carry, total) if r is not None} | {id(r) for r in plain}
    items: list[Row] = []
    parts: dict[int, list[Row]] = {}
    descendants: dict[int, list[Row]] = {}  # every numbered row under an item, at any level
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
        numbered = any(is_numbered(r.label) for r in above)
        if not numbered and any(r.name in class_names for r in above):
            # 湖州's 收支总表 prints 类, 款 and 项 un-numbered, one under the other: the classes
            # are the rows naming a 类 (as the document's tables by function code name them).
            items = [r for r in above if r.name in class_names]
        else:
            # The top level is the 一、二、 rows; a side that numbers none of its top rows (深圳's
            # 财政拨款收支总表: 财政拨款 over 1. 一般公共预算拨款 …) has its un-numbered rows on top.
            top = is_numbered if numbered else (lambda label: not is_sub_numbered(label))
            for r in above:
                if top(r.label):
                    items.append(r)
                elif items and (is_sub_numbered(r.label) or (numbered and fund_of(r.label))):
                    # 1. 一般公共预算 …, or an un-numbered fund row under 一、财政拨款 (湖州). Only
                    # the first level of numbering under the item: 一、部门预算 over 1、财政拨款
                    # over (1)一般公共预算拨款 has one part, 1、财政拨款; (1) is a part of that.
                    siblings = parts.setdefault(items[-1].row_index, [])
                    if not siblings or numbering_style(siblings[0].label) == numbering_style(r.label):
                        siblings.append(r)
                    descendants.setdefault(items[-1].row_index, []).append(r)
    carry_parts: list[Row] = []
    if carry is not None:
        for r in (r for r in rows if r.row_index > carry.row_index):
            if id(r) in special or (is_numbered(carry.label) and is_numbered(r.label)):
                break
            if is_numbered(r.label) or is_sub_numbered(r.label):
                carry_parts.append(r)
    return _Side(this_year, carry, carry_parts, total, items, parts, descendants)


def function_class_names(tables: dict[str, list[Table]]) -> frozenset[str]:
    """Names of the 类 of 支出功能分类: as the document's tables by function code print them
    (3-digit rows), and as the reference list names them."""
    names = {
        r.name for kind in CODED_KINDS for t in tables.get(kind, []) for c, r in coded_rows(t).items() if len(c) == 3
    }
    return frozenset(names) | reference_class_names()


@lru_cache(maxsize=1)
def reference_class_names() -> frozenset[str]:
    frame = pl.read_csv(REFERENCE_DIR / "function_classification.csv", schema_overrides={"code": pl.String})
    return frozenset(bare(n) for n in frame.filter(pl.col("level") == "类")["name"].to_list())


def summary_of(inputs, table: Table) -> Summary:
    """``read_summary`` knowing the function classes the document's other tables print."""
    return read_summary(table, function_class_names(inputs.tables))


def read_summary(table: Table, class_names: frozenset[str] = frozenset()) -> Summary:
    revenue = [r for r in table.rows if any(side_of(c) == "revenue" for c in r.cells)]
    expenditure = [r for r in table.rows if any(side_of(c) == "expenditure" for c in r.cells)]
    rev = _read_side(revenue, "本年收入", lambda n: n.startswith("上年") and "结转" in n, "收入总计")
    exp = _read_side(
        expenditure,
        "本年支出",
        lambda n: any(w in n for w in ("年终结转", "结转下年", "年末结转")),
        "支出总计",
        class_names,
    )
    columns = table.columns
    return Summary(
        table=table,
        sources=rev.items,
        source_parts=rev.item_parts,
        source_descendants=rev.item_descendants,
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
    # A fund's column: the 小计 of a group headed by the fund (一般公共预算拨款/小计 over
    # …/其中：专项资金), else the column naming the fund. A 其中 column is a memo of its group.
    sources: dict[str, str] = {}
    for c in cols:
        if c in carried or not fund_of(c) or last_level(c).startswith("其中"):
            continue
        if is_total_column(c):
            if fund_of("/".join(levels(c)[:-1])):
                sources[fund_of(c)] = c
        else:
            sources.setdefault(fund_of(c), c)
    fiscal_grant = next(
        (
            c
            for c in cols
            if is_fiscal_grant_text(c)
            and not is_total_column(c)
            and c not in carried
            and not any(fund_of(o) and levels(o)[: len(levels(c))] == levels(c) for o in cols)
        ),
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
        return (
            nonblank([row.cells.get(current or grand)])
            if (current or grand)
            else nonblank(row.cells.get(c) for c in sources.values())
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
