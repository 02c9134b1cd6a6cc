"""The 거래내역 table model: pages of journal rows fetched lazily, off the GUI thread.

The view asks ``canFetchMore`` / ``fetchMore`` as the cashier scrolls; each ``fetchMore`` starts one
``services.history(filter, offset, PAGE_SIZE)`` call on the runner's journal thread and appends the rows
when it returns, so a million-row journal costs one page per screenful and the GUI thread never
waits on SQLite. The total (``count_history``) is fetched alongside and shown by the tab. A filter
change resets the model; answers for an older filter (generation) are dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell import formatting as fmt

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex

# (key, header source text marked for lupdate); headers are translated in headerData.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("time", QT_TRANSLATE_NOOP("HistoryModel", "일시")),
    ("status", QT_TRANSLATE_NOOP("HistoryModel", "상태")),
    ("amount", QT_TRANSLATE_NOOP("HistoryModel", "금액(원)")),
    ("cancelled", QT_TRANSLATE_NOOP("HistoryModel", "취소(원)")),
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
    """Rows of ``services.history`` for one filter, loaded a page at a time."""

    total_changed = Signal(int)  # count_history for the current filter
    page_loaded = Signal(int)  # rows loaded so far
    load_failed = Signal(object)  # the exception, for the tab to show

    def __init__(self, services: Any, runner: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._filter: Any = None
        self._rows: list[Any] = []
        self._total: int | None = None
        self._generation = 0
        self._fetching = False
        self._exhausted = False
        self.fetch_more_calls = 0  # how many pages were requested (tests and diagnostics)

    # ------------------------------------------------------------------ filter
    def set_filter(self, flt: Any) -> None:
        """Show the rows matching ``flt`` (a HistoryFilter); starts counting and the first page."""
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
            lambda: services.count_history(flt),
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
    def current_filter(self) -> Any:
        return self._filter

    @property
    def total(self) -> int | None:
        return self._total

    def sale_at(self, row: int) -> Any | None:
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
        services = self._services
        self._runner.run(
            lambda: services.history(flt, offset, PAGE_SIZE),
            lambda rows: self._on_page_done(generation, offset, rows),
            self._on_failed,
            kind="db",
        )

    def _on_count_done(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = int(total)
        self.total_changed.emit(self._total)

    def _on_page_done(self, generation: int, offset: int, rows: list[Any]) -> None:
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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        sale = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(sale, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            colour = _STATUS_COLOURS.get(Outcome(sale.outcome))
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.UserRole:
            return sale.merchant_uid
        return None

    @staticmethod
    def _display(sale: Any, key: str) -> str:
        if key == "time":
            return fmt.date_time(getattr(sale, "paid_at", None) or sale.created_at)
        if key == "status":
            return fmt.outcome_text(sale.outcome)
        if key == "amount":
            return fmt.won_number(int(getattr(sale, "paid_amount", 0) or sale.amount))
        if key == "cancelled":
            cancelled = int(getattr(sale, "cancel_amount", 0) or 0)
            return fmt.won_number(cancelled) if cancelled else ""
        if key == "company":
            return str(getattr(sale, "card_name", "") or getattr(sale, "card_company", "") or "")
        if key == "card":
            return fmt.masked_card(getattr(sale, "card_number", None), getattr(sale, "card_hint", None))
        if key == "quota":
            return fmt.quota_text(int(sale.card_quota or 0))
        if key == "apply_num":
            return str(getattr(sale, "apply_num", "") or "")
        if key == "buyer":
            return str(sale.buyer_name or "")
        if key == "tel":
            return str(sale.buyer_tel or "")
        if key == "order_name":
            return str(sale.order_name or "")
        return str(sale.merchant_uid)
