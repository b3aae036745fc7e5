"""What a staged column label means: a funding source, an expenditure type, a cost type or a total.

Column labels are cleaned header paths ("本年收入/一般公共预算", "2026年预算数/人员经费"). Templates
word them differently (政府性基金 / 政府性基金预算, 国有资本经营 预算 wrapped), so the meaning is
read from the words, most specific first, and never from the column's position.
"""

from __future__ import annotations

from budget_etl.normalise.names import is_total_label, name_key

# Specific fund words; checked before 上年结转 except in the revenue table (see funding_source_of).
_FUND_WORDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general_public_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital_operation"),
    ("财政专户", "fiscal_special_account"),
    ("单位资金", "unit_funds"),
)
# 上年结余、结转 (a column holding both balances brought forward) is carry-over too.
_CARRYOVER_WORDS = ("上年结转", "上年结余")

FISCAL_GRANT_SOURCES = ("general_public_budget", "government_fund", "state_capital_operation")


def last_segment(column_label: str | None) -> str:
    return name_key((column_label or "").split("/")[-1])


def is_total_column(column_label: str | None) -> bool:
    return is_total_label(last_segment(column_label))


def funding_source_of(column_label: str | None, *, carryover_wins: bool = False) -> str | None:
    """The funding source a column holds, or None (a total column, or an unknown one).

    ``carryover_wins``: in 预算收入总表 a column under 上年结转 is carry-over whatever fund it
    names; in the other tables (e.g. 项目支出预算表（上年结转）) the fund word decides.
    """
    if column_label is None or is_total_column(column_label):
        return None
    key = name_key(column_label)
    if carryover_wins and any(w in key for w in _CARRYOVER_WORDS):
        return "prior_year_carryover"
    for word, source in _FUND_WORDS:
        if word in key:
            return source
    if any(w in key for w in _CARRYOVER_WORDS):
        return "prior_year_carryover"
    return None


def expenditure_type_of(column_label: str | None) -> str | None:
    key = last_segment(column_label)
    if "基本支出" in key:
        return "basic"
    if "项目支出" in key:
        return "project"
    return None


def cost_type_of(column_label: str | None) -> str | None:
    key = last_segment(column_label)
    if "人员经费" in key:
        return "personnel"
    if "公用经费" in key:
        return "public"
    return None
