"""A straightforward Python planner doing `hotplan plan --json`'s job, for the
side-by-side benchmark (bench/side_by_side.py).

What a competent administrator would write with the standard library only
(json, datetime, zoneinfo): read the release calendars (data/calendar/*.json)
and the fleet, walk each machine month by month through the hotpatch calendar
(baseline, hotpatch on the chain, regular update with restart off it, not
enrolled, enrolled later, not eligible), find each month's first off-peak
window after the Patch Tuesday release in the machine's own time zone, and
print the same JSON document as hotplan (json.dumps with indent=2).

It covers the fleets the benchmark generates (bench/fleet_gen.py), not all of
hotplan: Azure Edition machines only (no Arc licence rules), no out-of-band
installs, no catalog, no per-fleet install durations. It refuses input outside
that subset rather than plan it differently.

    /usr/bin/python3 bench/python_planner.py FLEET.json [--months 12] > plan.json
"""

import argparse
import datetime as dt
import json
import pathlib
import sys
import zoneinfo

REPO = pathlib.Path(__file__).resolve().parents[1]
UTC = dt.timezone.utc
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
STATUS_ORDER = {"published": 0, "reported": 1, "projected": 2}
PRODUCT_NAME = {"ws2025": "Windows Server 2025", "ws2022-azure-edition": "Windows Server 2022 Datacenter: Azure Edition"}
BUILD_MAJOR = {"ws2025": 26100, "ws2022-azure-edition": 20348}
MINIMUM_BUILD = {"ws2025": (26100, 1742), "ws2022-azure-edition": (20348, 0)}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DURATION = {"hotpatch": dt.timedelta(minutes=15), "baseline": dt.timedelta(minutes=60),
            "lcu": dt.timedelta(minutes=60)}
DEADLINE = dt.timedelta(days=30)
MARKETPLACE_SKUS = {
    "ws2022-azure-edition": ["2022-datacenter-azure-edition-core", "2022-datacenter-azure-edition-core-smalldisk",
                             "2022-datacenter-azure-edition-hotpatch",
                             "2022-datacenter-azure-edition-hotpatch-smalldisk"],
    "ws2025": ["2025-datacenter-azure-edition", "2025-datacenter-azure-edition-core",
               "2025-datacenter-azure-edition-smalldisk", "2025-datacenter-azure-edition-core-smalldisk"],
}


class Unsupported(Exception):
    pass


# --- months -----------------------------------------------------------------

def add_months(month, n):
    """month is (year, month)."""
    index = month[0] * 12 + month[1] - 1 + n
    return divmod(index, 12)[0], divmod(index, 12)[1] + 1


def month_text(month):
    return f"{month[0]:04d}-{month[1]:02d}"


def parse_month(text):
    return int(text[:4]), int(text[5:7])


def patch_tuesday(month):
    first = dt.date(month[0], month[1], 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)


def release_cycle_month(day):
    month = (day.year, day.month)
    return month if day >= patch_tuesday(month) else add_months(month, -1)


def weaker(a, b):
    return a if STATUS_ORDER[a] >= STATUS_ORDER[b] else b


# --- release calendar ---------------------------------------------------------

