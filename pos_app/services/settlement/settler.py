"""The Settler: holds every open operation of this counter and looks it up until PortOne's record is final.

Use cases hand an operation over (``adopt``) right after its intent is committed and before the request
leaves; if the answer is final they ``release`` it, otherwise they call ``settle_in_call`` (about a
minute of lookups with backoff while the cashier waits). Whatever is still open after that stays here:
``run_due`` (the window calls it every few seconds on its background lane) looks at each operation when
it is due, with growing waits, for as long as the app runs; ``load_from_journal`` takes up the open
operations of earlier runs at start-up; ``check_now`` is the cashier's "지금 확인".

An operation closed because PortOne had no record of it for the whole window is kept for re-checks for a
day (a late payment then is real money), and ``recheck_before_new_attempt`` looks such attempts up again
before the cashier charges the same card or customer the same amount.

What the engine finds that the cashier did not see happen (a lost refund proven not made, a late
approval, a refund made in the console) is queued as an ``Announcement`` until the window takes it
(``take_announcements``). The list of open operations (``snapshot``) is built from memory only, so the
GUI thread may ask for it at any time.

Threads: ``run_due`` runs on the background lane, use cases and ``check_now`` on the cashier's lane.
Each look is done under the operation's in-flight key (shared with the use cases), so one operation is
never looked up twice at once nor raced with a cashier's call on the same sale.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from pos_app.domain import crashpoints
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.journal import JournalUnavailable
from pos_app.journal.records import OperationRow, SaleRow
from pos_app.services.context import ServiceContext
from pos_app.services.errors import ServiceError
from pos_app.services.results import (
    Announcement,
    OpenOperation,
    ReconcileItem,
    ReconcileKind,
    ReconcileReport,
)
from pos_app.services.settlement import texts
from pos_app.services.settlement.rules import RULES, Look
from pos_app.services.settlement.timing import Clocks, elapsed_s

log = logging.getLogger(__name__)

_KIND_FOR_REPORT: dict[str, ReconcileKind] = {
    "sale": "sale",
    "cancel": "cancel",
    "billing_key_issue": "billing_key",
    "billing_key_delete": "billing_key",
    "receipt_issue": "receipt",
    "receipt_cancel": "receipt",
    "schedule_create": "schedule",
    "schedule_move": "schedule",
    "schedule_revoke": "schedule",
    "schedule_reschedule": "schedule",
    "schedule_retry": "schedule",
}


class _Tracked:
    """What the settler knows of one operation; ``busy`` while a look at it runs (``idle`` then clear)."""

    def __init__(
        self,
        row: OperationRow,
        seen_mono: float,
        sent_mono: float | None,
        next_due_mono: float,
        *,
        busy: bool = False,
        recheck: bool = False,
    ) -> None:
        self.row = row
        self.seen_mono = seen_mono
        self.sent_mono = sent_mono
        self.next_due_mono = next_due_mono
        self.checks = 0
        self.idle = threading.Event()
        self.busy = busy
        self.doing = texts.DOING_SENDING
        self.doing_params: dict[str, object] = {}
        self.doing_at_mono = seen_mono  # when ``doing`` was decided (its seconds count down from then)
        self.last_answer: str | None = None
        self.recheck = recheck  # closed "by window": looked at again for a day

    @property
    def busy(self) -> bool:
        return not self.idle.is_set()

    @busy.setter
    def busy(self, value: bool) -> None:
        if value:
            self.idle.clear()
        else:
            self.idle.set()


# how long "지금 확인" waits for a look already running at the same operation (a slow lookup times out
# at the client's read timeout, ~10 s, and is retried twice)
CHECK_NOW_WAIT_S = 40.0


def _counted_down(params: dict[str, object], since: float) -> dict[str, object]:
    """"… {seconds}초 더" as it stands now, not as it stood at the last look."""
    seconds = params.get("seconds")
    if isinstance(seconds, int):
        return {**params, "seconds": max(0, int(seconds - since))}
    return dict(params)


class Settler:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._clocks = Clocks(monotonic=ctx.monotonic, portone_now=ctx.portone_now)
        self._lock = threading.Lock()
        self._ops: dict[str, _Tracked] = {}
        self._announcements: list[Announcement] = []
        self._pass_lock = threading.Lock()
        self._loaded = False

    # ------------------------------------------------------------------------------- taking over
    def adopt(self, op_id: str) -> None:
        """A use case committed this operation's intent and sends it now."""
        crashpoints.reached("intent.committed")
        row = self._ctx.journal.operation(op_id)
        if row is None:
            return
        now = self._ctx.monotonic()
        with self._lock:
            tracked = self._ops.get(op_id)
            if tracked is None:
                self._ops[op_id] = _Tracked(row, now, now, now + self._first_background_delay(), busy=True)
            else:
                tracked.row, tracked.sent_mono, tracked.busy, tracked.recheck = row, now, True, False
                tracked.doing, tracked.doing_params = texts.DOING_SENDING, {}

    def adopt_if_untracked(self, op_id: str) -> None:
        """Track an operation found open in the journal that this run has not seen yet."""
        row = self._ctx.journal.operation(op_id)
        if row is None:
            return
        now = self._ctx.monotonic()
        with self._lock:
            self._ops.setdefault(op_id, _Tracked(row, now, None, now))

    def look_claimed(self, op_id: str) -> OperationRow | None:
        """One lookup now, by a caller that holds the operation's in-flight key."""
        row = self._look(op_id, claimed=True, in_call=True)
        with self._lock:
            tracked = self._ops.get(op_id)
            if tracked is not None:
                tracked.busy = False
        return row

    def announce(self, announcements: list[Announcement]) -> None:
        """Findings of a use case (a refund made elsewhere, seen while refunding) for the cashier."""
        with self._lock:
            self._announcements.extend(announcements)

    def release(self, op_id: str) -> None:
        """The call's own answer was final: nothing to settle."""
        row = self._ctx.journal.operation(op_id)
        with self._lock:
            tracked = self._ops.get(op_id)
            if tracked is None:
                return
            if row is not None and row.state.is_final:
                self._close_locked(op_id, tracked, row)
            else:
                tracked.busy = False
                if row is not None:
                    tracked.row = row

    def load_from_journal(self) -> int:
        """Take up every open operation written by an earlier run (and recent "by window" closings)."""
        journal = self._ctx.journal
        now = self._ctx.monotonic()
        rows = journal.open_operations()
        recent = journal.decided_by_window_since(self._ctx.clock() - 2 * self._ctx.settings.recheck_for_s)
        with self._lock:
            for row in rows:
                if row.op_id not in self._ops:
                    self._ops[row.op_id] = _Tracked(row, now, None, now)
            for row in recent:
                if row.op_id not in self._ops:
                    delay = self._ctx.settings.recheck_delays[0] if self._ctx.settings.recheck_delays else 300
                    self._ops[row.op_id] = _Tracked(row, now, None, now + delay, recheck=True)
            self._loaded = True
        return len(rows)

    # ------------------------------------------------------------------------------------ looking
    def settle_in_call(self, op_id: str) -> OperationRow | None:
        """Look the operation up with the in-call backoff until final (the caller holds its guard)."""
        delays = list(self._ctx.settings.reconcile_poll_delays)
        row = self._look(op_id, claimed=True, in_call=True)
        while row is not None and row.is_open and delays:
            if not self._ctx.pause(delays.pop(0)):
                break
            row = self._look(op_id, claimed=True, in_call=True)
        with self._lock:
            tracked = self._ops.get(op_id)
            if tracked is not None:
                tracked.busy = False
        return row

    def check_now(self, op_id: str) -> OperationRow | None:
        """The cashier's "지금 확인": one lookup at once, whatever the schedule says."""
        with self._lock:
            tracked = self._ops.get(op_id)
        row = tracked.row if tracked is not None else self._ctx.journal.operation(op_id)
        if row is None:
            raise ServiceError(
                "not_found",
                QT_TRANSLATE_NOOP("ServiceError", "확인할 거래가 없습니다: {op_id}"),
                params={"op_id": op_id},
            )
        if tracked is None:
            now = self._ctx.monotonic()
            with self._lock:
                self._ops.setdefault(op_id, _Tracked(row, now, None, now))
        deadline = time.monotonic() + CHECK_NOW_WAIT_S
        while True:
            result = self._look(op_id, claimed=False, in_call=False)
            if result is not None:
                return result
            # another look is running (a background pass, or the cashier's own call on the same sale):
            # wait for it to end, then look ourselves — its answer may already be the final one
            with self._lock:
                tracked = self._ops.get(op_id)
            if tracked is None:
                return self._ctx.journal.operation(op_id)  # that look closed it
            left = deadline - time.monotonic()
            # the look may be another settler's (settings applied mid-look): wait for its guard too
            guard = RULES[tracked.row.kind].guard(self._ctx, tracked.row)
            if (
                left <= 0
                or not tracked.idle.wait(left)
                or not self._ctx.in_flight.wait_free(guard, deadline - time.monotonic())
            ):
                raise ServiceError(
                    "in_progress",
                    QT_TRANSLATE_NOOP(
                        "ServiceError", "이 거래는 지금 다른 작업이 확인하고 있습니다. 잠시 후 보세요."
                    ),
                )

    def run_due(self) -> list[Announcement]:
        """Look at every operation that is due (one lookup each); returns what was announced meanwhile."""
        if not self._pass_lock.acquire(blocking=False):
            return []  # a pass is already running (a slow lookup): the next tick comes soon enough
        try:
            if not self._loaded:
                self.load_from_journal()
            now = self._ctx.monotonic()
            with self._lock:
                due = [op_id for op_id, t in self._ops.items() if not t.busy and t.next_due_mono <= now]
            for op_id in due:
                if self._ctx.stopping.is_set():
                    break
                self._look(op_id, claimed=False, in_call=False)
        finally:
            self._pass_lock.release()
        return self.take_announcements(peek=True)

    def settle_all_now(self, on_progress: Callable[[str], None] | None = None) -> ReconcileReport:
        """Start-up: load the journal's open operations and look at every one once."""
        self.load_from_journal()
        progress = on_progress or (lambda _text: None)
        with self._lock:
            ids = [op_id for op_id, t in self._ops.items() if not t.recheck]
        resolved: list[ReconcileItem] = []
        still: list[ReconcileItem] = []
        progress(f"미확정 거래 {len(ids)}건 확인 중")
        for op_id in ids:
            row = self._look(op_id, claimed=False, in_call=False) or self._tracked_row(op_id)
            if row is None:
                continue
            item = ReconcileItem(_KIND_FOR_REPORT[row.kind], row.ref, self._reported_state(row), row.message)
            (still if row.is_open else resolved).append(item)
        return ReconcileReport(
            resolved=resolved, still_unknown=still, announcements=self.take_announcements(peek=True)
        )

    def recheck_before_new_attempt(
        self, same_payer: Callable[[SaleRow], bool], amount: int | None
    ) -> list[OperationRow]:
        """Look again at sale attempts closed "by window" for this payer and amount; returns those that
        turned out to have taken money (the caller refuses the new attempt and says why)."""
        journal = self._ctx.journal
        since = self._ctx.clock() - 2 * self._ctx.settings.recheck_for_s
        paid: list[OperationRow] = []
        for op in journal.decided_by_window_since(since, "sale"):
            sale = journal.sale(op.ref)
            if sale is None or (amount is not None and sale.amount != amount) or not same_payer(sale):
                continue
            now = self._ctx.monotonic()
            with self._lock:
                self._ops.setdefault(op.op_id, _Tracked(op, now, None, now, recheck=True))
            row = self._look(op.op_id, claimed=False, in_call=False)
            if row is not None and row.state not in (Outcome.NOT_CHARGED, Outcome.DECLINED):
                paid.append(row)
        return paid

    # ---------------------------------------------------------------------------------- reading
    def snapshot(self) -> list[OpenOperation]:
        """The open operations, oldest first, from memory (safe on any thread)."""
        now = self._ctx.monotonic()
        with self._lock:
            items = [t for t in self._ops.values() if not t.recheck and t.row.is_open]
            out = []
            for t in sorted(items, key=lambda t: (t.row.created_at, t.row.op_id)):
                age = elapsed_s(
                    self._clocks, seen_mono=t.seen_mono, sent_mono=t.sent_mono, portone_at=t.row.portone_at
                )
                out.append(
                    OpenOperation(
                        op_id=t.row.op_id,
                        kind=t.row.kind,
                        state=t.row.state,
                        amount=t.row.amount,
                        label=t.row.label,
                        age_s=age,
                        doing=texts.DOING_CHECKING_NOW if t.busy else t.doing,
                        doing_params={} if t.busy else _counted_down(t.doing_params, now - t.doing_at_mono),
                        last_answer=t.last_answer,
                        sale_ref=t.row.sale_ref,
                        checks=t.checks,
                        next_check_in_s=None if t.busy else max(0.0, t.next_due_mono - now),
                    )
                )
        return out

    def open_count(self) -> int:
        with self._lock:
            return sum(1 for t in self._ops.values() if not t.recheck and t.row.is_open)

    def take_announcements(self, *, peek: bool = False) -> list[Announcement]:
        """What the cashier must be told; taken (cleared) unless ``peek``."""
        with self._lock:
            found = list(self._announcements)
            if not peek:
                self._announcements.clear()
        return found

    # ---------------------------------------------------------------------------------- internals
    def _reported_state(self, row: OperationRow) -> Outcome:
        """What the row acted on is now: a receipt issued and cancelled since reads CANCELLED."""
        if row.kind == "receipt_issue" and row.state is Outcome.APPROVED:
            receipt = self._ctx.journal.receipt_for(row.ref)
            if receipt is not None and receipt.receipt_id == row.ref:
                return receipt.outcome
        return row.state

    def _tracked_row(self, op_id: str) -> OperationRow | None:
        with self._lock:
            tracked = self._ops.get(op_id)
            return tracked.row if tracked is not None else None

    def _first_background_delay(self) -> float:
        delays = self._ctx.settings.background_delays
        return delays[0] if delays else 30.0

    def _look(self, op_id: str, *, claimed: bool, in_call: bool) -> OperationRow | None:
        """One lookup of one operation; None when another thread holds it (nothing was done)."""
        with self._lock:
            tracked = self._ops.get(op_id)
            if tracked is None:
                return self._ctx.journal.operation(op_id)
            if not claimed and tracked.busy:
                return None
            tracked.busy = True
        # the journal's row as it stands (the use case may have recorded UNKNOWN with its message since)
        row = self._ctx.journal.operation(op_id) or tracked.row
        rule = RULES[row.kind]
        try:
            if claimed:
                look = self._run_rule(rule.look, row, tracked)
                return self._after_look(op_id, tracked, look, in_call=in_call, claimed=claimed)
            # the guard covers the look and what it records, so a cashier's call on the same sale that
            # waited for this look starts from the journal as this look left it
            with self._ctx.in_flight.claim_if_free(rule.guard(self._ctx, row)) as free:
                if not free:
                    with self._lock:
                        tracked.busy = False
                    return None
                look = self._run_rule(rule.look, row, tracked)
                return self._after_look(op_id, tracked, look, in_call=in_call, claimed=claimed)
        except BaseException:
            with self._lock:
                tracked.busy = False
                tracked.next_due_mono = self._ctx.monotonic() + self._first_background_delay()
            raise

    def _run_rule(
        self,
        look: Callable[[ServiceContext, OperationRow, float], Look],
        row: OperationRow,
        tracked: _Tracked,
    ) -> Look:
        if row.portone_at is not None and tracked.sent_mono is None and self._ctx.portone_now() is None:
            # an operation of an earlier run: PortOne's clock needs a token to be read
            self._ctx.portone_time_for_intent()
        elapsed = elapsed_s(
            self._clocks, seen_mono=tracked.seen_mono, sent_mono=tracked.sent_mono, portone_at=row.portone_at
        )
        crashpoints.reached("settle.before_look")
        try:
            return look(self._ctx, row, elapsed)
        except JournalUnavailable as exc:
            # the lookup may have found the answer, but it cannot be written: stay open, say why
            return Look(False, row.state, texts.DOING_LOOKUP_FAILED, {}, "; ".join(exc.problems))

    def _after_look(
        self, op_id: str, tracked: _Tracked, look: Look, *, in_call: bool, claimed: bool
    ) -> OperationRow:
        fresh = self._ctx.journal.operation(op_id) or tracked.row
        announcements = [
            a
            for a in look.announcements
            # the caller of an in-call settlement shows the result itself; side findings still go out
            if not (in_call and a.op_id == op_id and a.kind in ("made", "not_made"))
        ]
        now = self._ctx.monotonic()
        with self._lock:
            self._announcements.extend(announcements)
            tracked.checks += 1
            tracked.row = fresh
            tracked.last_answer = look.answer if look.answer is not None else tracked.last_answer
            if look.final or fresh.state.is_final:
                self._close_locked(op_id, tracked, fresh)
            else:
                tracked.doing, tracked.doing_params = look.doing, dict(look.params)
                tracked.doing_at_mono = now
                tracked.next_due_mono = now + self._next_delay(tracked, look)
                tracked.busy = claimed  # an in-call caller keeps it until settle_in_call ends
        for announcement in announcements:
            log.info("settlement %s %s: %s", announcement.kind, op_id, announcement.text)
        return fresh

    def _next_delay(self, tracked: _Tracked, look: Look) -> float:
        delays = self._ctx.settings.background_delays or (30.0,)
        delay = delays[min(max(tracked.checks - 1, 0), len(delays) - 1)]
        seconds = look.params.get("seconds")
        if isinstance(seconds, int) and 0 <= seconds < delay:
            delay = seconds + 0.5  # be there the moment the not-charged window ends
        return float(delay)

    def _close_locked(self, op_id: str, tracked: _Tracked, row: OperationRow) -> None:
        if row.decided_by == "window":
            delays = self._ctx.settings.recheck_delays or (3600.0,)
            index = min(tracked.checks if tracked.recheck else 0, len(delays) - 1)
            tracked.recheck = True
            tracked.busy = False
            tracked.next_due_mono = self._ctx.monotonic() + delays[index]
            if self._ctx.monotonic() - tracked.seen_mono > self._ctx.settings.recheck_for_s:
                del self._ops[op_id]
            return
        tracked.busy = False  # wakes a 지금 확인 waiting on this look: it reads the closed row
        del self._ops[op_id]
