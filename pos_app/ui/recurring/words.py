"""How the recurring-plan screens say things: a plan's rule, a plan's and a payment's state, in words.

Every text is Korean source marked for translation in the "Recurring" context (English in
resources/i18n) and translated where it is shown; amounts and dates go through ``ui.shell.formatting``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.domain.recurrence import Recurrence
    from pos_app.services.recurring import PlanRow, SlotRow

_CONTEXT = "Recurring"


def tr(source: str) -> str:
    """A text marked with ``QT_TRANSLATE_NOOP("Recurring", …)``, in the window's language."""
    return QCoreApplication.translate(_CONTEXT, source)


_WEEKDAYS = (
    QT_TRANSLATE_NOOP("Recurring", "월요일"),
    QT_TRANSLATE_NOOP("Recurring", "화요일"),
    QT_TRANSLATE_NOOP("Recurring", "수요일"),
    QT_TRANSLATE_NOOP("Recurring", "목요일"),
    QT_TRANSLATE_NOOP("Recurring", "금요일"),
    QT_TRANSLATE_NOOP("Recurring", "토요일"),
    QT_TRANSLATE_NOOP("Recurring", "일요일"),
)
_PLAN_STATES = {
    "active": QT_TRANSLATE_NOOP("Recurring", "진행 중"),
    "paused": QT_TRANSLATE_NOOP("Recurring", "일시중지"),
    "ended": QT_TRANSLATE_NOOP("Recurring", "끝남"),
}
_SLOT_STATES = {
    "pending": QT_TRANSLATE_NOOP("Recurring", "예약 확인 중"),
    "scheduled": QT_TRANSLATE_NOOP("Recurring", "예약됨"),
    "paid": QT_TRANSLATE_NOOP("Recurring", "결제됨"),
    "failed": QT_TRANSLATE_NOOP("Recurring", "실패"),
    "cancelled": QT_TRANSLATE_NOOP("Recurring", "결제 후 취소됨"),
    "revoked": QT_TRANSLATE_NOOP("Recurring", "예약 취소됨"),
    "missed": QT_TRANSLATE_NOOP("Recurring", "예약 못 함"),
    "not_scheduled": QT_TRANSLATE_NOOP("Recurring", "예약 안 됨"),
    "refused": QT_TRANSLATE_NOOP("Recurring", "예약 거절됨"),
}
# red for what needs the owner, green for money taken, grey for what will not happen
SLOT_COLOURS = {
    "failed": "#c62828",
    "missed": "#c62828",
    "refused": "#c62828",
    "not_scheduled": "#b05a00",
    "pending": "#b05a00",
    "paid": "#2e7d32",
    "revoked": "#757575",
    "cancelled": "#757575",
}


def weekday_text(day: date) -> str:
    return tr(str(_WEEKDAYS[day.weekday()]))


def rule_text(rule: Recurrence) -> str:
    """매월 31일 (짧은 달은 말일) · 2027-01-31부터 · 12회 — the plan's dates in one line."""
    if rule.kind == "monthly":
        if rule.day_of_month >= 29:
            what = QCoreApplication.translate("Recurring", "매월 {day}일 (짧은 달은 말일)")
        else:
            what = QCoreApplication.translate("Recurring", "매월 {day}일")
        what = what.format(day=rule.day_of_month)
    elif rule.kind == "weekly":
        if rule.every_weeks == 1:
            what = QCoreApplication.translate("Recurring", "매주 {weekday}")
        else:
            what = QCoreApplication.translate("Recurring", "{weeks}주마다 {weekday}")
        what = what.format(weeks=rule.every_weeks, weekday=weekday_text(rule.start))
    else:
        what = QCoreApplication.translate("Recurring", "지정한 날짜 {count}번").format(count=len(rule.dates))
    parts = [what]
    if rule.kind != "dates":
        parts.append(
            QCoreApplication.translate("Recurring", "{day}부터").format(day=fmt.short_date(rule.start))
        )
    if rule.end is not None:
        parts.append(
            QCoreApplication.translate("Recurring", "{day}까지").format(day=fmt.short_date(rule.end))
        )
    if rule.count is not None:
        parts.append(QCoreApplication.translate("Recurring", "{count}회").format(count=rule.count))
    if rule.open_ended:
        parts.append(QCoreApplication.translate("Recurring", "해지할 때까지"))
    return " · ".join(parts)


def plan_state_text(plan: PlanRow) -> str:
    source = _PLAN_STATES.get(plan.state)
    return tr(str(source)) if source is not None else plan.state


def slot_state_text(slot: SlotRow) -> str:
    source = _SLOT_STATES.get(slot.state)
    text = tr(str(source)) if source is not None else slot.state
    if slot.open_op is not None and slot.state != "pending":
        text += " · " + QCoreApplication.translate("Recurring", "요청 확인 중")
    return text


def slot_note(slot: SlotRow) -> str:
    """PortOne's reason for a failure, else the app's note on the payment (as PortOne or the app said it)."""
    if slot.state == "failed" and slot.fail_reason:
        return fmt.cashier_message(slot.fail_reason)
    if slot.message:
        return QCoreApplication.translate("Settlement", slot.message)
    return ""


def plan_title(plan: PlanRow, rule: Recurrence) -> str:
    return QCoreApplication.translate("Recurring", "{order} · {amount} · {rule}").format(
        order=plan.order_name, amount=fmt.won(plan.amount), rule=rule_text(rule)
    )


def when_text(schedule_at: int) -> str:
    """The day and time a payment runs, as the counter writes times (2026-12-31 10시 00분)."""
    return fmt.day_and_time(schedule_at)


def card_delete_warning(scheduled: int | None) -> str:
    """Said before a saved card with scheduled payments is deleted (PortOne: check schedules first);
    ``scheduled`` None: not known yet (the customer's plans are still being read)."""
    if scheduled is None:
        return QCoreApplication.translate(
            "Recurring",
            "이 카드에 예약된 정기결제가 있으면 먼저 PortOne에서 모두 취소하고 정기결제를 끝냅니다. "
            "카드 삭제는 되돌릴 수 없습니다.",
        )
    return QCoreApplication.translate(
        "Recurring",
        "이 카드에 예약된 정기결제가 {count}건 있습니다. 삭제하면 먼저 PortOne에서 예약을 모두 취소하고 "
        "정기결제를 끝냅니다. 카드 삭제는 되돌릴 수 없습니다.",
    ).format(count=scheduled)
