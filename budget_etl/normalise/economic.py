"""Economic classification: printed names of 基本支出分经济科目表 to codes in both schemes.

The table prints names only: 部门预算经济科目 (department scheme, 301…) and 政府预算经济科目
(government scheme, 501…), under category rows (工资福利支出, 商品和服务支出, 对个人和家庭的补助,
资本性支出 …). Some names fit several codes: 办公设备购置 is 30902 under 资本性支出（基本建设）and
31002 under 资本性支出; 设备购置 is 50306 (机关资本性支出（一）) or 50404 (（二）). The category row
printed above decides the department code, and the official pairing of the two schemes decides
the government code (部门 310 ↔ 政府 503, 309 ↔ 504; items of 事业单位 ↔ 505/506). A department
name can pair with different government items in one table — 基本工资 with 工资奖金津补贴 (50101,
机关) and with 工资福利支出 (50501, 事业单位) — and both codes are kept, row by row.
A name that stays ambiguous or unknown keeps its printed name with a NULL code and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from budget_etl.normalise.checks import Findings, classified_cells
from budget_etl.normalise.labels import cost_type_of
from budget_etl.normalise.names import clean_name, is_total_label, name_key
from budget_etl.normalise.reconcile import reconcile_rows
from budget_etl.normalise.reference import economic_classes
from budget_etl.normalise.rows import Row
from schemas.frames import FRAME_SCHEMAS
from schemas.tables import FACT_EXPENDITURE_ECONOMIC

# Department-scheme 类 → the government-scheme 类 its items may map to (财预〔2017〕98号 对照表).
PAIRING: dict[str, frozenset[str]] = {
    "301": frozenset({"501", "505"}),
    "302": frozenset({"502", "505"}),
    "303": frozenset({"509"}),
    "307": frozenset({"511"}),
    "309": frozenset({"504", "506"}),
    "310": frozenset({"503", "506"}),
    "311": frozenset({"508"}),
    "312": frozenset({"507", "508"}),
    "313": frozenset({"510"}),
    "399": frozenset({"599"}),
}


@dataclass(frozen=True)
class Resolution:
    department_code: str | None
    government_code: str | None


class EconomicResolver:
    """Name → code lookups over the reference lists, keyed by the folded name."""

    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.department_items: set[str] = set()
        for scheme, code, name, level, _ in economic_classes().iter_rows():
            self.by_name.setdefault((scheme, name_key(name)), []).append((code, level))
            if scheme == "department" and level == "款":
                self.department_items.add(code)

    def is_department_item(self, code: str) -> bool:
        """Is ``code`` a 款 of the department scheme (the printed code, where the name resolves to none)?"""
        return code in self.department_items

    def category_code(self, department_name: str) -> str | None:
        """The 类 code a category row names (工资福利支出 → 301, 资本性支出（基本建设） → 309)."""
        codes = [c for c, level in self.by_name.get(("department", name_key(department_name)), []) if level == "类"]
        return codes[0] if len(codes) == 1 else None

    def resolve(self, department_name: str | None, government_name: str | None, category: str | None) -> Resolution:
        """Codes for one printed item row under the category row ``category`` (a 类 code or None)."""
        dept = [c for c, lvl in self.by_name.get(("department", name_key(department_name)), []) if lvl == "款"]
        gov = [c for c, lvl in self.by_name.get(("government", name_key(government_name)), []) if lvl == "款"]
        if category:
            under = [c for c in dept if c.startswith(category)]
            dept = under or dept
        # Let each side narrow the other through the official pairing of the schemes.
        if len(dept) > 1 and gov:
            paired = [d for d in dept if any(g[:3] in PAIRING.get(d[:3], ()) for g in gov)]
            dept = paired or dept
        if len(gov) > 1 and dept:
            paired = [g for g in gov if any(g[:3] in PAIRING.get(d[:3], ()) for d in dept)]
            gov = paired or gov
        return Resolution(dept[0] if len(dept) == 1 else None, gov[0] if len(gov) == 1 else None)


# --------------------------------------------------------------------------------------------
# Facts of 基本支出分经济科目表
# --------------------------------------------------------------------------------------------

ECONOMIC_KINDS = FACT_EXPENDITURE_ECONOMIC.sources
SCHEMA = FRAME_SCHEMAS["fact_expenditure_economic"]


_PRINTED_CODE = re.compile(r"^[\[【(（]?([35]\d{2}(?:\d{2}){0,2})[\]】)）]?[-－—\s]*(?=\D|$)")


def printed_code(row: Row) -> str | None:
    """The economic code a row prints: in its code column, or before its name ("[301]工资福利支出",
    "30101-基本工资")."""
    if row.code and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", row.code):
        return row.code
    m = _PRINTED_CODE.match(name_key(row.label))
    return m.group(1) if m else None


def printed_name(text: str | None) -> str:
    """A printed economic name without the code printed before it."""
    return _PRINTED_CODE.sub("", clean_name(text))


def _one_scope(tables: list[list[Row]]) -> list[list[Row]]:
    """The economic table the facts come from, where a document prints it on several scopes
    (财政拨款基本支出表 and 一般公共预算基本支出表, one row per item each): the grain has no scope,
    so one table is loaded, the 一般公共预算 one its column headers name (the standard 基本支出表),
    else the first printed. The others are still checked by the identities, not loaded."""
    if len(tables) < 2:
        return tables
    general = [t for t in tables if any("一般公共预算" in c for r in t for c in r.cells)]
    return general[:1] or tables[:1]


def economic_facts(tables: list[list[Row]], findings: Findings) -> pl.DataFrame:
    """Item rows × cost type; 合计 and category rows that have items below them are subtotals.

    Where a template prints sub-items below an item (30102 津贴补贴 over 3010201 规范性津补贴 …,
    codes finer than the reference lists' 款), the item is the fact — the finest level the
    department scheme codes — and its sub-items are reconciled with it, not loaded as facts.
    """
    tables = _one_scope(tables)
    resolver = EconomicResolver()
    findings.ran_check("economic_name_resolved")
    findings.ran_check("column_recognised")
    facts = []
    for table in tables:
        totals = [r for r in table if is_total_label(r.label)]
        rows = [r for r in table if not is_total_label(r.label)]
        codes = [printed_code(r) for r in rows]
        # A category row is a 类 name (or a printed 3-digit code) with no government-scheme name beside it.
        categories = [
            None if r.secondary else resolver.category_code(printed_name(r.label)) or (c if c and len(c) == 3 else None)
            for r, c in zip(rows, codes)
        ]
        category, category_row, details, in_category = None, None, [], []
        item, sub_items = None, []
        for i, row in enumerate(rows):
            code = codes[i]
            if item is not None and code and len(code) == 7 and code.startswith(codes[item] or "-"):
                sub_items.append(row)
                continue
            if item is not None and sub_items:
                reconcile_rows(findings, rows[item], sub_items, _is_fact_column)
            item, sub_items = None, []
            if categories[i] is not None:
                _close_category(findings, category_row, in_category)
                category, category_row, in_category = categories[i], row, []
                has_items = i + 1 < len(rows) and categories[i + 1] is None
                if has_items:
                    continue  # a subtotal of the items below it
                category_row = None
                resolution = Resolution(category, None)  # a category printed without items is the detail
            else:
                resolution = resolver.resolve(printed_name(row.label), printed_name(row.secondary), category)
                if resolution.department_code is None and code and resolver.is_department_item(code):
                    resolution = Resolution(code, resolution.government_code)
                in_category.append(row)
                item = i
            details.append(row)
            dept_name, gov_name = printed_name(row.label), printed_name(row.secondary) or None
            _report_unresolved(findings, row, dept_name, resolution.department_code, "部门")
            if gov_name:
                _report_unresolved(findings, row, gov_name, resolution.government_code, "政府")
            for cost_type, amount, page in classified_cells(row, cost_type_of, findings, "row"):
                facts.append(
                    {
                        "economic_code_department": resolution.department_code,
                        "economic_name_department": dept_name,
                        "economic_code_government": resolution.government_code,
                        "economic_name_government": gov_name,
                        "cost_type": cost_type,
                        "amount_yuan": amount,
                        "page_number": page,
                    }
                )
        if item is not None and sub_items:
            reconcile_rows(findings, rows[item], sub_items, _is_fact_column)
        _close_category(findings, category_row, in_category)
        for total in totals:
            reconcile_rows(findings, total, details, _is_fact_column)
    return pl.DataFrame(facts, schema=SCHEMA)


def _is_fact_column(column: str) -> bool:
    return cost_type_of(column) is not None


def _close_category(findings: Findings, category_row: Row | None, items: list[Row]) -> None:
    """A category row (工资福利支出 …) against the items printed under it."""
    if category_row is not None and items:
        reconcile_rows(findings, category_row, items, _is_fact_column)


def _report_unresolved(findings: Findings, row: Row, name: str, code: str | None, scheme: str) -> None:
    if code is None:
        findings.add(
            "economic_name_resolved",
            subject=name,
            table_kind=row.table_kind,
            page_number=row.page_number,
            detail=f"{scheme}预算经济科目 {name!r} fits no single code: kept with a NULL code",
        )
