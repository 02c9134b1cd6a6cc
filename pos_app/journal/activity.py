"""The combined history: card sales, card cancels and cash receipts in one list, newest first.

The 거래내역 screen and the history export read this, so a cash receipt (which has no sale row) and a
cancel made on a later day than its sale can be found, reprinted and cancelled from the history like a
card sale. Each row is an ``ActivityRow`` of one kind:

- ``sale``: one sale attempt (a ``sales`` row), at the time it was made (``created_at``, as the history
  always had it, on the v2 indexes);
- ``cancel``: one cancel of a sale (a ``cancels`` row, with its sale for the card and buyer), at the time
  it went through (``cancelled_at``), or was asked for while it is not final;
- ``receipt``: one cash receipt (a ``receipts`` row, external or for a PortOne payment), at the time it
  was issued (``applied_at``), or asked for while it is not final.

One statement (``UNION ALL`` of the three, ordered by time) picks the page; the page's rows are then read
whole by their keys, so the order stays the database's and a page costs four indexed reads. Filters mean
the same for every kind where the kind has the field: card digits and phone numbers compare digits only
(a cash receipt keeps only the last 4 digits of its identifier, so a phone matches it on those), buyer
names by prefix, amounts by the row's money (the refund of a cancel, or the sale's amount), outcomes by
the row's own outcome. A card-digit filter leaves cash receipts out: they have no card.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.history import _local_midnight, _where
from pos_app.journal.receipts import receipt_from_row
from pos_app.journal.records import CancelRow, HistoryFilter, ReceiptRow, SaleRow
from pos_app.journal.sales import CANCEL_SELECT, SALE_SELECT
from pos_app.journal.sales import cancel_from_tuple as cancel_from_row
from pos_app.journal.sales import sale_from_tuple as sale_from_row
from pos_app.journal.schema import digits_of
from pos_app.journal.schema_v4 import TEL_DIGITS_SQL, TEL_LAST4_SQL

ActivityKind = Literal["sale", "cancel", "receipt"]
ACTIVITY_KINDS: tuple[ActivityKind, ...] = ("sale", "cancel", "receipt")
_TOP_CHAR = "\U0010ffff"


@dataclass(frozen=True)
class ActivityFilter:
    """History search over every kind of row. Dates are the computer's local calendar days, inclusive;
    ``kinds`` None means every kind. The other fields mean what they mean in ``HistoryFilter``."""

    date_from: date | None = None
    date_to: date | None = None
    kinds: frozenset[ActivityKind] | None = None
    outcomes: frozenset[Outcome] | None = None
    last4: str | None = None
    phone: str | None = None
    buyer: str | None = None
    merchant_uid: str | None = None
    amount: int | None = None

    def sales_filter(self) -> HistoryFilter:
        return HistoryFilter(
            date_from=self.date_from,
            date_to=self.date_to,
            outcomes=self.outcomes,
            last4=self.last4,
            phone=self.phone,
            buyer=self.buyer,
            merchant_uid=self.merchant_uid,
            amount=self.amount,
        )


@dataclass(frozen=True)
class ActivityRow:
    """One row of the combined history. ``sale`` is set for sale and cancel rows, ``cancel`` for cancel
    rows, ``receipt`` for receipt rows."""

    kind: ActivityKind
    at: float  # UNIX seconds the row is filed under (see the module docstring)
    outcome: Outcome
    sale: SaleRow | None = None
    cancel: CancelRow | None = None
    receipt: ReceiptRow | None = None

    @property
    def key(self) -> str:
        """The journal id of the row itself: merchant_uid, cancel_id or receipt_id."""
        if self.cancel is not None:
            return self.cancel.cancel_id
        if self.receipt is not None:
            return self.receipt.receipt_id
        assert self.sale is not None
        return self.sale.merchant_uid

    @property
    def opens(self) -> str:
        """What the receipt panel is asked to show for this row: the sale's merchant_uid for a sale or a
        cancel (its slip lists the cancels), the receipt_id for a cash receipt (``receipt_for`` finds a
        receipt by it, also one whose sale has another receipt now)."""
        if self.receipt is not None:
            return self.receipt.receipt_id
        assert self.sale is not None
        return self.sale.merchant_uid

    @property
    def merchant_uid(self) -> str | None:
        if self.receipt is not None:
            return self.receipt.merchant_uid
        return self.sale.merchant_uid if self.sale is not None else None

    @property
    def amount(self) -> int:
        """The money of this row: what was paid (or asked for, when nothing was paid) for a sale, what
        was refunded (or asked for, while not final) for a cancel, the receipt's amount."""
        if self.cancel is not None:
            return (
                self.cancel.cancelled_amount
                or self.cancel.amount
                or (self.sale.remaining if self.sale is not None else 0)
            )
        if self.receipt is not None:
            return self.receipt.amount
        assert self.sale is not None
        return self.sale.paid_amount or self.sale.amount


