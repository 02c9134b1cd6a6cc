"""People in the journal (schema 6): the checks before their events, and the reads of their rows.

What the events do to the ``people``, ``audit`` and ``policy`` tables is ``projection_people``'s; here
is what must hold before an event is written (a second line of defence behind ``services.people``):
names are unique (``domain.people.name_key``), a person's PIN is only ever a scrypt hash
(``domain.pin_hash.is_pin_hash``: a PIN itself is refused, whatever field it is passed in), roles are the
three known ones, and the wrong-PIN count is read and raised inside the write transaction, so two
wrong PINs typed at once on two threads still count two and the fifth locks the person out
(``record_pin_failed``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pos_app.domain.people import Role, name_key
from pos_app.domain.pin_hash import is_pin_hash
from pos_app.journal.card_digit_guard import refuse_card_digits
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: Role
    pin: str  # the scrypt hash (domain.pin_hash), never the PIN
    active: bool
    failures: int  # wrong PINs in a row
    locked_until: float | None  # the journal's clock; None: not locked
    created_at: float
    updated_at: float
    signed_in_at: float | None


@dataclass(frozen=True)
class PinFailure:
    """What one wrong PIN did: the count now, and the end of the lockout it started (if it did)."""

    failures: int
    locked_until: float | None


@dataclass(frozen=True)
class PolicyRow:
    rules: dict[str, str]  # action → least role, only where the owner tightened the default
    idle_minutes: int
    updated_at: float
    operator: str


_PERSON_SELECT = (
    "SELECT id, name, role, pin, active, failures, locked_until, created_at, updated_at, signed_in_at "
    "FROM people"
)


def _person_from(row: tuple[Any, ...]) -> PersonRow:
    return PersonRow(
        int(row[0]),
        str(row[1]),
        Role(row[2]),
        str(row[3]),
        bool(row[4]),
        int(row[5]),
        row[6],
        float(row[7]),
        float(row[8]),
        row[9],
    )


# ------------------------------------------------------------------------------------------- writes
def _person(tx: WriteContext, person_id: int) -> dict[str, Any]:
    row = tx.state.by_id("people", person_id)
    if row is None:
        raise IntentRefused(f"no person {person_id}")
    return row


def _unique(tx: WriteContext, name: str, person_id: int | None) -> None:
    taken = tx.conn.execute("SELECT id FROM people WHERE name_key = ?", (name_key(name),)).fetchone()
    if taken is not None and int(taken[0]) != person_id:
        raise IntentRefused(f"the name {name!r} is taken")


def _hash(pin_hash: str) -> str:
    if not is_pin_hash(pin_hash):
        raise IntentRefused("a PIN is kept only as its scrypt hash")
    return pin_hash


def record_person_added(tx: WriteContext, name: str, role: Role, pin_hash: str) -> int:
    refuse_card_digits({"name": name})
    _unique(tx, name, None)
    return tx.append("UA", None, {"n": name, "r": role.value, "h": _hash(pin_hash)})


def record_person_changed(
    tx: WriteContext,
    person_id: int,
    *,
    name: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> None:
    person = _person(tx, person_id)
    body: dict[str, Any] = {}
    if name is not None and name != person["name"]:
        refuse_card_digits({"name": name})
        _unique(tx, name, person_id)
        body["n"] = name
    if role is not None and role.value != person["role"]:
        body["r"] = role.value
    if active is not None and int(active) != int(person["active"]):
        body["act"] = int(active)
    if body:
        tx.append("UE", person_id, body)


def record_pin_set(tx: WriteContext, person_id: int, pin_hash: str, by: str) -> None:
    _person(tx, person_id)
    tx.append("UP", person_id, {"h": _hash(pin_hash), "by": by})


def record_signed_in(tx: WriteContext, person_id: int) -> None:
    _person(tx, person_id)
    tx.append("US", person_id, {})


def record_signed_out(tx: WriteContext, person_id: int, why: str) -> None:
    _person(tx, person_id)
    tx.append("UO", person_id, {"w": why})


def record_approved(tx: WriteContext, person_id: int, action: str, subject: str) -> None:
    _person(tx, person_id)
    refuse_card_digits({"op_id": subject})  # a merchant_uid, receipt_id, customer_uid or day: minted ids
    body: dict[str, Any] = {"a": action}
    if subject:
        body["s"] = subject
    tx.append("UV", person_id, body)


def record_pin_failed(
    tx: WriteContext, person_id: int, purpose: str, max_failures: int, lockout_s: float
) -> PinFailure:
    """One wrong PIN; the one that reaches ``max_failures`` also locks the person out (one transaction)."""
    person = _person(tx, person_id)
    tx.append("UF", person_id, {"f": purpose})
    failures = int(person["failures"] or 0) + 1
    if failures < max_failures:
        return PinFailure(failures, None)
    until = tx.now + lockout_s
    tx.append("UL", person_id, {"u": until})
    return PinFailure(failures, until)


def record_settings_changed(tx: WriteContext, changes: dict[str, Any]) -> None:
    refuse_card_digits({str(k): v for k, v in changes.items() if isinstance(v, str)})
    tx.append("AS", None, {"ch": changes})


def record_rules_changed(tx: WriteContext, rules: dict[str, str], idle_minutes: int) -> None:
    for role in rules.values():
        Role(role)  # ValueError for a role this program does not know
    row = tx.conn.execute("SELECT id FROM policy ORDER BY id LIMIT 1").fetchone()
    tx.append("AR", int(row[0]) if row else None, {"rules": rules, "idle": int(idle_minutes)})


def record_day_report(tx: WriteContext, day: str) -> None:
    tx.append("DZ", None, {"d": day})


# -------------------------------------------------------------------------------------------- reads
def people(db: Database) -> list[PersonRow]:
    return [_person_from(r) for r in db.conn.execute(_PERSON_SELECT + " ORDER BY id")]


def person(db: Database, person_id: int) -> PersonRow | None:
    row = db.conn.execute(_PERSON_SELECT + " WHERE id = ?", (person_id,)).fetchone()
    return _person_from(row) if row is not None else None


def policy(db: Database) -> PolicyRow | None:
    row = db.conn.execute(
        "SELECT rules, idle_minutes, updated_at, coalesce(operator, '') FROM policy ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return PolicyRow(dict(json.loads(row[0])), int(row[1]), float(row[2]), str(row[3]))
