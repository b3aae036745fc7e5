"""The inbox of PDFs and the registry that maps each document partition to its file.

A partition is a document's identity (department, year, kind), not a file: a corrected
re-upload of the same disclosure is a new *version* of the same partition, and supersedes the
old one when loaded. A file is known by its SHA-256, so a renamed duplicate is recognised and
a changed file is noticed whatever its name or mtime.

The registry is a small JSON file inside the inbox (``.budget_etl/registry.json``). The sensor,
the nightly schedule and the CLI all register files through ``register_file``; the assets look
a partition's current file up with ``current_version``. Writes are atomic (temp file + rename)
and serialised with an advisory lock, so the sensor and a CLI run never lose each other's work.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from budget_etl.documents import DocumentRejected, read_document, sha256_of

REGISTRY_DIR = ".budget_etl"
QUARANTINE_DIR = "quarantine"
PDF_SUFFIXES = {".pdf"}


@dataclass
class FileVersion:
    sha256: str
    file_name: str
    partition_key: str
    registered_at: str
    rejected_reason_code: str | None = None
    rejected_reason: str | None = None

    @property
    def document_id(self) -> str:
        return self.sha256[:16]


@dataclass
class Registration:
    version: FileVersion
    is_new: bool  # first time these bytes are seen
    duplicate_of: str | None = None  # file name the same bytes were first registered under


def inbox_files(inbox: Path) -> list[Path]:
    """PDFs in the inbox, oldest first: of two versions of one document, the later one wins."""
    files = [p for p in Path(inbox).iterdir() if p.is_file() and p.suffix.lower() in PDF_SUFFIXES]
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


def rejected_partition_key(file_name: str) -> str:
    """Readable key for a file that cannot be identified as a disclosure."""
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", Path(file_name).stem)
    return f"rejected-{stem}"


def register_file(inbox: Path, path: Path) -> Registration:
    """Identify ``path`` (by digest) and record it; reading the PDF only if the bytes are new."""
    sha = sha256_of(path)
    with _locked_registry(inbox) as registry:
        known = registry["files"].get(sha)
        if known is not None:
            version = FileVersion(**known)
            duplicate = version.file_name if version.file_name != path.name else None
            return Registration(version=version, is_new=False, duplicate_of=duplicate)
        try:
            key = read_document(path).identity.partition_key
            reason_code = reason = None
        except DocumentRejected as err:
            key, reason_code, reason = rejected_partition_key(path.name), err.reason_code, err.message
        version = FileVersion(
            sha256=sha,
            file_name=path.name,
            partition_key=key,
            registered_at=datetime.now(UTC).isoformat(timespec="seconds"),
            rejected_reason_code=reason_code,
            rejected_reason=reason,
        )
        registry["files"][sha] = asdict(version)
        registry["partitions"].setdefault(key, []).append(sha)
        return Registration(version=version, is_new=True)


def find_version(inbox: Path, partition_key: str, sha256: str | None = None) -> tuple[FileVersion, Path]:
    """A registered file of a partition (the newest, unless ``sha256`` names one), and where it is now.

    Runs started by the sensor or the CLI name the exact file version in a run tag, so a run
    processes the bytes it was started for even if a newer version arrives meanwhile; a run
    started from the UI takes the newest version.
    """
    registry = _read(inbox)
    shas = registry["partitions"].get(partition_key)
    if not shas:
        raise KeyError(
            f"partition {partition_key!r} is not registered in {inbox}; run the inbox sensor "
            "or `budget-etl run` to register the inbox"
        )
    if sha256 is not None and sha256 not in shas:
        raise KeyError(f"file {sha256[:16]} is not a version of partition {partition_key!r}")
    version = FileVersion(**registry["files"][sha256 or shas[-1]])
    path = Path(inbox) / version.file_name
    if not path.exists() or sha256_of(path) != version.sha256:
        # The file was renamed after registration: find the same bytes under another name.
        path = next((p for p in inbox_files(inbox) if sha256_of(p) == version.sha256), path)
    return version, path


def versions(inbox: Path, partition_key: str) -> list[FileVersion]:
    registry = _read(inbox)
    return [FileVersion(**registry["files"][s]) for s in registry["partitions"].get(partition_key, [])]


def quarantine(inbox: Path, path: Path, reason_code: str, reason: str) -> Path:
    """Move a rejected file out of the inbox into ``quarantine/``, with its reason beside it.

    The registry keeps the file's digest, so the same bytes uploaded again are recognised and
    not run again; a fixed file (new bytes) is a new version and runs.
    """
    target_dir = Path(inbox) / QUARANTINE_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    if path.exists():
        os.replace(path, target)
    note = {
        "file_name": path.name,
        "reason_code": reason_code,
        "reason": reason,
        "quarantined_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    target.with_name(target.name + ".reason.json").write_text(
        json.dumps(note, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return target


def _registry_path(inbox: Path) -> Path:
    return Path(inbox) / REGISTRY_DIR / "registry.json"


def _read(inbox: Path) -> dict:
    path = _registry_path(inbox)
    if not path.exists():
        return {"files": {}, "partitions": {}}
    return json.loads(path.read_text(encoding="utf-8"))


@contextmanager
def _locked_registry(inbox: Path):
    path = _registry_path(inbox)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        registry = _read(inbox)
        yield registry
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(registry, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
