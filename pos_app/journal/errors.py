"""How the journal says no: unavailable for writing (with owner-readable reasons) or a refused intent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JournalHealth:
    """Start-up (and run-time) state of the journal file. ``problems`` are Korean texts for the owner."""

    ok: bool
    problems: tuple[str, ...] = ()


class JournalUnavailable(Exception):
    """The journal cannot record right now, so no money call may start. ``problems`` say why (Korean)."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__(" / ".join(self.problems) or "저널을 사용할 수 없습니다.")


class IntentRefused(ValueError):
    """An intent that would break a journal invariant (second paid charge of a sale, a new attempt while
    one is still unresolved, a second receipt for one sale, a result for an unknown id …)."""
