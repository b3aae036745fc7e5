"""Bordered Word tables written as raw WordprocessingML (python-docx's cell API is far too
slow for catalogue tables of ~2000 rows).

Every cell border is a real line (``w:tblBorders`` single 0.5 pt): LibreOffice prints them
as vector strokes, which is what camelot's lattice mode looks for.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml import parse_xml

from .headers import Span, is_column_number_row
from .seed_cells import display_width, is_numberish

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CELL_MARGIN = 108  # twips: Word's default 0.19 cm left/right cell margin
CELL_PAD = 15  # twips top/bottom
BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


def column_widths(
    rows: list[list[str]],
    n_header: int,
    font_pt: float,
    avail: int,
    text_cap_em: float,
    min_text_em: float = 4.0,
    spanned: set[tuple[int, int]] | None = None,
    number_fit: float = 1.0,
) -> list[int]:
    """Column widths in twips.

    Number columns get the width of their longest number (they must never wrap: "31996. 59"
    would break at its space). Text columns get the width of their longest text, capped at
    ``text_cap_em`` so that long names wrap onto two lines as in the originals. Spare width
    goes to the columns that are not capped; if the table is too wide, text columns shrink
    first. Cells in ``spanned`` (row, col) span several columns and do not size a column.
    """
    width = max(len(r) for r in rows)
    first_data = n_header if n_header < len(rows) else 0
    spanned = spanned or set()
    em = font_pt * 20  # twips per em
    pad = 2 * CELL_MARGIN + 40
    need: list[float] = []
    capped: list[bool] = []
    numeric: list[bool] = []
    for c in range(width):
        texts = [
            row[c]
            for i, row in enumerate(rows[first_data:], first_data)
            if c < len(row) and row[c].strip() and (i, c) not in spanned
        ]
        num = bool(texts) and all(is_numberish(t) for t in texts)
        longest = max((display_width(t) for t in texts), default=2.0)
        head = max((display_width(rows[r][c]) for r in range(n_header) if c < len(rows[r])), default=0)
        if num:
            floor = 2.0 if longest <= 1.7 else 4.0  # 类/款/项 code columns ("03") may be narrow
            w = max(longest, floor, min(head, 5.0))
            # too narrow for the longest numbers: they wrap (and the column does not grow back)
            cap = number_fit < 1.0 and longest > 4.0
            if cap:
                w = max(longest * number_fit, 2.5)
        else:
            w = max(min(longest, text_cap_em), min(head, text_cap_em / 2), min_text_em)
            cap = longest > text_cap_em
        need.append(w * em + pad)
        capped.append(cap)
        numeric.append(num)
    total = sum(need)
    if total < avail:
        grow = [i for i in range(width) if not capped[i]] or list(range(width))
        spare = avail - total
        base = sum(need[i] for i in grow)
        for i in grow:
            need[i] += spare * need[i] / base
    elif total > avail:
        over = total - avail
        text_cols = [i for i in range(width) if not numeric[i]]
        room = sum(max(0.0, need[i] - min_text_em * em - pad) for i in text_cols)
        if room > 0:
            take = min(over, room)
            for i in text_cols:
                r = max(0.0, need[i] - min_text_em * em - pad)
                need[i] -= take * r / room
            over -= take
        if over > 0:
            scale = avail / sum(need)
            need = [n * scale for n in need]
    widths = [int(n) for n in need]
    widths[-1] += avail - sum(widths) if abs(avail - sum(widths)) < 50 else 0
    return widths


def _run(text: str, bold: bool) -> str:
    if not text:
        return ""
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def table_xml(
    rows: list[list[str]],
    widths: list[int],
    *,
    style_id: str,
    n_header: int,
    spans: list[Span],
    repeat_header: bool,
    header_bold: bool,
    row_height: int,
    kind: str,
) -> str:
    """One ``w:tbl`` element. ``rows`` are already the printed cell texts; ``n_header``
    leading rows are header rows (centred; spans only apply there)."""
    width = len(widths)
    span_at = {(s.row, s.col): s for s in spans}
    covered: dict[tuple[int, int], Span] = {}
    for s in spans:
        for r in range(s.row, s.row + s.rowspan):
            for c in range(s.col, s.col + s.colspan):
                if (r, c) != (s.row, s.col):
                    covered[(r, c)] = s
    borders = "".join(BORDER.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [
        f"<w:tbl {W_NS}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{CELL_PAD}" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:bottom w:w="{CELL_PAD}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    ]
    for r, row in enumerate(rows):
        header = r < n_header
        colnum_row = header and is_column_number_row(row)
        trpr = f'<w:cantSplit/><w:trHeight w:val="{row_height}" w:hRule="atLeast"/>'
        if header and repeat_header:
            trpr += "<w:tblHeader/>"
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>")
        c = 0
        while c < width:
            cov = covered.get((r, c))
            if cov is not None and cov.row != r:
                # continuation of a vertical merge: an empty cell marked vMerge=continue
                span_w = sum(widths[c : c + cov.colspan])
                grid = f'<w:gridSpan w:val="{cov.colspan}"/>' if cov.colspan > 1 else ""
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{span_w}" w:type="dxa"/>{grid}<w:vMerge/>'
                    f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr></w:p></w:tc>'
                )
                c += cov.colspan
                continue
            s = span_at.get((r, c))
            colspan = s.colspan if s else 1
            text = row[c] if c < len(row) else ""
            span_w = sum(widths[c : c + colspan])
            tcpr = f'<w:tcW w:w="{span_w}" w:type="dxa"/>'
            if colspan > 1:
                tcpr += f'<w:gridSpan w:val="{colspan}"/>'
            if s and s.rowspan > 1:
                tcpr += '<w:vMerge w:val="restart"/>'
            tcpr += '<w:vAlign w:val="center"/>'
            if header or colnum_row:
                jc = "center"
            elif kind == "budget" and is_numberish(text) and "." in text:
                jc = "right"
            elif kind in ("perf",) and len(text) <= 8:
                jc = "center"
            else:
                jc = "left"
            bold = header and header_bold and not colnum_row
            out.append(
                f'<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>'
                f'<w:jc w:val="{jc}"/></w:pPr>{_run(text, bold)}</w:p></w:tc>'
            )
            c += colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def table_element(*args, **kwargs):
    return parse_xml(table_xml(*args, **kwargs))
