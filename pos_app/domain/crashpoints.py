"""Named crash points in the money paths, for the crash tests (tests/reliability): a no-op in the shop.

``reached(name)`` is called at the moments where a crash is most telling — right after an intent is
committed, when PortOne's reply has arrived but is not read, before a result is recorded, inside a
journal transaction before its COMMIT, while the settlement engine looks an operation up, during a
schema upgrade. It does nothing unless the environment variable ``POS_APP_CRASH_AT`` names the point:

* ``POS_APP_CRASH_AT=intent.committed`` — kill the process the first time the point is reached;
* ``POS_APP_CRASH_AT=journal.before_commit@3`` — the third time;
* ``POS_APP_CRASH_AT=*@17`` — at the 17th crash point of any name (the crash tests' random kills).

The kill is ``SIGKILL`` sent to the process itself (on Windows, ``os._exit``): no ``finally`` block, no
``atexit`` hook and no buffered write runs, as in a power cut or a killed task. It lives in ``domain``
because the journal and the services both call it, and neither may import the other's layer downwards.
Point names are listed in ``POINTS`` (a test checks that every call in the code uses one of them).
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "POS_APP_CRASH_AT"

POINTS: frozenset[str] = frozenset(
    {
        "intent.committed",  # the operation's intent is committed; nothing has been sent yet
        # the request has left and no byte of the reply has been read: called by the crash tests' own
        # transport adapter (tests/reliability), because requests has no hook between send and receive
        "http.request_sent",
        "portone.reply_arrived",  # PortOne's reply (status and body) has arrived; not read yet
        "result.before_record",  # the call is over; its result is not in the journal yet
        "journal.before_commit",  # inside a journal write transaction, before COMMIT
        "journal.after_commit",  # a journal write has just been committed
        "settle.before_look",  # the settlement engine is about to look an operation up
        "upgrade.backed_up",  # a schema upgrade has copied the old file, nothing converted yet
        "upgrade.converted",  # a schema upgrade has converted everything, before its COMMIT
    }
)

_lock = threading.Lock()
_counts: dict[str, int] = {}


def reached(name: str) -> None:
    """Kill the process here if ``POS_APP_CRASH_AT`` says so (see the module docstring)."""
    target = os.environ.get(ENV)
    if not target:
        return
    point, _, nth = target.partition("@")
    if point not in (name, "*"):
        return
    with _lock:
        count = _counts[point] = _counts.get(point, 0) + 1
    if count == (int(nth) if nth.isdigit() else 1):
        _die()


def _die() -> None:
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # pragma: no cover - Windows, or a SIGKILL that did not end us at once
