"""hotplan.rollout: a month's availability-first rollout, and how failures stop it."""

import datetime
import json

import pytest

import hotplan
from conftest import EXAMPLE_FLEET


def test_rollout_covers_the_fleet_and_passes_its_checks(example_fleet):
    result = hotplan.rollout(example_fleet, "2025-11")
    assert list(result) == ["month", "release_utc", "deadline_utc", "phases", "batches", "not_patched", "checks"]
    assert result["month"] == "2025-11"
    rolled = [m for b in result["batches"] for m in b["machines"] + b["failed"]]
    skipped = [s["id"] for s in result["not_patched"]]
    assert sorted(rolled + skipped) == sorted(m["id"] for m in example_fleet["machines"])
    assert result["checks"] and all(c["ok"] for c in result["checks"])


def test_path_and_date_arguments_agree(example_fleet):
    assert hotplan.rollout(EXAMPLE_FLEET, datetime.date(2025, 11, 20)) == hotplan.rollout(example_fleet, "2025-11")


def test_a_failure_is_reported_and_the_checks_still_pass(example_fleet, tmp_path):
    first = hotplan.rollout(example_fleet, "2025-11")["batches"][0]["machines"][0]
    result = hotplan.rollout(example_fleet, "2025-11", failures={"failed": [first]})
    assert first in [m for b in result["batches"] for m in b["failed"]]
    assert all(c["ok"] for c in result["checks"])
    path = tmp_path / "failures.json"
    path.write_text(json.dumps({"failed": [first]}))
    assert hotplan.rollout(example_fleet, "2025-11", failures=path) == result


def test_unknown_failed_id_names_its_pointer(example_fleet):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(example_fleet, "2025-11", failures={"failed": ["az-web-01", "nope"]})
    assert info.value.path == "/failed/1"


def test_bad_failures_document(example_fleet, tmp_path):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(example_fleet, "2025-11", failures={"failed": [1]})
    assert info.value.path == "/failed/0"
    bad = tmp_path / "failures.json"
    bad.write_text("{not json")
    with pytest.raises(hotplan.InputError):
        hotplan.rollout(example_fleet, "2025-11", failures=bad)
    with pytest.raises(TypeError):
        hotplan.rollout(example_fleet, "2025-11", failures=["az-web-01"])


def test_bad_fleet_and_month(example_fleet):
    example_fleet["machines"][3]["build"] = "x"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(example_fleet, "2025-11")
    assert info.value.path == "/machines/3/build"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(EXAMPLE_FLEET, "November")
    assert info.value.path == "month"
