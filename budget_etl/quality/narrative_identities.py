"""Identities of the narrative figures: with each other, and with the tables they describe.

The prose is written separately from the tables, so a disagreement is a WARN (recorded, the facts
load) — except 政府采购, whose goods/works/services are loaded as facts from the prose itself.
"""

from __future__ import annotations

from decimal import Decimal

from budget_etl.quality.reading import total_column, total_row, type_column
from budget_etl.quality.registry import ONE_STEP, ZERO, Identity, Inputs, Stated, identity
from budget_etl.quality.results import ERROR, WARN, CheckResult
from budget_etl.quality.staged_rows import Table, fmt
from budget_etl.quality.three_public_items import THREE_PUBLIC_KINDS, item_grid, operating_cost_figure

# ------------------------------------------------------------------------------------------------
# Narrative figures: with each other, and with the tables they describe


def _stated(inputs: Inputs, fact: str) -> Stated | None:
    return inputs.stated.get(fact)


def _narrative_result(
    check: Identity,
    *,
    expected: Decimal,
    actual: Decimal,
    tol: Decimal,
    unit: str,
    page: int | None,
    subject: str,
    says: str,
    table_kind: str | None = None,
) -> CheckResult:
    diff = actual - expected
    detail = f"{says}: printed {fmt(actual, unit)}, expected {fmt(expected, unit)} {unit}"
    detail += f", difference {fmt(diff, unit)} (tolerance {fmt(tol, unit)})" if diff else ""
    return check.result(
        passed=abs(diff) <= tol,
        expected=expected,
        actual=actual,
        table_kind=table_kind,
        page_number=page,
        subject=subject,
        detail=detail,
    )


def _parts_identity(check: Identity, inputs: Inputs, whole: str, parts: tuple[str, ...], says: str):
    w = _stated(inputs, whole)
    ps = [_stated(inputs, p) for p in parts]
    if w is None or any(p is None for p in ps):
        return
    yield _narrative_result(
        check,
        expected=sum((p.value for p in ps), ZERO),
        actual=w.value,
        tol=w.step * len(ps),
        unit=w.unit,
        page=w.page,
        subject=whole,
        says=says,
    )


@identity(
    "procurement_parts",
    ERROR,
    "政府采购 总额 = 货物 + 工程 + 服务 (narrative)",
    "0.01 of the stated unit per summed figure",
    "a misread procurement figure (goods/works/services are loaded as facts)",
    ("narrative",),
)
def procurement_parts(check: Identity, inputs: Inputs):
    return _parts_identity(
        check,
        inputs,
        "procurement_total",
        ("procurement_goods", "procurement_works", "procurement_services"),
        "政府采购预算总额 = 货物 + 工程 + 服务",
    )


def _narrative_vs_table(
    check: Identity, inputs: Inputs, fact: str, table_value: Decimal, table: Table, page: int | None, says: str
):
    s = _stated(inputs, fact)
    if s is None:
        return None
    step = max(s.step, table.step)
    return _narrative_result(
        check,
        expected=table_value,
        actual=s.value,
        tol=step,
        unit=s.unit,
        page=s.page,
        subject=fact,
        says=says,
        table_kind=table.kind,
    )


@identity(
    "narrative_expenditure_matches_table",
    WARN,
    "narrative 支出预算 total / 基本支出 / 项目支出 = 支出总表 合计 row",
    ONE_STEP,
    "prose written from another version of the tables, or a misread table total",
    ("narrative", "expenditure_summary"),
    across=True,
)
def narrative_expenditure_matches_table(check: Identity, inputs: Inputs):
    es = inputs.table("expenditure_summary")
    trow = total_row(es) if es else None
    if trow is None:
        return
    for fact, col, what in (
        ("expenditure_total", total_column(es), "合计"),
        ("expenditure_basic", type_column(es, "基本支出"), "基本支出"),
        ("expenditure_project", type_column(es, "项目支出"), "项目支出"),
    ):
        r = _narrative_vs_table(
            check,
            inputs,
            fact,
            trow.get(col),
            es,
            trow.pages.get(col) if col else None,
            f"narrative {fact} = 支出总表 {what}",
        )
        if r is not None:
            yield r


