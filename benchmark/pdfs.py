"""The PDFs a benchmark measures: an inbox's files, their pages, the pages a capped baseline reads."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def inbox_pdfs(inbox: Path | str, limit: int | None = None) -> list[Path]:
    """The ``*.pdf`` files directly inside ``inbox``, by name (not recursive)."""
    files = sorted(p.resolve() for p in Path(inbox).iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    return files[:limit] if limit else files


def page_count(pdf: Path | str) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def sample_pages(n_pages: int, n: int | None) -> list[int] | None:
    """``n`` 1-based pages spread evenly over the document (first and last included), or None
    (every page) when ``n`` is None or covers the document."""
    if not n or n >= n_pages:
        return None
    if n == 1:
        return [1]
    return sorted({1 + round(i * (n_pages - 1) / (n - 1)) for i in range(n)})


def link(src: Path, dst: Path) -> None:
    if dst.exists() or dst.is_symlink():
        dst.unlink()
    try:
        os.symlink(src.resolve(), dst)
    except OSError:
        shutil.copy2(src, dst)
