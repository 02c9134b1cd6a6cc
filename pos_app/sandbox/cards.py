"""Test cards the sandbox knows: numbers that approve and numbers that decline, with KFTC card codes.

Listed in the README so a trainee can type them. Any other Luhn-valid number approves as a generic card.

Three cards answer the PG-timeout refusal ``결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)``,
each with a different truth behind it: UNREACHABLE records a ``failed`` payment at once; LATE_APPROVAL is
approved by the card company later (``late.py``: the payment appears or turns ``paid`` when the sandbox
clock passes the delay); PG_TIMEOUT is never charged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Behaviour(StrEnum):
    APPROVE = "approve"
    LIMIT = "limit"  # issuer refuses: monthly limit exceeded
    LOST = "lost"  # issuer refuses: card reported lost or stolen
    INVALID = "invalid"  # issuer says the number is not a valid card
    UNREACHABLE = "unreachable"  # the card company does not answer
    SUSPENDED = "suspended"  # issuer refuses, reported the other way: code 0 with status "failed"
    LATE_APPROVAL = "late_approval"  # refused as a PG timeout, yet approved later (late.py)
    PG_TIMEOUT = "pg_timeout"  # refused as a PG timeout, and never charged (late.py)


@dataclass(frozen=True)
class TestCard:
    number: str  # 16 digits, no separators
    card_code: str  # KFTC card company code as PortOne reports it
    card_name: str
    card_type: int  # 0 credit, 1 check
    behaviour: Behaviour


APPROVE_CREDIT = "4518420000000007"
APPROVE_CHECK = "4579730000000005"
APPROVE_SAMSUNG = "4499140000000004"
APPROVE_HYUNDAI = "4330280000000001"
APPROVE_BC = "9430030000000008"
APPROVE_LOTTE = "4670090000000002"
APPROVE_NH = "5461120000000007"
APPROVE_HANA = "4048250000000007"
APPROVE_WOORI = "5155940000000009"
DECLINE_LIMIT = "4518420000009008"
DECLINE_LOST = "4579730000009006"
DECLINE_INVALID = "4499140000009005"
DECLINE_UNREACHABLE = "9430030000009009"
DECLINE_SUSPENDED = "4330280000009002"
LATE_APPROVAL = "4518420000009107"
PG_TIMEOUT_NOT_CHARGED = "4579730000009105"

TEST_CARDS: tuple[TestCard, ...] = (
    TestCard(APPROVE_CREDIT, "366", "신한카드", 0, Behaviour.APPROVE),
    TestCard(APPROVE_CHECK, "381", "KB국민카드", 1, Behaviour.APPROVE),
    TestCard(APPROVE_SAMSUNG, "365", "삼성카드", 0, Behaviour.APPROVE),
    TestCard(APPROVE_HYUNDAI, "367", "현대카드", 0, Behaviour.APPROVE),
    TestCard(APPROVE_BC, "361", "BC카드", 0, Behaviour.APPROVE),
    TestCard(APPROVE_LOTTE, "368", "롯데카드", 0, Behaviour.APPROVE),
    TestCard(APPROVE_NH, "371", "NH농협카드", 1, Behaviour.APPROVE),
    TestCard(APPROVE_HANA, "374", "하나카드", 0, Behaviour.APPROVE),
    TestCard(APPROVE_WOORI, "041", "우리카드", 0, Behaviour.APPROVE),
    TestCard(DECLINE_LIMIT, "366", "신한카드", 0, Behaviour.LIMIT),
    TestCard(DECLINE_LOST, "381", "KB국민카드", 0, Behaviour.LOST),
    TestCard(DECLINE_INVALID, "365", "삼성카드", 0, Behaviour.INVALID),
    TestCard(DECLINE_UNREACHABLE, "361", "BC카드", 0, Behaviour.UNREACHABLE),
    TestCard(DECLINE_SUSPENDED, "367", "현대카드", 0, Behaviour.SUSPENDED),
    TestCard(LATE_APPROVAL, "366", "신한카드", 0, Behaviour.LATE_APPROVAL),
    TestCard(PG_TIMEOUT_NOT_CHARGED, "381", "KB국민카드", 0, Behaviour.PG_TIMEOUT),
)

# The refusal of every PG-timeout card, as PortOne relays KSNET's answer.
PG_TIMEOUT_MESSAGE = "결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)"
# Cards that register as a billing key without trouble; what they do shows when they are charged.
REGISTERS_FINE = frozenset(
    {Behaviour.APPROVE, Behaviour.LIMIT, Behaviour.LATE_APPROVAL, Behaviour.PG_TIMEOUT}
)

# What the issuer says, as PortOne relays it (issuer code in brackets, as in observed replies).
DECLINE_MESSAGES: dict[Behaviour, str] = {
    Behaviour.LIMIT: "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과",
    Behaviour.LOST: "결제승인에 실패하였습니다. [7001]분실/도난 신고된 카드입니다.",
    Behaviour.INVALID: "유효하지않은 카드번호를 입력하셨습니다.",
    Behaviour.UNREACHABLE: PG_TIMEOUT_MESSAGE,
    Behaviour.SUSPENDED: "결제승인에 실패하였습니다. [2005]거래정지된 카드입니다.",
    Behaviour.LATE_APPROVAL: PG_TIMEOUT_MESSAGE,
    Behaviour.PG_TIMEOUT: PG_TIMEOUT_MESSAGE,
}
INVALID_NUMBER_MESSAGE = DECLINE_MESSAGES[Behaviour.INVALID]
EXPIRED_MESSAGE = "결제승인에 실패하였습니다. [8333]유효기간이 경과하였거나 잘못 입력되었습니다."
BILLING_KEY_FAILED_PREFIX = "카드정보 인증 및 빌키 발급에 실패하였습니다."

# Foreign brands PortOne reports for cards outside the Korean issuers' BIN ranges.
_FOREIGN_BRANDS: tuple[tuple[str, str, str], ...] = (
    ("34", "AMX", "해외아멕스"),
    ("37", "AMX", "해외아멕스"),
    ("35", "JCB", "해외JCB"),
    ("4", "VIS", "해외비자"),
    ("5", "MAS", "해외마스터"),
)


def luhn_valid(digits: str) -> bool:
    """The mod-10 check every card number carries in its last digit."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_for(digits: str) -> TestCard:
    """The sandbox's view of a Luhn-valid number: a listed test card, or a generic approving card.

    A generic card takes the company of a listed card with the same BIN, else a foreign brand by its
    leading digits, else BC카드 (the domestic processor for most unbranded numbers).
    """
    for card in TEST_CARDS:
        if card.number == digits:
            return card
    for card in TEST_CARDS:
        if card.number[:6] == digits[:6]:
            return TestCard(digits, card.card_code, card.card_name, card.card_type, Behaviour.APPROVE)
    for prefix, code, name in _FOREIGN_BRANDS:
        if digits.startswith(prefix):
            return TestCard(digits, code, name, 0, Behaviour.APPROVE)
    return TestCard(digits, "361", "BC카드", 0, Behaviour.APPROVE)


def mask_number(digits: str) -> str:
    """PortOne's mask: the first six and last four digits stay, the middle becomes '*'."""
    if len(digits) <= 10:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
