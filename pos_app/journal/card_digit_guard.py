"""Last line of defence against card data in the journal.

The journal only ever receives masked hints by contract (the domain masks, services pass hints). This
guard refuses, with a ValueError that does not repeat the text, any text field with a run of 13 or more
digits (a card number is 13–19 digits; a longer run is refused too rather than let a number with a
digit stuck to it through) and any card field that is not masked.

PortOne's own opaque identifiers (imp_uid, pg_tid, receipt_tid, receipt_url, apply_num) are not checked:
they are issued by the server, never typed, and refusing them after a charge went through would lose the
record of real money.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
