"""The result box under the key-in form: the state of the order on the form now, in a cashier's words.

The box belongs to the current order (one truth, COMMON.md): it shows only that order's state —

* 입력 중 (typing; nothing sent; notes such as "카드 정보를 지웠습니다" or "빨간 칸을 확인하세요"),
* 확인 요청 (the read-back is being read to the customer; nothing sent yet),
* 보내는 중 · 12초 (the request is out; elapsed seconds from an ``ElapsedClock``),
* 확인 중 · 35초 (the reply was late or lost and PortOne is being asked what happened),
* 승인 — the large moment: amount, card, approval number, 할부, time; "다음 주문" (Enter) starts the next,
* 승인 거절 (the card company's own reason), 청구 안 됨, 금액 불일치 (with 결제 취소), 결제 취소됨.

The tab moves it to 입력 중 the moment a new order starts (an edit after a final result, the idle wipe,
a validation error), so an old "승인 완료" never stands above a new, unsent order. Texts never carry an
HTTP path or an internal code: a server or transport text is passed through ``cashier_message``, and a
lost reply is described in words rather than by the transport error.

While a charge is UNKNOWN the box offers 지금 다시 확인 (one lookup), 같은 주문번호로 다시 보내기 (a manual
resend under the same merchant_uid, which the services only make once PortOne confirms it has no payment
for it — the hint under the buttons says so) and 기다리지 않고 새 결제. The tab disables them with
``set_unknown_call_in_flight`` while a lookup or resend of that sale is out; every other state hides
them, so a final sale is never offered a resend.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.elapsed import ElapsedClock

if TYPE_CHECKING:
    from pos_app.services.counter import SaleRow

# after this long without an answer the sending text says so (and that a second charge must not be made)
SLOW_REPLY_S = 15

_FRAME = "QFrame#ChargeResult {{ background: {bg}; border: 2px solid {border}; border-radius: 6px; }}"
_LOOKS = {
    "ok": _FRAME.format(bg="#e8f5e9", border="#2e7d32"),
    "bad": _FRAME.format(bg="#ffebee", border="#c62828"),
    "wait": _FRAME.format(bg="#fff8e1", border="#f9a825"),
    "none": _FRAME.format(bg="transparent", border="#bdbdbd"),
}
_TITLE_COLOURS = {"ok": "#1b5e20", "bad": "#b71c1c", "wait": "#8d6e00", "none": "#424242"}


class ResultState(StrEnum):
    TYPING = "typing"
    CONFIRMING = "confirming"
    SENDING = "sending"
    CHECKING = "checking"  # the reply was late or lost: PortOne is being asked
    APPROVED = "approved"
    DECLINED = "declined"
    NOT_CHARGED = "not_charged"
    MISMATCH = "mismatch"
    CANCELLED = "cancelled"
    TEST_PAYMENT = "test_payment"  # a live shop's payment made on a PortOne test channel: no money

    @property
    def is_final(self) -> bool:
        return self in (
            ResultState.APPROVED,
            ResultState.DECLINED,
            ResultState.NOT_CHARGED,
            ResultState.MISMATCH,
            ResultState.CANCELLED,
            ResultState.TEST_PAYMENT,
        )


class ChargeResultBox(QFrame):
    cancel_requested = Signal(str)  # merchant_uid of a MISMATCH payment
    check_now_requested = Signal(str)  # merchant_uid of an UNKNOWN payment
    release_requested = Signal(str)  # cashier stops waiting for an UNKNOWN payment
    resend_requested = Signal(str)  # resend an UNKNOWN payment under the same merchant_uid
    next_order_requested = Signal()  # "다음 주문" after an approval

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChargeResult")
        self.elapsed = ElapsedClock(self)
        self.elapsed.ticked.connect(lambda _seconds: self._render_progress())
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.setSpacing(4)
        self.setMinimumHeight(130)
        heading = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("ChargeResultTitle")
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("ChargeResultElapsed")
        self.elapsed_label.setStyleSheet("font-size: 18px; font-weight: bold; color: #8d6e00;")
        self.headline = QLabel(self)  # the approved amount, large, beside the title
        self.headline.setObjectName("ChargeResultAmount")
        self.headline.setStyleSheet("font-size: 30px; font-weight: bold; color: #1b5e20;")
        heading.addWidget(self.title)
        heading.addSpacing(24)
        heading.addWidget(self.headline)
        heading.addStretch(1)
        heading.addWidget(self.elapsed_label)
        layout.addLayout(heading)
        # what the state means on the left, the order's facts on the right: half the height of one column
        body = QHBoxLayout()
        self.details = QLabel(self)
        self.details.setObjectName("ChargeResultDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(self)
        self.facts.setObjectName("ChargeResultFacts")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setStyleSheet("color: #424242;")
        body.addWidget(self.details, 3)
        body.addWidget(self.facts, 2)
        layout.addLayout(body)
        self.saved_label = QLabel(self)  # "카드 저장됨" after a charge that saved the card
        self.saved_label.setObjectName("ChargeResultCardSaved")
        self.saved_label.setWordWrap(True)
        self.saved_label.setStyleSheet("font-size: 15px; font-weight: bold; color: #1b5e20;")
        layout.addWidget(self.saved_label)
        self.notice = QLabel(self)  # a refusal or a note, in red under the details
        self.notice.setObjectName("ChargeResultNotice")
        self.notice.setStyleSheet("color: #c62828; font-weight: bold;")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("NextOrderButton")
        self.next_button.setMinimumHeight(40)
        self.cancel_button = QPushButton(self)
        self.check_button = QPushButton(self)
        self.resend_button = QPushButton(self)
        self.resend_button.setObjectName("ResendButton")
        self.release_button = QPushButton(self)
        for button in (
            self.next_button,
            self.check_button,
            self.resend_button,
            self.release_button,
            self.cancel_button,
        ):
            button.setAutoDefault(True)  # Enter presses the focused button, as Space does
            button.setVisible(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.resend_hint = QLabel(self)
        self.resend_hint.setObjectName("ResendHint")
        self.resend_hint.setWordWrap(True)
        layout.addWidget(self.resend_hint)
        self._merchant_uid = ""
        self._sale: SaleRow | None = None
        self._facts = ""  # the order's facts while the call is out
        self._next_check_at: float | None = None
        self.state = ResultState.TYPING
        self.outcome: Outcome | None = None
        self.cancel_button.clicked.connect(lambda: self.cancel_requested.emit(self._merchant_uid))
        self.check_button.clicked.connect(lambda: self.check_now_requested.emit(self._merchant_uid))
        self.resend_button.clicked.connect(self._on_resend_clicked)
        self.release_button.clicked.connect(lambda: self.release_requested.emit(self._merchant_uid))
        self.next_button.clicked.connect(self.next_order_requested.emit)
        self.retranslate()
        self.show_typing()

    @property
    def merchant_uid(self) -> str:
        return self._merchant_uid

    def retranslate(self) -> None:
        self.next_button.setText(self.tr("다음 주문 (Enter)"))
        self.cancel_button.setText(self.tr("결제 취소"))
        self.check_button.setText(self.tr("지금 다시 확인"))
        self.release_button.setText(self.tr("기다리지 않고 새 결제"))
        self.resend_button.setText(self.tr("같은 주문번호로 다시 보내기"))
        self.resend_hint.setText(
            self.tr("다시 보내기는 PortOne이 이 주문의 결제가 없다고 확인할 때만 실제로 보냅니다.")
        )

    # -- the states -------------------------------------------------------------------------------------
    def _set(
        self,
        state: ResultState,
        look: str,
        title: str,
        details: str,
        outcome: Outcome | None,
        facts: str = "",
    ) -> None:
        self.state = state
        self.outcome = outcome
        self.setStyleSheet(_LOOKS[look])
        size = 30 if state is ResultState.APPROVED else 20
        self.title.setStyleSheet(f"font-size: {size}px; font-weight: bold; color: {_TITLE_COLOURS[look]};")
        self.title.setText(title)
        self.details.setText(details)
        self.details.setStyleSheet(
            "font-size: 16px;" if state is ResultState.APPROVED else "font-size: 14px;"
        )
        self.facts.setText(facts)
        self.facts.setVisible(bool(facts))
        self.headline.setVisible(state is ResultState.APPROVED)
        if state is not ResultState.APPROVED:
            self.headline.clear()
        self.saved_label.clear()
        self.saved_label.setVisible(False)
        self.set_notice("")
        unknown = state is ResultState.CHECKING and outcome is Outcome.UNKNOWN
        self.next_button.setVisible(state in (ResultState.APPROVED, ResultState.CANCELLED))
        self.cancel_button.setVisible(state is ResultState.MISMATCH)
        for widget in (self.check_button, self.resend_button, self.release_button, self.resend_hint):
            widget.setVisible(unknown)
        self.set_unknown_call_in_flight(False)
        if state not in (ResultState.SENDING, ResultState.CHECKING):
            self.elapsed.stop()
            self.elapsed_label.clear()

    def show_typing(self, note: str = "", *, warning: bool = False) -> None:
        """입력 중: a new order on the form, nothing sent; ``note`` under it (red when ``warning``)."""
        self._merchant_uid = ""
        self._sale = None
        self.elapsed.reset()
        self._set(
            ResultState.TYPING,
            "none",
            self.tr("입력 중"),
            self.tr("새 주문입니다. 아직 카드사에 보내지 않았습니다."),
            None,
        )
        if note:
            if warning:
                self.set_notice(note)
            else:
                self.details.setText(self.details.text() + "\n" + note)

    def show_confirming(self, text: str) -> None:
        """확인 요청: the read-back (or the duplicate check before it); nothing sent yet."""
        self._set(ResultState.CONFIRMING, "wait", self.tr("확인 요청"), text, None)

    def show_sending(self, lines: list[str], *, resend: bool = False) -> None:
        """보내는 중: the request is out; ``lines`` say which order (amount, card)."""
        self._facts = "\n".join(lines)
        self._set(ResultState.SENDING, "wait", self.tr("보내는 중"), "", None, self._facts)
        if resend:
            self.elapsed.resume()
        else:
            self.elapsed.start()

    def set_checking_in_call(self) -> None:
        """The reply to the request still out was lost; the call is now asking PortOne what happened."""
        if self.state is ResultState.SENDING:
            self._set(ResultState.CHECKING, "wait", self.tr("확인 중"), "", None, self._facts)
            self.elapsed.resume()

    def set_next_check(self, seconds: float | None) -> None:
        """When the watcher of an UNKNOWN sale looks it up next (None: a lookup is out or none planned)."""
        self._next_check_at = None if seconds is None else self.elapsed.clock() + seconds
        self._render_progress()

    def _render_progress(self) -> None:
        if self.state not in (ResultState.SENDING, ResultState.CHECKING):
            return
        elapsed = fmt.elapsed_text(self.elapsed.seconds())
        self.elapsed_label.setText(elapsed)
        if self.state is ResultState.SENDING:
            text = self.tr("카드사에 승인을 요청하고 있습니다 · {elapsed}").format(elapsed=elapsed)
            if self.elapsed.seconds() >= SLOW_REPLY_S:
                text += "\n" + self.tr(
                    "응답이 늦습니다. 결과가 나올 때까지 기다리세요. "
                    "결제되었을 수 있으니 다시 결제하지 마세요."
                )
        else:
            text = self.tr("응답이 늦어 PortOne에 결과를 확인하고 있습니다 · {elapsed}").format(
                elapsed=elapsed
            )
            text += "\n" + self.tr("결제되었을 수 있습니다. 같은 카드로 다시 결제하지 마세요.")
            if self.outcome is Outcome.UNKNOWN and self._next_check_at is not None:
                left = max(0, round(self._next_check_at - self.elapsed.clock()))
                text += "\n" + self.tr("다음 확인: {seconds}초 후").format(seconds=left)
        self.details.setText(text)

    def show_outcome(
        self,
        outcome: Outcome,
        merchant_uid: str,
        sale: SaleRow | Any | None,
        message: str | None,
        *,
        card_saved: str = "",
    ) -> None:
        """Render a SaleOutcome (its journal row ``sale`` may be None when the journal failed);
        ``card_saved`` names the customer whose card was saved with this charge."""
        self._merchant_uid = merchant_uid
        self._sale = sale
        reason = fmt.cashier_message(message)
        key, reference = self._sale_lines(sale)
        facts = "\n".join(key + reference)
        if outcome is Outcome.APPROVED:
            # the large moment: amount beside the title; card, approval number and 할부 large below
            self._set(
                ResultState.APPROVED,
                "ok",
                self.tr("승인 완료"),
                "\n".join(key),
                outcome,
                "\n".join(reference),
            )
            amount = _int_field(sale, "paid_amount") or _int_field(sale, "amount")
            self.headline.setText(fmt.won(amount) if amount else "")
            if card_saved:
                self.saved_label.setText(
                    self.tr(
                        "카드 저장됨 — {name} 고객은 다음부터 단골 고객 탭에서 이 카드로 결제합니다."
                    ).format(name=card_saved)
                )
                self.saved_label.setVisible(True)
        elif outcome is Outcome.DECLINED:
            head = (
                self.tr("카드사 답: {reason}").format(reason=reason)
                if reason
                else self.tr("카드사가 거절했습니다.")
            )
            advice = self.tr("다른 카드를 받거나 고객과 확인하세요. 이 주문은 결제되지 않았습니다.")
            self._set(ResultState.DECLINED, "bad", self.tr("승인 거절"), f"{head}\n{advice}", outcome, facts)
        elif outcome is Outcome.NOT_CHARGED:
            head = self.tr("이 주문은 결제되지 않았습니다. 고객 카드에서 돈이 나가지 않았습니다.")
            body = f"{head}\n{reason}" if reason else head
            self._set(ResultState.NOT_CHARGED, "bad", self.tr("청구 안 됨"), body, outcome, facts)
        elif outcome is Outcome.MISMATCH:
            warning = self.tr(
                "결제는 되었지만 승인 금액({paid})이 요청({intended})과 다릅니다. "
                "판매로 처리하지 말고 결제를 취소하세요."
            ).format(
                paid=fmt.won(_int_field(sale, "paid_amount")), intended=fmt.won(_int_field(sale, "amount"))
            )
            self._set(ResultState.MISMATCH, "bad", self.tr("금액 불일치"), warning, outcome, facts)
        elif outcome is Outcome.TEST_PAYMENT:
            head = self.tr("테스트 채널로 처리되어 실제로 돈이 움직이지 않았습니다. 상품을 내주지 마세요.")
            body = f"{head}\n{reason}" if reason else head
            self._set(
                ResultState.TEST_PAYMENT, "bad", self.tr("테스트 결제 — 실제 결제 아님"), body, outcome, facts
            )
        elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
            # the transport's own text ("read timeout …") is for the log; the cashier reads what it means
            self._facts = facts
            self._set(ResultState.CHECKING, "wait", self.tr("확인 중"), "", Outcome.UNKNOWN, facts)
            self.elapsed.resume()
        else:  # CANCELLED or PARTIALLY_CANCELLED (after the MISMATCH cancel)
            self._set(ResultState.CANCELLED, "none", self.tr("결제 취소됨"), facts, outcome)

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

    def _sale_lines(self, sale: SaleRow | Any | None) -> tuple[list[str], list[str]]:
        """(card, approval number, 할부; amount, time, order number) of the journal row."""
        if sale is None:
            return [], []
        key: list[str] = []
        reference: list[str] = []
        card = getattr(sale, "card_name", None) or getattr(sale, "card_company", None) or ""
        number = fmt.masked_card(getattr(sale, "card_number", None), getattr(sale, "card_hint", None))
        if card or number:
            key.append(self.tr("카드: {card} {number}").format(card=card, number=number).strip())
        if getattr(sale, "apply_num", None):
            key.append(self.tr("승인번호: {number}").format(number=sale.apply_num))
        quota = getattr(sale, "card_quota", None)
        if quota is not None:
            key.append(self.tr("할부: {quota}").format(quota=fmt.quota_text(int(quota))))
        amount = _int_field(sale, "paid_amount") or _int_field(sale, "amount")
        if amount:
            reference.append(self.tr("금액: {amount}").format(amount=fmt.won(amount)))
        when = getattr(sale, "paid_at", None)
        if when:
            reference.append(self.tr("승인 시각: {time}").format(time=fmt.clock_time(when)))
        reference.append(self.tr("주문번호: {uid}").format(uid=sale.merchant_uid))
        return key, reference


def _int_field(row: object, name: str) -> int:
    value = getattr(row, name, None)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0
