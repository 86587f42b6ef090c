"""hotplan.rollout: a month's availability-first rollout, and how failures stop it."""

import datetime
import json

import pytest

import hotplan


def test_rollout_covers_the_fleet_and_passes_its_checks(dated_fleet):
    result = hotplan.rollout(dated_fleet, "2025-11")
    assert list(result) == ["month", "release_utc", "deadline_utc", "phases", "batches", "not_patched", "checks"]
    assert list(result["batches"][0]) == ["id", "phase", "region", "zone", "start_utc", "end_utc", "machines", "failed",
                                          "offers", "local_starts"]
    assert result["month"] == "2025-11"
    rolled = [m for b in result["batches"] for m in b["machines"] + b["failed"]]
    skipped = [s["id"] for s in result["not_patched"]]
    assert sorted(rolled + skipped) == sorted(m["id"] for m in dated_fleet["machines"])
    assert result["checks"] and all(c["ok"] for c in result["checks"])


def test_path_and_date_arguments_agree(dated_fleet, dated_fleet_path):
    assert hotplan.rollout(dated_fleet_path, datetime.date(2025, 11, 20)) == hotplan.rollout(dated_fleet, "2025-11")


def test_a_failure_is_reported_and_the_checks_still_pass(dated_fleet, tmp_path):
    first = hotplan.rollout(dated_fleet, "2025-11")["batches"][0]["machines"][0]
    result = hotplan.rollout(dated_fleet, "2025-11", failures={"failed": [first]})
    assert first in [m for b in result["batches"] for m in b["failed"]]
    assert all(c["ok"] for c in result["checks"])
    path = tmp_path / "failures.json"
    path.write_text(json.dumps({"failed": [first]}))
    assert hotplan.rollout(dated_fleet, "2025-11", failures=path) == result


def test_unknown_failed_id_names_its_pointer(dated_fleet):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(dated_fleet, "2025-11", failures={"failed": ["az-web-01", "nope"]})
    assert info.value.path == "/failed/1"


def test_bad_failures_document(dated_fleet, tmp_path):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(dated_fleet, "2025-11", failures={"failed": [1]})
    assert info.value.path == "/failed/0"
    bad = tmp_path / "failures.json"
    bad.write_text("{not json")
    with pytest.raises(hotplan.InputError):
        hotplan.rollout(dated_fleet, "2025-11", failures=bad)
    with pytest.raises(TypeError):
        hotplan.rollout(dated_fleet, "2025-11", failures=["az-web-01"])


def test_bad_fleet_and_month(dated_fleet, dated_fleet_path):
    dated_fleet["machines"][3]["build"] = "x"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(dated_fleet, "2025-11")
    assert info.value.path == "/machines/3/build"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(dated_fleet_path, "November")
    assert info.value.path == "month"


def test_the_rollout_takes_each_machine_from_the_plan(dated_fleet):
    """Every machine whose plan month installs anything is scheduled; its offer is the plan's."""
    plan = hotplan.plan(dated_fleet, "2026-02", months=1)
    rollout = hotplan.rollout(dated_fleet, "2026-02")
    scheduled = {m for b in rollout["batches"] for m in b["machines"] + b["failed"]}
    for machine in plan["machines"]:
        step = machine["months"][0]
        if step["offer"] == "none":
            assert machine["id"] not in scheduled
        else:
            assert machine["id"] in scheduled, machine["id"]
    offers = {"hotpatch": 0, "baseline": 0, "regular": 0, "catalog": 0, "restarting": 0}
    for batch in rollout["batches"]:
        for key in offers:
            offers[key] += batch["offers"][key]
    planned = [m["months"][0] for m in plan["machines"] if m["months"][0]["offer"] != "none"]
    assert offers["hotpatch"] == sum(s["offer"] == "hotpatch" for s in planned)
    assert offers["regular"] == sum(s["offer"] == "lcu" for s in planned)
    assert offers["restarting"] == sum(s["reboot"] for s in planned)


def test_a_month_the_inventory_already_reflects_is_an_error(dated_fleet, example_fleet):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(dated_fleet, "2025-10")
    assert info.value.path == "month" and "2025-10-25" in str(info.value) and "as_of" in str(info.value)
    # Without as_of the inventory is today's: a month long past cannot be rolled out.
    with pytest.raises(hotplan.InputError) as info:
        hotplan.rollout(example_fleet, "2025-11")
    assert info.value.path == "month"
