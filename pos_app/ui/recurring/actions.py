"""What the owner does with a plan's payment or a plan, the same from the 정기결제 tab and from 단골 고객:
지금 다시 결제, 다시 예약 / 날짜 바꾸기, 일시중지, 다시 시작, 해지.

Each asks first (a read-back for the retry, which takes money at once), then runs its service call on the
cashier's lane (every one of them changes something at PortOne and is written ahead), and says what
came of it in one line (``said``): the host shows it in its status line. A refusal or a failure is shown
as the counter shows every refusal (``dialogs.report_failure``). While a call is out ``busy`` is True and
the host disables its buttons, so one press sends one request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pos_app.domain.outcomes import Outcome
from pos_app.ui.recurring import words
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices
    from pos_app.services.recurring import PlanOutcome, SlotOutcome, SlotRow
    from pos_app.workers import BackgroundRunner


class DayDialog(QDialog):
    """Pick the day a payment runs on (at its plan's time of day)."""

    def __init__(
        self, title: str, text: str, first: date, chosen: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dayDialog")
        self.setWindowTitle(title)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("dayCalendar")
        self.calendar.setMinimumDate(QDate(first.year, first.month, first.day))
        self.calendar.setSelectedDate(QDate(chosen.year, chosen.month, chosen.day))
        label = QLabel(text)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("이 날로 예약"))
        ok.setObjectName("dayOk")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("돌아가기"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def day(self) -> date:
        chosen = self.calendar.selectedDate()
        return date(chosen.year(), chosen.month(), chosen.day())


class PaymentActions(QObject):
    said = Signal(str)  # one line about what came of the last action
    finished = Signal(str)  # the slot_id or plan_id acted on (the host reloads)
    busy_changed = Signal(bool)

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, host: QWidget, today: Callable[[], date]
    ) -> None:
        super().__init__(host)
        self._services = services
        self._runner = runner
        self._host = host
        self._today = today
        self._busy = False
        self.day_dialog: DayDialog | None = None  # the open one (tests answer it)

    @property
    def busy(self) -> bool:
        return self._busy

    def run(self, call: Callable[[], object], done: Callable[[object], None], subject: str) -> None:
        self._set_busy(True)

        def on_done(result: object) -> None:
            self._set_busy(False)
            done(result)
            self.finished.emit(subject)

        def on_error(exc: BaseException) -> None:
            self._set_busy(False)
            self.finished.emit(subject)
            dialogs.report_failure(self._host, exc)

        self._runner.run(call, on_done, on_error, kind="cashier")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    # ---------------------------------------------------------------------------- one payment
    def retry(self, slot: SlotRow) -> None:
        """지금 다시 결제: a read-back, then the charge (money moves at once)."""
        if self._busy:
            return
        question = self.tr(
            "{label} 고객의 {day} 정기결제 {amount}을(를) 지금 다시 결제합니다.\n지난번 실패 사유: {reason}\n"
            "고객에게 확인을 받으셨나요?"
        ).format(
            label=slot.label,
            day=slot.due_date,
            amount=fmt.won(slot.amount),
            reason=words.slot_note(slot) or "-",
        )
        if not dialogs.confirm(
            self._host,
            self.tr("지금 다시 결제"),
            question,
            yes_text=self.tr("결제 요청"),
            no_text=self.tr("돌아가기"),
            default_yes=True,
        ):
            return
        services, slot_id = self._services, slot.slot_id
        self.said.emit(self.tr("{label} · {amount} 다시 결제 중… 창을 닫지 마세요.").format(
            label=slot.label, amount=fmt.won(slot.amount)
        ))  # fmt: skip
        self.run(lambda: services.recurring.retry_payment(slot_id), self._on_retried, slot_id)

    def _on_retried(self, result: object) -> None:
        outcome: SlotOutcome = result  # type: ignore[assignment]
        slot = outcome.slot
        label = slot.label if slot is not None else ""
        if outcome.outcome is Outcome.APPROVED and outcome.sale is not None:
            self.said.emit(
                self.tr("{label} · {amount} 승인 · 승인번호 {apply_num}").format(
                    label=label,
                    amount=fmt.won(outcome.sale.paid_amount),
                    apply_num=outcome.sale.apply_num or "-",
                )
            )
        elif not outcome.outcome.is_final:
            self.said.emit(
                self.tr(
                    "{label} 다시 결제의 결과를 아직 모릅니다. 결제되었을 수 있으니 다시 결제하지 마세요. "
                    "프로그램이 PortOne에 계속 확인합니다."
                ).format(label=label)
            )
        else:
            reason = fmt.cashier_message(outcome.message) or fmt.outcome_text(outcome.outcome)
            self.said.emit(self.tr("{label} · 결제 안 됨: {reason}").format(label=label, reason=reason))
            dialogs.show_error(self._host, reason)

    def reschedule(self, slot: SlotRow) -> None:
        """다시 예약 (a failed or revoked payment) or 날짜 바꾸기 (a scheduled one): pick the day."""
        if self._busy:
            return
        today = self._today()
        current = datetime.fromtimestamp(slot.schedule_at).date()
        title = self.tr("날짜 바꾸기") if slot.state == "scheduled" else self.tr("다시 예약")
        text = self.tr("{label} · {amount} ({day} 회차)을(를) 결제할 날을 고르세요.").format(
            label=slot.label, amount=fmt.won(slot.amount), day=slot.due_date
        )
        dialog = DayDialog(title, text, today, max(current, today), self._host)
        self.day_dialog = dialog
        services, slot_id = self._services, slot.slot_id

        def chosen() -> None:
            day = dialog.day()
            self.run(lambda: services.recurring.change_payment_date(slot_id, day), self._on_moved, slot_id)

        def closed(_result: int) -> None:
            self.day_dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(chosen)
        dialog.finished.connect(closed)
        dialog.open()

    def _on_moved(self, result: object) -> None:
        outcome: SlotOutcome = result  # type: ignore[assignment]
        slot = outcome.slot
        if outcome.done and slot is not None:
            self.said.emit(
                self.tr("{label} · {amount} {when}에 결제하도록 예약했습니다.").format(
                    label=slot.label, amount=fmt.won(slot.amount), when=words.when_text(slot.schedule_at)
                )
            )
        else:
            self._say_not_done(outcome)

    def revoke(self, slot: SlotRow) -> None:
        if self._busy:
            return
        question = self.tr(
            "{label} · {amount} ({day}) 예약을 취소할까요? 이 회차는 결제되지 않습니다."
        ).format(label=slot.label, amount=fmt.won(slot.amount), day=slot.due_date)
        if not dialogs.confirm(self._host, self.tr("예약 취소"), question):
            return
        services, slot_id = self._services, slot.slot_id
        self.run(lambda: services.recurring.revoke_payment(slot_id), self._on_revoked, slot_id)

    def _on_revoked(self, result: object) -> None:
        outcome: SlotOutcome = result  # type: ignore[assignment]
        if outcome.done:
            self.said.emit(self.tr("예약을 취소했습니다."))
        else:
            self._say_not_done(outcome)

    def _say_not_done(self, outcome: SlotOutcome) -> None:
        if not outcome.outcome.is_final:
            self.said.emit(
                self.tr("PortOne의 답을 아직 모릅니다. 프로그램이 계속 확인하고, 결과를 알려 드립니다.")
            )
            return
        reason = fmt.cashier_message(outcome.message) or fmt.outcome_text(outcome.outcome)
        self.said.emit(self.tr("되지 않았습니다: {reason}").format(reason=reason))
        dialogs.show_error(self._host, reason)

    # ----------------------------------------------------------------------------------- plans
    def pause(self, plan_id: str, label: str) -> None:
        if self._busy:
            return
        question = self.tr(
            "{label} 정기결제를 일시중지할까요?\n예약된 결제를 PortOne에서 취소하고, "
            "다시 시작할 때까지 결제하지 않습니다."
        ).format(label=label)
        if not dialogs.confirm(self._host, self.tr("정기결제 일시중지"), question):
            return
        services = self._services
        reason = self.tr("계산대에서 일시중지")
        self.run(lambda: services.recurring.pause_plan(plan_id, reason), self._on_plan_done, plan_id)

    def resume(self, plan_id: str) -> None:
        if self._busy:
            return
        services = self._services
        self.run(lambda: services.recurring.resume_plan(plan_id), self._on_plan_done, plan_id)

    def end(self, plan_id: str, label: str) -> None:
        if self._busy:
            return
        question = self.tr(
            "{label} 정기결제를 해지할까요?\n예약된 결제를 모두 PortOne에서 취소합니다. 되돌릴 수 없습니다."
        ).format(label=label)
        if not dialogs.confirm(self._host, self.tr("정기결제 해지"), question):
            return
        services = self._services
        reason = self.tr("계산대에서 해지")
        self.run(lambda: services.recurring.end_plan(plan_id, reason), self._on_plan_done, plan_id)

    def _on_plan_done(self, result: object) -> None:
        outcome: PlanOutcome = result  # type: ignore[assignment]
        plan = outcome.plan
        if outcome.unresolved:
            self.said.emit(
                self.tr("예약 {count}건의 결과를 아직 모릅니다. 프로그램이 계속 확인합니다.").format(
                    count=len(outcome.unresolved)
                )
            )
        elif outcome.refused:
            reason = fmt.cashier_message(outcome.refused[0].message)
            self.said.emit(self.tr("예약 {count}건이 되지 않았습니다: {reason}").format(
                count=len(outcome.refused), reason=reason
            ))  # fmt: skip
        elif plan is not None:
            self.said.emit(
                self.tr("{label}: {state}").format(label=plan.label, state=words.plan_state_text(plan))
            )
