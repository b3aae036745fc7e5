"""Open one PDF, read the text of every page once, and say what document it is.

Everything downstream (page triage, narrative facts, the partition key) works from the page
texts read here, so a PDF's text layer is read exactly once per run. A file that cannot be a
budget disclosure is rejected here with a specific, actionable reason, before camelot runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from budget_etl import identity as ident

# A page of a text PDF holds hundreds of characters; a scanned page holds none, or a few
# characters of a stamped page number. Below this average the document has no text layer.
MIN_TEXT_CHARS_PER_PAGE = 20

KIND_LABELS = {"department": "部门", "unit": "单位"}
# A disclosure published as two files (tables and narrative separately) has one partition per
# part; a complete disclosure keeps the plain key.
PART_SUFFIXES = {"full": "", "tables": "-报表", "narrative": "-说明"}


class DocumentRejected(Exception):
    """The file is not a readable budget disclosure; ``reason_code`` says which way."""

    def __init__(self, reason_code: str, message: str):
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message


@dataclass(frozen=True)
class DocumentIdentity:
    department_name: str
    fiscal_year: int
    document_kind: str  # "department" (部门预算) or "unit" (单位预算)
    # Which statement of the disclosure each value was read from (budget_etl.identity), e.g.
    # "label:预算主管部门", "table_label:部门名称", "cover", "table_cell:部门名称".
    department_name_source: str = ""
    fiscal_year_source: str = ""
    document_kind_source: str = ""
    # What the file holds of the disclosure: "full", "tables" (报表 only) or "narrative" (说明 only).
    disclosure_part: str = "full"

    @property
    def partition_key(self) -> str:
        key = f"{self.department_name}-{self.fiscal_year}-{KIND_LABELS[self.document_kind]}"
        return key + PART_SUFFIXES[self.disclosure_part]


@dataclass(frozen=True)
class Document:
    path: Path
    file_sha256: str
    page_texts: tuple[str, ...]
    identity: DocumentIdentity

    @property
    def document_id(self) -> str:
        return self.file_sha256[:16]

    @property
    def page_count(self) -> int:
        return len(self.page_texts)

    def dim_document_row(self, quality_status: str) -> dict:
        """The document's row of dim_document (the loader adds is_current and loaded_at)."""
        return {
            "document_id": self.document_id,
            "file_name": self.path.name,
            "file_sha256": self.file_sha256,
            "department_name": self.identity.department_name,
            "document_kind": self.identity.document_kind,
            "fiscal_year": self.identity.fiscal_year,
            "page_count": self.page_count,
            "quality_status": quality_status,
            "department_name_source": self.identity.department_name_source,
            "disclosure_part": self.identity.disclosure_part,
        }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_page_texts(path: Path) -> tuple[str, ...]:
    """Text of every page, or DocumentRejected saying why the file cannot be read."""
    data = path.read_bytes()
    _reject_if_not_a_pdf(path, data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise DocumentRejected(
                "encrypted",
                f"{path.name}: the PDF is encrypted and needs a password to open; "
                "ask the publisher for an unprotected copy",
            ) from err
        raise DocumentRejected(
            "damaged",
            f"{path.name}: PDFium cannot parse the file ({err}); it is damaged or truncated, download it again",
        ) from err
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return tuple(texts)
    finally:
        pdf.close()


def _reject_if_not_a_pdf(path: Path, data: bytes) -> None:
    if not data:
        raise DocumentRejected("empty", f"{path.name}: the file is empty (0 bytes); the download failed")
    # The PDF header may follow a little junk, but must come within the first 1 KiB.
    if b"%PDF-" not in data[:1024]:
        head = data[:512].lstrip().lower()
        looks_html = head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
        what = "an HTML page (probably a web server's error page)" if looks_html else "not a PDF"
        raise DocumentRejected("not_pdf", f"{path.name}: the file is {what}, not a PDF; download the disclosure again")
    # A complete PDF ends with %%EOF (possibly followed by a newline or an incremental update).
    if b"%%EOF" not in data[-2048:]:
        raise DocumentRejected(
            "truncated",
            f"{path.name}: the PDF is truncated ({len(data)} bytes, no end-of-file marker); download it again",
        )


def identify(page_texts: tuple[str, ...], file_name: str) -> DocumentIdentity:
    """Department, fiscal year, kind and part of a budget disclosure, or DocumentRejected.

    Each value comes from the most reliable place the disclosure states it (budget_etl.identity)
    and the identity records which one that was.
    """
    chars = sum(len(t.strip()) for t in page_texts)
    if chars < MIN_TEXT_CHARS_PER_PAGE * max(1, len(page_texts)):
        raise DocumentRejected(
            "no_text_layer",
            f"{file_name}: the PDF has no text layer ({chars} characters in {len(page_texts)} pages): "
            "it is a scan; OCR it or obtain the born-digital PDF",
        )
    pages = ident.read_pages(page_texts)
    final = ident.final_accounts_evidence(pages)
    if final is not None:
        raise DocumentRejected(
            "final_accounts",
            f"{file_name}: this is a 决算 (final accounts) disclosure, not a 预算 (budget): {final}; "
            "final accounts are out of scope and were not loaded",
        )
    tables = ident.budget_table_titles(pages)
    figures = ident.narrative_budget_figures(pages)
    if not any("预算" in p.text for p in pages) or not (tables or figures):
        raise DocumentRejected(
            "not_budget_disclosure",
            f"{file_name}: not a budget disclosure: no budget table (a title such as 收支总表, "
            "收入总表, 部门收支总体情况表 on a page with a money unit such as 单位：万元) and no budget "
            "figure stated in the text (预算 … 万元)",
        )
    name = ident.department_name(pages)
    if name is None:
        raise DocumentRejected(
            "no_department",
            f"{file_name}: no department named on the cover (e.g. 2026年度XX局部门预算), in a label "
            "(预算主管部门/部门名称/单位名称/编制部门/编制单位：…) or on the tables",
        )
    year = ident.fiscal_year(pages)
    if year is None:
        raise DocumentRejected("no_fiscal_year", f"{file_name}: no budget year (e.g. 2026年) on the cover")
    kind = ident.document_kind(pages)
    return DocumentIdentity(
        department_name=name.value,
        fiscal_year=year.value,
        document_kind=kind.value,
        department_name_source=name.source,
        fiscal_year_source=year.source,
        document_kind_source=kind.source,
        disclosure_part=ident.disclosure_part(pages),
    )


def read_document(path: Path | str) -> Document:
    path = Path(path)
    texts = read_page_texts(path)
    identity = identify(texts, path.name)
    return Document(path=path, file_sha256=sha256_of(path), page_texts=texts, identity=identity)
