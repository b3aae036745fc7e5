"""Page triage: which pages of a disclosure hold the standard budget tables.

A disclosure is 80-150 pages; the standard tables are 15-25 of them. The rest is narrative,
one 绩效目标表 per project, the 政府购买服务指导性目录 attachment (dozens of pages of catalogue
tables) and the 名词解释. camelot is the expensive step, so it only sees the pages chosen here.

Input is the text of every page, read once by ``budget_etl.documents`` (page 1 = index 0).
From it:

- **title lines**: a short line that names a standard table (``table_kinds.kind_from_title``),
  not a line of the table of contents (leader dots / trailing page number, or a 目录 page);
- **unit** of each table: the first 单位：万元 / 单位:元 after its title;
- **empty tables**: 注：本表无数据 printed after the title, before the next title;
- **continuation pages**: a page without a title that follows a table page and starts with
  table rows rather than a heading or prose. Whether it really continues the table is decided
  later from the grid camelot finds there (``camelot_tables``), so a wrong guess here costs one
  page of parsing, never a wrong figure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from budget_etl.table_kinds import UNMODELLED, is_excluded_title, kind_from_title, names_a_table
from budget_etl.text import fold, unify_newlines

# Longest title line we accept (folded characters). Real titles are 10-40 characters;
# prose sentences that happen to end in 表 are longer.
MAX_TITLE_CHARS = 60

# 单位：万元 / 单位:元 / 金额单位：元 / 单位（万元）; not "编制单位：元氏县…" (a name starting with 元).
_UNIT = re.compile(r"单位[:：]?[(（]?(万元|元)(?![\u4e00-\u9fff])")
# The note a template prints under a table it has nothing for: 注：本表无数据 / 故本表为空表 /
# 此表无数据 / 本表本年无发生额 / 注：无。 (not "此表如无数字则表示…", which explains blanks).
_EMPTY_NOTE = re.compile(r"本表无数据|此表无数据|本表为空表?|本表本年无发生额")
# A table-of-contents line: leader dots or a page number after the title.
_TOC_LINE = re.compile(r"(\.{3,}|…{2,}|·{3,})\s*\d*\s*$|表\S*\s+\d{1,3}\s*$")
_PAGE_NUMBER_LINE = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页")
# Lines above a title that are page furniture, not content: the table's number in any
# numbering ("预算公开表 1", "部门公开表9", "表一", "表 11", "附表3", "公开 01 表", "预算01表").
_TABLE_NUMBER_LINE = re.compile(r"^(预算|部门)?公开表\d+$|^(附表|表)[一二三四五六七八九十\d]+$|^(预算|公开|部门)\d+表$")
# ... and the lines that say whose table it is and in what unit ("部门名称：某局 单位：万元").
_LABEL_LINE = re.compile(
    r"^(部门|单位|部门名称|单位名称|编制部门|编制单位|预算单位|预算主管部门|填报单位|金额单位)[:：]"
)
# A line printed on this share of a document's pages (at least 3) is a running header or
# footer ("苏州市审计局 2026 年度部门预算公开"): furniture wherever it stands.
RUNNING_LINE_SHARE = 0.5
_SECTION_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
# Prose that names a table ("详见项目支出预算表") is a reference, not the table's title.
_REFERENCE_WORDS = re.compile(r"详见|参见|见附|如下|请见|具体见")
_PROSE_PUNCTUATION = re.compile(r"[。；;]|，.*，")


@dataclass(frozen=True)
class TableTitle:
    """One standard-table title found on a page."""

    page_number: int  # 1-based
    kind: str
    title: str  # the title as printed (whitespace folded)
    unit: str | None  # 万元 / 元 as printed after the title, None when not printed
    is_empty: bool  # 注：本表无数据 printed under it
    line_index: int  # line of the page text the title is on (orders titles on a page)


@dataclass
class PageIndex:
    """What the triage found, and which pages go to camelot."""

    pages_read: int
    titles: list[TableTitle]
    continuation_candidates: list[int]
    skipped: dict[int, str] = field(default_factory=dict)  # page -> why it is not a table page
    running: frozenset[str] = frozenset()  # running headers and footers (folded lines)

    @property
    def title_pages(self) -> list[int]:
        return sorted({t.page_number for t in self.titles})

    @property
    def pages_for_camelot(self) -> list[int]:
        return sorted(set(self.title_pages) | set(self.continuation_candidates))

    def titles_on(self, page_number: int) -> list[TableTitle]:
        return sorted((t for t in self.titles if t.page_number == page_number), key=lambda t: t.line_index)

    @property
    def document_unit(self) -> str | None:
        """The unit most tables print; used for a table whose own unit line is missing."""
        units = Counter(t.unit for t in self.titles if t.unit)
        return units.most_common(1)[0][0] if units else None


def page_lines(text: str) -> list[str]:
    """Non-empty lines of a page text, stripped; pdfium separates lines with CRLF."""
    return [ln.strip() for ln in unify_newlines(text).split("\n") if ln.strip()]


def is_toc_page(lines: list[str]) -> bool:
    """A table-of-contents page: a 目录 heading, or mostly leader-dot lines."""
    if any(fold(ln) in ("目录", "目次") for ln in lines[:5]):
        return True
    dotted = sum(1 for ln in lines if _TOC_LINE.search(ln))
    return dotted >= 3 and dotted >= len(lines) // 2


def title_kind(line: str) -> str | None:
    """The table kind a page line names as a title, ``UNMODELLED`` for a budget table no fact
    table models, or None (prose, TOC line, performance-target and catalogue tables)."""
    if "表" not in line:
        return None  # cheap exit: most lines of a disclosure are prose
    folded = fold(line)
    if not folded or len(folded) > MAX_TITLE_CHARS or _TOC_LINE.search(line):
        return None
    if _REFERENCE_WORDS.search(folded):
        return None
    kind = kind_from_title(folded)
    if kind is None and names_a_table(folded):
        return UNMODELLED
    return kind


# A page that names this many different tables, on lines with nothing but furniture between
# them, is a list of them (a 目录 without leader dots, a 报表目录 grid), not a page of tables.
MIN_TITLES_OF_A_LIST = 4


def is_list_of_tables(found: list[tuple[int, str, str]], lines: list[str], running: frozenset[str]) -> bool:
    """True when a page's titles are a list of tables rather than the tables themselves.

    Property relied on: a list names its tables one after the other, with at most table and
    page numbers between two names; a page that prints the tables (short tables flowing one
    after another, as an office suite prints them when no page break is forced) has each
    table's header, rows or 本表无数据 note between its title and the next. So a page is a
    list when it names ``MIN_TITLES_OF_A_LIST`` tables or more and most of the gaps between
    consecutive titles hold no content line.
    """
    if len(found) < MIN_TITLES_OF_A_LIST:
        return False
    gaps = [lines[a + 1 : b] for (a, _k, _t), (b, _k2, _t2) in zip(found, found[1:])]
    with_content = sum(1 for gap in gaps if _content_lines(gap, running))
    return with_content * 2 < len(gaps)


def _merge_repeated_titles(found: list[tuple[int, str, str]], lines: list[str]) -> list[tuple[int, str, str]]:
    """A section heading naming a table directly above its title ("一、收支预算总表" over
    "2026 年度收支预算总表") is one title: same kind, nothing but furniture between them."""
    out: list[tuple[int, str, str]] = []
    for item in found:
        if out and out[-1][1] == item[1] and not _content_lines(lines[out[-1][0] + 1 : item[0]]):
            # the later line is the table's own title; the heading's line is where it starts
            out[-1] = (out[-1][0], item[1], item[2])
            continue
        out.append(item)
    return out


# Where a title shares its text line with the unit or name label printed beside it
# ("预算10表 政府采购预算明细表 金额单位：万元 采购类别 金额 …"), the title ends at the label.
_LABEL_IN_LINE = re.compile(r"\s(?:金额单位|单位[:：]|部门名称|单位名称|编制部门|编制单位)")


def _line_title(line: str) -> tuple[str | None, str]:
    """(kind, title) a line names: the whole line, or its part before a unit/name label."""
    kind = title_kind(line)
    if kind:
        return kind, fold(line)
    m = _LABEL_IN_LINE.search(line)
    if m and m.start() > 0:
        head = line[: m.start()]
        kind = title_kind(head)
        if kind:
            return kind, fold(head)
    return None, ""


def _find_titles(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line index, kind, title) of each title line; a title wrapped over two lines is joined."""
    found = []
    i = 0
    while i < len(lines):
        kind, title = _line_title(lines[i])
        if kind:
            found.append((i, kind, title))
            i += 1
            continue
        if i + 1 < len(lines) and not title_kind(lines[i + 1]):
            joined = lines[i] + lines[i + 1]
            kind = title_kind(joined)
            if kind and len(fold(lines[i])) >= 6:
                found.append((i, kind, fold(joined)))
                i += 2
                continue
        i += 1
    return found


