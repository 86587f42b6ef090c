"""The benchmark fleet: N Azure Edition machines over 10 time zones.

Deterministic (the same N gives the same file), written machine by machine so a
1,000,000-machine fleet never sits in memory, and lean: compact JSON, the fields
hotpatch needs, a time zone, a region and sometimes an off-peak policy, about
266 bytes a machine, so that 1,000,000 machines (266 MB) stay under hotplan's
input limit of 256 MiB (268 MB) for one document. (Placement fields such as a
zone or an availability set would add 11 to 45 bytes a machine and push a
1,000,000-machine fleet over that limit.)

The mix, per machine (pseudo-random, seeded):
  Windows Server 2025 Datacenter: Azure Edition 80 %, Windows Server 2022
  Datacenter: Azure Edition 20 %;
  on the October 2025 baseline 88 %, still on the September 2025 regular update
  (off the hotpatch chain until the January 2026 baseline) 12 %;
  enrolled 2025-09-01 92 %, not enrolled 4 %, enrolled 2026-02-20 4 %;
  virtualization-based security not running (not eligible) 2 %;
  off-peak: the default 22:00-06:00 daily 88 %, 01:00-05:00 daily 4 %,
  23:00-03:00 on Sat and Sun 3 %, 20:00-08:00 capped at PT4H 3 %,
  00:30-01:15 daily 2 % (shorter than a restart needs: no window in restart months);
  10 regions r0..r9 (paired r0-r1, r2-r3, ...), one time zone each.

As of 2025-10-25: plans start with the November 2025 release.

    /usr/bin/python3 bench/fleet_gen.py 10000 fleet.json
"""

import json
import random
import sys

AS_OF = "2025-10-25"
TIME_ZONES = [
    "America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
    "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
]
# product: (edition-independent) installed state, October 2025 baseline and September 2025 regular update
PRODUCTS = {
    "ws2025": {"baseline": ("KB5066835", "26100.6899"), "previous_lcu": ("KB5065426", "26100.6584")},
    "ws2022-azure-edition": {"baseline": ("KB5066782", "20348.4294"), "previous_lcu": ("KB5065432", "20348.4171")},
}
OFFPEAK = [
    (0.88, None),
    (0.04, {"start": "01:00", "end": "05:00"}),
    (0.03, {"start": "23:00", "end": "03:00", "days": ["Sat", "Sun"]}),
    (0.03, {"start": "20:00", "end": "08:00", "max_duration": "PT4H"}),
    (0.02, {"start": "00:30", "end": "01:15"}),
]


def _pick(rng, table):
    x = rng.random()
    for share, value in table:
        if x < share:
            return value
        x -= share
    return table[-1][1]


def machines(count, seed=1):
    """Yields the machines as dicts, in id order."""
    rng = random.Random(seed)
    for i in range(count):
        product = "ws2025" if rng.random() < 0.8 else "ws2022-azure-edition"
        kb, build = PRODUCTS[product]["baseline" if rng.random() < 0.88 else "previous_lcu"]
        machine = {
            "id": f"m{i}",
            "product": product,
            "edition": "datacenter-azure-edition",
            "installed_kb": kb,
            "build": build,
        }
        enrolled = rng.random()
        if enrolled < 0.96:
            machine["hotpatch_enrolled"] = "2025-09-01" if enrolled < 0.92 else "2026-02-20"
        machine.update({"vbs_status": 0 if rng.random() < 0.02 else 2, "uefi": True, "secure_boot": True,
                        "generation": 2})
        region = rng.randrange(len(TIME_ZONES))
        machine["time_zone"] = TIME_ZONES[region]
        offpeak = _pick(rng, OFFPEAK)
        if offpeak is not None:
            machine["offpeak"] = offpeak
        machine["region"] = f"r{region}"
        yield machine


def regions():
    return {f"r{r}": {"pair": f"r{r ^ 1}"} for r in range(len(TIME_ZONES))}


def generate_fleet(count, seed=1):
    """The whole fleet as one dict (for small fleets)."""
    return {"as_of": AS_OF, "regions": regions(), "machines": list(machines(count, seed))}


def write_fleet(count, path, seed=1):
    """Writes the fleet to `path` machine by machine; returns its size in bytes."""
    compact = {"separators": (",", ":")}
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"as_of":' + json.dumps(AS_OF) + ',"regions":' + json.dumps(regions(), **compact) +
                  ',"machines":[')
        for i, machine in enumerate(machines(count, seed)):
            out.write(("," if i else "") + json.dumps(machine, **compact))
        out.write("]}\n")
        return out.tell()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: fleet_gen.py MACHINES OUT.json")
    size = write_fleet(int(sys.argv[1]), sys.argv[2])
    print(f"{sys.argv[2]}: {int(sys.argv[1]):,} machines, {size:,} bytes")
