"""Random machines for the differential test, each with the month its plan starts.

Every (product, month with a stated kind) pair is a starting point, taken in
turn so that a fleet of a few hundred machines already covers them all. The
installed KB is chosen from what could really be installed when the inventory
was taken: on the chain, off it (an older baseline, a regular update, an
out-of-band release), unknown to the data, or another product's KB. Nothing
from the future: without a fleet `as_of` the README takes the inventory as the
state just before the first month's release; with one (about a third of the
machines), as of that day, every release on or before it installed.

A fleet's `as_of` lies in the release cycle before the plan's first month
(from the previous Patch Tuesday, included, to the day before the next), on
one of a few days per starting month: the previous Patch Tuesday itself, the
day before the next one, and each out-of-band release's day and the days
either side of it. A few days per month keep the number of fleets (one
`hotplan plan` call each) small. Each as_of fleet is planned with `--from` its
first month, without `--from`, or with `--from` a month or two later (the
later months of the plan that began at the as_of).
"""

import collections
import datetime
import functools
import random

from hotplan_model import SUPPORTED_IMAGE_SKUS, patch_tuesday

def starting_points(calendars):
    """Every (product, month) a plan may start at: each month with a stated kind."""
    points = []
    for product in sorted(calendars):
        for index in calendars[product].stated_months():
            points.append((product, index))
    return points


def installed_before(calendar, start, as_of=None):
    """KBs of the product already installed when the inventory was taken, with their
    build: released on or before `as_of`, else before month `start`'s release."""
    last = as_of if as_of is not None else calendar.release_day(start) - datetime.timedelta(days=1)
    known = []
    for kb, facts in calendar.kbs.items():
        if "month" in facts:
            released = calendar.release_day(facts["month"]) <= last
        else:
            released = facts["date"] <= last
        if released:
            known.append((kb, facts.get("build")))
    return sorted(known)


def as_of_days(calendars, start):
    """The inventory days a fleet planned from month `start` may have (see the module text)."""
    first = patch_tuesday(start - 1)
    last = patch_tuesday(start) - datetime.timedelta(days=1)
    days = {first, last}
    one = datetime.timedelta(days=1)
    for calendar in calendars.values():
        for day, _ in calendar.out_of_band_between(first - one, last + one):
            days.update(d for d in (day - one, day, day + one) if first <= d <= last)
    return sorted(days)


def shown_from(as_of, start):
    """The `--from` an as_of fleet is planned with: its first month, none, or a later month.
    Fixed per as_of day so that each day is one fleet."""
    return (start, None, start, start + 1, start, start + 2)[as_of.toordinal() % 6]


def unknown_kb(rng, calendars):
    """A well-formed KB that neither product's data lists."""
    taken = set().union(*(calendar.kbs for calendar in calendars.values()))
    while True:
        digits = rng.choice((6, 7, 7, 7, 8))
        kb = "KB" + str(rng.randrange(10 ** (digits - 1), 10**digits))
        if kb not in taken:
            return kb


def some_build(rng, product, newest=None):
    """A build of the product: "old" (below 26100.1742), "new" (above everything the
    data knows) or in between, for KBs whose own build is not known."""
    major = {"ws2025": 26100, "ws2022-azure-edition": 20348}[product]
    if newest == "old":
        return f"{major}.{rng.randrange(100, 1742)}"
    if newest == "new":
        return f"{major}.{rng.randrange(40000, 60000)}"
    return f"{major}.{rng.randrange(1742, 33000)}"


