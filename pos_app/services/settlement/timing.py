"""How long an operation has been out, measured without the PC clock.

The not-charged window ("PortOne has had no record of it for 3 minutes, so it never happened") must
never be shortened by the PC's wall clock moving: Windows time sync can step it forward by minutes, and
a window that ends early lets a cashier charge again while the first request is still on its way.

Two clocks are trusted:

* within a run, ``time.monotonic`` — exact from the moment this process sent the request, and a lower
  bound from the moment this process first saw an operation written by an earlier run;
* across runs, PortOne's own clock: the journal keeps PortOne's time at the write-ahead
  (``portone_at``, estimated from the last getToken ``now`` plus monotonic time since), and the client
  estimates PortOne's time now the same way.

The elapsed time is the largest of these measures; each of them is a valid lower bound of the real time
since the request left, so the largest is too, and none of them moves with the PC clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Clocks:
    monotonic: Callable[[], float]
    portone_now: Callable[[], float | None]  # None while no token has been seen


def elapsed_s(
    clocks: Clocks, *, seen_mono: float, sent_mono: float | None, portone_at: float | None
) -> float:
    """Seconds since the operation was written ahead, as far as the trusted clocks can tell."""
    now_mono = clocks.monotonic()
    measures = [now_mono - seen_mono]
    if sent_mono is not None:
        measures.append(now_mono - sent_mono)
    if portone_at is not None:
        portone_now = clocks.portone_now()
        if portone_now is not None:
            measures.append(portone_now - portone_at)
    return max(0.0, *measures)
