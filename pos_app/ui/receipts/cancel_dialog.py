"""The refund (full / partial cancel) dialog: what is left, what to refund and why — then a read-back.

Nothing is preselected: the cashier picks 전액 취소 (the remaining amount is written on it) or 부분 취소
with an amount, and types the reason. Enter there (or "다음") does not refund: it shows the read-back —
the amount to refund, what remains after it, the card and approval number, the reason — to read to the
customer, with "환불 요청" focused (Enter sends, as in every read-back) and "돌아가기" to change it. Only
"환불 요청" accepts the dialog; the receipt panel then sends the request through the services.

The form checks the request against the sale as the journal knows it — ``domain.ksnet.check_cancel`` is
the same rule the service applies — and explains the two KSNET limits in words: at most 9 partial
cancels per approval (cancelling the rest of a partly refunded payment counts as one more, so after 9
the rest must be refunded another way), and no card cancel 6 months after the payment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors
from pos_app.domain.ksnet import CANCEL_WINDOW_DAYS, MAX_PARTIAL_CANCELS, check_cancel, is_partial_cancel
from pos_app.domain.money import parse_won
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.field_style import set_hint
from pos_app.ui.widgets.form_dialog import FormDialog
from pos_app.ui.widgets.grouped_edit import AmountEdit

if TYPE_CHECKING:
    from pos_app.services.counter import SaleRow

MSG_CHOOSE_KIND = QT_TRANSLATE_NOOP("FieldError", "전액 취소와 부분 취소 중 하나를 고르세요.")
MSG_REASON_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "취소 사유를 입력하세요.")


@dataclass(frozen=True)
class CancelRequest:
    """What the cashier asked for: ``amount`` None = everything that remains."""

    amount: int | None
    reason: str


def _paid_at(sale: SaleRow) -> datetime:
    return datetime.fromtimestamp(float(sale.paid_at or sale.created_at), tz=UTC)


class CancelDialog(FormDialog):
    """Ask for a full or partial cancel of one sale, then read it back."""

    def __init__(self, sale: SaleRow, parent: QWidget | None = None, *, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle(self.tr("결제 취소 (환불)"))
        self.setMinimumWidth(500)
        self._sale = sale
        self._now = now or datetime.fromtimestamp(time.time(), tz=UTC)
        self._paid = int(sale.paid_amount or 0) or int(sale.amount)
        self._cancelled = int(sale.cancel_amount or 0)
        self._partials = int(sale.partial_cancel_count or 0)
        self._remaining = max(0, self._paid - self._cancelled)
        self.request: CancelRequest | None = None
        self._pending: CancelRequest | None = None  # checked, waiting for the read-back

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_read_back())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._apply_limits()
        self.full_radio.setFocus()

    # -- page 1: the request ----------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel(
            self.tr("결제 {paid} · 취소됨 {cancelled} · 남은 금액 {remaining}").format(
                paid=fmt.won(self._paid),
                cancelled=fmt.won(self._cancelled),
                remaining=fmt.won(self._remaining),
            )
        )
        self.summary.setObjectName("cancelSummary")
        self.summary.setStyleSheet("font-weight: bold;")
        self.full_radio = QRadioButton(
            self.tr("전액 취소 (남은 {amount} 모두)").format(amount=fmt.won(self._remaining))
        )
        self.partial_radio = QRadioButton(self.tr("부분 취소"))
        group = QButtonGroup(self)
        group.addButton(self.full_radio)
        group.addButton(self.partial_radio)
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("cancelAmount")
        self.amount_edit.setMaximumWidth(200)
        set_hint(self.amount_edit, self.tr("예: 10,000"))
        self.amount_edit.setEnabled(False)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("cancelReason")
        set_hint(self.reason_edit, self.tr("예: 고객 요청, 주문 변경"))
        self.reason_edit.setMaxLength(100)
        self.limit_note = QLabel()
        self.limit_note.setObjectName("cancelLimitNote")
        self.limit_note.setWordWrap(True)
        self.limit_note.setStyleSheet("color:#8a4b00")

        form = QFormLayout()
        form.addRow(self.full_radio)
        form.addRow(self.partial_radio, self.amount_edit)
        form.addRow(self.tr("취소 사유"), self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(
            self.tr("다음 (확인)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.ok_button.setObjectName("cancelSubmit")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        self.ok_button.clicked.connect(self._on_submit_clicked)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addLayout(form)
        column.addWidget(self.limit_note)
        column.addWidget(self.error_label)
        column.addWidget(self.buttons)

        self.bind_field("amount", self.amount_edit)
        self.bind_field("kind", self.full_radio)
        self.bind_field("reason", self.reason_edit)
        self.partial_radio.toggled.connect(self._on_partial_toggled)
        self.partial_radio.toggled.connect(lambda _checked: self._on_field_edited("kind"))
        self.chain_enter([self.amount_edit, self.reason_edit], self._on_submit_clicked)
        return page

    # -- page 2: the read-back --------------------------------------------------------------------------
    def _build_read_back(self) -> QWidget:
        page = QWidget()
        heading = QLabel(self.tr("고객에게 읽어 드리고 확인을 받으세요. 아직 환불하지 않았습니다."))
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.read_back = QLabel()
        self.read_back.setObjectName("cancelReadBack")
        self.read_back.setStyleSheet("font-size: 15px;")
        self.read_back.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("환불 요청"))
        self.confirm_button.setObjectName("cancelConfirm")
        self.back_button = QPushButton(self.tr("돌아가기"))
        self.back_button.setObjectName("cancelBack")
        box = QDialogButtonBox()
        box.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        box.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.confirm_button.clicked.connect(self._on_confirmed)
        self.back_button.clicked.connect(self._on_back_clicked)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(self.read_back)
        column.addStretch(1)
        column.addWidget(box)
        return page

    def showing_read_back(self) -> bool:
        return self.pages.currentIndex() == 1

    def _show_read_back(self, request: CancelRequest) -> None:
        refund = request.amount or self._remaining
        sale = self._sale
        card = (
            (sale.card_name or sale.card_company or "")
            + " "
            + fmt.masked_card(sale.card_number, sale.card_hint)
        )
        lines = [
            self.tr("환불할 금액: {amount}").format(amount=fmt.won(refund)),
            self.tr("환불 후 남은 금액: {amount}").format(amount=fmt.won(self._remaining - refund)),
            self.tr("카드: {card}").format(card=card.strip()),
            self.tr("승인번호: {number}").format(number=sale.apply_num or "-"),
            self.tr("주문: {name} ({paid})").format(name=sale.order_name, paid=fmt.won(self._paid)),
            self.tr("사유: {reason}").format(reason=request.reason),
        ]
        self.read_back.setText("\n".join(lines))
        self._pending = request
        self.pages.setCurrentIndex(1)
        self.grow_to_fit()
        self.confirm_button.setFocus()

    def _on_back_clicked(self) -> None:
        self._pending = None
        self.pages.setCurrentIndex(0)
        self.reason_edit.setFocus()

    def _on_confirmed(self) -> None:
        if self._pending is None or not self.showing_read_back():
            return
        self.request = self._pending
        self.accept()

    def reject(self) -> None:
        if self.showing_read_back():
            self._on_back_clicked()  # Esc on the read-back goes back to the form, not out
            return
        super().reject()

    # -- checks -----------------------------------------------------------------------------------------
    def _apply_limits(self) -> None:
        notes = []
        age_days = (self._now - _paid_at(self._sale)).days
        blocked = True
        if age_days >= CANCEL_WINDOW_DAYS:
            notes.append(
                self.tr(
                    "결제 후 6개월({days}일)이 지나 카드 취소를 할 수 없습니다. "
                    "계좌 환불 등 다른 방법으로 돌려드리세요."
                ).format(days=CANCEL_WINDOW_DAYS)
            )
        elif self._remaining <= 0:
            notes.append(self.tr("이미 전액 취소된 결제입니다."))
        elif self._partials >= MAX_PARTIAL_CANCELS and is_partial_cancel(self._paid, self._remaining):
            # KSNET counts cancelling the rest of a partly refunded payment as one more partial cancel
            notes.append(
                self.tr(
                    "KSNET은 한 결제에 부분취소를 {limit}회까지만 허용합니다(이미 {count}회). "
                    "남은 {remaining}은 카드 취소로 돌려드릴 수 없으니 계좌 환불 등 다른 방법으로 "
                    "처리하세요."
                ).format(limit=MAX_PARTIAL_CANCELS, count=self._partials, remaining=fmt.won(self._remaining))
            )
        else:
            blocked = False
            notes.append(
                self.tr("부분취소 {count}/{limit}회 사용 · 결제 후 6개월까지 취소할 수 있습니다.").format(
                    count=self._partials, limit=MAX_PARTIAL_CANCELS
                )
            )
        if blocked:
            for widget in (self.full_radio, self.partial_radio, self.amount_edit, self.ok_button):
                widget.setEnabled(False)
        self.limit_note.setText("\n".join(notes))

    def _on_partial_toggled(self, checked: bool) -> None:
        self.amount_edit.setEnabled(checked)
        if checked:
            self.amount_edit.setFocus()

    def _checked_request(self) -> CancelRequest | FormErrors:
        errors: list[FieldError] = []
        requested: int | None = None
        if not (self.full_radio.isChecked() or self.partial_radio.isChecked()):
            errors.append(FieldError("kind", MSG_CHOOSE_KIND))
        else:
            try:
                requested = (
                    parse_won(self.amount_edit.text(), "amount") if self.partial_radio.isChecked() else 0
                )
                check_cancel(
                    self._paid, self._cancelled, requested, self._partials, _paid_at(self._sale), self._now
                )
            except FieldError as refused:
                errors.append(refused)
        reason = self.reason_edit.text().strip()
        if not reason:
            errors.append(FieldError("reason", MSG_REASON_REQUIRED))
        if errors:
            return FormErrors(errors)
        return CancelRequest(amount=requested or None, reason=reason)

    def validate_form(self) -> BaseException | None:
        checked = self._checked_request()
        return checked if isinstance(checked, FormErrors) else None

    def _on_submit_clicked(self) -> None:
        if not self.ok_button.isEnabled():
            return
        checked = self._checked_request()
        if isinstance(checked, FormErrors):
            self.show_form_errors(checked)
            return
        self.clear_form_errors()
        self._show_read_back(checked)