# ------------------------------------------------------------------------------------------ filtering
def _in(column: str, values: Iterable[str]) -> tuple[str, list[Any]]:
    wanted = sorted(values)
    if not wanted:
        return "0", []
    return f"{column} IN ({', '.join('?' * len(wanted))})", wanted


def _dates(column: str, flt: ActivityFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.date_from is not None:
        clauses.append(f"{column} >= ?")
        params.append(_local_midnight(flt.date_from))
    if flt.date_to is not None:
        clauses.append(f"{column} < ?")
        params.append(_local_midnight(date.fromordinal(flt.date_to.toordinal() + 1)))
    return clauses, params


def _cancel_arm(flt: ActivityFilter) -> tuple[str, list[Any]]:
    at = "coalesce(c.cancelled_at, c.created_at)"
    clauses, params = _dates(at, flt)
    if flt.outcomes is not None:
        clause, values = _in("c.outcome", (o.value for o in flt.outcomes))
        clauses.append(clause)
        params += values
    if flt.last4:
        clauses.append("s.card_last4 = ?")
        params.append(digits_of(flt.last4)[-4:])
    if flt.phone:
        digits = digits_of(flt.phone)
        if len(digits) == 4:
            clauses.append(f"{TEL_LAST4_SQL.replace('buyer_tel', 's.buyer_tel')} = ?")
            params.append(digits)
        elif digits:
            tel = TEL_DIGITS_SQL.replace("buyer_tel", "s.buyer_tel")
            clauses.append(f"{tel} >= ? AND {tel} < ?")
            params += [digits, digits + ":"]
    if flt.buyer:
        clauses.append("s.buyer_name >= ? AND s.buyer_name < ?")
        params += [flt.buyer, flt.buyer + _TOP_CHAR]
    if flt.merchant_uid:
        clauses.append("c.merchant_uid = ?")
        params.append(flt.merchant_uid)
    if flt.amount is not None:
        clauses.append("(c.cancelled_amount = ? OR c.amount = ? OR s.amount = ?)")
        params += [flt.amount] * 3
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        f"SELECT 'cancel' AS kind, c.cancel_id AS key, {at} AS at "  # noqa: S608 - clauses are ours
        f"FROM cancels c JOIN sales s ON s.merchant_uid = c.merchant_uid{where}"
    )
    return sql, params


def _receipt_arm(flt: ActivityFilter) -> tuple[str, list[Any]] | None:
    if flt.last4:
        return None  # a cash receipt has no card
    at = "coalesce(r.applied_at, r.created_at)"
    clauses, params = _dates(at, flt)
    if flt.outcomes is not None:
        clause, values = _in("r.outcome", (o.value for o in flt.outcomes))
        clauses.append(clause)
        params += values
    if flt.phone:
        digits = digits_of(flt.phone)
        if len(digits) < 4:
            return None
        # only the last 4 digits of the identifier are kept: match a phone identifier on those
        clauses.append("r.identifier_type = 'phone' AND substr(r.identifier_hint, -4) = ?")
        params.append(digits[-4:])
    if flt.buyer:
        clauses.append("r.buyer_name >= ? AND r.buyer_name < ?")
        params += [flt.buyer, flt.buyer + _TOP_CHAR]
    if flt.merchant_uid:
        clauses.append("r.merchant_uid = ?")
        params.append(flt.merchant_uid)
    if flt.amount is not None:
        clauses.append("r.amount = ?")
        params.append(flt.amount)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"SELECT 'receipt' AS kind, r.receipt_id AS key, {at} AS at FROM receipts r{where}", params  # noqa: S608


