"""Recognise what a budget table is from its title words and its header signature.

Templates number the tables differently (13 tables in Shanxi 2025/2026, 9 in the national
template, 三公 and 机关运行经费 in one table elsewhere) and word the titles differently
(预算收支总表 / 部门收支总表 / 收支预算总表), so a table is recognised by the words that say what
it holds, never by "表N". The kinds are the keys of ``schemas.tables.TABLE_KINDS``.

Two independent signals:
- ``kind_from_title``: the printed title (the strong signal);
- ``header_matches``: the header rows (and first-column labels) carry the words a table of
  that kind must print, e.g. 因公出国 / 公务接待 / 公务用车 for 三公. Used to confirm a title,
  and to recognise a table whose title was not found.
"""

from __future__ import annotations

import re

from budget_etl.text import fold
from schemas.frames import TABLE_KINDS

# Titles that look like budget tables but are not standard tables: the per-project
# performance-target tables (项目支出绩效目标表 contains 项目支出!), the catalogue attachment,
# and final-accounts tables (决算收支总表 is not a budget table; documents.py rejects 决算
# disclosures, this keeps a stray 决算 table out of a budget's staging).
EXCLUDED_TITLE_WORDS = ("绩效目标", "绩效指标", "指导性目录", "政府购买服务", "决算")

# (kind, words that must all appear, words that must not appear), most specific first:
# "财政拨款收支总表" also contains "收支总表", "项目支出预算表（上年结转）" also "项目支出".
# A kind of None recognises a budget table that no fact table models (a breakdown the
# standard set does not print everywhere: 基本支出总表, 支出经济分类表 over basic + project
# spending, …): it is a title, so it ends the table above it, but it is not staged.
UNMODELLED = "unmodelled"  # page_index's kind for such a title

_TITLE_RULES: tuple[tuple[str | None, tuple[str, ...], tuple[str, ...]], ...] = (
    ("three_public_operating_cost", ("三公", "机关运行经费"), ()),
    ("three_public", ("三公",), ()),
    ("operating_cost", ("机关运行经费",), ()),
    ("procurement", ("政府采购",), ()),
    ("project_carryover", ("项目支出", "上年结转"), ("不含上年结转",)),
    (None, ("上年结转资金",), ()),
    (None, ("项目支出", "经济分类"), ()),
    ("project_expenditure", ("项目支出",), ()),
    ("fiscal_grant_summary", ("财政拨款", "收支"), ()),
    ("basic_expenditure_economic", ("基本支出", "经济"), ()),
    (None, ("基本支出", "功能分类"), ()),
    (None, ("基本支出", "总表"), ()),
    # national template: 一般公共预算基本支出表 (by economic class, no 经济 in the title)
    ("basic_expenditure_economic", ("一般公共预算基本支出表",), ()),
    ("basic_expenditure_economic", ("一般公共预算基本支出预算表",), ()),
    ("government_fund_revenue", ("政府性基金", "收入"), ()),
    ("government_fund_expenditure", ("政府性基金", "支出"), ()),
    ("government_fund_expenditure", ("政府性基金", "收支"), ()),
    ("state_capital", ("国有资本经营",), ()),
    # 一般公共预算支出 by economic class covers basic and project spending: not modelled
    (None, ("一般公共预算", "支出", "经济分类"), ()),
    ("general_budget_expenditure", ("一般公共预算", "支出"), ()),
    ("budget_summary", ("收支", "总表"), ()),
    ("revenue_summary", ("收入", "总表"), ()),
    ("expenditure_summary", ("支出", "总表"), ()),
)

# Wordings that say the same as the canonical one: "收支总体情况表" is a 收支总表, "支出情况表"
# a 支出表, "收支预算总表" a 收支总表 (the 预算 every title carries says nothing of the kind).
_TITLE_SYNONYMS = (
    ("总体情况表", "总表"),
    ("情况表", "表"),
    ("明细表", "表"),
    ("预算总表", "总表"),
)

# What the header rows (plus first-column labels) of each kind print: every group must
# match, a group matches when any of its words appears.
HEADER_SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "budget_summary": (("收入",), ("支出",)),
    "revenue_summary": (("科目", "编码"), ("一般公共预算",), ("上年结转", "单位资金", "财政专户")),
    "expenditure_summary": (("基本支出",), ("项目支出",)),
    "fiscal_grant_summary": (("收入",), ("支出",)),
    "general_budget_expenditure": (("基本支出",), ("项目支出",)),
    "basic_expenditure_economic": (("经济科目", "经济分类", "人员经费", "工资福利"),),
    "government_fund_revenue": (("收入",),),
    "government_fund_expenditure": (("基本支出", "项目支出", "合计"),),
    "state_capital": (("国有资本",),),
    "three_public": (("因公出国",), ("公务接待",), ("公务用车",)),
    "operating_cost": (("单位名称", "部门合计", "机关运行", "单位"),),
    "three_public_operating_cost": (("因公出国",), ("公务用车",), ("机关运行",)),
    "project_expenditure": (("项目名称", "项目"),),
    "project_carryover": (("项目名称", "项目"),),
    "procurement": (("采购",), ("货物", "工程", "服务", "品目", "项目")),
}


def is_excluded_title(text: str) -> bool:
    """True for titles of tables that are not standard budget tables (绩效目标表, 目录 attachment)."""
    folded = fold(text)
    return any(w in folded for w in EXCLUDED_TITLE_WORDS)


def kind_from_title(title: str) -> str | None:
    """The table kind a printed title names, or None when it names no standard table.

    The title must name a table (end in 表, possibly followed by a parenthesised note such as
    （不含上年结转）), so prose that merely mentions 三公 or 收支 is not taken for a title.
    """
    folded = fold(title)
    if not folded or is_excluded_title(folded):
        return None
    if not re.search(r"表(?:\([^)]*\))*$", folded):
        return None
    rule = _title_rule(folded)
    return rule[0] if rule else None


def names_a_table(title: str) -> bool:
    """True when ``title`` names a budget table, modelled or not (see ``_TITLE_RULES``)."""
    folded = fold(title)
    if not folded or is_excluded_title(folded) or not re.search(r"表(?:\([^)]*\))*$", folded):
        return False
    return _title_rule(folded) is not None


def canonical_title(folded: str) -> str:
    for printed, canonical in _TITLE_SYNONYMS:
        folded = folded.replace(printed, canonical)
    return folded


def _title_rule(folded: str):
    canonical = canonical_title(folded)
    for rule in _TITLE_RULES:
        _kind, required, forbidden = rule
        if all(w in canonical for w in required) and not any(w in canonical for w in forbidden):
            return rule
    return None


def header_matches(kind: str, header_text: str) -> bool:
    """True when ``header_text`` (header rows and first-column labels) carries ``kind``'s words."""
    folded = fold(header_text)
    groups = HEADER_SIGNATURES.get(kind, ())
    return all(any(w in folded for w in group) for group in groups)


def kinds_matching_header(header_text: str) -> list[str]:
    """All kinds whose header signature ``header_text`` carries, most specific first."""
    matches = [k for k in HEADER_SIGNATURES if header_matches(k, header_text)]
    # More signature groups = a more specific signature.
    return sorted(matches, key=lambda k: -len(HEADER_SIGNATURES[k]))


def kind_title(kind: str) -> str:
    """The canonical title of a kind (schemas.tables.TABLE_KINDS)."""
    return TABLE_KINDS[kind]
