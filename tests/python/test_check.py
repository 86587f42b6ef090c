import pytest

import hotplan
from conftest import EXAMPLE_FLEET, eligible_machine, fleet_of


def test_check_example_fleet_counts(example_fleet):
    result = hotplan.check(example_fleet)
    assert list(result) == ["machines", "eligible", "ineligible", "unknown_kb"]
    assert result["eligible"] + result["ineligible"] == len(example_fleet["machines"]) == len(result["machines"])
    assert [m["id"] for m in result["machines"]] == [m["id"] for m in example_fleet["machines"]]


def test_check_lists_every_failing_prerequisite(machine):
    machine.update({"vbs_status": 0, "uefi": False, "secure_boot": False, "generation": 1})
    entry = hotplan.check(fleet_of(machine))["machines"][0]
    assert entry["eligible"] is False
    assert {"vbs", "uefi", "secure_boot", "generation"} <= set(entry["failed_checks"])
    assert len(entry["reasons"]) == len(entry["failed_checks"])


def test_check_eligible_machine():
    result = hotplan.check(fleet_of(eligible_machine("a"), eligible_machine("b")))
    assert result["eligible"] == 2 and result["ineligible"] == 0
    assert result["machines"][0] == {"id": "a", "product": "ws2025", "eligible": True, "reasons": [],
                                     "failed_checks": [], "warnings": [], "installed_kb_known": True}


def test_check_names_unknown_kbs_and_takes_calendar_data(machine):
    machine.update({"installed_kb": "KB5130001", "build": "26100.33500"})
    result = hotplan.check(fleet_of(machine))
    assert result["unknown_kb"] == 1
    assert "KB5130001" in result["machines"][0]["warnings"][0]
    data = {"product": "ws2025", "months": [{"month": "2026-10", "kind": "baseline", "status": "published",
                                             "kb": "KB5130001", "build": "26100.33500"}]}
    assert hotplan.check(fleet_of(machine), calendar_data=data)["unknown_kb"] == 0


def test_check_path_and_dict_agree(example_fleet):
    assert hotplan.check(EXAMPLE_FLEET) == hotplan.check(str(EXAMPLE_FLEET)) == hotplan.check(example_fleet)


def test_check_bad_machine_names_pointer(machine):
    machine["generation"] = 3
    with pytest.raises(hotplan.InputError) as error:
        hotplan.check(fleet_of(eligible_machine("ok"), machine))
    assert error.value.path == "/machines/1/generation"
