"""Last line of defence against card data (and unencodable text) in the journal.

The forms already refuse both (``domain.free_text``); this guard makes sure nothing gets past a caller
that skipped them. What the counter *typed* (intents: names, order names, reasons, hints) is refused
with a typed error naming the field (``CardDataRefused`` / ``TextRefused``, both ``FieldError``s, so the
window shows them like any field error) and the value is never echoed. What PortOne *answered*
(result messages and facts) is never refused — the money has moved and must be recorded — but masked
(``masked_text`` / ``masked_result``): card-like runs keep their first 6 and last 4 digits, characters
that cannot be stored become U+FFFD.

PortOne's own opaque identifiers (imp_uid, pg_tid, receipt_tid, receipt_url, apply_num, pg_id, the
cancellation id) are not checked: issued by the server, never typed, and often long digit strings; nor
are the ids this program mints (merchant_uid, customer_uid …), whose date and time parts are 13+ digits
with dashes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any, TypeVar

from pos_app.domain.free_text import bad_character, has_card_like_digits, mask_card_like
from pos_app.journal.errors import CardDataRefused, TextRefused
from pos_app.journal.records import CancelFact, CustomerFacts, PaymentFacts, ReceiptFacts

SERVER_IDENTIFIERS = frozenset(
    {
        "imp_uid",
        "pg_tid",
        "receipt_tid",
        "receipt_url",
        "apply_num",
        "pg_id",
        "portone_id",
    }
)
MASKED_CARD_FIELDS = frozenset({"card_hint", "card_number"})
# ids the program mints itself (domain.uids): "C01-20261126-100000123-a001" has 13+ digits with dashes
MINTED_IDS = frozenset(
    {"merchant_uid", "sale_id", "customer_uid", "cancel_id", "receipt_id", "replaces", "op_id"}
)


def refuse_card_digits(values: Mapping[str, object]) -> None:
    """Raise CardDataRefused/TextRefused naming the first field that could hold card digits or cannot be
    stored; the value is never echoed."""
    for name, value in values.items():
        if not isinstance(value, str) or name in SERVER_IDENTIFIERS:
            continue
        if bad_character(value):
            raise TextRefused(name)
        if name in MINTED_IDS:
            continue
        if name in MASKED_CARD_FIELDS:
            if value and not _is_masked(value):
                raise CardDataRefused(name)
            continue
        if has_card_like_digits(value):
            raise CardDataRefused(name)


def _is_masked(value: str) -> bool:
    # A masked hint hides at least the middle digits; at most 10 (6 + 4) may stay visible.
    digits = sum(ch.isdecimal() for ch in value)
    has_mask = any(ch in value for ch in "*•xX")
    return digits <= 4 or (has_mask and digits <= 10)


def _storable(text: str) -> str:
    if not bad_character(text):
        return text
    return "".join(
        "\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else (" " if bad_character(ch) else ch) for ch in text
    )


def _mask_all_digits(text: str) -> str:
    total = sum(ch.isdecimal() for ch in text)
    seen = 0
    out = []
    for ch in text:
        if ch.isdecimal():
            seen += 1
            out.append(ch if seen <= 6 or seen > total - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def masked_text(text: str | None) -> str | None:
    """``text`` storable, with every card-like run masked to its first 6 and last 4 digits."""
    if text is None:
        return None
    return mask_card_like(_storable(text))


_Facts = TypeVar("_Facts", PaymentFacts, CustomerFacts, ReceiptFacts, CancelFact)


def masked_result(facts: _Facts) -> _Facts:
    """PortOne's answer with nothing in it that could be a card number (masked, never refused)."""
    changes: dict[str, Any] = {}
    for field in fields(facts):
        value = getattr(facts, field.name)
        if field.name == "cancel_history":
            history = tuple(masked_result(entry) for entry in value)
            if history != value:
                changes[field.name] = history
            continue
        if not isinstance(value, str):
            continue
        if field.name in SERVER_IDENTIFIERS:
            masked = _storable(value)
        else:
            masked = masked_text(value) or ""
            if field.name in MASKED_CARD_FIELDS and masked and not _is_masked(masked):
                masked = _mask_all_digits(masked)
        if masked != value:
            changes[field.name] = masked
    return replace(facts, **changes) if changes else facts
