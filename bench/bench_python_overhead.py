"""Overhead of the Python call versus the C++ call for a 10,000-machine plan.

Generates the fleet (data/examples/fleet.json's machines repeated to 10,000,
ids suffixed with the copy number), times hotplan.plan with timeit, runs
build/bin/bench_python_overhead (Google Benchmark) on the same fleet and
prints both. From the repository root, after building:

    PYTHONPATH=build/python python3 bench/bench_python_overhead.py
"""

import copy
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import timeit

import hotplan

REPO = pathlib.Path(__file__).resolve().parents[1]
MACHINES = 10_000
START, MONTHS = "2025-10", 12


def generate_fleet(count):
    with open(REPO / "data" / "examples" / "fleet.json", encoding="utf-8") as f:
        example = json.load(f)
    machines = []
    for i in range(count):
        copy_number, template = divmod(i, len(example["machines"]))
        machine = copy.deepcopy(example["machines"][template])
        machine["id"] = f"{machine['id']}-{copy_number}"
        if "depends_on" in machine:
            machine["depends_on"] = [f"{dep}-{copy_number}" for dep in machine["depends_on"]]
        machines.append(machine)
    return {"regions": example["regions"], "machines": machines}


def best_ms(call, repeat=3):
    # CPU time of this process (the C++ work runs in this thread, GIL released):
    # steadier than wall time on a shared machine, and what Google Benchmark's
    # cpu_time measures on the C++ side.
    return min(timeit.repeat(call, number=1, repeat=repeat, timer=time.process_time)) * 1000


def cpp_ms(fleet_path, repeat=3):
    """Each benchmark's best of `repeat` runs, as best_ms takes Python's: the first
    run of a process pays for a cold heap (page faults), which would flatter Python."""
    binary = REPO / "build" / "bin" / "bench_python_overhead"
    done = subprocess.run([str(binary), "--benchmark_format=json", "--benchmark_filter=/10000",
                           f"--benchmark_repetitions={repeat}"],
                          env={**os.environ, "HOTPLAN_BENCH_FLEET": str(fleet_path)},
                          capture_output=True, text=True, check=True)
    best = {}
    for b in json.loads(done.stdout)["benchmarks"]:
        if b.get("run_type", "iteration") == "iteration":
            name = b["name"].split("/")[0]
            best[name] = min(best.get(name, float("inf")), b["cpu_time"])
    return best


def main():
    fleet = generate_fleet(MACHINES)
    fleet_text = json.dumps(fleet)
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "fleet.json"
        path.write_text(fleet_text, encoding="utf-8")
        cpp = cpp_ms(path)
        rows = [
            ("C++ plan_fleet + add_install_windows + plan_to_json", cpp["BM_plan_to_json"]),
            ("C++ the same plus parse_fleet (from Json)", cpp["BM_parse_plan_to_json"]),
            ("C++ load_fleet (the file) + make_plan + plan_to_json", cpp["BM_load_plan_to_json"]),
            ("C++ load_fleet (the file) + make_plan, no JSON", cpp["BM_load_plan"]),
            ("Python hotplan.plan(dict)", best_ms(lambda: hotplan.plan(fleet, START, MONTHS, threads=1))),
            ("Python hotplan.plan(path)", best_ms(lambda: hotplan.plan(path, START, MONTHS, threads=1))),
            ("Python via JSON text instead of the bridge",
             best_ms(lambda: json.loads(hotplan._hotplan._plan_json_text(json.dumps(fleet), START, MONTHS)))),
        ]
    print(f"{MACHINES} machines, {MONTHS} months from {START} (CPU ms per call, best of 3)")
    for label, ms in rows:
        print(f"  {label:<52} {ms:8.1f}")
    by_label = dict(rows)
    for python, cpp_call in (("Python hotplan.plan(path)", "C++ load_fleet (the file) + make_plan + plan_to_json"),
                             ("Python hotplan.plan(dict)", "C++ the same plus parse_fleet (from Json)")):
        ratio = by_label[python] / by_label[cpp_call]
        print(f"{python} over {cpp_call}: {by_label[python] - by_label[cpp_call]:+.1f} ms ({ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
