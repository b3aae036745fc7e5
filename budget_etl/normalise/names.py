"""Printed names: one stored form, one comparison key.

The PDFs print the same name with wrapped lines, stray spaces, and half- or full-width
characters ("维修(护)费" / "维修（护）费", "２０２６" / "2026"). The warehouse stores names "as
printed but cleaned"; reference lookups compare keys, so a width variant never misses a match.
"""

from __future__ import annotations

import re

from budget_etl.cells import join_wrapped
from budget_etl.text import fold

# Full-width ASCII letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) fold to ASCII; parentheses fold the other
# way, to the full-width form the code lists and most printed tables use.
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_WIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}
_WIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}
_WIDTH |= {"(": "（", ")": "）", "\u3000": " "}
_WIDTH_TABLE = str.maketrans(_WIDTH)


def clean_name(text: str | None) -> str:
    """The stored form of a printed name: wraps re-joined, widths folded, ends trimmed."""
    joined = join_wrapped((text or "").translate(_WIDTH_TABLE))
    # join_wrapped keeps a space between a CJK character and a Latin one ("乡村 e镇"); in a
    # Chinese name such a space is a wrap too.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])", "", joined).strip()


# The comparison key of a name is the one fold of printed text (budget_etl/text.py).
name_key = fold


def is_total_label(text: str | None) -> bool:
    """合计 / 总计 / 部门合计 / 本年支出合计 …: a printed grand-total row or column."""
    key = name_key(text)
    return bool(key) and (key.endswith(("合计", "总计", "小计")) or key in ("合计", "总计"))
