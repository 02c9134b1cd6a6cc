"""What the app tells the owner about recurring plans' payments: Korean source texts, "Settlement" context.

Announcements (``Announcement.text``) and messages recorded on a planned payment. Placeholders:
``{label}`` customer and order, ``{amount}`` won (an int; the window groups it), ``{day}`` the day it
runs (ISO, the shop's calendar), ``{reason}`` PortOne's words, ``{apply_num}``.
"""

from __future__ import annotations

from pos_app.domain.errors import QT_TRANSLATE_NOOP

# --- what PortOne did on its own (polling) ----------------------------------------------------------------
PAID = QT_TRANSLATE_NOOP(
    "Settlement", "정기결제가 결제되었습니다: {label} {amount}원 ({day}, 승인번호 {apply_num})."
)
FAILED = QT_TRANSLATE_NOOP(
    "Settlement",
    "정기결제가 실패했습니다: {label} {amount}원 ({day}). PortOne: {reason}. 정기결제 탭에서 지금 다시 결제, "
    "다시 예약 또는 일시중지를 고르세요.",
)
PAID_AFTER_FAILURE = QT_TRANSLATE_NOOP(
    "Settlement",
    "실패로 보였던 정기결제가 늦게 승인되었습니다: {label} {amount}원 ({day}, 승인번호 {apply_num}). "
    "그 사이 다시 결제했다면 하나를 취소하세요.",
)
REVOKED_ELSEWHERE = QT_TRANSLATE_NOOP(
    "Settlement",
    "정기결제 예약이 이 계산대 밖에서(PortOne 관리자 화면) 취소되었습니다: {label} {amount}원 ({day}).",
)
MISSED = QT_TRANSLATE_NOOP(
    "Settlement",
    "정기결제 {day} 회차를 예약하지 못했습니다(예약할 시각이 이미 지났습니다: 프로그램이 꺼져 있었습니다): "
    "{label} {amount}원. 필요하면 등록 카드로 결제하세요.",
)
MISSED_NOTE = QT_TRANSLATE_NOOP(
    "Settlement", "예약할 시각이 지나 예약하지 못했습니다 (그동안 프로그램이 꺼져 있었습니다)."
)
PLAN_COMPLETED = QT_TRANSLATE_NOOP("Settlement", "정해진 결제를 모두 마쳤습니다.")
PLAN_CARD_DELETED = QT_TRANSLATE_NOOP("Settlement", "카드가 삭제되어 정기결제를 끝냈습니다.")

# --- what the engine found after a lost answer --------------------------------------------------------
SCHEDULED = QT_TRANSLATE_NOOP("Settlement", "정기결제 예약이 확인되었습니다: {label} {amount}원 ({day}).")
NOT_SCHEDULED = QT_TRANSLATE_NOOP(
    "Settlement",
    "정기결제 예약이 되지 않았습니다: {label} {amount}원 ({day}). "
    "같은 주문번호로 다음 확인 때 다시 예약합니다.",
)
MOVED = QT_TRANSLATE_NOOP("Settlement", "정기결제 날짜 변경이 확인되었습니다: {label} {amount}원 ({day}).")
NOT_MOVED = QT_TRANSLATE_NOOP(
    "Settlement", "정기결제 날짜가 바뀌지 않았습니다: {label} {amount}원. 원래 날짜({day})에 결제됩니다."
)
REVOKED = QT_TRANSLATE_NOOP("Settlement", "정기결제 예약 취소가 확인되었습니다: {label} {amount}원 ({day}).")
NOT_REVOKED = QT_TRANSLATE_NOOP(
    "Settlement",
    "정기결제 예약이 취소되지 않았습니다: {label} {amount}원. {day}에 결제됩니다. 다시 취소하세요.",
)
RETRY_NOT_MADE = QT_TRANSLATE_NOOP(
    "Settlement",
    "정기결제 다시 결제가 되지 않았습니다: {label} {amount}원. PortOne에 새 결제 기록이 없습니다.",
)
RETRY_DECLINED = QT_TRANSLATE_NOOP(
    "Settlement", "정기결제 다시 결제가 거절되었습니다: {label} {amount}원. PortOne: {reason}."
)

# --- recorded messages (final states a lookup decided) -------------------------------------------------
NO_SCHEDULE = QT_TRANSLATE_NOOP(
    "Settlement", "PortOne에 이 예약이 없습니다. 기다리는 시간이 지나 예약되지 않은 것으로 정리했습니다."
)
STILL_AT_OLD_TIME = QT_TRANSLATE_NOOP(
    "Settlement", "PortOne의 예약 시각이 그대로입니다. 기다리는 시간이 지나 바뀌지 않은 것으로 정리했습니다."
)
STILL_SCHEDULED = QT_TRANSLATE_NOOP(
    "Settlement",
    "PortOne에 예약이 아직 살아 있습니다. 기다리는 시간이 지나 취소되지 않은 것으로 정리했습니다.",
)
ALREADY_RAN = QT_TRANSLATE_NOOP("Settlement", "예약이 이미 실행되었습니다(PortOne 기록).")
NO_SUCH_SCHEDULE = QT_TRANSLATE_NOOP("Settlement", "PortOne에 이 예약이 없습니다(결제되지 않습니다).")
NO_NEW_PAYMENT = QT_TRANSLATE_NOOP(
    "Settlement",
    "PortOne에 새 결제 기록이 없습니다. 기다리는 시간이 지나 결제되지 않은 것으로 정리했습니다.",
)
