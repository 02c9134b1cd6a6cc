"""Which refusals from PortOne are definite, and which must be looked up before anything else is done.

A money call that PortOne answers with ``code != 0`` has usually not happened: the card was refused, a
field was wrong. But some refusals are PortOne relaying that the PG or the card issuer *did not answer in
time* (``[9981]카드사 응답시간 초과(통신장애)``): the issuer may have approved, and only PortOne's record,
read a while later, can say. Treating those as final declines lets the cashier charge again at once and
the customer pay twice. This table is the one place that decides; every kind of operation consults it.

Each rule names the reason it exists. Rules are tried in order; the first match decides; anything
unmatched is definite (a plain decline), which is what PortOne's ``code != 0`` means in general.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pos_app.journal.records import OperationKind


class Verdict(StrEnum):
    DEFINITE = "definite"  # nothing happened: record the refusal as final
    LOOK_UP_FIRST = "look_up_first"  # may have happened: the operation stays open until the record decides
    KEY_GONE = "key_gone"  # the saved card does not exist at PortOne: mark it gone, ask to register again
    BALANCE_CHANGED = "balance_changed"  # a refund refused because PortOne's balance is not ours: re-read it


@dataclass(frozen=True)
class RefusalRule:
    pattern: re.Pattern[str]
    verdict: Verdict
    why: str
    kinds: frozenset[OperationKind] | None = None  # None: every kind


_ALL_MONEY: frozenset[OperationKind] = frozenset(
    {
        "sale",
        "cancel",
        "billing_key_issue",
        "billing_key_delete",
        "receipt_issue",
        "receipt_cancel",
        "schedule_create",
        "schedule_move",
        "schedule_revoke",
        "schedule_reschedule",
        "schedule_retry",
    }
)

RULES: tuple[RefusalRule, ...] = (
    RefusalRule(
        re.compile(r"등록되지\s*않은\s*구매자|customer_uid.*(찾을\s*수\s*없|not\s*found)", re.IGNORECASE),
        Verdict.KEY_GONE,
        "PortOne has no billing key under this customer_uid (deleted in the console or at another counter): "
        "nothing was charged, and the saved card must be registered again; it is not a card decline.",
        frozenset({"sale"}),
    ),
    RefusalRule(
        re.compile(
            r"checksum|취소\s*가능\s*(금액|잔액)|잔액.*(일치|다릅|맞지)|cancelable\s*amount|이미\s*전액\s*취소",
            re.IGNORECASE,
        ),
        Verdict.BALANCE_CHANGED,
        "PortOne refused the refund because its cancellable balance is not what we sent as checksum (a "
        "refund "
        "was made elsewhere, or ours already went through): re-read the payment and show the real balance.",
        frozenset({"cancel"}),
    ),
    RefusalRule(
        re.compile(r"\[9981\]|응답\s*시간\s*(이\s*)?초과|시간\s*초과|timed?\s*-?\s*out", re.IGNORECASE),
        Verdict.LOOK_UP_FIRST,
        "The PG or the card issuer did not answer PortOne in time. The issuer may have approved and the net "
        "cancel is not guaranteed: only PortOne's record, read after the not-charged window, can tell.",
        _ALL_MONEY,
    ),
    RefusalRule(
        re.compile(
            r"통신\s*(장애|오류|에러|실패)|네트워크|network|connection|연결\s*(오류|실패|끊)", re.IGNORECASE
        ),
        Verdict.LOOK_UP_FIRST,
        "A communication fault between PortOne, the PG and the issuer: the request may have been processed "
        "on the far side of the fault.",
        _ALL_MONEY,
    ),
    RefusalRule(
        re.compile(
            r"시스템\s*(오류|장애|에러)|system\s*error|내부\s*(오류|에러)|일시적|잠시\s*후\s*다시|"
            r"처리\s*중|\[9999\]|\[99\d\d\]",
            re.IGNORECASE,
        ),
        Verdict.LOOK_UP_FIRST,
        "A PG-side system error or 'processing, try later': says nothing definite about the request itself.",
        _ALL_MONEY,
    ),
    RefusalRule(
        re.compile(r"이미\s*(결제|승인|처리|발급)|중복|already|duplicate", re.IGNORECASE),
        Verdict.LOOK_UP_FIRST,
        "'Already paid / issued / duplicate' for our own id means a record with it exists: a late first "
        "request or a resend landed. The record decides what it is.",
        # a schedule sent again under its own merchant_uid after PortOne showed none: "이미 결제예약 …"
        frozenset({"sale", "receipt_issue", "billing_key_issue", "schedule_create"}),
    ),
)


def judge(kind: OperationKind, message: str | None) -> RefusalRule | None:
    """The rule that decides this refusal, or None: a definite refusal."""
    text = message or ""
    for rule in RULES:
        if (rule.kinds is None or kind in rule.kinds) and rule.pattern.search(text):
            return rule
    return None


def verdict_of(kind: OperationKind, message: str | None) -> Verdict:
    rule = judge(kind, message)
    return rule.verdict if rule is not None else Verdict.DEFINITE
