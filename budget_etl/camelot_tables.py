"""camelot lattice on the triaged pages, cell text from the PDF's glyph boxes, and tables
stitched across pages.

Three steps, each a plain function:

1. ``read_page_grids``: ONE ``camelot.read_pdf`` call per document with the triaged page list,
   ``flavor="lattice"``, ``engine="vector"`` (ruled lines read from the PDF's vector graphics,
   no rendering). Pages where the vector engine finds no table although a table title is
   printed there are parsed again, in one more call, with camelot's default engine
   (``"combined"``: rendered raster lines plus vector lines).

2. Cell text. camelot decides the grid from the ruling lines, and which grid cells form one
   drawn (merged) cell from the missing inner lines — that part is exact. Its text placement
   is not, on these PDFs: camelot (through playa/pdfminer) boxes each glyph from the font
   descriptor's ``Descent``, and LibreOffice's embedded Noto CJK fonts declare
   Descent = -1049/1000 em, so every glyph box sits almost one em below the glyph and text lands
   in the row below (a header row's text in the first data row, two data rows in one cell).
   So each drawn cell's text is read from pdfium's glyph boxes (the project's text engine,
   ``documents.py``) for the glyphs whose centre lies inside it, on the triaged pages only.
   (The shipped samples now carry corrected metrics, tools/samplegen/fontfix.py, and there
   camelot's text and the glyph text agree on every cell; real LibreOffice output does not.)
   camelot's own figures (accuracy, whitespace) are kept per table as its quality report,
   with the share of cells where its text agrees with the glyph text.

3. ``stitch_tables``: give each table title (``page_index``) its grid, and append the grids
   that continue it on the following pages — only when the grid has the same columns, and
   without the header rows a continuation page repeats. A table printed with 注：本表无数据
   exists and is empty.
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import camelot
import pypdfium2 as pdfium

from budget_etl import camelot_rules
from budget_etl.cells import is_column_number_row, looks_like_amount, parse_function_code
from budget_etl.page_index import PageIndex, TableTitle, has_content_before, is_furniture, page_lines, title_kind
from budget_etl.table_kinds import UNMODELLED, header_matches
from budget_etl.text import fold

camelot_rules.install()  # rules drawn as thin filled paths count for the vector engine

# Column boundaries of two page segments of one table agree within this many points.
COLUMN_TOLERANCE_PT = 4.0
# Narrower than one character of the smallest type a budget table prints (about 8 pt).
SLIVER_COLUMN_PT = 8.0
PRIMARY_ENGINE = "vector"
FALLBACK_ENGINE = "combined"  # camelot's default lattice engine
# The raster engine keeps a ruling line only when it is at least 1/line_scale of the page: at
# camelot's default (15) it drops the short rules between the sub-columns of a wide header
# (a 三公 table printing 上年 | 当年 | 增减 blocks of nine columns each merges them into one).
ENGINE_OPTIONS = {FALLBACK_ENGINE: {"line_scale": 40}}
# camelot lays each page out with pdfminer's parameters before it finds the grid. Its default
# boxes_flow also groups the text boxes into a reading-order tree, which is half of camelot's
# time on a budget table page, and nothing reads that tree: lattice assigns text *lines* to
# drawn cells, and the cell text we keep is read from pdfium's glyphs anyway (step 2 below).
LAYOUT_KWARGS = {"boxes_flow": None}


class TableNotFound(Exception):
    """A standard table whose title is printed has no grid on its page or the next."""

    def __init__(self, document_id: str, table_kind: str, page_number: int | None, expected: str, seen: str):
        self.document_id = document_id
        self.table_kind = table_kind
        self.page_number = page_number  # the title's page; None when no title was found at all
        self.expected = expected
        self.seen = seen
        where = f"title on page {page_number}" if page_number else "no title in the document"
        super().__init__(
            f"document {document_id}: table {table_kind!r} ({where}) not found: expected {expected}; seen {seen}"
        )

    def __reduce__(self):
        # picklable with its arguments (an exception raised in a worker process)
        return (type(self), (self.document_id, self.table_kind, self.page_number, self.expected, self.seen))


@dataclass
class GridCell:
    """One position of camelot's grid. A drawn cell spanning several positions has its text
    on its top-left position (``is_anchor``) and the same ``region`` on all of them."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    region: int
    is_anchor: bool


