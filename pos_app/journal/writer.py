"""Who a write is made by: the operator, and the manager or owner who approved it, per call, per thread.

``Journal.open(..., operator=...)`` names the run's default writer. When people sign in at the counter
the writer changes during a run, and cashier calls run on worker threads at the same time, so the writer
is not a field of the journal: the services wrap each call in ``writing_as(Writer(...))``, which sets a
``contextvars.ContextVar`` for that call only (each thread, and each job the window's runner starts, has
its own context). ``Journal``'s write path reads ``current_writer()`` and falls back to the run's
operator.

A *result* (PortOne's answer to a sale, cancel, card registration or deletion, receipt issue or cancel)
is written in the name of the operation it settles — its operator and approver as they stand on its row
— whoever's context it is written in: an open operation settled later by the background keeps its own
writer. Every event still names its writer through the ``W`` event in force (``events``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Writer:
    operator: str
    approver: str = ""


_CURRENT: ContextVar[Writer | None] = ContextVar("pos_app_journal_writer", default=None)


def current_writer() -> Writer | None:
    return _CURRENT.get()


@contextmanager
def writing_as(writer: Writer | None) -> Iterator[None]:
    """Every journal write inside is made by ``writer`` (None: the run's operator)."""
    token = _CURRENT.set(writer)
    try:
        yield
    finally:
        _CURRENT.reset(token)
