"""The journal's event format: short kind codes, compact bodies, and the value types they stand for.

An event row is ``(id, ts, k, g, b, m)``: its number, the journal's clock, a kind code, the group it
belongs to (the id of the event that created the sale, customer or receipt it acts on; NULL for the
creating event itself and for the journal's own events), the body, and its 16-byte MAC (``chain``).

The body is compact JSON: short keys, nothing that equals its default (no nulls, no zeros, no empty
strings), no fact the group already holds. A dataclass goes in through ``pack`` and comes back through
``unpack``; the key map of each type is below. ``KIND_NAMES`` gives the long names ``Journal.events``
shows (the names the journal always used).
"""

from __future__ import annotations

import json
from dataclasses import MISSING, fields
from typing import Any, TypeVar

from pos_app.journal.plan_records import PlanIntent, ScheduleFacts
from pos_app.journal.records import (
    BillingKeyIntent,
    CancelFact,
    CancelIntent,
    CustomerFacts,
    PaymentFacts,
    ReceiptFacts,
    ReceiptIntent,
    SaleIntent,
)

KIND_NAMES: dict[str, str] = {
    "G": "journal_started",
    "K": "key_changed",
    "W": "who",
    "SI": "sale_intent",
    "SR": "sale_result",
    "SX": "sale_retry",
    "CI": "cancel_intent",
    "CR": "cancel_result",
    "CX": "cancel_retry",
    "BI": "billing_key_intent",
    "BR": "billing_key_result",
    "BD": "billing_key_delete_intent",
    "BE": "billing_key_delete_result",
    "BG": "billing_key_gone",
    "BX": "billing_key_deleted",
    "RI": "receipt_intent",
    "RR": "receipt_result",
    "RC": "receipt_cancel_intent",
    "RD": "receipt_cancel_result",
    "RX": "receipt_cancelled",
    "X": "events_lost_accepted",
    # recurring payment plans (journal.plans): the plan, its payments' operations, what polling saw
    "PN": "plan_created",
    "PC": "plan_changed",
    "PA": "plan_payment_intent",
    "PB": "plan_payment_result",
    "PF": "plan_payment_seen",
    "PM": "plan_payment_missed",
    "SS": "scheduled_sale",  # a payment PortOne made from a schedule: a sale of its own group
    # schema 6: people (projection_people); U for the user, P being the plans'
    "UA": "person_added",
    "UE": "person_changed",
    "UP": "pin_set",
    "US": "signed_in",
    "UO": "signed_out",
    "UV": "approved",
    "UF": "pin_failed",
    "UL": "locked_out",
    "AS": "settings_changed",
    "AR": "rules_changed",
    "DZ": "day_report",
}
KIND_CODES = {name: code for code, name in KIND_NAMES.items()}
CREATING = frozenset({"SI", "BI", "RI", "PN", "SS", "UA"})  # kinds that may open a group

