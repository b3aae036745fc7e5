"""Write a document plan (plan.py) as a Word document, the way a department would: cover,
table of contents with dot leaders, headings, body text, bordered tables with merged header
cells, page numbers in the footer, landscape sections for wide tables.
"""

from __future__ import annotations

import datetime as dt
import re

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from tools.seed_text import Table

from .docx_tables import column_widths, table_element
from .headers import Span, form_spans, header_row_count, header_spans
from .layouts import CM, Layout
from .plan import META_SPLIT, Item
from .seed_cells import printed_rows

FIXED_DATE = dt.datetime(2026, 1, 15, 9, 0, 0)
_BOLD_MD = re.compile(r"\*\*(.+?)\*\*")


def _set_fonts(rpr, name: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


class DocWriter:
    def __init__(self, layout: Layout, *, title: str = "", author: str = ""):
        self.L = layout
        self.doc = Document()
        cp = self.doc.core_properties
        cp.title, cp.author, cp.last_modified_by = title, author, author
        cp.created = cp.modified = FIXED_DATE
        cp.revision = 1
        self.landscape = False
        self.body_started = False
        self.break_pending = False
        self._styles()
        self._page_setup(self.doc.sections[0], landscape=False)

    # ---------------------------------------------------------------- styles
    def _styles(self) -> None:
        L, st = self.L, self.doc.styles
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr, L.serif)
        _lang(rpr)
        normal = st["Normal"]
        normal.font.size = Pt(L.body_pt)
        _set_fonts(normal.element.get_or_add_rPr(), L.serif)
        pf = normal.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing = 1.5
        pf.widow_control = True

        def pstyle(
            name,
            *,
            size,
            font=None,
            bold=False,
            align=None,
            before=0,
            after=0,
            line=None,
            exact=None,
            outline=None,
            indent_first=None,
            color=None,
        ):
            s = st.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            s.base_style = normal
            s.font.size = Pt(size)
            s.font.bold = bold
            if color:
                s.font.color.rgb = color
            _set_fonts(s.element.get_or_add_rPr(), font or L.serif)
            f = s.paragraph_format
            f.space_before, f.space_after = Pt(before), Pt(after)
            if exact:
                f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                f.line_spacing = Pt(exact)
            elif line:
                f.line_spacing = line
            if align is not None:
                f.alignment = align
            if indent_first is not None:
                f.first_line_indent = Pt(indent_first)
            if outline is not None:
                ppr = s.element.get_or_add_pPr()
                ol = OxmlElement("w:outlineLvl")
                ol.set(qn("w:val"), str(outline))
                ppr.append(ol)
            return s

        C, R, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
        pstyle("Body", size=L.body_pt, align=J, indent_first=2 * L.body_pt)
        pstyle("ListItem", size=L.body_pt, align=J, indent_first=2 * L.body_pt)
        pstyle("CoverDept", size=22, font=L.sans, bold=True, align=C, before=200, after=24, line=1.2)
        pstyle("CoverTitle", size=30, font=L.sans, bold=True, align=C, before=12, after=12, line=1.2)
        pstyle("TocHeading", size=18, font=L.sans, bold=True, align=C, before=12, after=18)
        pstyle("TocLine", size=L.body_pt, exact=round(L.body_pt * 1.75, 1))
        pstyle("PartHeading", size=L.title_pt, font=L.sans, bold=True, align=C, before=6, after=12, outline=0)
        pstyle(
            "SectionHeading",
            size=L.heading_pt,
            font=L.sans,
            bold=True,
            before=6,
            after=3,
            outline=1,
            indent_first=2 * L.body_pt,
        )
        pstyle("SubHeading", size=L.body_pt, bold=True, before=3, after=0, outline=2, indent_first=2 * L.body_pt)
        pstyle("TableLabel", size=10, line=1.2)
        pstyle("TableTitle", size=L.title_pt, font=L.sans, bold=True, align=C, before=6, after=6, line=1.2, outline=1)
        pstyle("TableMeta", size=10, line=1.3)
        pstyle("TableMetaRight", size=10, align=R, line=1.3)
        pstyle("TableNote", size=9, before=3, line=1.3)
        pstyle("TableText", size=L.table_pt, exact=round(L.table_pt * 1.3, 1))
        pstyle("PerfText", size=L.perf_pt, exact=round(L.perf_pt * 1.3, 1))
        pstyle("PerfTitle", size=L.heading_pt, font=L.sans, bold=True, align=C, before=0, after=2, line=1.2)
        pstyle("PerfYear", size=11, align=C, after=6, line=1.2)
        pstyle(
            "RedHead",
            size=28,
            font=L.sans,
            bold=True,
            align=C,
            before=60,
            after=18,
            line=1.2,
            color=RGBColor(0xE0, 0x00, 0x00),
        )
        pstyle("DocNumber", size=L.body_pt, align=C, after=12)
        pstyle("DocTitle", size=L.title_pt, font=L.sans, bold=True, align=C, before=6, after=12, line=1.3)
        pstyle("Imprint", size=10, line=1.5)
        tiny = pstyle("Tiny", size=1, exact=1)
        tiny.font.size = Pt(1)
        footer = st["Footer"]
        footer.font.size = Pt(10)
        _set_fonts(footer.element.get_or_add_rPr(), L.serif)

    # ---------------------------------------------------------------- pages
    def _page_setup(self, section, *, landscape: bool) -> None:
        L = self.L
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        w, h = L.page_size_cm(landscape)
        section.page_width, section.page_height = Cm(w), Cm(h)
        section.top_margin = Cm(L.margin_top_cm)
        section.bottom_margin = Cm(L.margin_bottom_cm)
        section.left_margin = section.right_margin = Cm(L.margin_side_cm)
        section.header_distance = Cm(1.0)
        section.footer_distance = Cm(0.9)

    def _last_p(self):
        return self.doc.element.body.xpath("./w:p")[-1]

    def new_section(self, *, landscape: bool, body_start: bool = False) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        brk = self._last_p()
        ppr = brk.get_or_add_pPr()
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), "Tiny")
        ppr.insert(0, ps)
        sectpr = section._sectPr
        for el in sectpr.findall(qn("w:pgNumType")):
            sectpr.remove(el)
        self._page_setup(section, landscape=landscape)
        self.landscape = landscape
        self.break_pending = False
        if body_start:
            self.body_started = True
            if self.L.restart_numbering:
                pg = OxmlElement("w:pgNumType")
                pg.set(qn("w:start"), "1")
                sectpr.append(pg)
            self._footer(section)

    def _footer(self, section) -> None:
        footer = section.footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = self.doc.styles["Footer"]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if self.L.name == "A" else WD_ALIGN_PARAGRAPH.RIGHT
        prefix, suffix = self.L.page_number_format.split("{}")
        p.add_run(prefix)
        for xml in (
            '<w:r %s><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r %s><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
            '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>',
            "<w:r %s><w:t>1</w:t></w:r>",
            '<w:r %s><w:fldChar w:fldCharType="end"/></w:r>',
        ):
            p._p.append(parse_xml(xml % 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'))
        p.add_run(suffix)

    def page_break(self) -> None:
        self.break_pending = True

    def text_width(self) -> int:
        return self.L.text_width_twips(self.landscape)

    # ---------------------------------------------------------------- blocks
    def para(
        self,
        text: str,
        style: str,
        *,
        align=None,
        tabs: list[tuple[int, str]] | None = None,
        bold: bool | None = None,
        indent_left_pt: float | None = None,
    ):
        p = self.doc.add_paragraph(style=style)
        if self.break_pending:
            p.paragraph_format.page_break_before = True
            self.break_pending = False
        if align is not None:
            p.alignment = align
        if indent_left_pt is not None:
            p.paragraph_format.left_indent = Pt(indent_left_pt)
        for pos, kind in tabs or []:
            align_ = WD_TAB_ALIGNMENT.RIGHT
            leader = WD_TAB_LEADER.DOTS if kind == "dots" else WD_TAB_LEADER.SPACES
            p.paragraph_format.tab_stops.add_tab_stop(Twips(pos), align_, leader)
        pos = 0
        for m in _BOLD_MD.finditer(text):
            if m.start() > pos:
                r = p.add_run(text[pos : m.start()])
                if bold is not None:
                    r.bold = bold
            p.add_run(m.group(1)).bold = True
            pos = m.end()
        if pos < len(text):
            r = p.add_run(text[pos:])
            if bold is not None:
                r.bold = bold
        return p

    def tiny_break(self) -> None:
        p = self.doc.add_paragraph(style="Tiny")
        if self.break_pending:
            p.paragraph_format.page_break_before = True
            self.break_pending = False

    def table(self, table: Table, kind: str) -> None:
        L = self.L
        rows = printed_rows(table.rows)
        if kind == "budget":
            n_header = header_row_count(table.rows)
            # unmerged: every header cell drawn on its own, a group heading in its first column
            spans = header_spans(table.rows, n_header) if L.merge_header else []
        elif kind == "catalogue":
            n_header, spans = 1, []
        elif kind == "perf":
            n_header, spans = 0, form_spans(table.rows)
        else:
            n_header, spans = 0, []
        font_pt = L.perf_pt if kind in ("perf", "form") else L.table_pt
        cap = L.text_cap_em if kind == "budget" else (L.text_cap_em + 6 if kind == "catalogue" else 12)
        spanned = {(s.row, s.col) for s in spans if s.colspan > 1}
        widths = column_widths(
            rows,
            n_header,
            font_pt,
            self.text_width(),
            cap,
            spanned=spanned,
            number_fit=L.number_fit if kind == "budget" else 1.0,
        )
        style_id = "PerfText" if kind in ("perf", "form") else "TableText"
        if L.keep_seed_breaks or kind != "budget":
            cuts = [0, *table.page_breaks, len(rows)]
        else:
            cuts = [0, len(rows)]
        for i, (a, b) in enumerate(zip(cuts, cuts[1:])):
            if b <= a:
                continue
            if i > 0:
                self.page_break()
            # a table needs a paragraph before it: for the page break, and so that two
            # consecutive tables are not joined into one
            self.tiny_break()
            seg_header = max(0, min(n_header, b) - a) if a < n_header else 0
            seg_spans = [
                Span(s.row - a, s.col, s.rowspan, s.colspan) for s in spans if a <= s.row and s.row + s.rowspan <= b
            ]
            seg_rows = rows[a:b]
            if a >= n_header > 0 and L.repeat_header and kind == "budget":
                # a forced break in a table whose header repeats: print the header again
                seg_rows = rows[:n_header] + seg_rows
                seg_header = n_header
                seg_spans = [s for s in spans if s.row + s.rowspan <= n_header] + [
                    Span(s.row - a + n_header, s.col, s.rowspan, s.colspan) for s in seg_spans
                ]
            el = table_element(
                seg_rows,
                widths,
                style_id=style_id,
                n_header=seg_header,
                spans=seg_spans,
                repeat_header=L.repeat_header and kind in ("budget", "catalogue"),
                header_bold=L.header_bold,
                row_height=int(L.row_height_cm * CM),
                kind=kind,
            )
            self.doc.element.body._insert_tbl(el)

    def save(self, path) -> None:
        self.doc.save(str(path))


# -------------------------------------------------------------------- rendering a plan
def _group_landscape(layout: Layout, group: list[Item]) -> bool:
    if layout.landscape_tables_zone:
        return any(it.zone == "tables" for it in group)
    if layout.landscape_min_cols is None:
        return False
    return any(
        it.role == "table" and it.table_kind == "budget" and it.width >= layout.landscape_min_cols for it in group
    )


def _groups(items: list[Item]) -> list[list[Item]]:
    groups: list[list[Item]] = []
    for it in items:
        if it.new_page or not groups:
            groups.append([])
        groups[-1].append(it)
    return groups


def render(items: list[Item], layout: Layout, *, title: str, author: str) -> DocWriter:
    w = DocWriter(layout, title=title, author=author)
    first_group = True
    cover_seen = 0
    for group in _groups(items):
        landscape = _group_landscape(layout, group)
        body_start = not w.body_started and group[0].zone != "front"
        if first_group:
            first_group = False
        elif body_start or landscape != w.landscape:
            w.new_section(landscape=landscape, body_start=body_start)
        else:
            w.page_break()
        for it in group:
            _render_item(w, it, cover_seen)
            if it.role == "cover":
                cover_seen += 1
    return w


def _render_item(w: DocWriter, it: Item, cover_seen: int) -> None:
    L = w.L
    role = it.role
    if role == "cover":
        w.para(it.text, "CoverDept" if cover_seen == 0 else "CoverTitle")
    elif role == "toc_heading":
        w.para(it.text, "TocHeading")
    elif role == "toc_line":
        text = f"{it.text}\t{it.page}" if it.page else it.text
        w.para(
            text,
            "TocLine",
            tabs=[(w.text_width() - 10, "dots")],
            bold=it.level == 0 and it.zone == "front",
            indent_left_pt=(2 * L.body_pt if it.level else 0),
        )
    elif role == "part":
        w.para(it.text, "PartHeading")
    elif role == "heading":
        w.para(it.text, "SectionHeading" if it.level <= 2 else "SubHeading")
    elif role == "table_label":
        w.para(it.text, "TableLabel")
    elif role == "table_title":
        w.para(it.text, "TableTitle")
    elif role == "table_meta":
        m = META_SPLIT.match(it.text)
        if m:
            w.para(f"{m.group(1)}\t{m.group(2)}", "TableMeta", tabs=[(w.text_width() - 10, "spaces")])
        elif re.match(r"^单位\s*[:：]", it.text):
            w.para(it.text, "TableMetaRight")
        else:
            w.para(it.text, "TableMeta")
    elif role == "note":
        w.para(it.text, "TableNote")
    elif role == "perf_title":
        w.para(it.text, "PerfTitle")
    elif role == "perf_year":
        w.para(it.text, "PerfYear")
    elif role == "red_head":
        w.para(it.text, "RedHead")
    elif role == "doc_number":
        w.para(it.text, "DocNumber")
    elif role == "doc_title":
        w.para(it.text, "DocTitle")
    elif role == "plain_rows":
        for row in it.table.rows:
            cells = [c for c in row if c]
            w.para("\t".join(cells), "Imprint", tabs=[(w.text_width() - 10, "spaces")])
    elif role == "table":
        w.table(it.table, it.table_kind)
    else:
        w.para(it.text, "Body")
