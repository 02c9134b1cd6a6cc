"""What the key-in tab asks the cashier to read: the read-back before 승인 and the duplicate warning.

Both are plain text built from the validated order and journal rows, in the cashier's words: the card
masked as the slip shows it, amounts through QLocale, times as "오늘 19시 42분", outcomes as 승인 / 확인 중
(never a raw "approved" or a 30-character merchant_uid). Whether birth date and PIN digits were
entered is said, never what they are. Translated in the "KeyInTab" context.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.forms import KeyedCharge
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import SaleRow

# Read to the customer in the confirmation and stored with the billing key (in the UI language in use).
CONSENT_TEXT = QT_TRANSLATE_NOOP(
    "KeyInTab",
    "고객은 카드 정보를 PortOne(KSNET)에 저장하고 다음 주문부터 이 카드로 결제하는 데 동의했습니다.",
)
DUPLICATES_LISTED = 3


def consent_text() -> str:
    return QCoreApplication.translate("KeyInTab", CONSENT_TEXT)


def read_back_text(order: KeyedCharge, *, company: str, corporate: bool, save_card: bool) -> str:
    """The lines the cashier reads to the customer before 승인 (nothing is sent yet)."""
    entered, not_entered = (
        QCoreApplication.translate("KeyInTab", "입력함"),
        QCoreApplication.translate("KeyInTab", "입력 안 함 (키인 결제에는 없어도 됩니다)"),
    )
    birth_label = (
        QCoreApplication.translate("KeyInTab", "사업자번호")
        if corporate
        else QCoreApplication.translate("KeyInTab", "생년월일")
    )
    lines = [
        QCoreApplication.translate("KeyInTab", "카드: {company} {masked}").format(
            company=company or QCoreApplication.translate("KeyInTab", "카드사 미확인"),
            masked=order.card.number.masked,
        ),
        QCoreApplication.translate("KeyInTab", "금액: {amount}").format(amount=fmt.won(order.amount)),
    ]
    if order.tax_free:
        lines.append(
            QCoreApplication.translate("KeyInTab", "면세 금액: {amount}").format(
                amount=fmt.won(order.tax_free)
            )
        )
    lines.append(
        QCoreApplication.translate("KeyInTab", "할부: {quota}").format(quota=fmt.quota_text(order.card_quota))
    )
    lines.append(QCoreApplication.translate("KeyInTab", "구매자: {name}").format(name=order.buyer.name))
    lines.append(QCoreApplication.translate("KeyInTab", "주문명: {name}").format(name=order.order_name))
    lines.append(
        QCoreApplication.translate("KeyInTab", "{label}: {state}").format(
            label=birth_label, state=entered if order.card.birth else not_entered
        )
    )
    lines.append(
        QCoreApplication.translate("KeyInTab", "비밀번호 앞 2자리: {state}").format(
            state=entered if order.card.pwd_2digit else not_entered
        )
    )
    if save_card:
        lines.append("")
        lines.append(
            QCoreApplication.translate("KeyInTab", "카드 저장 동의: {text}").format(text=consent_text())
        )
    return "\n".join(lines)


def when_text(moment: float | None, today: date) -> str:
    """ "오늘 19시 42분" for today, else "2026-11-30 19시 42분"."""
    if not moment:
        return ""
    if datetime.fromtimestamp(moment).date() == today:
        return QCoreApplication.translate("KeyInTab", "오늘 {time}").format(time=fmt.clock_time(moment))
    return fmt.day_and_time(moment)


def duplicate_warning(order: KeyedCharge, rows: Sequence[SaleRow], today: date) -> tuple[str, str]:
    """(question, details) when the same card and amount was charged recently."""
    question = QCoreApplication.translate(
        "KeyInTab",
        "같은 카드({card})로 같은 금액 {amount}의 결제가 최근에 있었습니다. 그래도 다시 결제할까요?",
    ).format(card=order.card.number.masked, amount=fmt.won(order.amount))
    details = []
    for row in rows[:DUPLICATES_LISTED]:
        line = QCoreApplication.translate("KeyInTab", "이전 결제: {when} · {outcome}").format(
            when=when_text(row.paid_at or row.created_at, today), outcome=fmt.outcome_text(row.outcome)
        )
        if row.apply_num:
            line += " · " + QCoreApplication.translate("KeyInTab", "승인번호 {number}").format(
                number=row.apply_num
            )
        details.append(line)
    if len(rows) > DUPLICATES_LISTED:
        details.append(
            QCoreApplication.translate("KeyInTab", "외 {count}건").format(count=len(rows) - DUPLICATES_LISTED)
        )
    return question, "\n".join(details)
