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


def test_the_ci_seed_reaches_every_verdict(ci_run):
    reasons = {reason for _, reason in ci_run["offers"]}
    assert reasons >= {
        "baseline", "hotpatch", "off-chain", "not-eligible", "not-enrolled", "enrolled-later",
        "licence-expired", "licence-lapsed", "hotpatch-ended",
    }
    assert {offer for offer, _ in ci_run["offers"]} == {"hotpatch", "baseline", "lcu"}


def test_the_generator_covers_what_the_issue_asks(calendars):
    cases = generate.generate(CI_MACHINES, CI_SEED, calendars, MONTHS)
    machines = [(case.start, case.machine) for case in cases]
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


def test_the_generator_covers_fleets_with_an_as_of(calendars):
    cases = generate.generate(CI_MACHINES, CI_SEED, calendars, MONTHS)
    dated = [case for case in cases if case.as_of is not None]
    assert 0.25 * len(cases) < len(dated) < 0.45 * len(cases)
    for case in dated:
        # The plan starts with the first Patch Tuesday after the as_of.
        assert hotplan_model.first_month_after(case.as_of) == case.start
        # Nothing installed that was released after the inventory day.
        known = calendars[case.machine["product"]].kbs.get(case.machine["installed_kb"])
        if known and "date" in known:
            assert known["date"] <= case.as_of
    tuesdays = {hotplan_model.patch_tuesday(case.start - 1) for case in dated}
    days = {case.as_of for case in dated}
    # The previous Patch Tuesday itself (its release installed) and the day before the next.
    assert days & tuesdays
    assert any(case.as_of == hotplan_model.patch_tuesday(case.start) - datetime.timedelta(days=1) for case in dated)
    # Right before, on and right after out-of-band release days, installing them or not.
    one = datetime.timedelta(days=1)
    oob_days = {day for calendar in calendars.values() for day, _ in calendar.out_of_band_days}
    for shift in (-one, 0 * one, one):
        assert any(case.as_of + shift in oob_days and case.machine.get("install_oob") for case in dated), shift
    # KB5070881 (10-23) and KB5070893 (10-24) after an as_of in October 2025 after its Patch Tuesday.
    assert any(
        datetime.date(2025, 10, 14) <= case.as_of < datetime.date(2025, 10, 23)
        and case.machine["product"] == "ws2025" and case.machine.get("install_oob")
        for case in dated
    )
    # With --from the first month, without --from, and with a later --from.
    assert {None, "first", "later"} <= {
        None if case.shown is None else ("first" if case.shown == case.start else "later") for case in dated
    }
    # A licence workaround between the inventory day and the first release.
    assert any(
        case.as_of < hotplan_model.parse_day(case.machine["license_remediated"]) < hotplan_model.patch_tuesday(case.start)
        for case in dated if case.machine.get("license_remediated")
    )


def small_group(calendars, start_text):
    """A few hundred generated machines that start at one month, and hotplan's plan for them."""
    start = hotplan_model.month_index(start_text)
    machines = [c.machine for c in generate.generate(3000, 7, calendars, MONTHS) if c.start == start and c.as_of is None]
    return start, machines


def test_a_changed_offer_in_hotplan_output_is_a_disagreement(calendars, tmp_path):
    start, machines = small_group(calendars, "2025-11")
    plan = differential.run_cli(CLI, machines, start, MONTHS, tmp_path)
    by_id = {m["id"]: m for m in machines}
    _, disagreements = differential.compare_plans(calendars, by_id, start, MONTHS, plan)
    assert not disagreements

    mutated = copy.deepcopy(plan)
    record = next(r for r in mutated["machines"] if r["months"][3]["offer"] == "hotpatch")
    record["months"][3]["offer"] = "lcu"
    _, disagreements = differential.compare_plans(calendars, by_id, start, MONTHS, mutated)
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
    _, disagreements = differential.compare_plans(calendars, by_id, start, MONTHS, plan)
    assert disagreements
    assert all(d["hotplan"]["reason_code"] != "enrolled-later" for d in disagreements)
    assert {d["model"]["reason_code"] for d in disagreements} == {"enrolled-later"}


def test_a_wrong_as_of_rule_in_the_model_is_caught(calendars, tmp_path, monkeypatch):
    # Generated machines that start in 2025-11 with an as_of before KB5070881 (2025-10-23),
    # all planned as of 2025-10-21 (nothing they run was released after 2025-10-20).
    start = hotplan_model.month_index("2025-11")
    as_of = datetime.date(2025, 10, 21)
    machines = [c.machine for c in generate.generate(3000, 7, calendars, MONTHS)
                if c.start == start and c.as_of is not None and c.as_of <= as_of]
    plan = differential.run_cli(CLI, machines, start, MONTHS, tmp_path, as_of)
    by_id = {m["id"]: m for m in machines}
    _, disagreements = differential.compare_plans(calendars, by_id, start, MONTHS, plan, as_of)
    assert not disagreements
    # A deliberately wrong inventory rule: only the first calendar month's own
    # out-of-band releases install before its release (October's after the as_of do not).
    monkeypatch.setattr(
        hotplan_model.Calendar, "out_of_band_between",
        lambda self, after, before: [(d, r) for d, r in self.out_of_band_in_month(start) if after < d < before])
    _, disagreements = differential.compare_plans(calendars, by_id, start, MONTHS, plan, as_of)
    assert disagreements
    assert all(by_id[d["fleet"]["machines"][0]["id"]].get("install_oob") for d in disagreements)
    assert {d["month"] for d in disagreements} == {"2025-11"}
    assert all(d["model"]["restarts"] < d["hotplan"]["restarts"] for d in disagreements)


def load_regressions():
    with open(REGRESSIONS, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("case", load_regressions(), ids=lambda c: c["fleet"]["machines"][0]["id"])
def test_regression_fixture(case, calendars, tmp_path):
    """Each pasted fixture: the model still says what it said, and hotplan agrees with it."""
    machine = case["fleet"]["machines"][0]
    start, shown, as_of = differential.fixture_plan(case)
    calendar = calendars[machine["product"]]
    model = differential.model_months(calendar, machine, start, shown, case["months"], as_of)
    step = next(s for s in model if s["month"] == case["month"])
    assert {f: step[f] for f in differential.FIELDS} == case["model"], case["note"]

    plan = differential.run_cli(CLI, [machine], shown, case["months"], tmp_path, as_of)
    months = plan["machines"][0]["months"]
    assert differential.first_difference(model, months) is None, (case["note"], months)