class Calendar:
    def __init__(self, data):
        self.product = data["product"]
        self.end = parse_month(data["hotpatch_end"]["month"]) if "hotpatch_end" in data else None
        self.months = {}
        for entry in data["months"]:
            month = parse_month(entry["month"])
            kind = entry.get("kind")
            status = entry.get("status", "projected") if kind else "projected"
            offer = {"kb": entry.get("kb"), "build": entry.get("build")}
            offer_status = entry.get("kb_status", status) if (offer["kb"] or offer["build"]) else "projected"
            lcu_entry = entry.get("lcu", {})
            lcu = {"kb": lcu_entry.get("kb"), "build": lcu_entry.get("build")}
            lcu_status = lcu_entry.get("status", status if kind else "published")
            if kind in ("baseline", "unplanned-baseline"):
                lcu, lcu_status = offer, offer_status
            day = dt.date.fromisoformat(entry["date"]) if "date" in entry else patch_tuesday(month)
            self.months[month] = {"kind": kind, "status": status, "offer": offer, "offer_status": offer_status,
                                  "lcu": lcu, "lcu_status": lcu_status, "released": day}
        # Where each KB stands: (month, release day, baseline month whose chain it is on or None).
        self.known = {}
        for month, m in self.months.items():
            if m["offer"]["kb"] and m["kind"]:
                baseline = m["kind"] in ("baseline", "unplanned-baseline")
                chain = month if baseline else self.baseline_at_or_before(month)
                self.known[m["offer"]["kb"]] = (month, m["released"], chain, m["offer"]["build"])
            if m["lcu"]["kb"] and m["kind"] not in ("baseline", "unplanned-baseline"):
                self.known[m["lcu"]["kb"]] = (month, m["released"], None, m["lcu"]["build"])
        for oob in data.get("out_of_band", []):
            day = dt.date.fromisoformat(oob["date"])
            chain = self.baseline_at_or_before(release_cycle_month(day)) if oob.get("keeps_chain") else None
            self.known[oob["kb"]] = ((day.year, day.month), day, chain, oob.get("build"))

    def kind(self, month):
        m = self.months.get(month)
        if m and m["kind"]:
            return m["kind"]
        if self.end and month > self.end:
            return "regular"
        return "baseline" if month[1] in (1, 4, 7, 10) else "hotpatch"

    def month(self, month):
        m = self.months.get(month)
        none = {"kb": None, "build": None}
        out = {"month": month, "kind": self.kind(month), "status": m["status"] if m and m["kind"] else "projected",
               "offer": none, "offer_status": "projected", "lcu": none, "lcu_status": "projected"}
        if out["kind"] == "regular":
            raise Unsupported("months past the product's hotpatch end")
        if m:
            out.update({k: m[k] for k in ("offer", "offer_status", "lcu", "lcu_status")})
        return out

    def baseline_at_or_before(self, month):
        while self.kind(month) not in ("baseline", "unplanned-baseline"):
            month = add_months(month, -1)
        return month

    def next_baseline_after(self, month):
        month = add_months(month, 1)
        while self.kind(month) not in ("baseline", "unplanned-baseline", "regular"):
            month = add_months(month, 1)
        return month


def load_calendars():
    calendars = {}
    for path in sorted((REPO / "data" / "calendar").glob("*.json")):
        with open(path, encoding="utf-8") as f:
            calendar = Calendar(json.load(f))
        calendars[calendar.product] = calendar
    return calendars


# --- eligibility ----------------------------------------------------------------

def parse_build(text):
    major, minor = text.split(".")
    return int(major), int(minor)


def eligibility_failures(m):
    """(check id, sentence) for every failing prerequisite, in hotplan's order."""
    product = m["product"]
    edition = m["edition"]
    if product == "ws2025" and edition != "datacenter-azure-edition":
        raise Unsupported("Arc-enabled Standard/Datacenter machines (Arc licence rules)")
    failures = []
    if product == "ws2022-azure-edition" and edition != "datacenter-azure-edition":
        failures.append(("edition", "Windows Server 2022 supports hotpatch only on Datacenter: Azure Edition, "
                                    f"not {edition}"))
    build = parse_build(m["build"])
    if build[0] != BUILD_MAJOR[product]:
        failures.append(("build", f"build {m['build']} is not a {PRODUCT_NAME[product]} build "
                                  f"({BUILD_MAJOR[product]}.x)"))
    elif build < MINIMUM_BUILD[product]:
        minimum = "{}.{}".format(*MINIMUM_BUILD[product])
        failures.append(("build", f"build {m['build']} is older than {minimum}, the first build hotpatch supports"))
    if m.get("preview", False):
        failures.append(("preview", "preview and Insider builds get no hotpatches"))
    if m["vbs_status"] != 2:
        failures.append(("vbs", "virtualization-based security is not running (VirtualizationBasedSecurityStatus "
                                f"is {m['vbs_status']}, must be 2)"))
    if not m["uefi"]:
        failures.append(("uefi", "firmware is not UEFI, which virtualization-based security requires"))
    if not m["secure_boot"]:
        failures.append(("secure_boot", "Secure Boot is off; virtualization-based security requires it"))
    if m["generation"] != 2:
        failures.append(("generation", "a Generation 1 VM cannot run UEFI Secure Boot; Generation 2 is required"))
    image = m.get("image")
    if image is not None:
        skus = MARKETPLACE_SKUS[product]
        if not (image["publisher"].lower() == "microsoftwindowsserver" and image["offer"].lower() == "windowsserver"
                and image["sku"].lower() in skus):
            raise Unsupported("images that are not hotpatch Marketplace images")
    if m.get("vmss_mode") == "uniform":
        failures.append(("vmss", "virtual machine scale sets in Uniform orchestration do not support hotpatch"))
    return failures


