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

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and all(s.checked for s in self.stretches)

    @property
    def unchecked(self) -> list[KeyStretch]:
        return [s for s in self.stretches if not s.checked]


Row = tuple[int, float, str, "int | None", str, bytes]


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
    out = ChainWalk(head_id=start_id, head_mac=start_mac)
    prev = start_mac
    expected_id = start_id + 1
    kid = start_kid
    key = key_for(kid) if kid is not None else None
    stretch_start: tuple[str, int, float, bool, str | None] | None = None
    if kid is not None:
        stretch_start = (kid, expected_id, 0.0, key is not None, None)
    last_id = start_id
    for count, (event_id, ts, kind, group, body, stored) in enumerate(rows):
        if should_stop is not None and count % 4096 == 0 and should_stop():
            break
        if event_id != expected_id:
            out.first_broken_id = expected_id if event_id > expected_id else event_id
            out.reason = (
                f"기록 #{expected_id}부터 #{event_id - 1}까지가 없습니다: 지워졌습니다."
                if event_id > expected_id
                else "기록 번호가 앞으로 돌아갔습니다."
            )
            break
        if kind in ("G", "K"):
            try:
                new_kid = str(decode(body)["kid"])
            except (ValueError, KeyError, TypeError):
                out.first_broken_id, out.reason = event_id, "키 기록을 읽을 수 없습니다."
                break
            if stretch_start is not None:
                out.stretches.append(
                    KeyStretch(
                        stretch_start[0],
                        stretch_start[1],
                        event_id - 1,
                        stretch_start[2],
                        stretch_start[3],
                        stretch_start[4],
                    )
                )
            why = None
            if kind == "K":
                try:
                    why = str(decode(body).get("why") or "")
                except ValueError:
                    why = ""
            kid = new_kid
            key = key_for(kid)
            stretch_start = (kid, event_id, ts, key is not None, why)
        elif stretch_start is not None and stretch_start[2] == 0.0:
            stretch_start = (stretch_start[0], stretch_start[1], ts, stretch_start[3], stretch_start[4])
        if kid is None:
            out.first_broken_id, out.reason = event_id, "첫 기록이 저널 시작 기록이 아닙니다."
            break
        if key is not None and not hmac.compare_digest(
            mac(key, prev, event_id, ts, kind, group, body), bytes(stored)
        ):
            out.first_broken_id = event_id
            out.reason = (
                "기록 내용이 봉인(MAC)과 맞지 않습니다: 이 기록이 바뀌었거나, 앞의 기록이 "
                "지워졌거나 순서가 바뀌었습니다."
            )
            break
        prev = bytes(stored)
        last_id = event_id
        expected_id += 1
        out.checked += 1 if key is not None else 0
    if stretch_start is not None and last_id >= stretch_start[1]:
        out.stretches.append(
            KeyStretch(
                stretch_start[0],
                stretch_start[1],
                last_id,
                stretch_start[2],
                stretch_start[3],
                stretch_start[4],
            )
        )
    out.head_id = last_id
    out.head_mac = prev
    return out