def random_day(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


@functools.lru_cache(maxsize=None)
def known_kbs(calendar, start, as_of=None):
    """(installed by the inventory day, on the chain then, off it) for one product and month."""
    known = installed_before(calendar, start, as_of)
    on_chain = [(kb, b) for kb, b in known if calendar.on_chain_at_start(kb, start)]
    off_chain = [(kb, b) for kb, b in known if not calendar.on_chain_at_start(kb, start)]
    return known, on_chain, off_chain


def choose_kb(rng, calendars, product, start, as_of=None):
    """(installed_kb, build, category) for a machine whose plan starts at `start`."""
    calendar = calendars[product]
    _, on_chain, off_chain = known_kbs(calendar, start, as_of)
    roll = rng.random()
    if roll < 0.45 and on_chain:
        kb, build = rng.choice(on_chain)
        category = "on-chain"
    elif roll < 0.80 and off_chain:
        # Recent releases matter most (joining partway): weight the last year.
        recent = off_chain[-40:] if rng.random() < 0.7 else off_chain
        kb, build = rng.choice(recent)
        category = "off-chain"
    elif roll < 0.95:
        kb = unknown_kb(rng, calendars)
        # A build inside the data's range, or newer than everything it knows.
        build = some_build(rng, product, rng.choice(("mid", "new")))
        category = "unknown"
    else:
        # Another product's KB: unknown to this product's data (keyed by product).
        other = calendars[next(p for p in calendars if p != product)]
        other_known = known_kbs(other, start, as_of)[0] or [(unknown_kb(rng, calendars), None)]
        kb, build = rng.choice(other_known)
        if rng.random() < 0.7:
            build = None  # this product's build: only the KB is foreign
        category = "other-product"
    if build is None:
        build = some_build(rng, product)
    return kb, build, category


# The prerequisites a machine may fail (README, Eligibility), and how to fail each.
BREAKS = {
    "edition": lambda m, rng: m.update(edition=rng.choice(("standard", "datacenter"))),
    "build": lambda m, rng: m.update(build=rng.choice((
        some_build(rng, "ws2025", "old") if m["product"] == "ws2025" else "26100.6899",
        "20348.4294" if m["product"] == "ws2025" else "17763.1000"))),
    "preview": lambda m, rng: m.update(preview=True),
    "vbs": lambda m, rng: m.update(vbs_status=rng.choice((0, 1))),
    "uefi": lambda m, rng: m.update(uefi=False),
    "secure_boot": lambda m, rng: m.update(secure_boot=False),
    "generation": lambda m, rng: m.update(generation=1),
    "arc": lambda m, rng: m.update(arc_connected=False),
    "image": lambda m, rng: m.update(image={
        "publisher": "MicrosoftWindowsServer", "offer": "WindowsServer",
        "sku": rng.choice(("2022-datacenter", "2025-datacenter", "custom-golden-image", "2019-datacenter-core"))}),
    "vmss": lambda m, rng: m.update(vmss_mode="uniform"),
}


def breakable(machine):
    """The prerequisites that apply to this machine."""
    names = ["build", "preview", "vbs", "uefi", "secure_boot", "generation", "vmss"]
    if machine["product"] == "ws2022-azure-edition":
        names.append("edition")
    if machine["edition"] == "datacenter-azure-edition":
        names.append("image")
    else:
        names.append("arc")
    return names


def random_machine(rng, calendars, number, product, start, months, as_of=None):
    calendar = calendars[product]
    first_release = calendar.release_day(start)
    last_release = calendar.release_day(start + months - 1)
    kb, build, category = choose_kb(rng, calendars, product, start, as_of)

    if product == "ws2022-azure-edition":
        edition = "datacenter-azure-edition"
    else:
        edition = rng.choice(("standard", "datacenter", "datacenter-azure-edition", "datacenter-azure-edition"))
    arc = edition != "datacenter-azure-edition" and product == "ws2025"

    machine = {
        "id": f"m{number:06d}-{category}",
        "product": product,
        "edition": edition,
        "installed_kb": kb,
        "build": build,
        "vbs_status": 2,
        "uefi": True,
        "secure_boot": True,
        "generation": 2,
    }

    # Enrolment: mostly well before, sometimes inside the horizon, sometimes
    # around a Patch Tuesday (the "on or before" edge), sometimes never.
    roll = rng.random()
    if roll < 0.08:
        machine["hotpatch_enrolled"] = None
    elif roll < 0.70:
        machine["hotpatch_enrolled"] = str(first_release - datetime.timedelta(days=rng.randrange(0, 400)))
    elif roll < 0.85:
        machine["hotpatch_enrolled"] = str(random_day(rng, first_release, last_release))
    else:
        pt = patch_tuesday(start + rng.randrange(months))
        machine["hotpatch_enrolled"] = str(pt + datetime.timedelta(days=rng.choice((-1, 0, 0, 1))))

    if arc:
        machine["arc_connected"] = True
        if rng.random() < 0.35:
            machine["license"] = "expired"
        elif rng.random() < 0.3:
            machine["license"] = "active"
        if rng.random() < 0.35:
            # The workaround: before, inside or after the horizon, sometimes on a release day.
            if rng.random() < 0.2:
                day = calendar.release_day(start + rng.randrange(months))
            elif as_of is not None and rng.random() < 0.2:
                # Between the inventory day and the first release, or on it.
                day = random_day(rng, as_of, first_release - datetime.timedelta(days=1))
            else:
                day = random_day(rng, first_release - datetime.timedelta(days=60), last_release + datetime.timedelta(days=40))
            machine["license_remediated"] = str(day)
    else:
        if rng.random() < 0.1:
            machine["arc_connected"] = rng.random() < 0.5  # irrelevant off Arc
        if rng.random() < 0.04:
            machine["license"] = "expired"  # Azure Edition: the Arc licence does not apply

    if edition == "datacenter-azure-edition" and rng.random() < 0.3:
        sku = rng.choice(sorted(SUPPORTED_IMAGE_SKUS[product]))
        publisher, offer = "MicrosoftWindowsServer", "WindowsServer"
        if rng.random() < 0.3:  # Azure returns image references in any case
            sku, publisher, offer = sku.upper(), publisher.lower(), offer.upper()
        machine["image"] = {"publisher": publisher, "offer": offer, "sku": sku}
    if rng.random() < 0.1:
        machine["vmss_mode"] = "flexible"
    if rng.random() < 0.05:
        machine["preview"] = False

    # About one machine in seven fails one or two prerequisites.
    if rng.random() < 0.15:
        for name in rng.sample(breakable(machine), rng.choice((1, 1, 2))):
            BREAKS[name](machine, rng)
        machine["id"] += "-ineligible"

    if rng.random() < 0.4:
        machine["install_oob"] = True
    elif rng.random() < 0.1:
        machine["install_oob"] = False
    return machine


class Case(collections.namedtuple("Case", "start machine as_of shown")):
    """A generated machine: the month its plan starts (index), the machine, the
    fleet's as_of (a date, or None) and the `--from` its plan is asked with (a
    month index, or None for none: only with an as_of)."""


AS_OF_SHARE = 0.35


def generate(count, seed, calendars, months=24):
    """`count` random machines as Cases, reproducible from `seed`."""
    rng = random.Random(seed)
    points = starting_points(calendars)
    machines = []
    for number in range(count):
        # Each starting point in turn, so every one is covered even in small runs.
        product, start = points[number % len(points)]
        as_of = shown = None
        if rng.random() < AS_OF_SHARE:
            as_of = rng.choice(as_of_days(calendars, start))
            shown = shown_from(as_of, start)
        else:
            shown = start
        machine = random_machine(rng, calendars, number, product, start, months, as_of)
        machines.append(Case(start, machine, as_of, shown))
    return machines
