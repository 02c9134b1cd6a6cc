"""The 거래내역 table model: pages of the combined history fetched lazily, off the GUI thread.

Rows are ``ActivityRow``s — card sales, card cancels and cash receipts in one list (``journal.activity``
through ``CounterServices.activity``). The view asks ``canFetchMore`` / ``fetchMore`` as the cashier
scrolls; each ``fetchMore`` starts one ``services.activity(filter, offset, PAGE_SIZE)`` call on the
runner's journal thread and appends the rows when it returns, so a million-row journal costs one page
per screenful and the GUI thread never waits on SQLite. The total (``count_activity``) is fetched
alongside and shown by the tab. A filter change resets the model; answers for an older filter
(generation) are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import ActivityFilter, ActivityRow, CounterServices, ReceiptRow
    from pos_app.workers import BackgroundRunner

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex

# (key, header source text marked for lupdate); headers are translated in headerData.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", QT_TRANSLATE_NOOP("HistoryModel", "구분")),
    ("time", QT_TRANSLATE_NOOP("HistoryModel", "일시")),
    ("status", QT_TRANSLATE_NOOP("HistoryModel", "상태")),
    ("amount", QT_TRANSLATE_NOOP("HistoryModel", "금액(원)")),
    ("cancelled", QT_TRANSLATE_NOOP("HistoryModel", "취소(원)")),
    # who took the money or gave it back, and who approved a refund: on screen at 1024 px without scrolling
    ("staff", QT_TRANSLATE_NOOP("HistoryModel", "담당 (승인)")),
    ("company", QT_TRANSLATE_NOOP("HistoryModel", "카드사")),
    ("card", QT_TRANSLATE_NOOP("HistoryModel", "카드번호")),
    ("quota", QT_TRANSLATE_NOOP("HistoryModel", "할부")),
    ("apply_num", QT_TRANSLATE_NOOP("HistoryModel", "승인번호")),
    ("buyer", QT_TRANSLATE_NOOP("HistoryModel", "구매자")),
    ("tel", QT_TRANSLATE_NOOP("HistoryModel", "전화")),
    ("order_name", QT_TRANSLATE_NOOP("HistoryModel", "주문명")),
    ("merchant_uid", QT_TRANSLATE_NOOP("HistoryModel", "주문번호")),
)
_RIGHT_ALIGNED = {"amount", "cancelled"}
_KIND_COLOURS = {"cancel": QColor("#b00020"), "receipt": QColor("#1b5e20")}
_STATUS_COLOURS = {
    Outcome.DECLINED: QColor("#777777"),
    Outcome.NOT_CHARGED: QColor("#777777"),
    Outcome.CANCELLED: QColor("#b00020"),
    Outcome.PARTIALLY_CANCELLED: QColor("#b05a00"),
    Outcome.MISMATCH: QColor("#b00020"),
    Outcome.UNKNOWN: QColor("#1a5fb4"),
    Outcome.PENDING: QColor("#1a5fb4"),
}


class HistoryModel(QAbstractTableModel):
    """Rows of ``services.activity`` for one filter, loaded a page at a time."""

    total_changed = Signal(int)  # count_activity for the current filter
    page_loaded = Signal(int)  # rows loaded so far
    load_failed = Signal(object)  # the exception, for the tab to show

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._filter: ActivityFilter | None = None
        self._rows: list[ActivityRow] = []
        self._total: int | None = None
        self._generation = 0
        self._fetching = False
        self._exhausted = False
        self.fetch_more_calls = 0  # how many pages were requested (tests and diagnostics)

    # ------------------------------------------------------------------ filter
    def set_filter(self, flt: ActivityFilter) -> None:
        """Show the rows matching ``flt``; starts counting and the first page."""
        self.beginResetModel()
        self._filter = flt
        self._rows = []
        self._total = None
        self._generation += 1
        self._fetching = False
        self._exhausted = False
        self.endResetModel()
        generation = self._generation
        services = self._services
        self._runner.run(
            lambda: services.count_activity(flt),
            lambda total: self._on_count_done(generation, total),
            self._on_failed,
            kind="db",
        )
        self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Reload with the same filter (after a cancel or receipt changed a row)."""
        if self._filter is not None:
            self.set_filter(self._filter)

    @property
    def current_filter(self) -> ActivityFilter | None:
        return self._filter

    @property
    def total(self) -> int | None:
        return self._total

    def row_at(self, row: int) -> ActivityRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # ------------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._filter is None or self._fetching or self._exhausted:
            return False
        return self._total is None or len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        self.fetch_more_calls += 1
        generation, offset, flt = self._generation, len(self._rows), self._filter
        if flt is None:
            return
        services = self._services
        self._runner.run(
            lambda: services.activity(flt, offset, PAGE_SIZE),
            lambda rows: self._on_page_done(generation, offset, rows),
            self._on_failed,
            kind="db",
        )

    def _on_count_done(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = int(total)
        self.total_changed.emit(self._total)

    def _on_page_done(self, generation: int, offset: int, rows: list[ActivityRow]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if len(rows) < PAGE_SIZE:
            self._exhausted = True
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    def _on_failed(self, exc: BaseException) -> None:
        self._fetching = False
        self._exhausted = True  # do not hammer a failing journal; a new filter or refresh retries
        self.load_failed.emit(exc)

    # ------------------------------------------------------------------ table
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][1])
        return None

    def column_of(self, key: str) -> int:
        """The column number of ``key`` (a key of ``COLUMNS``)."""
        return [k for k, _ in COLUMNS].index(key)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key in ("status", "kind"):
            colour = _STATUS_COLOURS.get(row.outcome) if key == "status" else _KIND_COLOURS.get(row.kind)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.UserRole:
            return row.opens
        return None


