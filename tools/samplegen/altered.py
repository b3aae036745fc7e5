"""A sample PDF with one amount altered, for the quality checks: does a wrong figure get caught?

The lvliang seed, printed exactly like its layout-A sample (tools/make_samples.py), except for
one cell: in 表三 预算支出总表 the 合计 of the 项 row 2010302 一般行政管理事务 is printed 18.00 万元
higher (257.22 → 275.22, two digits swapped, the classic typing slip). Everything else — the
other tables, the narrative, the department — is the seed's, so the document is a new file
version of the same department's disclosure (same partition key as the real sample).

The altered cell is covered by three identities, which must fail on it:
- ``expenditure_row_total``: that row's 合计 ≠ 基本支出 + 项目支出;
- ``function_hierarchy``: its 款 20103 ≠ Σ of its 项 (in the 合计 column);
- ``revenue_matches_expenditure_by_code``: 支出总表 2010302 ≠ 收入总表 2010302 (本年 + 上年结转).

The 政府购买服务指导性目录 attachment is left out (as in the other variants) to keep the file
small; it holds no budget figure.

Regenerate (needs LibreOffice, see tools/make_samples.py):

    python -m tools.samplegen.altered        # writes data/samples/variants/altered_amount.pdf
"""

from __future__ import annotations

import copy
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tools.seed_text import SEED_DIR, Block, Paragraph, Table, read_seed

from .variants import drop_catalogue

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "data" / "samples" / "variants" / "altered_amount.pdf"


@dataclass(frozen=True)
class Alteration:
    seed: str
    table_title: str  # words of the table's title
    table_kind: str  # its kind (schemas.staging.TABLE_KINDS)
    function_code: str  # the row
    column: int  # the cell's column in the seed row
    column_label: str  # the staged column label of that column
    delta: Decimal  # added to the printed amount, in the table's unit
    unit: str


ALTERATION = Alteration(
    seed="lvliang_city_gov_office_2026",
    table_title="预算支出总表",
    table_kind="expenditure_summary",
    function_code="2010302",
    column=2,
    column_label="2026年预算数/合计",
    delta=Decimal("18.00"),
    unit="万元",
)


def _target_table(blocks: list[Block], title_words: str) -> Table:
    """The table printed right after the paragraph that names ``title_words`` (not a 目录 line)."""
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and title_words in block.text.replace(" ", "") and "财政拨款" not in block.text:
            following = next((b for b in blocks[i + 1:] if isinstance(b, Table)), None)
            # the 目录 is itself a table of titles; the budget table has the function code rows
            if following is not None and any(r and r[0].strip().isdigit() for r in following.rows):
                return following
    raise LookupError(f"no table titled {title_words!r} in the seed")


def original_and_altered(alteration: Alteration = ALTERATION) -> tuple[Decimal, Decimal]:
    """(printed amount in the seed, printed amount in the altered PDF)."""
    table = _target_table(read_seed(SEED_DIR / f"{alteration.seed}.txt"), alteration.table_title)
    row = next(r for r in table.rows if r[0].strip() == alteration.function_code)
    original = Decimal(row[alteration.column].replace(" ", "").replace(",", ""))
    return original, original + alteration.delta


def altered_blocks(alteration: Alteration = ALTERATION) -> list[Block]:
    """The seed's blocks with the one cell changed (and without the catalogue attachment)."""
    blocks = drop_catalogue(copy.deepcopy(read_seed(SEED_DIR / f"{alteration.seed}.txt")))
    table = _target_table(blocks, alteration.table_title)
    row = next(r for r in table.rows if r[0].strip() == alteration.function_code)
    _original, altered = original_and_altered(alteration)
    row[alteration.column] = f"{altered:.2f}"
    return blocks


def build(output: Path = OUTPUT, workdir: Path | None = None) -> Path:
    """Print the altered document with layout A (needs LibreOffice)."""
    from tools.make_samples import print_documents

    from .layouts import LAYOUT_A

    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="altered_sample_") as tmp:
        [path] = print_documents([(altered_blocks(), LAYOUT_A, output)], Path(workdir or tmp))
    return path


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    out = build()
    before, after = original_and_altered()
    print(f"{out.relative_to(ROOT)}: {ALTERATION.table_title} {ALTERATION.function_code} 合计 {before} → {after}")
