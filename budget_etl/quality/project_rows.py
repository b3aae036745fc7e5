"""How the rows of a 项目支出预算表 read: department row, unit rows, projects.

Names cannot tell them apart (a department with one unit prints its own name twice; a project
may share a unit's name); arithmetic can: a subtotal equals the sum of the rows it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budget_etl.quality.registry import ZERO, tolerance


@dataclass
class ProjectReading:
    department: int | None  # index (in the table's row list) of the department total row
    groups: list[tuple[int | None, list[int]]]  # (unit row index or None, project row indices)


def _unit_groups(values: list[Decimal], start: int, step: Decimal) -> list[tuple[int, list[int]]] | None:
    """values[start:] as (unit row, ≥1 projects summing to it) repeated; None if no such reading.

    Dynamic programming from the end, so a project that equals a later unit's amount cannot
    derail the reading; of several readings the one with the smallest total 尾差 wins.
    """
    n = len(values)
    best: dict[int, tuple[Decimal, list[tuple[int, list[int]]]]] = {n: (ZERO, [])}
    for p in range(n - 2, start - 1, -1):
        running, options = ZERO, []
        for end in range(p + 2, n + 1):
            running += values[end - 1]
            if end in best and abs(values[p] - running) <= tolerance(end - p - 1, step):
                cost, rest = best[end]
                options.append((cost + abs(values[p] - running), -end, [(p, list(range(p + 1, end))), *rest]))
        if options:
            cost, _, groups = min(options, key=lambda o: (o[0], o[1]))
            best[p] = (cost, groups)
    found = best.get(start)
    return found[1] if found else None


def read_projects(values: list[Decimal], step: Decimal) -> ProjectReading | None:
    """How a project table's rows read, told apart by arithmetic (names repeat: a department with
    one unit prints its own name twice). First that reconciles: department row over unit rows;
    department row over projects. None when no reading adds up."""
    n = len(values)
    if n >= 3:
        units = _unit_groups(values, 1, step)
        if units and abs(values[0] - sum((values[u] for u, _ in units), ZERO)) <= tolerance(len(units), step):
            return ProjectReading(0, [(u, ps) for u, ps in units])
    if n >= 2 and abs(values[0] - sum(values[1:], ZERO)) <= tolerance(n - 1, step):
        return ProjectReading(0, [(None, list(range(1, n)))])
    return None