def _display(row: ActivityRow, key: str) -> str:
    sale, cancel, receipt = row.sale, row.cancel, row.receipt
    if key == "kind":
        return fmt.activity_kind_text(row.kind)
    if key == "time":
        if sale is not None and cancel is None:
            return fmt.date_time(sale.paid_at or sale.created_at)
        return fmt.date_time(row.at)
    if key == "status":
        return fmt.outcome_text(row.outcome)
    if key == "amount":
        if cancel is not None:
            return "-" + fmt.won_number(row.amount)  # a refund: money going back
        return fmt.won_number(row.amount)
    if key == "cancelled":
        cancelled = sale.cancel_amount if sale is not None and cancel is None else 0
        return fmt.won_number(cancelled) if cancelled else ""
    if receipt is not None:
        return _receipt_cell(receipt, key)
    assert sale is not None
    if key == "staff":
        # who took the money; for a refund, who asked for it and the manager or owner who approved it
        if cancel is None:
            return sale.operator
        return f"{cancel.operator} ({cancel.approver})" if cancel.approver else cancel.operator
    if key == "company":
        return sale.card_name or sale.card_company or ""
    if key == "card":
        return fmt.masked_card(sale.card_number, sale.card_hint)
    if key == "quota":
        return fmt.quota_text(sale.card_quota)
    if key == "apply_num":
        return sale.apply_num or ""
    if key == "buyer":
        return sale.buyer_name
    if key == "tel":
        return sale.buyer_tel
    if key == "order_name":
        return sale.order_name if cancel is None else (cancel.reason or sale.order_name)
    return sale.merchant_uid


def _receipt_cell(receipt: ReceiptRow, key: str) -> str:
    if key == "company":
        return fmt.receipt_type_text(receipt.receipt_type)
    if key == "card":
        return receipt.identifier_hint  # the receipt's identifier, last 4 digits visible
    if key == "apply_num":
        return receipt.apply_num or ""
    if key == "buyer":
        return receipt.buyer_name
    if key == "order_name":
        return receipt.order_name
    if key == "merchant_uid":
        return receipt.merchant_uid or receipt.imp_uid or ""
    return ""
