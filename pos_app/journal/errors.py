"""How the journal says no: unavailable for writing (with owner-readable reasons) or a refused intent.

``CardDataRefused`` and ``TextRefused`` are ``domain.errors.FieldError``s: the forms refuse the same
input first, so reaching the journal with it is a caller's slip, shown like any field error (never the
crash dialog), and the refused text is never repeated.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.errors import FieldError
from pos_app.domain.free_text import MSG_BAD_CHARACTER, MSG_CARD_LIKE


@dataclass(frozen=True)
class JournalHealth:
    """Start-up (and run-time) state of the journal file. ``problems`` are Korean texts for the owner and
    refuse writes; ``warnings`` are Korean texts the owner should read that do not stop the counter
    (a new sealing key, a seal kept in the data folder, a check still running)."""

    ok: bool
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


class JournalUnavailable(Exception):
    """The journal cannot record right now, so no money call may start. ``problems`` say why (Korean)."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__(" / ".join(self.problems) or "저널을 사용할 수 없습니다.")


class IntentRefused(ValueError):
    """An intent that would break a journal invariant (second paid charge of a sale, a new attempt while
    one is still unresolved, a second receipt for one sale, a result for an unknown id …)."""


class CardDataRefused(FieldError):
    """A typed field holds something that looks like a card number; the journal does not keep it."""

    def __init__(self, field: str) -> None:
        super().__init__(field, MSG_CARD_LIKE)


class TextRefused(FieldError):
    """A typed field holds a character that cannot be stored (lone surrogate, control character)."""

    def __init__(self, field: str) -> None:
        super().__init__(field, MSG_BAD_CHARACTER)
