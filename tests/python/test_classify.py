"""hotplan.classify: the catalog under a policy, optionally for one machine of a fleet."""

import datetime
import json

import pytest

import hotplan
from conftest import EXAMPLE_FLEET, REPO

CATALOG = REPO / "data" / "examples" / "catalog.json"
PATCH_BASELINE = REPO / "data" / "examples" / "policies" / "patch-baseline.json"


@pytest.fixture
def catalog():
    with open(CATALOG, encoding="utf-8") as f:
        return json.load(f)


def test_every_catalog_entry_is_approved_or_skipped_once(catalog):
    result = hotplan.classify(catalog, "automatic-by-platform", month="2025-10")
    kbs = [a["kb"] for a in result["approved"]] + [s["kb"] for s in result["skipped"]]
    assert sorted(kbs) == sorted(u["kb"] for u in catalog["updates"])
    assert [a["order"] for a in result["approved"]] == list(range(1, len(result["approved"]) + 1))
    assert list(result) == ["approved", "skipped", "reboot", "reboot_kbs", "warnings"]


def test_month_restricts_to_its_release_cycle(catalog):
    result = hotplan.classify(catalog, "automatic-by-platform", month="2025-10")
    assert any(s["code"] == "other-cycle" for s in result["skipped"])


def test_date_and_text_arguments_agree(catalog):
    by_text = hotplan.classify(CATALOG, "automatic-by-platform", month="2025-11", as_of="2025-12-01")
    by_date = hotplan.classify(catalog, "automatic-by-platform", month=datetime.date(2025, 11, 1),
                               as_of=datetime.date(2025, 12, 1))
    assert by_text == by_date


def test_policy_as_path_and_as_dict_agree(catalog):
    with open(PATCH_BASELINE, encoding="utf-8") as f:
        policy = json.load(f)
    assert hotplan.classify(catalog, PATCH_BASELINE, month="2025-10") == hotplan.classify(catalog, policy,
                                                                                          month="2025-10")


def test_a_machine_skips_other_products_updates(catalog, example_fleet):
    ws2022 = next(m["id"] for m in example_fleet["machines"] if m["product"] == "ws2022-azure-edition")
    result = hotplan.classify(catalog, "automatic-by-platform", fleet=example_fleet, machine=ws2022, month="2025-10")
    assert any(s["code"] == "product" for s in result["skipped"])
    assert result == hotplan.classify(CATALOG, "automatic-by-platform", EXAMPLE_FLEET, ws2022, "2025-10")


def test_unknown_machine_is_an_input_error(catalog, example_fleet):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, "automatic-by-platform", fleet=example_fleet, machine="nope", month="2025-10")
    assert info.value.path == "machine"
    assert '"nope"' in str(info.value)


def test_fleet_and_machine_go_together(catalog, example_fleet):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, "automatic-by-platform", fleet=example_fleet)
    assert info.value.path == "machine"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, "automatic-by-platform", machine="az-web-01")
    assert info.value.path == "fleet"


def test_bad_catalog_names_its_json_pointer(catalog):
    catalog["updates"][1]["kb"] = "KB1"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, "automatic-by-platform", month="2025-10")
    assert info.value.path == "/updates/1/kb"


def test_bad_policy_names_its_json_pointer(catalog):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, {"type": "no-such-policy"})
    assert info.value.path == "/type"


def test_bad_arguments(catalog, tmp_path):
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, "automatic-by-platform", month="2025-13")
    assert info.value.path == "month"
    with pytest.raises(hotplan.InputError) as info:
        hotplan.classify(catalog, "automatic-by-platform", as_of="yesterday")
    assert info.value.path == "as_of"
    with pytest.raises(hotplan.InputError):
        hotplan.classify(tmp_path / "missing.json", "automatic-by-platform")
    with pytest.raises(TypeError):
        hotplan.classify(catalog, 42)
    with pytest.raises(TypeError):
        hotplan.classify(catalog, "automatic-by-platform", fleet={"machines": []}, machine=7)
