"""Identities of the tables that break a total into items or units: 经济科目, 三公, 机关运行经费, 项目."""

from __future__ import annotations

from dataclasses import dataclass

from budget_etl.quality.project_rows import read_projects
from budget_etl.quality.reading import PROJECT_KINDS, economic_groups, total_column
from budget_etl.quality.registry import PER_ROW, ZERO, Identity, Inputs, identity, nonblank
from budget_etl.quality.results import ERROR
from budget_etl.quality.staged_rows import is_total_text, last_level, top_level_rows
from budget_etl.quality.three_public_items import THREE_PUBLIC_KINDS, ItemGrid, item_grid

# ------------------------------------------------------------------------------------------------
# 基本支出分经济科目表: 合计 = Σ categories, category = Σ items


@identity(
    "economic_categories",
    ERROR,
    "经济科目表: 合计 = Σ category rows (工资福利支出, 商品和服务支出 …); each category = Σ its item rows; every column",
    PER_ROW,
    "a misread item, an item under the wrong category, a page of items lost",
    ("basic_expenditure_economic",),
)
def economic_categories(check: Identity, inputs: Inputs):
    for table in inputs.all_tables("basic_expenditure_economic"):
        total, groups = economic_groups(table)
        for column in table.columns:
            for category, items in groups:
                if not items:
                    continue
                yield check.compare_cell(
                    table,
                    category,
                    column,
                    expected=sum((r.get(column) for r in items), ZERO),
                    n_terms=nonblank(r.cells.get(column) for r in items),
                    subject=f"{category.label} / {column}",
                    says=f"{category.label} [{last_level(column)}] = Σ {len(items)} items",
                )
            if total is not None and groups:
                yield check.compare_cell(
                    table,
                    total,
                    column,
                    expected=sum((c.get(column) for c, _ in groups), ZERO),
                    n_terms=nonblank(c.cells.get(column) for c, _ in groups),
                    subject=f"合计 / {column}",
                    says=f"合计 [{last_level(column)}] = Σ {len(groups)} categories",
                )


# ------------------------------------------------------------------------------------------------
# "三公" and 机关运行经费


def _item_sum(check: Identity, grid: ItemGrid, whole: str, parts: tuple[str, ...], says: str):
    t = grid.table
    # A blank cell of a printed row is 0, but a row the template does not print (the combined
    # 三公+机关运行经费 table has no 合计 row) leaves the identity not applicable. Blank rows are
    # not staged, so "printed" means: the whole has a figure in some fund of this table.
    if not any(whole in items for items in grid.cells.values()):
        return
    for key, items in grid.cells.items():
        if key in grid.derived or (whole not in items and not any(p in items for p in parts)):
            continue  # a derived key (Σ of printed fund keys) holds no figure of its own
        actual, page = items.get(whole, (ZERO, None))
        page = page or min((p for _, p in items.values()), default=t.first_page())
        yield check.compare(
            expected=sum((items[p][0] for p in parts if p in items), ZERO),
            actual=actual,
            n_terms=sum(1 for p in parts if p in items),
            step=t.step,
            unit=t.unit,
            table_kind=t.kind,
            page=page,
            subject=f"{whole} / {key}",
            says=f"[{last_level(key) or key}] {says}",
        )


@dataclass(frozen=True)
class ItemSum:
    """A 三公 identity: in every fund of the 三公 tables, one printed item = Σ its part items
    (the items as ``three_public_items.item_grid`` reads them, whatever the table's shape)."""

    name: str
    whole: str  # an item of item_grid
    parts: tuple[str, ...]
    formula: str  # the catalogue's wording
    says: str  # each result's wording, as the table prints it
    guards: str  # what a break means


ITEM_SUMS = (
    ItemSum(
        "three_public_total",
        "total",
        ("outbound_travel", "official_reception", "vehicle_total"),
        "三公 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费, for every fund",
        "合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费",
        "a misread 三公 item, or an item row read as another",
    ),
    ItemSum(
        "three_public_vehicles",
        "vehicle_total",
        ("vehicle_purchase", "vehicle_operation"),
        "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费, for every fund",
        "公务用车购置及运行费 = 购置费 + 运行维护费",
        "a misread vehicle amount",
    ),
)
_ITEM_SUM_NAMED = {item_sum.name: item_sum for item_sum in ITEM_SUMS}


