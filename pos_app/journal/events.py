"""Writing to the journal: one transaction per record — append the sealed event, then project it.

A ``WriteContext`` is what each record function gets inside the transaction: the connection, the time,
who writes, the sealing key, ``state`` (the live tables, for the record function's own checks) and
``append(kind, group, body)``, which seals the event onto the chain and then applies ``projection.apply``
to the event *as stored* (its body decoded back from the stored text). There is no other way to change
the state tables, so they are the replay of the events by construction.

``BEGIN IMMEDIATE`` takes the write lock before the chain head is read, so two threads (or two
processes) can never link two events to the same predecessor. Who writes is an event of its own (``W``:
the operator, the counter and, when a manager or owner approved the write on the spot, the approver),
written only when it differs from the journal's current writer: no operator on every row. A result is
written in the name of its operation (``write_as``, see ``writer``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pos_app.domain import crashpoints
from pos_app.domain.free_text import bad_character
from pos_app.journal.card_digit_guard import refuse_card_digits
from pos_app.journal.chain import GENESIS, mac
from pos_app.journal.codec import KIND_NAMES, decode, encode
from pos_app.journal.errors import TextRefused
from pos_app.journal.projection import Event
from pos_app.journal.projection_cards_receipts import apply
from pos_app.journal.state import SqlState


@dataclass(frozen=True)
class Sealer:
    """The key in force: its id and bytes."""

    kid: str
    key: bytes = field(repr=False)


@dataclass
class WriteContext:
    conn: sqlite3.Connection
    now: float
    operator: str
    counter_id: str
    sealer: Sealer
    state: SqlState
    approver: str = ""
    _who_checked: bool = False
    _head: tuple[int, bytes] | None = None  # the chain head, known after the first append (we hold the lock)

    def append(self, kind: str, group: int | None, body: Mapping[str, Any]) -> int:
        """Seal one event onto the chain and project it; returns its id."""
        if kind not in KIND_NAMES:
            raise ValueError(f"unknown event kind {kind!r}")
        if not self._who_checked and kind not in ("G", "K", "W", "X"):
            self._who_checked = True
            operator, counter = self.state.get("meta", "o"), self.state.get("meta", "c")
            approver = (self.state.get("meta", "a") or {}).get("v") or ""
            if (
                (operator or {}).get("v") != self.operator
                or (counter or {}).get("v") != self.counter_id
                or approver != self.approver
            ):
                refuse_card_digits({"operator": self.operator, "counter_id": self.counter_id})
                who = {"o": self.operator, "c": self.counter_id}
                if self.approver:
                    refuse_card_digits({"approver": self.approver})
                    who["a"] = self.approver
                self._append("W", None, who)
        return self._append(kind, group, body)

    def write_as(self, row: Mapping[str, Any]) -> None:
        """Write in the name of the operation ``row`` stands for (its ``operator`` and ``approver``), not
        of whoever's call records it; before the first ``append``. A row without an operator (made
        before anyone signed in) leaves the writer as it is."""
        operator = row.get("operator")
        if operator and not self._who_checked:
            self.operator = str(operator)
            self.approver = str(row.get("approver") or "")

    def _append(self, kind: str, group: int | None, body: Mapping[str, Any]) -> int:
        text = encode(dict(body))
        if bad_character(text):
            # the record functions refuse typed text and mask answers first: this is a caller's slip
            raise TextRefused(kind)
        if self._head is None:
            last = self.conn.execute("SELECT id, m FROM events ORDER BY id DESC LIMIT 1").fetchone()
            self._head = (int(last[0]), bytes(last[1])) if last else (0, GENESIS)
        prev_id, prev = self._head
        event_id = prev_id + 1
        seal = mac(self.sealer.key, prev, event_id, self.now, kind, group, text)
        self.conn.execute(
            "INSERT INTO events (id, ts, k, g, b, m) VALUES (?, ?, ?, ?, ?, ?)",
            (event_id, self.now, kind, group, text, seal),
        )
        self._head = (event_id, seal)
        apply(self.state, Event(event_id, self.now, kind, group, decode(text)))
        return event_id


@contextmanager
def write_transaction(
    conn: sqlite3.Connection,
    now: float,
    operator: str,
    counter_id: str,
    sealer: Sealer,
    approver: str = "",
) -> Iterator[WriteContext]:
    """Everything inside commits together or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield WriteContext(conn, now, operator, counter_id, sealer, SqlState(conn), approver)
        crashpoints.reached("journal.before_commit")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    crashpoints.reached("journal.after_commit")
