# Type stubs for the hotplan package: the functions and the shapes they return.
import datetime
import os
from typing import Literal, TypedDict, Union

__version__: str

Document = Union[dict, str, os.PathLike[str]]
Month = Union[datetime.date, str]
Product = Literal["ws2025", "ws2022-azure-edition"]
MonthKind = Literal["baseline", "unplanned-baseline", "hotpatch"]
MonthSource = Literal["published", "projected"]

class InputError(ValueError):
    message: str
    path: str
    def __init__(self, message: str, path: str = "") -> None: ...

class LimitError(InputError): ...

class OutOfBand(TypedDict):
    date: str
    kb: str
    build: str | None
    keeps_chain: bool
    note: str

class CalendarMonth(TypedDict):
    month: str
    kind: MonthKind
    source: MonthSource
    patch_tuesday: str
    release_utc: str
    kb: str | None
    build: str | None
    lcu_kb: str | None
    lcu_build: str | None
    out_of_band: list[OutOfBand]

class CalendarResult(TypedDict):
    product: Product
    months: list[CalendarMonth]

class PlanStep(TypedDict):
    month: str
    kind: MonthKind
    source: MonthSource
    offer: Literal["none", "hotpatch", "baseline", "lcu"]
    kb: str | None
    build: str | None
    reboot: bool
    reason: str
    reason_code: str
    out_of_band: list[OutOfBand]

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
    reboots: int
    months: list[PlanStep]

PlanResult = TypedDict("PlanResult", {"from": str, "to": str, "machines": list[MachinePlan]})

class MachineCheck(TypedDict):
    id: str
    product: Product
    eligible: bool
    reasons: list[str]
    failed_checks: list[str]

class CheckResult(TypedDict):
    machines: list[MachineCheck]
    eligible: int
    ineligible: int

def calendar(product: Product, start: Month, months: int = 12, *, data: Document | None = None) -> CalendarResult:
    """A product's hotpatch calendar: the structure `hotplan calendar --json` prints."""

def plan(fleet: Document, start: Month, months: int = 12) -> PlanResult:
    """Each machine's updates month by month: the structure `hotplan plan --json` prints."""

def check(fleet: Document) -> CheckResult:
    """Every machine's hotpatch prerequisites: the structure `hotplan check --json` prints."""

def windows(tz: str, start: datetime.date | str, end: datetime.date | str, offpeak: Document | None = None) -> WindowsResult:
    """Off-peak install windows in a time zone: the structure `hotplan windows --json` prints."""
