"""Where a budget disclosure states what it is, read from the text of its pages.

A disclosure names its department (or unit), its budget year and its kind (部门预算 / 单位预算)
in several places, and publishers differ in which ones they print:

- the cover: ``2026 年度 / 泉州市公安局 / 部门预算``, ``重庆市气象局2026年部门预算情况说明``;
- a label on the cover naming the budget body: ``预算主管部门：上海市普陀区司法局``, ``预算单位：…``;
- a label printed on the tables: ``部门名称：…``, ``单位名称：…``, ``编制部门：…``, ``编制单位：…``,
  ``部门：…``, ``主管部门：…`` (sometimes after a budget code: ``606-湖州市交通运输局``);
- a running header repeated at the top of the pages: ``苏州市审计局 2026 年度部门预算公开``;
- a table header line naming the body by code before the unit: ``606-湖州市交通运输局 单位：万元``;
- a table title carrying the name: ``上海市 XX 局 2024 年度部门决算表``;
- a cell of a table (no colon): ``部门名称 北京市司法局`` on a 部门整体支出绩效目标表.

Every statement found is evidence; the most reliable source that states a value wins (the order
of ``NAME_SOURCES``, ``YEAR_SOURCES``, ``KIND_SOURCES``) and the caller records which one it was.
Every rule relies on a property of the page (where a line stands, what it starts or ends with, a
money-unit line beside a table title), never on a particular department, city or file.

The same page reading says what the file holds (``disclosure_part``): budget tables (a page with a
budget-table title and a money-unit line such as ``单位：万元``), narrative sections (a heading such
as 部门概况 / 主要职能 / 预算情况说明 on a page that is not a table of contents), or both; and
whether the file is a 决算 (final accounts) instead of a budget.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from budget_etl.text import unify_newlines, unspaced
from schemas.tables import DIM_DOCUMENT

# Ranked from most to least reliable. A label states the name as a field, so it beats a title
# that has to be parsed; the cover beats a line that merely repeats on the pages; a bare table
# cell (no colon) is used only when nothing else names the body.
NAME_SOURCES = (
    "label:预算主管部门",  # on the cover: the body whose budget this is
    "label:预算单位",
    "table_label",  # table_label:<label>, e.g. table_label:部门名称
    "cover",
    "running_header",
    "table_header",  # `<budget code>-<name> 单位：万元` above a table
    "table_title",
    "table_cell",  # table_cell:<label>, e.g. table_cell:部门名称
)
# The cover states the year the disclosure is for; table titles and TOCs sometimes carry a
# stale year copied from last year's template, so they come after the cover and the header.
YEAR_SOURCES = ("cover", "running_header", "table_title", "column_header", "label:年度", "text")
KIND_SOURCES = ("cover", "label:预算主管部门", "label:预算单位", "running_header", "table_title", "default")

DISCLOSURE_PARTS = DIM_DOCUMENT.column("disclosure_part").values

# Budget-table titles by family, as publishers print them: 收支总表 / 收支预算总表 / 财务收支预算总表 /
# 收支总体情况表 / 部门综合预算收支总表 are all the summary table. A title names its family anywhere
# in it (after 2026年, 部门, 市级部门, 预算单位 …).
BUDGET_TABLES = {
    "budget_summary": re.compile(r"(?<!拨款)收支(预算)?总(体情况)?表"),
    "revenue_summary": re.compile(r"收入(预算)?总(体情况)?表"),
    "expenditure_summary": re.compile(r"(?<!收入)支出(预算)?总(体情况)?表"),
    "fiscal_grants_summary": re.compile(r"财政拨款收支(预算)?总(体情况)?表"),
    "general_public_budget": re.compile(r"一般公共预算.*支出.*表"),
    "government_fund": re.compile(r"政府性基金.*表"),
    "state_capital": re.compile(r"国有资本经营.*表"),
    "three_public": re.compile(r"三公.*表"),
}

# A table states its money unit beside its title: 单位：万元, 单位:元, 金额单位：万元, （单位：万元）.
_MONEY_UNIT = re.compile(r"单位\s*[:：]\s*万?元|金额单位|单位\s*[(（]\s*万?元")
# A title is a short line ending in 表 (possibly followed by a parenthesised qualifier or 续).
_TITLE_END = re.compile(r"表(?:[（(][^）)]{0,20}[）)])*$")
_TITLE_MAX = 60
# What precedes the title proper: 一、 / （一） / 1. / 表1 / 表一 / 预算01表 / 公开01表 / 决算公开表1.
_TITLE_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]"
    r"|表[一二三四五六七八九十]+|表\d{1,2}|(?:预算|公开|决算公开)\d{1,2}表|(?:预算|决算)?公开表\d{0,2})*"
)
# A table of contents: a 目录 line, or several lines with dot leaders.
_LEADER = re.compile(r"[.…·]{4,}|…{2,}")
# Narrative section headings (on a page that is not a table of contents).
_NARRATIVE_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分[:：]?)?"
    r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．])?"
    r".{0,24}(?:概况|主要职能|主要职责|职能职责|部门职责|机构设置|情况说明|编制说明|名词解释|基本情况)$"
)
# A budget figure stated in prose: 预算 and an amount in 万元/元 in the same sentence.
_NARRATIVE_FIGURE = re.compile(r"预算[^。；！？]{0,40}?\d[\d,]*(?:\.\d+)?万?元")

# `<name>?<year>年(度)?<name>?(部门|单位)?预算|决算` as a whole line (or a few lines run together):
# the cover title, a running header. A name right before the kind word, or before the year.
_TITLE_LINE = re.compile(
    r"(?P<pre>[^\d]{0,40}?)(?P<year>20\d{2})年度?(?P<post>[^\d]{0,40}?)(?P<kind>部门|单位)?(?P<what>预算|决算)"
    r"(?:公开|公开说明|情况说明|编制说明|公开文本)?"
)
# 区级 / 市级 / 省级 / 县级 between the year and 部门预算 names the level of government, so the
# place before the year is not the department (上海市普陀区2026年区级部门预算).
_LEVEL = re.compile(r"^[省市区县镇乡]级$")

# Labels printed on tables with a colon; a budget code may precede the name (606-湖州市交通运输局).
_TABLE_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])(部门名称|单位名称|编制部门|编制单位|主管部门|部门)\s*[:：]\s*"
    r"(?:\d+\s*[-－—]\s*)?([^\s:：]+?)(?=\s|单位\s*[:：]|$)",
    re.M,
)
# The cover label naming the budget body.
_COVER_LABEL = re.compile(r"(?<![\u4e00-\u9fff])(预算主管部门|预算单位)\s*[:：]\s*(?:\d+\s*[-－—]\s*)?([^\s:：]+)")
# The same labels as table cells: label, whitespace, the name (an organisation's name, see _is_org).
_TABLE_CELL = re.compile(
    r"(?<![\u4e00-\u9fff])(部门名称|单位名称|编制部门|编制单位|主管部门|预算单位)\s+(?:\d+\s*[-－—]\s*)?(\S+)"
)
# A table header line naming the body by its budget code, then the unit: 606-湖州市交通运输局 单位：万元.
_CODE_NAME = re.compile(r"^\s*\d{3,}\s*[-－—]\s*(\S+?)\s+(?:金额)?单位\s*[:：]", re.M)
# A year label beside a table: （2026年度）, 预算年度：2026.
_YEAR_LABEL = re.compile(r"[（(]\s*(20\d{2})\s*年度\s*[）)]|预算年度\s*[:：]?\s*(20\d{2})")
_YEAR = re.compile(r"(20\d{2})\s*年")
# A column of a budget table headed with its year: 2026 年预算数, 2026年度预算.
_YEAR_COLUMN = re.compile(r"(20\d{2})\s*年度?\s*预算")

# How an organisation's name ends; a column header (合计, 项目名称, 科目编码) or a place does not.
_ORG_END = re.compile(
    r"(?:局|厅|委|委员会|办公室|办公厅|办事处|办|政府|中心|院|所|站|队|会|部|处|校|馆|社|署|团|公司|室|台|监狱|宫|园|场|组|庭|段|库)"
    r"(?:[（(](?:本级|汇总|机关)[）)])?$"
)
_NOT_NAME = re.compile(r"预算|决算|年度|\d{4}年|表|合计|总计|小计|部分|目录|单位[:：]|万元")


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str  # as printed, line ends unified to \n (text.unify_newlines)

    @cached_property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.split("\n") if line.strip()]

    @cached_property
    def compact_lines(self) -> list[str]:
        """Lines without spaces (the text layer puts spaces inside words: 2026 年度, 上海市 XX 局)."""
        return [unspaced(line) for line in self.lines]

    @cached_property
    def is_toc(self) -> bool:
        lines = self.compact_lines
        return "目录" in lines or sum(bool(_LEADER.search(line)) for line in lines) >= 3

    @cached_property
    def has_money_unit(self) -> bool:
        return bool(_MONEY_UNIT.search(self.text))

    @cached_property
    def titles(self) -> list[str]:
        """Table titles on the page, without their numbering (一、, 表1, 预算01表 …)."""
        if self.is_toc:
            return []
        titles = []
        for line in self.compact_lines:
            line = _LEADER.split(line)[0]
            if len(line) <= _TITLE_MAX and _TITLE_END.search(line):
                title = _TITLE_PREFIX.sub("", line)
                if len(title) >= 3:
                    titles.append(title)
        return titles

    @cached_property
    def budget_titles(self) -> list[str]:
        """Titles of budget tables (not 决算) on a page that prints a money unit: a budget table."""
        if not self.has_money_unit:
            return []
        return [t for t in self.titles if "决算" not in t and any(p.search(t) for p in BUDGET_TABLES.values())]

    @cached_property
    def final_accounts_titles(self) -> list[str]:
        """Titles of 决算 tables (收入支出决算总表, 2025年决算收支总表 …) on a page with a money unit."""
        if not self.has_money_unit:
            return []
        return [t for t in self.titles if "决算" in t]

    @cached_property
    def narrative_headings(self) -> list[str]:
        """Narrative section headings on a page of prose: a TOC (even a continuation page without
        目录 or dot leaders) lists the same headings but holds no sentence."""
        if self.is_toc or "。" not in self.text:
            return []
        return [
            line
            for line in self.compact_lines
            if len(line) <= 40 and not line.endswith("表") and _NARRATIVE_HEADING.match(line)
        ]

    @cached_property
    def prose(self) -> str:
        return unspaced(self.text)


@dataclass(frozen=True)
class Title:
    """A title line `<name?><year>年度<name?><部门|单位>预算|决算` as read from a page."""

    name: str | None
    year: int
    kind: str | None  # "department", "unit" or None when the title names neither
    what: str  # "预算" or "决算"
    page: int
    text: str


@dataclass(frozen=True)
class Stated:
    """One value of the identity and the source that stated it."""

    value: object
    source: str
    page: int | None = None


def read_pages(page_texts) -> list[Page]:
    # The text layer ends lines with \r\n. An ideographic space needs no folding: every pattern
    # here reads whitespace as \s, and names and titles are read without it (unspaced).
    return [Page(i + 1, unify_newlines(t)) for i, t in enumerate(page_texts)]


def clean_name(name: str) -> str:
    """The name as printed, without spaces, a leading budget code (606-) or trailing punctuation."""
    name = unspaced(name)
    name = re.sub(r"^\d+[-－—]", "", name)
    return name.strip("：:，,。;；")


def is_org_name(name: str) -> bool:
    """Does ``name`` read as an organisation's name (ends like one, is not a header or a title)?"""
    return 3 <= len(name) <= 40 and bool(_ORG_END.search(name)) and not _NOT_NAME.search(name)


