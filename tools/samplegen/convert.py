"""Print .docx files to PDF with LibreOffice headless, then normalise the PDFs.

A private LibreOffice profile (``-env:UserInstallation``) keeps parallel runs from
clashing over the user's profile lock. After conversion, with pikepdf: the font
descriptors get their real ascent/descent (fontfix.py: LibreOffice 7.4 writes zeros, which
shifts text boxes in PDF readers), and the metadata is pinned (creation/modification dates,
document ID) so the same input gives the same bytes as far as LibreOffice itself is
deterministic.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf

from .fontfix import fix_font_descriptors

PDF_DATE = "D:20260115090000+08'00'"


def soffice_binary() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("LibreOffice not found: install libreoffice-writer (Debian) to regenerate the samples")


def docx_to_pdf(docx_files: list[Path], outdir: Path, timeout: int = 600) -> list[Path]:
    """Convert several .docx in one LibreOffice run; returns the PDFs (same stem) in outdir."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [
            soffice_binary(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            *[str(p) for p in docx_files],
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_files]
    missing = [p for p in pdfs if not p.exists()]
    if res.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice failed ({res.returncode}): {res.stdout}\n{res.stderr}\nmissing: {missing}")
    return pdfs


def normalise_pdf(src: Path, dst: Path, *, title: str = "", author: str = "") -> None:
    """Fix font metrics, pin metadata and IDs so rebuilding gives the same file."""
    with pikepdf.open(src) as pdf:
        fix_font_descriptors(pdf)
        info = pdf.docinfo
        for key in list(info.keys()):
            del info[key]
        if title:
            info["/Title"] = title
        if author:
            info["/Author"] = author
        info["/Creator"] = "Writer"
        info["/Producer"] = "LibreOffice"
        info["/CreationDate"] = PDF_DATE
        info["/ModDate"] = PDF_DATE
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        if "/DocChecksum" in pdf.trailer:  # LibreOffice's, changes on every run
            del pdf.trailer["/DocChecksum"]
        if "/ID" in pdf.trailer:  # random per run; qpdf derives a new one from the content
            del pdf.trailer["/ID"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_suffix(".tmp.pdf")
        pdf.save(
            tmp, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
        )
    tmp.replace(dst)
