"""Restarts per machine over the next 12 months, and the month with most restarts.

Usage (from the repository root, after building):
    PYTHONPATH=build/python python3 bindings/python/examples/restarts.py [START] [FLEET]

START is the first month (YYYY-MM, default: this month); FLEET a fleet JSON
file (default: data/examples/fleet.json).
"""

import collections
import datetime
import pathlib
import sys

import hotplan

EXAMPLE_FLEET = pathlib.Path(__file__).resolve().parents[3] / "data" / "examples" / "fleet.json"


def main(argv):
    start = argv[1] if len(argv) > 1 else datetime.date.today()
    fleet = argv[2] if len(argv) > 2 else EXAMPLE_FLEET
    try:
        plan = hotplan.plan(fleet, start, 12)
    except hotplan.InputError as error:
        print(f"restarts.py: {error}", file=sys.stderr)
        return 2

    print(f"Restarts from {plan['from']} to {plan['to']}:")
    restarts_per_month = collections.Counter()
    for machine in plan["machines"]:
        print(f"  {machine['id']}: {machine['restarts']} restarts in {machine['restart_months']} restart months")
        restarts_per_month.update(step["month"] for step in machine["months"] if step["reboot"])

    if restarts_per_month:
        # Earliest month among those with the most restarting machines.
        busiest = min(restarts_per_month, key=lambda month: (-restarts_per_month[month], month))
        print(f"month with most restarts: {busiest} ({restarts_per_month[busiest]} machines)")
    else:
        print("month with most restarts: none (no machine restarts)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