# --- the month-by-month walk ------------------------------------------------------

def update_text(update):
    if update["kb"] and update["build"]:
        return f"{update['kb']} ({update['build']})"
    if update["kb"]:
        return update["kb"]
    if update["build"]:
        return f"build {update['build']}"
    return ""


def installed_text(installed):
    text = update_text(installed["update"])
    if text:
        return text
    month = month_text(installed["month"])
    return {"hotpatch": f"the {month} hotpatch", "baseline": f"the {month} baseline"}.get(
        installed["kind"], f"the {month} regular update")


def offered_text(update, status):
    text = update_text(update)
    if status == "projected":
        return text + " (projected)" if text else "(projected; KB not yet published)"
    if not text:
        return "(KB not in hotplan's data)"
    return text + " (reported, not from Microsoft's own pages)" if status == "reported" else text


def regular_update_text(update):
    text = update_text(update)
    return "regular update " + text if text else "regular update"


def step_status(month_status, update, update_status):
    return weaker(month_status, update_status) if (update["kb"] or update["build"]) else month_status


def plan_machine(m, calendar, start, months):
    """The machine's months, from `start` (the first release after the fleet's as_of)."""
    if m.get("install_oob") or m.get("license_remediated") or m.get("license", "active") != "active":
        raise Unsupported("out-of-band installs and Arc licence fields")
    failures = eligibility_failures(m)
    eligible = not failures
    enrolled_on = dt.date.fromisoformat(m["hotpatch_enrolled"]) if m.get("hotpatch_enrolled") else None
    kb = m["installed_kb"]
    known = calendar.known.get(kb)
    if known is None or (known[3] and known[3] != m["build"]):
        raise Unsupported("installed KBs the release data does not know, or builds that disagree with the KB")
    installed = {"update": {"kb": kb, "build": m["build"]}, "month": known[0], "kind": "lcu"}
    released, chain = known[1], known[2]

    steps = []
    for i in range(months):
        month = add_months(start, i)
        cal = calendar.month(month)
        tuesday = patch_tuesday(month)
        kind = cal["kind"]
        status = cal["status"]
        chain_baseline = calendar.baseline_at_or_before(month)
        chain_baseline_kb = calendar.month(chain_baseline)["offer"]["kb"]
        next_baseline = month_text(calendar.next_baseline_after(month))
        before = installed
        enrolled = enrolled_on is not None and enrolled_on <= tuesday
        baseline_month = kind in ("baseline", "unplanned-baseline")
        regular = cal["offer"] if baseline_month else cal["lcu"]
        if not eligible:
            regular_reason = "not-eligible"
        elif enrolled_on is None:
            regular_reason = "not-enrolled"
        elif not enrolled:
            regular_reason = "enrolled-later"
        else:
            regular_reason = "off-chain"
        offer, update, reason = "none", {"kb": None, "build": None}, None
        if released > tuesday:
            reason = "newer-installed"
        elif baseline_month:
            if cal["offer"]["kb"] and installed["update"]["kb"] == cal["offer"]["kb"]:
                reason = "already-installed"
            else:
                hotpatching = eligible and enrolled
                offer = "baseline" if hotpatching else "lcu"
                reason = "baseline" if hotpatching else regular_reason
                update = cal["offer"]
            status = step_status(status, cal["offer"], cal["offer_status"])
            if offer != "none":
                installed = {"update": cal["offer"], "month": month, "kind": "baseline"}
                released, chain = tuesday, month
        else:
            hotpatching = eligible and enrolled and chain == chain_baseline
            offered = cal["offer"] if hotpatching else regular
            if offered["kb"] and installed["update"]["kb"] == offered["kb"]:
                reason = "already-installed"
            elif hotpatching:
                offer, reason, update = "hotpatch", "hotpatch", cal["offer"]
                status = step_status(status, cal["offer"], cal["offer_status"])
                installed = {"update": cal["offer"], "month": month, "kind": "hotpatch"}
                released, chain = tuesday, chain_baseline
            else:
                offer, reason, update = "lcu", regular_reason, regular
                status = step_status(status, cal["lcu"], cal["lcu_status"])
                installed = {"update": regular, "month": month, "kind": "lcu"}
                released, chain = tuesday, None
        reboot = offer in ("baseline", "lcu")
        step = {"month": month_text(month), "kind": kind, "status": status, "offer": offer,
                "kb": update["kb"], "build": update["build"], "reboot": reboot, "restarts": 1 if reboot else 0,
                "reason": None, "reason_code": reason, "out_of_band": [], "window": None,
                "assumed": False, "assumption": None}
        baseline_kb = f"baseline {chain_baseline_kb}" if chain_baseline_kb else \
            f"the {month_text(chain_baseline)} baseline"
        if reason == "baseline":
            planned = "unplanned" if kind == "unplanned-baseline" else "planned"
            step["reason"] = f"{month_text(month)} {planned} baseline {offered_text(update, status)}: restart, " \
                             "starts a new hotpatch cycle"
        elif reason == "hotpatch":
            step["reason"] = f"{installed_text(before)} is on the chain of {baseline_kb}: hotpatch " \
                             f"{offered_text(update, status)}, no restart"
        elif reason == "off-chain":
            step["reason"] = f"installed {installed_text(before)} is not on the chain of {baseline_kb}; " \
                             f"{regular_update_text(update)} with restart until the {next_baseline} baseline"
        elif reason == "not-enrolled":
            step["reason"] = f"not enrolled in hotpatch; {regular_update_text(update)} with restart"
        elif reason == "enrolled-later":
            step["reason"] = f"enrolled in hotpatch on {enrolled_on.isoformat()}, after this release; " \
                             f"{regular_update_text(update)} with restart"
        elif reason == "not-eligible":
            step["reason"] = f"not eligible for hotpatch; {regular_update_text(update)} with restart"
        elif reason == "already-installed":
            step["reason"] = f"{installed_text(before)} is already installed"
        else:
            step["reason"] = f"installed {installed_text(before)} is newer than the {month_text(month)} release; " \
                             "nothing to install"
        steps.append(step)
    return failures, steps


