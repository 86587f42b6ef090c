"""A plain, independent re-statement of hotplan's trajectory rules.

Written from the README ("Release data", "Fleet input", "Trajectory rules",
"Eligibility"), docs shared with the project (domain.md, releases.md) and the
shipped data files data/calendar/*.json -- deliberately NOT from src/. It is
slow and simple on purpose: a differential test compares it with
`hotplan plan --json`, so the two must be written apart to catch each other's
mistakes.

Months are plain integers (year * 12 + month - 1) so "the next month" is +1.
Dates are datetime.date. Everything here is about whole days: every release
(monthly at 10:00 America/Los_Angeles, out-of-band on its date) lands on a day,
and the fleet's dates (enrolment, licence workaround) are days.
"""

import datetime
import functools
import json
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "data" / "calendar"

BASELINE_KINDS = ("baseline", "unplanned-baseline")

# README, Trajectory rules: the October 2025 licensing issue is fixed by "the
# first baseline after the issue (2026-01)".
LICENCE_FIX_MONTH = "2026-01"

# README, Eligibility: "at least 26100.1742 for ws2025"; each product has its
# own build number (releases.md headings).
PRODUCT_BUILD = {"ws2025": 26100, "ws2022-azure-edition": 20348}
MIN_REVISION = {"ws2025": 1742, "ws2022-azure-edition": 0}

# domain.md, Eligibility: the supported Marketplace images per product.
SUPPORTED_IMAGE_SKUS = {
    "ws2022-azure-edition": {
        "2022-datacenter-azure-edition-core",
        "2022-datacenter-azure-edition-core-smalldisk",
        "2022-datacenter-azure-edition-hotpatch",
        "2022-datacenter-azure-edition-hotpatch-smalldisk",
    },
    "ws2025": {
        "2025-datacenter-azure-edition",
        "2025-datacenter-azure-edition-core",
        "2025-datacenter-azure-edition-smalldisk",
        "2025-datacenter-azure-edition-core-smalldisk",
    },
}
IMAGE_PUBLISHER = "microsoftwindowsserver"
IMAGE_OFFER = "windowsserver"


def month_index(text):
    """'2025-11' -> an integer that counts months."""
    year, month = text.split("-")[:2]
    return int(year) * 12 + int(month) - 1


def month_text(index):
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_day(text):
    return datetime.date.fromisoformat(text) if text else None


