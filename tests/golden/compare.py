"""Compare staged amounts with the cells expected from a seed, and say legibly what differs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from tests.golden.seed_expected import ExpectedCell, fold


def staged_cells(staged: pl.DataFrame) -> list[tuple[ExpectedCell, int]]:
    """Staged rows in the expected cells' terms (labels folded), each with its page number."""
    out = []
    for row in staged.iter_rows(named=True):
        secondary = fold(row["row_label_secondary"]) or None
        cell = ExpectedCell(
            row["table_kind"],
            row["function_code"],
            fold(row["row_label"]),
            secondary,
            fold(row["column_label"]),
            Decimal(row["amount"]),
            row["unit"],
        )
        out.append((cell, row["page_number"]))
    return out


@dataclass
class Comparison:
    expected: int
    matched: int
    missing: list[ExpectedCell]  # expected, not staged
    unexpected: list[tuple[ExpectedCell, int]]  # staged (with page), not expected
    by_kind_amount_missing: Counter
    by_kind_amount_unexpected: Counter

    @property
    def equal(self) -> bool:
        return (
            not self.missing
            and not self.unexpected
            and not self.by_kind_amount_missing
            and not (self.by_kind_amount_unexpected)
        )


def _amount(a: Decimal) -> str:
    return format(a.normalize(), "f") if a == a.to_integral() else format(a, "f").rstrip("0")


def _order(c: ExpectedCell) -> tuple:
    """Sort key of a cell: a missing code or secondary label sorts first (None is not ordered)."""
    return (
        c.table_kind,
        c.function_code or "",
        c.row_label,
        c.row_label_secondary or "",
        c.column_label,
        c.amount,
        c.unit,
    )


def compare(expected: list[ExpectedCell], staged: pl.DataFrame) -> Comparison:
    got = staged_cells(staged)
    exp_counter = Counter(expected)
    got_counter = Counter(c for c, _ in got)
    missing_counter = exp_counter - got_counter
    unexpected_counter = got_counter - exp_counter
    missing = sorted(missing_counter.elements(), key=_order)
    pages = {}
    for c, p in got:
        pages.setdefault(c, p)
    unexpected = sorted(((c, pages[c]) for c in unexpected_counter.elements()), key=lambda x: _order(x[0]))
    # Second, label-free view: the same amounts per table kind, whatever the labels.
    exp_ka = Counter((c.table_kind, c.amount) for c in expected)
    got_ka = Counter((c.table_kind, c.amount) for c, _ in got)
    return Comparison(
        expected=len(expected),
        matched=sum((exp_counter & got_counter).values()),
        missing=missing,
        unexpected=unexpected,
        by_kind_amount_missing=exp_ka - got_ka,
        by_kind_amount_unexpected=got_ka - exp_ka,
    )


def _describe(c: ExpectedCell) -> str:
    key = c.function_code or "-"
    secondary = f" | {c.row_label_secondary}" if c.row_label_secondary else ""
    return f"{c.table_kind:<28} {key:<8} {c.row_label}{secondary}  [{c.column_label}]  {_amount(c.amount)} {c.unit}"


def report(name: str, cmp: Comparison, limit: int = 60) -> str:
    """A legible account of the differences, nearest staged candidates shown for each miss."""
    lines = [
        f"{name}: expected {cmp.expected}, matched {cmp.matched}, "
        f"missing {len(cmp.missing)}, unexpected {len(cmp.unexpected)}"
    ]
    if cmp.missing:
        lines.append("  missing (in the seed, not staged):")
        for c in cmp.missing[:limit]:
            lines.append("    - " + _describe(c))
            near = sorted(
                (u for u, _ in cmp.unexpected if u.table_kind == c.table_kind and u.amount == c.amount),
                key=lambda u: (u.column_label != c.column_label, u.row_label != c.row_label),
            )
            for u in near[:2]:
                lines.append("        staged instead: " + _describe(u))
    if cmp.unexpected:
        lines.append("  unexpected (staged, not in the seed):")
        for c, page in cmp.unexpected[:limit]:
            lines.append(f"    + p{page:<3} " + _describe(c))
    if cmp.by_kind_amount_missing or cmp.by_kind_amount_unexpected:
        lines.append("  per (table_kind, amount), labels ignored:")
        for (kind, amount), n in sorted(cmp.by_kind_amount_missing.items()):
            lines.append(f"    - {kind} {_amount(amount)} x{n}")
        for (kind, amount), n in sorted(cmp.by_kind_amount_unexpected.items()):
            lines.append(f"    + {kind} {_amount(amount)} x{n}")
    return "\n".join(lines)
