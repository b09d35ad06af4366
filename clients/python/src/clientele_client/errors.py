"""The one exception type of the client and the gRPC status codes it carries."""

from __future__ import annotations

import enum
from typing import Any, Sequence

__all__ = ["StatusCode", "ClienteleError"]


class StatusCode(enum.IntEnum):
    """gRPC status codes, the only codes ttrpc carries."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16

    @classmethod
    def of(cls, value: int) -> "StatusCode":
        """The code for ``value``; UNKNOWN for a number outside gRPC's codes."""
        try:
            return cls(value)
        except ValueError:
            return cls.UNKNOWN


class ClienteleError(Exception):
    """A failed call: the daemon's status, or one the client made up.

    The client itself raises UNAVAILABLE when it cannot reach the daemon or the
    connection breaks, DEADLINE_EXCEEDED when the call's timeout passes before
    an answer arrives, RESOURCE_EXHAUSTED for a request over 4 MiB and INTERNAL
    for an answer it cannot decode.
    """

    code: StatusCode
    message: str
    details: Sequence[Any]

    def __init__(self, code: int, message: str, details: Sequence[Any] = ()) -> None:
        self.code = StatusCode.of(code)
        self.message = message
        self.details = tuple(details)
        super().__init__(f"{self.code.name} ({int(self.code)}): {message}")

    def __reduce__(self):  # keeps the exception picklable with its fields
        return (type(self), (int(self.code), self.message, self.details))
