"""What every use case needs: the client, the journal, the settings, time, and the in-flight guard.

``ServiceContext`` is built once by ``CounterServices`` and handed to the use-case modules, so they
stay plain functions that tests can call with a fake clock and a no-op sleep.

The in-flight guard exists because the window runs money calls on a thread pool: two clicks (or a
reconciliation running beside a charge) must never work on the same sale, cancel, billing key or
receipt at once. It is process-local on purpose — the journal's non-final rows are the cross-process
(restart) guard, and they are checked as well.
"""

from __future__ import annotations

import logging
import threading
import time as _time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from pos_app.domain import ProductType, crashpoints
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.journal import Journal, JournalUnavailable
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import PortOneError
from pos_app.services.errors import ServiceError, journal_error, offline_error

if TYPE_CHECKING:
    from pos_app.services.settlement.settler import Settler


@dataclass(frozen=True)
class ServiceSettings:
    """Behaviour knobs of the services (built from config.Settings in app.py)."""

    counter_id: str
    duplicate_window_s: int = 600
    # waits between lookups while an UNKNOWN result is being resolved during the call (seconds, ~1 min)
    reconcile_poll_delays: tuple[float, ...] = (1, 2, 4, 8, 15, 30)
    # a payment that find/{merchant_uid} has not seen this long after the last send was never made
    not_charged_after_s: float = 180
    # … and this long after a refusal that says the PG or the issuer timed out (the issuer may approve late)
    pg_timeout_window_s: float = 600
    # after the call: waits between background lookups of an open operation (the last one repeats)
    background_delays: tuple[float, ...] = (10, 20, 30, 60, 120, 300)
    # an operation closed as "no record for the whole window" is looked at again for this long …
    recheck_for_s: float = 86_400
    # … after these waits (the last one repeats), and always before a new attempt for the same payer
    recheck_delays: tuple[float, ...] = (300, 900, 3600, 10_800)
    # a live shop (not the sandbox): a payment PortOne made through a test channel is TEST_PAYMENT
    live: bool = False
    default_product_type: ProductType = "real"
    # the shop's time zone for day boundaries; None = the computer's local zone
    timezone: tzinfo | None = None


# how long a cashier's call waits for a background lookup of the same sale, cancel, key or receipt to end
# (one GET; the client's read timeout bounds it) before it says the operation is busy
LOOK_WAIT_S = 40.0


class InFlight:
    """Keys of the sales, cancels, billing keys and receipts being worked on in this process.

    Two kinds of holder: a call (a cashier's charge, refund, resend …) and a background look of the
    settler. A call that meets another call on the same key is refused at once (a second click while
    the first request is out). A call that meets only a look waits for it to end: the look is one GET
    and its answer may already be final, so the cashier is never told "busy" because the background
    happened to look at that moment.
    """

    def __init__(self, look_wait_s: float = LOOK_WAIT_S) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._keys: set[str] = set()
        self._looking: set[str] = set()
        self._look_wait_s = look_wait_s

    @contextmanager
    def claim(self, *keys: str) -> Iterator[None]:
        deadline = _time.monotonic() + self._look_wait_s
        with self._changed:
            while True:
                held = [key for key in keys if key in self._keys]
                looked_at = [key for key in keys if key in self._looking]
                if held:
                    raise _busy()
                if not looked_at:
                    break
                left = deadline - _time.monotonic()
                if left <= 0:
                    raise _busy()
                self._changed.wait(left)
            self._keys.update(keys)
        try:
            yield
        finally:
            with self._changed:
                self._keys.difference_update(keys)
                self._changed.notify_all()

    @contextmanager
    def claim_if_free(self, key: str) -> Iterator[bool]:
        """A background look: claim ``key`` when nobody holds it and yield True; yield False otherwise.

        One step under the lock, so a background pass (reconciliation) skips a row that a cashier's
        call took a moment ago instead of failing on it.
        """
        with self._changed:
            free = key not in self._keys and key not in self._looking
            if free:
                self._looking.add(key)
        try:
            yield free
        finally:
            if free:
                with self._changed:
                    self._looking.discard(key)
                    self._changed.notify_all()


    def wait_free(self, key: str, timeout_s: float) -> bool:
        """Wait until nobody holds ``key`` (a call or a look); False when ``timeout_s`` passed first."""
        deadline = _time.monotonic() + timeout_s
        with self._changed:
            while key in self._keys or key in self._looking:
                left = deadline - _time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True


