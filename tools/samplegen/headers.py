"""Header rows of a budget table and the cells that span in them.

The seeds write a spanning header cell as its text followed by empty cells
(``收入\\t\\t支出\\t\\t\\t``), and a cell spanning two header rows as text above an empty
cell. A real disclosure prints those as merged cells. The rule used here is deliberately
conservative:

1. Header rows are the rows above the first *data row*. A data row is a row that holds an
   amount, or whose first cell is a function code, a total (合计/部门合计/…), an ordinal
   item ("一、…"), or a label with every other cell empty. A table without any data row
   is all header (up to the cap). A trailing column-number row
   ("1 | 2 | 3 …") belongs to the header but takes no part in merging. At most four
   header rows.
2. Horizontal span: a non-empty header cell extends right over the empty cells that follow
   it in its row, but only over columns that have text in some header row *below* (the
   spanning cell is a group heading over sub-headings). So nothing spans in the last header
   row.
3. Vertical span: a non-empty header cell that does not span columns extends down over the
   empty cells below it, but only if every header row below it is empty in that column
   (the cell reaches the bottom of the header), and those cells are not already covered by
   a horizontal span.
4. Data rows are never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .seed_cells import FUNCTION_CODE, is_amount

MAX_HEADER_ROWS = 4
_TOTAL_WORDS = ("合计", "总计", "部门合计", "小计")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Span:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def is_column_number_row(row: list[str]) -> bool:
    """The "1 | 2 | 3 | …" row some templates print under the header."""
    filled = [c for c in row if c.strip()]
    return len(filled) >= 2 and filled == [str(i) for i in range(1, len(filled) + 1)]


def is_data_row(row: list[str], index: int) -> bool:
    if is_column_number_row(row):
        return False
    cells = [c.strip() for c in row]
    if any(is_amount(c) for c in cells):
        return True
    first = cells[0]
    if FUNCTION_CODE.match(first) or first in _TOTAL_WORDS or _ORDINAL.match(first):
        return True
    filled = [i for i, c in enumerate(cells) if c]
    return index > 0 and filled == [0]


def header_row_count(rows: list[list[str]]) -> int:
    """How many leading rows are header rows (0 if the table starts with data)."""
    for i, row in enumerate(rows[: MAX_HEADER_ROWS + 1]):
        if is_data_row(row, i):
            return min(i, MAX_HEADER_ROWS)
    # no data row at all (an empty table): everything up to the cap is header
    return min(len(rows), MAX_HEADER_ROWS)


def header_spans(rows: list[list[str]], n_header: int | None = None) -> list[Span]:
    """Merged cells of the header (only spans bigger than one cell are returned)."""
    if n_header is None:
        n_header = header_row_count(rows)
    region = list(range(n_header))
    if region and is_column_number_row(rows[region[-1]]):
        region = region[:-1]
    if not region:
        return []
    width = max(len(r) for r in rows)

    def text(r: int, c: int) -> str:
        return rows[r][c].strip() if c < len(rows[r]) else ""

    covered: set[tuple[int, int]] = set()
    spans: list[Span] = []
    last = region[-1]
    for r in region:
        # horizontal spans first (rule 2)
        c = 0
        row_spans: dict[int, int] = {}
        while c < width:
            if (r, c) in covered or not text(r, c):
                c += 1
                continue
            end = c + 1
            while (
                end < width
                and (r, end) not in covered
                and not text(r, end)
                and any(text(rr, end) for rr in range(r + 1, last + 1))
            ):
                end += 1
            row_spans[c] = end - c
            c = end
        for c, colspan in row_spans.items():
            for cc in range(c + 1, c + colspan):
                covered.add((r, cc))
        # vertical spans (rule 3)
        for c, colspan in row_spans.items():
            rowspan = 1
            if colspan == 1 and r < last:
                below = range(r + 1, last + 1)
                if all(not text(rr, c) and (rr, c) not in covered for rr in below):
                    rowspan = 1 + len(below)
                    for rr in below:
                        covered.add((rr, c))
            if rowspan > 1 or colspan > 1:
                spans.append(Span(r, c, rowspan, colspan))
    return spans


def form_spans(rows: list[list[str]], min_trailing: int = 2) -> list[Span]:
    """Spans for a *form* (the 绩效目标表 performance-target tables, not a budget table):
    a filled cell followed only by empty cells up to the end of its row (at least
    ``min_trailing`` of them) spans to the row end, the way the long texts of 项目概况 /
    立项依据 / 总体目标 are printed across the form. Budget tables never use this."""
    spans: list[Span] = []
    for r, row in enumerate(rows):
        filled = [c for c, t in enumerate(row) if t.strip()]
        if not filled:
            continue
        last = filled[-1]
        trailing = len(row) - 1 - last
        if trailing >= min_trailing:
            spans.append(Span(r, last, 1, trailing + 1))
    return spans
