"""Test cards the sandbox knows: numbers that approve and numbers that decline, with KFTC card codes.

Listed in the README so a trainee can type them. Any other Luhn-valid number approves as a generic card.
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
)
