"""Last line of defence against card data in the journal.

The journal only ever receives masked hints by contract (the domain masks, services pass hints). This
guard refuses, with a ValueError that does not repeat the text, any text field with a run of 13 or more
digits (a card number is 13–19 digits; a longer run is refused too rather than let a number with a
digit stuck to it through) and any card field that is not masked.

PortOne's own opaque identifiers (imp_uid, pg_tid, receipt_tid, receipt_url, apply_num) are not checked:
they are issued by the server, never typed, and refusing them after a charge went through would lose the
record of real money. For the same reason what PortOne *answered* (result messages and facts) is never
refused: ``masked_result`` masks long digit runs and unmasked card numbers in it instead, so a decline text
that quotes a long number still reaches the journal and the sale does not stay open for ever.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any, TypeVar

from pos_app.journal.records import CustomerFacts, PaymentFacts, ReceiptFacts

_LONG_DIGIT_RUN = re.compile(r"\d{13,}")

SERVER_IDENTIFIERS = frozenset({"imp_uid", "pg_tid", "receipt_tid", "receipt_url", "apply_num", "pg_id"})
MASKED_CARD_FIELDS = frozenset({"card_hint", "card_number"})


def refuse_card_digits(fields: Mapping[str, object]) -> None:
    """Raise ValueError naming the first field that could hold card digits; the value is never echoed."""
    for name, value in fields.items():
        if not isinstance(value, str) or name in SERVER_IDENTIFIERS:
            continue
        if _LONG_DIGIT_RUN.search(value):
            raise ValueError(f"journal refuses field {name!r}: it contains a long run of digits")
        if name in MASKED_CARD_FIELDS and value and not _is_masked(value):
            raise ValueError(f"journal refuses field {name!r}: a card number must arrive masked")


def _is_masked(value: str) -> bool:
    # A masked hint hides at least the middle digits; at most 10 (6 + 4) may stay visible.
    digits = sum(ch.isdigit() for ch in value)
    has_mask = any(ch in value for ch in "*•xX")
    return digits <= 4 or (has_mask and digits <= 10)


_Facts = TypeVar("_Facts", PaymentFacts, CustomerFacts, ReceiptFacts)


def _mask_digits(text: str) -> str:
    """Keep the first 6 and the last 4 digits of ``text`` visible, star the digits between."""
    total = sum(ch.isdigit() for ch in text)
    seen = 0
    out = []
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= 6 or seen > total - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def masked_text(text: str | None) -> str | None:
    """``text`` with every run of 13 or more digits masked to its first 6 and last 4 digits."""
    if text is None:
        return None
    return _LONG_DIGIT_RUN.sub(lambda match: _mask_digits(match.group(0)), text)


def masked_result(facts: _Facts) -> _Facts:
    """PortOne's answer with nothing in it that could be a card number (masked, never refused)."""
    changes: dict[str, Any] = {}
    for field in fields(facts):
        value = getattr(facts, field.name)
        if not isinstance(value, str) or field.name in SERVER_IDENTIFIERS:
            continue
        masked = masked_text(value) or ""
        if field.name in MASKED_CARD_FIELDS and masked and not _is_masked(masked):
            masked = _mask_digits(masked)
        if masked != value:
            changes[field.name] = masked
    return replace(facts, **changes) if changes else facts
