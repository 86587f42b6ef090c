# Type stubs for the hotplan package: the functions and the shapes they return.
import datetime
import os
from typing import Literal, TypedDict, Union

__version__: str

Document = Union[dict, str, os.PathLike[str]]
Month = Union[datetime.date, str]
Product = Literal["ws2025", "ws2022-azure-edition"]
MonthKind = Literal["baseline", "unplanned-baseline", "hotpatch", "regular"]
DataStatus = Literal["published", "reported", "projected"]
CalendarData = Union[Document, list[Document], None]
PolicySpec = Union[Literal["automatic-by-platform"], dict, str, os.PathLike[str]]
RebootBehaviour = Literal["never", "may", "always"]
SkipCode = Literal["product", "other-cycle", "not-released", "not-offered", "policy", "superseded",
                   "missing-prerequisite"]
RolloutSkipReason = Literal["offer-none", "no-window", "deadline-missed", "dependency-not-patched",
                            "dependency-later", "stopped-by-failure", "held-by-failure"]

class InputError(ValueError):
    message: str
    path: str
    def __init__(self, message: str, path: str = "") -> None: ...

class LimitError(InputError): ...

class OutOfBand(TypedDict):
    date: str
    kb: str
    build: str | None
    keeps_chain: bool | None
    status: DataStatus
    reference: str | None
    note: str

class CalendarMonth(TypedDict):
    month: str
    kind: MonthKind
    status: DataStatus
    patch_tuesday: str
    release_utc: str
    kb: str | None
    build: str | None
    kb_status: DataStatus | None
    lcu_kb: str | None
    lcu_build: str | None
    lcu_status: DataStatus | None
    reference: str | None
    note: str | None
    out_of_band: list[OutOfBand]

class CalendarResult(TypedDict):
    product: Product
    months: list[CalendarMonth]

class PlanStep(TypedDict):
    month: str
    kind: MonthKind
    status: DataStatus
    offer: Literal["none", "hotpatch", "baseline", "lcu"]
    kb: str | None
    build: str | None
    reboot: bool
    restarts: int
    reason: str
    reason_code: str
    out_of_band: list[OutOfBand]
    window: "InstallWindow | None"
    assumed: bool
    assumption: str | None

class InstallWindow(TypedDict):
    start_utc: str
    end_utc: str
    start_local: str
    end_local: str

class WindowsResult(TypedDict):
    tz: str
    windows: list[InstallWindow]

class MachinePlan(TypedDict):
    id: str
    product: Product
    eligible: bool
    reasons: list[str]
    failed_checks: list[str]
    warnings: list[str]
    installed_kb_known: bool
    restarts: int
    restart_months: int
    months: list[PlanStep]

PlanResult = TypedDict("PlanResult", {"from": str, "to": str, "as_of": str | None, "warnings": list[str],
                                      "machines": list[MachinePlan]})

class MachineCheck(TypedDict):
    id: str
    product: Product
    eligible: bool
    reasons: list[str]
    failed_checks: list[str]
    warnings: list[str]
    installed_kb_known: bool

class CheckResult(TypedDict):
    machines: list[MachineCheck]
    eligible: int
    ineligible: int
    unknown_kb: int

class ApprovedUpdate(TypedDict):
    kb: str
    order: int
    reboot: RebootBehaviour

class SkippedUpdate(TypedDict):
    kb: str
    code: SkipCode
    reason: str

class ClassifyResult(TypedDict):
    approved: list[ApprovedUpdate]
    skipped: list[SkippedUpdate]
    reboot: bool
    reboot_kbs: list[str]
    warnings: list[str]

class RolloutPhase(TypedDict):
    phase: int
    regions: list[str]

class BatchOffers(TypedDict):
    hotpatch: int
    baseline: int
    regular: int
    catalog: int
    restarting: int

class LocalStart(TypedDict):
    time_zone: str
    start: str

class RolloutBatch(TypedDict):
    id: int
    phase: int
    region: str
    zone: str | None
    start_utc: str
    end_utc: str
    machines: list[str]
    failed: list[str]
    offers: BatchOffers
    local_starts: list[LocalStart]

class NotPatched(TypedDict):
    id: str
    reason: RolloutSkipReason
    detail: str

class RolloutCheck(TypedDict):
    rule: str
    ok: bool
    detail: str

class RolloutResult(TypedDict):
    month: str
    release_utc: str
    deadline_utc: str
    phases: list[RolloutPhase]
    batches: list[RolloutBatch]
    not_patched: list[NotPatched]
    checks: list[RolloutCheck]

def calendar(product: Product, start: Month, months: int = 12, *, data: CalendarData = None) -> CalendarResult:
    """A product's hotpatch calendar: the structure `hotplan calendar --json` prints."""

def plan(fleet: Document, start: Month, months: int = 12, catalog: Document | None = None,
         policy: PolicySpec | None = None, *, calendar_data: CalendarData = None, threads: int = 0) -> PlanResult:
    """Each machine's updates month by month: the structure `hotplan plan --json` prints."""

def check(fleet: Document, *, calendar_data: CalendarData = None) -> CheckResult:
    """Every machine's hotpatch prerequisites: the structure `hotplan check --json` prints."""

def windows(tz: str, start: datetime.date | str, end: datetime.date | str, offpeak: Document | None = None) -> WindowsResult:
    """Off-peak install windows in a time zone: the structure `hotplan windows --json` prints."""

def classify(catalog: Document, policy: PolicySpec, fleet: Document | None = None, machine: str | None = None,
             month: Month | None = None, as_of: datetime.date | str | None = None, *,
             calendar_data: CalendarData = None) -> ClassifyResult:
    """Which catalog updates install, in what order, and whether they restart: `hotplan classify --json`."""

def rollout(fleet: Document, month: Month, failures: Document | None = None, *, catalog: Document | None = None,
            policy: PolicySpec | None = None, calendar_data: CalendarData = None) -> RolloutResult:
    """A month's availability-first rollout across the fleet: `hotplan rollout --json`."""

def report(fleet: Document, start: Month, months: int = 12, catalog: Document | None = None,
           policy: PolicySpec | None = None, *, rollout: Month | None = None, failures: Document | None = None,
           calendar_data: CalendarData = None, path: str | os.PathLike[str] | None = None,
           threads: int = 0) -> str | None:
    """The plan (and a month's rollout) as one self-contained HTML page: `hotplan report`.
    Returns the HTML, or writes it to `path` and returns None."""

def plan_csv(fleet: Document, start: Month, months: int = 12, catalog: Document | None = None,
             policy: PolicySpec | None = None, *, calendar_data: CalendarData = None, threads: int = 0) -> str:
    """plan() as CSV, one row per machine-month: `hotplan plan --csv`."""

def rollout_csv(fleet: Document, month: Month, failures: Document | None = None, *, catalog: Document | None = None,
                policy: PolicySpec | None = None, calendar_data: CalendarData = None) -> str:
    """rollout() as CSV, one row per machine: `hotplan rollout --csv`."""