def is_furniture(line: str, running: frozenset[str] = frozenset()) -> bool:
    """A page number, a table number, a 部门名称/单位 line or a running header: not content."""
    folded = fold(line)
    return (
        bool(_PAGE_NUMBER_LINE.match(line))
        or bool(_TABLE_NUMBER_LINE.match(folded))
        or bool(_LABEL_LINE.match(folded))
        or folded in running
    )


def _content_lines(lines: list[str], running: frozenset[str] = frozenset()) -> list[str]:
    return [ln for ln in lines if not is_furniture(ln, running)]


def running_lines(pages: Sequence[list[str]]) -> frozenset[str]:
    """Lines (folded) printed on at least half of the pages, and on three or more."""
    counts = Counter(ln for lines in pages for ln in {fold(x) for x in lines})
    threshold = max(3, RUNNING_LINE_SHARE * len(pages))
    return frozenset(ln for ln, n in counts.items() if n >= threshold and ln)


def starts_with_table_rows(lines: list[str], running: frozenset[str] = frozenset()) -> bool:
    """True when a page opens with table rows (a continuation), not a heading or prose."""
    content = _content_lines(lines, running)
    if not content:
        return False
    first = fold(content[0])
    if _SECTION_HEADING.match(first) or is_excluded_title(first):
        return False
    for ln in content[:2]:
        if len(fold(ln)) > 30 and _PROSE_PUNCTUATION.search(ln):
            return False
    return True


