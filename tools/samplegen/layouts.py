"""Page layouts of the samples.

Layout A is how the departments print their disclosures: A4 portrait, a 宋体-like serif
(Noto Serif CJK SC) for text and tables, 黑体-like sans (Noto Sans CJK SC) for titles, wide
tables (≥ 8 columns: 表二, 表九) on landscape pages (the 7-column 表四 and 表十二 stay
portrait: the rows per page of the originals' breaks only fit a portrait page), the
original page breaks kept, continuation pages without a repeated header.

Layout B is a robustness variant: WenQuanYi Micro Hei everywhere, the whole table section
(第二部分) on landscape pages, header rows repeated on every page of a table (Word's
"repeat as header row"), tables flowing over pages on their own (the seed's page breaks are
not forced), narrower text columns that wrap more, other font sizes and margins.
"""

from __future__ import annotations

from dataclasses import dataclass

CM = 567  # twips per cm (1440 per inch / 2.54)


@dataclass(frozen=True)
class Layout:
    name: str
    serif: str
    sans: str
    body_pt: float
    table_pt: float
    perf_pt: float
    heading_pt: float
    title_pt: float
    margin_top_cm: float
    margin_bottom_cm: float
    margin_side_cm: float
    text_cap_em: float  # a text column of a budget table is at most this wide: longer names wrap
    landscape_min_cols: int | None  # A: landscape pages for tables this wide
    landscape_tables_zone: bool  # B: the whole 第二部分 on landscape pages
    keep_seed_breaks: bool  # force the original page breaks inside budget tables
    repeat_header: bool
    header_bold: bool
    page_number_format: str  # "{}" is the PAGE field
    restart_numbering: bool  # body pages numbered from 1 after cover + TOC
    row_height_cm: float
    # The dimensions below default to what layouts A and B print; the randomised layouts of
    # tools/samplegen/fuzz.py draw them.
    page_w_cm: float = 21.0  # portrait width (A4; US letter is 21.59 x 27.94)
    page_h_cm: float = 29.7
    merge_header: bool = True  # header cells spanning columns/rows drawn as merged cells
    number_fit: float = 1.0  # number columns get this share of their longest number (< 1: numbers wrap)

    def page_size_cm(self, landscape: bool) -> tuple[float, float]:
        w, h = self.page_w_cm, self.page_h_cm
        return (h, w) if landscape else (w, h)

    def text_width_twips(self, landscape: bool) -> int:
        page_w = self.page_size_cm(landscape)[0]
        return int((page_w - 2 * self.margin_side_cm) * CM)


LAYOUT_A = Layout(
    name="A",
    serif="Noto Serif CJK SC",
    sans="Noto Sans CJK SC",
    body_pt=12,
    table_pt=9,
    perf_pt=8,
    heading_pt=14,
    title_pt=16,
    margin_top_cm=2.2,
    margin_bottom_cm=2.0,
    margin_side_cm=2.0,
    text_cap_em=13,
    landscape_min_cols=8,
    landscape_tables_zone=False,
    keep_seed_breaks=True,
    repeat_header=False,
    header_bold=False,
    page_number_format="- {} -",
    restart_numbering=True,
    row_height_cm=0.45,
)

LAYOUT_B = Layout(
    name="B",
    serif="WenQuanYi Micro Hei",
    sans="WenQuanYi Micro Hei",
    body_pt=11,
    table_pt=10,
    perf_pt=9,
    heading_pt=13,
    title_pt=15,
    margin_top_cm=1.6,
    margin_bottom_cm=1.6,
    margin_side_cm=1.4,
    text_cap_em=7,
    landscape_min_cols=None,
    landscape_tables_zone=True,
    keep_seed_breaks=False,
    repeat_header=True,
    header_bold=True,
    page_number_format="第 {} 页",
    restart_numbering=False,
    row_height_cm=0.6,
)
