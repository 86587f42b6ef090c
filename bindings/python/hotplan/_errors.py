"""hotplan's exceptions; the compiled module raises them for hotplan::InputError and LimitError."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: `.path` says where, `.message` what is wrong.

    `.path` is a JSON pointer into the input document (such as
    "/machines/3/build"), the name of the argument at fault (such as "start"),
    or "" when the whole input is at fault (an unreadable file).
    """

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message, path)  # both in args, so the error pickles
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class LimitError(InputError):
    """Well-formed input larger than hotplan accepts (nesting, string length, machine count)."""
