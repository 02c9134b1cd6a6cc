"""The write-ahead transaction journal: SQLite via sqlite-utils, append-only events plus current state.

``Journal.open(path, counter_id=..., operator=...)`` is the entry point; see ``store`` for the API,
``records`` for the value types, ``schema`` for the tables and upgrades, ``chain`` for tamper evidence,
``activity`` for the combined history of sales, cancels and cash receipts, ``export`` for the
owner's .xlsx / .csv files, and ``python -m pos_app.journal`` for the owner's command line.
"""

from __future__ import annotations

from pos_app.journal.activity import ActivityFilter, ActivityKind, ActivityRow
from pos_app.journal.errors import IntentRefused, JournalHealth, JournalUnavailable
from pos_app.journal.export import DayReportDocument, ExportFormatError, export_day_report, export_history
from pos_app.journal.location import JOURNAL_FILE_NAME, default_data_dir, journal_path
from pos_app.journal.records import (
    BillingKeyIntent,
    CancelFact,
    CancelIntent,
    CancelRow,
    ChainReport,
    CompanyTotals,
    CustomerFacts,
    CustomerRow,
    DayReport,
    EventRow,
    HistoryFilter,
    OperationRow,
    PaymentFacts,
    ReceiptFacts,
    ReceiptIntent,
    ReceiptRow,
    SaleIntent,
    SaleRow,
)
from pos_app.journal.store import Journal

__all__ = [
    "JOURNAL_FILE_NAME",
    "ActivityFilter",
    "ActivityKind",
    "ActivityRow",
    "BillingKeyIntent",
    "CancelFact",
    "CancelIntent",
    "CancelRow",
    "ChainReport",
    "CompanyTotals",
    "CustomerFacts",
    "CustomerRow",
    "DayReport",
    "DayReportDocument",
    "EventRow",
    "ExportFormatError",
    "HistoryFilter",
    "IntentRefused",
    "Journal",
    "JournalHealth",
    "JournalUnavailable",
    "OperationRow",
    "PaymentFacts",
    "ReceiptFacts",
    "ReceiptIntent",
    "ReceiptRow",
    "SaleIntent",
    "SaleRow",
    "default_data_dir",
    "export_day_report",
    "export_history",
    "journal_path",
]
