"""Side-by-side: the whole `hotplan plan --json` process against a plain Python
planner (bench/python_planner.py) on the same generated fleet, in one run, and
the scaling series of `hotplan plan --json` and `hotplan rollout --json`.

Each command runs as its own process with its output sent to a file; every
figure is the best of --repeat runs: wall time, CPU time (user + system) and
peak resident memory (maximum resident set size), from /usr/bin/time.
Before timing, the two plans are compared: the Python planner's JSON must be
byte for byte hotplan's (else the fields it covers are compared machine by
machine and the run fails on any difference), so the ratio compares the same job.

From the repository root, after building the CLI (build/bin/hotplan):

    /usr/bin/python3 bench/side_by_side.py                # 10,000 machines x 12 months
    /usr/bin/python3 bench/side_by_side.py --machines 1000
    /usr/bin/python3 bench/side_by_side.py --scaling      # 1k, 10k, 100k, 1M: plan and rollout
    /usr/bin/python3 bench/side_by_side.py --scaling --sizes 1000 10000 --repeat 3
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import fleet_gen  # noqa: E402

MONTHS = 12
ROLLOUT_MONTH = "2025-11"  # the first release after the fleets' as_of


def run(argv, stdout_path):
    """Runs argv with stdout to a file; returns (wall s, cpu s, peak RSS bytes).

    Through /usr/bin/time: a child forked from this Python process would count
    this process's own pages in its ru_maxrss (Linux keeps the high-water mark
    across exec), so the measured process is forked from the small time program."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as usage, open(stdout_path, "wb") as out:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage.name, *map(str, argv)], stdout=out,
                              stderr=subprocess.PIPE, check=False)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, argv))} failed ({done.returncode}): {done.stderr.decode()}")
        user, system, peak_kb = usage.read().split()[-3:]
    return wall, float(user) + float(system), int(peak_kb) * 1024


def best(argv, stdout_path, repeat):
    runs = [run(argv, stdout_path) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), min(r[2] for r in runs)


COVERED_STEP_FIELDS = ["month", "kind", "status", "offer", "kb", "build", "reboot", "restarts", "reason",
                       "reason_code", "window"]
COVERED_MACHINE_FIELDS = ["id", "product", "eligible", "reasons", "failed_checks", "restarts", "restart_months"]


def compare(hotplan_path, python_path):
    """'identical' when the files are byte for byte equal; else compares the
    fields the Python planner covers and raises on the first difference."""
    with open(hotplan_path, "rb") as a, open(python_path, "rb") as b:
        if a.read() == b.read():
            return "byte-identical JSON"
    with open(hotplan_path, encoding="utf-8") as f:
        ours = json.load(f)
    with open(python_path, encoding="utf-8") as f:
        theirs = json.load(f)
    if len(ours["machines"]) != len(theirs["machines"]):
        raise SystemExit("the plans differ in their number of machines")
    for a, b in zip(ours["machines"], theirs["machines"]):
        for field in COVERED_MACHINE_FIELDS:
            if a[field] != b[field]:
                raise SystemExit(f"machine {a['id']}: {field} differs: hotplan {a[field]!r}, python {b[field]!r}")
        for sa, sb in zip(a["months"], b["months"]):
            for field in COVERED_STEP_FIELDS:
                if sa[field] != sb[field]:
                    raise SystemExit(f"machine {a['id']} {sa['month']}: {field} differs: hotplan {sa[field]!r}, "
                                     f"python {sb[field]!r}")
    return "same values in every covered field (" + ", ".join(COVERED_STEP_FIELDS) + ")"


def mb(n):
    return f"{n / 1e6:,.0f} MB"


def side_by_side(args, tmp):
    fleet = tmp / f"fleet-{args.machines}.json"
    size = fleet_gen.write_fleet(args.machines, fleet)
    hotplan_out, python_out = tmp / "hotplan.json", tmp / "python.json"
    hotplan = [str(args.hotplan), "plan", "--fleet", str(fleet), "--months", str(MONTHS), "--json"]
    python = [str(args.python), str(HERE / "python_planner.py"), str(fleet), "--months", str(MONTHS)]
    # One untimed run each, to compare what they print.
    run(hotplan, hotplan_out)
    run(python, python_out)
    verdict = compare(hotplan_out, python_out)
    output = hotplan_out.stat().st_size
    version = subprocess.run([str(args.python), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{args.machines:,} machines x {MONTHS} months, fleet {mb(size)}, plan JSON {mb(output)}: {verdict}")
    print(f"Python planner run by {args.python} ({version})")
    h = best(hotplan, hotplan_out, args.repeat)
    p = best(python, python_out, args.repeat)
    print(f"best of {args.repeat}        {'wall':>9} {'CPU (user+sys)':>15} {'peak RSS':>10}")
    print(f"  hotplan plan --json {h[0]:8.2f}s {h[1]:14.2f}s {mb(h[2]):>10}")
    print(f"  Python planner      {p[0]:8.2f}s {p[1]:14.2f}s {mb(p[2]):>10}")
    print(f"  ratio (Python / hotplan): wall {p[0] / h[0]:.1f}x, CPU {p[1] / h[1]:.1f}x")


def scaling(args, tmp):
    print(f"best of {args.repeat}; output to a file in {tmp}")
    print(f"{'machines':>10} {'fleet':>8} | {'plan --json':>11} {'CPU':>7} {'peak RSS':>9} {'output':>9} |"
          f" {'rollout --json':>14} {'CPU':>7} {'peak RSS':>9}")
    for n in args.sizes:
        fleet = tmp / f"fleet-{n}.json"
        size = fleet_gen.write_fleet(n, fleet)
        out = tmp / "out.json"
        plan = best([str(args.hotplan), "plan", "--fleet", str(fleet), "--months", str(MONTHS), "--json"], out,
                    args.repeat)
        output = out.stat().st_size
        rollout = best([str(args.hotplan), "rollout", "--fleet", str(fleet), "--month", ROLLOUT_MONTH, "--json"], out,
                       args.repeat)
        out.unlink()
        fleet.unlink()
        print(f"{n:>10,} {mb(size):>8} | {plan[0]:10.2f}s {plan[1]:6.2f}s {mb(plan[2]):>9} {mb(output):>9} |"
              f" {rollout[0]:13.2f}s {rollout[1]:6.2f}s {mb(rollout[2]):>9}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hotplan", type=pathlib.Path, default=REPO / "build" / "bin" / "hotplan")
    parser.add_argument("--python", type=pathlib.Path, default=pathlib.Path("/usr/bin/python3"),
                        help="the interpreter that runs the Python planner (default: Debian's)")
    parser.add_argument("--machines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scaling", action="store_true", help="the 1k to 1M series instead of the side-by-side")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--tmp", type=pathlib.Path, help="where fleets and outputs go (default: a temporary folder)")
    args = parser.parse_args()
    if not args.hotplan.exists():
        sys.exit(f"{args.hotplan} not found: build it first (cmake --build build --target hotplan_cli)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        (scaling if args.scaling else side_by_side)(args, pathlib.Path(tmp))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
