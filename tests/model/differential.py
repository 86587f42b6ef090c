"""Runs random machines through `hotplan plan --json` and the model, and compares.

Usage: python3 tests/model/differential.py N [SEED] [--cli PATH] [--months M] [--show K] [--dump FILE]

Machines are grouped into fleets by the month their plan starts and, for
the ones generated with a fleet `as_of`, by that day and the `--from` asked
(one `hotplan plan` call per fleet, two at a time); every machine-month is
compared on offer, KB, reboot, restarts and reason_code. A disagreement is
printed as a fixture that can be pasted into a regression test: the
one-machine fleet (with its as_of), the command, the month, and both answers.
"""

import argparse
import collections
import datetime
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from hotplan_model import REPO, first_month_after, load_calendars, month_index, month_text, parse_day, plan_machine  # noqa: E402

FIELDS = ("offer", "kb", "reboot", "restarts", "reason_code")

DEFAULT_CLI = pathlib.Path(os.environ.get("HOTPLAN_CLI", REPO / "build" / "bin" / "hotplan"))


def fleet_of(machines, as_of=None):
    return ({"as_of": str(as_of)} if as_of is not None else {}) | {"machines": machines}


def plan_command(shown, months):
    """The `plan` arguments after the fleet: `--from` (unless `shown` is None), `--months`, `--json`."""
    return (["--from", month_text(shown)] if shown is not None else []) + ["--months", str(months), "--json"]


def run_cli(cli, machines, shown, months, workdir, as_of=None):
    """One `hotplan plan` call for machines that all start at the same month; `shown` is
    the `--from` month (None: no `--from`, only with an as_of). Returns the parsed JSON."""
    name = f"fleet-{month_text(shown) if shown is not None else 'as_of'}-{as_of or 'none'}.json"
    path = pathlib.Path(workdir) / name
    path.write_text(json.dumps(fleet_of(machines, as_of)))
    command = [str(cli), "plan", "--fleet", str(path), *plan_command(shown, months)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} (as_of {as_of}) failed ({done.returncode}): {done.stderr}")
    return json.loads(done.stdout)


def model_months(calendar, machine, start, shown, months, as_of=None):
    """The model's months as `plan` shows them: the plan begins at `start` (with an
    as_of, the first month after it), `--from shown` skips the months before."""
    skip = shown - start if shown is not None else 0
    return plan_machine(calendar, machine, start, skip + months, as_of)[skip:]


def fixture_plan(case):
    """(start, shown, as_of) of a fixture: its fleet's as_of and its `--from` (absent or null: none)."""
    as_of = parse_day(case["fleet"].get("as_of"))
    shown = month_index(case["from"]) if case.get("from") else None
    start = first_month_after(as_of) if as_of is not None else shown
    return start, shown, as_of


def fixture(machine, shown, months, month, model_step, cli_step, as_of=None):
    """A disagreement as a ready-to-paste regression fixture."""
    return {
        "from": month_text(shown) if shown is not None else None,
        "months": months,
        "month": month,
        "fleet": fleet_of([machine], as_of),
        "model": {f: model_step.get(f) for f in FIELDS},
        "hotplan": {f: cli_step.get(f) for f in FIELDS} | {"reason": cli_step.get("reason")},
    }


def first_difference(model, cli_months):
    """Index of the first month where the model and hotplan differ, else None."""
    if len(model) != len(cli_months):
        return min(len(model), len(cli_months))
    for i, (model_step, cli_step) in enumerate(zip(model, cli_months)):
        if cli_step["month"] != model_step["month"] or any(cli_step.get(f) != model_step[f] for f in FIELDS):
            return i
    return None


def compare_plans(calendars, machines_by_id, start, months, plan, as_of=None, shown="start"):
    """Compares one `plan --json` result with the model (`shown`: the `--from` month
    index, None for none; by default `start`).

    Returns (machine-months compared by (offer, reason_code), disagreements).
    """
    shown = start if shown == "start" else shown
    compared = collections.Counter()
    disagreements = []
    seen = set()
    for record in plan["machines"]:
        machine = machines_by_id[record["id"]]
        seen.add(record["id"])
        calendar = calendars[machine["product"]]
        model = model_months(calendar, machine, start, shown, months, as_of)
        compared.update((step["offer"], step["reason_code"]) for step in record["months"])
        i = first_difference(model, record["months"])
        if i is None:
            continue
        model_step = model[i] if i < len(model) else {}
        cli_step = record["months"][i] if i < len(record["months"]) else {}
        # The first month that differs is the story; later months follow from it.
        month = model_step.get("month", "(month count)")
        disagreements.append(fixture(machine, shown, months, month, model_step, cli_step, as_of))
    for missing in sorted(set(machines_by_id) - seen):
        disagreements.append(fixture(machines_by_id[missing], shown, months, "(missing from plan)", {}, {}, as_of))
    return compared, disagreements


