"""Within one GX validation, build each expectation's configuration once instead of per lookup.

GX 1.x's ``Expectation.configuration`` is a property that rebuilds an ``ExpectationConfiguration``
from the pydantic model (``self.dict()`` and a regex over the class name) on every access, and
the validator reads it once per keyword argument while it builds the metric graph: about 90
rebuilds per expectation, 40 % of a suite's validation time on a budget document (profiled with
cProfile over budget_etl.stages.check_document).

The property relied on: during ``batch.validate`` GX turns the suite into configurations and
back into fresh Expectation objects that live only for that call, and nothing assigns to their
fields there, so the configuration built on the first access is the one every later access
would build. ``memoised_configurations()`` caches it for the duration of one ``with`` block
(our validations run under gx_suites' lock, one at a time) and drops the cache on exit, so no
expectation outside the block ever sees a cached value. If a GX release no longer has the
property, nothing is patched and GX runs as it is.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state = threading.local()
_installed: bool | None = None


def _install() -> bool:
    """Wrap ``Expectation.configuration`` once; the wrapper is a pass-through outside a block."""
    global _installed
    if _installed is not None:
        return _installed
    from great_expectations.expectations.expectation import Expectation

    original = Expectation.__dict__.get("configuration")
    if not isinstance(original, property) or original.fget is None:
        _installed = False
        return False
    build = original.fget

    def configuration(self: Any):
        cache = getattr(_state, "cache", None)
        if cache is None:
            return build(self)
        entry = cache.get(id(self))
        if entry is None or entry[0] is not self:
            # The object is kept in the entry so its id cannot be reused inside the block.
            entry = (self, build(self))
            cache[id(self)] = entry
        return entry[1]

    Expectation.configuration = property(configuration, doc=original.__doc__)
    _installed = True
    return True


@contextmanager
def memoised_configurations() -> Iterator[None]:
    """Cache ``Expectation.configuration`` per expectation object until the block ends."""
    if not _install() or getattr(_state, "cache", None) is not None:
        yield
        return
    _state.cache = {}
    try:
        yield
    finally:
        _state.cache = None
