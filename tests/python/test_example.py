"""bindings/python/examples/restarts.py runs and reports what the plan says."""

import os
import subprocess
import sys

import hotplan
from conftest import EXAMPLE_FLEET, REPO

SCRIPT = REPO / "bindings" / "python" / "examples" / "restarts.py"


def run_example(*args):
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_example_prints_restarts_per_machine_and_busiest_month():
    out = run_example("2025-10")
    plan = hotplan.plan(EXAMPLE_FLEET, "2025-10", 12)
    for machine in plan["machines"]:
        assert f"{machine['id']}: {machine['restarts']} restarts in {machine['restart_months']} restart months" in out
    per_month = {}
    for machine in plan["machines"]:
        for step in machine["months"]:
            per_month[step["month"]] = per_month.get(step["month"], 0) + step["reboot"]
    busiest = min(per_month, key=lambda month: (-per_month[month], month))  # earliest on ties
    assert f"month with most restarts: {busiest} ({per_month[busiest]} machines)" in out


def test_example_defaults_to_the_current_month():
    assert "month with most restarts:" in run_example()
