"""키인 결제: the phone-order key-in form, driven by keyboard, and the life of one charge.

The cashier types amount, order and buyer, then the card details the customer reads out; Enter moves to
the next field and, on 승인, starts the charge. Validation is domain.forms (errors shown at the field,
translated in the "FieldError" context). Then: duplicate check (journal, db worker) → a confirm when the
same card and amount was charged recently → the read-back confirmation (masked card, company, amount,
할부, buyer) → the charge (network worker). 승인 is disabled from the first press until a final or
"확인 중" result, so ten quick presses send one request.

A result that is final (approved, declined, not charged, mismatch) clears the card fields; so does 60 s
without typing (``KeyInOptions.idle_clear_ms``), counted from the last key even while UNKNOWN; if it runs
out while a call is out, the fields are wiped as soon as that call returns without a final result.

An UNKNOWN result keeps 승인 disabled and is watched by keyin_unknown.UnknownSaleWatcher (re-checks,
the same-merchant_uid resend, letting it go; its docstring tells the rules). The tab keeps the form side
of it: the card typed again for a resend is validated as for 승인, letting the sale go asks the cashier
first, and what the watcher reports is shown here.

"이 카드 저장" registers a billing key with the customer's consent (the consent sentence is read to them
in the confirmation and stored with the key by services.register_and_charge), then charges the key.

Card data lives in the sealed widgets and, during a call, in the KeyedCharge captured by the worker
closure; nothing here logs, stores or copies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors
from pos_app.domain.forms import BillingCharge, KeyedCharge, validate_card_registration, validate_keyed_charge
from pos_app.domain.ksnet import QUOTA_MIN_AMOUNT
from pos_app.domain.money import vat_of
from pos_app.domain.outcomes import Outcome
from pos_app.ui.keyin.form import KeyInForm
from pos_app.ui.keyin.unknown_watcher import RowOutcome, UnknownSaleWatcher
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.formatting import describe_error, quota_text, won

_NAVIGATION_BLOCKING_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
UNKNOWN_RECHECK_DELAYS_MS = (5_000, 10_000, 20_000, 30_000, 60_000)


@dataclass(frozen=True)
class KeyInOptions:
    default_tax_free_mode: str = "taxable"  # "taxable" | "tax_free"
    default_product_type: str = "real"
    idle_clear_ms: int = 60_000
    unknown_recheck_delays_ms: tuple[int, ...] = UNKNOWN_RECHECK_DELAYS_MS


# Read to the customer in the confirmation and stored with the billing key (in the UI language in use).
CONSENT_TEXT = QT_TRANSLATE_NOOP(
    "KeyInTab",
    "고객은 카드 정보를 PortOne(KSNET)에 저장하고 다음 주문부터 이 카드로 결제하는 데 동의했습니다.",
)


def consent_text() -> str:
    return QCoreApplication.translate("KeyInTab", CONSENT_TEXT)


class KeyInTab(KeyInForm):
    sale_approved = Signal(str)  # merchant_uid of an approved sale (the window opens its receipt)
    charge_finished = Signal(object)  # the SaleOutcome of every charge that returned
    charge_failed = Signal(str)  # a refusal before or instead of a charge (text shown to the cashier)
    journal_changed = Signal()
    busy_changed = Signal(bool)
    card_fields_cleared = Signal(str)  # "result" | "idle" | "manual"

    def __init__(
        self, services: Any, runner: Any, options: KeyInOptions | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.options = options or KeyInOptions()
        self.today = date.today  # replaced by tests that need a fixed day
        self._state = "idle"  # idle | checking | charging | unknown | resending
        self._reconciling = False
        self._offline_reason: str | None = None
        self._idle_wipe_due = False  # the idle time ran out while a call was out
        self._tax_free_touched = False

        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._on_idle_timeout)
        self._unknown = UnknownSaleWatcher(
            runner, lambda: self.services, lambda: self.options.unknown_recheck_delays_ms, self
        )
        self._unknown.lookup_changed.connect(self._update_enabled)
        self._unknown.unknown_checked.connect(self._on_unknown_checked)
        self._unknown.resend_finished.connect(self._on_charge_done)  # still UNKNOWN → rechecks resume
        self._unknown.resend_failed.connect(self._on_resend_failed)

        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.amount_edit.digits_changed.connect(self._on_amount_changed)
        self.tax_free_edit.textEdited.connect(self._on_tax_free_edited)
        self.result_box.cancel_requested.connect(self._on_cancel_requested)
        self.result_box.check_now_requested.connect(lambda _uid: self._unknown.check_now())
        self.result_box.release_requested.connect(self._on_release_requested)
        self.result_box.resend_requested.connect(self._on_resend_requested)
        for widget in self.input_widgets():
            widget.installEventFilter(self)
        self.approve_button.installEventFilter(self)
        for edit in self.typing_edits():
            edit.textEdited.connect(self._on_user_typed)
        self.apply_defaults()
        self._update_enabled()

    # -- options and outside state ----------------------------------------------------------------------
    def set_options(self, options: KeyInOptions) -> None:
        self.options = options
        if self._state == "idle" and not self.amount_edit.digits():
            self.apply_defaults()

    def apply_defaults(self) -> None:
        self.set_product_type(self.options.default_product_type)
        self._tax_free_touched = False
        self._sync_tax_free()

    def set_reconciling(self, reconciling: bool) -> None:
        self._reconciling = reconciling
        self._update_enabled()

    def set_offline_reason(self, reason: str | None) -> None:
        self._offline_reason = reason
        self._update_enabled()

    def is_busy(self) -> bool:
        return self._state in ("checking", "charging", "resending")

    def shutdown(self) -> None:
        """The window is closing: stop timers and wipe the card fields."""
        self._idle_timer.stop()
        self._unknown.stop()
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
        busy = self.is_busy()
        self.busy_bar.setVisible(busy or self._state == "unknown")
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

    # -- amount / tax-free / 할부 -------------------------------------------------------------------------
    def _on_amount_changed(self, _digits: str) -> None:
        self._sync_tax_free()
        self._sync_quota()

    def _on_tax_free_edited(self, _text: str) -> None:
        self._tax_free_touched = True
        self._update_vat_label()

    def _sync_tax_free(self) -> None:
        if not self._tax_free_touched:
            tax_free = self.amount_edit.value() if self.options.default_tax_free_mode == "tax_free" else 0
            self.tax_free_edit.set_value(tax_free)
        self._update_vat_label()

    def _update_vat_label(self) -> None:
        amount, tax_free = self.amount_edit.value(), self.tax_free_edit.value()
        if amount and 0 <= tax_free <= amount:
            self.vat_label.setText(self.tr("부가세 {vat}").format(vat=won(vat_of(amount, tax_free))))
        else:
            self.vat_label.setText("")

    def _sync_quota(self) -> None:
        allowed = self.amount_edit.value() >= QUOTA_MIN_AMOUNT
        if not allowed:
            self.quota_combo.setCurrentIndex(0)
        self.quota_combo.setEnabled(allowed)

    # -- keyboard ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & _NAVIGATION_BLOCKING_MODIFIERS
        ):
            if watched is self.approve_button:
                if self.approve_button.isEnabled():
                    self.approve_button.click()
                return True
            if isinstance(watched, QWidget):
                self.focus_next_after(watched)
                return True
        return super().eventFilter(watched, event)

    # -- idle clearing ----------------------------------------------------------------------------------
    def _on_user_typed(self, _text: str = "") -> None:
        self._idle_wipe_due = False
        if self.options.idle_clear_ms > 0:
            self._idle_timer.start(self.options.idle_clear_ms)

    def _on_idle_timeout(self) -> None:
        if self.is_busy():
            # the call holds its own copy; a final result clears the fields, anything else on return
            self._idle_wipe_due = True
            return
        self._wipe_for_idle()

    def _wipe_for_idle(self) -> None:
        self._idle_wipe_due = False
        if not self.has_card_data():
            return
        self.wipe_card_fields()
        note = self.tr("입력이 없어 카드 정보를 지웠습니다.")
        if self._state == "unknown":
            self.result_box.set_notice(note)  # the "확인 중" text stays readable
        else:
            self.result_box.show_note(note)
        self.card_fields_cleared.emit("idle")

    def _on_clear_clicked(self) -> None:
        self.wipe_card_fields()
        self.clear_errors()
        self.card_fields_cleared.emit("manual")

    # -- the charge -------------------------------------------------------------------------------------
    def _on_approve_clicked(self) -> None:
        if self._state != "idle" or not self.approve_button.isEnabled():
            return
        self.clear_errors()
        form = self.collect_form()
        errors: list[FieldError] = list(self.corporate_switch_errors())
        order: KeyedCharge | None = None
        try:
            order = validate_keyed_charge(form, self.today())
        except FormErrors as refused:
            errors.extend(refused.errors)
        if self.save_card_check.isChecked():
            try:
                validate_card_registration(form, self.today())
            except FormErrors as refused:
                errors.extend(refused.errors)
        if errors or order is None:
            self.show_field_errors(errors)
            return
        self._set_state("checking")  # from here on a second press does nothing
        self.result_box.show_busy(self.tr("최근 같은 결제가 있는지 확인 중…"))
        self.runner.run(
            lambda: self.services.check_duplicate(order),
            lambda rows: self._on_duplicates_checked(order, rows),
            self._on_call_failed,
            kind="db",
        )

    def _on_duplicates_checked(self, order: KeyedCharge, rows: list[Any]) -> None:
        if rows:
            latest = rows[0]
            ok = dialogs.confirm(
                self,
                self.tr("중복 결제 주의"),
                self.tr("같은 카드와 같은 금액의 결제가 최근에 있었습니다. 그래도 다시 결제할까요?"),
                details=self.tr("이전 결제: {uid} · {outcome} · 승인번호 {apply}").format(
                    uid=latest.merchant_uid, outcome=latest.outcome, apply=latest.apply_num or "-"
                ),
                yes_text=self.tr("그래도 결제"),
                no_text=self.tr("결제하지 않음"),
            )
            if not ok:
                self._back_to_idle(self.tr("결제하지 않았습니다."))
                return
        if not dialogs.confirm(
            self,
            self.tr("결제 내용 확인"),
            self.tr("고객에게 아래 내용을 읽어 드리고 확인을 받으세요."),
            details=self._read_back_text(order),
            yes_text=self.tr("승인 요청"),
            no_text=self.tr("돌아가기"),
            default_yes=True,
        ):
            self._back_to_idle(self.tr("결제하지 않았습니다."))
            return
        self._start_charge(order)

    def _read_back_text(self, order: KeyedCharge) -> str:
        company = self.card_number_edit.company() or self.tr("카드사 미확인")
        lines = [
            self.tr("카드: {company} {masked}").format(company=company, masked=order.card.number.masked),
            self.tr("금액: {amount}").format(amount=won(order.amount)),
        ]
        if order.tax_free:
            lines.append(self.tr("면세 금액: {amount}").format(amount=won(order.tax_free)))
        lines.append(self.tr("할부: {quota}").format(quota=quota_text(order.card_quota)))
        lines.append(self.tr("구매자: {name}").format(name=order.buyer.name))
        lines.append(self.tr("주문명: {name}").format(name=order.order_name))
        if self.save_card_check.isChecked():
            lines.append("")
            lines.append(self.tr("카드 저장 동의: {text}").format(text=consent_text()))
        return "\n".join(lines)

    def _start_charge(self, order: KeyedCharge) -> None:
        self._set_state("charging")
        self.result_box.show_busy(self.tr("카드사에 승인 요청 중… 창을 닫지 마세요."))
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
            self.runner.run(
                lambda: self.services.register_and_charge(card, buyer, consent, charge),
                self._on_registration_done,
                self._on_call_failed,
            )
            return
        self.runner.run(
            lambda: self.services.charge_keyed_card(order), self._on_charge_done, self._on_call_failed
        )

    def _on_registration_done(self, result: tuple[Any, Any]) -> None:
        registration, sale = result
        if sale is None:
            self.journal_changed.emit()
            self.wipe_card_fields()
            self.card_fields_cleared.emit("result")
            text = self.tr("카드를 저장하지 못해 결제하지 않았습니다.")
            if registration.message:
                text += "\n" + registration.message
            self.result_box.show_outcome(Outcome.NOT_CHARGED, registration.customer_uid, None, text)
            self._set_state("idle")
            self.charge_failed.emit(text)
            return
        self.save_card_check.setChecked(False)
        self._on_charge_done(sale)

    def _on_charge_done(self, outcome: Any) -> None:
        self.journal_changed.emit()
        self.result_box.show_outcome(outcome.outcome, outcome.merchant_uid, outcome.sale, outcome.message)
        if getattr(outcome, "journal_error", None):
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

    def _finish_final(self, outcome: Any) -> None:
        self.wipe_card_fields()
        self.card_fields_cleared.emit("result")
        self._unknown.stop_watching()
        self._set_state("idle")
        if outcome.outcome is Outcome.APPROVED:
            self.reset_order_fields()
            self.apply_defaults()
            self.sale_approved.emit(outcome.merchant_uid)
            self.amount_edit.setFocus()
        else:
            self.card_number_edit.setFocus()  # declined: the order stays, another card comes next

    def _back_to_idle(self, note: str) -> None:
        self._set_state("idle")
        self.result_box.show_nothing()
        self.result_box.show_note(note)

    def _on_call_failed(self, exc: BaseException) -> None:
        text = describe_error(exc)
        was = self._state
        self._set_state("unknown" if was == "unknown" else "idle")
        if text is None:
            self.result_box.show_nothing()
            raise exc  # a bug: the crash hook reports it
        field = getattr(exc, "field", None)
        if field and self.has_field(field):
            self.show_error_texts(((field, text),))
        self.result_box.show_nothing()
        self.result_box.show_note(text)
        self.charge_failed.emit(text)
        dialogs.show_error(self, text)

    # -- UNKNOWN (the watched sale's state is in UnknownSaleWatcher) -----------------------------------
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
                "이 결제({uid})는 아직 결과를 모릅니다. 새 결제를 하기 전에 거래내역에서 결과를 꼭 확인하세요. 기다리지 않고 넘어갈까요?",  # noqa: E501
            ).format(uid=uid),
        ):
            return
        self._unknown.stop_watching()
        self.wipe_card_fields()
        self.card_fields_cleared.emit("manual")
        self._set_state("idle")
        self.result_box.show_note(self.tr("결과 확인은 거래내역과 다음 시작 때 계속됩니다."))

    # -- MISMATCH ---------------------------------------------------------------------------------------
    def _on_cancel_requested(self, uid: str) -> None:
        if not dialogs.confirm(
            self,
            self.tr("결제 취소"),
            self.tr("금액이 다르게 승인된 결제({uid})를 전액 취소할까요?").format(uid=uid),
            yes_text=self.tr("전액 취소"),
            no_text=self.tr("취소하지 않음"),
        ):
            return
        reason = self.tr("승인 금액 불일치")
        self.result_box.cancel_button.setEnabled(False)
        self.runner.run(
            lambda: self.services.cancel(uid, None, reason),
            self._on_mismatch_cancelled,
            self._on_mismatch_cancel_failed,
        )

    def _on_mismatch_cancelled(self, result: Any) -> None:
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
                self.tr("취소하지 못했습니다: {message}").format(message=result.message or result.outcome),
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
