"""Who may do what, decided at the services layer: the signed-in person, approvals on the spot, refusals.

**The session** (``Session``) is the person signed in, kept in memory only, in a ``ContextVar``: the
window enters the person on its GUI thread, and its runner (``workers``) runs every job in a copy of the
context it was submitted from. So a call sees the person who was signed in when the cashier pressed the
button, whatever happens on the counter after (a switch of person takes a PIN and seconds; a call starts
within a millisecond, and a queued one still keeps its submitter). Nothing is read from the disk to decide:
the charge path costs a dictionary look-up.

**The decision** (``decide``): with nobody set up at all (a fresh test journal, the sandbox before its
owner exists) the counter is *unmanaged* and every call runs as the run's operator, as before people
existed. Once a person exists, every guarded call needs someone signed in; the role table
(``domain.people.RoleRules``) says which role the action needs; a person below it needs an ``Approval``:
a manager's or owner's PIN checked a moment before (``PeopleService.approve``), for this action (and this
sale, receipt or card: its ``subject``), used once within two minutes — a Z report's approval lasts
fifteen minutes and any number of reports, the time of one day-close dialog. The writer of the call is
then the person signed in, with the approver beside them (``journal.writer``).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.people import ACTION_LABELS, ROLE_LABELS, Action, Role, RoleRules
from pos_app.journal.writer import Writer
from pos_app.services.errors import ServiceError

AccessKind = Literal[
    "signed_out",  # nobody is signed in (or the person was removed meanwhile)
    "approval_needed",  # the role is below the action's; a manager's or owner's approval can stand in
    "owner_only",  # the owner's own work: the owner signs in
    "approval_invalid",  # the approval is for another action, used, expired, or its approver cannot now
    "unknown_person",  # no active person of that name
    "wrong_pin",
    "locked",
    "role_too_low",  # the approver's role is below what the action needs
    "last_owner",  # the change would leave the shop without an active owner
    "first_is_owner",  # the first person set up is the owner
]
APPROVAL_LIFE_S = 120.0
REUSABLE_APPROVAL_S: Mapping[Action, float] = {Action.CLOSE_DAY: 900.0}

MSG_SIGNED_OUT = QT_TRANSLATE_NOOP("ServiceError", "먼저 로그인하세요 (이름과 PIN).")
MSG_APPROVAL_NEEDED = QT_TRANSLATE_NOOP(
    "ServiceError", "{action}은(는) {role} 이상이 할 수 있습니다. {role} 이상의 승인(이름과 PIN)을 받으세요."
)
MSG_OWNER_ONLY = QT_TRANSLATE_NOOP("ServiceError", "{action}은(는) 사장이 로그인해서 할 수 있습니다.")
MSG_APPROVAL_INVALID = QT_TRANSLATE_NOOP(
    "ServiceError", "승인이 이 작업의 것이 아니거나 시간이 지났습니다. 다시 승인받으세요."
)
MSG_UNKNOWN_PERSON = QT_TRANSLATE_NOOP(
    "ServiceError", "그 이름으로 로그인할 수 있는 사람이 없습니다(없거나 사용 중지됨). 이름을 확인하세요."
)
MSG_WRONG_PIN = QT_TRANSLATE_NOOP(
    "ServiceError", "PIN이 맞지 않습니다. {left}번 더 틀리면 {minutes}분 동안 잠깁니다."
)
MSG_LOCKED = QT_TRANSLATE_NOOP(
    "ServiceError", "{name}님은 PIN을 여러 번 틀려 {until}까지 잠겼습니다. 사장이 PIN을 새로 정하면 풀립니다."
)
MSG_ROLE_TOO_LOW = QT_TRANSLATE_NOOP("ServiceError", "{name}님({role})은 {action}을(를) 승인할 수 없습니다.")
MSG_LAST_OWNER = QT_TRANSLATE_NOOP("ServiceError", "사장이 한 명은 있어야 합니다. 다른 사장을 먼저 만드세요.")
MSG_FIRST_IS_OWNER = QT_TRANSLATE_NOOP("ServiceError", "처음 만드는 사람은 사장입니다.")


class AccessRefused(ServiceError):
    """A refusal about who may do what; ``kind`` says which (the message is for the person at the counter)."""

    def __init__(self, kind: AccessKind, message: str, **params: object) -> None:
        super().__init__("access", message, params=params)
        self.kind: AccessKind = kind


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in (no PIN, no hash); ``generation`` ties it to the people of one journal."""

    person_id: int
    name: str
    generation: int


