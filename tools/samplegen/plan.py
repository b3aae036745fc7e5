"""What each seed block is in the printed document, and where pages break.

``plan(blocks)`` walks the seed blocks once and returns ``Item``s: a role (cover line, TOC
line, heading, table label/title/meta line, note, body text, table, ...), the zone of the
document it belongs to, and whether it starts a new page. Page orientation is left to the
layout (see layouts.py): the plan only says which zone an item is in and how wide its tables
are.

Zones follow the disclosure's parts: ``front`` (cover + table of contents), ``part1`` (概况),
``tables`` (第二部分, the standard tables), ``part3`` (情况说明, with the performance-target
tables), ``attachment`` (政府购买服务指导性目录), ``part4`` (名词解释).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.seed_text import Block, Table

PART = re.compile(r"^第([一二三四五六七八九十]+)部分")
_PART_ZONE = {"一": "part1", "二": "tables", "三": "part3", "四": "part4"}
TABLE_LABEL = re.compile(r"^(预算|决算|部门)公开表\s*\d+$")
TABLE_TITLE = re.compile(r"^\d{4}年.*(表|目录)(（[^）]*）|\([^)]*\))?$")
META = re.compile(r"^(部门名称|编制单位|编制部门|单位)\s*[:：]")
META_SPLIT = re.compile(r"^((?:部门名称|编制单位|编制部门)\s*[:：].*?)\s*(单位\s*[:：].*)$")
PERF_TITLE = re.compile(r"绩效目标表$")
PERF_YEAR = re.compile(r"^[(（]\d{4}年度[)）]$")
PAGE_ARTEFACT = re.compile(r"^[—\-–]\s*\d+\s*[—\-–]$")
TOC_TRAILING_DOTS = re.compile(r"[.．·…\s]+$")
TOC_PARAGRAPH = re.compile(r"^(.*?\S)\s+(\d{1,3})$")
MD_SEPARATOR = re.compile(r"^[-:|\s]+$")


def heading_level(text: str) -> int:
    """Section heading level of a narrative paragraph (0: body text)."""
    if text.endswith("。") or len(text) > 32:
        return 0
    if re.match(r"^[一二三四五六七八九十]+、", text):
        return 2
    if re.match(r"^[（(][一二三四五六七八九十]+[）)]", text) and len(text) <= 30:
        return 3
    if re.match(r"^\d{1,2}、", text) and len(text) <= 20:
        return 3
    return 0


@dataclass
class Item:
    role: str
    text: str = ""
    zone: str = "front"
    new_page: bool = False
    table: Table | None = None
    table_kind: str = ""  # budget | perf | catalogue | plain
    page: str = ""  # a TOC line's page number
    level: int = 0  # TOC line indent level / heading level
    extra: dict = field(default_factory=dict)

    @property
    def width(self) -> int:
        return self.table.width if self.table is not None else 0


def _strip_markdown(text: str) -> str:
    text = re.sub(r"^[-*]\s+", "", text)  # markdown bullet
    return text


def toc_entry(cells: list[str]) -> tuple[str, str]:
    label = TOC_TRAILING_DOTS.sub("", cells[0]).strip()
    page = cells[1].strip() if len(cells) > 1 else ""
    return label, page


def plan(blocks: list[Block]) -> list[Item]:
    items: list[Item] = []
    zone = "front"
    seen_toc = False
    in_attachment_toc = False

    def add(role: str, text: str = "", **kw) -> Item:
        it = Item(role=role, text=text, zone=zone, **kw)
        items.append(it)
        return it

    def prev_role() -> str:
        return items[-1].role if items else ""

    for block in blocks:
        if isinstance(block, Table):
            rows = [r for r in block.rows if not all(MD_SEPARATOR.match(c) or not c for c in r)]
            if zone == "front" and seen_toc and block.width == 2:
                breaks = set(block.page_breaks)
                for i, row in enumerate(block.rows):
                    label, page = toc_entry(row)
                    level = 0 if PART.match(label) else 1
                    add("toc_line", label, page=page, level=level, new_page=i in breaks)
                continue
            if block.width <= 2:
                kept = Table(rows=rows, page_breaks=[])
                add("plain_rows", table=kept, table_kind="plain")
                continue
            if zone == "tables":
                kind = "budget"
            elif zone == "attachment":
                kind = "catalogue"
            elif prev_role() in ("perf_title", "perf_year"):
                kind = "perf"
            else:
                kind = "form"
            add("table", table=block, table_kind=kind)
            continue

        text = _strip_markdown(block.text)
        is_list_item = text != block.text
        squashed = text.replace(" ", "")
        if not squashed or PAGE_ARTEFACT.match(text):
            continue
        if zone == "front" and not seen_toc:
            if squashed == "目录":
                seen_toc = True
                add("toc_heading", text, new_page=True)
            else:
                add("cover", text)
            continue

        m = PART.match(text)
        if m:
            zone = _PART_ZONE.get(m.group(1), zone)
            add("part", text, new_page=True, level=1)
            in_attachment_toc = False
            continue

        if zone == "tables":
            if TABLE_LABEL.match(squashed):
                add("table_label", text, new_page=prev_role() != "part")
            elif TABLE_TITLE.match(squashed) and not META.match(text):
                add("table_title", text, new_page=prev_role() not in ("part", "table_label"))
            elif META.match(text):
                add("table_meta", text)
            elif text.startswith("注"):
                add("note", text)
            else:
                add("body", text)
            continue

        if zone == "part3" and text == "山西省财政厅文件":
            zone = "attachment"
        if zone == "attachment":
            if squashed == "目录":
                add("toc_heading", text, new_page=True)
                in_attachment_toc = True
                continue
            if in_attachment_toc:
                mt = TOC_PARAGRAPH.match(text)
                if mt:
                    add("toc_line", mt.group(1), page=mt.group(2), level=0)
                    continue
                in_attachment_toc = False
            if text == "山西省财政厅文件":
                add("red_head", text, new_page=True)
            elif re.match(r"^晋财\S*〔\d{4}〕\d+号$", squashed):
                add("doc_number", text)
            elif squashed.endswith("的通知"):
                add("doc_title", text)
            elif squashed.endswith("指导性目录") and len(squashed) < 30:
                add("doc_title", text, new_page=True)
            else:
                add("body", text)
            continue

        if zone == "part3":
            if PERF_TITLE.search(squashed) and len(squashed) < 40:
                add("perf_title", text, new_page=True)
                continue
            if PERF_YEAR.match(squashed):
                add("perf_year", text, new_page=prev_role() != "perf_title")
                continue

        if zone in ("part1", "part3") and not is_list_item:
            level = heading_level(text)
            if level:
                add("heading", text, level=level)
                continue
        add("body", text)
    return items


@dataclass
class StandardTable:
    """One table of 第二部分 with the lines printed around it."""

    label: str
    title: str
    meta: list[str]
    table: Table
    notes: list[str]


def standard_tables(items: list[Item]) -> list[StandardTable]:
    """The budget tables of 第二部分, in order, with their title / meta / note lines."""
    out: list[StandardTable] = []
    label, title, meta = "", "", []
    for it in items:
        if it.zone != "tables":
            continue
        if it.role == "table_label":
            label, title, meta = it.text, "", []
        elif it.role == "table_title":
            title, meta = it.text, []
        elif it.role == "table_meta":
            meta.append(it.text)
        elif it.role == "table" and it.table_kind == "budget":
            out.append(StandardTable(label, title, meta, it.table, []))
            label, title, meta = "", "", []
        elif it.role == "note" and out:
            out[-1].notes.append(it.text)
    return out
