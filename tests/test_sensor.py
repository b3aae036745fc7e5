"""The inbox sensor: stable new files become partitions and runs, once per file version."""

import json
import shutil

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.partitions import FILE_VERSION_TAG
from tests.conftest import SAMPLES


def tick(defs, instance, paths, cursor) -> dg.SensorResult:
    sensor = defs.resolve_sensor_def("inbox_sensor")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"paths": paths})
    return sensor(context)


def test_sensor_waits_for_stable_size_then_requests_one_run_per_version(make_inbox, instance, tmp_path):
    paths, _ = make_inbox()
    defs = build_definitions(paths)
    inbox = paths.inbox_dir
    target = inbox / "吕梁.pdf"
    data = (SAMPLES / "lvliang_city_gov_office_2026.pdf").read_bytes()
    target.write_bytes(data[: len(data) // 2])  # a copy in progress

    first = tick(defs, instance, paths, None)
    assert first.run_requests == []  # size never seen before: maybe still being written
    target.write_bytes(data)  # the copy finished; size changed again
    second = tick(defs, instance, paths, first.cursor)
    assert second.run_requests == []
    third = tick(defs, instance, paths, second.cursor)
    [request] = third.run_requests
    assert request.partition_key == "吕梁市人民政府办公室-2026-部门"
    assert request.tags[FILE_VERSION_TAG] == request.run_key
    assert [r.partition_keys for r in third.dynamic_partitions_requests] == [[request.partition_key]]
    instance.add_dynamic_partitions("documents", [request.partition_key])  # what the daemon does

    # the same bytes under another name: recognised by digest, no new run
    shutil.copy2(target, inbox / "copy of 吕梁.pdf")
    fourth = tick(defs, instance, paths, third.cursor)
    fifth = tick(defs, instance, paths, fourth.cursor)
    assert fourth.run_requests == [] and fifth.run_requests == []
    assert json.loads(fifth.cursor)["requested"] == [request.run_key]
