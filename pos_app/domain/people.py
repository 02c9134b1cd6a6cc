"""People at the counter: the three roles, what each action needs, and the rules for names and PINs.

Roles rank 점원 (cashier) < 관리자 (manager) < 사장 (owner). ``DEFAULT_RULES`` is the least role each
action needs; the owner may *tighten* it (``RoleRules.tightened``: an action can be made to need a higher
role, never a lower one than the default), so a shop can, for example, leave refunds to the owner alone.
Actions whose rule is below the owner can be *approved on the spot*: a manager or owner types their PIN
into the confirmation of a cashier's refund, and both names are recorded. The owner's own work (settings,
keys, people, the audit) is never approved on the spot: the owner signs in.

A PIN is 4–8 ASCII digits, not one digit repeated and not a straight run (1234, 98765): the two PINs
anyone tries first. A name is 1–16 printable characters, not digits only (so a PIN typed into the name
field by mistake is refused as a name and never kept), unique regardless of case and width (``name_key``).
Five wrong PINs in a row lock the person out for ``LOCKOUT_S`` seconds (``MAX_FAILURES``); a right PIN
resets the count.

Messages are Korean source text (context "FieldError") and never contain the PIN.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.free_text import bad_character, has_card_like_digits

PIN_MIN, PIN_MAX = 4, 8
NAME_MAX = 16
MAX_FAILURES = 5
LOCKOUT_S = 300.0  # five minutes
IDLE_MINUTES_DEFAULT = 5
IDLE_MINUTES_RANGE = (1, 120)

MSG_PIN_DIGITS = QT_TRANSLATE_NOOP("FieldError", "PIN은 숫자 {min}–{max}자리입니다.")
MSG_PIN_EASY = QT_TRANSLATE_NOOP(
    "FieldError", "너무 쉬운 PIN입니다(같은 숫자 반복이나 1234처럼 이어지는 숫자). 다른 PIN을 정하세요."
)
MSG_PIN_MISMATCH = QT_TRANSLATE_NOOP("FieldError", "두 번 입력한 PIN이 다릅니다.")
MSG_NAME_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "이름을 입력하세요.")
MSG_NAME_LONG = QT_TRANSLATE_NOOP("FieldError", "이름은 {max}자까지입니다.")
MSG_NAME_DIGITS = QT_TRANSLATE_NOOP(
    "FieldError", "이름은 숫자만으로 만들 수 없습니다(PIN과 헷갈리지 않도록)."
)
MSG_NAME_CHARACTERS = QT_TRANSLATE_NOOP("FieldError", "이름에 쓸 수 없는 문자가 있습니다.")


class Role(Enum):
    CASHIER = "cashier"
    MANAGER = "manager"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANK = {Role.CASHIER: 0, Role.MANAGER: 1, Role.OWNER: 2}
ROLES: tuple[Role, ...] = (Role.CASHIER, Role.MANAGER, Role.OWNER)
ROLE_LABELS: Mapping[Role, str] = {
    Role.CASHIER: QT_TRANSLATE_NOOP("People", "점원"),
    Role.MANAGER: QT_TRANSLATE_NOOP("People", "관리자"),
    Role.OWNER: QT_TRANSLATE_NOOP("People", "사장"),
}


class Action(Enum):
    """What a person may be asked to be allowed to do (the values are stored in the journal)."""

    CHARGE = "charge"  # key-in charge, and re-sending an open attempt
    CHARGE_AGAIN = "charge_again"  # charge a saved card
    REGISTER_CARD = "register_card"  # save a customer's card (billing key)
    ISSUE_RECEIPT = "issue_receipt"  # issue a cash receipt
    REFUND = "refund"  # full or partial cancel of a card payment: money leaves the shop
    CANCEL_RECEIPT = "cancel_receipt"  # cancel a cash receipt
    DELETE_CARD = "delete_card"  # delete a saved card at PortOne
    CLOSE_DAY = "close_day"  # the Z report (일 마감)
    SETTINGS = "settings"  # shop details, channel, counter
    KEYS = "keys"  # the PortOne API key and secret
    PEOPLE = "people"  # add people, change roles and PINs, the rule table
    AUDIT = "audit"  # read and export the 감사 기록


ACTION_LABELS: Mapping[Action, str] = {
    Action.CHARGE: QT_TRANSLATE_NOOP("People", "키인 결제"),
    Action.CHARGE_AGAIN: QT_TRANSLATE_NOOP("People", "등록 카드 재결제"),
    Action.REGISTER_CARD: QT_TRANSLATE_NOOP("People", "카드 등록"),
    Action.ISSUE_RECEIPT: QT_TRANSLATE_NOOP("People", "현금영수증 발행"),
    Action.REFUND: QT_TRANSLATE_NOOP("People", "환불(결제 취소)"),
    Action.CANCEL_RECEIPT: QT_TRANSLATE_NOOP("People", "현금영수증 취소"),
    Action.DELETE_CARD: QT_TRANSLATE_NOOP("People", "등록 카드 삭제"),
    Action.CLOSE_DAY: QT_TRANSLATE_NOOP("People", "일 마감(Z 리포트)"),
    Action.SETTINGS: QT_TRANSLATE_NOOP("People", "설정 변경"),
    Action.KEYS: QT_TRANSLATE_NOOP("People", "API 키 변경"),
    Action.PEOPLE: QT_TRANSLATE_NOOP("People", "사람·권한 관리"),
    Action.AUDIT: QT_TRANSLATE_NOOP("People", "감사 기록 보기"),
}

DEFAULT_RULES: Mapping[Action, Role] = {
    Action.CHARGE: Role.CASHIER,
    Action.CHARGE_AGAIN: Role.CASHIER,
    Action.REGISTER_CARD: Role.CASHIER,
    Action.ISSUE_RECEIPT: Role.CASHIER,
    Action.REFUND: Role.MANAGER,
    Action.CANCEL_RECEIPT: Role.MANAGER,
    Action.DELETE_CARD: Role.MANAGER,
    Action.CLOSE_DAY: Role.MANAGER,
    Action.SETTINGS: Role.OWNER,
    Action.KEYS: Role.OWNER,
    Action.PEOPLE: Role.OWNER,
    Action.AUDIT: Role.OWNER,
}
# the owner's own work: signed in as the owner, never approved on the spot
OWNER_WORK = frozenset({Action.SETTINGS, Action.KEYS, Action.PEOPLE, Action.AUDIT})


@dataclass(frozen=True)
class RoleRules:
    """The role table in force: the default, tightened by the owner. ``rules`` holds the changes only."""

    rules: Mapping[Action, Role] = field(default_factory=dict)

    def required(self, action: Action) -> Role:
        return self.rules.get(action, DEFAULT_RULES[action])

    def approvable(self, action: Action) -> bool:
        """A manager's or owner's PIN on the spot can stand in for the role (the owner's work: never)."""
        return action not in OWNER_WORK

    def tightened(self, changes: Mapping[Action, Role]) -> RoleRules:
        """The table with ``changes``; a change below the default is refused (ValueError)."""
        merged = dict(self.rules)
        for action, role in changes.items():
            if not role.at_least(DEFAULT_RULES[action]):
                raise ValueError(f"{action.value} cannot need less than {DEFAULT_RULES[action].value}")
            if role is DEFAULT_RULES[action]:
                merged.pop(action, None)
            else:
                merged[action] = role
        return RoleRules(merged)

    def as_stored(self) -> dict[str, str]:
        return {action.value: role.value for action, role in sorted(self.rules.items(), key=_by_value)}

    @classmethod
    def from_stored(cls, stored: Mapping[str, str] | None) -> RoleRules:
        """Read back what ``as_stored`` gave; an unknown action or role (a newer program) is skipped, and
        nothing below the default is ever taken."""
        changes: dict[Action, Role] = {}
        for key, value in (stored or {}).items():
            try:
                action, role = Action(key), Role(value)
            except ValueError:
                continue
            if role.at_least(DEFAULT_RULES[action]) and role is not DEFAULT_RULES[action]:
                changes[action] = role
        return cls(changes)


def _by_value(item: tuple[Action, Role]) -> str:
    return item[0].value


# ------------------------------------------------------------------------------------------------ PINs
def check_pin_rules(pin: str, field_name: str = "pin") -> str:
    """The PIN when a new one may be set; FieldError otherwise (the message never holds the PIN)."""
    if not (PIN_MIN <= len(pin) <= PIN_MAX) or not all("0" <= ch <= "9" for ch in pin):
        raise FieldError(field_name, MSG_PIN_DIGITS, min=PIN_MIN, max=PIN_MAX)
    if is_easy_pin(pin):
        raise FieldError(field_name, MSG_PIN_EASY)
    return pin


def is_easy_pin(pin: str) -> bool:
    """One digit repeated, or each digit one more (or one less) than the one before it."""
    if len(set(pin)) == 1:
        return True
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {-1})


def looks_like_pin(text: str) -> bool:
    """Digits only, of a PIN's length: what a name field must never keep."""
    stripped = text.strip()
    return stripped.isdigit() and len(stripped) <= PIN_MAX


# ----------------------------------------------------------------------------------------------- names
def clean_name(text: str, field_name: str = "name") -> str:
    """A person's name as kept: NFC, inner white space collapsed; FieldError when it cannot be one."""
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name:
        raise FieldError(field_name, MSG_NAME_REQUIRED)
    if len(name) > NAME_MAX:
        raise FieldError(field_name, MSG_NAME_LONG, max=NAME_MAX)
    if bad_character(name) or has_card_like_digits(name):
        raise FieldError(field_name, MSG_NAME_CHARACTERS)
    if name.replace(" ", "").isdecimal():
        raise FieldError(field_name, MSG_NAME_DIGITS)
    return name


def name_key(name: str) -> str:
    """What makes two names the same person: width, case and spacing do not count."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_idle_minutes(minutes: int) -> int:
    low, high = IDLE_MINUTES_RANGE
    if not (low <= minutes <= high):
        raise ValueError(f"idle minutes must be {low}–{high}")
    return minutes
