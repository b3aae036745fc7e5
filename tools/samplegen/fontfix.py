"""Give LibreOffice's font descriptors their real ascent and descent.

LibreOffice 7.4 writes ``/Ascent 0 /Descent 0`` in every ``/FontDescriptor`` it embeds.
PDF readers then fall back on ``/FontBBox``; for the CFF-based Noto CJK fonts (converted to
Type 1 subsets, bbox y from -1049 to 1810) that puts every text box a full em below its
glyphs, and camelot assigned cell text to the row below. Word/WPS, which departments use,
write the font's real metrics; so do we, after printing: the ascender/descender of the
``hhea`` table of the font file fontconfig resolves for the embedded font's family.
"""

from __future__ import annotations

import re
import struct
import subprocess
from functools import cache

import pikepdf

# embedded BaseFont (subset tag removed) -> fontconfig pattern
_FAMILIES = [
    (re.compile(r"^NotoSerifCJK"), "Noto Serif CJK SC"),
    (re.compile(r"^NotoSansCJK"), "Noto Sans CJK SC"),
    (re.compile(r"^WenQuanYiMicroHei"), "WenQuanYi Micro Hei"),
]


def _split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def fontconfig_pattern(basefont: str) -> str:
    name = basefont.split("+", 1)[-1]
    family, _, style = name.partition("-")
    pattern = next((pattern for rx, pattern in _FAMILIES if rx.match(family)), None) or _split_camel(family)
    if "Bold" in style:
        pattern += ":style=Bold"
    return pattern


@cache
def hhea_metrics(pattern: str) -> tuple[int, int] | None:
    """(ascent, descent) in 1/1000 em of the font fontconfig picks for ``pattern``."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}", pattern], capture_output=True, text=True, check=True
        ).stdout.split("\n")
        path, index = out[0], int(out[1] or 0)
        with open(path, "rb") as fh:
            data = fh.read()
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return None
    off = 0
    if data[:4] == b"ttcf":
        off = struct.unpack(">I", data[12 + 4 * index : 16 + 4 * index])[0]
    (num_tables,) = struct.unpack(">H", data[off + 4 : off + 6])
    tables = {}
    for i in range(num_tables):
        rec = data[off + 12 + 16 * i : off + 28 + 16 * i]
        tables[rec[:4]] = struct.unpack(">I", rec[8:12])[0]
    if b"head" not in tables or b"hhea" not in tables:
        return None
    (upm,) = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])
    asc, desc = struct.unpack(">hh", data[tables[b"hhea"] + 4 : tables[b"hhea"] + 8])
    return round(asc * 1000 / upm), round(desc * 1000 / upm)


def fix_font_descriptors(pdf: pikepdf.Pdf) -> int:
    """Fill in zero Ascent/Descent; returns how many descriptors were fixed."""
    fixed = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
            continue
        if int(obj.get("/Ascent", 0)) != 0 or int(obj.get("/Descent", 0)) != 0:
            continue
        metrics = hhea_metrics(fontconfig_pattern(str(obj.get("/FontName", ""))))
        if metrics is None:
            bbox = [float(v) for v in obj.get("/FontBBox", [0, -200, 1000, 800])]
            metrics = (int(min(max(bbox[3], 700), 1100)), int(max(min(bbox[1], -100), -350)))
        obj.Ascent, obj.Descent = metrics
        fixed += 1
    return fixed
