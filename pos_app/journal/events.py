"""Writing to the journal: one transaction per record, the event appended to the chain with its state.

A ``WriteContext`` is what each record function gets inside the transaction: the database, the time of
the write, who wrote it, and ``event()`` to append the chained event. ``BEGIN IMMEDIATE`` takes the
write lock before the chain's last hash is read, so two threads (or two processes) can never link two
events to the same predecessor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pos_app.journal.card_digit_guard import refuse_card_digits
from pos_app.journal.chain import GENESIS, canonical_payload, event_hash
from pos_app.journal.records import EventRow


@dataclass(frozen=True)
class WriteContext:
    db: Database
    now: float
    operator: str
    counter_id: str

    def event(self, kind: str, ref: str, payload: Mapping[str, Any]) -> int:
        """Append one chained event; returns its id."""
        refuse_card_digits({"ref": ref, "operator": self.operator, "counter_id": self.counter_id})
        _refuse_nested(payload)
        payload_json = canonical_payload(payload)
        row = self.db.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        prev = str(row[0]) if row else GENESIS
        seq = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
        event_id = (int(seq[0]) if seq else 0) + 1
        digest = event_hash(prev, event_id, self.now, kind, ref, payload_json, self.operator,
                            self.counter_id)
        self.db.execute(
            "INSERT INTO events (id, ts, kind, ref, payload, operator, counter_id, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [event_id, self.now, kind, ref, payload_json, self.operator, self.counter_id, prev, digest],
        )
        return event_id

    def who(self) -> dict[str, str]:
        return {"operator": self.operator, "counter_id": self.counter_id}


def _refuse_nested(payload: Mapping[str, Any]) -> None:
    for key, value in payload.items():
        if isinstance(value, Mapping):
            _refuse_nested(value)
        else:
            refuse_card_digits({key: value})


@contextmanager
def write_transaction(db: Database, now: float, operator: str, counter_id: str) -> Iterator[WriteContext]:
    """Everything inside commits together or not at all."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield WriteContext(db, now, operator, counter_id)
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def event_from_row(row: Mapping[str, Any]) -> EventRow:
    payload = json.loads(str(row["payload"]))
    return EventRow(
        id=int(row["id"]), ts=float(row["ts"]), kind=str(row["kind"]), ref=str(row["ref"]),
        payload=payload if isinstance(payload, dict) else {"value": payload},
        operator=str(row["operator"]), counter_id=str(row["counter_id"]),
        prev_hash=str(row["prev_hash"]), hash=str(row["hash"]),
    )
