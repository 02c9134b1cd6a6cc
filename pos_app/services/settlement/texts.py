"""What the settlement engine tells the cashier: Korean source texts in the "Settlement" context.

Two kinds of text: *doing* — what the app is doing about an open operation right now (shown in the list
of open operations, refreshed as it changes) — and *announcements* — what an operation turned out to be
after the cashier last saw it as "확인 중" (shown loudly when money is wrong: not made, made late,
charged twice). Placeholders: ``{label}`` buyer/customer and masked card or identifier, ``{amount}`` won
(an int; the window formats it), ``{apply_num}``, ``{seconds}``.
"""

from __future__ import annotations

from pos_app.domain.errors import QT_TRANSLATE_NOOP

# --- doing ---------------------------------------------------------------------------------------------
DOING_SENDING = QT_TRANSLATE_NOOP("Settlement", "PortOne에 요청을 보내고 답을 기다리는 중")
DOING_LOOKUP_FAILED = QT_TRANSLATE_NOOP("Settlement", "PortOne 조회가 되지 않았습니다. 곧 다시 확인합니다")
DOING_WAITING_FOR_RECORD = QT_TRANSLATE_NOOP(
    "Settlement", "PortOne에 아직 기록이 없습니다. 기록이 생기는지 {seconds}초 더 확인합니다"
)
DOING_PROCESSING_AT_PORTONE = QT_TRANSLATE_NOOP(
    "Settlement", "PortOne에서 아직 처리 중입니다. 다시 확인합니다"
)
DOING_PG_TIMEOUT = QT_TRANSLATE_NOOP(
    "Settlement", "카드사 응답이 늦었습니다. 승인되었는지 PortOne 기록으로 확인하는 중 ({seconds}초 더)"
)
DOING_CHECKING_NOW = QT_TRANSLATE_NOOP("Settlement", "지금 PortOne에 확인하는 중")
DOING_SCHEDULED = QT_TRANSLATE_NOOP("Settlement", "{seconds}초 뒤 다시 확인합니다")

# --- announcements: sales ------------------------------------------------------------------------------
SALE_NOT_MADE = QT_TRANSLATE_NOOP(
    "Settlement",
    "결제되지 않았습니다: {label} {amount}원. PortOne에 결제 기록이 없습니다. 필요하면 다시 결제하세요.",
)
SALE_MADE = QT_TRANSLATE_NOOP(
    "Settlement", "결제가 확인되었습니다: {label} {amount}원 (승인번호 {apply_num})."
)
SALE_MADE_LATE = QT_TRANSLATE_NOOP(
    "Settlement",
    "결제되지 않은 것으로 정리했던 결제가 늦게 승인되었습니다: {label} {amount}원 (승인번호 {apply_num}). "
    "그 사이 다시 결제했다면 하나를 취소하세요.",
)
SALE_DOUBLE = QT_TRANSLATE_NOOP(
    "Settlement", "같은 주문이 두 번 결제되었습니다: {label} {amount}원. 거래내역에서 하나를 취소하세요."
)
SALE_TEST = QT_TRANSLATE_NOOP(
    "Settlement",
    "테스트 채널 결제입니다. 실제로 돈이 움직이지 않았습니다: {label} {amount}원. 상품을 내주지 마세요.",
)
KEY_GONE = QT_TRANSLATE_NOOP(
    "Settlement", "저장된 카드가 PortOne에 없습니다(삭제됨): {label}. 카드를 다시 등록하세요."
)

# --- announcements: refunds ----------------------------------------------------------------------------
REFUND_NOT_MADE = QT_TRANSLATE_NOOP(
    "Settlement",
    "환불되지 않았습니다: {label} {amount}원. 고객에게 돈이 돌아가지 않았습니다. 다시 취소하세요.",
)
REFUND_MADE = QT_TRANSLATE_NOOP("Settlement", "환불이 확인되었습니다: {label} {amount}원.")
REFUND_ELSEWHERE = QT_TRANSLATE_NOOP(
    "Settlement",
    "이 계산대가 하지 않은 환불 {amount}원이 PortOne에 있습니다(관리자 화면이나 다른 계산대): {label}. "
    "거래 기록을 PortOne에 맞췄습니다.",
)

# --- announcements: saved cards ------------------------------------------------------------------------
KEY_NOT_MADE = QT_TRANSLATE_NOOP("Settlement", "카드 등록이 되지 않았습니다: {label}. 다시 등록하세요.")
KEY_MADE = QT_TRANSLATE_NOOP("Settlement", "카드 등록이 확인되었습니다: {label}.")
DELETE_NOT_MADE = QT_TRANSLATE_NOOP(
    "Settlement", "카드 삭제가 되지 않았습니다: {label}. 카드가 아직 PortOne에 등록되어 있습니다."
)
DELETE_MADE = QT_TRANSLATE_NOOP("Settlement", "카드 삭제가 확인되었습니다: {label}.")

# --- announcements: cash receipts ----------------------------------------------------------------------
RECEIPT_NOT_MADE = QT_TRANSLATE_NOOP(
    "Settlement", "현금영수증이 발급되지 않았습니다: {label} {amount}원. 다시 발급하세요."
)
RECEIPT_MADE = QT_TRANSLATE_NOOP(
    "Settlement", "현금영수증 발급이 확인되었습니다: {label} {amount}원 (승인번호 {apply_num})."
)
RECEIPT_CANCEL_NOT_MADE = QT_TRANSLATE_NOOP(
    "Settlement", "현금영수증이 취소되지 않았습니다: {label} {amount}원. 영수증이 아직 유효합니다."
)
RECEIPT_CANCEL_MADE = QT_TRANSLATE_NOOP("Settlement", "현금영수증 취소가 확인되었습니다: {label} {amount}원.")

# --- what a final state means, in one phrase (results of "지금 확인") ------------------------------------
NO_RECORD_NOT_CHARGED = QT_TRANSLATE_NOOP(
    "Settlement", "PortOne에 기록이 없습니다. 기다리는 시간이 지나 청구되지 않은 것으로 정리했습니다."
)
NO_REFUND_IN_RECORD = QT_TRANSLATE_NOOP(
    "Settlement",
    "PortOne의 환불 내역에 이 환불이 없습니다. 기다리는 시간이 지나 환불되지 않은 것으로 정리했습니다.",
)
KEY_STILL_THERE = QT_TRANSLATE_NOOP(
    "Settlement", "PortOne에 카드가 아직 있습니다. 기다리는 시간이 지나 삭제되지 않은 것으로 정리했습니다."
)
RECEIPT_STILL_VALID = QT_TRANSLATE_NOOP(
    "Settlement",
    "PortOne에서 영수증이 아직 유효합니다. 기다리는 시간이 지나 취소되지 않은 것으로 정리했습니다.",
)
RECEIPT_GONE = QT_TRANSLATE_NOOP("Settlement", "PortOne에 이 현금영수증이 없습니다(취소된 것으로 봅니다).")