# --------------------------------------------------------------------------------------------
# Titles: the cover and the running header
# --------------------------------------------------------------------------------------------


def _parse_title(text: str, page: int) -> Title | None:
    m = _TITLE_LINE.fullmatch(text)
    if m is None:
        return None
    pre, post = clean_name(m.group("pre")), clean_name(m.group("post"))
    if _LEVEL.match(post):
        name = None  # 上海市普陀区2026年区级部门预算: the place, not the department
    elif post:
        name = post
    else:
        name = pre
    if name is not None and not is_org_name(name):
        name = None
    kind = {"部门": "department", "单位": "unit"}.get(m.group("kind") or "")
    return Title(name=name, year=int(m.group("year")), kind=kind, what=m.group("what"), page=page, text=text)


def cover_title(pages: list[Page]) -> Title | None:
    """The title on the cover: the first lines of the first page that has text, run together
    (the title may wrap: ``2026 年度 / 泉州市公安局 / 部门预算``), as a whole title line."""
    cover = next((p for p in pages[:2] if p.compact_lines), None)
    if cover is None:
        return None
    lines = cover.compact_lines
    for start in range(min(2, len(lines))):
        for end in range(start + 1, min(start + 4, len(lines)) + 1):
            title = _parse_title("".join(lines[start:end]), cover.number)
            if title is not None:
                return title
    return None


