"""The result box under the key-in form: what became of the last charge, in words a cashier reads aloud.

Shows the approval number, card name, masked number and amount for an approval; the PG's own text for
a decline; "확인 중" while the outcome is being looked up; and for a MISMATCH a warning with a cancel
button (the payment went through with another amount and must not be treated as a sale).

While a charge is UNKNOWN the box offers 지금 다시 확인 (one lookup), 같은 주문번호로 다시 보내기 (a manual
resend under the same merchant_uid, which the services only make once PortOne confirms it has no payment
for it — the one-line hint under the buttons says so) and 기다리지 않고 새 결제. The tab disables them
with ``set_unknown_call_in_flight`` while a lookup or resend of that sale is out; every other outcome
hides them, so a final sale is never offered a resend.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell.formatting import masked_card, quota_text, won

_STYLES = {
    "ok": "QFrame#ChargeResult { background: #e8f5e9; border: 2px solid #2e7d32; border-radius: 6px; }",
    "bad": "QFrame#ChargeResult { background: #ffebee; border: 2px solid #c62828; border-radius: 6px; }",
    "wait": "QFrame#ChargeResult { background: #fff8e1; border: 2px solid #f9a825; border-radius: 6px; }",
    "none": "QFrame#ChargeResult { border: 1px solid #bdbdbd; border-radius: 6px; }",
    "test": "QFrame#ChargeResult { background: #fff3e0; border: 4px solid #ef6c00; border-radius: 6px; }",
}


class ChargeResultBox(QFrame):
    cancel_requested = Signal(str)  # merchant_uid of a MISMATCH payment
    check_now_requested = Signal(str)  # merchant_uid of an UNKNOWN payment
    release_requested = Signal(str)  # cashier stops waiting for an UNKNOWN payment
    resend_requested = Signal(str)  # resend an UNKNOWN payment under the same merchant_uid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChargeResult")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setMinimumHeight(150)
        self.title = QLabel(self)
        self.title.setObjectName("ChargeResultTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        self.notice = QLabel(self)  # a refused resend, in red under the details; cleared by the next result
        self.notice.setObjectName("ChargeResultNotice")
        self.notice.setStyleSheet("color: #c62828; font-weight: bold;")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self)
        self.check_button = QPushButton(self)
        self.resend_button = QPushButton(self)
        self.resend_button.setObjectName("ResendButton")
        self.release_button = QPushButton(self)
        for button in (self.check_button, self.resend_button, self.release_button, self.cancel_button):
            button.setVisible(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.resend_hint = QLabel(self)
        self.resend_hint.setObjectName("ResendHint")
        self.resend_hint.setWordWrap(True)
        self.resend_hint.setVisible(False)
        layout.addWidget(self.resend_hint)
        self._merchant_uid = ""
        self.cancel_button.clicked.connect(lambda: self.cancel_requested.emit(self._merchant_uid))
        self.check_button.clicked.connect(lambda: self.check_now_requested.emit(self._merchant_uid))
        self.resend_button.clicked.connect(self._on_resend_clicked)
        self.release_button.clicked.connect(lambda: self.release_requested.emit(self._merchant_uid))
        self.outcome: Outcome | None = None
        self.retranslate()
        self.show_nothing()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("결제 취소"))
        self.check_button.setText(self.tr("지금 다시 확인"))
        self.release_button.setText(self.tr("기다리지 않고 새 결제"))
        self.resend_button.setText(self.tr("같은 주문번호로 다시 보내기"))
        self.resend_hint.setText(
            self.tr("다시 보내기는 PortOne이 이 주문의 결제가 없다고 확인할 때만 실제로 보냅니다.")
        )

    def _set(self, style: str, title: str, details: str, outcome: Outcome | None) -> None:
        self.setStyleSheet(_STYLES[style])
        self.title.setText(title)
        self.details.setText(details)
        self.outcome = outcome
        self.set_notice("")
        unknown = outcome is Outcome.UNKNOWN
        self.cancel_button.setVisible(outcome is Outcome.MISMATCH)
        for widget in (self.check_button, self.resend_button, self.release_button, self.resend_hint):
            widget.setVisible(unknown)
        self.set_unknown_call_in_flight(False)

    def set_unknown_call_in_flight(self, in_flight: bool, *, sending: bool = False) -> None:
        """A lookup or resend of the UNKNOWN sale is out: no second one; no walking away mid-resend
        (``sending``), while a slow lookup may still be left behind."""
        self.check_button.setEnabled(not in_flight)
        self.resend_button.setEnabled(not in_flight)
        self.release_button.setEnabled(not (in_flight and sending))

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _on_resend_clicked(self) -> None:
        # only an UNKNOWN result carries the button; a click queued behind a final result does nothing
        if self.outcome is Outcome.UNKNOWN and self.resend_button.isEnabled() and self._merchant_uid:
            self.resend_requested.emit(self._merchant_uid)

    def show_nothing(self) -> None:
        self._merchant_uid = ""
        self._set("none", self.tr("결제 결과"), self.tr("아직 결제하지 않았습니다."), None)

    def show_busy(self, text: str) -> None:
        self._set("wait", self.tr("처리 중…"), text, None)

    def show_note(self, text: str) -> None:
        self.details.setText(text)

    def show_outcome(self, outcome: Outcome, merchant_uid: str, sale: Any, message: str | None) -> None:
        """Render a SaleOutcome (its journal row ``sale`` may be None when the journal failed)."""
        self._merchant_uid = merchant_uid
        lines = self._sale_lines(sale, message)
        if outcome is Outcome.APPROVED:
            self._set("ok", self.tr("승인 완료"), lines, outcome)
        elif outcome is Outcome.DECLINED:
            self._set("bad", self.tr("승인 거절"), lines, outcome)
        elif outcome is Outcome.NOT_CHARGED:
            self._set("bad", self.tr("결제되지 않음"), lines, outcome)
        elif outcome is Outcome.MISMATCH:
            warning = self.tr(
                "결제는 되었지만 금액이 요청과 다릅니다. 판매로 처리하지 말고 결제를 취소하세요."
            )
            self._set("bad", self.tr("금액 불일치"), warning + "\n" + lines, outcome)
        elif outcome is Outcome.TEST_PAYMENT:  # a live shop on a PortOne test channel: never 승인
            warning = self.tr(
                "실제 돈이 움직이지 않았습니다. 이 결제는 PortOne "
                "테스트 채널로 처리되어 판매가 아니며 마감 금액에 "
                "들어가지 않습니다. 상품을 내주지 말고 설정에서 채널을 확인하세요."
            )
            self._set(
                "test",
                self.tr("테스트 결제 — 실제 돈 아님 (테스트 채널)"),
                # no approval number: read aloud it would sound like a real approval
                warning + "\n" + self._sale_lines(sale, None, with_approval=False),
                outcome,
            )
        elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
            wait = self.tr(
                "카드사 응답을 받지 못했습니다. 결제 여부를 자동으로 확인하고 있으니 다시 결제하지 마세요."
            )
            self._set("wait", self.tr("확인 중"), wait + "\n" + lines, Outcome.UNKNOWN)
        else:  # CANCELLED or PARTIALLY_CANCELLED (after the MISMATCH cancel)
            self._set("none", self.tr("결제 취소됨"), lines, outcome)

    def _sale_lines(self, sale: Any, message: str | None, *, with_approval: bool = True) -> str:
        lines: list[str] = []
        if sale is not None:
            if with_approval and getattr(sale, "apply_num", None):
                lines.append(self.tr("승인번호: {number}").format(number=sale.apply_num))
            card = getattr(sale, "card_name", None) or getattr(sale, "card_company", None)
            number = masked_card(getattr(sale, "card_number", None), getattr(sale, "card_hint", None))
            if card or number:
                lines.append(
                    self.tr("카드: {card} {number}").format(card=card or "", number=number or "").strip()
                )
            amount = getattr(sale, "paid_amount", None) or getattr(sale, "amount", None)
            if amount:
                lines.append(self.tr("금액: {amount}").format(amount=won(int(amount))))
            quota = getattr(sale, "card_quota", None)
            if quota is not None:
                lines.append(self.tr("할부: {quota}").format(quota=quota_text(int(quota))))
            lines.append(self.tr("주문번호: {uid}").format(uid=sale.merchant_uid))
        if message:
            lines.append(self.tr("메시지: {message}").format(message=message))
        return "\n".join(lines)