@functools.lru_cache(maxsize=None)
def patch_tuesday(index):
    """The second Tuesday of the month (domain.md: monthly updates ship then)."""
    first = datetime.date(index // 12, index % 12 + 1, 1)
    first_tuesday = 1 + (1 - first.weekday()) % 7  # Monday is 0, Tuesday 1
    return first.replace(day=first_tuesday + 7)


class Calendar:
    """One product's release data, read straight from its data file."""

    def __init__(self, doc):
        self.product = doc["product"]
        self.first_month = month_index(doc["first_month"])
        end = doc.get("hotpatch_end")
        self.hotpatch_end = month_index(end["month"]) if end else None
        self.months = {month_index(m["month"]): m for m in doc["months"]}
        self.out_of_band = sorted(doc.get("out_of_band", []), key=lambda r: r["date"])
        # Each release with its day parsed once, filed under its calendar month.
        self.out_of_band_by_month = {}
        self.out_of_band_days = []
        for release in self.out_of_band:
            day = parse_day(release["date"])
            self.out_of_band_days.append((day, release))
            self.out_of_band_by_month.setdefault(month_index(release["date"]), []).append((day, release))
        # What each KB the data knows is: the chain rule matches by KB.
        self.kbs = {}
        for index, m in self.months.items():
            if m.get("kb"):
                self.kbs[m["kb"]] = {"what": m["kind"], "month": index, "build": m.get("build")}
            if m.get("lcu") and m["lcu"].get("kb"):
                self.kbs[m["lcu"]["kb"]] = {"what": "lcu", "month": index, "build": m["lcu"].get("build")}
        for release in self.out_of_band:
            self.kbs[release["kb"]] = {
                "what": "out-of-band",
                "date": parse_day(release["date"]),
                "keeps_chain": release.get("keeps_chain"),
                "build": release.get("build"),
            }

    def stated_months(self):
        """Months whose kind the data states (the ones a plan may start at in the test)."""
        return sorted(i for i, m in self.months.items() if "kind" in m)

    def kind(self, index):
        """The data's kind where stated, else the January/April/July/October rule."""
        entry = self.months.get(index)
        if entry and "kind" in entry:
            return entry["kind"]
        return "baseline" if index % 12 in (0, 3, 6, 9) else "hotpatch"

    def is_baseline(self, index):
        return self.kind(index) in BASELINE_KINDS

    def ended(self, index):
        """Past the stated hotpatch end (the end month itself still has hotpatch)."""
        return self.hotpatch_end is not None and index > self.hotpatch_end

    @functools.lru_cache(maxsize=None)
    def release_day(self, index):
        """The month's release day: the data's date, by default Patch Tuesday."""
        entry = self.months.get(index)
        if entry and entry.get("date"):
            return parse_day(entry["date"])
        return patch_tuesday(index)

    def update_kb(self, index):
        """The month's hotpatch or baseline KB (None when the data has none)."""
        entry = self.months.get(index) or {}
        return entry.get("kb") if "kind" in entry else None

    def lcu_kb(self, index):
        """The month's regular update; in a baseline month it is the baseline itself."""
        entry = self.months.get(index) or {}
        if self.is_baseline(index):
            return self.update_kb(index)
        lcu = entry.get("lcu") or {}
        return lcu.get("kb")

    def last_baseline_before(self, index):
        """The baseline whose chain decides month `index` (the latest baseline month before it)."""
        month = index - 1
        while not self.is_baseline(month):
            month -= 1
        return month

    def on_chain_at_start(self, kb, start):
        """Is `kb`, installed just before month `start`'s release, on the current chain?

        README: the baseline itself, a later hotpatch of that cycle, or an
        out-of-band release the data marks keeps_chain (of that cycle: a
        hotpatch-compatible release of an older cycle is not this baseline's).
        An unknown KB is assumed off the chain.
        """
        facts = self.kbs.get(kb)
        if facts is None:
            return False
        baseline = self.last_baseline_before(start)
        what = facts["what"]
        if what in BASELINE_KINDS:
            return facts["month"] == baseline
        if what == "hotpatch":
            return baseline < facts["month"] < start
        if what == "out-of-band":
            in_cycle = self.release_day(baseline) <= facts["date"] < self.release_day(start)
            return facts["keeps_chain"] is True and in_cycle
        return False  # a hotpatch month's regular update (LCU) is never on the chain

    def out_of_band_between(self, after, before):
        """(day, release) of the out-of-band releases dated after `after` and before `before`."""
        return [(day, r) for day, r in self.out_of_band_days if after < day < before]

    def out_of_band_in_month(self, index):
        """(day, release) of the out-of-band releases dated in this calendar month, in date order."""
        return self.out_of_band_by_month.get(index, [])


def load_calendars(data_dir=DATA_DIR):
    calendars = {}
    for path in sorted(pathlib.Path(data_dir).glob("*.json")):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        calendars[doc["product"]] = Calendar(doc)
    return calendars


def parse_build(text):
    """'26100.6899' -> (26100, 6899); None when it is not two numbers."""
    parts = str(text).split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def is_arc_licensed(machine):
    """The Arc hotpatch subscription applies to Standard/Datacenter 2025, never Azure Edition."""
    return machine["product"] == "ws2025" and machine["edition"] in ("standard", "datacenter")


def failed_checks(machine):
    """Every failing prerequisite except the licence (README, Eligibility), by name."""
    product = machine["product"]
    failed = []
    if product == "ws2022-azure-edition" and machine["edition"] != "datacenter-azure-edition":
        failed.append("edition")
    build = parse_build(machine["build"])
    if build is None or build[0] != PRODUCT_BUILD[product] or build[1] < MIN_REVISION[product]:
        failed.append("build")
    if machine.get("preview", False):
        failed.append("preview")
    if machine["vbs_status"] != 2:
        failed.append("vbs")
    if not machine["uefi"]:
        failed.append("uefi")
    if not machine["secure_boot"]:
        failed.append("secure_boot")
    if machine["generation"] != 2:
        failed.append("generation")
    if is_arc_licensed(machine) and not machine.get("arc_connected", False):
        failed.append("arc")
    image = machine.get("image")
    if image is not None:
        # Azure returns image references in any case: compare without case.
        supported = (
            str(image.get("publisher", "")).lower() == IMAGE_PUBLISHER
            and str(image.get("offer", "")).lower() == IMAGE_OFFER
            and str(image.get("sku", "")).lower() in SUPPORTED_IMAGE_SKUS[product]
        )
        if not supported:
            failed.append("image")
    if machine.get("vmss_mode") == "uniform":
        failed.append("vmss")
    return failed


def licence_block(machine, start, index, release):
    """The reason code when the Arc licence keeps month `index` off hotpatch, else None.

    README, Trajectory rules: `license: expired` gives regular updates until and
    including the first baseline after the October 2025 issue (2026-01,
    licence-expired), after which hotpatches resume; a plan that starts after that
    baseline has none to fix it (licence-lapsed: until the licence is renewed).
    `license_remediated` gives "hotpatches from the first release after it": the
    block ends there too, whichever comes first (domain.md: "until remediated ...
    or until the next baseline"). A workaround on the release day counts before
    that release (README-ambiguous: both are only known to the day; as hotplan).
    """
    if not is_arc_licensed(machine):
        return None
    if machine.get("license", "active") != "expired":
        return None  # an active licence has nothing to remedy, workaround date or not
    remediated = parse_day(machine.get("license_remediated"))
    if remediated is not None and remediated <= release:
        return None
    fix_month = month_index(LICENCE_FIX_MONTH)
    if start > fix_month:
        return "licence-lapsed"
    return "licence-expired" if index <= fix_month else None


def first_month_after(as_of):
    """README, Fleet input: a plan with a fleet `as_of` starts with the first Patch
    Tuesday after that day; a release on the as_of itself is already installed."""
    index = month_index(as_of.isoformat())
    return index + 1 if as_of >= patch_tuesday(index) else index


def plan_machine(calendar, machine, start, months, as_of=None):
    """The model's plan: one dict per month with offer, kb, reboot, restarts, reason_code.

    `as_of` is the fleet's inventory day (README, Fleet input): the plan then
    starts at first_month_after(as_of), which `start` must be. Without it the
    inventory is the state just before `start`'s release.
    """
    start = month_index(start) if isinstance(start, str) else start
    as_of = parse_day(as_of) if isinstance(as_of, str) else as_of
    if as_of is not None and first_month_after(as_of) != start:
        raise ValueError(f"a plan with as_of {as_of} starts at {month_text(first_month_after(as_of))}")
    # Every release up to the inventory day (that day included) is installed already.
    inventory_day = as_of if as_of is not None else calendar.release_day(start) - datetime.timedelta(days=1)
    ineligible = bool(failed_checks(machine))
    enrolled = parse_day(machine.get("hotpatch_enrolled"))
    install_oob = machine.get("install_oob", False)
    remediated = parse_day(machine.get("license_remediated")) if is_arc_licensed(machine) else None

    # The inventory is the state just before the first month's release.
    on_chain = calendar.on_chain_at_start(machine["installed_kb"], start)

    def install(releases):
        """Out-of-band installs (install_oob): one restart each; keeps_chain keeps a
        machine on the chain it is on but never brings one back, false or unknown
        takes it off."""
        nonlocal on_chain
        if not install_oob:
            return 0
        for oob in releases:
            on_chain = on_chain and oob.get("keeps_chain") is True
        return len(releases)

    steps = []
    for index in range(start, start + months):
        release = calendar.release_day(index)
        baseline_month = calendar.is_baseline(index)
        # Out-of-band releases count in the calendar month of their date, in date
        # order around the monthly release. Before the first month's release: those
        # after the inventory day, of whichever calendar month (with an as_of, the
        # previous month's after its release too); the rest are in the inventory.
        oob = calendar.out_of_band_in_month(index)
        if index == start:
            before = [r for day, r in calendar.out_of_band_between(inventory_day, release)]
        else:
            before = [r for day, r in oob if day < release]
        after = [r for day, r in oob if day >= release]
        restarts = install(before)

        licence = licence_block(machine, start, index, release)

        # README: machines that are not enrolled or not eligible get "the month's
        # regular update (the baseline itself in baseline months)": offer lcu,
        # whose KB in a baseline month is the baseline's. An enrolled machine whose
        # licence has expired is still offered the baseline (every enrolled machine is).
        if calendar.ended(index):
            offer, reason = "lcu", "hotpatch-ended"
        elif ineligible:
            offer, reason = "lcu", "not-eligible"
        elif enrolled is None:
            offer, reason = "lcu", "not-enrolled"
        elif enrolled > patch_tuesday(index):
            offer, reason = "lcu", "enrolled-later"
        elif baseline_month:
            offer, reason = "baseline", "baseline"
        elif licence:
            offer, reason = "lcu", licence
        elif on_chain:
            offer, reason = "hotpatch", "hotpatch"
        else:
            offer, reason = "lcu", "off-chain"

        kb = calendar.lcu_kb(index) if offer == "lcu" else calendar.update_kb(index)

        # What the machine runs afterwards decides the chain, by KB: the baseline
        # (also when it came as a baseline month's regular update) starts a new
        # chain, a hotpatch stays on it, a hotpatch month's regular update leaves it.
        if offer != "hotpatch":
            on_chain = baseline_month and not calendar.ended(index)
            restarts += 1

        restarts += install(after)

        # README: the licence workaround is "a restart that day (in that month's
        # cycle)": the cycle runs from this month's release to the next one's; one
        # after the inventory day and before the first planned release counts in
        # the first month, like an out-of-band release there.
        cycle_start = inventory_day + datetime.timedelta(days=1) if index == start else release
        if remediated is not None and cycle_start <= remediated < calendar.release_day(index + 1):
            restarts += 1

        steps.append({
            "month": month_text(index),
            "offer": offer,
            "kb": kb,
            "reboot": restarts > 0,
            "restarts": restarts,
            "reason_code": reason,
        })
    return steps
