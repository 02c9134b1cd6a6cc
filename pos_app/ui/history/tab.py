"""거래내역 tab: search the journal, pick a sale for the receipt panel, close the day.

The table is a ``HistoryModel`` (lazy pages through the runner), so a year of sales opens as fast as
a day. It loads when the tab is first shown and reloads whenever the cashier comes back to it.
Filters are read when the cashier presses Enter in any filter field or clicks 검색: date range
(local days), status, last 4 card digits, phone, buyer, amount. Double-click or Enter on a row, or
영수증 보기, emits ``transaction_selected(merchant_uid)``, which the window routes to the receipt panel
(reprint happens there). 일일 마감 opens the Z report; PortOne과 대사 opens it and starts the comparison;
CSV로 내보내기 writes the rows of the current filter.

``HistoryFilter`` is the journal's value type; the ui layer takes it from ``pos_app.services.counter``,
which re-exports it (the ui may not import the journal).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QDir, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import parse_won
from pos_app.domain.outcomes import Outcome
from pos_app.services.counter import HistoryFilter
from pos_app.ui.history.model import HistoryModel
from pos_app.ui.receipts.slip import ShopDetails
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.ui.history.day_close_dialog import DayCloseDialog

# status choices: (label source text, outcomes or None for all)
_STATUS_CHOICES: tuple[tuple[str, frozenset[Outcome] | None], ...] = (
    (QT_TRANSLATE_NOOP("HistoryTab", "전체"), None),
    (QT_TRANSLATE_NOOP("HistoryTab", "승인"), frozenset({Outcome.APPROVED})),
    (
        QT_TRANSLATE_NOOP("HistoryTab", "취소·부분취소"),
        frozenset({Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED}),
    ),
    (QT_TRANSLATE_NOOP("HistoryTab", "거절·결제 안 됨"), frozenset({Outcome.DECLINED, Outcome.NOT_CHARGED})),
    (QT_TRANSLATE_NOOP("HistoryTab", "확인 중"), frozenset({Outcome.UNKNOWN, Outcome.PENDING})),
    (QT_TRANSLATE_NOOP("HistoryTab", "금액 불일치"), frozenset({Outcome.MISMATCH})),
)


class _HistoryTable(QTableView):
    """Enter on a row opens it (the view would otherwise just move the current cell)."""

    row_activated = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class HistoryTab(QWidget):
    """Searchable transaction history with reprint and daily close."""

    transaction_selected = Signal(str)  # merchant_uid to show in the receipt panel
    day_report_shown = Signal(object)  # the DayReport the 일일 마감 dialog now shows
    day_differences_shown = Signal(int)  # differences found by PortOne과 대사
    history_exported = Signal(str, int)  # path, rows written

    def __init__(self, services: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyTab")
        self._services = services
        self._runner = runner
        self._shop = ShopDetails()
        self.day_close_dialog: DayCloseDialog | None = None

        today = QDate.currentDate()
        self.date_from = QDateEdit(today)
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "historyFrom"), (self.date_to, "historyTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("historyStatus")
        for label, _outcomes in _STATUS_CHOICES:
            self.status_combo.addItem(self.tr(label))
        self.last4_edit = self._filter_edit("historyLast4", self.tr("끝 4자리"), 4)
        self.phone_edit = self._filter_edit("historyPhone", self.tr("전화번호"), 16)
        self.buyer_edit = self._filter_edit("historyBuyer", self.tr("구매자"), 16)
        self.amount_edit = self._filter_edit("historyAmount", self.tr("금액"), 16)
        self.search_button = QPushButton(self.tr("검색"))
        self.search_button.setObjectName("historySearch")
        self.search_button.setDefault(True)
        self.clear_button = QPushButton(self.tr("초기화"))
        self.clear_button.setObjectName("historyClear")
        self.filter_error = QLabel()
        self.filter_error.setObjectName("historyFilterError")
        self.filter_error.setStyleSheet("color:#b00020")

        self.model = HistoryModel(services, runner, self)
        self.table = _HistoryTable()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights and interactive column widths: no per-row measuring over a million rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 70, 90, 80, 90, 160, 60, 80, 80, 110, 140)):
            header.resizeSection(column, width)

        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")
        self.open_button = QPushButton(self.tr("영수증 보기·재출력"))
        self.open_button.setObjectName("historyOpen")
        self.close_day_button = QPushButton(self.tr("일일 마감…"))
        self.close_day_button.setObjectName("historyCloseDay")
        self.diff_button = QPushButton(self.tr("PortOne과 대사…"))
        self.diff_button.setObjectName("historyDiff")
        self.export_button = QPushButton(self.tr("CSV로 내보내기…"))
        self.export_button.setObjectName("historyExport")

        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("기간")), 0, 0)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("~"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        filters.addLayout(period, 0, 1)
        filters.addWidget(QLabel(self.tr("상태")), 0, 2)
        filters.addWidget(self.status_combo, 0, 3)
        filters.addWidget(QLabel(self.tr("금액")), 0, 4)
        filters.addWidget(self.amount_edit, 0, 5)
        filters.addWidget(QLabel(self.tr("카드 끝 4자리")), 1, 0)
        filters.addWidget(self.last4_edit, 1, 1)
        filters.addWidget(QLabel(self.tr("전화")), 1, 2)
        filters.addWidget(self.phone_edit, 1, 3)
        filters.addWidget(QLabel(self.tr("구매자")), 1, 4)
        filters.addWidget(self.buyer_edit, 1, 5)
        filters.addWidget(self.search_button, 0, 6)
        filters.addWidget(self.clear_button, 1, 6)

        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for button in (self.open_button, self.export_button, self.close_day_button, self.diff_button):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.filter_error)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        for edit in (self.last4_edit, self.phone_edit, self.buyer_edit, self.amount_edit):
            edit.returnPressed.connect(self.search)
        self.table.doubleClicked.connect(self._on_table_row_activated)
        self.table.row_activated.connect(self._on_table_row_activated)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.close_day_button.clicked.connect(self._on_close_day_clicked)
        self.diff_button.clicked.connect(self._on_diff_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.model.total_changed.connect(self._on_model_total_changed)
        self.model.load_failed.connect(lambda exc: dialogs.report_failure(self, exc))

    def showEvent(self, event: QShowEvent) -> None:
        """Load when first shown, and reload each time the cashier comes back to the tab (sales,
        cancels and receipts made elsewhere in the window show up without extra wiring)."""
        super().showEvent(event)
        if event.spontaneous():  # the window coming back from minimised: nothing changed here
            return
        if self.model.current_filter is None:
            self.search()
        else:
            self.refresh()

    def _filter_edit(self, name: str, placeholder: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(max_length)
        edit.setClearButtonEnabled(True)
        return edit

    def set_shop_details(self, shop: ShopDetails) -> None:
        """Shop lines for the printed Z report."""
        self._shop = shop

    # ------------------------------------------------------------------ search
    def current_filter(self) -> HistoryFilter:
        """The filter as typed; raises ValueError (FieldError) for an unreadable amount or digits."""
        start: date = self.date_from.date().toPython()
        end: date = self.date_to.date().toPython()
        if end < start:
            start, end = end, start
        last4 = "".join(ch for ch in self.last4_edit.text() if ch.isdigit())
        if self.last4_edit.text().strip() and len(last4) != 4:
            raise ValueError(self.tr("카드 끝 4자리는 숫자 4개입니다."))
        phone = "".join(ch for ch in self.phone_edit.text() if ch.isdigit())
        amount_text = self.amount_edit.text().strip()
        return HistoryFilter(
            date_from=start,
            date_to=end,
            outcomes=_STATUS_CHOICES[self.status_combo.currentIndex()][1],
            last4=last4 or None,
            phone=phone or None,
            buyer=self.buyer_edit.text().strip() or None,
            amount=parse_won(amount_text) if amount_text else None,
        )

    @Slot()
    def search(self) -> None:
        """Apply the filters (resets the lazy model)."""
        try:
            flt = self.current_filter()
        except ValueError as exc:
            self.filter_error.setStyleSheet("color:#b00020")
            self.filter_error.setText(fmt.describe_error(exc) or str(exc))
            return
        self.filter_error.clear()
        self.count_label.setText(self.tr("검색 중…"))
        self.model.set_filter(flt)

    @Slot()
    def refresh(self) -> None:
        """Reload the rows (the window calls this after a charge, cancel or receipt)."""
        self.model.refresh()

    def _on_clear_clicked(self) -> None:
        today = QDate.currentDate()
        self.date_from.setDate(today)
        self.date_to.setDate(today)
        self.status_combo.setCurrentIndex(0)
        for edit in (self.last4_edit, self.phone_edit, self.buyer_edit, self.amount_edit):
            edit.clear()
        self.search()

    def _on_model_total_changed(self, total: int) -> None:
        self.count_label.setText(self.tr("{count}건").format(count=fmt.won_number(total)))

    # ------------------------------------------------------------------ reprint
    def _on_table_row_activated(self, index: QModelIndex) -> None:
        sale = self.model.sale_at(index.row())
        if sale is not None:
            self.transaction_selected.emit(sale.merchant_uid)

    def _on_open_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.filter_error.setStyleSheet("color:#b00020")
            self.filter_error.setText(self.tr("목록에서 거래를 먼저 선택하세요."))
            return
        self._on_table_row_activated(index)

    # ------------------------------------------------------------------ export
    def _on_export_clicked(self) -> None:
        flt = self.model.current_filter
        if flt is None:
            return
        suggested = QDir.home().filePath(f"history-{flt.date_from}-{flt.date_to}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("CSV로 내보내기"), suggested, self.tr("CSV 파일 (*.csv)")
        )
        if path:
            self.export_csv(flt, Path(path))

    def export_csv(self, flt: HistoryFilter, path: Path) -> None:
        """Write the rows of ``flt`` as CSV (UTF-8 with BOM, for Excel) through the services."""
        services = self._services
        self.export_button.setEnabled(False)
        self._runner.run(
            lambda: services.export_history_csv(flt, path),
            lambda count: self._on_export_done(path, count),
            self._on_export_failed,
            kind="db",
        )

    def _on_export_done(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.filter_error.setStyleSheet("")
        self.filter_error.setText(
            self.tr("{count}건을 저장했습니다: {path}").format(
                count=fmt.won_number(count), path=QDir.toNativeSeparators(str(path))
            )
        )
        self.history_exported.emit(str(path), count)

    def _on_export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        dialogs.report_failure(self, exc)

    # ------------------------------------------------------------------ daily close
    def open_day_close(self, day: date | None = None) -> DayCloseDialog:
        """Open the Z report for ``day`` (default: the 'to' date of the filter) and load it."""
        from pos_app.ui.history.day_close_dialog import (
            DayCloseDialog,  # only on demand: not needed at start-up
        )

        if self.day_close_dialog is not None:
            self.day_close_dialog.close()
        dialog = DayCloseDialog(
            self._services, self._runner, day or self.date_to.date().toPython(), self, shop=self._shop
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.report_shown.connect(self.day_report_shown)
        dialog.differences_shown.connect(self.day_differences_shown)
        dialog.finished.connect(lambda _result, closed=dialog: self._on_day_close_finished(closed))
        self.day_close_dialog = dialog
        dialog.open()
        dialog.load()
        return dialog

    def _on_day_close_finished(self, closed: DayCloseDialog) -> None:
        if self.day_close_dialog is closed:
            self.day_close_dialog = None

    def _on_close_day_clicked(self) -> None:
        self.open_day_close()

    def _on_diff_clicked(self) -> None:
        self.open_day_close().compare_with_portone()