@dataclass(frozen=True)
class Approval:
    """A manager's or owner's PIN, checked for one action on one thing; hand it to the call it approves."""

    token: str = field(repr=False)
    action: Action
    subject: str
    approver_id: int
    approver: str
    issued: float  # monotonic


class Session:
    """The signed-in person of this counter, per context (see the module docstring)."""

    def __init__(self) -> None:
        # one variable per session object (a process may hold two counters' services, as the tests do)
        self._var: ContextVar[SignedIn | None] = ContextVar(f"pos_app_signed_in_{id(self)}", default=None)

    def current(self) -> SignedIn | None:
        return self._var.get()

    def enter(self, signed: SignedIn | None) -> None:
        """Set who is signed in, in the calling thread's context (the window: its GUI thread)."""
        self._var.set(signed)


class Approvals:
    """The approvals handed out and not used yet (memory only; a restart forgets them, on purpose)."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._open: dict[str, Approval] = {}

    def issue(self, action: Action, subject: str, approver_id: int, approver: str) -> Approval:
        approval = Approval(secrets.token_hex(16), action, subject, approver_id, approver, self._monotonic())
        with self._lock:
            now = approval.issued
            self._open = {t: a for t, a in self._open.items() if now - a.issued < _life(a.action)}
            self._open[approval.token] = approval
        return approval

    def take(self, approval: Approval, action: Action, subject: str) -> Approval:
        """The approval when it is one of ours, for ``action`` on ``subject`` and fresh; used up unless the
        action's approvals last (the Z report). AccessRefused otherwise."""
        with self._lock:
            mine = self._open.get(approval.token)
            fresh = mine is not None and self._monotonic() - mine.issued < _life(mine.action)
            fits = mine is not None and mine.action is action and mine.subject in ("", subject)
            if mine is None or not fresh or not fits:
                raise AccessRefused("approval_invalid", MSG_APPROVAL_INVALID)
            if action not in REUSABLE_APPROVAL_S:
                del self._open[approval.token]
            return mine


def _life(action: Action) -> float:
    return REUSABLE_APPROVAL_S.get(action, APPROVAL_LIFE_S)


@dataclass(frozen=True)
class Standing:
    """What the services know of a person at the moment of a decision (from memory)."""

    person_id: int
    name: str
    role: Role
    active: bool
    locked: bool


def decide(
    action: Action,
    rules: RoleRules,
    signed: Standing | None,
    approval: Approval | None,
    approver: Callable[[int], Standing | None],
    approvals: Approvals,
    subject: str = "",
) -> Writer:
    """The writer for ``action`` by ``signed`` (with ``approval``), or AccessRefused (managed counters)."""
    if signed is None or not signed.active:
        raise AccessRefused("signed_out", MSG_SIGNED_OUT)
    required = rules.required(action)
    if signed.role.at_least(required):
        return Writer(signed.name)
    words = {"action": ACTION_LABELS[action], "role": ROLE_LABELS[required]}
    if not rules.approvable(action):
        raise AccessRefused("owner_only", MSG_OWNER_ONLY, **words)
    if approval is None:
        raise AccessRefused("approval_needed", MSG_APPROVAL_NEEDED, **words)
    granted = approvals.take(approval, action, subject)
    standing = approver(granted.approver_id)
    if standing is None or not standing.active or standing.locked or not standing.role.at_least(required):
        raise AccessRefused("approval_invalid", MSG_APPROVAL_INVALID)
    return Writer(signed.name, standing.name)
