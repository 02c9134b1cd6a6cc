"""The keyed chain over ``events``: how an event's MAC is made and how the whole chain is checked.

m(n) = HMAC-SHA256(key, m(n-1) ‖ n ‖ ts ‖ k ‖ g ‖ b) cut to 16 bytes, m(0) = 16 zero bytes. Without the
key nobody can make a MAC that checks, so editing an event and "recomputing the chain" (possible with the
old unkeyed sha256) needs the shop's key from the OS keyring. The key in force is the one named by the
last ``G`` (journal started) or ``K`` (key changed) event at or before the event; a ``K`` event is sealed
with the new key, so a lost key (new PC, wiped keyring) starts a new stretch from a given event on and
the change itself stays in the chain, shown by verify. Stretches whose key this computer does not have
are reported as *not checked*, never as sound.

Deleting, inserting or swapping events breaks the next link; cutting events off the end does not break
any link, which is why the head is anchored outside the file (``anchors``).
"""

from __future__ import annotations

import hmac
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pos_app.journal.codec import decode

MAC_BYTES = 16
GENESIS = bytes(MAC_BYTES)
_HEAD = struct.Struct(">qd")


def mac(key: bytes, prev: bytes, event_id: int, ts: float, kind: str, group: int | None, body: str) -> bytes:
    message = b"".join(
        (
            prev,
            _HEAD.pack(event_id, ts),
            kind.encode("ascii"),
            b"\x00",
            str(group if group is not None else "").encode("ascii"),
            b"\x00",
            body.encode("utf-8"),
        )
    )
    return hmac.digest(key, message, "sha256")[:MAC_BYTES]


@dataclass(frozen=True)
class KeyStretch:
    """Events sealed with one key: ``first`` … ``last`` (inclusive); ``checked`` False when the key was
    not available here; ``why`` is the reason the key changed (None for the first stretch)."""

    kid: str
    first: int
    last: int
    first_ts: float
    checked: bool
    why: str | None = None


@dataclass
class ChainWalk:
    """What walking the chain found."""

    checked: int = 0
    head_id: int = 0
    head_mac: bytes = GENESIS
    first_broken_id: int | None = None
    reason: str | None = None
    stretches: list[KeyStretch] = field(default_factory=list)
    stopped: bool = False  # asked to stop before the last event: nothing after head_id was checked

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.stopped and all(s.checked for s in self.stretches)

    @property
    def unchecked(self) -> list[KeyStretch]:
        return [s for s in self.stretches if not s.checked]


Row = tuple[int, float, str, "int | None", str, bytes]


