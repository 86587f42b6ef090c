"""Shared fixtures for the hotplan Python tests (run by ctest with PYTHONPATH=build/python)."""

import copy
import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE_FLEET = REPO / "data" / "examples" / "fleet.json"
CLI = pathlib.Path(os.environ.get("HOTPLAN_CLI", REPO / "build" / "bin" / "hotplan"))


def eligible_machine(machine_id):
    """A machine that passes every prerequisite: Azure Edition on the October 2025 baseline."""
    return {
        "id": machine_id,
        "product": "ws2025",
        "edition": "datacenter-azure-edition",
        "installed_kb": "KB5066835",
        "build": "26100.6899",
        "hotpatch_enrolled": "2025-09-01",
        "vbs_status": 2,
        "uefi": True,
        "secure_boot": True,
        "generation": 2,
    }


def fleet_of(*machines):
    return {"machines": list(machines)}


def run_cli(*args):
    """Runs the built CLI; returns (exit code, stdout, stderr)."""
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def example_fleet():
    with open(EXAMPLE_FLEET, encoding="utf-8") as f:
        return json.load(f)


# The example inventory holds KB5070893 (2025-10-24): as of the next day, its
# first release to roll out is November 2025's.
EXAMPLE_AS_OF = "2025-10-25"


@pytest.fixture
def dated_fleet(example_fleet):
    """The example fleet with the day its inventory describes, as a rollout needs."""
    return {**example_fleet, "as_of": EXAMPLE_AS_OF}


@pytest.fixture
def dated_fleet_path(dated_fleet, tmp_path):
    path = tmp_path / "dated_fleet.json"
    path.write_text(json.dumps(dated_fleet))
    return path


@pytest.fixture
def machine():
    return copy.deepcopy(eligible_machine("m1"))
