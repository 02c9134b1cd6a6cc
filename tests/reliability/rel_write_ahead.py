"""The write-ahead witness: at the moment a money request reaches the sandbox, its intent must already be
committed in some counter's journal (read through a connection of its own, as another process would).

Registered as a sandbox ``on_request`` hook. Each state-changing request is matched to the operation it
carries out (a sale attempt, a refund of that imp_uid, a card's registration or deletion, a receipt's
issue or cancel); the journal must hold that operation in state ``pending``: written, not yet answered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_SQL_BY_KIND = {
    # a sale attempt's operation lives in its sales row (journal.operations)
    "sale": "SELECT 1 FROM sales WHERE merchant_uid = ? AND op_state = 'pending'",
    "cancel": (
        "SELECT 1 FROM operations o JOIN cancels c ON c.cancel_id = coalesce(o.ref, o.op_id) "
        "WHERE o.kind = 'cancel' AND c.imp_uid = ? AND o.state = 'pending'"
    ),
    "billing_key_issue": (
        "SELECT 1 FROM operations WHERE kind = 'billing_key_issue' AND coalesce(ref, op_id) = ? "
        "AND state = 'pending'"
    ),
    "billing_key_delete": (
        "SELECT 1 FROM operations WHERE kind = 'billing_key_delete' AND coalesce(ref, op_id) = ? "
        "AND state = 'pending'"
    ),
    "receipt_issue_imp": (
        "SELECT 1 FROM operations o JOIN receipts r ON r.receipt_id = coalesce(o.ref, o.op_id) "
        "WHERE o.kind = 'receipt_issue' AND r.imp_uid = ? AND o.state = 'pending'"
    ),
    "receipt_issue_external": (
        "SELECT 1 FROM operations o JOIN receipts r ON r.receipt_id = coalesce(o.ref, o.op_id) "
        "WHERE o.kind = 'receipt_issue' AND r.merchant_uid = ? AND r.kind = 'external' "
        "AND o.state = 'pending'"
    ),
    "receipt_cancel_imp": (
        "SELECT 1 FROM operations o JOIN receipts r ON r.receipt_id = coalesce(o.ref, o.op_id) "
        "WHERE o.kind = 'receipt_cancel' AND r.imp_uid = ? AND o.state = 'pending'"
    ),
    "receipt_cancel_external": (
        "SELECT 1 FROM operations o JOIN receipts r ON r.receipt_id = coalesce(o.ref, o.op_id) "
        "WHERE o.kind = 'receipt_cancel' AND r.merchant_uid = ? AND r.kind = 'external' "
        "AND o.state = 'pending'"
    ),
}


def operation_of(method: str, path: str, body: Mapping[str, Any]) -> tuple[str, str] | None:
    """(kind, key) of the operation a money request carries out; None for lookups and tokens."""
    if path.startswith("/__sandbox__") or path == "/users/getToken" or method not in ("POST", "DELETE"):
        return None
    last = path.rsplit("/", 1)[-1]
    if path in ("/subscribe/payments/onetime", "/subscribe/payments/again"):
        return "sale", str(body.get("merchant_uid"))
    if path == "/payments/cancel":
        return "cancel", str(body.get("imp_uid"))
    if path.startswith("/subscribe/customers/"):
        return ("billing_key_issue" if method == "POST" else "billing_key_delete"), last
    if path.startswith("/receipts/external/"):
        return ("receipt_issue_external" if method == "POST" else "receipt_cancel_external"), last
    if path.startswith("/receipts/"):
        return ("receipt_issue_imp" if method == "POST" else "receipt_cancel_imp"), last
    return None


class WriteAheadWatch:
    def __init__(self, journals: Sequence[Path]) -> None:
        self.journals = list(journals)
        self.checked = 0
        self.violations: list[str] = []

    def __call__(self, method: str, path: str, body: Mapping[str, Any]) -> None:
        operation = operation_of(method, path, body)
        if operation is None:
            return
        self.checked += 1
        kind, key = operation
        if not any(_holds(journal, _SQL_BY_KIND[kind], key) for journal in self.journals):
            self.violations.append(f"{method} {path} ({key}): no committed pending intent")


def _holds(journal: Path, sql: str, key: str) -> bool:
    if not journal.exists():
        return False
    connection = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=5)
    try:
        return connection.execute(sql, [key]).fetchone() is not None
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
