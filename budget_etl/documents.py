"""Open one PDF, read the text of every page once, and say what document it is.

Everything downstream (page triage, narrative facts, the partition key) works from the page
texts read here, so a PDF's text layer is read exactly once per run. A file that cannot be a
budget disclosure is rejected here with a specific, actionable reason, before camelot runs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

# A page of a text PDF holds hundreds of characters; a scanned page holds none, or a few
# characters of a stamped page number. Below this average the document has no text layer.
MIN_TEXT_CHARS_PER_PAGE = 20

# How many leading pages count as "the cover": the title page and, in some templates, a
# preface page before the table of contents.
COVER_PAGES = 2

STANDARD_TABLE_WORDS = (
    "收支总表",
    "收入总表",
    "支出总表",
    "财政拨款收支总表",
    "一般公共预算支出",
    "经济科目",
    "三公",
    "机关运行经费",
    "项目支出",
)

KIND_LABELS = {"department": "部门", "unit": "单位"}


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

    @property
    def partition_key(self) -> str:
        return f"{self.department_name}-{self.fiscal_year}-{KIND_LABELS[self.document_kind]}"


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
            f"{path.name}: PDFium cannot parse the file ({err}); it is damaged or truncated, "
            "download it again",
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
        raise DocumentRejected(
            "not_pdf", f"{path.name}: the file is {what}, not a PDF; download the disclosure again"
        )
    # A complete PDF ends with %%EOF (possibly followed by a newline or an incremental update).
    if b"%%EOF" not in data[-2048:]:
        raise DocumentRejected(
            "truncated",
            f"{path.name}: the PDF is truncated ({len(data)} bytes, no end-of-file marker); "
            "download it again",
        )


def identify(page_texts: tuple[str, ...], file_name: str) -> DocumentIdentity:
    """Department, fiscal year and kind of a budget disclosure, or DocumentRejected."""
    chars = sum(len(t.strip()) for t in page_texts)
    if chars < MIN_TEXT_CHARS_PER_PAGE * max(1, len(page_texts)):
        raise DocumentRejected(
            "no_text_layer",
            f"{file_name}: the PDF has no text layer ({chars} characters in {len(page_texts)} pages): "
            "it is a scan; OCR it or obtain the born-digital PDF",
        )
    cover = _fold("\n".join(page_texts[:COVER_PAGES]))
    body = _fold("\n".join(page_texts))
    if "决算" in cover and "预算" not in cover.replace("决算", ""):
        raise DocumentRejected(
            "final_accounts",
            f"{file_name}: the cover says this is a 决算 (final accounts) disclosure, not a 预算 "
            "(budget); final accounts are out of scope and were not loaded",
        )
    tables_named = [w for w in STANDARD_TABLE_WORDS if w in body]
    if "预算" not in body or len(tables_named) < 3:
        raise DocumentRejected(
            "not_budget_disclosure",
            f"{file_name}: not a budget disclosure: expected the titles of the standard budget "
            f"tables (预算收支总表, 预算收入总表, …), found {len(tables_named)} of them "
            f"({', '.join(tables_named) or 'none'})",
        )
    department = _department_name(body)
    if department is None:
        raise DocumentRejected(
            "no_department",
            f"{file_name}: no 部门名称/单位名称/编制部门/编制单位 line found on the budget tables",
        )
    year = _fiscal_year(cover) or _fiscal_year(body)
    if year is None:
        raise DocumentRejected("no_fiscal_year", f"{file_name}: no budget year (e.g. 2026年) on the cover")
    kind = "unit" if "单位预算" in cover and "部门预算" not in cover else "department"
    return DocumentIdentity(department_name=department, fiscal_year=year, document_kind=kind)


def read_document(path: Path | str) -> Document:
    path = Path(path)
    texts = read_page_texts(path)
    identity = identify(texts, path.name)
    return Document(path=path, file_sha256=sha256_of(path), page_texts=texts, identity=identity)


_LABEL = re.compile(r"(?:部门名称|单位名称|编制部门|编制单位)\s*[:：]\s*([^\s:：]+?)(?=\s|单位\s*[:：]|$)")
_YEAR = re.compile(r"(20\d{2})\s*年")


def _fold(text: str) -> str:
    # Full-width colon and spaces vary between templates; the text layer ends lines with \r\n.
    return text.replace("\r\n", "\n").replace("\u3000", " ")


def _department_name(text: str) -> str | None:
    names = [m.group(1) for m in _LABEL.finditer(text)]
    if not names:
        return None
    # The tables repeat the name; the most frequent spelling is the one printed on the tables.
    return max(set(names), key=names.count)


def _fiscal_year(text: str) -> int | None:
    # The cover's first year wins: table-of-contents and table titles sometimes carry a stale year.
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None
