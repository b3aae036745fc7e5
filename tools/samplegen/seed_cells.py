"""The text of a seed table cell as it is printed in the sample PDFs.

In the seed exports, a single space between two CJK ideographs inside a table cell is a
wrap artefact: the original PDF wrapped the cell there ("市委、市政府办公楼互联网宽带经 费",
"国有资本经营 预算"). The samples print the cell without that space (and let the narrow
column wrap it again). Every other character is kept exactly, including numbers printed
with stray spaces ("31996. 59"): repairing those is the extractor's job.
"""

from __future__ import annotations

import re

# CJK unified ideographs (+ extension A). Full-width punctuation is deliberately excluded:
# "项目资金 （元）" keeps its space.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")

# An amount as printed in the seeds: 2324.90, 1,726.25, -3.00, and the xiaoyi export's
# "31996. 59" (stray space after the decimal point).
AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\s?\d+)?$|^-?\d+(?:\.\s?\d+)?$")
# A function classification code: 类 (3 digits), 款 (5), 项 (7).
FUNCTION_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def printed_cell(text: str) -> str:
    """Cell text as printed: wrap-artefact spaces between CJK ideographs removed."""
    return _WRAP_SPACE.sub("", text)


def printed_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[printed_cell(c) for c in row] for row in rows]


def is_amount(text: str) -> bool:
    """A money amount (with a decimal point), not a bare integer like a code or a column number."""
    t = text.strip()
    return bool(AMOUNT.match(t)) and "." in t


def is_numberish(text: str) -> bool:
    """Amounts, integers, codes, percentages: cells that must not wrap."""
    t = text.strip()
    return bool(t) and bool(re.fullmatch(r"[-+]?[\d,]+(?:\.\s?\d+)?%?", t))


def display_width(text: str) -> float:
    """Approximate printed width in em: CJK/full-width characters 1, others ~0.55."""
    w = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80 or ch in "“”‘’—…":
            w += 1.0
        else:
            w += 0.55
    return w
