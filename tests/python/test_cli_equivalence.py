"""The Python functions return exactly what the CLI prints with --json, field order included."""

import json

import hotplan
from conftest import EXAMPLE_FLEET, REPO, run_cli


def cli_json(*args):
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    return out


def as_cli_text(result):
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def test_plan_equals_cli_json(example_fleet):
    out = cli_json("plan", "--fleet", str(EXAMPLE_FLEET), "--from", "2025-10", "--months", "12")
    assert hotplan.plan(example_fleet, "2025-10", 12) == json.loads(out)
    assert as_cli_text(hotplan.plan(EXAMPLE_FLEET, "2025-10", 12)) == out


def test_check_equals_cli_json(example_fleet):
    out = cli_json("check", "--fleet", str(EXAMPLE_FLEET))
    assert as_cli_text(hotplan.check(example_fleet)) == out


def test_calendar_equals_cli_json():
    for product in ("ws2025", "ws2022-azure-edition"):
        out = cli_json("calendar", "--product", product, "--from", "2024-11", "--months", "30")
        assert as_cli_text(hotplan.calendar(product, "2024-11", 30)) == out


def test_windows_equals_cli_json():
    out = cli_json("windows", "--tz", "W. Europe Standard Time", "--from", "2026-03-25", "--to", "2026-04-02",
                   "--start", "01:30", "--end", "03:00", "--days", "Sat,Sun")
    offpeak = {"start": "01:30", "end": "03:00", "days": ["Sat", "Sun"]}
    assert as_cli_text(hotplan.windows("W. Europe Standard Time", "2026-03-25", "2026-04-02", offpeak)) == out


CATALOG = EXAMPLE_FLEET.parent / "catalog.json"
PATCH_BASELINE = EXAMPLE_FLEET.parent / "policies" / "patch-baseline.json"


def test_plan_with_catalog_equals_cli_json(example_fleet):
    out = cli_json("plan", "--fleet", str(EXAMPLE_FLEET), "--from", "2025-10", "--months", "12", "--catalog",
                   str(CATALOG), "--policy", str(PATCH_BASELINE))
    assert as_cli_text(hotplan.plan(example_fleet, "2025-10", 12, CATALOG, PATCH_BASELINE)) == out
    out = cli_json("plan", "--fleet", str(EXAMPLE_FLEET), "--from", "2025-10", "--months", "12", "--catalog",
                   str(CATALOG))
    assert as_cli_text(hotplan.plan(example_fleet, "2025-10", 12, catalog=CATALOG)) == out


def test_classify_equals_cli_json(example_fleet):
    out = cli_json("classify", "--catalog", str(CATALOG), "--policy", "automatic-by-platform", "--month", "2025-10")
    assert as_cli_text(hotplan.classify(CATALOG, "automatic-by-platform", month="2025-10")) == out
    for machine in ("az-web-01", "az-app-2022", "legacy-01"):
        out = cli_json("classify", "--catalog", str(CATALOG), "--policy", str(PATCH_BASELINE), "--fleet",
                       str(EXAMPLE_FLEET), "--machine", machine, "--as-of", "2025-11-20")
        result = hotplan.classify(CATALOG, PATCH_BASELINE, fleet=example_fleet, machine=machine, as_of="2025-11-20")
        assert as_cli_text(result) == out, machine


def test_rollout_equals_cli_json(dated_fleet, dated_fleet_path, tmp_path):
    out = cli_json("rollout", "--fleet", str(dated_fleet_path), "--month", "2025-11")
    assert as_cli_text(hotplan.rollout(dated_fleet, "2025-11")) == out
    failures = tmp_path / "failures.json"
    failures.write_text(json.dumps({"failed": ["az-web-01"]}))
    out = cli_json("rollout", "--fleet", str(dated_fleet_path), "--month", "2025-11", "--failures", str(failures))
    assert as_cli_text(hotplan.rollout(dated_fleet, "2025-11", failures={"failed": ["az-web-01"]})) == out
    catalog = EXAMPLE_FLEET.parent / "catalog.json"
    out = cli_json("rollout", "--fleet", str(dated_fleet_path), "--month", "2026-02", "--catalog", str(catalog))
    assert as_cli_text(hotplan.rollout(dated_fleet, "2026-02", catalog=catalog)) == out


def test_unknown_machine_is_an_error_in_both(tmp_path):
    code, _, err = run_cli("classify", "--catalog", str(CATALOG), "--policy", "automatic-by-platform", "--fleet",
                           str(EXAMPLE_FLEET), "--machine", "nope")
    assert code == 2 and '"nope"' in err
    try:
        hotplan.classify(CATALOG, "automatic-by-platform", fleet=EXAMPLE_FLEET, machine="nope")
    except hotplan.InputError as error:
        assert error.path == "machine"
    else:
        raise AssertionError("expected InputError")


def test_errors_name_the_same_place_as_the_cli(tmp_path, example_fleet):
    example_fleet["machines"][2]["installed_kb"] = "KB12"
    path = tmp_path / "fleet.json"
    path.write_text(json.dumps(example_fleet))
    code, _, err = run_cli("check", "--fleet", str(path))
    assert code == 2
    try:
        hotplan.check(example_fleet)
    except hotplan.InputError as error:
        assert f"hotplan: error: {error}" in err
    else:
        raise AssertionError("expected InputError")


def test_plan_built_straight_from_the_plan_equals_cli_json_on_a_generated_fleet(tmp_path):
    # hotplan.plan builds its dicts from the library's serialisers without a Json
    # value in between: every field, string and nesting must match the CLI's text.
    import importlib.util
    spec = importlib.util.spec_from_file_location("fleet_gen", REPO / "bench" / "fleet_gen.py")
    fleet_gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fleet_gen)
    path = tmp_path / "fleet.json"
    fleet_gen.write_fleet(400, path)
    out = cli_json("plan", "--fleet", str(path), "--months", "14")
    assert as_cli_text(hotplan.plan(path, "2025-11", 14)) == out
    fleet = json.loads(path.read_text(encoding="utf-8"))
    fleet["machines"][0]["install_oob"] = True
    fleet["as_of"] = "2025-10-21"
    path.write_text(json.dumps(fleet), encoding="utf-8")
    out = cli_json("plan", "--fleet", str(path), "--from", "2025-11", "--months", "3")
    result = hotplan.plan(fleet, "2025-11", 3)
    assert result["machines"][0]["months"][0]["out_of_band"], "the first machine installs an out-of-band release"
    assert as_cli_text(result) == out


def test_plan_leaves_the_garbage_collector_as_it_found_it(example_fleet):
    import gc
    assert gc.isenabled()
    hotplan.plan(example_fleet, "2025-10", 3)
    assert gc.isenabled()
    gc.disable()
    try:
        hotplan.plan(example_fleet, "2025-10", 3)
        assert not gc.isenabled()
    finally:
        gc.enable()
