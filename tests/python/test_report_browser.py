"""The HTML report, opened as a person would: headless Chromium loads the file from
disk, the test reads the rendered DOM and checks its figures against `plan --json`
and `rollout --json` for the same inputs, and takes a screenshot that must not be
blank. Bad input gets plan's error and exit code 2, and leaves no file behind.

Skipped only when Chromium is missing (scripts/setup.sh installs it, so CI runs it).
With HOTPLAN_WRITE_SCREENSHOT=1 the screenshot is also written to
docs/report-example.png (the README's picture)."""

import html.parser
import json
import os
import pathlib
import shutil
import struct
import subprocess
import tempfile
import zlib

import pytest

from conftest import EXAMPLE_FLEET, REPO, eligible_machine, fleet_of, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="chromium is not installed (apt-get install chromium; scripts/setup.sh does)"
)

STATUS_RANK = {"published": 0, "reported": 1, "projected": 2}


def chromium(*args, user_dir):
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={user_dir}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


class Dom(html.parser.HTMLParser):
    """Collects the elements that carry figures (data-value) and every tag seen."""

    def __init__(self):
        super().__init__()
        self.by_id = {}
        self.values = []  # (tag, attrs) of every element with data-value
        self.tags = set()
        self.external = []  # src/href attributes that would fetch something

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if "data-value" in attrs:
            self.values.append(attrs)
            if "id" in attrs:
                self.by_id[attrs["id"]] = int(attrs["data-value"])
        for key in ("src", "href"):
            if key in attrs:
                self.external.append(attrs[key])


def rendered(report, tmp_path):
    dom_text = chromium("--dump-dom", report.as_uri(), user_dir=tmp_path / "chromium-dom")
    dom = Dom()
    dom.feed(dom_text)
    return dom, dom_text


def png_pixels(path):
    """Decodes an 8-bit RGB/RGBA PNG (what Chromium writes) into rows of bytes."""
    data = pathlib.Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def expected_figures(plan):
    machines = plan["machines"]
    months = len(machines[0]["months"]) if machines else 0
    status_of_month = []
    for i in range(months):
        worst = max((m["months"][i]["status"] for m in machines), key=STATUS_RANK.get)
        status_of_month.append(worst)
    restarts = sum(m["restarts"] for m in machines)
    return {
        "fig-machines": len(machines),
        "fig-eligible": sum(1 for m in machines if m["eligible"]),
        "fig-restarts": restarts,
        "fig-every-month": len(machines) * months,
        "fig-restarts-avoided": len(machines) * months - restarts,
        "fig-restart-months": sum(m["restart_months"] for m in machines),
        "fig-months-published": status_of_month.count("published"),
        "fig-months-reported": status_of_month.count("reported"),
        "fig-months-projected": status_of_month.count("projected"),
        "fig-unknown-kb": sum(1 for m in machines if not m["installed_kb_known"]),
        "fig-assumed-months": sum(1 for m in machines for s in m["months"] if s["assumed"]),
    }


@pytest.fixture
def fleet_as_of(dated_fleet_path):
    """The example fleet with its inventory day (conftest), as a rollout needs."""
    return dated_fleet_path