@dataclass
class PageGrid:
    """One table camelot found on one page."""

    page_number: int
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 (PDF points, origin bottom-left)
    cols: list[tuple[float, float]]
    rows: list[list[GridCell]]
    accuracy: float
    whitespace: float
    engine: str
    # Share of drawn cells where camelot's own text equals the glyph text (folded): 1.0 when
    # the fonts' metrics are sound; low when camelot placed text in the wrong row.
    camelot_text_agreement: float = 1.0

    @property
    def n_cols(self) -> int:
        return len(self.cols)

    def text_rows(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass
class StitchedTable:
    """A standard table, all its page segments in one grid."""

    table_seq: int
    title: TableTitle
    unit: str
    is_empty: bool
    rows: list[list[GridCell]] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    segments: list[PageGrid] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.title.kind

    @property
    def pages(self) -> list[int]:
        return sorted({self.title.page_number, *self.row_pages})

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def accuracy(self) -> float | None:
        return min((s.accuracy for s in self.segments), default=None)

    @property
    def whitespace(self) -> float | None:
        return max((s.whitespace for s in self.segments), default=None)

    @property
    def camelot_text_agreement(self) -> float | None:
        return min((s.camelot_text_agreement for s in self.segments), default=None)


@dataclass
class CamelotRun:
    grids: dict[int, list[PageGrid]]  # page -> grids, top to bottom
    seconds_camelot: float
    seconds_cell_text: float
    fallback_pages: list[int]
    calls: int


# ---------------------------------------------------------------- step 1: camelot


def _pages_spec(pages: Sequence[int]) -> str:
    return ",".join(str(p) for p in sorted(set(pages)))


def run_camelot(pdf_path: Path | str, pages: Sequence[int], engine: str) -> list:
    """One lattice pass over ``pages``; camelot's Table objects in page order."""
    if not pages:
        return []
    with warnings.catch_warnings():
        # camelot warns "No tables found on page-N" for pages we send on a guess.
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(
            str(pdf_path),
            pages=_pages_spec(pages),
            flavor="lattice",
            engine=engine,
            split_text=True,
            suppress_stdout=True,
            layout_kwargs=LAYOUT_KWARGS,
            **ENGINE_OPTIONS.get(engine, {}),
        )
    return list(tables)


# ---------------------------------------------------------------- step 2: cell text


def _regions(table) -> tuple[list[list[int]], dict[int, tuple[int, int]]]:
    """Drawn cells of a camelot table: a region id per grid position, and each region's
    top-left position. Two neighbouring positions are one drawn cell when no ruling line
    separates them (camelot's edge flags)."""
    n_rows, n_cols = len(table.cells), len(table.cells[0]) if table.cells else 0
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        for c in range(n_cols):
            cell = table.cells[r][c]
            if c + 1 < n_cols and not cell.right and not table.cells[r][c + 1].left:
                union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not cell.bottom and not table.cells[r + 1][c].top:
                union(r * n_cols + c, (r + 1) * n_cols + c)
    ids = [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
    anchors: dict[int, tuple[int, int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            anchors.setdefault(ids[r][c], (r, c))
    return ids, anchors


@dataclass(frozen=True)
class _Glyph:
    ch: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def page_glyphs(page: pdfium.PdfPage) -> list[_Glyph]:
    """Every printed (non-whitespace, non-generated) character of a page with its box."""
    textpage = page.get_textpage()
    glyphs = []
    try:
        for i in range(textpage.count_chars()):
            code = pdfium.raw.FPDFText_GetUnicode(textpage.raw, i)
            if code == 0 or pdfium.raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            ch = chr(code)
            if ch.isspace():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(i, loose=True)
            glyphs.append(_Glyph(ch, x0, y0, x1, y1))
    finally:
        textpage.close()
    return glyphs


def glyphs_to_text(glyphs: list[_Glyph]) -> str:
    """The text of one drawn cell: glyphs grouped into lines (top to bottom), each line read
    left to right; a gap wider than a third of the glyph height is a space, a new line is "\\n"."""
    if not glyphs:
        return ""
    lines: list[list[_Glyph]] = []
    for g in sorted(glyphs, key=lambda g: -g.cy):
        if lines and abs(lines[-1][0].cy - g.cy) < 0.5 * max(g.height, lines[-1][0].height):
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for line in lines:
        line.sort(key=lambda g: g.x0)
        parts = [line[0].ch]
        for a, b in zip(line, line[1:]):
            if b.x0 - a.x1 > max(a.height, b.height) / 3:
                parts.append(" ")
            parts.append(b.ch)
        out.append("".join(parts))
    return "\n".join(out)


def _index(bounds: list[tuple[float, float]], value: float, descending: bool) -> int | None:
    for i, (a, b) in enumerate(bounds):
        lo, hi = (b, a) if descending else (a, b)
        if lo <= value <= hi:
            return i
    return None


def grid_from_camelot(table, glyphs: list[_Glyph], engine: str) -> PageGrid:
    """A PageGrid with each drawn cell's text read from the page's glyphs."""
    ids, anchors = _regions(table)
    region_glyphs: dict[int, list[_Glyph]] = {}
    x0, y0, x1, y1 = table._bbox
    for g in glyphs:
        if not (x0 - 1 <= g.cx <= x1 + 1 and y0 - 1 <= g.cy <= y1 + 1):
            continue
        r = _index(table.rows, g.cy, descending=True)
        c = _index(table.cols, g.cx, descending=False)
        if r is None or c is None:
            continue
        region_glyphs.setdefault(ids[r][c], []).append(g)
    rows = []
    agree = total = 0
    for r, (top, bottom) in enumerate(table.rows):
        row = []
        for c, (left, right) in enumerate(table.cols):
            region = ids[r][c]
            anchor = anchors[region] == (r, c)
            text = glyphs_to_text(region_glyphs.get(region, [])) if anchor else ""
            row.append(GridCell(text, left, bottom, right, top, region, anchor))
            camelot_text = fold(table.cells[r][c].text)
            if anchor or camelot_text:
                total += 1
                agree += camelot_text == fold(text)
        rows.append(row)
    report = table.parsing_report
    return PageGrid(
        page_number=int(table.page),
        bbox=tuple(table._bbox),
        cols=list(table.cols),
        rows=rows,
        accuracy=float(report["accuracy"]),
        whitespace=float(report["whitespace"]),
        engine=engine,
        camelot_text_agreement=agree / total if total else 1.0,
    )


def trim_grid(grid: PageGrid, running: frozenset[str] = frozenset()) -> PageGrid:
    """The grid without the leading rows that print nothing or only the page's furniture (the
    title, "金额单位：万元", "部门名称：…" ruled inside the table's frame)."""

    def is_furniture_row(row: list[GridCell]) -> bool:
        texts = [c.text for c in row if c.is_anchor and c.text.strip()]
        return all(is_furniture(t, running) or title_kind(t) is not None for t in texts)

    start = 0
    while start < len(grid.rows) - 1 and is_furniture_row(grid.rows[start]):
        start += 1
    rows = grid.rows[start:]
    # A sliver between two rules drawn close together (a doubled frame line) is no column: too
    # narrow to print a character, and blank. Dropped here, so the same table's pages line up
    # whether or not a page's frame was drawn double.
    keep = [
        i
        for i, (x0, x1) in enumerate(grid.cols)
        if x1 - x0 >= SLIVER_COLUMN_PT or any(i < len(r) and r[i].text.strip() for r in rows)
    ]
    if start == 0 and len(keep) == len(grid.cols):
        return grid
    return PageGrid(
        grid.page_number,
        grid.bbox,
        [grid.cols[i] for i in keep],
        [[r[i] for i in keep if i < len(r)] for r in rows],
        grid.accuracy,
        grid.whitespace,
        grid.engine,
        grid.camelot_text_agreement,
    )


def drop_blank_columns(table: StitchedTable) -> None:
    """Columns that print nothing on any row of the whole table (a frame's margin) are no
    columns; a column blank on one page only is kept, so page segments still line up."""
    if not table.rows:
        return
    n = table.n_cols
    keep = [c for c in range(n) if any(c < len(r) and r[c].text.strip() for r in table.rows)]
    if len(keep) < n:
        table.rows = [[r[c] for c in keep if c < len(r)] for r in table.rows]


def read_page_grids(
    pdf_path: Path | str,
    pages: Sequence[int],
    title_pages: Sequence[int],
    engine: str = PRIMARY_ENGINE,
    running: frozenset[str] = frozenset(),
) -> CamelotRun:
    """camelot over ``pages`` in one call; title pages where it found nothing once more with
    the fallback engine; then every grid's cell text from the page glyphs."""
    t0 = time.perf_counter()
    found = [(t, engine) for t in run_camelot(pdf_path, pages, engine)]
    calls = 1 if pages else 0
    pages_with_tables = {int(t.page) for t, _ in found}
    fallback = sorted(set(title_pages) - pages_with_tables) if engine != FALLBACK_ENGINE else []
    if fallback:
        # A title page without vector rules means this publisher draws its rules another way
        # (filled rectangles, an image): the continuation pages it left empty go the same way.
        fallback = sorted(set(pages) - pages_with_tables)
    if fallback:
        found += [(t, FALLBACK_ENGINE) for t in run_camelot(pdf_path, fallback, FALLBACK_ENGINE)]
        calls += 1
    seconds_camelot = time.perf_counter() - t0

    t1 = time.perf_counter()
    grids: dict[int, list[PageGrid]] = {}
    by_page: dict[int, list] = {}
    for table, eng in found:
        by_page.setdefault(int(table.page), []).append((table, eng))
    if by_page:
        pdf = pdfium.PdfDocument(str(pdf_path))
        try:
            for page_number, tables in sorted(by_page.items()):
                page = pdf[page_number - 1]
                glyphs = page_glyphs(page)
                page.close()
                page_grids = [trim_grid(grid_from_camelot(t, glyphs, eng), running) for t, eng in tables if t.cells]
                grids[page_number] = sorted(page_grids, key=lambda g: -g.bbox[3])  # top to bottom
        finally:
            pdf.close()
    return CamelotRun(grids, seconds_camelot, time.perf_counter() - t1, fallback, calls)


# ---------------------------------------------------------------- step 3: stitching


def _row_key(row: list[GridCell]) -> tuple[str, ...]:
    return tuple(fold(c.text) for c in row)


def same_columns(a: PageGrid, b: PageGrid) -> bool:
    """Two page segments belong to one table only if their columns line up."""
    if a.n_cols != b.n_cols:
        return False
    return all(
        abs(ca[0] - cb[0]) <= COLUMN_TOLERANCE_PT and abs(ca[1] - cb[1]) <= COLUMN_TOLERANCE_PT
        for ca, cb in zip(a.cols, b.cols)
    )


def _repeats_row(first: list[GridCell], again: list[GridCell]) -> bool:
    """``again`` prints ``first`` once more: every cell the same, or the start of it (a
    repeated header clipped to its row, see ``strip_repeated_header``)."""
    if len(first) != len(again):
        return False
    for a, b in zip(first, again):
        fa, fb = fold(a.text), fold(b.text)
        if fa != fb and not (fb and fa.startswith(fb)):
            return False
    return True


def repeated_header_rows(first: PageGrid, continuation: PageGrid) -> int:
    """How many leading rows of a continuation segment repeat the table's first rows
    (a header repeated on every page); those are not data."""
    n = 0
    while (
        n < len(continuation.rows)
        and n < len(first.rows)
        and _repeats_row(first.rows[n], continuation.rows[n])
        and (
            not any(looks_like_amount(c.text) for c in continuation.rows[n])
            or is_column_number_row([c.text for c in continuation.rows[n]])
        )
    ):
        n += 1
    return n


def _without_subsequence(text: str, chars: str) -> str | None:
    """``text`` with the characters of ``chars`` removed where they occur in order (whitespace
    ignored), or None when they do not all occur."""
    out, k = [], 0
    for ch in text:
        if k < len(chars) and fold(ch) == chars[k]:
            k += 1
            continue
        out.append(ch)
    return "".join(out).strip() if k == len(chars) else None


def strip_repeated_header(first: PageGrid, continuation: PageGrid) -> int:
    """``repeated_header_rows``, and the repair of a header repeated clipped.

    Property relied on: an office suite repeating a header on every page gives the repeated
    rows the height of the header rows, and clips the text of a cell that needs more (a tall
    merged heading in a narrow column): the page shows the start of each heading, and the
    rest stays in the PDF's text under the clip, over the first row below, invisible. So where
    a repeated heading is a strict start of the table's own, the characters it lacks, in their
    order, are taken out of the cell below the repeated header in that column.
    """
    n = repeated_header_rows(first, continuation)
    if n == 0 or n >= len(continuation.rows):
        return n
    below = continuation.rows[n]
    for r in range(n):
        for c, (a, b) in enumerate(zip(first.rows[r], continuation.rows[r])):
            fa, fb = fold(a.text), fold(b.text)
            if fa == fb or c >= len(below):
                continue
            cell = below[c]
            repaired = _without_subsequence(cell.text, fa[len(fb) :])
            if repaired is not None:
                below[c] = GridCell(repaired, cell.x0, cell.y0, cell.x1, cell.y1, cell.region, cell.is_anchor)
    return n


def signature_text(grid: PageGrid, header_rows: int = 4) -> str:
    """Header rows and first-column labels of a grid, for ``table_kinds.header_matches``."""
    parts = [c.text for row in grid.rows[:header_rows] for c in row]
    parts += [row[0].text for row in grid.rows if row]
    return " ".join(parts)


def _append_segment(table: StitchedTable, grid: PageGrid, skip_rows: int = 0) -> None:
    offset = 1 + max((c.region for row in table.rows for c in row), default=-1)
    for row in grid.rows[skip_rows:]:
        table.rows.append([GridCell(c.text, c.x0, c.y0, c.x1, c.y1, c.region + offset, c.is_anchor) for c in row])
        table.row_pages.append(grid.page_number)
    table.segments.append(grid)


def is_header_fragment(table: StitchedTable) -> bool:
    """True when all a table has read so far is one grid of header rows on its title's page.

    Property relied on: a title printed near the foot of a page can take its first header
    row(s) with it and leave the rest of the header and every row to the next page; such a
    grid holds no amount, no function code and no bare row label, only column headings.
    """
    if len(table.segments) != 1 or table.segments[0].page_number != table.title.page_number:
        return False
    texts = [c.text for row in table.rows for c in row]
    return not any(looks_like_amount(t) for t in texts) and not any(
        parse_function_code(row[0].text) for row in table.rows if row
    )


def fragment_fits(fragment: PageGrid, grid: PageGrid) -> bool:
    """The next page's grid continues a header fragment: same outer edges, and every column
    edge of the fragment is a column edge of the grid (the lower header rows subdivide the
    fragment's merged cells, so the grid has more columns, never edges of its own outside)."""
    if grid.n_cols < fragment.n_cols:
        return False
    edges = sorted({round(x, 1) for c in grid.cols for x in c})

    def on_edge(x: float) -> bool:
        return any(abs(x - e) <= COLUMN_TOLERANCE_PT for e in edges)

    outer = (
        abs(fragment.cols[0][0] - grid.cols[0][0]) <= COLUMN_TOLERANCE_PT
        and abs(fragment.cols[-1][1] - grid.cols[-1][1]) <= COLUMN_TOLERANCE_PT
    )
    return outer and all(on_edge(x) for c in fragment.cols for x in c)


def widen_fragment(fragment: PageGrid, grid: PageGrid) -> PageGrid:
    """The fragment's rows laid on the grid's columns: each fragment cell covers the grid
    columns inside it, as one drawn cell (one region, its text on the first)."""
    rows = []
    for row in fragment.rows:
        out = []
        seen: set[int] = set()
        for x0, x1 in grid.cols:
            mid = (x0 + x1) / 2
            k = next(
                (
                    i
                    for i, (a, b) in enumerate(fragment.cols)
                    if a - COLUMN_TOLERANCE_PT <= mid <= b + COLUMN_TOLERANCE_PT
                ),
                len(fragment.cols) - 1,
            )
            cell = row[k]
            first = cell.region not in seen
            seen.add(cell.region)
            out.append(
                GridCell(
                    cell.text if first else "",
                    cell.x0,
                    cell.y0,
                    cell.x1,
                    cell.y1,
                    cell.region,
                    cell.is_anchor and first,
                )
            )
        rows.append(out)
    # A header that merges cells draws a heading with nothing below it to subdivide as one cell
    # over all the header rows; where the page cut such a cell, its upper part ends the
    # fragment and its lower part opens the grid, each one column wide: one cell, whose text
    # continues ("上年结" / "转"). Only in a fragment that merges cells (one of its cells spans
    # several of the grid's columns): in a header drawn unmerged every cell is one column wide,
    # and a one-column cell over another is a heading over its sub-heading.
    widths = Counter(c.region for c in rows[-1]) if rows else Counter()
    if grid.rows and any(n > 1 for n in widths.values()):
        below = grid.rows[0]
        below_widths = Counter(c.region for c in below)
        for col, cell in enumerate(rows[-1]):
            under = below[col] if col < len(below) else None
            if (
                under is not None
                and widths[cell.region] == 1
                and below_widths[under.region] == 1
                and cell.text.strip()
                and under.text.strip()
                and not looks_like_amount(under.text)
            ):
                rows[-1][col] = GridCell(
                    cell.text + under.text, cell.x0, cell.y0, cell.x1, cell.y1, cell.region, cell.is_anchor
                )
                below[col] = GridCell("", under.x0, under.y0, under.x1, under.y1, under.region, under.is_anchor)
    return PageGrid(
        fragment.page_number,
        fragment.bbox,
        list(grid.cols),
        rows,
        fragment.accuracy,
        fragment.whitespace,
        fragment.engine,
        fragment.camelot_text_agreement,
    )


def repeats_open_title(open_table: StitchedTable | None, title: TableTitle) -> bool:
    """A template that prints the title again on every page of a long table: the same title on
    the page right after the open table's last page continues it."""
    if open_table is None or not open_table.segments:
        return False
    last_page = max(open_table.pages)
    return title.page_number == last_page + 1 and title.title == open_table.title.title


def stitch_tables(
    document_id: str, index: PageIndex, page_texts: Sequence[str], grids: dict[int, list[PageGrid]]
) -> tuple[list[StitchedTable], list[TableNotFound]]:
    """Give every title its grid and the grids that continue it on the next pages.

    On a page, grids are read top to bottom: the first one continues the open table when the
    page prints table content above its first title (or has no title, or repeats the open
    table's title) and its columns line up with the open table's; the others go to the page's
    titles in order. A title whose table is empty (本表无数据) may have no grid; a title at the
    foot of a page may have its grid on the next page.

    Returns the tables found and, for each title whose grid is nowhere, a ``TableNotFound``
    naming its page and what was seen there: one unreadable table never hides the others.
    Titles of budget tables that no fact table models (``UNMODELLED``) take their grids, so
    those grids continue nothing, and are then left out.
    """
    default_unit = index.document_unit or "万元"
    tables: list[StitchedTable] = []
    open_table: StitchedTable | None = None
    for page_number in index.pages_for_camelot:
        page_grids = list(grids.get(page_number, []))
        titles = index.titles_on(page_number)
        lines = page_lines(page_texts[page_number - 1])

        if (
            titles
            and page_grids
            and repeats_open_title(open_table, titles[0])
            and same_columns(open_table.segments[0], page_grids[0])
        ):
            _append_segment(open_table, page_grids[0], strip_repeated_header(open_table.segments[0], page_grids[0]))
            page_grids.pop(0)
            titles = titles[1:]
            if not titles:
                continue

        top_is_continuation = not titles or has_content_before(lines, titles[0].line_index, index.running)
        follows_open_table = open_table is not None and page_number - 1 in (
            open_table.title.page_number,
            *open_table.row_pages,
        )
        if open_table is not None and follows_open_table and page_grids and top_is_continuation:
            grid = page_grids[0]
            if not open_table.segments:
                # the title was at the foot of the previous page: this is its first grid
                _append_segment(open_table, grid)
                page_grids.pop(0)
            elif same_columns(open_table.segments[0], grid):
                _append_segment(open_table, grid, strip_repeated_header(open_table.segments[0], grid))
                page_grids.pop(0)
            elif is_header_fragment(open_table) and fragment_fits(open_table.segments[0], grid):
                # the title's page ended inside the header: the header's first rows, laid on
                # this grid's columns, head the table that continues here (is_header_fragment)
                head = widen_fragment(open_table.segments[0], grid)
                open_table.rows, open_table.row_pages, open_table.segments = [], [], []
                _append_segment(open_table, head)
                _append_segment(open_table, grid)
                page_grids.pop(0)
            elif len(page_grids) > len(titles):
                # a grid above the page's first title that does not line up with the open
                # table: it belongs to none of this page's titles, so it must not take the
                # first title's place
                page_grids.pop(0)
        if not titles:
            continue

        for k, title in enumerate(titles):
            table = StitchedTable(
                table_seq=len(tables), title=title, unit=title.unit or default_unit, is_empty=title.is_empty
            )
            tables.append(table)
            if page_grids:
                grid = page_grids[0]
                later = titles[k + 1 :]
                belongs_later = any(header_matches(t.kind, signature_text(grid)) for t in later)
                if header_matches(title.kind, signature_text(grid)) or not (title.is_empty and belongs_later):
                    _append_segment(table, grid)
                    page_grids.pop(0)
        open_table = tables[-1]

    tables = [t for t in tables if t.kind != UNMODELLED]
    # A title with no grid, whose kind another title of the document does have a grid for,
    # was a stray title-like line (a running header, a reference in prose): drop it.
    kinds_with_grid = {t.kind for t in tables if t.segments}
    tables = [t for t in tables if t.segments or t.is_empty or t.kind not in kinds_with_grid]
    problems: list[TableNotFound] = []
    for table in tables:
        if not table.segments and not table.is_empty:
            page = table.title.page_number
            seen = [f"page {p}: {len(grids.get(p, []))} grid(s)" for p in (page, page + 1)]
            problems.append(
                TableNotFound(
                    document_id,
                    table.kind,
                    page,
                    "a ruled table under the title (or 注：本表无数据)",
                    "; ".join(seen),
                )
            )
    tables = [t for t in tables if t.segments or t.is_empty]
    for seq, table in enumerate(tables):
        table.table_seq = seq
        drop_blank_columns(table)
    return tables, problems
