import datetime
import json

import pytest

import hotplan
from conftest import EXAMPLE_FLEET, eligible_machine, fleet_of


def test_plan_structure(example_fleet):
    result = hotplan.plan(example_fleet, "2025-10", 12)
    assert list(result) == ["from", "to", "as_of", "warnings", "machines"]
    assert (result["from"], result["to"], result["as_of"]) == ("2025-10", "2026-09", None)
    first = result["machines"][0]
    assert list(first) == ["id", "product", "eligible", "reasons", "failed_checks", "warnings", "installed_kb_known",
                           "restarts", "restart_months", "months"]
    assert list(first["months"][0]) == ["month", "kind", "status", "offer", "kb", "build", "reboot", "restarts", "reason",
                                        "reason_code", "out_of_band", "window", "assumed", "assumption"]
    for m in result["machines"]:
        assert len(m["months"]) == 12
        assert m["restart_months"] == sum(step["reboot"] for step in m["months"])
        assert m["restarts"] == sum(step["restarts"] for step in m["months"])
        assert m["restarts"] >= m["restart_months"]


def test_eligible_machine_restarts_only_in_baselines():
    result = hotplan.plan(fleet_of(eligible_machine("a")), "2025-11", 6)
    steps = result["machines"][0]["months"]
    assert [s["offer"] for s in steps] == ["hotpatch", "hotpatch", "baseline", "hotpatch", "hotpatch", "baseline"]
    assert [s["reboot"] for s in steps] == [False, False, True, False, False, True]


def test_off_chain_machine_gets_lcus_until_the_baseline(machine):
    machine.update({"installed_kb": "KB5070881", "build": "26100.6905"})  # the October 2025 OOB off the chain
    steps = hotplan.plan(fleet_of(machine), "2025-11", 3)["machines"][0]["months"]
    assert [s["offer"] for s in steps] == ["lcu", "lcu", "baseline"]
    assert steps[0]["reason_code"] == "off-chain"


def test_inputs_as_dict_str_path_and_pathlike_agree(example_fleet):
    from_dict = hotplan.plan(example_fleet, "2025-10", 3)
    assert hotplan.plan(str(EXAMPLE_FLEET), "2025-10", 3) == from_dict
    assert hotplan.plan(EXAMPLE_FLEET, "2025-10", 3) == from_dict
    assert hotplan.plan(bytes(EXAMPLE_FLEET), "2025-10", 3) == from_dict


def test_start_as_date(example_fleet):
    assert hotplan.plan(example_fleet, datetime.date(2025, 10, 20), 2) == hotplan.plan(example_fleet, "2025-10", 2)


def test_keyword_arguments_and_default_months(example_fleet):
    result = hotplan.plan(fleet=example_fleet, start="2025-10")
    assert result["to"] == "2026-09"


def test_input_dict_is_not_modified(example_fleet):
    before = json.dumps(example_fleet)
    hotplan.plan(example_fleet, "2025-10", 2)
    assert json.dumps(example_fleet) == before


def test_tuple_accepted_as_array(machine):
    other = dict(machine, id="m2")
    machine["depends_on"] = ("m2",)
    result = hotplan.plan(fleet_of(machine, other), "2025-10", 1)
    assert [m["id"] for m in result["machines"]] == ["m1", "m2"]


def test_results_are_fresh_objects(example_fleet):
    first = hotplan.plan(example_fleet, "2025-10", 2)
    first["machines"].clear()
    assert hotplan.plan(example_fleet, "2025-10", 2)["machines"]


def test_bad_machine_field_names_pointer(machine):
    machine["build"] = "26100"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan(fleet_of(eligible_machine("a"), machine), "2025-10")
    assert error.value.path == "/machines/1/build"
    assert "26100.6899" in error.value.message
    assert str(error.value).startswith("/machines/1/build: ")


def test_unknown_field_is_rejected(machine):
    machine["biuld"] = "26100.6899"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan(fleet_of(machine), "2025-10")
    assert error.value.path == "/machines/0/biuld"


def test_duplicate_ids(machine):
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan(fleet_of(machine, dict(machine)), "2025-10")
    assert error.value.path == "/machines/1/id"


def test_missing_file():
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan("/nonexistent/fleet.json", "2025-10")
    assert error.value.path == ""
    assert "/nonexistent/fleet.json" in error.value.message