class ChainWalker:
    """Checks the chain one event at a time (``feed``), continuing from ``start_id``/``start_mac`` with the
    key ``start_kid`` in force; ``finish()`` gives the result. A walk can start anywhere: from event n on,
    taking the MAC stored in event n-1 as the link — so stretches of one chain can be checked side by
    side, each ending where the next begins, and together they check every link.

    The MAC of ``mac`` is written out in ``feed``: it runs two million times on a three-year journal."""

    def __init__(
        self,
        key_for: Callable[[str], bytes | None],
        *,
        start_id: int = 0,
        start_mac: bytes = GENESIS,
        start_kid: str | None = None,
    ) -> None:
        self.out = ChainWalk(head_id=start_id, head_mac=start_mac)
        self.key_for = key_for
        self.prev = start_mac
        self.expected_id = start_id + 1
        self.kid = start_kid
        self.key = key_for(start_kid) if start_kid is not None else None
        # kid, first id, first ts, checked, why
        self.stretch: list[object] | None = (
            [start_kid, start_id + 1, None, self.key is not None, None] if start_kid is not None else None
        )
        self.kinds: dict[str, bytes] = {}
        self.checked = 0
        self.done = False

    def feed(self, event_id: int, ts: float, kind: str, group: int | None, body: str, stored: bytes) -> bool:
        """Check one event; False once the chain is broken (feed no more)."""
        out = self.out
        if event_id != self.expected_id:
            expected = self.expected_id
            out.first_broken_id = expected if event_id > expected else event_id
            out.reason = (
                f"기록 #{expected}부터 #{event_id - 1}까지가 없습니다: 지워졌습니다."
                if event_id > expected
                else "기록 번호가 앞으로 돌아갔습니다."
            )
            self.done = True
            return False
        if kind == "G" or kind == "K":
            try:
                fields = decode(body)
                new_kid = str(fields["kid"])
            except (ValueError, KeyError, TypeError):
                out.first_broken_id, out.reason = event_id, "키 기록을 읽을 수 없습니다."
                self.done = True
                return False
            if self.stretch is not None and event_id - 1 >= int(str(self.stretch[1])):
                out.stretches.append(_stretch(self.stretch, event_id - 1))
            self.kid = new_kid
            self.key = self.key_for(new_kid)
            why = str(fields.get("why") or "") if kind == "K" else None
            self.stretch = [new_kid, event_id, ts, self.key is not None, why]
        elif self.stretch is None:
            out.first_broken_id, out.reason = event_id, "첫 기록이 저널 시작 기록이 아닙니다."
            self.done = True
            return False
        elif self.stretch[2] is None:
            self.stretch[2] = ts
        key = self.key
        if key is not None:
            tag = self.kinds.get(kind)
            if tag is None:
                tag = self.kinds[kind] = kind.encode("ascii") + b"\x00"
            message = (
                self.prev
                + _HEAD.pack(event_id, ts)
                + tag
                + (b"%d\x00" % group if group is not None else b"\x00")
            )
            if hmac.digest(key, message + body.encode("utf-8"), "sha256")[:MAC_BYTES] != stored:
                out.first_broken_id = event_id
                out.reason = (
                    "기록 내용이 봉인(MAC)과 맞지 않습니다: 이 기록이 바뀌었거나, 앞의 기록이 "
                    "지워졌거나 순서가 바뀌었습니다."
                )
                self.done = True
                return False
            self.checked += 1
        self.prev = bytes(stored)
        self.expected_id += 1
        return True

    def finish(self) -> ChainWalk:
        out = self.out
        last_id = self.expected_id - 1
        if self.stretch is not None and last_id >= int(str(self.stretch[1])):
            out.stretches.append(_stretch(self.stretch, last_id))
        out.checked = self.checked
        out.head_id = last_id
        out.head_mac = self.prev
        return out


def walk(
    rows: Iterable[Row],
    key_for: Callable[[str], bytes | None],
    *,
    start_id: int = 0,
    start_mac: bytes = GENESIS,
    start_kid: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ChainWalk:
    """Check every MAC and link of ``rows`` (id order), continuing from ``start_id``/``start_mac``.

    ``key_for(kid)`` gives the key bytes or None when the key is not here. The walk goes on through an
    unchecked stretch (to find where the keys change) and stops at the first broken link."""
    walker = ChainWalker(key_for, start_id=start_id, start_mac=start_mac, start_kid=start_kid)
    feed = walker.feed
    for count, row in enumerate(rows):
        if not feed(*row):
            break
        if should_stop is not None and not count & 0xFFF and should_stop():
            walker.out.stopped = True
            break
    return walker.finish()


def merge(walks: list[ChainWalk]) -> ChainWalk:
    """Walks of consecutive stretches of one chain (each started from the stored MAC before it) as one."""
    out = ChainWalk()
    for part in walks:
        if part.first_broken_id is not None and out.first_broken_id is None:
            out.first_broken_id, out.reason = part.first_broken_id, part.reason
        out.checked += part.checked
        for s in part.stretches:
            last = out.stretches[-1] if out.stretches else None
            if last is not None and last.kid == s.kid and last.last + 1 == s.first and s.why is None:
                out.stretches[-1] = KeyStretch(
                    last.kid, last.first, s.last, last.first_ts, last.checked and s.checked, last.why
                )
            else:
                out.stretches.append(s)
        out.head_id, out.head_mac = part.head_id, part.head_mac
        if out.first_broken_id is not None:
            break
    return out


def _stretch(values: list[object], last: int) -> KeyStretch:
    kid, first, first_ts, checked, why = values
    return KeyStretch(
        str(kid),
        int(str(first)),
        last,
        float(str(first_ts or 0.0)),
        bool(checked),
        None if why is None else str(why),
    )