@identity(
    "narrative_expenditure_consistent",
    WARN,
    "narrative 基本支出 + 项目支出 = 支出预算; stated shares = amount / total × 100",
    "0.01 of the stated unit per summed figure; shares 0.01 percentage point",
    "a self-contradicting paragraph (or a misread narrative figure)",
    ("narrative",),
)
def narrative_expenditure_consistent(check: Identity, inputs: Inputs):
    yield from _parts_identity(
        check,
        inputs,
        "expenditure_total",
        ("expenditure_basic", "expenditure_project"),
        "支出预算 = 基本支出 + 项目支出",
    )
    total = _stated(inputs, "expenditure_total")
    for part in ("basic", "project"):
        amount, share = _stated(inputs, f"expenditure_{part}"), _stated(inputs, f"expenditure_{part}_share")
        if total is None or amount is None or share is None or not total.value:
            continue
        yield _share_result(
            check, amount.value, total.value, share, f"expenditure_{part}_share", f"{part} share = {part} / total × 100"
        )


def _share_result(
    check: Identity, part: Decimal, whole: Decimal, share: Stated, subject: str, says: str
) -> CheckResult:
    computed = part / whole * 100
    # printed to 0.01 %: rounding leaves up to 0.005; one more 0.005 for departments that truncate
    return _narrative_result(
        check,
        expected=computed,
        actual=share.value,
        tol=Decimal("0.01"),
        unit="%",
        page=share.page,
        subject=subject,
        says=says,
    )


_THREE_PUBLIC_FACTS = (
    ("total", "total"),
    ("outbound_travel", "outbound_travel"),
    ("official_reception", "official_reception"),
    ("vehicle_total", "vehicle_total"),
    ("vehicle_purchase", "vehicle_purchase"),
    ("vehicle_operation", "vehicle_operation"),
)


@identity(
    "narrative_three_public_matches_table",
    WARN,
    "narrative 三公 total and each item = the 三公 table's 合计 column",
    ONE_STEP,
    "prose written from another version of the tables, or a misread 三公 table",
    ("narrative", "three_public", "three_public_operating_cost"),
    across=True,
)
def narrative_three_public_matches_table(check: Identity, inputs: Inputs):
    tp = inputs.table(*THREE_PUBLIC_KINDS)
    if tp is None:
        # "本表无数据": nothing staged, so every item is 0 — still comparable with the prose.
        return
    grid = item_grid(tp)
    items = grid.cells.get(grid.total_key or "", {})
    if "total" not in items and items:
        items = {
            **items,
            "total": (
                sum(
                    (items.get(k, (ZERO, 0))[0] for k in ("outbound_travel", "official_reception", "vehicle_total")),
                    ZERO,
                ),
                None,
            ),
        }
    for item, fact_item in _THREE_PUBLIC_FACTS:
        value, page = items.get(item, (ZERO, None))
        r = _narrative_vs_table(
            check,
            inputs,
            f"three_public_{fact_item}",
            value,
            tp,
            page,
            f"narrative three_public_{fact_item} = 三公表 {item}",
        )
        if r is not None:
            yield r


@identity(
    "narrative_three_public_consistent",
    WARN,
    "narrative 三公 total = 出国 + 接待 + 公务用车; 公务用车 = 购置 + 运行维护; each item: current − prior = change, change / prior = rate",
    "0.01 of the stated unit per summed figure; rates 0.01 percentage point",
    "a self-contradicting 三公 paragraph",
    ("narrative",),
)
def narrative_three_public_consistent(check: Identity, inputs: Inputs):
    yield from _parts_identity(
        check,
        inputs,
        "three_public_total",
        ("three_public_outbound_travel", "three_public_official_reception", "three_public_vehicle_total"),
        "三公 = 出国 + 接待 + 公务用车购置及运行费",
    )
    yield from _parts_identity(
        check,
        inputs,
        "three_public_vehicle_total",
        ("three_public_vehicle_purchase", "three_public_vehicle_operation"),
        "公务用车购置及运行费 = 购置费 + 运行维护费",
    )
    for item, _ in _THREE_PUBLIC_FACTS:
        yield from _change_identity(check, inputs, f"three_public_{item}")


