"""Fault injection for the sandbox: what to break, on which requests, how many times.

A `Fault` matches requests by method and path prefix and is used up by the next `count` matching
requests (admin paths under `/__sandbox__/` never match). Each kind says whether the request is
processed (the charge committed) before the fault is applied; `commit` overrides that default:

- ``delay``: wait `delay_ms`, then answer normally.
- ``hang_after_commit``: process, then hold the reply until the client closes the connection or
  `delay_ms` passes (default 60 s), then send it — a client that times out leaves a committed charge.
- ``reset_before`` / ``reset_after``: close the socket with a TCP reset and no reply, before / after
  processing.
- ``http_500`` / ``http_502``: a JSON-less 5xx from "a proxy", not processed by default.
- ``http_504``: gateway timeout after the upstream committed (processed by default).
- ``truncated``: process, then send only the first half of the JSON body (Content-Length of the half).
- ``html``: an HTML error page with HTTP 200, not processed by default.
- ``expire_token``: expire every access token now, then process the request normally.
- ``http_201``: process, then send the normal reply with HTTP 201 instead of its own status (a public
  V1 test server answers getToken so; a client must not read a money reply in a surprising status).

Faults match every path the sandbox serves, the schedule and PG-settings endpoints included.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

FAULT_KINDS: tuple[str, ...] = (
    "delay",
    "hang_after_commit",
    "reset_before",
    "reset_after",
    "http_500",
    "http_502",
    "http_504",
    "truncated",
    "html",
    "expire_token",
    "http_201",
)

# Whether the request reaches the business logic before the fault is applied.
_COMMITS_BY_DEFAULT: dict[str, bool] = {
    "delay": True,
    "hang_after_commit": True,
    "reset_before": False,
    "reset_after": True,
    "http_500": False,
    "http_502": False,
    "http_504": True,
    "truncated": True,
    "html": False,
    "expire_token": True,
    "http_201": True,
}
DEFAULT_HANG_MS = 60_000


@dataclass(frozen=True)
class Fault:
    kind: str
    path_prefix: str = "/"
    method: str | None = None  # None matches any method
    count: int = 1
    delay_ms: int = 0  # delay: how long; hang_after_commit: the longest hold (0 → DEFAULT_HANG_MS)
    commit: bool | None = None  # None → the kind's default (see module docstring)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        if self.count < 1:
            raise ValueError("fault count must be at least 1")
        if self.delay_ms < 0:
            raise ValueError("delay_ms must not be negative")
        if not self.path_prefix.startswith("/"):
            raise ValueError("path_prefix must start with '/'")

    @property
    def commits(self) -> bool:
        return _COMMITS_BY_DEFAULT[self.kind] if self.commit is None else self.commit

    @property
    def hold_seconds(self) -> float:
        return (self.delay_ms or DEFAULT_HANG_MS) / 1000

    def matches(self, method: str, path: str) -> bool:
        if path.startswith("/__sandbox__"):
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return path.startswith(self.path_prefix)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fault:
        known = {"kind", "path_prefix", "method", "count", "delay_ms", "commit"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        if "kind" not in data:
            raise ValueError("fault needs a kind")
        commit = data.get("commit")
        return cls(
            kind=str(data["kind"]),
            path_prefix=str(data.get("path_prefix", "/")),
            method=None if data.get("method") in (None, "") else str(data["method"]),
            count=int(data.get("count", 1)),
            delay_ms=int(data.get("delay_ms", 0)),
            commit=None if commit is None else bool(commit),
        )


class FaultPlan:
    """The faults still waiting for requests; thread-safe, each match uses up one count."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this request, with its remaining count reduced by one."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, path):
                    if fault.count <= 1:
                        del self._faults[index]
                    else:
                        self._faults[index] = replace(fault, count=fault.count - 1)
                    return fault
            return None