def fleet_order(key):
    """Fleets by starting month, then as_of (none first), then `--from` (none first)."""
    start, as_of, shown = key
    return start, as_of or datetime.date.min, -1 if shown is None else shown


def check(count, seed, cli=DEFAULT_CLI, months=24, workers=2):
    """Generates `count` machines from `seed` and compares every machine-month."""
    calendars = load_calendars()
    began = time.monotonic()
    # One fleet per (start, as_of, --from); without an as_of, --from is the start.
    groups = collections.defaultdict(list)
    for case in generate(count, seed, calendars, months):
        groups[(case.start, case.as_of, case.shown)].append(case.machine)

    compared = collections.Counter()
    disagreements = []
    with tempfile.TemporaryDirectory(prefix="hotplan-model-") as workdir:

        def one_group(key):
            start, as_of, shown = key
            machines = groups[key]
            plan = run_cli(cli, machines, shown, months, workdir, as_of)
            return compare_plans(calendars, {m["id"]: m for m in machines}, start, months, plan, as_of, shown)

        # Two at a time: the CLI runs while Python compares the previous group.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for group_compared, group_disagreements in pool.map(one_group, sorted(groups, key=fleet_order)):
                compared += group_compared
                disagreements.extend(group_disagreements)
    return {
        "machines": count,
        "seed": seed,
        "starting_points": len({start for start, _, _ in groups}),
        "fleets": len(groups),
        "as_of_machines": sum(len(m) for (_, as_of, _), m in groups.items() if as_of is not None),
        "machine_months": sum(compared.values()),
        "offers": compared,
        "disagreements": disagreements,
        "seconds": time.monotonic() - began,
    }


def format_disagreement(d):
    lines = [
        f"DISAGREEMENT {d['fleet']['machines'][0]['id']} from {d['from']}, as_of {d['fleet'].get('as_of')}, "
        f"month {d['month']}",
        f"  model:   {json.dumps(d['model'])}",
        f"  hotplan: {json.dumps(d['hotplan'])}",
        "  reproduce: hotplan plan --fleet FILE " + " ".join(plan_command(month_index(d["from"]) if d["from"] else None, d["months"])),
        "  fixture: " + json.dumps({k: d[k] for k in ("from", "months", "month", "fleet", "model")}),
    ]
    return "\n".join(lines)


def summary(result, shown=10):
    """A short report: figures, then the first disagreements as fixtures, then counts by kind."""
    d = result["disagreements"]
    lines = [
        f"machines {result['machines']:,} ({result['as_of_machines']:,} in fleets with an as_of), seed {result['seed']}, "
        f"starting points {result['starting_points']}, fleets {result['fleets']}, "
        f"machine-months compared {result['machine_months']:,}, machines disagreeing {len(d):,}, "
        f"{result['seconds']:.1f} s"
    ]
    lines.append("hotplan's offers by reason: " + ", ".join(
        f"{offer}/{reason} {n:,}" for (offer, reason), n in sorted(result["offers"].items())))
    for one in d[:shown]:
        lines.append(format_disagreement(one))
    if d:
        kinds = collections.Counter(
            tuple((f, one["model"].get(f), one["hotplan"].get(f)) for f in FIELDS if one["model"].get(f) != one["hotplan"].get(f))
            for one in d
        )
        lines.append("disagreements by field (model vs hotplan):")
        for kind, n in kinds.most_common(20):
            lines.append(f"  {n:6d}  " + "; ".join(f"{f}: {a!r} vs {b!r}" for f, a, b in kind))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("seed", type=int, nargs="?")
    parser.add_argument("--cli", default=str(DEFAULT_CLI))
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--show", type=int, default=10, help="disagreements to print in full")
    parser.add_argument("--dump", help="write every disagreement (fixtures) to this JSON file")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    result = check(args.count, seed, pathlib.Path(args.cli), args.months)
    print(summary(result, args.show))
    if args.dump:
        pathlib.Path(args.dump).write_text(json.dumps(result["disagreements"], indent=1))
    return 1 if result["disagreements"] else 0


if __name__ == "__main__":
    sys.exit(main())
