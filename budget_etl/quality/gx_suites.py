"""Run the great-expectations 1.x suites of the staged and fact frames over polars frames.

Why not ``dagster-ge``: it supports only GX < 1.0. GX runs here from plain code, in an
ephemeral context (nothing written to disk), with a pandas data source over the frame.

- One suite per frame, generated from its table's declaration with a hand-written overlay
  (``schemas.render_gx.suite``: schemas/tables.py + ``expectations/<name>.json``), built with
  ``ExpectationSuite(**json)``; its expectations carry GX's own ``severity``: ``critical`` →
  ERROR (withholds the tables the frame is read from), ``warning``/``info`` → WARN.
- ``import great_expectations`` costs ~3.5 s, so it happens once per process, on first use
  (importing this module is free), and the context and data source are built once too.
- GX prints tqdm progress bars for every validation and sends usage analytics by default:
  both are switched off in the context's configuration.
- A failed expectation becomes a CheckResult whose detail names the unexpected values and the
  rows they are on (``meta.report_columns`` of the suite), so the Dagster check metadata and the
  quality_check_result row say which rows are wrong, not only that something is.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import polars as pl

from budget_etl.quality.gx_configuration_memo import memoised_configurations
from budget_etl.quality.results import ERROR, WARN, CheckResult
from schemas.render_gx import SUITE_TABLES, suite

# How many unexpected values/rows one result's detail lists (the count is always complete).
MAX_REPORTED = 10

_lock = threading.Lock()  # GX contexts are not thread-safe; Dagster may run steps in threads


@dataclass(frozen=True)
class _Runtime:
    gx: Any  # the great_expectations module
    batch_definition: Any


@lru_cache(maxsize=1)
def _runtime() -> _Runtime:
    """Import GX and build the ephemeral context once per process."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    asset = context.data_sources.add_pandas("budget_etl").add_dataframe_asset("staged_frame")
    return _Runtime(gx=gx, batch_definition=asset.add_batch_definition_whole_dataframe("whole_frame"))


def suite_names() -> list[str]:
    return sorted(SUITE_TABLES)


def suite_json(name: str) -> dict:
    """The suite as JSON: generated from the declaration, then the overlay (built once per process)."""
    return suite(name)


def load_suite(name: str, *, empty_frame: bool = False):
    """A GX ExpectationSuite built from the suite of frame ``name``.

    An expectation whose ``meta.skip_if_empty`` says why is left out for an empty frame: e.g.
    "12 rows of 三公 facts" holds for every document whose 三公 table was found, and a table
    that was not found is reported once, by ``table_found_<kind>``, not again here.
    """
    spec = dict(suite_json(name))
    if empty_frame:
        spec["expectations"] = [e for e in spec["expectations"] if not e.get("meta", {}).get("skip_if_empty")]
    return _suite_from(spec)


def check_name_of(suite: str) -> str:
    return f"gx_{suite}"


def severity_of(gx_severity: Any) -> str:
    """GX's FailureSeverity (critical/warning/info) as our ERROR/WARN."""
    value = getattr(gx_severity, "value", gx_severity) or "critical"
    return ERROR if value == "critical" else WARN


def to_pandas(frame: pl.DataFrame):
    """The frame for GX: Decimal columns stay Decimal objects (exact), strings stay strings."""
    return frame.to_pandas()


def run_suite(name: str, frame: pl.DataFrame, *, table_kind: str | None = None) -> list[CheckResult]:
    """Validate ``frame`` against suite ``name``: one CheckResult per expectation."""
    runtime = _runtime()
    spec = suite_json(name)
    report_columns = [c for c in spec.get("meta", {}).get("report_columns", []) if c in frame.columns]
    data = to_pandas(frame)
    suite = load_suite(name, empty_frame=frame.height == 0)
    with _lock, memoised_configurations():
        batch = runtime.batch_definition.get_batch(batch_parameters={"dataframe": data})
        # BASIC is enough to know that a suite passed, and GX's COMPLETE bookkeeping (every
        # unexpected row and its index) is most of a validation's cost; a suite with a failure
        # is validated again with COMPLETE so its result names the rows. (Measured by the
        # benchmark: 1.08 -> 0.66 CPU-s of checks per sample document, identical results.)
        validation = batch.validate(suite, result_format={"result_format": "BASIC"})
        results = list(validation.results)
        failed = [i for i, r in enumerate(results) if not r.success]
        if failed:
            # Only the failed expectations again, with COMPLETE: a suite whose one warning
            # fails (a real template's repeated codes) costs one expectation more, not two suites.
            result_format = {"result_format": "COMPLETE"}
            if report_columns:
                result_format["unexpected_index_column_names"] = report_columns
            spec_failed = dict(suite_json(name))
            spec_failed["expectations"] = [_spec_of(results[i].expectation_config) for i in failed]
            again = batch.validate(_suite_from(spec_failed), result_format=result_format).results
            for i, r in zip(failed, again):
                results[i] = r
    return [_result_of(name, r, frame, table_kind) for r in results]


def _spec_of(config: Any) -> dict:
    """An expectation configuration as the suite JSON writes it (type, kwargs, meta, severity)."""
    spec = config.to_json_dict()
    spec["kwargs"] = {k: v for k, v in spec.get("kwargs", {}).items() if k != "batch_id"}
    return {k: v for k, v in spec.items() if k not in ("id", "rendered_content")}


def _suite_from(spec: dict):
    return _runtime().gx.ExpectationSuite(
        **{k: v for k, v in spec.items() if k in ("name", "expectations", "meta", "notes")}
    )


def _result_of(suite: str, r: Any, frame: pl.DataFrame, table_kind: str | None) -> CheckResult:
    config = r.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    target = kwargs.get("column") or ",".join(kwargs.get("column_list", [])) or "table"
    subject = f"{config.type}({target})"
    result = r.result or {}
    error = (r.exception_info or {}).get("exception_message") if not r.success else None
    unexpected = result.get("unexpected_count")
    rows = result.get("unexpected_index_list") or []
    what = config.description or subject
    if r.success:
        detail = f"{what}: ok"
    elif error:
        detail = f"{what}: GX raised {error}"
    elif unexpected is not None:
        values = _brief(result.get("partial_unexpected_list") or result.get("unexpected_list") or [])
        detail = f"{what}: {unexpected} of {result.get('element_count', frame.height)} unexpected, e.g. {values}"
        if rows and isinstance(rows[0], dict):
            detail += f"; rows {_brief(rows)}"
    else:
        detail = f"{what}: observed {_brief(result.get('observed_value'))}"
        mismatch = (result.get("details") or {}).get("mismatched")
        if mismatch:
            detail += f", mismatched {_brief(mismatch)}"
    first = rows[0] if rows and isinstance(rows[0], dict) else {}
    return CheckResult(
        check_name=check_name_of(suite),
        severity=severity_of(config.severity),
        passed=bool(r.success),
        expected=Decimal(0) if unexpected is not None else None,
        actual=Decimal(unexpected) if unexpected is not None else None,
        table_kind=first.get("table_kind") or table_kind,
        page_number=_int_or_none(first.get("page_number")),
        subject=subject,
        detail=detail,
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _brief(value: Any) -> str:
    """A short, JSON-ish rendering of GX's result values (numpy scalars, Decimals, dicts)."""
    if isinstance(value, list):
        shown = [_plain(v) for v in value[:MAX_REPORTED]]
        more = f" … (+{len(value) - MAX_REPORTED})" if len(value) > MAX_REPORTED else ""
        return json.dumps(shown, ensure_ascii=False, default=str) + more
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value
