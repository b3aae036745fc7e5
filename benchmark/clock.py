"""Timing inside one process: wall and CPU seconds of a block, peak RSS so far, warm passes."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path


def vm_hwm_mb() -> float:
    """This process's peak RSS so far (Linux VmHWM; ru_maxrss elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Timer:
    """Wall and CPU seconds of a block."""

    def __enter__(self):
        self.wall0, self.cpu0 = time.perf_counter(), cpu_s()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.wall0
        self.cpu = cpu_s() - self.cpu0
        return False


def warm_passes(fn, repeat: int) -> list[tuple[Timer, object]]:
    out = []
    for _ in range(max(1, repeat)):
        with Timer() as t:
            value = fn()
        out.append((t, value))
    return out


def median_pass(passes: list[tuple[Timer, object]]) -> dict:
    """The median pass (by wall seconds): its seconds, CPU seconds and value."""
    t, value = sorted(passes, key=lambda p: p[0].seconds)[(len(passes) - 1) // 2]
    return {"seconds": t.seconds, "cpu_s": t.cpu, "value": value}