def has_content_before(lines: list[str], line_index: int, running: frozenset[str] = frozenset()) -> bool:
    """True when the page prints table content above line ``line_index`` (a title):
    the previous table continues at the top of this page."""
    return bool(_content_lines(lines[:line_index], running))


def index_pages(page_texts: Sequence[str]) -> PageIndex:
    """Triage every page of a document (see module docstring)."""
    pages = [page_lines(t or "") for t in page_texts]
    running = running_lines(pages)
    titles: list[TableTitle] = []
    skipped: dict[int, str] = {}
    continuation: list[int] = []

    raw_titles: dict[int, list[tuple[int, str, str]]] = {}
    for number, lines in enumerate(pages, start=1):
        if is_toc_page(lines):
            skipped[number] = "table of contents"
            continue
        found = _merge_repeated_titles(_find_titles(lines), lines)
        if is_list_of_tables(found, lines, running):
            skipped[number] = "list of tables"
            continue
        if found:
            raw_titles[number] = found
        elif any(is_excluded_title(ln) for ln in lines[:6]):
            skipped[number] = "performance targets or catalogue"

    # Units and 本表无数据 notes: look from each title to the next title, over the title's page
    # and the pages its table may continue on.
    previous_was_table = False
    for number, lines in enumerate(pages, start=1):
        if number in skipped and number not in raw_titles:
            previous_was_table = False
            continue
        found = raw_titles.get(number, [])
        if not found:
            if previous_was_table and starts_with_table_rows(lines, running):
                continuation.append(number)
                continue
            previous_was_table = False
            skipped.setdefault(number, "prose")
            continue
        previous_was_table = True
        for k, (line_index, kind, title) in enumerate(found):
            end = found[k + 1][0] if k + 1 < len(found) else len(lines)
            segment = lines[line_index + 1 : end]
            label = _LABEL_IN_LINE.search(lines[line_index])
            if label:  # the title's own line carries the unit after it
                segment = [lines[line_index][label.start() :], *segment]
            unit = None
            # the unit is printed under the title, or in a 单位名称/单位 line above it
            above = [ln for ln in lines[(found[k - 1][0] + 1 if k else 0) : line_index] if _LABEL_LINE.match(fold(ln))]
            for ln in segment[:6] + above:
                m = _UNIT.search(fold(ln))
                if m:
                    unit = m.group(1)
                    break
            is_empty = any(_EMPTY_NOTE.search(fold(ln)) for ln in segment)
            titles.append(TableTitle(number, kind, title, unit, is_empty, line_index))

    # A 本表无数据 note may fall on the page after the title, when the grid filled the page.
    for i, t in enumerate(titles):
        if t.is_empty or t.page_number + 1 not in continuation:
            continue
        is_last_on_page = all(o.page_number != t.page_number or o.line_index <= t.line_index for o in titles)
        if is_last_on_page:
            next_lines = pages[t.page_number]  # page_number + 1, 0-based index
            first_title = raw_titles.get(t.page_number + 1, [(len(next_lines), "", "")])[0][0]
            if any(_EMPTY_NOTE.search(fold(ln)) for ln in next_lines[:first_title]):
                titles[i] = TableTitle(t.page_number, t.kind, t.title, t.unit, True, t.line_index)

    return PageIndex(
        pages_read=len(pages),
        titles=titles,
        continuation_candidates=continuation,
        skipped=skipped,
        running=running,
    )
