"""Intake: every bad-input sample is rejected with its specific reason; good samples are identified."""

from pathlib import Path

import pytest

from budget_etl.documents import DocumentRejected, read_document
from tools.seed_text import Paragraph, read_seed, seed_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
BAD = SAMPLES / "bad"

BAD_SAMPLES = {
    "scanned_no_text_layer.pdf": "no_text_layer",
    "encrypted.pdf": "encrypted",
    "truncated.pdf": "truncated",
    "empty.pdf": "empty",
    "html_error_page.pdf": "not_pdf",
    "not_a_budget.pdf": "not_budget_disclosure",
    "final_accounts_2025.pdf": "final_accounts",
}


@pytest.mark.parametrize("file_name, reason_code", sorted(BAD_SAMPLES.items()))
def test_bad_sample_is_rejected_with_its_reason(file_name, reason_code):
    with pytest.raises(DocumentRejected) as err:
        read_document(BAD / file_name)
    assert err.value.reason_code == reason_code
    assert file_name in err.value.message  # the message names the file it is about


def test_damaged_pdf_body_is_reported_as_damaged(tmp_path):
    good = (SAMPLES / "lvliang_city_gov_office_2026.pdf").read_bytes()
    # Keep the header and the end marker but destroy everything between: not a truncation.
    broken = good[:16] + b"\x00" * (len(good) - 32) + good[-16:]
    path = tmp_path / "damaged.pdf"
    path.write_bytes(broken)
    with pytest.raises(DocumentRejected) as err:
        read_document(path)
    assert err.value.reason_code == "damaged"


def seed_identity(seed: Path) -> tuple[str, int]:
    """Department and cover year as the seed text states them."""
    paragraphs = [b.text for b in read_seed(seed) if isinstance(b, Paragraph)]
    name = next(t.split("：", 1)[1] for t in paragraphs if t.startswith("部门名称："))
    name = name.split("单位：")[0].strip()
    cover_year = next(int(t[:4]) for t in paragraphs if t[:4].isdigit() and "预算" in t)
    return name, cover_year


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem)
def test_sample_identity_matches_its_seed(seed):
    doc = read_document(SAMPLES / f"{seed.stem}.pdf")
    name, year = seed_identity(seed)
    assert doc.identity.department_name == name
    assert doc.identity.fiscal_year == year
    assert doc.identity.document_kind == "department"
    assert doc.identity.partition_key == f"{name}-{year}-部门"
    assert doc.page_count > 40
