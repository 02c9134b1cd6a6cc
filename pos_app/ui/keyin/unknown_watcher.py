"""The key-in tab's sale whose result is UNKNOWN: following it, re-sending it, letting it go.

An UNKNOWN result keeps 승인 disabled and resolves by itself: the services' settlement engine owns the
open sale and looks it up in the background until PortOne tells what happened. The watcher follows the
engine (its in-memory list of open operations, every ``KeyInOptions.unknown_recheck_delays_ms``) and reads
the journal row once the sale has left that list; it makes no lookups of its own, except when the cashier
presses "지금 확인" (``check_now``: one lookup at once). The cashier may stop waiting; the engine keeps
checking and announces the result in the window. DESIGN.md step 6:
no new merchant_uid is minted while the sale is UNKNOWN. The order and buyer stay locked as recorded; the
card fields stay filled (or can be typed again) so that "같은 주문번호로 다시 보내기" can call
services.retry_unknown(uid, order) — it looks the sale up first and re-sends under the SAME merchant_uid
only when PortOne provably has no payment for it. With the card fields empty (wiped) it is called
without an order: a payment PortOne does have is still found, and otherwise its "needs_card" refusal is
shown at the card number. Lookups and the resend of one sale never overlap (buttons disabled while one
is out; the services' in-flight guard behind them), and a final result hides the resend for good.

UnknownSaleWatcher holds that state for the key-in tab (which uid is watched, whether a lookup or the
resend is out, the follow timer) and runs the calls on the tab's BackgroundRunner. It owns no widgets and
no user strings: the tab validates the card typed for a resend, asks the cashier before letting a sale
go, and shows what the watcher reports through its signals. The services and the pauses are read from the
tab each time (callables), as the tab's ``services`` and ``options`` may be replaced while it lives.
``recheck_scheduled`` tells when the settlement engine's next look-up runs, so the screen can say it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pos_app.domain.forms import KeyedCharge
from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices, OpenOperation, SaleOutcome, SaleRow
    from pos_app.workers import BackgroundRunner


@dataclass(frozen=True)
class RowOutcome:
    """A SaleOutcome-shaped view of a journal row resolved by a re-check."""

    outcome: Outcome
    merchant_uid: str
    sale: SaleRow | None
    message: str | None
    journal_error: str | None = None


class UnknownSaleWatcher(QObject):
    # a re-check returned for the watched sale: its RowOutcome when PortOne told the result, else None
    # (the next re-check is then already scheduled)
    unknown_checked = Signal(object)
    lookup_changed = Signal()  # a lookup went out or came back (the resend button follows it)
    resend_finished = Signal(object)  # the SaleOutcome retry_unknown returned
    # merchant_uid, the exception retry_unknown raised (a bug is re-raised after the tab showed it)
    resend_failed = Signal(str, object)
    recheck_scheduled = Signal(int)  # the next re-check of the watched sale runs in this many ms

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Callable[[], CounterServices],
        delays_ms: Callable[[], tuple[int, ...]],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._delays_ms = delays_ms
        self._uid = ""  # the UNKNOWN sale being watched, if any
        self._attempt = 0
        self._lookup_uid = ""  # the UNKNOWN sale whose check_unknown is out, if any
        # retry_unknown of the watched sale is out: the tab's "resending" state, the only one besides
        # "unknown" in which a sale is watched
        self._resending = False
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.timeout.connect(self.follow)

    @property
    def uid(self) -> str:
        return self._uid

    def lookup_out(self) -> bool:
        return bool(self._uid) and self._lookup_uid == self._uid

    def can_resend(self, uid: str) -> bool:
        return uid == self._uid and not self.lookup_out()

    # -- watching ---------------------------------------------------------------------------------------
    def watch(self, uid: str) -> None:
        """A charge or resend of ``uid`` came back UNKNOWN: re-checks count from the first pause again."""
        self._uid = uid
        self._attempt = 0

    def stop_watching(self) -> None:
        """A final result arrived or the cashier let the sale go; a lookup still out is then ignored."""
        self._uid = ""
        self._recheck_timer.stop()

    def stop(self) -> None:
        """The window is closing."""
        self._recheck_timer.stop()

    def schedule_recheck(self) -> None:
        """Say when the engine looks next, and follow the watched sale again after the next pause (no
        lookup here: the engine does those)."""
        self._say_next_check()
        delays = self._delays_ms()
        delay = delays[min(self._attempt, len(delays) - 1)]
        self._attempt += 1
        self._recheck_timer.start(delay)

    def _held(self) -> OpenOperation | None:
        uid = self._uid
        if not uid:
            return None
        return next((op for op in self._services().open_operations() if op.op_id == uid), None)

    def _say_next_check(self) -> None:
        held = self._held()
        if held is not None and held.next_check_in_s is not None:
            self.recheck_scheduled.emit(int(held.next_check_in_s * 1000))

    # -- following the settlement engine ----------------------------------------------------------------
    def follow(self) -> None:
        """Where is the watched sale now? In the engine's open list: say when it looks next; gone from it:
        read the journal row (the engine recorded what PortOne's record says)."""
        uid = self._uid
        if not uid or self._resending or self.lookup_out() or not self._runner.is_accepting():
            return  # a resend or a lookup of it is out: its answer reschedules
        services = self._services()
        if self._held() is not None:
            self.schedule_recheck()
            return
        self._lookup_uid = uid
        self.lookup_changed.emit()
        self._runner.run(
            lambda: services.sale(uid),
            lambda row: self._on_checked(uid, row),
            lambda exc: self._on_check_failed(uid, exc),
            kind="db",
        )

    # -- the cashier's "지금 확인" -------------------------------------------------------------------------
    def check_now(self) -> None:
        uid = self._uid
        if not uid or self._resending or self.lookup_out() or not self._runner.is_accepting():
            return  # a resend or a lookup of it is out: its answer reschedules
        self._recheck_timer.stop()
        self._lookup_uid = uid
        self.lookup_changed.emit()
        services = self._services()

        def look_up() -> SaleRow | None:
            # one lookup of this sale at once, through the settlement engine; it never re-sends
            services.check_unknown(uid)
            return services.sale(uid)

        self._runner.run(
            look_up,
            lambda row: self._on_checked(uid, row),
            lambda exc: self._on_check_failed(uid, exc),
            kind="cashier",
        )

    def _lookup_returned(self, uid: str) -> None:
        if self._lookup_uid == uid:
            self._lookup_uid = ""
            self.lookup_changed.emit()

    def _on_checked(self, uid: str, row: SaleRow | None) -> None:
        self._lookup_returned(uid)
        if uid != self._uid:
            return  # the cashier stopped waiting in the meantime
        if row is not None and row.outcome.is_final:
            self.unknown_checked.emit(RowOutcome(row.outcome, uid, row, row.message))
        else:
            self.unknown_checked.emit(None)
            self.schedule_recheck()

    def _on_check_failed(self, uid: str, exc: BaseException) -> None:
        self._lookup_returned(uid)
        if describe_error(exc) is None:
            raise exc
        if self._uid == uid and not self._resending:
            self.schedule_recheck()

    # -- the resend -------------------------------------------------------------------------------------
    def resend(self, uid: str, order: KeyedCharge | None) -> None:
        """services.retry_unknown with the same merchant_uid, never a new one (the tab checked can_resend)."""
        self._recheck_timer.stop()
        self._resending = True
        services = self._services()
        self._runner.run(
            lambda: services.retry_unknown(uid, order),
            self._on_resent,
            lambda exc: self._on_resend_failed(uid, exc),
            kind="cashier",
        )

    def _on_resent(self, outcome: SaleOutcome) -> None:
        self._resending = False
        self.resend_finished.emit(outcome)

    def _on_resend_failed(self, uid: str, exc: BaseException) -> None:
        self._resending = False
        self.resend_failed.emit(uid, exc)
        if describe_error(exc) is None:
            raise exc  # a bug: the crash hook reports it (raised here, not in a slot, so it reaches it)