# --- install windows -----------------------------------------------------------------

def parse_minutes(text):
    """An ISO 8601 duration such as PT4H or PT1H30M, in minutes."""
    if not text.startswith("PT"):
        raise Unsupported(f"duration {text}")
    minutes, number = 0, ""
    for c in text[2:]:
        if c.isdigit():
            number += c
        elif c == "H":
            minutes, number = minutes + 60 * int(number), ""
        elif c == "M":
            minutes, number = minutes + int(number), ""
        else:
            raise Unsupported(f"duration {text}")
    return dt.timedelta(minutes=minutes)


def offpeak_policy(m):
    p = m.get("offpeak") or {}
    start = dt.time.fromisoformat(p.get("start", "22:00"))
    end = dt.time.fromisoformat(p.get("end", "06:00"))
    days = {WEEKDAYS.index(d) for d in p.get("days", WEEKDAYS)}
    cap = parse_minutes(p["max_duration"]) if "max_duration" in p else None
    return start, end, days, cap


def local_to_utc(local, zone, later):
    """A local wall-clock time as a UTC instant: in a daylight-saving overlap the
    earlier instant (later=False, a window start) or the later one (a window end);
    in a gap, the transition."""
    first = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return first
    if first < second:  # overlap (fall back)
        return second if later else first
    # gap (spring forward): fold=1 maps before the transition, fold=0 after; find it to the second
    low, high = second, first
    before = low.astimezone(zone).utcoffset()
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def offpeak_window(day, policy, zone):
    start, end, days, cap = policy
    if day.weekday() not in days:
        return None
    end_day = day if end > start else day + dt.timedelta(days=1)
    w_start = local_to_utc(dt.datetime.combine(day, start), zone, later=False)
    w_end = local_to_utc(dt.datetime.combine(end_day, end), zone, later=True)
    if cap is not None and w_end - w_start > cap:
        w_end = w_start + cap
    return (w_start, w_end) if w_end > w_start else None