def _change_identity(check: Identity, inputs: Inputs, base: str):
    """current − prior = change, and change / prior × 100 = rate, where the prose prints them.

    Priors the narrative reader *derived* from the change (three_public_total) make the first
    identity trivially true; the rate is then still checked against them."""
    current, prior = _stated(inputs, base), _stated(inputs, f"{base}_prior_year")
    change, rate = _stated(inputs, f"{base}_change"), _stated(inputs, f"{base}_change_pct")
    if current is not None and prior is not None and change is not None:
        yield _narrative_result(
            check,
            expected=current.value - prior.value,
            actual=change.value,
            tol=current.step * 2,
            unit=change.unit,
            page=change.page,
            subject=f"{base}_change",
            says=f"{base}: change = current − prior",
        )
    if prior is not None and rate is not None and prior.value:
        reference = current.value - prior.value if current is not None else (change.value if change else None)
        if reference is not None:
            yield _share_result(
                check,
                reference,
                prior.value,
                rate,
                f"{base}_change_pct",
                f"{base}: rate = (current − prior) / prior × 100",
            )


@identity(
    "narrative_operating_cost_matches_table",
    WARN,
    "narrative 机关运行经费 = 机关运行经费表 部门合计 (or 经济科目表 公用经费 where no such table)",
    ONE_STEP,
    "prose written from another version of the tables, or a misread operating-cost table",
    ("narrative", "operating_cost", "three_public_operating_cost", "basic_expenditure_economic"),
    across=True,
)
def narrative_operating_cost_matches_table(check: Identity, inputs: Inputs):
    figure = operating_cost_figure(inputs)
    if figure is not None:
        value, table, row, col = figure
        page = row.pages.get(col) if row is not None and col else table.first_page()
        what = "机关运行经费表 部门合计"
    else:
        ec = inputs.table("basic_expenditure_economic")
        total = total_row(ec) if ec else None
        public = type_column(ec, "公用经费") if ec else None
        if total is None or public is None:
            return
        value, table, page, what = total.get(public), ec, total.pages.get(public), "经济科目表 公用经费"
    r = _narrative_vs_table(check, inputs, "operating_cost", value, table, page, f"narrative 机关运行经费 = {what}")
    if r is not None:
        yield r


@identity(
    "narrative_operating_cost_consistent",
    WARN,
    "narrative 机关运行经费: current − prior = change; change / prior × 100 = rate",
    "0.01 of the stated unit per summed figure; rates 0.01 percentage point",
    "a self-contradicting 机关运行经费 paragraph",
    ("narrative",),
)
def narrative_operating_cost_consistent(check: Identity, inputs: Inputs):
    return _change_identity(check, inputs, "operating_cost")


_VEHICLE_TYPES = (
    "leadership",
    "confidential_communication",
    "emergency",
    "law_enforcement",
    "special_professional",
    "institution_business",
    "general",
    "other",
)


@identity(
    "vehicles_by_type",
    WARN,
    "narrative 车辆 total = Σ vehicles by type; total ≤ 编制 quota",
    "exact (counts)",
    "a misread vehicle count, or more vehicles held than the quota allows",
    ("narrative",),
)
def vehicles_by_type(check: Identity, inputs: Inputs):
    total = _stated(inputs, "vehicles_total")
    if total is None:
        return
    types = [s for t in _VEHICLE_TYPES if (s := _stated(inputs, f"vehicles_{t}")) is not None]
    if types:
        yield _narrative_result(
            check,
            expected=sum((s.value for s in types), ZERO),
            actual=total.value,
            tol=ZERO,
            unit=total.unit,
            page=total.page,
            subject="vehicles_total",
            says=f"车辆 total = Σ {len(types)} types",
        )
    quota = _stated(inputs, "vehicles_quota")
    if quota is not None:
        yield check.result(
            passed=total.value <= quota.value,
            expected=quota.value,
            actual=total.value,
            page_number=total.page,
            subject="vehicles_quota",
            detail=f"车辆 held {total.value.normalize():f} ≤ 编制 {quota.value.normalize():f} {total.unit}",
        )
