"""People at the counter: setting them up, signing in and out, approvals on the spot, and the rules.

``PeopleService`` (``CounterServices.people``) keeps the people of the journal in use and the role table
in memory (read off the GUI thread when the services are built, applied again after every change it
makes), so ``can``/``needs_approval`` and the check of every guarded call (``permissions.decide``) read no
file. Everything it changes is an event in the journal (``journal.people``): people added and changed,
PINs set (only their scrypt hash, ``domain.pin_hash``), sign-ins and sign-outs, wrong PINs, lockouts,
approvals, the role table.

Signing in: ``sign_in(name, pin)`` checks the PIN (about 60 ms of scrypt: call it off the GUI thread), and
enters the person into the calling context's session (the window enters the returned ``SignedIn`` again
on its GUI thread, see ``permissions``). A wrong PIN is counted in the journal; the fifth in a row locks
the person out for ``LOCKOUT_S``, measured on the services' clock (the lockout is in the journal, so it
survives a restart) and, within a run, on the monotonic clock too (moving the PC's clock forward does not
end it early). ``approve(action, name, pin, subject)`` is the same check for a manager or owner standing
beside the cashier; it returns an ``Approval`` for the call it approves.

The first person is the owner (``add_person`` without anyone signed in, only while nobody exists); from
then on the owner alone changes people, PINs of others and the rules, and there is always one active owner.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pos_app.domain.people import (
    DEFAULT_RULES,
    IDLE_MINUTES_DEFAULT,
    LOCKOUT_S,
    MAX_FAILURES,
    Action,
    Role,
    RoleRules,
    check_idle_minutes,
    check_pin_rules,
    clean_name,
    name_key,
)
from pos_app.domain.pin_hash import check_pin, hash_pin
from pos_app.journal import JournalUnavailable
from pos_app.journal.people import PersonRow
from pos_app.journal.writer import Writer, writing_as
from pos_app.services.permissions import (
    MSG_FIRST_IS_OWNER,
    MSG_LAST_OWNER,
    MSG_LOCKED,
    MSG_ROLE_TOO_LOW,
    MSG_UNKNOWN_PERSON,
    MSG_WRONG_PIN,
    AccessRefused,
    Approval,
    Approvals,
    Session,
    SignedIn,
    Standing,
    decide,
)

if TYPE_CHECKING:
    from pos_app.journal import Journal

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Person:
    """A person as the window shows them (no PIN hash)."""

    id: int
    name: str
    role: Role
    active: bool
    failures: int
    locked_until: float | None
    signed_in_at: float | None


@dataclass(frozen=True)
class _Known:
    people: Mapping[int, PersonRow]
    rules: RoleRules
    idle_minutes: int
    path: str  # the journal file these were read from


class PeopleService:
    def __init__(
        self,
        journal: Callable[[], Journal],
        *,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._journal = journal
        self._clock = clock
        self._monotonic = monotonic
        self.session = Session()
        self.approvals = Approvals(monotonic)
        self._lock = threading.Lock()
        self._known = _Known({}, RoleRules(), IDLE_MINUTES_DEFAULT, "")
        self._generation = 0
        self._locked_in_run: dict[int, float] = {}  # person → monotonic time of a lockout made this run

    # ------------------------------------------------------------------------------- what is known
    def reload(self) -> None:
        """Read the people and the rules of the journal in use (blocking: not on the GUI thread). A journal
        that cannot be read keeps what was known; another journal file ends the session."""
        journal = self._journal()
        try:
            rows = journal.people()
            policy = journal.policy()
        except JournalUnavailable:
            return
        known = _Known(
            {row.id: row for row in rows},
            RoleRules.from_stored(policy.rules) if policy else RoleRules(),
            policy.idle_minutes if policy else IDLE_MINUTES_DEFAULT,
            str(journal.path),
        )
        with self._lock:
            if known.path != self._known.path:
                self._generation += 1  # a SignedIn of the other journal's people is nobody here
                self._locked_in_run.clear()
            self._known = known

    @property
    def managed(self) -> bool:
        """Someone is set up: from then on every guarded call needs a person signed in."""
        return bool(self._known.people)

    @property
    def rules(self) -> RoleRules:
        return self._known.rules

    @property
    def idle_minutes(self) -> int:
        return self._known.idle_minutes

    def people(self) -> list[Person]:
        return [_person(row) for row in self._known.people.values()]

    def signed_in(self) -> Person | None:
        """The person signed in, in the calling context (the window: its GUI thread); None when nobody."""
        signed = self.session.current()
        if signed is None or signed.generation != self._generation:
            return None
        row = self._known.people.get(signed.person_id)
        return _person(row) if row is not None and row.active else None

    def can(self, action: Action) -> bool:
        """Whoever is signed in may do ``action`` without an approval (memory only: any thread)."""
        if not self.managed:
            return True
        person = self.signed_in()
        return person is not None and person.role.at_least(self.rules.required(action))

    def needs_approval(self, action: Action) -> bool:
        """Somebody is signed in who may do ``action`` only with a manager's or owner's approval."""
        return (
            self.managed
            and not self.can(action)
            and self.signed_in() is not None
            and (self.rules.approvable(action))
        )

    def writer_for(
        self, action: Action, approval: Approval | None = None, subject: str = ""
    ) -> Writer | None:
        """The writer of a call doing ``action``, or AccessRefused (None: unmanaged, the run's operator)."""
        if not self.managed:
            return None
        person = self.signed_in()
        signed = None if person is None else self._standing(person.id)
        return decide(action, self.rules, signed, approval, self._standing, self.approvals, subject)

    def _standing(self, person_id: int) -> Standing | None:
        row = self._known.people.get(person_id)
        if row is None:
            return None
        return Standing(row.id, row.name, row.role, row.active, self._locked(row))

    # ---------------------------------------------------------------------------------- signing in
    def sign_in(self, name: str, pin: str) -> SignedIn:
        """Check the PIN (blocking, ~60 ms), record the sign-in and enter the person in this context; a
        person signed in before in this context is signed out first ("switch")."""
        row = self._active(name)
        self._check_pin(row, pin, "sign_in")
        before = self.signed_in()
        journal = self._journal()
        if before is not None and before.id != row.id:
            with writing_as(Writer(before.name)):
                journal.record_signed_out(before.id, "switch")
        with writing_as(Writer(row.name)):
            journal.record_signed_in(row.id)
        self.reload()
        signed = SignedIn(row.id, row.name, self._generation)
        self.session.enter(signed)
        _log.info("person %d signed in", row.id)
        return signed

    def sign_out(self, why: str = "manual") -> None:
        """Record that the person of this context left (``why``: "manual", "idle", "switch") and leave."""
        person = self.signed_in()
        self.session.enter(None)
        if person is None:
            return
        with writing_as(Writer(person.name)):
            self._journal().record_signed_out(person.id, why)

    def approve(self, action: Action, name: str, pin: str, subject: str = "") -> Approval:
        """A manager's or owner's PIN for ``action`` on ``subject`` (blocking, ~60 ms); the ``Approval`` goes
        with the call it approves. A wrong PIN counts toward the approver's lockout."""
        row = self._active(name)
        required = self.rules.required(action)
        if not row.role.at_least(required) or not self.rules.approvable(action):
            raise AccessRefused(
                "role_too_low",
                MSG_ROLE_TOO_LOW,
                name=row.name,
                role=_role_word(row.role),
                action=_action_word(action),
            )
        cashier = self.signed_in()
        # in the name of the person asking for the approval, a wrong PIN as much as the approval
        with writing_as(Writer(cashier.name) if cashier is not None else None):
            self._check_pin(row, pin, action.value)
            self._journal().record_approved(row.id, action.value, subject)
        self.reload()
        return self.approvals.issue(action, subject, row.id, row.name)

    def _active(self, name: str) -> PersonRow:
        key = name_key(name)
        for row in self._known.people.values():
            if row.active and name_key(row.name) == key:
                return row
        # the typed text is not repeated: a PIN typed into the name field by mistake must not be shown
        raise AccessRefused("unknown_person", MSG_UNKNOWN_PERSON)

    def _locked(self, row: PersonRow) -> bool:
        if row.locked_until is not None and self._clock() < row.locked_until:
            return True
        started = self._locked_in_run.get(row.id)
        return started is not None and self._monotonic() - started < LOCKOUT_S

    def _check_pin(self, row: PersonRow, pin: str, purpose: str) -> None:
        if self._locked(row):
            _log.info("person %d is locked out (%s refused)", row.id, purpose)
            raise self._locked_error(row, row.locked_until)
        started = time.perf_counter()
        right = check_pin(pin, row.pin)
        _log.debug(
            "PIN check of person %d for %s: %.0f ms", row.id, purpose, (time.perf_counter() - started) * 1000
        )
        if right:
            return
        _log.info("wrong PIN for person %d (%s)", row.id, purpose)
        failure = self._journal().record_pin_failed(
            row.id, purpose, max_failures=MAX_FAILURES, lockout_s=LOCKOUT_S
        )
        if failure.locked_until is not None:
            with self._lock:
                self._locked_in_run[row.id] = self._monotonic()
        self.reload()
        if failure.locked_until is not None:
            raise self._locked_error(row, failure.locked_until)
        raise AccessRefused(
            "wrong_pin", MSG_WRONG_PIN, left=MAX_FAILURES - failure.failures, minutes=int(LOCKOUT_S // 60)
        )

    def _locked_error(self, row: PersonRow, until: float | None) -> AccessRefused:
        ends = max(until or 0.0, self._clock() + self._mono_left(row.id))
        return AccessRefused(
            "locked", MSG_LOCKED, name=row.name, until=datetime.fromtimestamp(ends).strftime("%H:%M")
        )

    def _mono_left(self, person_id: int) -> float:
        started = self._locked_in_run.get(person_id)
        return max(0.0, LOCKOUT_S - (self._monotonic() - started)) if started is not None else 0.0

    # ------------------------------------------------------------------------------- setting people up
    def add_person(self, name: str, role: Role, pin: str, pin_again: str | None = None) -> Person:
        """A new person. The first one, while nobody exists, is the owner and needs no sign-in (the first
        start creates the owner, who is then signed in); later ones are the owner's work."""
        clean = clean_name(name)
        _check_new_pin(pin, pin_again)
        journal = self._journal()
        if self.managed:
            writer = self.writer_for(Action.PEOPLE)
        elif role is not Role.OWNER:
            raise AccessRefused("first_is_owner", MSG_FIRST_IS_OWNER)
        else:
            writer = Writer(clean)
        with writing_as(writer):
            person_id = journal.record_person_added(clean, role, hash_pin(pin))
        first = not self.managed
        self.reload()
        if first:
            self.session.enter(SignedIn(person_id, clean, self._generation))
            with writing_as(Writer(clean)):
                journal.record_signed_in(person_id)
        return _person(self._known.people[person_id])

    def change_person(
        self, person_id: int, *, name: str | None = None, role: Role | None = None, active: bool | None = None
    ) -> Person:
        """The owner renames, changes the role of, or (de)activates a person; one active owner stays."""
        writer = self.writer_for(Action.PEOPLE)
        row = self._row(person_id)
        clean = clean_name(name) if name is not None else None
        stays_owner = (role or row.role) is Role.OWNER and (row.active if active is None else active)
        if row.role is Role.OWNER and row.active and not stays_owner and self._active_owners() <= 1:
            raise AccessRefused("last_owner", MSG_LAST_OWNER)
        with writing_as(writer):
            self._journal().record_person_changed(person_id, name=clean, role=role, active=active)
        self.reload()
        return _person(self._known.people[person_id])

    def set_pin(
        self, person_id: int, pin: str, pin_again: str | None = None, *, current_pin: str | None = None
    ) -> None:
        """A new PIN: the owner's for anyone (it also ends a lockout), or the person's own with the PIN they
        have now (``current_pin``, checked and counted like a sign-in)."""
        _check_new_pin(pin, pin_again)
        row = self._row(person_id)
        me = self.signed_in()
        if me is not None and me.id == person_id and current_pin is not None:
            self._check_pin(row, current_pin, "pin_change")
            writer: Writer | None = Writer(me.name)
            by = "self"
        else:
            writer = self.writer_for(Action.PEOPLE)
            by = "owner"
        with writing_as(writer):
            self._journal().record_pin_set(person_id, hash_pin(pin), by=by)
        with self._lock:
            self._locked_in_run.pop(person_id, None)
        self.reload()

    def set_rules(self, changes: Mapping[Action, Role], idle_minutes: int | None = None) -> RoleRules:
        """The owner tightens the role table (never below ``DEFAULT_RULES``) or changes the idle minutes."""
        writer = self.writer_for(Action.PEOPLE)
        rules = self.rules.tightened(changes)
        idle = check_idle_minutes(self.idle_minutes if idle_minutes is None else idle_minutes)
        with writing_as(writer):
            self._journal().record_rules_changed(rules.as_stored(), idle)
        self.reload()
        return self.rules

    def record_settings_change(self, changes: Mapping[str, Any], *, keys: bool = False) -> None:
        """The owner saved settings (``changes``: name → new value; secrets are never passed, only named)."""
        writer = self.writer_for(Action.KEYS if keys else Action.SETTINGS)
        if not changes:
            return
        with writing_as(writer):
            self._journal().record_settings_changed(dict(changes))

    def _row(self, person_id: int) -> PersonRow:
        row = self._known.people.get(person_id)
        if row is None:
            raise AccessRefused("unknown_person", MSG_UNKNOWN_PERSON)
        return row

    def _active_owners(self) -> int:
        return sum(1 for r in self._known.people.values() if r.active and r.role is Role.OWNER)


def _check_new_pin(pin: str, again: str | None) -> None:
    from pos_app.domain.errors import FieldError
    from pos_app.domain.people import MSG_PIN_MISMATCH

    check_pin_rules(pin)
    if again is not None and again != pin:
        raise FieldError("pin_again", MSG_PIN_MISMATCH)


def _person(row: PersonRow) -> Person:
    return Person(row.id, row.name, row.role, row.active, row.failures, row.locked_until, row.signed_in_at)


def _role_word(role: Role) -> str:
    from pos_app.domain.people import ROLE_LABELS

    return ROLE_LABELS[role]


def _action_word(action: Action) -> str:
    from pos_app.domain.people import ACTION_LABELS

    return ACTION_LABELS[action]


__all__ = ["DEFAULT_RULES", "Approval", "PeopleService", "Person", "SignedIn"]
