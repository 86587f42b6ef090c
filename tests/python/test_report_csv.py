"""CSV read back as a spreadsheet user would, with Python's csv module, and the
Python forms of the report and the CSV: the same text the CLI writes."""

import csv
import io
import json

import subprocess

import pytest

import hotplan
from conftest import CLI, EXAMPLE_FLEET, eligible_machine, fleet_of, run_cli

PLAN_HEADER = ["id", "product", "month", "offer", "kb", "restart", "restarts", "reason_code", "reason",
               "window_start_utc", "window_end_utc", "window_start_local", "window_end_local", "status"]


@pytest.fixture
def fleet_as_of(dated_fleet_path):
    """The example fleet with its inventory day (conftest), as a rollout needs."""
    return dated_fleet_path


def cli_text(*args):
    """The CLI's standard output as written (CRLF kept), exit code 0."""
    done = subprocess.run([str(CLI), *args], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8")


def read_csv(text):
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


def test_plan_csv_reads_back_as_plan_json():
    args = ["--fleet", str(EXAMPLE_FLEET), "--from", "2025-10", "--months", "6"]
    text = cli_text("plan", *args, "--csv")
    rows = read_csv(text)
    assert rows[0] == PLAN_HEADER
    code, plan_text, _ = run_cli("plan", *args, "--json")
    plan = json.loads(plan_text)
    expected = []
    for m in plan["machines"]:
        for s in m["months"]:
            window = s["window"] or {}
            expected.append([m["id"], m["product"], s["month"], s["offer"], s["kb"] or "",
                             "yes" if s["reboot"] else "no", str(s["restarts"]), s["reason_code"], s["reason"],
                             window.get("start_utc", ""), window.get("end_utc", ""), window.get("start_local", ""),
                             window.get("end_local", ""), "assumed" if s["assumed"] else s["status"]])
    assert rows[1:] == expected
    assert hotplan.plan_csv(EXAMPLE_FLEET, "2025-10", 6) == text


def test_csv_neutralises_formulas_for_spreadsheets(tmp_path):
    fleet = fleet_of(eligible_machine("=1+2"), eligible_machine("@SUM(A1)"), eligible_machine('a "quoted", id'))
    rows = read_csv(hotplan.plan_csv(fleet, "2025-11", 1))
    assert [r[0] for r in rows[1:]] == ["'=1+2", "'@SUM(A1)", 'a "quoted", id']
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@")


def test_rollout_csv_one_row_per_machine(fleet_as_of):
    failures = {"failed": ["az-web-01"]}
    text = hotplan.rollout_csv(fleet_as_of, "2025-11", failures)
    rows = read_csv(text)
    assert rows[0] == ["id", "state", "batch", "phase", "region", "zone", "start_utc", "end_utc", "reason", "detail"]
    result = hotplan.rollout(fleet_as_of, "2025-11", failures)
    by_id = {r[0]: r for r in rows[1:]}
    assert len(by_id) == len(rows) - 1 == len(json.loads(fleet_as_of.read_text())["machines"])
    for batch in result["batches"]:
        for machine in batch["machines"]:
            assert by_id[machine][1:4] == ["patched", str(batch["id"]), str(batch["phase"])]
            assert by_id[machine][6:8] == [batch["start_utc"], batch["end_utc"]]
        for machine in batch["failed"]:
            assert by_id[machine][1] == "failed"
    for skipped in result["not_patched"]:
        assert by_id[skipped["id"]][1] == "not-patched"
        assert by_id[skipped["id"]][8:] == [skipped["reason"], skipped["detail"]]
    failures_path = fleet_as_of.with_name("failures.json")
    failures_path.write_text(json.dumps(failures))
    assert cli_text("rollout", "--fleet", str(fleet_as_of), "--month", "2025-11", "--failures", str(failures_path),
                    "--csv") == text


def test_python_report_is_the_cli_report(tmp_path, fleet_as_of):
    out = tmp_path / "cli.html"
    code, _, err = run_cli("report", "--fleet", str(fleet_as_of), "--months", "6", "--rollout", "2025-11", "-o",
                           str(out))
    assert code == 0, err
    # The fleet's as_of gives the start the CLI chose: 2025-11.
    html = hotplan.report(fleet_as_of, "2025-11", 6, rollout="2025-11")
    assert html == out.read_text()
    written = tmp_path / "py.html"
    assert hotplan.report(fleet_as_of, "2025-11", 6, path=written) is None
    assert written.read_text().startswith("<!DOCTYPE html>")


def test_python_report_errors_name_the_argument(tmp_path, fleet_as_of):
    with pytest.raises(hotplan.InputError) as error:
        hotplan.report(fleet_as_of, "2025-11", 3, failures={"failed": []})
    assert error.value.path == "failures"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.report(fleet_as_of, "2025-11", 3, rollout="2025-13")
    assert error.value.path == "rollout"
    target = tmp_path / "no-such-dir" / "r.html"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.report(fleet_as_of, "2025-11", 3, path=target)
    assert error.value.path == "path"
    bad = fleet_of(eligible_machine("a"))
    bad["machines"][0]["build"] = "x"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.report(bad, "2025-11", 3, path=tmp_path / "r.html")
    assert error.value.path == "/machines/0/build"
    assert list(tmp_path.glob("r.html*")) == []
