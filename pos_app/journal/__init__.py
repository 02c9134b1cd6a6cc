"""The write-ahead transaction journal: sealed append-only events, and state tables that are their projection.

``Journal.open(path, counter_id=..., operator=..., keys=...)`` is the entry point; see ``store`` (and
``store_seal``) for the API, ``records`` for the value types, ``schema``/``schema_v4`` for the tables and
upgrades, ``codec`` for the event format, ``projection`` for what events do to the tables, ``chain``,
``checks``, ``replay`` and ``anchors`` for tamper evidence, ``keys`` for where the sealing key lives,
``activity`` for the combined history of sales, cancels and cash receipts, ``export`` for the
owner's .xlsx / .csv files, and ``python -m pos_app.journal`` for the owner's command line.
"""

from __future__ import annotations

from pos_app.journal.activity import ActivityFilter, ActivityKind, ActivityRow
from pos_app.journal.checks import VerifyReport
from pos_app.journal.errors import (
    CardDataRefused,
    IntentRefused,
    JournalHealth,
    JournalUnavailable,
    TextRefused,
)
from pos_app.journal.export import DayReportDocument, ExportFormatError, export_day_report, export_history
from pos_app.journal.keys import FileKeyStore, KeyStore, KeyStoreUnreadable, MemoryKeyStore
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
    "CardDataRefused",
    "ChainReport",
    "CompanyTotals",
    "CustomerFacts",
    "CustomerRow",
    "DayReport",
    "DayReportDocument",
    "EventRow",
    "ExportFormatError",
    "FileKeyStore",
    "HistoryFilter",
    "IntentRefused",
    "Journal",
    "JournalHealth",
    "JournalUnavailable",
    "KeyStore",
    "KeyStoreUnreadable",
    "MemoryKeyStore",
    "OperationRow",
    "PaymentFacts",
    "ReceiptFacts",
    "ReceiptIntent",
    "ReceiptRow",
    "SaleIntent",
    "SaleRow",
    "TextRefused",
    "VerifyReport",
    "default_data_dir",
    "export_day_report",
    "export_history",
    "journal_path",
]
