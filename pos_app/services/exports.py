"""The owner's files from the window: the combined history and the day's Z report, .xlsx or .csv.

The tables and the writers are the journal's (``pos_app.journal.export``), shared with the owner's
command line so both write the same files; here the window's use cases put them together with what
only the services know: the shop's day (its time zone) and the clock the Z report is stamped with.
The format follows the file name (``.xlsx`` or ``.csv``); any other name is a ``ServiceError``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.journal.activity import ActivityFilter
from pos_app.journal.export import (
    DayReportDocument,
    ExportFormatError,
    export_day_report,
    export_format,
    export_history,
)
from pos_app.services.context import ServiceContext
from pos_app.services.errors import ServiceError

MSG_EXPORT_NAME = QT_TRANSLATE_NOOP("ServiceError", "파일 이름은 .xlsx 또는 .csv로 끝나야 합니다: {name}")


def _checked(path: Path) -> Path:
    try:
        export_format(path)
    except ExportFormatError:
        raise ServiceError("not_allowed", MSG_EXPORT_NAME, params={"name": Path(path).name}) from None
    return Path(path)


def export_activity(ctx: ServiceContext, flt: ActivityFilter, path: Path) -> int:
    """Every row of the combined history matching ``flt``; returns the rows written."""
    return export_history(ctx.journal, flt, _checked(path))


def day_report_document(ctx: ServiceContext, day: date, shop_name: str) -> DayReportDocument:
    """The Z report of ``day`` as shown, printed and exported, stamped with the services' clock."""
    report = ctx.journal.day_report(day, ctx.tz)
    by_cashier = tuple(ctx.journal.day_by_cashier(day, ctx.tz))  # the same money, by who took it
    return DayReportDocument(report, shop_name, ctx.now().replace(tzinfo=None, microsecond=0), by_cashier)


def export_day_report_file(ctx: ServiceContext, document: DayReportDocument, path: Path) -> None:
    export_day_report(document, _checked(path))
