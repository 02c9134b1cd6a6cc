"""키인 결제: the phone-order key-in form, driven by keyboard, and the life of one charge.

The cashier types amount, order and buyer, then the card details the customer reads out; Enter moves to
the next field in the order they stand on screen, and Enter in the last card field (PIN) presses 승인.
Validation is domain.forms plus the counter's amount limit (errors at the field, gone the moment the
field is valid). Then: duplicate check (journal, db worker) → a confirm when the same card and amount was
charged recently → the read-back (masked card, company, amount, 할부, buyer, whether birth/PIN were
entered) → the charge (network worker). 승인 is disabled from the first press until a final or "확인 중"
result, so ten quick presses send one request.

The result box belongs to the order on the form (ChargeResultBox): any edit after a final result, the
idle wipe and a validation error put it back to 입력 중, so a result never stands above an order it does
not answer. While the call is out it counts the seconds, and LostReplyProbe tells it when the reply was
lost and the services are asking PortOne (progress.py). An approval is shown large with "다음 주문"
focused: Enter starts the next order.

A result that is final (approved, declined, not charged, mismatch) clears the card fields; so does 60 s
without typing (``KeyInOptions.idle_clear_ms``), counted from the last key even while UNKNOWN; if it runs
out while a call is out, the fields are wiped as soon as that call returns without a final result.

An UNKNOWN result keeps 승인 disabled and is watched by unknown_watcher.UnknownSaleWatcher (re-checks,
the same-merchant_uid resend, letting it go; its docstring tells the rules). The tab keeps the form side
of it: the card typed again for a resend is validated as for 승인, letting the sale go asks the cashier
first, and what the watcher reports is shown here.

"이 카드 저장" registers a billing key with the customer's consent (the consent sentence is read to them
in the confirmation and stored with the key by services.register_and_charge), then charges the key; the
approval then says "카드 저장됨".

Card data lives in the sealed widgets and, during a call, in the KeyedCharge captured by the worker
closure; nothing here logs, stores or copies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QWidget

from pos_app.domain.errors import FieldError, FormErrors
from pos_app.domain.forms import BillingCharge, KeyedCharge, validate_card_registration, validate_keyed_charge
from pos_app.domain.outcomes import Outcome
from pos_app.domain.people import Action
from pos_app.ui.keyin.order import KeyInOptions, OrderForm
from pos_app.ui.keyin.progress import LostReplyProbe
from pos_app.ui.keyin.texts import consent_text, duplicate_warning, read_back_text
from pos_app.ui.keyin.unknown_watcher import RowOutcome, UnknownSaleWatcher
from pos_app.ui.people.approval import with_approval
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.formatting import describe_error, quota_text, won

if TYPE_CHECKING:
    from pos_app.services.counter import (
        Approval,
        CancelOutcome,
        CounterServices,
        RegistrationOutcome,
        SaleOutcome,
        SaleRow,
    )
    from pos_app.workers import BackgroundRunner

__all__ = ["KeyInOptions", "KeyInTab", "consent_text"]


class KeyInTab(OrderForm):
    sale_approved = Signal(str)  # merchant_uid of an approved sale (the window opens its receipt)
    charge_finished = Signal(object)  # the SaleOutcome of every charge that returned
    charge_failed = Signal(str)  # a refusal before or instead of a charge (text shown to the cashier)
    journal_changed = Signal()
    busy_changed = Signal(bool)

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        options: KeyInOptions | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(options, parent)
        self.services = services
        self.runner = runner
        self._reconciling = False
        self._offline_reason: str | None = None
        self._unknown = UnknownSaleWatcher(
            runner, lambda: self.services, lambda: self.options.unknown_recheck_delays_ms, self
        )
        self._unknown.lookup_changed.connect(self._on_lookup_changed)
        self._unknown.recheck_scheduled.connect(lambda ms: self.result_box.set_next_check(ms / 1000))
        self._unknown.unknown_checked.connect(self._on_unknown_checked)
        self._unknown.resend_finished.connect(self._on_charge_done)  # still UNKNOWN → rechecks resume
        self._unknown.resend_failed.connect(self._on_resend_failed)
        self._probe = LostReplyProbe(runner, lambda: self.services, self)
        self._probe.reply_lost.connect(self.result_box.set_checking_in_call)

        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.result_box.cancel_requested.connect(self._on_cancel_requested)
        self.result_box.check_now_requested.connect(lambda _uid: self._unknown.check_now())
        self.result_box.release_requested.connect(self._on_release_requested)
        self.result_box.resend_requested.connect(self._on_resend_requested)
        self.apply_defaults()
        self.setFocusProxy(self.amount_edit)
        self._update_enabled()

    # -- options and outside state ----------------------------------------------------------------------
    def set_options(self, options: KeyInOptions) -> None:
        self.options = options
        if self._state == "idle" and not self.amount_edit.digits():
            self.apply_defaults()

    def set_reconciling(self, reconciling: bool) -> None:
        self._reconciling = reconciling
        self._update_enabled()

    def set_offline_reason(self, reason: str | None) -> None:
        self._offline_reason = reason
        self._update_enabled()

    def shutdown(self) -> None:
        """The window is closing: stop timers and wipe the card fields."""
        self._idle_timer.stop()
        self._unknown.stop()
        self._probe.stop()
        self.result_box.elapsed.stop()
        self.wipe_card_fields()

    def _update_enabled(self) -> None:
        blocked_text = ""
        if self._offline_reason is not None:
            blocked_text = self.tr("오프라인: 결제할 수 없습니다. {reason}").format(
                reason=QCoreApplication.translate("ServiceError", self._offline_reason)
            )
        elif self._reconciling:
            blocked_text = self.tr("미확정 거래를 확인하는 중입니다. 끝나면 승인할 수 있습니다.")
        elif self._state == "unknown":
            blocked_text = self.tr("이전 결제의 결과를 확인하는 중입니다.")
        elif self._state == "resending":
            blocked_text = self.tr("같은 주문번호로 확인 후 다시 보내는 중… 창을 닫지 마세요.")
        self.blocked_label.setText(blocked_text)
        self.blocked_label.setVisible(bool(blocked_text))
        self.approve_button.setEnabled(not blocked_text and self._state == "idle")
        mode = {"idle": "open", "unknown": "card_only"}.get(self._state, "locked")
        self.set_form_mode("locked" if self._offline_reason is not None else mode)  # offline: no money form
        sending = self._state == "resending"
        self.result_box.set_unknown_call_in_flight(sending or self._unknown.lookup_out(), sending=sending)

    def _set_state(self, state: str) -> None:
        was_busy = self.is_busy()
        self._state = state
        self._update_enabled()
        if was_busy != self.is_busy():
            self.busy_changed.emit(self.is_busy())
        if was_busy and not self.is_busy() and self._idle_wipe_due:
            self._wipe_for_idle()

    # -- the charge -------------------------------------------------------------------------------------
    def _on_approve_clicked(self) -> None:
        if self._state != "idle" or not self.approve_button.isEnabled():
            return
        self.clear_errors()
        order, errors = self._validation_errors()
        if errors or order is None:
            self.show_field_errors(errors)
            count = len({error.field for error in errors})
            self._show_typing(
                self.tr("보내지 않았습니다: 빨간 칸 {count}곳을 확인하세요.").format(count=count),
                warning=True,
            )
            return
        self._set_state("checking")  # from here on a second press does nothing
        self.result_box.show_confirming(self.tr("최근 같은 결제가 있는지 확인하는 중…"))
        services = self.services
        self.runner.run(
            lambda: services.check_duplicate(order),
            lambda rows: self._on_duplicates_checked(order, rows),
            self._on_call_failed,
            kind="db",
        )

    def _on_duplicates_checked(self, order: KeyedCharge, rows: list[SaleRow]) -> None:
        if rows:
            question, details = duplicate_warning(order, rows, self.today())
            if not dialogs.confirm(
                self,
                self.tr("중복 결제 주의"),
                question,
                details=details,
                yes_text=self.tr("그래도 결제"),
                no_text=self.tr("결제하지 않음"),
            ):
                self._back_to_idle(self.tr("결제하지 않았습니다 (중복 결제 확인에서 멈춤)."))
                return
        read_back = read_back_text(
            order,
            company=self.card_number_edit.company(),
            corporate=self.corporate_check.isChecked(),
            save_card=self.save_card_check.isChecked(),
        )
        self.result_box.show_confirming(self.tr("고객에게 읽어 드리는 중입니다. 아직 보내지 않았습니다."))
        if not dialogs.confirm(
            self,
            self.tr("결제 내용 확인"),
            self.tr("고객에게 아래 내용을 읽어 드리고 확인을 받으세요."),
            details=read_back,
            yes_text=self.tr("승인 요청"),
            no_text=self.tr("돌아가기"),
            default_yes=True,
        ):
            self._back_to_idle(self.tr("결제하지 않았습니다 (확인 단계에서 돌아옴)."))
            return
        self._start_charge(order)

    def _start_charge(self, order: KeyedCharge) -> None:
        self._set_state("charging")
        lines = [
            self.tr("금액: {amount} · {quota}").format(
                amount=won(order.amount), quota=quota_text(order.card_quota)
            ),
            self.tr("카드: {masked} · 창을 닫지 마세요.").format(masked=order.card.number.masked),
        ]
        self.result_box.show_sending(lines)
        services = self.services
        if self.save_card_check.isChecked():
            card, buyer = validate_card_registration(self.collect_form(), self.today())
            charge = BillingCharge(
                customer_uid="",  # services put the newly issued customer_uid here
                amount=order.amount,
                tax_free=order.tax_free,
                order_name=order.order_name,
                buyer=buyer,
                card_quota=order.card_quota,
                product_type=order.product_type,
            )
            consent = consent_text()
            self._probe.start(order.amount, None)
            self.runner.run(
                lambda: services.register_and_charge(card, buyer, consent, charge),
                self._on_registration_done,
                self._on_call_failed,
                kind="cashier",
            )
            return
        self._probe.start(order.amount, order.card.number.masked)
        self.runner.run(
            lambda: services.charge_keyed_card(order),
            self._on_charge_done,
            self._on_call_failed,
            kind="cashier",
        )

    def _on_registration_done(self, result: tuple[RegistrationOutcome, SaleOutcome | None]) -> None:
        registration, sale = result
        if sale is None:
            self._probe.stop()
            self.journal_changed.emit()
            self.wipe_card_fields()
            self.card_fields_cleared.emit("result")
            text = self.tr("카드를 저장하지 못해 결제하지 않았습니다.")
            if registration.message:
                text += " " + registration.message
            self.result_box.show_outcome(Outcome.NOT_CHARGED, registration.customer_uid, None, text)
            self._set_state("idle")
            self.charge_failed.emit(text)
            return
        saved_for = registration.customer.customer_name if registration.customer is not None else ""
        self.save_card_check.setChecked(False)
        self._on_charge_done(sale, card_saved=saved_for or sale.merchant_uid)

    def _on_charge_done(self, outcome: SaleOutcome | RowOutcome, *, card_saved: str = "") -> None:
        self._probe.stop()
        self.journal_changed.emit()
        self.result_box.show_outcome(
            outcome.outcome, outcome.merchant_uid, outcome.sale, outcome.message, card_saved=card_saved
        )
        if outcome.journal_error:
            dialogs.show_error(
                self,
                self.tr("결제 결과를 거래 기록에 쓰지 못했습니다. 다음 시작 때 다시 확인합니다."),
                details=outcome.journal_error,
            )
        if outcome.outcome.is_final:
            self._finish_final(outcome)
        else:
            self._unknown.watch(outcome.merchant_uid)
            self._set_state("unknown")
            self._unknown.schedule_recheck()
        self.charge_finished.emit(outcome)

    def _finish_final(self, outcome: SaleOutcome | RowOutcome) -> None:
        self.wipe_card_fields()
        self.card_fields_cleared.emit("result")
        self._unknown.stop_watching()
        self._set_state("idle")
        self._note_shown = False
        if outcome.outcome is Outcome.APPROVED:
            self.reset_order_fields()
            self.apply_defaults()
            # Enter is 다음 주문, also after the window showed the receipt and the cashier came back
            self.setFocusProxy(self.result_box.next_button)
            self.result_box.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self.sale_approved.emit(outcome.merchant_uid)
        else:
            self.card_number_edit.setFocus()  # declined: the order stays, another card comes next

    def _back_to_idle(self, note: str) -> None:
        self._set_state("idle")
        self._show_typing(note)

    def _on_call_failed(self, exc: BaseException) -> None:
        self._probe.stop()
        text = describe_error(exc)
        was = self._state
        self._set_state("unknown" if was == "unknown" else "idle")
        if text is None:
            self._show_typing()
            raise exc  # a bug: the crash hook reports it
        field = getattr(exc, "field", None)
        if field and self.has_field(field):
            self.show_error_texts(((field, text),))
        self._show_typing(self.tr("보내지 않았습니다: {reason}").format(reason=text), warning=True)
        self.charge_failed.emit(text)
        dialogs.show_error(self, text)

    # -- UNKNOWN (the watched sale's state is in UnknownSaleWatcher) -----------------------------------
    def _on_lookup_changed(self) -> None:
        if self._unknown.lookup_out():
            self.result_box.set_next_check(None)
        self._update_enabled()

    def _on_unknown_checked(self, outcome: RowOutcome | None) -> None:
        self.journal_changed.emit()
        if outcome is not None:
            self.result_box.show_outcome(outcome.outcome, outcome.merchant_uid, outcome.sale, outcome.message)
            self._finish_final(outcome)
            self.charge_finished.emit(outcome)

    def _on_resend_requested(self, uid: str) -> None:
        """같은 주문번호로 다시 보내기: services.retry_unknown with the same merchant_uid, never a new one."""
        if self._state != "unknown" or not self._unknown.can_resend(uid):
            return  # a result arrived, the cashier released it, or a lookup of it is still out
        if not self.runner.is_accepting():
            return  # the window is closing
        self.clear_errors()
        self.result_box.set_notice("")
        order: KeyedCharge | None = None
        if self.has_card_data():
            # the card typed again (or still there): validated as for 승인; the services check it
            # against the recorded intent (masked number, amount, tax-free)
            errors: list[FieldError] = list(self.corporate_switch_errors())
            try:
                order = validate_keyed_charge(self.collect_form(), self.today())
            except FormErrors as refused:
                errors.extend(refused.errors)
            if errors or order is None:
                self.show_field_errors(errors)
                return
        # no card: the lookup still runs; only if PortOne has no payment is the card asked for
        self._set_state("resending")
        self._unknown.resend(uid, order)

    def _on_resend_failed(self, uid: str, exc: BaseException) -> None:
        text = describe_error(exc)
        self._set_state("unknown")
        if text is None:
            return  # a bug: the watcher re-raises it for the crash hook
        field = getattr(exc, "field", None)
        self.result_box.set_notice(text)
        if field and self.has_field(field):
            # "needs_card": the card was wiped; ask for it where it is typed, no modal box
            self.show_error_texts(((field, text),))
        else:
            dialogs.show_error(self, text)
        self.charge_failed.emit(text)
        if self._unknown.uid == uid:
            self._unknown.schedule_recheck()

    def _on_release_requested(self, uid: str) -> None:
        if self._state != "unknown" or uid != self._unknown.uid:
            return  # never in the middle of a resend
        if not dialogs.confirm(
            self,
            self.tr("확인 중인 결제"),
            self.tr(
                "이 결제({uid})는 아직 결과를 모릅니다. "
                "새 결제를 하기 전에 거래내역에서 결과를 꼭 확인하세요. 기다리지 않고 넘어갈까요?"
            ).format(uid=uid),
        ):
            return
        self._unknown.stop_watching()
        self.wipe_card_fields()
        self.card_fields_cleared.emit("manual")
        self._set_state("idle")
        self._show_typing(
            self.tr(
                "결과를 모르는 결제({uid})를 두고 새 주문을 받습니다. 거래내역에서 결과를 확인하세요. "
                "프로그램을 다시 시작하면 PortOne에 다시 확인합니다."
            ).format(uid=uid),
            warning=True,
        )

    # -- MISMATCH ---------------------------------------------------------------------------------------
    def _on_cancel_requested(self, uid: str) -> None:
        if not dialogs.confirm(
            self,
            self.tr("결제 취소"),
            self.tr("금액이 다르게 승인된 결제({uid})를 전액 취소할까요?").format(uid=uid),
            yes_text=self.tr("전액 취소"),
            no_text=self.tr("취소하지 않음"),
            default_yes=True,
        ):
            return
        reason = self.tr("승인 금액 불일치")
        services = self.services

        def send(approval: Approval | None) -> None:
            self.result_box.cancel_button.setEnabled(False)
            self.runner.run(
                lambda: services.cancel(uid, None, reason, approval=approval),
                self._on_mismatch_cancelled,
                self._on_mismatch_cancel_failed,
                kind="cashier",
            )

        # a refund like any other: a manager's or owner's approval when the cashier may not refund alone
        summary = self.tr("금액이 다르게 승인된 결제({uid}) 전액 취소").format(uid=uid)
        with_approval(self, services, self.runner, Action.REFUND, uid, summary, send)

    def _on_mismatch_cancelled(self, result: CancelOutcome) -> None:
        self.journal_changed.emit()
        self.result_box.cancel_button.setEnabled(True)
        if result.outcome in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED):
            self.result_box.show_outcome(result.outcome, result.merchant_uid, result.sale, result.message)
            dialogs.show_info(self, self.tr("결제를 취소했습니다."))
        elif result.outcome is Outcome.UNKNOWN:
            # never say "failed" for a refund that may have gone through: reconciliation re-reads it
            text = self.tr("취소 결과를 아직 모릅니다. 다시 취소하지 말고 영수증 화면에서 결과를 확인하세요.")
            dialogs.show_info(self, text)
        else:
            dialogs.show_error(
                self,
                self.tr("취소하지 못했습니다: {message}").format(
                    message=result.message or result.outcome.value
                ),
            )

    def _on_mismatch_cancel_failed(self, exc: BaseException) -> None:
        self.result_box.cancel_button.setEnabled(True)
        dialogs.report_failure(self, exc)

    # -- language ---------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.result_box.retranslate()
            self._update_enabled()
            self._update_vat_label()
        super().changeEvent(event)
