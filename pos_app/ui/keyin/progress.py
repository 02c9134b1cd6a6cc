"""While a charge is out: notice, from the journal, the moment its reply was lost.

A charge call blocks its worker for as long as it takes: the request (up to PortOne's 65 s read timeout),
and, when no readable reply came, the services' own lookups of that merchant_uid before they give up
(about another minute). From outside, both look like "처리 중" for up to two minutes. The journal knows
which it is: the attempt is PENDING while the request is out and becomes UNKNOWN the moment the reply is
lost, before the lookups start. ``LostReplyProbe`` reads the open attempts every few seconds on the
runner's journal thread (``services.open_sales``, no network) and emits ``reply_lost`` once when the
attempt of the order on the form turns UNKNOWN, so the screen can say what is happening ("응답이 늦어
PortOne에 결과를 확인하고 있습니다") instead of guessing from the time.

The attempt is recognised by amount, card hint (key-in) and the journal's own time: the services refuse a
second open attempt for the same card and amount, so an UNKNOWN row that matches and was written after the
call started is this one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices, SaleRow
    from pos_app.workers import BackgroundRunner

PROBE_INTERVAL_MS = 3_000
_CLOCK_SLACK_S = 2.0  # the journal stamps with its own clock; a row written "just before" still counts


class LostReplyProbe(QObject):
    reply_lost = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        services: Callable[[], CounterServices],
        parent: QObject | None = None,
        *,
        interval_ms: int = PROBE_INTERVAL_MS,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._services = services
        self._wall_clock = wall_clock
        self._serial = 0
        self._amount = 0
        self._card_hint: str | None = None
        self._since = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.probe)

    def start(self, amount: int, card_hint: str | None) -> None:
        """A charge of ``amount`` (on the masked ``card_hint``; None for a saved card) just went out."""
        self._serial += 1
        self._amount = amount
        self._card_hint = card_hint
        self._since = self._wall_clock() - _CLOCK_SLACK_S
        self._timer.start()

    def stop(self) -> None:
        """The call returned (or the window closes): answers still on their way are dropped."""
        self._serial += 1
        self._timer.stop()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def probe(self) -> None:
        if not self._runner.is_accepting():
            return
        serial = self._serial
        services = self._services()
        self._runner.run(
            services.open_sales, lambda rows: self._on_rows(serial, rows), self._on_probe_failed, kind="db"
        )

    def _on_probe_failed(self, exc: BaseException) -> None:
        # a journal that refuses a read leaves the screen at "보내는 중" (still true); a bug is reported
        if describe_error(exc) is None:
            raise exc

    def _on_rows(self, serial: int, rows: list[SaleRow]) -> None:
        if serial != self._serial:
            return
        if any(self._is_ours(row) for row in rows):
            self.stop()
            self.reply_lost.emit()

    def _is_ours(self, row: SaleRow) -> bool:
        return (
            row.outcome is Outcome.UNKNOWN
            and int(row.amount) == self._amount
            and float(row.created_at) >= self._since
            and (self._card_hint is None or row.card_hint == self._card_hint)
        )
