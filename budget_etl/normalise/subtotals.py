"""Tell subtotal rows from detail rows by arithmetic, not by name.

项目支出预算表 prints a department row, then per unit a unit row followed by its projects. The
names do not tell them apart: a department with one unit prints its own name twice (department
row and unit row), a unit may be named differently from the department, and a project may share
a unit's name. What does tell them apart is that a subtotal equals the sum of the rows it covers.

Printed subtotals may differ from the sum of their printed rows by rounding (尾差, 0.01 万元 per
summed row at most), so sums are compared within that tolerance and the deviation is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Group:
    """A unit row at ``unit`` (or None: no unit row) and the project rows it covers."""

    unit: int | None
    projects: tuple[int, ...]


@dataclass
class Structure:
    """How the rows of one project table read: "department+units", "department+projects",
    "units" or "projects" (no subtotal row reconciles)."""

    kind: str
    department: int | None
    groups: list[Group]
    # (row index of a subtotal, printed subtotal, sum of the rows it covers) where they differ
    deviations: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)


def _within(printed: Decimal, summed: Decimal, rows: int, eps: Decimal) -> bool:
    return abs(printed - summed) <= eps * rows


def _unit_groups(totals: list[Decimal], start: int, eps: Decimal) -> tuple[Decimal, list[Group]] | None:
    """Read rows[start:] as unit row + ≥1 project rows, repeated; least total deviation wins.

    Dynamic programming over where each unit's projects end: best[p] is the cheapest reading of
    rows[p:], so a project that happens to equal the next project's amount cannot derail it.
    """
    n = len(totals)
    prefix = [Decimal(0)]
    for t in totals:
        prefix.append(prefix[-1] + t)
    best: dict[int, tuple[Decimal, list[Group]]] = {n: (Decimal(0), [])}
    for p in range(n - 2, start - 1, -1):
        options = []
        for end in range(p + 2, n + 1):
            if end not in best:
                continue
            summed = prefix[end] - prefix[p + 1]
            if _within(totals[p], summed, end - p - 1, eps):
                cost, rest = best[end]
                options.append((cost + abs(totals[p] - summed), end, rest))
        if options:
            cost, end, rest = min(options, key=lambda o: (o[0], -o[1]))
            best[p] = (cost, [Group(p, tuple(range(p + 1, end))), *rest])
    return best.get(start)


def project_structure(totals: list[Decimal], eps: Decimal) -> Structure:
    """The reading of a project table's rows (their 合计 figures, in printed order).

    Preference, first that reconciles wins: a department row over unit groups (the template);
    a department row over projects (no unit rows); unit groups without a department row; and
    finally plain projects, when no row is the sum of the rows below it.
    ``eps``: the rounding tolerance per summed row, in the same unit as ``totals``.
    """
    n = len(totals)
    if n >= 3:
        units = _unit_groups(totals, 1, eps)
        if units:
            unit_totals = [totals[g.unit] for g in units[1]]
            if _within(totals[0], sum(unit_totals, Decimal(0)), len(unit_totals), eps):
                return _with_deviations(Structure("department+units", 0, units[1]), totals)
    if n >= 2 and _within(totals[0], sum(totals[1:], Decimal(0)), n - 1, eps):
        return _with_deviations(Structure("department+projects", 0, [Group(None, tuple(range(1, n)))]), totals)
    units = _unit_groups(totals, 0, eps) if n >= 2 else None
    if units:
        return _with_deviations(Structure("units", None, units[1]), totals)
    return Structure("projects", None, [Group(None, tuple(range(n)))])


def _with_deviations(structure: Structure, totals: list[Decimal]) -> Structure:
    for group in structure.groups:
        if group.unit is not None:
            summed = sum((totals[i] for i in group.projects), Decimal(0))
            if summed != totals[group.unit]:
                structure.deviations.append((group.unit, totals[group.unit], summed))
    if structure.department is not None:
        covered = [g.unit for g in structure.groups if g.unit is not None] or [
            i for g in structure.groups for i in g.projects
        ]
        summed = sum((totals[i] for i in covered), Decimal(0))
        if summed != totals[structure.department]:
            structure.deviations.append((structure.department, totals[structure.department], summed))
    return structure


def leading_total(totals: list[Decimal], eps: Decimal) -> bool:
    """True when the first row is the sum of all the others (部门合计 over unit rows)."""
    return len(totals) >= 2 and _within(totals[0], sum(totals[1:], Decimal(0)), len(totals) - 1, eps)