def running_header(pages: list[Page]) -> Title | None:
    """A title line repeated among the first lines of at least a third of the pages (and 3)."""
    seen: Counter[str] = Counter()
    first_page: dict[str, int] = {}
    for page in pages:
        for line in dict.fromkeys(page.compact_lines[:3]):
            seen[line] += 1
            first_page.setdefault(line, page.number)
    for line, count in seen.most_common():
        if count < max(3, len(pages) / 3):
            break
        title = _parse_title(line, first_page[line])
        if title is not None:
            return title
    return None


def _table_pages(pages: list[Page]) -> list[Page]:
    return [p for p in pages if p.budget_titles or p.final_accounts_titles]


# --------------------------------------------------------------------------------------------
# What the file is and holds
# --------------------------------------------------------------------------------------------


def final_accounts_evidence(pages: list[Page]) -> str | None:
    """Why the file is a 决算 (final accounts) disclosure, or None.

    The cover title says 决算 (``2024 年度部门决算``), or the table titles do (``收入支出决算总表``)
    at least as often as they name budget tables. 决算 in prose (上年决算数, 预决算公开) is not enough.
    """
    cover = cover_title(pages)
    if cover is not None and cover.what == "决算":
        return f"the cover says {cover.text!r}"
    final = [t for p in pages for t in p.final_accounts_titles]
    budget = [t for p in pages for t in p.budget_titles]
    if final and len(final) >= len(budget):
        return f"its table titles say 决算 ({', '.join(dict.fromkeys(final[:4]))})"
    return None


