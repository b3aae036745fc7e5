"""Sample PDFs with an amount altered, for the quality checks: does a wrong figure get caught,
and does it withhold only the table it breaks?

The lvliang seed, printed exactly like its layout-A sample (tools/make_samples.py), except for
one cell: in 表三 预算支出总表 the 合计 of the 项 row 2010302 一般行政管理事务 is printed 18.00 万元
higher (257.22 → 275.22, two digits swapped, the classic typing slip). Everything else — the
other tables, the narrative, the department — is the seed's, so the document is a new file
version of the same department's disclosure (same partition key as the real sample).

The altered cell is covered by three identities, which must fail on it:
- ``expenditure_row_total``: that row's 合计 ≠ 基本支出 + 项目支出;
- ``function_hierarchy``: its 款 20103 ≠ Σ of its 项 (in the 合计 column);
- ``revenue_matches_expenditure_by_code``: 支出总表 2010302 ≠ 收入总表 2010302 (本年 + 上年结转).

``altered_three_public.pdf``: in 表十 “三公”经费支出预算表 the row ②公务用车运行维护费 is printed
1.00 万元 higher in both its columns (5.00 → 6.00): the row still adds across, the table's 合计
still equals its three items, but 公务用车购置及运行费 (5.00) ≠ ① + ② (6.00), which
``three_public_vehicles`` must catch; the 三公 table alone is withheld.

The 政府购买服务指导性目录 attachment is left out (as in the other variants) to keep the file
small; it holds no budget figure.

Regenerate (needs LibreOffice, see tools/make_samples.py):

    python -m tools.samplegen.altered        # writes data/samples/variants/altered_*.pdf
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
VARIANTS = ROOT / "data" / "samples" / "variants"
OUTPUT = VARIANTS / "altered_amount.pdf"


@dataclass(frozen=True)
class Alteration:
    seed: str
    table_title: str  # words of the table's title
    table_kind: str  # its kind (schemas.tables.TABLE_KINDS)
    function_code: str  # the row: its first printed cell (a function code, or the row's label)
    column: int  # the cell's column in the seed row
    column_label: str  # the staged column label of that column
    delta: Decimal  # added to the printed amount, in the table's unit
    unit: str
    also_columns: tuple[int, ...] = ()  # other cells of the row changed by the same delta
    not_in_title: str = "财政拨款"  # a word the title must not have (财政拨款支出表 vs 支出总表)
    output: Path = OUTPUT


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

THREE_PUBLIC_ALTERATION = Alteration(
    seed="lvliang_city_gov_office_2026",
    table_title="“三公”经费支出预算表",
    table_kind="three_public",
    function_code="②公务用车运行维护费",
    column=1,
    column_label="2026年预算数/合计",
    delta=Decimal("1.00"),
    unit="万元",
    also_columns=(2,),
    not_in_title="机关运行",
    output=VARIANTS / "altered_three_public.pdf",
)


def _target_table(blocks: list[Block], alteration: Alteration) -> Table:
    """The table printed right after the paragraph naming the title (not a 目录 line): the one
    holding the row."""
    for i, block in enumerate(blocks):
        text = block.text.replace(" ", "") if isinstance(block, Paragraph) else ""
        if alteration.table_title in text and alteration.not_in_title not in text:
            following = next((b for b in blocks[i + 1 :] if isinstance(b, Table)), None)
            # the 目录 is itself a table of titles; the budget table has the row
            if following is not None and any(r and r[0].strip() == alteration.function_code for r in following.rows):
                return following
    raise LookupError(f"no table titled {alteration.table_title!r} with a row {alteration.function_code!r} in the seed")


def original_and_altered(alteration: Alteration = ALTERATION) -> tuple[Decimal, Decimal]:
    """(printed amount in the seed, printed amount in the altered PDF) of the first cell."""
    table = _target_table(read_seed(SEED_DIR / f"{alteration.seed}.txt"), alteration)
    row = next(r for r in table.rows if r[0].strip() == alteration.function_code)
    original = Decimal(row[alteration.column].replace(" ", "").replace(",", ""))
    return original, original + alteration.delta


def altered_blocks(alteration: Alteration = ALTERATION) -> list[Block]:
    """The seed's blocks with the cells changed (and without the catalogue attachment)."""
    blocks = drop_catalogue(copy.deepcopy(read_seed(SEED_DIR / f"{alteration.seed}.txt")))
    table = _target_table(blocks, alteration)
    row = next(r for r in table.rows if r[0].strip() == alteration.function_code)
    for column in (alteration.column, *alteration.also_columns):
        row[column] = f"{Decimal(row[column].replace(' ', '').replace(',', '')) + alteration.delta:.2f}"
    return blocks


def build(alteration: Alteration = ALTERATION, workdir: Path | None = None) -> Path:
    """Print the altered document with layout A (needs LibreOffice)."""
    from tools.make_samples import print_documents

    from .layouts import LAYOUT_A

    alteration.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="altered_sample_") as tmp:
        [path] = print_documents([(altered_blocks(alteration), LAYOUT_A, alteration.output)], Path(workdir or tmp))
    return path


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for alteration in (ALTERATION, THREE_PUBLIC_ALTERATION):
        out = build(alteration)
        before, after = original_and_altered(alteration)
        print(f"{out.relative_to(ROOT)}: {alteration.table_title} {alteration.function_code} {before} → {after}")