def test_report_figures_in_the_browser_equal_plan_json(tmp_path, fleet_as_of):
    failures = tmp_path / "failures.json"
    failures.write_text(json.dumps({"failed": ["az-web-01"]}))
    report = tmp_path / "report.html"
    args = ["--fleet", str(fleet_as_of), "--months", "12"]
    code, out, err = run_cli("report", *args, "--rollout", "2025-11", "--failures", str(failures), "-o", str(report))
    assert code == 0, err
    assert out == ""
    code, plan_text, err = run_cli("plan", *args, "--json")
    assert code == 0, err
    plan = json.loads(plan_text)
    code, rollout_text, err = run_cli("rollout", "--fleet", str(fleet_as_of), "--month", "2025-11", "--failures",
                                      str(failures), "--json")
    assert code == 0, err
    rollout = json.loads(rollout_text)

    dom, dom_text = rendered(report, tmp_path)
    # Self-contained: no script, no external resource.
    assert "script" not in dom.tags
    assert dom.external == []
    for key, value in expected_figures(plan).items():
        assert dom.by_id.get(key) == value, key
    assert dom.by_id["fig-machines"] == 12
    # Machines restarting per month, as plan --json says.
    restarting = {a["data-month"]: int(a["data-value"]) for a in dom.values if a.get("class") == "restarting"}
    expected = {}
    for machine in plan["machines"]:
        for step in machine["months"]:
            expected[step["month"]] = expected.get(step["month"], 0) + (1 if step["reboot"] else 0)
    assert restarting == expected
    # Eligibility failures by prerequisite.
    failures_by = {a["data-prerequisite"]: int(a["data-value"]) for a in dom.values if a.get("class") == "failures"}
    expected_failures = {}
    for machine in plan["machines"]:
        for check in machine["failed_checks"]:
            expected_failures[check] = expected_failures.get(check, 0) + 1
    assert failures_by == expected_failures
    # The rollout, as rollout --json says.
    patched = sum(len(b["machines"]) for b in rollout["batches"])
    failed = sum(len(b["failed"]) for b in rollout["batches"])
    assert dom.by_id["rollout-patched"] == patched
    assert dom.by_id["rollout-failed"] == failed == 1
    assert dom.by_id["rollout-not-patched"] == len(rollout["not_patched"])
    assert dom_text.count("<rect") >= len(rollout["batches"])
    for check in rollout["checks"]:
        assert check["rule"] in dom_text
    assert "shipped data through" in dom_text

    # The page renders: a screenshot with many colours, not a blank page.
    shot = tmp_path / "report.png"
    chromium(f"--screenshot={shot}", "--window-size=1300,1800", "--hide-scrollbars", report.as_uri(),
             user_dir=tmp_path / "chromium-shot")
    width, height, channels, rows = png_pixels(shot)
    assert (width, height) == (1300, 1800)
    colours = {row[i : i + 3] for row in rows[::7] for i in range(0, len(row), channels * 5)}
    assert len(colours) > 20
    if os.environ.get("HOTPLAN_WRITE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, REPO / "docs" / "report-example.png")


def test_report_escapes_hostile_ids(tmp_path):
    fleet = fleet_of(eligible_machine("<script>alert(1)</script>"), eligible_machine('"><img src=x>'))
    fleet_path = tmp_path / "fleet.json"
    fleet_path.write_text(json.dumps(fleet))
    report = tmp_path / "report.html"
    code, _, err = run_cli("report", "--fleet", str(fleet_path), "--from", "2025-11", "--months", "3", "-o", str(report))
    assert code == 0, err
    dom, dom_text = rendered(report, tmp_path)
    assert "script" not in dom.tags and "img" not in dom.tags
    assert dom.external == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom_text


def test_report_groups_large_fleets_worst_first(tmp_path):
    machines = [eligible_machine(f"m{i:03}") for i in range(400)]
    for machine in machines[:10]:
        machine["vbs_status"] = 0  # not eligible: restarts every month
        machine["region"] = "zz-worst"
    fleet_path = tmp_path / "fleet.json"
    fleet_path.write_text(json.dumps(fleet_of(*machines)))
    report = tmp_path / "report.html"
    code, _, err = run_cli("report", "--fleet", str(fleet_path), "--from", "2025-11", "--months", "3", "-o", str(report))
    assert code == 0, err
    dom, dom_text = rendered(report, tmp_path)
    assert dom.by_id["fig-machines"] == 400
    assert "groups by product / region / availability set" in dom_text
    assert "m399" not in dom_text  # groups, not one row per machine
    heatmap = dom_text[dom_text.index('id="heatmap"') :]
    assert heatmap.index("zz-worst") < heatmap.index("ws2025 / default")


def test_report_bad_input_is_plans_error_and_leaves_no_file(tmp_path):
    bad = fleet_of(eligible_machine("a"))
    bad["machines"][0]["build"] = "not-a-build"
    fleet_path = tmp_path / "bad.json"
    fleet_path.write_text(json.dumps(bad))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    report = out_dir / "report.html"
    for extra in ([], ["--from", "2025-13"], ["--months", "0"]):
        args = ["--fleet", str(fleet_path), "--from", "2025-11", *extra]
        plan_code, plan_out, plan_err = run_cli("plan", *args)
        code, out, err = run_cli("report", *args, "-o", str(report))
        assert (code, out, err) == (plan_code, "", plan_err)
        assert code == 2
        assert list(out_dir.iterdir()) == []
    good = tmp_path / "good.json"
    good.write_text(json.dumps(fleet_of(eligible_machine("a"))))
    code, out, err = run_cli("report", "--fleet", str(good), "--from", "2025-11", "--rollout", "2025-13", "-o",
                             str(report))
    assert code == 2 and out == "" and "--rollout" in err
    assert list(out_dir.iterdir()) == []