def budget_table_titles(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, title) of every budget table: a budget-table title on a page with a money unit."""
    return [(p.number, t) for p in pages for t in p.budget_titles]


def narrative_budget_figures(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, phrase) where the prose of a page that is not a table states a budget figure."""
    found = []
    for p in pages:
        if p.is_toc or p.budget_titles:
            continue
        found += [(p.number, m.group(0)) for m in _NARRATIVE_FIGURE.finditer(p.prose)]
    return found


def narrative_sections(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, heading) of narrative sections: 部门概况, 主要职能, 预算情况说明 … outside a TOC."""
    return [(p.number, h) for p in pages for h in p.narrative_headings]


def disclosure_part(pages: list[Page]) -> str:
    """full (tables and narrative), tables (only budget tables) or narrative (only the text).

    Some departments publish the narrative (部门预算情况说明) and the tables (部门预算报表) as two
    files: each is one part of the same disclosure.
    """
    tables = bool(budget_table_titles(pages))
    narrative = bool(narrative_sections(pages))
    if tables and not narrative:
        return "tables"
    if narrative and not tables:
        return "narrative"
    if not tables and narrative_budget_figures(pages):
        return "narrative"
    return "full"


# --------------------------------------------------------------------------------------------
# Identity
# --------------------------------------------------------------------------------------------


def _most_frequent(found: list[tuple[str, str, int]]) -> Stated | None:
    """(value, label, page) statements -> the most frequent value, with the label that printed it most."""
    if not found:
        return None
    values = Counter(v for v, _, _ in found)
    # most frequent; ties go to the value printed first
    order = {v: i for i, (v, _, _) in reversed(list(enumerate(found)))}
    value = max(values, key=lambda v: (values[v], -order[v]))
    labels = Counter(label for v, label, _ in found if v == value)
    label = labels.most_common(1)[0][0]
    page = next(p for v, lab, p in found if v == value and lab == label)
    return Stated(value, f"{label}", page)


def name_statements(pages: list[Page]) -> dict[str, Stated]:
    """Every source that states the department's name: source family -> (name, exact source)."""
    stated: dict[str, Stated] = {}

    for page in pages[:2]:  # the cover label names the budget body
        for m in _COVER_LABEL.finditer(page.text):
            name = clean_name(m.group(2))
            if is_org_name(name):
                stated.setdefault(f"label:{m.group(1)}", Stated(name, f"label:{m.group(1)}", page.number))

    labels = []
    for page in pages:
        for m in _TABLE_LABEL.finditer(page.text):
            name = clean_name(m.group(2))
            if name and re.search(r"[\u4e00-\u9fff]", name) and not _NOT_NAME.search(name):
                labels.append((name, f"table_label:{m.group(1)}", page.number))
    if (best := _most_frequent(labels)) is not None:
        stated["table_label"] = best

    for family, title in (("cover", cover_title(pages)), ("running_header", running_header(pages))):
        if title is not None and title.name:
            stated[family] = Stated(title.name, family, title.page)

    headers = [
        (clean_name(m.group(1)), "table_header", page.number)
        for page in pages
        for m in _CODE_NAME.finditer(page.text)
        if is_org_name(clean_name(m.group(1)))
    ]
    if (best := _most_frequent(headers)) is not None:
        stated["table_header"] = best

    named_titles = []
    for page in _table_pages(pages):
        for t in page.titles:
            m = re.match(r"(?P<name>[^\d]{3,40}?)20\d{2}年度?", t)
            if m and is_org_name(clean_name(m.group("name"))):
                named_titles.append((clean_name(m.group("name")), "table_title", page.number))
    if (best := _most_frequent(named_titles)) is not None:
        stated["table_title"] = best

    cells = []
    for page in pages:
        if page.is_toc:
            continue
        for line in page.lines:
            for m in _TABLE_CELL.finditer(line):
                name = clean_name(m.group(2))
                if is_org_name(name):
                    cells.append((name, f"table_cell:{m.group(1)}", page.number))
    if (best := _most_frequent(cells)) is not None:
        stated["table_cell"] = best
    return stated