def test_file_with_invalid_json(tmp_path):
    path = tmp_path / "fleet.json"
    path.write_text('{"machines": [')
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan(path, "2025-10")
    assert "not valid JSON" in error.value.message


def test_file_nested_too_deep_is_a_limit_error(tmp_path):
    path = tmp_path / "fleet.json"
    path.write_text("[" * 10_000 + "]" * 10_000)
    with pytest.raises(hotplan.LimitError):
        hotplan.plan(path, "2025-10")


def test_path_with_nul_byte_is_a_value_error():
    with pytest.raises(ValueError):
        hotplan.plan("fleet\0.json", "2025-10")


@pytest.mark.parametrize("fleet", [None, 42, 1.5, ["machines"], {"machines"}, object()])
def test_fleet_of_the_wrong_type_is_a_type_error(fleet):
    with pytest.raises(TypeError, match="fleet"):
        hotplan.plan(fleet, "2025-10")


def test_bad_start_and_months(example_fleet):
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan(example_fleet, "2025/10")
    assert error.value.path == "start"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.plan(example_fleet, "2025-10", 0)
    assert error.value.path == "months"


CATALOG = EXAMPLE_FLEET.parent / "catalog.json"
PATCH_BASELINE = EXAMPLE_FLEET.parent / "policies" / "patch-baseline.json"


def test_catalog_adds_its_restarts_to_the_plan(example_fleet):
    plain = hotplan.plan(example_fleet, "2025-10", 12)
    with_catalog = hotplan.plan(example_fleet, "2025-10", 12, catalog=CATALOG)
    assert with_catalog != plain
    for before, after in zip(plain["machines"], with_catalog["machines"]):
        assert after["restart_months"] == sum(step["reboot"] for step in after["months"])
        assert after["restarts"] == sum(step["restarts"] for step in after["months"])
    assert hotplan.plan(example_fleet, "2025-10", 12, CATALOG, "automatic-by-platform") == with_catalog


def test_catalog_and_policy_as_dicts_or_paths_agree(example_fleet):
    with open(CATALOG, encoding="utf-8") as f:
        catalog = json.load(f)
    with open(PATCH_BASELINE, encoding="utf-8") as f:
        policy = json.load(f)
    assert hotplan.plan(example_fleet, "2025-10", 6, catalog, policy) == hotplan.plan(
        example_fleet, "2025-10", 6, CATALOG, PATCH_BASELINE)


def test_policy_needs_a_catalog(example_fleet):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.plan(example_fleet, "2025-10", 6, policy="automatic-by-platform")
    assert info.value.path == "policy"


def test_bad_catalog_and_policy_name_their_pointer(example_fleet):
    with open(CATALOG, encoding="utf-8") as f:
        catalog = json.load(f)
    catalog["updates"][2]["released"] = "someday"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.plan(example_fleet, "2025-10", 6, catalog=catalog)
    assert info.value.path == "/updates/2/released"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.plan(example_fleet, "2025-10", 6, catalog=CATALOG, policy={"type": "weekly"})
    assert info.value.path == "/type"
    with pytest.raises(TypeError):
        hotplan.plan(example_fleet, "2025-10", 6, catalog=[])


def test_unknown_kb_is_flagged_and_calendar_data_resolves_it(machine):
    machine.update({"installed_kb": "KB5130001", "build": "26100.33500"})
    result = hotplan.plan(fleet_of(machine), "2026-11", 2)
    assert len(result["warnings"]) == 1 and "newer than the data" in result["warnings"][0]
    steps = result["machines"][0]["months"]
    assert [s["assumed"] for s in steps] == [True, True]
    assert "KB5130001" in steps[0]["assumption"]
    data = {"product": "ws2025", "months": [{"month": "2026-10", "kind": "baseline", "status": "published",
                                             "kb": "KB5130001", "build": "26100.33500"}]}
    resolved = hotplan.plan(fleet_of(machine), "2026-11", 2, calendar_data=data)
    assert resolved["warnings"] == []
    assert [s["offer"] for s in resolved["machines"][0]["months"]] == ["hotpatch", "hotpatch"]
    assert [s["assumed"] for s in resolved["machines"][0]["months"]] == [False, False]
