"""The full / partial cancel dialog: what is left to refund, why, and the KSNET limits when they bite.

The dialog only collects and checks the request (amount, reason) against the sale as the journal
knows it — ``domain.ksnet.check_cancel`` is the same rule the service applies — and explains the two
KSNET limits in words: at most 9 partial cancels per approval (cancelling the rest of a partly
refunded payment counts as one more, so after 9 the rest must be refunded another way), and no card
cancel 6 months after the payment. The receipt panel sends the
request through the services after the dialog is accepted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.ksnet import CANCEL_WINDOW_DAYS, MAX_PARTIAL_CANCELS, check_cancel, is_partial_cancel
from pos_app.domain.money import parse_won
from pos_app.ui.customers.dialogs import FormDialog
from pos_app.ui.shell import formatting as fmt


@dataclass(frozen=True)
class CancelRequest:
    """What the cashier asked for: ``amount`` None = everything that remains."""

    amount: int | None
    reason: str


def _paid_at(sale: Any) -> datetime:
    moment = getattr(sale, "paid_at", None) or sale.created_at
    if isinstance(moment, datetime):
        return moment
    return datetime.fromtimestamp(float(moment), tz=UTC)


class CancelDialog(FormDialog):
    """Ask for a full or partial cancel of one sale."""

    def __init__(self, sale: Any, parent: QWidget | None = None, *, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle(self.tr("결제 취소"))
        self.setMinimumWidth(460)
        self._sale = sale
        self._now = now or datetime.fromtimestamp(time.time(), tz=UTC)
        self._paid = int(getattr(sale, "paid_amount", 0) or sale.amount)
        self._cancelled = int(getattr(sale, "cancel_amount", 0) or 0)
        self._partials = int(getattr(sale, "partial_cancel_count", 0) or 0)
        self.request: CancelRequest | None = None

        remaining = max(0, self._paid - self._cancelled)
        self.summary = QLabel(
            self.tr("결제 {paid} · 취소됨 {cancelled} · 남은 금액 {remaining}").format(
                paid=fmt.won(self._paid), cancelled=fmt.won(self._cancelled), remaining=fmt.won(remaining)
            )
        )
        self.summary.setObjectName("cancelSummary")

        self.full_radio = QRadioButton(self.tr("전액 취소 ({amount})").format(amount=fmt.won(remaining)))
        self.partial_radio = QRadioButton(self.tr("부분 취소"))
        group = QButtonGroup(self)
        group.addButton(self.full_radio)
        group.addButton(self.partial_radio)
        self.full_radio.setChecked(True)

        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("cancelAmount")
        self.amount_edit.setPlaceholderText(self.tr("취소할 금액"))
        self.amount_edit.setEnabled(False)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("cancelReason")
        self.reason_edit.setPlaceholderText(self.tr("예: 고객 요청, 주문 변경"))
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
        self.ok_button = self.buttons.addButton(self.tr("취소 요청"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("cancelSubmit")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        self.buttons.accepted.connect(self._on_submit_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.limit_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.partial_radio.toggled.connect(self._on_partial_toggled)
        self.amount_edit.returnPressed.connect(self.reason_edit.setFocus)
        self.reason_edit.returnPressed.connect(self._on_submit_clicked)
        self._apply_limits(remaining)

    def _apply_limits(self, remaining: int) -> None:
        notes = []
        age_days = (self._now - _paid_at(self._sale)).days
        if age_days >= CANCEL_WINDOW_DAYS:
            notes.append(
                self.tr(
                    "결제 후 6개월({days}일)이 지나 카드 취소를 할 수 없습니다. "
                    "계좌 환불 등 다른 방법으로 돌려드리세요."
                ).format(days=CANCEL_WINDOW_DAYS)
            )
            for widget in (self.full_radio, self.partial_radio, self.amount_edit, self.ok_button):
                widget.setEnabled(False)
        elif remaining <= 0:
            notes.append(self.tr("이미 전액 취소된 결제입니다."))
            for widget in (self.full_radio, self.partial_radio, self.amount_edit, self.ok_button):
                widget.setEnabled(False)
        elif self._partials >= MAX_PARTIAL_CANCELS and is_partial_cancel(self._paid, remaining):
            # KSNET counts cancelling the rest of a partly refunded payment as one more partial cancel
            notes.append(
                self.tr(
                    "KSNET은 한 결제에 부분취소를 {limit}회까지만 허용합니다(이미 {count}회). "
                    "남은 {remaining}은 카드 취소로 돌려드릴 수 없으니 계좌 환불 등 다른 방법으로 "
                    "처리하세요."
                ).format(limit=MAX_PARTIAL_CANCELS, count=self._partials, remaining=fmt.won(remaining))
            )
            for widget in (self.full_radio, self.partial_radio, self.amount_edit, self.ok_button):
                widget.setEnabled(False)
        else:
            notes.append(
                self.tr("부분취소 {count}/{limit}회 사용 · 결제 후 6개월까지 취소할 수 있습니다.").format(
                    count=self._partials, limit=MAX_PARTIAL_CANCELS
                )
            )
        self.limit_note.setText("\n".join(notes))

    def _on_partial_toggled(self, checked: bool) -> None:
        self.amount_edit.setEnabled(checked)
        if checked:
            self.amount_edit.setFocus()

    def _on_submit_clicked(self) -> None:
        if not self.ok_button.isEnabled():
            return
        reason = self.reason_edit.text().strip()
        try:
            requested = parse_won(self.amount_edit.text(), "amount") if self.partial_radio.isChecked() else 0
            check_cancel(
                self._paid, self._cancelled, requested, self._partials, _paid_at(self._sale), self._now
            )
        except ValueError as exc:
            self.error_label.setText(fmt.describe_error(exc) or str(exc))
            return
        if not reason:
            self.error_label.setText(self.tr("취소 사유를 입력하세요."))
            self.reason_edit.setFocus()
            return
        self.request = CancelRequest(amount=requested or None, reason=reason)
        self.accept()
