"""The 정기결제 section of 단골 고객: the selected customer's plans and each plan's payments.

Above: the customer's plans (what, how much, when, state), with 새 정기결제… (``PlanDialog``), 일시중지 /
다시 시작 and 해지… for the selected one. Below: the selected plan's payments, next first — the day and
time each runs (PortOne's schedule), the amount, its state (예약됨, 결제됨, 실패 …) and PortOne's reason
for a failure — with 지금 다시 결제 and 다시 예약… for a failed one, 날짜 바꾸기… and 예약 취소 for one
still scheduled (``PaymentActions``). A payment that was paid opens its slip (``transaction_selected``).

The lists are read from the journal (the runner's journal lane) when a customer is selected and after
every action; what PortOne did meanwhile reaches them through polling (``RecurringTab``), whose passes
call ``reload``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
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
from pos_app.ui.recurring.plan_dialog import PlanDialog
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices, CustomerRow
    from pos_app.services.recurring import PlanOutcome, PlanView, SlotRow
    from pos_app.workers import BackgroundRunner


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CustomerPlansSection(QWidget):
    transaction_selected = Signal(str)  # merchant_uid of a paid payment: its slip
    plans_loaded = Signal(int)
    action_finished = Signal(str)

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerPlans")
        self._services = services
        self._runner = runner
        self._today = today
        self._customer: CustomerRow | None = None
        self._plans: list[PlanView] = []
        self._loaded_for: str | None = None  # the customer whose plans are in the lists
        self._serial = 0
        self._offline = False
        self.default_product_type = "real"
        self.plan_dialog: PlanDialog | None = None
        self.payment_actions = PaymentActions(services, runner, self, today)

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.plan_table = _table(4)
        self.plan_table.setObjectName("planTable")
        self.plan_table.setMaximumHeight(110)
        self.payment_table = _table(5)
        self.payment_table.setObjectName("planPayments")
        # room for four payments at least: a failed one and the next three scheduled
        rows = self.payment_table.verticalHeader().defaultSectionSize()
        header = self.payment_table.horizontalHeader().sizeHint().height()
        self.payment_table.setMinimumHeight(header + 4 * rows + 4)
        self.status_label = QLabel()
        self.status_label.setObjectName("planStatus")
        self.status_label.setWordWrap(True)
        self.new_button = QPushButton()
        self.new_button.setObjectName("planNew")
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("planPause")
        self.end_button = QPushButton()
        self.end_button.setObjectName("planEnd")
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("paymentRetry")
        self.reschedule_button = QPushButton()
        self.reschedule_button.setObjectName("paymentReschedule")
        self.revoke_button = QPushButton()
        self.revoke_button.setObjectName("paymentRevoke")

        plan_row = QHBoxLayout()
        plan_row.addWidget(self.title)
        plan_row.addStretch(1)
        for button in (self.new_button, self.pause_button, self.end_button):
            plan_row.addWidget(button)
        payment_row = QHBoxLayout()
        payment_row.addWidget(self.status_label, 1)
        for button in (self.retry_button, self.reschedule_button, self.revoke_button):
            payment_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(plan_row)
        layout.addWidget(self.plan_table)
        layout.addWidget(self.payment_table, 1)
        layout.addLayout(payment_row)

        self.new_button.clicked.connect(self._on_new_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.end_button.clicked.connect(self._on_end_clicked)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.reschedule_button.clicked.connect(self._on_reschedule_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.plan_table.itemSelectionChanged.connect(self._show_payments)
        self.payment_table.itemSelectionChanged.connect(self._update_buttons)
        self.payment_table.itemDoubleClicked.connect(lambda _item: self._open_slip())
        self.payment_actions.said.connect(self.status_label.setText)
        self.payment_actions.busy_changed.connect(lambda _busy: self._update_buttons())
        self.payment_actions.finished.connect(self._on_action_finished)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.title.setText(self.tr("정기결제"))
        self.plan_table.setHorizontalHeaderLabels(
            [self.tr("주문"), self.tr("금액"), self.tr("언제"), self.tr("상태")]
        )
        self.payment_table.setHorizontalHeaderLabels(
            [
                self.tr("회차"),
                self.tr("결제 시각"),
                self.tr("금액"),
                self.tr("상태"),
                self.tr("PortOne 답 / 비고"),
            ]
        )
        self.new_button.setText(self.tr("새 정기결제…"))
        self.end_button.setText(self.tr("해지…"))
        self.retry_button.setText(self.tr("지금 다시 결제"))
        self.revoke_button.setText(self.tr("예약 취소"))
        self._update_buttons()
        self._fill_plans()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----------------------------------------------------------------------------------- loading
    def show_customer(self, customer: CustomerRow | None) -> None:
        if customer is None or self._customer is None or customer.customer_uid != self._customer.customer_uid:
            self.status_label.setText("")
        self._customer = customer
        self.reload()

    def reload(self) -> None:
        if not self._runner.is_accepting():
            return  # the window is closing
        self._serial += 1
        serial = self._serial
        customer = self._customer
        if customer is None:
            self._on_loaded(serial, None, [])
            return
        services, uid = self._services, customer.customer_uid
        self._runner.run(
            lambda: services.recurring.plans_of_customer(uid),
            lambda plans: self._on_loaded(serial, uid, plans),
            lambda exc: dialogs.report_failure(self, exc),
            kind="db",
        )

    def _on_loaded(self, serial: int, customer_uid: str | None, plans: list[PlanView]) -> None:
        if serial != self._serial:
            return
        self._loaded_for = customer_uid
        selected = self.selected_plan()
        keep = selected.plan.plan_id if selected is not None else None
        self._plans = plans
        self._fill_plans()
        row = next((i for i, p in enumerate(plans) if p.plan.plan_id == keep), 0 if plans else -1)
        if row >= 0:
            self.plan_table.selectRow(row)
        self._show_payments()
        self.plans_loaded.emit(len(plans))

    def _fill_plans(self) -> None:
        self.plan_table.clearSpans()
        if not self._plans and self._loaded_for is not None:
            # say so, instead of two blank tables: this customer has no plan, and where one is made
            self.plan_table.setRowCount(1)
            self.plan_table.setSpan(0, 0, 1, self.plan_table.columnCount())
            text = self.tr("정기결제가 없습니다. [새 정기결제…]로 이 카드에 만들 수 있습니다.")
            empty = QTableWidgetItem(text)
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.plan_table.setItem(0, 0, empty)
            return
        self.plan_table.setRowCount(len(self._plans))
        for row, view in enumerate(self._plans):
            plan = view.plan
            cells = (
                plan.order_name,
                fmt.won(plan.amount),
                words.rule_text(view.recurrence),
                words.plan_state_text(plan),
            )
            for column, text in enumerate(cells):
                self.plan_table.setItem(row, column, QTableWidgetItem(text))

    def live_payments_of(self, customer_uid: str) -> int | None:
        """How many payments PortOne will still charge on this customer's card, as last read; None when
        this customer's plans have not been read yet."""
        if self._loaded_for != customer_uid:
            return None
        return sum(1 for view in self._plans for p in view.payments if p.is_live)

    def selected_plan(self) -> PlanView | None:
        rows = self.plan_table.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self._plans[index] if 0 <= index < len(self._plans) else None

    def payments(self) -> list[SlotRow]:
        view = self.selected_plan()
        if view is None:
            return []
        # what waits for the owner (a failed run) first, then the next ones, then what has run, newest first
        failed = sorted((p for p in view.payments if p.state == "failed"), key=lambda p: p.schedule_at)
        ahead = sorted((p for p in view.payments if p.is_live), key=lambda p: p.schedule_at)
        done = sorted(
            (p for p in view.payments if not p.is_live and p.state != "failed"),
            key=lambda p: p.schedule_at,
            reverse=True,
        )
        return failed + ahead + done

    def selected_payment(self) -> SlotRow | None:
        rows = self.payment_table.selectionModel().selectedRows()
        payments = self.payments()
        index = rows[0].row() if rows else -1
        return payments[index] if 0 <= index < len(payments) else None

    def _show_payments(self) -> None:
        payments = self.payments()
        self.payment_table.setRowCount(len(payments))
        for row, slot in enumerate(payments):
            cells = (
                self.tr("{n}회").format(n=slot.seq + 1),
                words.when_text(slot.schedule_at),
                fmt.won(slot.amount),
                words.slot_state_text(slot),
                words.slot_note(slot),
            )
            colour = words.SLOT_COLOURS.get(slot.state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if colour and column == 3:
                    item.setForeground(QColor(colour))
                if column == 4 and text:
                    item.setToolTip(text)
                self.payment_table.setItem(row, column, item)
        self._update_buttons()

    # ----------------------------------------------------------------------------------- buttons
    def set_offline(self, offline: bool) -> None:
        self._offline = offline
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.payment_actions.busy or self._offline
        view = self.selected_plan()
        slot = self.selected_payment()
        self.new_button.setEnabled(self._customer is not None and self._customer.active and not busy)
        live_plan = view is not None and view.plan.state != "ended"
        self.pause_button.setText(
            self.tr("다시 시작") if view is not None and view.plan.state == "paused" else self.tr("일시중지")
        )
        self.pause_button.setEnabled(live_plan and not busy)
        self.end_button.setEnabled(live_plan and not busy)
        free = slot is not None and slot.open_op is None and not busy
        self.retry_button.setEnabled(free and slot is not None and slot.state == "failed")
        self.reschedule_button.setText(
            self.tr("날짜 바꾸기…")
            if slot is not None and slot.state == "scheduled"
            else self.tr("다시 예약…")
        )
        self.reschedule_button.setEnabled(
            free and slot is not None and slot.state in ("failed", "revoked", "scheduled")
        )
        self.revoke_button.setEnabled(free and slot is not None and slot.state == "scheduled")

    def is_busy(self) -> bool:
        return self.payment_actions.busy

    def _on_new_clicked(self) -> None:
        customer = self._customer
        if customer is None or self.payment_actions.busy:
            return
        dialog = PlanDialog(
            customer,
            self._today(),
            self,
            default_product_type=self.default_product_type,
            now=self._services.recurring.now,
        )
        self.plan_dialog = dialog
        dialog.accepted.connect(lambda: self._start_plan(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_plan(self, dialog: PlanDialog) -> None:
        terms = dialog.terms
        if terms is None:
            return
        services = self._services
        self.status_label.setText(self.tr("정기결제를 만들고 PortOne에 예약하는 중…"))
        self.payment_actions.run(
            lambda: services.recurring.create_plan(terms), self._on_plan_made, terms.customer_uid
        )

    def _on_plan_made(self, result: object) -> None:
        made: PlanOutcome = result  # type: ignore[assignment]
        done = [p for p in made.payments if p.done]
        text = self.tr("정기결제를 만들었습니다. PortOne에 {count}회분을 예약했습니다.").format(
            count=len(done)
        )
        if made.unresolved:
            text += " " + self.tr("{count}건은 예약 결과를 확인 중입니다.").format(count=len(made.unresolved))
        if made.refused:
            reason = fmt.cashier_message(made.refused[0].message)
            text += " " + self.tr("{count}건은 예약되지 않았습니다: {reason}").format(
                count=len(made.refused), reason=reason
            )
        self.status_label.setText(text)

    def _on_pause_clicked(self) -> None:
        view = self.selected_plan()
        if view is None:
            return
        if view.plan.state == "paused":
            self.payment_actions.resume(view.plan.plan_id)
        else:
            self.payment_actions.pause(view.plan.plan_id, view.plan.label)

    def _on_end_clicked(self) -> None:
        view = self.selected_plan()
        if view is not None:
            self.payment_actions.end(view.plan.plan_id, view.plan.label)

    def _on_retry_clicked(self) -> None:
        slot = self.selected_payment()
        if slot is not None:
            self.payment_actions.retry(slot)

    def _on_reschedule_clicked(self) -> None:
        slot = self.selected_payment()
        if slot is not None:
            self.payment_actions.reschedule(slot)

    def _on_revoke_clicked(self) -> None:
        slot = self.selected_payment()
        if slot is not None:
            self.payment_actions.revoke(slot)

    def _on_action_finished(self, subject: str) -> None:
        self.action_finished.emit(subject)
        self.reload()

    def _open_slip(self) -> None:
        slot = self.selected_payment()
        if slot is not None and slot.state in ("paid", "cancelled") and slot.merchant_uid:
            self.transaction_selected.emit(slot.merchant_uid)