def department_name(pages: list[Page]) -> Stated | None:
    """The department's name as printed, from the most reliable source that states it."""
    stated = name_statements(pages)
    return next((stated[s] for s in NAME_SOURCES if s in stated), None)


def year_statements(pages: list[Page]) -> dict[str, Stated]:
    stated: dict[str, Stated] = {}
    for family, title in (("cover", cover_title(pages)), ("running_header", running_header(pages))):
        if title is not None:
            stated[family] = Stated(title.year, family, title.page)
    # Titles on the table pages: 2026年部门收支总体情况表, and section titles printed there
    # (第二部分 2026年部门预算表); the TOC, which may carry last year's titles, is not among them.
    years = [
        (int(m.group(1)), "table_title", page.number)
        for page in pages
        if page.budget_titles
        for t in page.titles
        if "预算" in t or t in page.budget_titles
        if (m := _YEAR.search(t))
    ]
    if (best := _most_frequent(years)) is not None:
        stated["table_title"] = best
    labelled = [
        (int(m.group(1) or m.group(2)), "label:年度", page.number)
        for page in pages
        if not page.is_toc
        for m in _YEAR_LABEL.finditer(page.text)
    ]
    if (best := _most_frequent(labelled)) is not None:
        stated["label:年度"] = best
    columns = [
        (int(m.group(1)), "column_header", page.number)
        for page in pages
        if page.budget_titles
        for m in _YEAR_COLUMN.finditer(page.text)
    ]
    if (best := _most_frequent(columns)) is not None:
        stated["column_header"] = best
    # Last resort: the year the text mentions most (prose compares with last year, but names
    # the budget year in nearly every sentence); tables of contents left out.
    mentioned = [
        (int(m.group(1)), "text", page.number) for page in pages if not page.is_toc for m in _YEAR.finditer(page.text)
    ]
    if (best := _most_frequent(mentioned)) is not None:
        stated["text"] = best
    return stated


def fiscal_year(pages: list[Page]) -> Stated | None:
    """The budget year: the cover's, else the running header's, else the table titles' …"""
    stated = year_statements(pages)
    return next((stated[s] for s in YEAR_SOURCES if s in stated), None)


def kind_statements(pages: list[Page]) -> dict[str, Stated]:
    stated: dict[str, Stated] = {}
    for family, title in (("cover", cover_title(pages)), ("running_header", running_header(pages))):
        if title is not None and title.kind is not None:
            stated[family] = Stated(title.kind, family, title.page)
    for page in pages[:2]:
        for m in _COVER_LABEL.finditer(page.text):
            kind = "department" if m.group(1) == "预算主管部门" else "unit"
            stated.setdefault(f"label:{m.group(1)}", Stated(kind, f"label:{m.group(1)}", page.number))
    kinds = []
    for page in _table_pages(pages):
        for t in page.budget_titles:
            body = re.sub(r"^20\d{2}年度?", "", t)
            if body.startswith(("预算单位", "单位")):
                kinds.append(("unit", "table_title", page.number))
            elif "部门" in body:
                kinds.append(("department", "table_title", page.number))
    if (best := _most_frequent(kinds)) is not None:
        stated["table_title"] = best
    stated["default"] = Stated("department", "default")
    return stated


def document_kind(pages: list[Page]) -> Stated:
    """unit when the disclosure says it is a 单位预算 (cover, 预算单位： label, 预算单位…表 titles)."""
    stated = kind_statements(pages)
    return next(stated[s] for s in KIND_SOURCES if s in stated)
