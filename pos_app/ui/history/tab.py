"""거래내역 tab: card sales, cancels and cash receipts in one list; open one to reprint or cancel it.

The table is a ``HistoryModel`` (lazy pages of ``CounterServices.activity`` through the runner), so a
year of sales opens as fast as a day. It loads when the tab is first shown and reloads whenever the
cashier comes back to it. Filters are read when the cashier presses Enter in any field (the dates too),
clicks 검색, picks a day from a calendar or presses a period button (오늘, 어제, 이번 주, 이번 달,
지난 달): the period typed as 1120, 11/20 or 2026-11-20 (``domain.typed_dates``), the kind (카드 결제,
카드 취소, 현금영수증), status, last 4 card digits, phone, buyer, amount.

Selecting a row (double-click, Enter, or 영수증 보기) emits ``transaction_selected(key)``, which the window
routes to the receipt panel's ``show_transaction``: the key is the sale's merchant_uid for a card sale or
a cancel (the slip lists its cancels; 결제 취소 is there), and the receipt_id for a cash receipt (the
panel finds a receipt by it through ``receipt_for`` and offers reprint and 현금영수증 취소).

일일 마감 opens the Z report; PortOne과 대사 opens it and starts the comparison; 내보내기 writes the rows of
the current filter as .xlsx (the default) or .csv through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.money import parse_won
from pos_app.domain.outcomes import Outcome
from pos_app.domain.typed_dates import PERIODS, Period, period
from pos_app.services.counter import ActivityFilter, ActivityKind
from pos_app.ui.history.date_field import DateField
from pos_app.ui.history.model import COLUMNS, HistoryModel
from pos_app.ui.receipts.slip import ShopDetails
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices
    from pos_app.ui.history.day_close_dialog import DayCloseDialog
    from pos_app.workers import BackgroundRunner

# kind choices: (label source text, kinds or None for all)
_KIND_CHOICES: tuple[tuple[str, frozenset[ActivityKind] | None], ...] = (
    (QT_TRANSLATE_NOOP("HistoryTab", "전체"), None),
    (QT_TRANSLATE_NOOP("HistoryTab", "카드 결제"), frozenset({"sale"})),
    (QT_TRANSLATE_NOOP("HistoryTab", "카드 취소"), frozenset({"cancel"})),
    (QT_TRANSLATE_NOOP("HistoryTab", "현금영수증"), frozenset({"receipt"})),
)
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
_PERIOD_LABELS: dict[Period, str] = {
    "today": QT_TRANSLATE_NOOP("HistoryTab", "오늘"),
    "yesterday": QT_TRANSLATE_NOOP("HistoryTab", "어제"),
    "this_week": QT_TRANSLATE_NOOP("HistoryTab", "이번 주"),
    "this_month": QT_TRANSLATE_NOOP("HistoryTab", "이번 달"),
    "last_month": QT_TRANSLATE_NOOP("HistoryTab", "지난 달"),
}
# the widths a column needs for its data at the default font; headers may need more (fit_columns)
_DATA_SAMPLES: dict[str, str] = {
    "kind": "현금영수증", "time": "2026-11-26 14:32:05", "status": "금액 불일치", "amount": "-1,000,000",
    "cancelled": "1,000,000", "company": "NH농협카드", "card": "4518-42**-****-0007", "quota": "12개월",
    "apply_num": "123456789", "buyer": "홍길동", "tel": "010-1234-5678", "order_name": "꽃바구니 배송",
    "merchant_uid": "C01-20261126T143205123-a1b2", "staff": "김점원 (박관리)",
}  # fmt: skip
_ERROR_STYLE = "color:#b00020"


def _today() -> date:
    return date.today()


class _HistoryTable(QTableView):
    """Enter on a row opens it (the view would otherwise just move the current cell)."""

    row_activated = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class HistoryTab(QWidget):
    """Searchable history of sales, cancels and cash receipts with reprint, export and daily close."""

    transaction_selected = Signal(str)  # merchant_uid (sale, cancel) or receipt_id (cash receipt)
    day_report_shown = Signal(object)  # the DayReportDocument the 일일 마감 dialog now shows
    day_differences_shown = Signal(int)  # differences found by PortOne과 대사
    history_exported = Signal(str, int)  # path, rows written

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = _today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyTab")
        self._services = services
        self._runner = runner
        self._today = today
        self._shop = ShopDetails()
        self.day_close_dialog: DayCloseDialog | None = None

        self.date_from = DateField(today)
        self.date_to = DateField(today)
        self.date_from.edit.setObjectName("historyFrom")
        self.date_to.edit.setObjectName("historyTo")
        self.date_from.set_date(today())
        self.date_to.set_date(today())
        self.period_buttons: dict[Period, QPushButton] = {}
        for name in PERIODS:
            button = QPushButton()
            button.setObjectName(f"historyPeriod_{name}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, chosen=name: self.show_period(chosen))
            self.period_buttons[name] = button
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("historyKind")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("historyStatus")
        for combo, choices in ((self.kind_combo, _KIND_CHOICES), (self.status_combo, _STATUS_CHOICES)):
            for _label, _values in choices:
                combo.addItem("")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.last4_edit = self._filter_edit("historyLast4", 4)
        self.phone_edit = self._filter_edit("historyPhone", 16)
        self.buyer_edit = self._filter_edit("historyBuyer", 16)
        self.amount_edit = self._filter_edit("historyAmount", 16)
        self.search_button = QPushButton()
        self.search_button.setObjectName("historySearch")
        self.search_button.setDefault(True)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("historyClear")
        self.filter_error = QLabel()
        self.filter_error.setObjectName("historyFilterError")
        self.filter_error.setStyleSheet(_ERROR_STYLE)
        self.filter_error.setWordWrap(True)

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

        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")
        self.open_button = QPushButton()
        self.open_button.setObjectName("historyOpen")
        self.close_day_button = QPushButton()
        self.close_day_button.setObjectName("historyCloseDay")
        self.diff_button = QPushButton()
        self.diff_button.setObjectName("historyDiff")
        self.export_button = QPushButton()
        self.export_button.setObjectName("historyExport")
        self._labels: dict[str, QLabel] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(self._filters_layout())
        layout.addWidget(self.filter_error)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for button in (self.open_button, self.export_button, self.close_day_button, self.diff_button):
            actions.addWidget(button)
        layout.addLayout(actions)

        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        for edit in (self.last4_edit, self.phone_edit, self.buyer_edit, self.amount_edit):
            edit.returnPressed.connect(self.search)
        for field in (self.date_from, self.date_to):
            field.returnPressed.connect(self.search)
        self.table.doubleClicked.connect(self._on_table_row_activated)
        self.table.row_activated.connect(self._on_table_row_activated)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.close_day_button.clicked.connect(self._on_close_day_clicked)
        self.diff_button.clicked.connect(self._on_diff_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.model.total_changed.connect(self._on_model_total_changed)
        self.model.load_failed.connect(lambda exc: dialogs.report_failure(self, exc))
        self._retranslate()

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        self._labels[key] = label
        return label

    def _filters_layout(self) -> QGridLayout:
        filters = QGridLayout()
        filters.setHorizontalSpacing(6)
        filters.setVerticalSpacing(4)
        filters.addWidget(self._label("period"), 0, 0)
        period_row = QHBoxLayout()
        period_row.setSpacing(4)
        period_row.addWidget(self.date_from)
        period_row.addWidget(QLabel("~"))
        period_row.addWidget(self.date_to)
        period_row.addSpacing(8)
        for button in self.period_buttons.values():
            period_row.addWidget(button)
        period_row.addStretch(1)
        filters.addLayout(period_row, 0, 1, 1, 5)
        filters.addWidget(self.search_button, 0, 6)
        filters.addWidget(self._label("kind"), 1, 0)
        filters.addWidget(self.kind_combo, 1, 1)
        filters.addWidget(self._label("status"), 1, 2)
        filters.addWidget(self.status_combo, 1, 3)
        filters.addWidget(self._label("amount"), 1, 4)
        filters.addWidget(self.amount_edit, 1, 5)
        filters.addWidget(self.clear_button, 1, 6)
        filters.addWidget(self._label("last4"), 2, 0)
        filters.addWidget(self.last4_edit, 2, 1)
        filters.addWidget(self._label("phone"), 2, 2)
        filters.addWidget(self.phone_edit, 2, 3)
        filters.addWidget(self._label("buyer"), 2, 4)
        filters.addWidget(self.buyer_edit, 2, 5)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)
        return filters

    def _filter_edit(self, name: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        edit.setClearButtonEnabled(True)
        return edit

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

    def set_shop_details(self, shop: ShopDetails) -> None:
        """Shop lines for the printed Z report."""
        self._shop = shop

    # ------------------------------------------------------------------ language
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        texts = {
            "period": self.tr("기간"), "kind": self.tr("구분"), "status": self.tr("상태"),
            "amount": self.tr("금액"), "last4": self.tr("카드 끝 4자리"), "phone": self.tr("전화"),
            "buyer": self.tr("구매자"),
        }  # fmt: skip
        for key, label in self._labels.items():
            label.setText(texts[key])
        for name, button in self.period_buttons.items():
            button.setText(self.tr(_PERIOD_LABELS[name]))
        for combo, choices in ((self.kind_combo, _KIND_CHOICES), (self.status_combo, _STATUS_CHOICES)):
            for index, (source, _values) in enumerate(choices):
                combo.setItemText(index, self.tr(source))
        placeholder = self.tr("예: 1120, 11/20")
        self.date_from.edit.setPlaceholderText(placeholder)
        self.date_to.edit.setPlaceholderText(placeholder)
        self.last4_edit.setPlaceholderText(self.tr("끝 4자리"))
        self.phone_edit.setPlaceholderText(self.tr("전화번호"))
        self.buyer_edit.setPlaceholderText(self.tr("구매자"))
        self.amount_edit.setPlaceholderText(self.tr("금액"))
        self.search_button.setText(self.tr("검색"))
        self.clear_button.setText(self.tr("초기화"))
        self.open_button.setText(self.tr("영수증 보기·재출력"))
        self.close_day_button.setText(self.tr("일일 마감…"))
        self.diff_button.setText(self.tr("PortOne과 대사…"))
        self.export_button.setText(self.tr("내보내기…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Each column as wide as its data sample and its header text (translated headers are longer)."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        # the words in these columns are translated: measure them in the language on screen
        words = {
            "kind": [fmt.activity_kind_text(kind) for kind in ("sale", "cancel", "receipt")],
            # a test payment is rare and long: its cell may be cut rather than widen every row
            "status": [fmt.outcome_text(o) for o in Outcome if o is not Outcome.TEST_PAYMENT],
            "quota": [fmt.quota_text(0), fmt.quota_text(12)],
            "company": [fmt.receipt_type_text("person"), fmt.receipt_type_text("company")],
        }
        for column, (key, _title) in enumerate(COLUMNS):
            samples = [_DATA_SAMPLES[key], *words.get(key, [])]
            data = max(metrics.horizontalAdvance(text) for text in samples) + 14
            header.resizeSection(column, max(data, header.sectionSizeHint(column)))

    # ------------------------------------------------------------------ search
    def current_filter(self) -> ActivityFilter:
        """The filter as typed; raises ValueError (FieldError) for an unreadable date, amount or digits."""
        start = self.date_from.date()
        end = self.date_to.date()
        if start is not None and end is not None and end < start:
            start, end = end, start
        last4 = "".join(ch for ch in self.last4_edit.text() if ch.isdigit())
        if self.last4_edit.text().strip() and len(last4) != 4:
            raise ValueError(self.tr("카드 끝 4자리는 숫자 4개입니다."))
        phone = "".join(ch for ch in self.phone_edit.text() if ch.isdigit())
        amount_text = self.amount_edit.text().strip()
        return ActivityFilter(
            date_from=start,
            date_to=end,
            kinds=_KIND_CHOICES[self.kind_combo.currentIndex()][1],
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
        except FieldError as exc:
            self._show_problem(fmt.describe_error(exc) or str(exc))
            return
        except ValueError as exc:
            self._show_problem(str(exc))
            return
        self.filter_error.clear()
        self.count_label.setText(self.tr("검색 중…"))
        self.model.set_filter(flt)

    def show_period(self, name: Period) -> None:
        """A period button: set both dates and search."""
        start, end = period(name, self._today())
        self.date_from.set_date(start)
        self.date_to.set_date(end)
        self.search()

    def _show_problem(self, text: str) -> None:
        self.filter_error.setStyleSheet(_ERROR_STYLE)
        self.filter_error.setText(text)

    @Slot()
    def refresh(self) -> None:
        """Reload the rows (the window calls this after a charge, cancel or receipt)."""
        self.model.refresh()

    def _on_clear_clicked(self) -> None:
        today = self._today()
        self.date_from.set_date(today)
        self.date_to.set_date(today)
        self.kind_combo.setCurrentIndex(0)
        self.status_combo.setCurrentIndex(0)
        for edit in (self.last4_edit, self.phone_edit, self.buyer_edit, self.amount_edit):
            edit.clear()
        self.search()

    def _on_model_total_changed(self, total: int) -> None:
        self.count_label.setText(self.tr("{count}건").format(count=fmt.won_number(total)))

    # ------------------------------------------------------------------ open (reprint, cancel)
    def _on_table_row_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.transaction_selected.emit(row.opens)

    def _on_open_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self._show_problem(self.tr("목록에서 거래를 먼저 선택하세요."))
            return
        self._on_table_row_activated(index)

    # ------------------------------------------------------------------ export
    def _on_export_clicked(self) -> None:
        flt = self.model.current_filter
        if flt is None:
            return
        period_name = f"{flt.date_from or ''}-{flt.date_to or ''}".strip("-") or "all"
        suggested = QDir.home().filePath(f"history-{period_name}.xlsx")
        excel, text = self.tr("Excel 파일 (*.xlsx)"), self.tr("CSV 파일 (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("거래내역 내보내기"), suggested, f"{excel};;{text}"
        )
        if path:
            self.export(flt, _with_suffix(Path(path), ".csv" if chosen == text else ".xlsx"))

    def export(self, flt: ActivityFilter, path: Path) -> None:
        """Write the rows of ``flt`` as .xlsx or .csv (by the file name) through the services."""
        services = self._services
        self.export_button.setEnabled(False)
        self._runner.run(
            lambda: services.export_activity(flt, path),
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
        """Open the Z report for ``day`` (default: the 'to' date of the filter, else today) and load it."""
        from pos_app.ui.history.day_close_dialog import (
            DayCloseDialog,  # only on demand: not needed at start-up
        )

        if self.day_close_dialog is not None:
            self.day_close_dialog.close()
        if day is None:
            try:
                day = self.date_to.date()
            except FieldError:
                day = None
        dialog = DayCloseDialog(
            self._services, self._runner, day or self._today(), self, shop=self._shop, today=self._today
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


def _with_suffix(path: Path, default: str) -> Path:
    """The name the owner typed, with the chosen type's suffix when it has neither .xlsx nor .csv."""
    return path if path.suffix.lower() in (".xlsx", ".csv") else path.with_name(path.name + default)
