"""Read the seed text exports (data/seeds/*.txt) into ordered blocks.

The seeds are text exports of real disclosures (see data/seeds/README.md). Two consumers
share this reader so they agree on what a seed says:

- tools/make_samples.py prints each seed as a realistic PDF;
- the golden tests derive the expected table cells from the seed text itself.

Format rules, from the seeds' README:
- a line with a tab is a table row, each tab separating two cells;
- a blank line inside a run of table rows is a page break of the original PDF: the same
  table continues on the next page;
- one export (xiaoyi) marks headings with markdown ``#`` and bold with ``<b>`` tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "seeds"

_TAG = re.compile(r"</?b>")


@dataclass
class Paragraph:
    text: str
    heading_level: int = 0  # 0 body text; 1..3 markdown heading depth in the export


@dataclass
class Table:
    rows: list[list[str]]
    # indices i such that a page break falls between rows[i-1] and rows[i]
    page_breaks: list[int] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def segments(self) -> list[list[list[str]]]:
        """The table's rows cut at the original page breaks."""
        cuts = [0, *self.page_breaks, len(self.rows)]
        return [self.rows[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


Block = Paragraph | Table


def _clean(cell: str) -> str:
    return _TAG.sub("", cell).strip()


def read_seed(path: Path | str) -> list[Block]:
    """Parse one seed export into paragraphs and tables, in document order."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    table: Table | None = None
    pending_break = False
    for raw in lines:
        if "\t" in raw:
            cells = [_clean(c) for c in raw.split("\t")]
            if table is None:
                table = Table(rows=[])
                blocks.append(table)
            elif pending_break:
                table.page_breaks.append(len(table.rows))
            table.rows.append(cells)
            pending_break = False
            continue
        text = _clean(raw)
        if not text:
            # A blank line only ends a table if prose follows; remember it as a break.
            pending_break = table is not None
            continue
        table, pending_break = None, False
        level = 0
        m = re.match(r"^(#{1,6})\s*(.*)$", text)
        if m:
            level, text = len(m.group(1)), m.group(2).strip()
        blocks.append(Paragraph(text=text, heading_level=level))
    for block in blocks:
        if isinstance(block, Table):
            width = block.width
            block.rows = [r + [""] * (width - len(r)) for r in block.rows]
    return blocks


def seed_paths() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt"))


def header_paths(header: list[list[str]], width: int) -> list[list[str]]:
    """The header path of every column of a seed table's header rows: a heading spans right
    only over cells that have header text below them."""
    paths: list[list[str]] = [[] for _ in range(width)]
    for h, row in enumerate(header):
        current = ""
        for c in range(width):
            text = row[c].strip()
            if text:
                current = text
                paths[c].append(text)
            elif current and any(header[b][c].strip() for b in range(h + 1, len(header))):
                paths[c].append(current)
            else:
                current = ""
    return paths
