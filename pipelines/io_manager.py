"""How asset outputs travel between steps: parquet per partition, and JSON for the rest.

Every asset of a document partition returns a polars frame, a mapping of frames (one per
warehouse table) or a dataclass holding frames beside small plain values (page texts, counts,
the identity of a document). This IO manager writes each frame as its own parquet file and the
other fields as one JSON file, under ``<root>/<asset>/<partition key>/``:

    budget_tables/<key>/raw_cells.parquet, raw_tables.parquet, staged.parquet, fields.json
    document_facts/<key>/fact_revenue.parquet, …

so a step re-run alone (the UI's "materialise selected", ``budget-etl run --only``) reads what
the step before it wrote, an engineer can open any intermediate frame with polars or DuckDB, and
nothing is pickled. JSON values are turned back into their declared types with pydantic (a
Dagster dependency), field by field, from the dataclass's type hints.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import typing
from collections.abc import Mapping
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import TypeAdapter

FIELDS_FILE = "fields.json"
CLASS_FILE = "class.json"


class PartitionParquetIOManager(dg.ConfigurableIOManager):
    """Frames as parquet, per asset and partition; see the module docstring."""

    root: str

    def _dir(self, context: dg.OutputContext | dg.InputContext) -> Path:
        return Path(self.root, *context.asset_key.path, context.asset_partition_key)

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        if obj is None:  # a MaterializeResult-only asset stores nothing
            return
        out = self._dir(context)
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        write_value(obj, out)
        context.add_output_metadata({"stored_at": dg.MetadataValue.path(str(out))})

    def load_input(self, context: dg.InputContext):
        return read_value(self._dir(context))


def write_value(obj, out: Path) -> None:
    """Write a frame, a mapping of frames or a dataclass of frames and plain values to ``out``."""
    if isinstance(obj, pl.DataFrame):
        obj.write_parquet(out / "frame.parquet")
        _write_json(out / CLASS_FILE, {"kind": "frame"})
    elif isinstance(obj, Mapping):
        for name, frame in obj.items():
            frame.write_parquet(out / f"{name}.parquet")
        _write_json(out / CLASS_FILE, {"kind": "frames", "names": list(obj)})
    elif dataclasses.is_dataclass(obj):
        plain = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, pl.DataFrame):
                value.write_parquet(out / f"{f.name}.parquet")
            else:
                plain[f.name] = TypeAdapter(_hints(type(obj))[f.name]).dump_python(value, mode="json")
        _write_json(out / FIELDS_FILE, plain)
        _write_json(
            out / CLASS_FILE, {"kind": "dataclass", "class": f"{type(obj).__module__}:{type(obj).__qualname__}"}
        )
    else:
        raise TypeError(f"cannot store a {type(obj).__name__}: expected a polars frame, frames or a dataclass")


def read_value(out: Path):
    """What ``write_value`` wrote to ``out``."""
    if not (out / CLASS_FILE).exists():
        raise FileNotFoundError(f"{out}: nothing stored here; materialise the upstream asset for this partition first")
    stored = json.loads((out / CLASS_FILE).read_text(encoding="utf-8"))
    if stored["kind"] == "frame":
        return pl.read_parquet(out / "frame.parquet")
    if stored["kind"] == "frames":
        return {name: pl.read_parquet(out / f"{name}.parquet") for name in stored["names"]}
    cls = _class(stored["class"])
    plain = json.loads((out / FIELDS_FILE).read_text(encoding="utf-8"))
    hints = _hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in plain:
            values[f.name] = TypeAdapter(hints[f.name]).validate_python(plain[f.name])
        else:
            values[f.name] = pl.read_parquet(out / f"{f.name}.parquet")
    return cls(**values)


def _write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    obj = __import__(module, fromlist=[qualname])
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _hints(cls: type) -> dict:
    return typing.get_type_hints(cls)