def install_window(release, policy, zone, duration):
    """The first off-peak window starting at or after the release, before the
    30-day deadline, at least `duration` long."""
    deadline = release + DEADLINE
    day = release.astimezone(zone).date() - dt.timedelta(days=1)
    last = deadline.astimezone(zone).date()
    while day <= last:
        w = offpeak_window(day, policy, zone)
        if w and release <= w[0] < deadline and w[1] - w[0] >= duration:
            return w
        day += dt.timedelta(days=1)
    return None


def utc_text(instant):
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(instant, zone):
    local = instant.astimezone(zone)
    seconds = int(local.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    text = f"{local.strftime('%Y-%m-%dT%H:%M:%S')}{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
    return text + (f":{seconds % 60:02d}" if seconds % 60 else "")


def release_instant(month):
    """Patch Tuesday, 10:00 Pacific time."""
    return dt.datetime.combine(patch_tuesday(month), dt.time(10), tzinfo=PACIFIC).astimezone(UTC)


# --- the plan -------------------------------------------------------------------------

def plan(fleet, calendars, months):
    if "install_durations" in fleet:
        raise Unsupported("install_durations")
    if not fleet.get("as_of"):
        raise Unsupported("a fleet without as_of")
    start = add_months(release_cycle_month(dt.date.fromisoformat(fleet["as_of"])), 1)
    releases = [release_instant(add_months(start, i)) for i in range(months)]
    zones = {}
    machines = []
    for m in fleet["machines"]:
        failures, steps = plan_machine(m, calendars[m["product"]], start, months)
        name = m.get("time_zone", "UTC")
        zone = zones.get(name) or zones.setdefault(name, zoneinfo.ZoneInfo(name))
        policy = offpeak_policy(m)
        for step, release in zip(steps, releases):
            if step["offer"] != "none":
                w = install_window(release, policy, zone, DURATION[step["offer"]])
                if w:
                    step["window"] = {"start_utc": utc_text(w[0]), "end_utc": utc_text(w[1]),
                                      "start_local": local_text(w[0], zone), "end_local": local_text(w[1], zone)}
        machines.append({
            "id": m["id"], "product": m["product"], "eligible": not failures,
            "reasons": [sentence for _, sentence in failures], "failed_checks": [check for check, _ in failures],
            "warnings": [], "installed_kb_known": True,
            "restarts": sum(s["restarts"] for s in steps), "restart_months": sum(1 for s in steps if s["reboot"]),
            "months": steps,
        })
    return {"from": month_text(start), "to": month_text(add_months(start, months - 1)), "as_of": fleet["as_of"],
            "warnings": [], "machines": machines}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fleet")
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args(argv)
    with open(args.fleet, encoding="utf-8") as f:
        fleet = json.load(f)
    try:
        result = plan(fleet, load_calendars(), args.months)
    except Unsupported as e:
        print(f"python_planner: not supported: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
