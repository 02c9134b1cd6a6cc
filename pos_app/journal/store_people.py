"""The ``Journal``'s people (schema 6): adding and changing people, sign-ins, wrong PINs, approvals, the
role table, settings changes and Z reports as events, and the reads of who may sign in and of the audit.

``Journal`` (``store``) is built on this base; each method is one transaction like every ``record_*``
(see ``people`` for what is checked before the event, ``projection_people`` for what it does to the
tables, ``audit`` for the reads of the combined audit).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import date, tzinfo
from typing import Any

from sqlite_utils import Database

from pos_app.domain.people import Role
from pos_app.journal import audit, people
from pos_app.journal.audit import AuditFilter, AuditRow, CashierTotals
from pos_app.journal.events import WriteContext
from pos_app.journal.people import PersonRow, PinFailure, PolicyRow


class PeopleJournal:
    """What ``Journal`` does for people (its connection and write path are ``Journal``'s)."""

    def _read_db(self) -> Database:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[WriteContext]:
        raise NotImplementedError

    # ------------------------------------------------------------------------------------ writes
    def record_person_added(self, name: str, role: Role, pin_hash: str) -> int:
        """Returns the new person's id (the id of the event that added them)."""
        with self._write() as tx:
            return people.record_person_added(tx, name, role, pin_hash)

    def record_person_changed(
        self, person_id: int, *, name: str | None = None, role: Role | None = None, active: bool | None = None
    ) -> None:
        with self._write() as tx:
            people.record_person_changed(tx, person_id, name=name, role=role, active=active)

    def record_pin_set(self, person_id: int, pin_hash: str, *, by: str) -> None:
        with self._write() as tx:
            people.record_pin_set(tx, person_id, pin_hash, by)

    def record_signed_in(self, person_id: int) -> None:
        with self._write() as tx:
            people.record_signed_in(tx, person_id)

    def record_signed_out(self, person_id: int, why: str) -> None:
        with self._write() as tx:
            people.record_signed_out(tx, person_id, why)

    def record_approved(self, person_id: int, action: str, subject: str = "") -> None:
        with self._write() as tx:
            people.record_approved(tx, person_id, action, subject)

    def record_pin_failed(
        self, person_id: int, purpose: str, *, max_failures: int, lockout_s: float
    ) -> PinFailure:
        with self._write() as tx:
            return people.record_pin_failed(tx, person_id, purpose, max_failures, lockout_s)

    def record_settings_changed(self, changes: dict[str, Any]) -> None:
        with self._write() as tx:
            people.record_settings_changed(tx, changes)

    def record_rules_changed(self, rules: dict[str, str], idle_minutes: int) -> None:
        with self._write() as tx:
            people.record_rules_changed(tx, rules, idle_minutes)

    def record_day_report(self, day: date) -> None:
        with self._write() as tx:
            people.record_day_report(tx, day.isoformat())

    # ------------------------------------------------------------------------------------- reads
    def people(self) -> list[PersonRow]:
        return people.people(self._read_db())

    def person(self, person_id: int) -> PersonRow | None:
        return people.person(self._read_db(), person_id)

    def policy(self) -> PolicyRow | None:
        return people.policy(self._read_db())

    def audit(self, flt: AuditFilter, offset: int = 0, limit: int = 200) -> list[AuditRow]:
        """Who did what: money actions and the audit events in one list, newest first (``audit``)."""
        return audit.audit(self._read_db(), flt, offset, limit)

    def count_audit(self, flt: AuditFilter) -> int:
        return audit.count_audit(self._read_db(), flt)

    def iter_audit(self, flt: AuditFilter) -> Iterator[AuditRow]:
        """The whole audit of ``flt``, streamed (exports); iterate on the calling thread."""
        return audit.iter_audit(self._read_db(), flt)

    def day_by_cashier(self, day: date, tz: tzinfo) -> list[CashierTotals]:
        """The Z report's money of ``day`` split by who took it (sales) and who gave it back (refunds)."""
        return audit.day_by_cashier(self._read_db(), day, tz)
