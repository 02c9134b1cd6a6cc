"""정기결제 tab: today's and tomorrow's scheduled payments of every customer, and recent failures to handle.

PortOne charges each scheduled payment itself at its time, whether this PC is on or not. This tab is
where the owner sees them: the payments of today and tomorrow (time, customer, order, amount, state),
and the payments that failed in the last month (of plans not ended) with PortOne's reason and what can
be done — 지금 다시 결제, 다시 예약… (another day), or pausing the plan (``PaymentActions``).

It also keeps the app in step with PortOne without webhooks (a counter PC cannot receive them): a pass
of ``services.recurring.poll`` runs at start-up, then ``poll_if_due`` every ``POLL_TICK_MS`` on the
background lane (it polls every few minutes, and soon after a payment's time has passed); "지금 확인"
runs one at once. After every pass the lists are read again and ``polled`` is emitted (the customers
tab's section reloads on it); what the pass found that the owner must know goes to the window's
announcement bar like every finding of the settlement engine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QEvent, QLocale, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.recurring import words
from pos_app.ui.recurring.actions import PaymentActions
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.shell.formatting import describe_error
from pos_app.ui.widgets.field_style import COUNTER_STYLE

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices
    from pos_app.services.recurring import PollReport, SlotRow
    from pos_app.workers import BackgroundRunner

POLL_TICK_MS = 30_000
# failures stay listed for a month (an owner back from a week away still sees them) until dealt with
FAILURE_DAYS = 31


def _table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class RecurringTab(QWidget):
    polled = Signal()  # a polling pass ended (the lists were read again)
    loaded = Signal()
    transaction_selected = Signal(str)

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        parent: QWidget | None = None,
        *,
        tick_ms: int = POLL_TICK_MS,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recurringTab")
        self.setStyleSheet(COUNTER_STYLE)
        self._services = services
        self._runner = runner
        self._today = today or services.recurring.today
        self._upcoming: list[SlotRow] = []
        self._shown_day: date | None = None  # the day the lists were read for
        self._paused: set[str] = set()  # plan_ids paused when the lists were read
        self._failures: list[SlotRow] = []
        self._poll_out = False
        self._stopped = True
        self._offline = False
        self._last_poll: QDateTime | None = None
        self._last_error: str | None = None
        self.payment_actions = PaymentActions(services, runner, self, self._today)

        self.upcoming_title = QLabel()
        self.upcoming_title.setStyleSheet("font-weight: bold;")
        self.upcoming_table = _table(6, "recurringUpcoming")
        self.failure_title = QLabel()
        self.failure_title.setStyleSheet("font-weight: bold; color: #c62828;")
        self.failure_table = _table(5, "recurringFailures")
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("recurringRetry")
        self.reschedule_button = QPushButton()
        self.reschedule_button.setObjectName("recurringReschedule")
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("recurringPause")
        self.status_label = QLabel()
        self.status_label.setObjectName("recurringStatus")
        self.status_label.setWordWrap(True)
        self.poll_label = QLabel()
        self.poll_label.setObjectName("recurringPolled")
        self.poll_label.setWordWrap(True)
        self.poll_label.setStyleSheet("color: #616161;")
        self.poll_button = QPushButton()
        self.poll_button.setObjectName("recurringPollNow")

        failure_actions = QHBoxLayout()
        failure_actions.addWidget(self.status_label, 1)
        for button in (self.retry_button, self.reschedule_button, self.pause_button):
            failure_actions.addWidget(button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.poll_label, 1)
        bottom.addWidget(self.poll_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.upcoming_title)
        layout.addWidget(self.upcoming_table, 3)
        layout.addWidget(self.failure_title)
        layout.addWidget(self.failure_table, 2)
        layout.addLayout(failure_actions)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._on_tick)
        self.poll_button.clicked.connect(self.poll_now)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.reschedule_button.clicked.connect(self._on_reschedule_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.failure_table.itemSelectionChanged.connect(self._update_buttons)
        self.upcoming_table.itemDoubleClicked.connect(lambda _item: self._open_slip())
        self.payment_actions.said.connect(self.status_label.setText)
        self.payment_actions.busy_changed.connect(lambda _busy: self._update_buttons())
        self.payment_actions.finished.connect(lambda _subject: self.reload())
        self.retranslate()

    # ------------------------------------------------------------------------------ translation
    def retranslate(self) -> None:
        self._show_titles()
        self.failure_title.setText(self.tr("최근 {days}일 동안 실패한 정기결제").format(days=FAILURE_DAYS))
        self.upcoming_table.setHorizontalHeaderLabels(
            [self.tr("결제 시각"), self.tr("고객 · 주문"), self.tr("금액"), self.tr("회차"), self.tr("상태"),
             self.tr("비고")]
        )  # fmt: skip
        self.failure_table.setHorizontalHeaderLabels(
            [
                self.tr("결제 시각"),
                self.tr("고객 · 주문"),
                self.tr("금액"),
                self.tr("상태"),
                self.tr("PortOne 실패 사유"),
            ]
        )
        self.retry_button.setText(self.tr("지금 다시 결제"))
        self.reschedule_button.setText(self.tr("다시 예약…"))
        self.pause_button.setText(self.tr("정기결제 일시중지"))
        self.poll_button.setText(self.tr("지금 확인"))
        self._show_poll_state()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---------------------------------------------------------------------------------- polling
    def start(self) -> None:
        """Start-up (and after settings were applied): one pass now, then whenever one is due."""
        self._stopped = False
        self._timer.start()
        self.poll_now()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def set_offline(self, offline: bool) -> None:
        self._offline = offline
        self._update_buttons()

    def is_busy(self) -> bool:
        return self.payment_actions.busy

    def poll_now(self) -> None:
        self._poll(force=True)

    def _on_tick(self) -> None:
        self._poll(force=False)

    def _poll(self, *, force: bool) -> None:
        if self._stopped or self._poll_out or not self._runner.is_accepting():
            return
        self._poll_out = True
        self.poll_button.setEnabled(False)
        recurring = self._services.recurring
        call = recurring.poll if force else recurring.poll_if_due
        self._runner.run(call, self._on_polled, self._on_poll_failed, kind="background")

    def _on_polled(self, report: PollReport) -> None:
        self._poll_out = False
        self.poll_button.setEnabled(True)
        if self._stopped:
            return  # the window is closing: nothing more is read
        if not report.skipped:
            self._last_poll = QDateTime.currentDateTime()
            self._last_error = report.error
        self._show_poll_state()
        self.reload()
        self.polled.emit()

    def _on_poll_failed(self, exc: BaseException) -> None:
        self._poll_out = False
        self.poll_button.setEnabled(True)
        text = describe_error(exc)
        if text is None:
            raise exc
        self._last_error = text
        self._show_poll_state()

    def _show_poll_state(self) -> None:
        if self._last_poll is None:
            text = self.tr("PortOne의 정기결제 기록을 아직 확인하지 않았습니다.")
        else:
            text = self.tr(
                "마지막 확인 {time}. 몇 분마다, 그리고 예약 시각이 지나면 곧 다시 확인합니다."
            ).format(time=QLocale().toString(self._last_poll, "HH:mm:ss"))
        if self._last_error:
            text += " " + self.tr("PortOne을 읽지 못했습니다: {reason}").format(
                reason=fmt.cashier_message(self._last_error)
            )
        self.poll_label.setText(text)

    # ---------------------------------------------------------------------------------- the lists
    def reload(self) -> None:
        if not self._runner.is_accepting():
            return
        today = self._today()
        recurring = self._services.recurring

        def read() -> tuple[list[SlotRow], list[SlotRow], set[str]]:
            upcoming = recurring.payments_on(today, today + timedelta(days=1))
            return upcoming, recurring.recent_failures(FAILURE_DAYS), recurring.paused_plans()

        def loaded(lists: tuple[list[SlotRow], list[SlotRow], set[str]]) -> None:
            self._on_loaded(today, lists)

        self._runner.run(read, loaded, lambda exc: dialogs.report_failure(self, exc), kind="db")

    def _on_loaded(self, day: date, lists: tuple[list[SlotRow], list[SlotRow], set[str]]) -> None:
        self._shown_day = day
        self._upcoming, self._failures, self._paused = lists
        self._fill()
        self.loaded.emit()

    def _show_titles(self) -> None:
        # read again with every list: the counter stays open over midnight
        self.upcoming_title.setText(
            self.tr("오늘({today})과 내일의 정기결제 — PortOne이 예약 시각에 결제합니다").format(
                today=fmt.short_date(self._shown_day or self._today())
            )
        )

    def _fill(self) -> None:
        self._show_titles()
        self.upcoming_table.setRowCount(len(self._upcoming))
        for row, slot in enumerate(self._upcoming):
            cells = (
                words.when_text(slot.schedule_at),
                slot.label,
                fmt.won(slot.amount),
                self.tr("{n}회").format(n=slot.seq + 1),
                words.slot_state_text(slot),
                words.slot_note(slot),
            )
            self._put_row(self.upcoming_table, row, cells, slot.state, state_column=4)
        if not self._upcoming:
            self.upcoming_table.setRowCount(1)
            empty = QTableWidgetItem(self.tr("오늘과 내일은 예약된 정기결제가 없습니다."))
            self.upcoming_table.setItem(0, 1, empty)
        self.failure_table.setRowCount(len(self._failures))
        for row, slot in enumerate(self._failures):
            state = words.slot_state_text(slot)
            if slot.plan_id in self._paused:
                state += " · " + self.tr("정기결제 일시중지됨")
            failed = (
                words.when_text(slot.schedule_at),
                slot.label,
                fmt.won(slot.amount),
                state,
                words.slot_note(slot),
            )
            self._put_row(self.failure_table, row, failed, slot.state, state_column=3)
        if not self._failures:
            self.failure_table.setRowCount(1)
            self.failure_table.setItem(0, 4, QTableWidgetItem(self.tr("실패한 정기결제가 없습니다.")))
        self._update_buttons()

    @staticmethod
    def _put_row(
        table: QTableWidget, row: int, cells: tuple[str, ...], state: str, *, state_column: int
    ) -> None:
        colour = words.SLOT_COLOURS.get(state)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour and column == state_column:
                item.setForeground(QColor(colour))
            if text and column == len(cells) - 1:
                item.setToolTip(text)
            table.setItem(row, column, item)

    def selected_failure(self) -> SlotRow | None:
        rows = self.failure_table.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self._failures[index] if 0 <= index < len(self._failures) else None

    def upcoming(self) -> list[SlotRow]:
        return list(self._upcoming)

    def failures(self) -> list[SlotRow]:
        return list(self._failures)

    def _update_buttons(self) -> None:
        slot = self.selected_failure()
        free = not self.payment_actions.busy and not self._offline
        usable = slot is not None and slot.open_op is None and free
        self.retry_button.setEnabled(usable)
        self.reschedule_button.setEnabled(usable)
        # a plan already paused is not paused again (the row says so; 단골 고객 resumes it)
        paused = slot is not None and slot.plan_id in self._paused
        self.pause_button.setEnabled(slot is not None and not paused and free)

    def _on_retry_clicked(self) -> None:
        slot = self.selected_failure()
        if slot is not None:
            self.payment_actions.retry(slot)

    def _on_reschedule_clicked(self) -> None:
        slot = self.selected_failure()
        if slot is not None:
            self.payment_actions.reschedule(slot)

    def _on_pause_clicked(self) -> None:
        slot = self.selected_failure()
        if slot is not None:
            self.payment_actions.pause(slot.plan_id, slot.label)

    def _open_slip(self) -> None:
        rows = self.upcoming_table.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        if 0 <= index < len(self._upcoming):
            slot = self._upcoming[index]
            if slot.state in ("paid", "cancelled") and slot.merchant_uid:
                self.transaction_selected.emit(slot.merchant_uid)
