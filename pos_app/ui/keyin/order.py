"""The key-in form's behaviour that is about the order on it, with no call to make: the middle layer of
KeyInTab (tab.py), between the widgets (form.py) and the charge flow.

* the result box goes back to 입력 중 the moment the order changes (any edit of the form while no call
  is out, the idle wipe, a validation error), so a result is never shown above an order it does not
  answer;
* errors at the fields follow the form: after every edit the form is validated again (pure domain code
  plus the counter's amount limit) and a field that is valid now loses its error at once;
* 면세 follows the amount as the settings say until the cashier types it; 할부 is offered from
  50,000원 and a chosen 할부 that had to go back to 일시불 is said beside it;
* Enter moves to the next input in screen order, and in the last card field presses 승인;
* the card fields are wiped after ``idle_clear_ms`` without typing (after the call when one is out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from pos_app.domain.errors import FieldError, FormErrors
from pos_app.domain.forms import KeyedCharge, validate_card_registration, validate_keyed_charge
from pos_app.domain.ksnet import QUOTA_MIN_AMOUNT
from pos_app.domain.money import vat_of
from pos_app.ui.keyin.form import KeyInForm
from pos_app.ui.shell.formatting import won
from pos_app.ui.widgets.charge_result import ResultState
from pos_app.ui.widgets.form_dialog import is_plain_enter
from pos_app.ui.widgets.grouped_edit import counter_limit_error

# how often the tab follows an unknown sale in the settlement engine's list (memory only, no lookup)
UNKNOWN_RECHECK_DELAYS_MS = (2_000,)


@dataclass(frozen=True)
class KeyInOptions:
    default_tax_free_mode: str = "taxable"  # "taxable" | "tax_free"
    default_product_type: str = "real"
    idle_clear_ms: int = 60_000
    unknown_recheck_delays_ms: tuple[int, ...] = UNKNOWN_RECHECK_DELAYS_MS


class OrderForm(KeyInForm):
    card_fields_cleared = Signal(str)  # "result" | "idle" | "manual"

    def __init__(self, options: KeyInOptions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = options or KeyInOptions()
        self.today: Callable[[], date] = date.today  # replaced by tests that need a fixed day
        self._state = "idle"  # idle | checking | charging | unknown | resending (set by the tab)
        self._idle_wipe_due = False  # the idle time ran out while a call was out
        self._tax_free_touched = False
        self._note_shown = False  # the 입력 중 box carries a note about the previous attempt
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._on_idle_timeout)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.amount_edit.digits_changed.connect(self._on_amount_changed)
        self.tax_free_edit.textEdited.connect(self._on_tax_free_edited)
        self.quota_combo.activated.connect(lambda _index: self._clear_quota_reset())
        self.result_box.next_order_requested.connect(self._on_next_order)
        for widget in self.input_widgets():
            widget.installEventFilter(self)
        self.approve_button.installEventFilter(self)
        for edit in self.typing_edits():
            edit.textEdited.connect(self._on_user_typed)
            edit.textEdited.connect(lambda _text: self._on_order_edited())
        for combo in (self.quota_combo, self.product_combo):
            combo.activated.connect(lambda _index: self._on_order_edited())
        for check in (self.corporate_check, self.save_card_check):
            check.clicked.connect(lambda _checked: self._on_order_edited())

    def is_busy(self) -> bool:
        """A call is out (duplicate check, charge, resend)."""
        return self._state in ("checking", "charging", "resending")

    def apply_defaults(self) -> None:
        self.set_product_type(self.options.default_product_type)
        self._tax_free_touched = False
        self._sync_tax_free()
        self._sync_quota()

    # -- the order on the form --------------------------------------------------------------------------
    def _on_order_edited(self) -> None:
        """The cashier changed the order: a result or note about the previous one no longer applies."""
        if self._state == "idle" and (self.result_box.state is not ResultState.TYPING or self._note_shown):
            self._show_typing()
        self._recheck_errors()

    def _show_typing(self, note: str = "", *, warning: bool = False) -> None:
        self.result_box.show_typing(note, warning=warning)
        self._note_shown = bool(note)
        self.setFocusProxy(self.amount_edit)  # coming back to the tab (Ctrl+1) lands in 금액

    def _on_next_order(self) -> None:
        self._show_typing()
        self.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _validation_errors(self) -> tuple[KeyedCharge | None, list[FieldError]]:
        """The order on the form and every reason it cannot be sent (pure: no call, nothing shown)."""
        form = self.collect_form()
        errors: list[FieldError] = list(self.corporate_switch_errors())
        order: KeyedCharge | None = None
        try:
            order = validate_keyed_charge(form, self.today())
        except FormErrors as refused:
            errors.extend(refused.errors)
        limit = counter_limit_error("amount", self.amount_edit.value())
        if limit is not None:
            errors.append(limit)
        if self.save_card_check.isChecked():
            try:
                validate_card_registration(form, self.today())
            except FormErrors as refused:
                errors.extend(refused.errors)
        form.clear()
        return (order if not errors else None), errors

    def _recheck_errors(self) -> None:
        """Errors on screen follow the form: a field that is valid now loses its error at once."""
        shown = self.shown_error_fields()
        if not shown:
            return
        _order, errors = self._validation_errors()
        texts: dict[str, list[str]] = {}
        for error in errors:
            texts.setdefault(error.field, []).append(error.render(QCoreApplication.translate))
        for key in shown:
            if key not in texts:
                self.clear_error(key)
            else:
                self._error_labels[key].setText("\n".join(dict.fromkeys(texts[key])))

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
        chosen = int(self.quota_combo.currentData() or 0)
        if not allowed and chosen:
            self.quota_combo.setCurrentIndex(0)
            self.quota_reset_from = chosen  # said beside 할부 until the cashier picks again
        self.quota_combo.setEnabled(allowed)
        self.update_quota_note()

    def _clear_quota_reset(self) -> None:
        self.quota_reset_from = 0
        self.update_quota_note()

    # -- keyboard ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_plain_enter(event) and isinstance(event, QKeyEvent) and event.isAutoRepeat():
            return True  # a held Enter moves nowhere and presses nothing: one press, one step
        if is_plain_enter(event):
            if watched is self.approve_button:
                if self.approve_button.isEnabled():
                    self.approve_button.click()
                return True
            if isinstance(watched, QWidget) and watched in self.input_widgets():
                self._enter_from(watched)
                return True
        return super().eventFilter(watched, event)

    def _enter_from(self, widget: QWidget) -> None:
        following = self.next_input_after(widget)
        if following is not None:
            following.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.approve_button.isEnabled():
            self.approve_button.setFocus(Qt.FocusReason.TabFocusReason)
            self.approve_button.click()  # the last card field: the next step is 승인 (the read-back)
        elif self.result_box.resend_button.isVisible() and self.result_box.resend_button.isEnabled():
            self.result_box.resend_button.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.approve_button.setFocus(Qt.FocusReason.TabFocusReason)

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
        note = self.tr("입력이 없어 카드 정보를 지웠습니다. 카드를 다시 입력하세요.")
        if self._state == "unknown":
            self.result_box.set_notice(note)  # the "확인 중" text stays readable
        else:
            self._show_typing(note, warning=True)
        self.card_fields_cleared.emit("idle")

    def _on_clear_clicked(self) -> None:
        self.wipe_card_fields()
        self.clear_errors()
        if self._state == "idle":
            self._show_typing()
        self.card_fields_cleared.emit("manual")
