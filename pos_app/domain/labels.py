"""The words a cashier or an accountant reads for the journal's codes: outcomes, 할부, receipt kinds.

One vocabulary for the screen, the slips and the exports. Each word is Korean source text marked with
``QT_TRANSLATE_NOOP("Formatting", ...)``: the window translates it (``pos_app.ui.shell.formatting``), the
exports write it as it is, because the files go to a Korean accountant and the tax office whatever
language the counter's screen is in. So a history export never carries an English code such as
``approved`` under a Korean header, and 할부 reads 일시불 / 3개월, never 0 / 3.
"""

from __future__ import annotations

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome

OUTCOME_WORDS: dict[Outcome, str] = {
    Outcome.PENDING: QT_TRANSLATE_NOOP("Formatting", "처리 중"),
    Outcome.APPROVED: QT_TRANSLATE_NOOP("Formatting", "승인"),
    Outcome.DECLINED: QT_TRANSLATE_NOOP("Formatting", "거절"),
    Outcome.MISMATCH: QT_TRANSLATE_NOOP("Formatting", "금액 불일치"),
    Outcome.UNKNOWN: QT_TRANSLATE_NOOP("Formatting", "확인 중"),
    Outcome.NOT_CHARGED: QT_TRANSLATE_NOOP("Formatting", "결제 안 됨"),
    Outcome.CANCELLED: QT_TRANSLATE_NOOP("Formatting", "취소"),
    Outcome.PARTIALLY_CANCELLED: QT_TRANSLATE_NOOP("Formatting", "부분취소"),
    Outcome.TEST_PAYMENT: QT_TRANSLATE_NOOP("Formatting", "테스트 결제(실제 돈 아님)"),
}

LUMP_SUM = QT_TRANSLATE_NOOP("Formatting", "일시불")
INSTALMENT_MONTHS = QT_TRANSLATE_NOOP("Formatting", "{months}개월")

# the kinds of row in the combined history (journal.activity): card sale, card cancel, cash receipt
ACTIVITY_KIND_WORDS: dict[str, str] = {
    "sale": QT_TRANSLATE_NOOP("Formatting", "카드 결제"),
    "cancel": QT_TRANSLATE_NOOP("Formatting", "카드 취소"),
    "receipt": QT_TRANSLATE_NOOP("Formatting", "현금영수증"),
}

RECEIPT_TYPE_WORDS: dict[str, str] = {
    "person": QT_TRANSLATE_NOOP("Formatting", "소득공제"),
    "company": QT_TRANSLATE_NOOP("Formatting", "지출증빙"),
}

IDENTIFIER_TYPE_WORDS: dict[str, str] = {
    "phone": QT_TRANSLATE_NOOP("Formatting", "휴대폰 번호"),
    "business": QT_TRANSLATE_NOOP("Formatting", "사업자번호"),
    "taxcard": QT_TRANSLATE_NOOP("Formatting", "현금영수증 카드"),
    "person": QT_TRANSLATE_NOOP("Formatting", "주민등록번호"),
}


def outcome_word(outcome: Outcome | str) -> str:
    """The Korean word for an outcome; a code this version does not know is returned as it is."""
    try:
        return OUTCOME_WORDS[Outcome(outcome)]
    except ValueError:
        return str(outcome)


def quota_word(card_quota: int) -> str:
    """0 or 1 → 일시불, n → n개월 (Korean source text; the window translates the template)."""
    if card_quota <= 1:
        return LUMP_SUM
    return INSTALMENT_MONTHS.format(months=card_quota)


def receipt_type_word(receipt_type: str) -> str:
    """소득공제 (person, the default) or 지출증빙 (company)."""
    return RECEIPT_TYPE_WORDS["company" if receipt_type == "company" else "person"]


def identifier_type_word(identifier_type: str) -> str:
    return IDENTIFIER_TYPE_WORDS.get(identifier_type, identifier_type)
