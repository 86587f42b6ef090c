"""hotplan plan --json against the independent model of tests/model/ (issue 15).

The model restates the README's trajectory rules in plain Python; these tests
run a fixed seed of random machines through the CLI once and require the two
to agree on offer, KB, reboot, restarts and reason_code for every machine-month.
A larger random run: scripts/model_check.sh N [SEED].
"""

import copy
import datetime
import json
import sys

import pytest

from conftest import CLI, REPO

sys.path.insert(0, str(REPO / "tests" / "model"))

import differential  # noqa: E402
import generate  # noqa: E402
import hotplan_model  # noqa: E402

CI_SEED = 20261202
CI_MACHINES = 10_000
MONTHS = 24
REGRESSIONS = REPO / "tests" / "model" / "regressions.json"


@pytest.fixture(scope="module")
def calendars():
    return hotplan_model.load_calendars()


@pytest.fixture(scope="module")
def ci_run():
    return differential.check(CI_MACHINES, CI_SEED, CLI, MONTHS)


def test_model_agrees_with_hotplan_on_the_ci_seed(ci_run):
    assert ci_run["machine_months"] == CI_MACHINES * MONTHS
    assert not ci_run["disagreements"], differential.summary(ci_run)


def test_known_deviations_are_only_the_listed_ones(ci_run):
    # Each one is printed by the run and pinned by a fixture below.
    for name in ci_run["known_deviations"]:
        assert set(name.split(" + ")) <= set(differential.KNOWN_DEVIATIONS), differential.summary(ci_run)


def test_the_ci_seed_reaches_every_verdict(ci_run):
    reasons = {reason for _, reason in ci_run["offers"]}
    assert reasons >= {
        "baseline", "hotpatch", "off-chain", "not-eligible", "not-enrolled", "enrolled-later",
        "licence-expired", "licence-lapsed", "hotpatch-ended",
    }
    assert {offer for offer, _ in ci_run["offers"]} == {"hotpatch", "baseline", "lcu"}


def test_the_generator_covers_what_the_issue_asks(calendars):
    machines = generate.generate(CI_MACHINES, CI_SEED, calendars, MONTHS)
    points = {(m["product"], start) for start, m in machines}
    # Both products, every month with a stated kind as a starting point.
    assert points == set(generate.starting_points(calendars))
    assert {"ws2025", "ws2022-azure-edition"} == {product for product, _ in points}
    ids = [m["id"] for _, m in machines]
    for category in ("on-chain", "off-chain", "unknown", "other-product", "ineligible"):
        assert any(f"-{category}" in i for i in ids), category
    assert {m.get("license") for _, m in machines} >= {"expired", "active", None}
    assert any(m.get("license_remediated") for _, m in machines)
    assert {m.get("install_oob") for _, m in machines} >= {True, False, None}
    enrolled = [(start, hotplan_model.parse_day(m["hotpatch_enrolled"])) for start, m in machines if m.get("hotpatch_enrolled")]
    assert any(day == hotplan_model.patch_tuesday(start) for start, day in enrolled)
    assert any(day > hotplan_model.patch_tuesday(start) for start, day in enrolled)
    assert any(m.get("hotpatch_enrolled") is None for _, m in machines)


def small_group(calendars, start_text):
    """A few hundred generated machines that start at one month, and hotplan's plan for them."""
    start = hotplan_model.month_index(start_text)
    machines = [m for s, m in generate.generate(3000, 7, calendars, MONTHS) if s == start]
    return start, machines


def test_a_changed_offer_in_hotplan_output_is_a_disagreement(calendars, tmp_path):
    start, machines = small_group(calendars, "2025-11")
    plan = differential.run_cli(CLI, machines, start, MONTHS, tmp_path)
    by_id = {m["id"]: m for m in machines}
    _, disagreements, _ = differential.compare_plans(calendars, by_id, start, MONTHS, plan)
    assert not disagreements

    mutated = copy.deepcopy(plan)
    record = next(r for r in mutated["machines"] if r["months"][3]["offer"] == "hotpatch")
    record["months"][3]["offer"] = "lcu"
    _, disagreements, _ = differential.compare_plans(calendars, by_id, start, MONTHS, mutated)
    assert [d["fleet"]["machines"][0]["id"] for d in disagreements] == [record["id"]]
    found = disagreements[0]
    assert found["month"] == record["months"][3]["month"]
    assert (found["model"]["offer"], found["hotplan"]["offer"]) == ("hotpatch", "lcu")
    # The printed fixture is the one-machine fleet, ready to paste into regressions.json.
    text = differential.format_disagreement(found)
    pasted = json.loads(text.split("  fixture: ", 1)[1])
    assert pasted["fleet"] == {"machines": [by_id[record["id"]]]}
    assert pasted["from"] == "2025-11"


def test_a_wrong_rule_in_the_model_is_caught(calendars, tmp_path, monkeypatch):
    start, machines = small_group(calendars, "2026-02")
    plan = differential.run_cli(CLI, machines, start, MONTHS, tmp_path)
    by_id = {m["id"]: m for m in machines}
    # A deliberately wrong enrolment rule: enrolled only strictly before Patch Tuesday.
    right = hotplan_model.patch_tuesday
    monkeypatch.setattr(hotplan_model, "patch_tuesday", lambda index: right(index) - datetime.timedelta(days=1))
    _, disagreements, _ = differential.compare_plans(calendars, by_id, start, MONTHS, plan)
    assert disagreements
    assert all(d["hotplan"]["reason_code"] != "enrolled-later" for d in disagreements)
    assert {d["model"]["reason_code"] for d in disagreements} == {"enrolled-later"}


def load_regressions():
    with open(REGRESSIONS, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("case", load_regressions(), ids=lambda c: c["fleet"]["machines"][0]["id"])
def test_regression_fixture(case, calendars, tmp_path):
    """Each pasted fixture: the model still says what it said, and hotplan agrees with it
    (or, for a listed deviation, agrees only when the model reproduces the deviation)."""
    machine = case["fleet"]["machines"][0]
    start = hotplan_model.month_index(case["from"])
    calendar = calendars[machine["product"]]
    model = hotplan_model.plan_machine(calendar, machine, start, case["months"])
    step = next(s for s in model if s["month"] == case["month"])
    assert {f: step[f] for f in differential.FIELDS} == case["model"], case["note"]

    plan = differential.run_cli(CLI, [machine], start, case["months"], tmp_path)
    months = plan["machines"][0]["months"]
    name = case.get("deviation")
    if name is None:
        assert differential.first_difference(model, months) is None, (case["note"], months)
        return
    assert name in differential.KNOWN_DEVIATIONS
    assert differential.first_difference(model, months) is not None, (
        f"hotplan now follows the README here: remove '{name}' from KNOWN_DEVIATIONS "
        "and the fixture's deviation key")
    reproduced = hotplan_model.plan_machine(calendar, machine, start, case["months"], (name,))
    assert differential.first_difference(reproduced, months) is None, (case["note"], months)
