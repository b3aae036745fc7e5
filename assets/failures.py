"""Which failures a retry can cure, and how a failure reads in the Dagster UI.

The job's RetryPolicy (pipelines/jobs.py) retries a step with backoff. Only transient errors
deserve that: a disk or network hiccup, a lock held a moment too long. A bad PDF, a table
that cannot be parsed or a failed check fails the same way every time, so it is raised as a
``dg.Failure`` with ``allow_retries=False`` and a description that names the document, the
table and the page at fault.
"""

from contextlib import contextmanager

import dagster as dg
import duckdb

TRANSIENT = (TimeoutError, ConnectionError, InterruptedError, BlockingIOError, duckdb.IOException)


def is_transient(err: BaseException) -> bool:
    if isinstance(err, TRANSIENT):
        return True
    # Other OS errors (a full disk, an NFS stall) may clear up; a missing file will not.
    return isinstance(err, OSError) and not isinstance(err, (FileNotFoundError, PermissionError, IsADirectoryError))


@contextmanager
def fail_deterministically(document: str, stage: str):
    """Turn every non-transient exception into a non-retried ``dg.Failure`` naming the document."""
    try:
        yield
    except dg.Failure:
        raise
    except Exception as err:
        if is_transient(err):
            raise
        metadata = {"document": document, "stage": stage, "error_type": type(err).__name__}
        for attr in ("table_kind", "page_number", "expected", "seen"):
            if getattr(err, attr, None) is not None:
                metadata[attr] = str(getattr(err, attr))
        raise dg.Failure(
            description=f"{document}: {stage} failed: {err}",
            metadata=metadata,
            allow_retries=False,
        ) from err