def _busy() -> ServiceError:
    return ServiceError(
        "in_progress",
        QT_TRANSLATE_NOOP(
            "ServiceError", "같은 거래를 이미 처리하고 있습니다. 결과가 나올 때까지 기다리세요."
        ),
    )


@dataclass
class ServiceContext:
    client: PortOneClient | None
    journal: Journal
    settings: ServiceSettings
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    in_flight: InFlight
    # set when the window closes: waits end at once and polling stops; open rows stay for the next start
    stopping: threading.Event = field(default_factory=threading.Event)
    # never the PC clock for windows: see services.settlement.timing
    monotonic: Callable[[], float] = _time.monotonic
    _settler: Settler | None = None

    @property
    def settler(self) -> Settler:
        if self._settler is None:
            raise RuntimeError("the settlement engine is not attached to this context")
        return self._settler

    def attach_settler(self, settler: Settler) -> None:
        self._settler = settler

    def portone_now(self) -> float | None:
        """PortOne's clock as the client estimates it (last token's ``now`` + monotonic time since)."""
        client = self.client
        if client is None:
            return None
        return client.portone_now()

    def portone_time_for_intent(self) -> float | None:
        """PortOne's clock for a write-ahead: a token is fetched first when there is none yet, so the
        window of an operation can be measured on PortOne's clock after a restart."""
        now = self.portone_now()
        if now is None and self.client is not None:
            try:
                self.client.token()
            except PortOneError:  # the call itself will report the failure to the cashier
                return None
            now = self.portone_now()
        return now

    def pause(self, seconds: float) -> bool:
        """Wait between lookups; False (without waiting) once the app is stopping."""
        if self.stopping.is_set():
            return False
        self.sleep(seconds)
        return not self.stopping.is_set()

    def require_client(self) -> PortOneClient:
        """The client for a call that changes something at PortOne, after checking the journal too."""
        if self.client is None:
            raise offline_error()
        self.require_journal()
        return self.client

    def require_lookup_client(self) -> PortOneClient:
        if self.client is None:
            raise offline_error()
        return self.client

    def require_journal(self) -> None:
        health = self.journal.health
        if not health.ok:
            raise journal_error(health.problems)

    @property
    def tz(self) -> tzinfo:
        if self.settings.timezone is not None:
            return self.settings.timezone
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), tz=self.tz)

    def day_bounds(self, day: date) -> tuple[int, int]:
        """UNIX seconds of the first and the last second of ``day`` in the shop's zone."""
        start = datetime.combine(day, time.min, tzinfo=self.tz)
        end = start + timedelta(days=1)
        return int(start.timestamp()), int(end.timestamp()) - 1


def journal_write_failed(exc: JournalUnavailable) -> ServiceError:
    return journal_error(tuple(exc.problems))


def record_after_the_call(what: str, outcome: Outcome, write: Callable[[], None]) -> str | None:
    """Write the result of a call that is over; a journal failure must not hide the outcome from the cashier.

    Returns the journal's problem text (None when written): the row stays non-final and reconciliation
    completes it later.
    """
    crashpoints.reached("result.before_record")
    try:
        write()
    except JournalUnavailable as exc:
        problem = "; ".join(exc.problems)
        logging.getLogger(__name__).error("%s: %s could not be recorded: %s", what, outcome.value, problem)
        return problem
    return None
