"""The 감사 기록 for the owner: the day of the shop, the Z report as an event, and the audit export.

The rows are the journal's (``journal.audit``); here they get what only the services know (the shop's
time zone) and go to a file the way the history does (``journal.export.write_table``: .xlsx or .csv by
the file name, Korean words, card-like digits masked in what people typed).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

from pos_app.domain.audit_words import detail_text, kind_word, result_states
from pos_app.domain.free_text import mask_card_like
from pos_app.domain.labels import outcome_word
from pos_app.domain.outcomes import Outcome
from pos_app.journal import JournalUnavailable
from pos_app.journal.audit import AuditFilter, AuditRow
from pos_app.journal.export import Value, local_time, write_table
from pos_app.services.context import ServiceContext
from pos_app.services.exports import _checked

AUDIT_COLUMNS: tuple[str, ...] = (
    "일시", "구분", "한 사람", "승인한 사람", "대상", "금액", "결과", "주문번호·대상", "내용", "계산대",
)  # fmt: skip
_OUTCOMES = {o.value for o in Outcome}


def in_shop_zone(ctx: ServiceContext, flt: AuditFilter) -> AuditFilter:
    """Days are the shop's calendar days (its time zone, as the Z report's)."""
    return replace(flt, tz=ctx.tz)


def record_day_report(ctx: ServiceContext, day: date) -> None:
    """Who made the Z report of ``day``: an audit event. A journal that refuses writes still shows the
    report (reads keep working); the missing event is logged."""
    try:
        ctx.journal.record_day_report(day)
    except JournalUnavailable as exc:
        logging.getLogger(__name__).warning("Z report of %s not recorded: %s", day, "; ".join(exc.problems))


def audit_line(row: AuditRow) -> list[Value]:
    """One audit row as the export writes it, in ``AUDIT_COLUMNS`` order."""
    outcome = " → ".join(
        outcome_word(state) for state in result_states(row.kind, row.outcome) if state in _OUTCOMES
    )
    return [
        local_time(row.at),
        kind_word(row.kind),
        mask_card_like(row.operator),
        mask_card_like(row.approver),
        mask_card_like(row.person),
        row.amount if row.amount else None,
        outcome,
        row.ref,
        mask_card_like(detail_text(row.kind, row.detail)),
        row.counter_id,
    ]


def export_audit(ctx: ServiceContext, flt: AuditFilter, path: Path) -> int:
    """Every audit row of ``flt``, newest first; returns the rows written."""
    target = _checked(path)
    rows = ctx.journal.iter_audit(in_shop_zone(ctx, flt))
    return write_table(target, "감사 기록", AUDIT_COLUMNS, (audit_line(r) for r in rows))