def _union(flt: ActivityFilter) -> tuple[str, list[Any]]:
    kinds = set(ACTIVITY_KINDS if flt.kinds is None else flt.kinds)
    arms: list[tuple[str, list[Any]]] = []
    if "sale" in kinds:
        where, params = _where(flt.sales_filter())
        sql = f"SELECT 'sale' AS kind, merchant_uid AS key, created_at AS at FROM sales{where}"  # noqa: S608
        arms.append((sql, params))
    if "cancel" in kinds:
        arms.append(_cancel_arm(flt))
    if "receipt" in kinds:
        arm = _receipt_arm(flt)
        if arm is not None:
            arms.append(arm)
    if not arms:
        return "SELECT 'sale' AS kind, '' AS key, 0.0 AS at WHERE 0", []
    return " UNION ALL ".join(sql for sql, _ in arms), [p for _, params in arms for p in params]


# ------------------------------------------------------------------------------------------ reading
def _rows_for(db: Database, picked: Sequence[tuple[str, str, float]]) -> list[ActivityRow]:
    """The whole rows for (kind, key, at) triples, in the order given."""
    keys: dict[str, list[str]] = {kind: [] for kind in ACTIVITY_KINDS}
    for kind, key, _at in picked:
        keys[kind].append(key)
    cancels = {c.cancel_id: c for c in _fetch(db, "cancels", "cancel_id", keys["cancel"], cancel_from_row)}
    sale_ids = set(keys["sale"]) | {c.merchant_uid for c in cancels.values()}
    sales = {s.merchant_uid: s for s in _fetch(db, "sales", "merchant_uid", sale_ids, sale_from_row)}
    receipts = {
        r.receipt_id: r for r in _fetch(db, "receipts", "receipt_id", keys["receipt"], receipt_from_row)
    }
    rows: list[ActivityRow] = []
    for kind, key, at in picked:
        if kind == "sale" and key in sales:
            sale = sales[key]
            rows.append(ActivityRow("sale", float(at), sale.outcome, sale=sale))
        elif kind == "cancel" and key in cancels:
            cancel = cancels[key]
            rows.append(
                ActivityRow(
                    "cancel", float(at), cancel.outcome, sale=sales.get(cancel.merchant_uid), cancel=cancel
                )
            )
        elif kind == "receipt" and key in receipts:
            receipt = receipts[key]
            rows.append(ActivityRow("receipt", float(at), receipt.outcome, receipt=receipt))
    return rows


def _triples(rows: Iterable[Sequence[Any]]) -> list[tuple[str, str, float]]:
    return [(str(kind), str(key), float(at or 0)) for kind, key, at in rows]


_SELECTS = {"sales": SALE_SELECT, "cancels": CANCEL_SELECT}


def _fetch(db: Database, table: str, pk: str, keys: Iterable[str], convert: Any) -> list[Any]:
    wanted = sorted(set(keys))
    found: list[Any] = []
    for start in range(0, len(wanted), 500):  # well under SQLite's variable limit
        batch = wanted[start : start + 500]
        marks = ", ".join("?" * len(batch))
        if table in _SELECTS:  # tuples in the select's order, mapped by position
            found += [
                convert(row) for row in db.conn.execute(f"{_SELECTS[table]} WHERE {pk} IN ({marks})", batch)
            ]
        else:
            found += [
                convert(row)
                for row in db.query(f"SELECT * FROM {table} WHERE {pk} IN ({marks})", batch)  # noqa: S608
            ]
    return found


def activity(db: Database, flt: ActivityFilter, offset: int = 0, limit: int = 200) -> list[ActivityRow]:
    """One page, newest first (ties in a stable order)."""
    union, params = _union(flt)
    sql = f"SELECT kind, key, at FROM ({union}) ORDER BY at DESC, kind, key DESC LIMIT ? OFFSET ?"  # noqa: S608
    return _rows_for(db, _triples(db.execute(sql, [*params, max(limit, 0), max(offset, 0)]).fetchall()))


def iter_activity(db: Database, flt: ActivityFilter, chunk: int = 500) -> Iterator[ActivityRow]:
    """Every matching row, newest first, for exports: the list comes from one statement (no OFFSET
    rescans); each chunk's rows are read whole when the chunk is reached."""
    union, params = _union(flt)
    cursor = db.execute(f"SELECT kind, key, at FROM ({union}) ORDER BY at DESC, kind, key DESC", params)  # noqa: S608
    while batch := cursor.fetchmany(chunk):
        yield from _rows_for(db, _triples(batch))


def count_activity(db: Database, flt: ActivityFilter) -> int:
    union, params = _union(flt)
    return int(db.execute(f"SELECT count(*) FROM ({union})", params).fetchone()[0])  # noqa: S608
