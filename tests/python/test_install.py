"""The Python package installs like one: `cmake --install` into a prefix, then the
system Python imports it from there, with nothing pointing into build/."""

import os
import pathlib
import subprocess
import sys

import pytest

BUILD = pathlib.Path(os.environ.get("HOTPLAN_BUILD_DIR", pathlib.Path(__file__).parents[2] / "build"))
SITE = os.environ.get("HOTPLAN_PYTHON_INSTALL_DIR", f"lib/python{sys.version_info.major}.{sys.version_info.minor}/dist-packages")


@pytest.mark.skipif(not (BUILD / "cmake_install.cmake").exists(), reason="no configured build tree to install from")
def test_installed_package_imports_and_plans(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", str(BUILD), "--prefix", str(prefix), "--component", "python"],
                   check=True, capture_output=True)
    site = prefix / SITE
    assert (site / "hotplan" / "__init__.py").exists()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)  # the installed site directory, as a prefix's Python would have it
    script = (
        "import hotplan, json, sys\n"
        "print(hotplan.__file__)\n"
        "r = hotplan.calendar('ws2025', '2026-01', 1)\n"
        "print(r['months'][0]['kind'])\n"
    )
    done = subprocess.run(["/usr/bin/python3", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          check=True)
    location, kind = done.stdout.split()
    assert pathlib.Path(location).is_relative_to(site)
    assert BUILD.resolve() not in pathlib.Path(location).resolve().parents
    assert kind == "baseline"
