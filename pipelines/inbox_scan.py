"""What the inbox sensor and the nightly schedule share: register files, decide what to run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budget_etl.inbox import Registration, inbox_files, register_file


@dataclass
class ScanResult:
    ready: list[Registration]  # registered this scan or before, file stable
    still_writing: list[str]  # file names whose size changed since the last tick
    sizes: dict[str, int]  # file name -> size, for the next tick's stability test


def scan_inbox(inbox: Path, previous_sizes: dict[str, int] | None) -> ScanResult:
    """Register every stable PDF in ``inbox``.

    A file is stable when its size is the same as on the previous tick: a PDF still being
    copied into the inbox is left for the next tick instead of being read half-written. With no
    previous tick (``previous_sizes is None``: the CLI, or a schedule) every file counts as stable.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    ready, writing, sizes = [], [], {}
    for path in inbox_files(inbox):
        size = path.stat().st_size
        sizes[path.name] = size
        if previous_sizes is not None and previous_sizes.get(path.name) != size:
            writing.append(path.name)
            continue
        ready.append(register_file(inbox, path))
    return ScanResult(ready=ready, still_writing=writing, sizes=sizes)