# field name → short key, per type (a key is never reused within one type)
KEYS: dict[type, dict[str, str]] = {
    SaleIntent: {
        "merchant_uid": "u",
        "sale_id": "s",
        "kind": "k",
        "amount": "a",
        "tax_free": "tf",
        "order_name": "on",
        "card_hint": "h",
        "card_company": "cc",
        "buyer_name": "bn",
        "buyer_tel": "bt",
        "buyer_email": "be",
        "customer_uid": "cu",
        "card_quota": "q",
        "product_type": "pt",
        "portone_at": "pa",
    },
    PaymentFacts: {
        "imp_uid": "i",
        "status": "st",
        "amount": "a",
        "cancel_amount": "ca",
        "card_name": "cn",
        "card_code": "cc",
        "card_number": "no",
        "apply_num": "an",
        "card_quota": "q",
        "paid_at": "pd",
        "cancelled_at": "cd",
        "receipt_url": "ru",
        "pg_tid": "tid",
        "fail_reason": "fr",
        "cancel_history": "ch",
        "sandbox": "sb",
    },
    CancelFact: {
        "portone_id": "p",
        "amount": "a",
        "cancelled_at": "cd",
        "reason": "r",
        "pg_tid": "tid",
        "receipt_url": "ru",
    },
    CancelIntent: {
        "cancel_id": "id",
        "merchant_uid": "u",
        "imp_uid": "i",
        "amount": "a",
        "tax_free": "tf",
        "checksum": "ck",
        "reason": "r",
        "portone_at": "pa",
    },
    BillingKeyIntent: {
        "customer_uid": "cu",
        "customer_name": "n",
        "customer_tel": "t",
        "customer_email": "e",
        "card_hint": "h",
        "card_company": "cc",
        "consent_text": "ct",
        "consent_at": "ca",
        "portone_at": "pa",
    },
    CustomerFacts: {
        "card_name": "cn",
        "card_code": "cc",
        "card_number": "no",
        "pg_provider": "pp",
        "pg_id": "pid",
        "inserted": "ins",
        "updated": "upd",
    },
    ReceiptIntent: {
        "receipt_id": "id",
        "kind": "k",
        "merchant_uid": "u",
        "imp_uid": "i",
        "order_name": "on",
        "amount": "a",
        "tax_free": "tf",
        "identifier_hint": "ih",
        "identifier_type": "it",
        "receipt_type": "rt",
        "product_type": "pt",
        "buyer_name": "bn",
        "portone_at": "pa",
        "replaces": "rp",
    },
    PlanIntent: {
        "plan_id": "id",
        "customer_uid": "cu",
        "customer_name": "n",
        "card_hint": "h",
        "card_company": "cc",
        "amount": "a",
        "tax_free": "tf",
        "order_name": "on",
        "card_quota": "q",
        "product_type": "pt",
        "buyer_name": "bn",
        "buyer_tel": "bt",
        "buyer_email": "be",
        "rule": "rl",
        "at_time": "t",
        "horizon": "hz",
    },
    ScheduleFacts: {
        "schedule_status": "ss",
        "schedule_at": "at",
        "payment_status": "ps",
        "imp_uid": "i",
        "executed_at": "ex",
        "revoked_at": "rv",
        "fail_reason": "fr",
    },
    ReceiptFacts: {
        "apply_num": "an",
        "receipt_tid": "tid",
        "amount": "a",
        "vat": "v",
        "receipt_url": "ru",
        "applied_at": "ap",
        "cancelled_at": "cd",
    },
}
# defaults that are not the dataclass's own (the common value is left out of the body)
_USUAL: dict[type, dict[str, Any]] = {
    SaleIntent: {
        "kind": "keyin",
        "tax_free": 0,
        "buyer_tel": "",
        "buyer_email": "",
        "card_quota": 0,
        "product_type": "real",
    },
    ReceiptIntent: {"kind": "external", "tax_free": 0, "product_type": "real"},
    PaymentFacts: {"status": "paid"},
    CancelIntent: {"tax_free": 0},
    PlanIntent: {
        "tax_free": 0,
        "card_quota": 0,
        "product_type": "real",
        "buyer_tel": "",
        "buyer_email": "",
        "at_time": "10:00",
    },
    ScheduleFacts: {"schedule_status": "scheduled"},
}

T = TypeVar("T")


def _defaults(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    out.update(_USUAL.get(cls, {}))
    return out


_DEFAULTS: dict[type, dict[str, Any]] = {cls: _defaults(cls) for cls in KEYS}
_REVERSE: dict[type, dict[str, str]] = {cls: {v: k for k, v in m.items()} for cls, m in KEYS.items()}
_MISSING = object()


def pack(value: Any, omit: dict[str, Any] | None = None) -> dict[str, Any]:
    """The compact form of a record: short keys, values equal to their default (or to ``omit``) left out."""
    cls = type(value)
    keys = KEYS[cls]
    defaults = _DEFAULTS[cls]
    out: dict[str, Any] = {}
    for name, key in keys.items():
        item = getattr(value, name)
        if item is None or item == defaults.get(name, _MISSING):
            continue
        if omit is not None and name in omit and omit[name] == item:
            continue
        if name == "cancel_history":
            item = [pack(entry) for entry in item]
        out[key] = item
    return out


def _base(cls: type) -> dict[str, Any]:
    return {f.name: _DEFAULTS[cls].get(f.name) for f in fields(cls)}


_BASE: dict[type, dict[str, Any]] = {cls: _base(cls) for cls in KEYS}


def unpack_fields(cls: type, body: dict[str, Any], fill: dict[str, Any] | None = None) -> dict[str, Any]:
    """The record's fields by name (what ``unpack`` builds the record from; replay uses it directly)."""
    reverse = _REVERSE[cls]
    values = _BASE[cls].copy()
    if fill:
        values.update(fill)
    for key, item in body.items():
        name = reverse.get(key)
        if name is not None:
            values[name] = item
    if cls is PaymentFacts and values["cancel_history"]:
        values["cancel_history"] = tuple(unpack(CancelFact, entry) for entry in values["cancel_history"])
    return values


def unpack(cls: type[T], body: dict[str, Any], fill: dict[str, Any] | None = None) -> T:
    """Back to the record; a missing key is its default, or the value in ``fill`` (facts the group holds)."""
    return cls(**unpack_fields(cls, body, fill))


def encode(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("an event body is a JSON object")
    return value