def _item_sums(check: Identity, inputs: Inputs):
    """An ``ItemSum`` (the one ``check`` declares) over every 三公 table of the document."""
    item_sum = _ITEM_SUM_NAMED[check.name]
    for table in inputs.all_tables(*THREE_PUBLIC_KINDS):
        yield from _item_sum(check, item_grid(table), item_sum.whole, item_sum.parts, item_sum.says)


for _sum in ITEM_SUMS:
    identity(_sum.name, ERROR, _sum.formula, PER_ROW, _sum.guards, THREE_PUBLIC_KINDS)(_item_sums)


@identity(
    "operating_cost_units",
    ERROR,
    "机关运行经费表: 部门合计 = Σ unit rows, in every column",
    PER_ROW,
    "a misread unit amount or total",
    ("operating_cost",),
)
def operating_cost_units(check: Identity, inputs: Inputs):
    for table in inputs.all_tables("operating_cost"):
        total = next((r for r in table.rows if is_total_text(r.label)), None)
        # rows printed with codes (302 商品和服务支出 over 30201 办公费 …): the top-level ones
        units = top_level_rows([r for r in table.rows if r is not total])
        if total is None or not units:
            continue
        for col in table.columns:
            yield check.compare_cell(
                table,
                total,
                col,
                expected=sum((r.get(col) for r in units), ZERO),
                n_terms=nonblank(r.cells.get(col) for r in units),
                subject=f"{total.label} / {col}",
                says=f"{total.label} [{last_level(col)}] = Σ {len(units)} units",
            )


# ------------------------------------------------------------------------------------------------
# 项目支出预算表: department row = Σ projects = Σ unit rows; unit row = Σ its projects


@identity(
    "project_table_total",
    ERROR,
    "项目支出表: department row = Σ unit rows = Σ projects; each unit row = Σ its projects; every column",
    PER_ROW,
    "a misread project amount, a project lost at a page break, a wrapped name split into two rows",
    PROJECT_KINDS,
)
def project_table_total(check: Identity, inputs: Inputs):
    for table in inputs.all_tables(*PROJECT_KINDS):
        rows = table.rows
        if len(rows) < 2:
            continue
        total = total_column(table)
        # The reading comes from the first column that reconciles (合计 first), so one misread
        # cell in 合计 still leaves the rows understood and pinpointed in that column.
        order = [total] + [c for c in table.columns if c != total]
        reading = next((r for c in order if (r := read_projects([row.get(c) for row in rows], table.step))), None)
        if reading is None:
            values = [row.get(total) for row in rows]
            first = rows[0]
            yield check.compare(
                expected=sum(values[1:], ZERO),
                actual=values[0],
                n_terms=len(rows) - 1,
                step=table.step,
                unit=table.unit,
                table_kind=table.kind,
                page=first.page_number,
                subject=f"{first.label} / {total}",
                says=f"{first.label}: no reading of department, unit and project rows adds up "
                "(expected shown: Σ of all rows below it)",
            )
            continue
        dept = rows[reading.department]
        for col in table.columns:
            for unit_index, projects in reading.groups:
                if unit_index is None:
                    continue
                unit = rows[unit_index]
                yield check.compare_cell(
                    table,
                    unit,
                    col,
                    expected=sum((rows[i].get(col) for i in projects), ZERO),
                    n_terms=nonblank(rows[i].cells.get(col) for i in projects),
                    subject=f"unit {unit.label} (row {unit.row_index}) / {col}",
                    says=f"unit {unit.label} [{last_level(col)}] = Σ {len(projects)} projects",
                )
            covered = [u if u is not None else i for u, ps in reading.groups for i in ([u] if u is not None else ps)]
            yield check.compare_cell(
                table,
                dept,
                col,
                expected=sum((rows[i].get(col) for i in covered), ZERO),
                n_terms=nonblank(rows[i].cells.get(col) for i in covered),
                subject=f"department {dept.label} / {col}",
                says=f"department {dept.label} [{last_level(col)}] = Σ {len(covered)} "
                + ("units" if any(u is not None for u, _ in reading.groups) else "projects"),
            )
