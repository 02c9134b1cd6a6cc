"""The projection of people (schema 6): who may sign in, what they did besides money, the role table.

Kinds (``codec.KIND_NAMES``), each also one ``audit`` row (its id is the event's, ``grp`` its group):

- ``PA`` person added (opens the person's group): name, role, the PIN's scrypt hash;
- ``PE`` person changed: a new name, role, or active / inactive; ``PP`` PIN set (by the owner, or by
  the person with their old PIN): a new hash, and the person is unlocked;
- ``PS`` signed in, ``PO`` signed out (why: idle, switch, by hand), ``PV`` approved an action on the
  spot (which action, for what): each resets the wrong-PIN count;
- ``PF`` wrong PIN (for signing in or for an approval): the count goes up; ``PL`` locked out until a
  time (the journal's clock), the count back to zero;
- ``AS`` settings changed (which settings, the new values of those that are not secret);
- ``AR`` role table or idle minutes changed (opens, then updates, the one ``policy`` row);
- ``DZ`` a Z report was made (which day).

Who did it is the ``W`` in force (operator, approver); ``person`` is whom it is about. See
``projection`` for what a projection is and why it is the only writer of the tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pos_app.domain.people import name_key
from pos_app.journal.projection import Event, ReplayError, _approver, _group, _who
from pos_app.journal.state import Row, State


def _detail(values: dict[str, Any]) -> str | None:
    kept = {k: v for k, v in values.items() if v is not None}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"), sort_keys=True) if kept else None


def _audit(state: State, ev: Event, person: Row | None, detail: dict[str, Any]) -> None:
    who = _who(state)
    state.insert(
        "audit",
        {
            "id": ev.id,
            "ts": ev.ts,
            "kind": ev.k,
            "grp": ev.g if ev.g is not None else ev.id,
            "person_id": person["id"] if person is not None else None,
            "person": person["name"] if person is not None else None,
            "operator": who["operator"],
            "approver": _approver(state),
            "counter_id": who["counter_id"],
            "detail": _detail(detail),
        },
    )


def _person(state: State, ev: Event) -> Row:
    return _group(state, "people", ev)


def _set(state: State, person: Row, ev: Event, changes: Row) -> None:
    state.update("people", str(person["id"]), {**changes, "updated_at": ev.ts})


# ------------------------------------------------------------------------------------------- people
def _person_added(state: State, ev: Event) -> None:
    if ev.g is not None:
        raise ReplayError(f"event #{ev.id} adds a person inside group {ev.g}")
    row: Row = {
        "id": ev.id,
        "name": str(ev.body["n"]),
        "name_key": name_key(str(ev.body["n"])),
        "role": str(ev.body["r"]),
        "pin": str(ev.body["h"]),
        "active": 1,
        "failures": 0,
        "locked_until": None,
        "created_at": ev.ts,
        "updated_at": ev.ts,
        "signed_in_at": None,
        **_who(state),
    }
    state.insert("people", row)
    _audit(state, ev, row, {"r": row["role"]})


def _person_changed(state: State, ev: Event) -> None:
    person = _person(state, ev)
    changes: Row = {}
    detail: dict[str, Any] = {}
    if "n" in ev.body:
        changes.update(name=str(ev.body["n"]), name_key=name_key(str(ev.body["n"])))
        detail.update(n=changes["name"], was=person["name"])
    if "r" in ev.body:
        changes["role"] = str(ev.body["r"])
        detail.update(r=changes["role"], was_r=person["role"])
    if "act" in ev.body:
        changes["active"] = 1 if ev.body["act"] else 0
        detail["act"] = changes["active"]
    _audit(state, ev, person, detail)
    _set(state, person, ev, changes)


def _pin_set(state: State, ev: Event) -> None:
    person = _person(state, ev)
    _audit(state, ev, person, {"by": ev.body.get("by")})
    _set(state, person, ev, {"pin": str(ev.body["h"]), "failures": 0, "locked_until": None})


def _signed_in(state: State, ev: Event) -> None:
    person = _person(state, ev)
    _audit(state, ev, person, {})
    _set(state, person, ev, {"failures": 0, "locked_until": None, "signed_in_at": ev.ts})


def _signed_out(state: State, ev: Event) -> None:
    person = _person(state, ev)
    _audit(state, ev, person, {"w": ev.body.get("w")})


def _approved(state: State, ev: Event) -> None:
    person = _person(state, ev)
    _audit(state, ev, person, {"a": ev.body.get("a"), "s": ev.body.get("s")})
    _set(state, person, ev, {"failures": 0})


def _pin_failed(state: State, ev: Event) -> None:
    person = _person(state, ev)
    failures = int(person["failures"] or 0) + 1
    _audit(state, ev, person, {"f": ev.body.get("f"), "n": failures})
    _set(state, person, ev, {"failures": failures})


def _locked_out(state: State, ev: Event) -> None:
    person = _person(state, ev)
    until = float(ev.body["u"])
    _audit(state, ev, person, {"u": until})
    _set(state, person, ev, {"failures": 0, "locked_until": until})


# ------------------------------------------------------------------------------ settings and the rest
def _settings_changed(state: State, ev: Event) -> None:
    if ev.g is not None:
        raise ReplayError(f"event #{ev.id} (settings) names group {ev.g}")
    _audit(state, ev, None, {"ch": ev.body.get("ch")})


def _rules_changed(state: State, ev: Event) -> None:
    rules = ev.body.get("rules") or {}
    idle = int(ev.body["idle"])
    values: Row = {
        "rules": json.dumps(rules, separators=(",", ":"), sort_keys=True),
        "idle_minutes": idle,
        "updated_at": ev.ts,
        "operator": _who(state)["operator"],
    }
    if ev.g is None:
        state.insert("policy", {"id": ev.id, **values})
    else:
        policy = _group(state, "policy", ev)
        state.update("policy", str(policy["id"]), values)
    _audit(state, ev, None, {"rules": rules, "idle": idle})


def _day_report(state: State, ev: Event) -> None:
    if ev.g is not None:
        raise ReplayError(f"event #{ev.id} (Z report) names group {ev.g}")
    _audit(state, ev, None, {"d": ev.body.get("d")})


PEOPLE_APPLY: dict[str, Callable[[State, Event], None]] = {
    "UA": _person_added,
    "UE": _person_changed,
    "UP": _pin_set,
    "US": _signed_in,
    "UO": _signed_out,
    "UV": _approved,
    "UF": _pin_failed,
    "UL": _locked_out,
    "AS": _settings_changed,
    "AR": _rules_changed,
    "DZ": _day_report,
}
