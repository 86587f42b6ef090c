"""hotplan: Windows Server hotpatch planning from Python.

Every function returns the structure the CLI prints with --json, as dicts and
lists. Inputs are dicts or paths to JSON files; months are datetime.date or
"YYYY-MM" strings. Bad input raises hotplan.InputError (a ValueError) whose
.path names the JSON pointer or argument at fault.
"""

from ._errors import InputError, LimitError
from ._hotplan import (
    __version__,
    calendar,
    check,
    classify,
    plan,
    plan_csv,
    report,
    rollout,
    rollout_csv,
    windows,
)

__all__ = [
    "InputError",
    "LimitError",
    "__version__",
    "calendar",
    "check",
    "classify",
    "plan",
    "plan_csv",
    "report",
    "rollout",
    "rollout_csv",
    "windows",
]
