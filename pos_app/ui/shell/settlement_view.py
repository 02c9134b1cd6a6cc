"""The window's side of the settlement engine: the count always in sight, the list, the announcements.

The settlement engine (services) owns every open money operation; this object makes it visible and keeps
it moving while the window is open:

* the status bar's "● 미확정 N건" is a button that opens ``OperationsDialog`` (every open operation with
  "지금 확인"); it is refreshed after every piece of background work and every tick, from the engine's
  in-memory list — no query, so it can never lag behind a charge that just came back;
* every ``SETTLE_TICK_MS`` one background pass (``services.settle_due``) runs on the background lane,
  never more than one at a time, so an open operation is looked up for as long as the app runs;
* what the engine found that the cashier must be told goes to the ``AnnouncementBar`` under the
  banners, and stays there until someone presses "확인했습니다".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from pos_app.ui.shell.formatting import clock_time, describe_error
from pos_app.ui.shell.operations_panel import AnnouncementBar, OperationsDialog, kind_text

if TYPE_CHECKING:
    from pos_app.services.counter import Announcement, CounterServices, OpenOperation
    from pos_app.workers import BackgroundRunner

SETTLE_TICK_MS = 5_000


class SettlementView(QObject):
    announced = Signal(int)  # announcements newly shown
    settle_pass_finished = Signal()

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        status_parent: QWidget,
        bar_parent: QWidget,
        *,
        tick_ms: int = SETTLE_TICK_MS,
    ) -> None:
        super().__init__(status_parent)
        self._services = services
        self._runner = runner
        self._parent = bar_parent
        self._pass_out = False
        self._stopped = False
        self._history: list[Announcement] = []
        self._checked_at: QDateTime | None = None
        self._override: tuple[int, str] | None = None  # fed from outside (tests, journal-only counts)
        self.button = QPushButton(status_parent)
        self.button.setObjectName("openOperations")
        self.button.setFlat(True)
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.open_dialog)
        self.bar = AnnouncementBar(bar_parent)
        self.bar.list_requested.connect(self.open_dialog)
        self.dialog: OperationsDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.settle_now)
        runner.work_finished.connect(self.refresh)
        self.refresh()

    # -- running ----------------------------------------------------------------------------------------
    def start(self) -> None:
        self._stopped = False
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        """The window closes: no new pass; one still out ends at its next wait (services.stop_waiting)."""
        self._stopped = True
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.close()

    def settle_now(self) -> None:
        """One background pass over what is due, unless one is still out (a lookup may hang a while)."""
        if self._stopped or self._pass_out or not self._runner.is_accepting():
            return
        self._pass_out = True
        self._runner.run(
            self._services.settle_due, self._on_pass_done, self._on_pass_failed, kind="background"
        )

    def _on_pass_done(self, _announcements: list[Announcement]) -> None:
        self._pass_out = False
        self.refresh()
        self.settle_pass_finished.emit()

    def _on_pass_failed(self, exc: BaseException) -> None:
        self._pass_out = False
        if describe_error(exc) is None:
            raise exc  # a bug: the crash hook reports it
        self.refresh()
        self.settle_pass_finished.emit()

    # -- showing ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._stopped:
            return
        news = self._services.take_announcements()
        if news:
            self._history.extend(news)
            self.bar.add(news)
            self.announced.emit(len(news))
        open_now = self._services.open_operations()
        self._checked_at = QDateTime.currentDateTime()
        if self._override is not None:
            count, summary = self._override
        else:
            count, summary = len(open_now), self._summary(open_now)
        self._show(count, summary)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def set_open_operations(self, count: int, summary: str = "") -> None:
        """Show a count given from outside instead of the engine's (kept until ``clear_override``)."""
        self._override = (count, summary)
        self._checked_at = QDateTime.currentDateTime()
        self._show(count, summary)

    def clear_override(self) -> None:
        self._override = None
        self.refresh()

    def announcements(self) -> list[Announcement]:
        return list(self._history)

    def open_dialog(self) -> None:
        if self.dialog is None:
            self.dialog = OperationsDialog(self._services, self._runner, self.announcements, self._parent)
            self.dialog.checked.connect(lambda _op_id: self.refresh())
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def retranslate(self) -> None:
        self.bar.retranslate()
        if self.dialog is not None:
            self.dialog.retranslate()
        self.refresh()

    def _summary(self, open_now: list[OpenOperation]) -> str:
        counts: dict[str, int] = {}
        for op in open_now:
            counts[op.kind] = counts.get(op.kind, 0) + 1
        return "\n".join(
            self.tr("{kind} {count}건").format(kind=kind_text(kind), count=n) for kind, n in counts.items()
        )

    def _show(self, count: int, summary: str) -> None:
        if count:
            self.button.setText(self.tr("● 미확정 {count}건").format(count=count))
            self.button.setStyleSheet("color: #b05a00; font-weight: bold; padding: 0 4px;")
        else:
            self.button.setText(self.tr("미확정 0건"))
            self.button.setStyleSheet("color: #555555; padding: 0 4px;")
        when = self._checked_at or QDateTime.currentDateTime()
        note = self.tr("{time} 확인 · 눌러서 목록 보기").format(
            time=clock_time(when.toSecsSinceEpoch(), seconds=True)
        )
        self.button.setToolTip(f"{summary}\n{note}" if summary else note)
