"""일일 마감: the Z report of one day on screen, printed, exported as CSV, and compared with PortOne.

``services.close_day(day)`` totals the journal by card company (paid / cancelled / net, tax-free and
VAT, cash receipts). The same figures are laid out as HTML for the printer. The CSV is written by the
services (UTF-8 with BOM so Excel on Korean Windows reads the Hangul). "PortOne과 대사" asks
``services.diff_day_with_portone(day)`` — a network call — and lists every sale that is only here, only
at PortOne, or differs in amount or status, so the owner can act before the settlement arrives.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDir, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.receipts.slip import ShopDetails, configure_slip_printer, slip_document
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

_MONEY_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DayCloseDialog(QDialog):
    """The Z report for one day; opened from the history tab."""

    report_shown = Signal(object)  # the DayReport now on screen
    differences_shown = Signal(int)  # number of differences found by the PortOne comparison
    csv_exported = Signal(str)  # path

    def __init__(
        self,
        services: Any,
        runner: Any,
        day: date,
        parent: QWidget | None = None,
        *,
        shop: ShopDetails | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dayCloseDialog")
        self.setWindowTitle(self.tr("일일 마감"))
        self.resize(760, 620)
        self._services = services
        self._runner = runner
        self._shop = shop or ShopDetails()
        self.report: Any | None = None

        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setObjectName("closeDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.load_button = QPushButton(self.tr("불러오기"))
        self.load_button.setObjectName("closeLoad")
        self.summary = QLabel()
        self.summary.setObjectName("closeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.company_table = QTableWidget(0, 6)
        self.company_table.setObjectName("closeByCompany")
        self.company_table.setHorizontalHeaderLabels(
            [
                self.tr("카드사"),
                self.tr("승인 건수"),
                self.tr("승인 금액"),
                self.tr("취소 건수"),
                self.tr("취소 금액"),
                self.tr("순매출"),
            ]
        )
        self._setup_table(self.company_table)

        self.diff_label = QLabel(self.tr("PortOne과 대사하면 이곳에 차이가 표시됩니다."))
        self.diff_label.setObjectName("diffLabel")
        self.diff_label.setWordWrap(True)
        self.diff_table = QTableWidget(0, 4)
        self.diff_table.setObjectName("diffTable")
        self.diff_table.setHorizontalHeaderLabels(
            [self.tr("구분"), self.tr("주문번호"), self.tr("이 계산대"), self.tr("PortOne")]
        )
        self._setup_table(self.diff_table)
        self.diff_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.print_button = QPushButton(self.tr("인쇄…"))
        self.print_button.setObjectName("closePrint")
        self.csv_button = QPushButton(self.tr("CSV로 내보내기…"))
        self.csv_button.setObjectName("closeCsv")
        self.diff_button = QPushButton(self.tr("PortOne과 대사"))
        self.diff_button.setObjectName("closeDiff")
        close_button = QPushButton(self.tr("닫기"))
        for button in (self.print_button, self.csv_button):
            button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("마감일")))
        top.addWidget(self.date_edit)
        top.addWidget(self.load_button)
        top.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.print_button, self.csv_button, self.diff_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.company_table, 2)
        layout.addWidget(self.diff_label)
        layout.addWidget(self.diff_table, 1)
        layout.addLayout(actions)

        self.load_button.clicked.connect(self.load)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.csv_button.clicked.connect(self._on_csv_clicked)
        self.diff_button.clicked.connect(self.compare_with_portone)
        close_button.clicked.connect(self.reject)

    @staticmethod
    def _setup_table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    @property
    def day(self) -> date:
        return self.date_edit.date().toPython()

    # ------------------------------------------------------------------ report
    def load(self) -> None:
        """Total the chosen day from the journal (off the GUI thread)."""
        day = self.day
        services = self._services
        self.load_button.setEnabled(False)
        self.summary.setText(html.escape(self.tr("집계 중…")))
        self._runner.run(lambda: services.close_day(day), self._on_report_loaded, self._on_failed, kind="db")

    def _on_report_loaded(self, report: Any) -> None:
        self.load_button.setEnabled(True)
        self.report = report
        self.summary.setText(self._summary_html(report))
        rows = [*report.by_company]
        self.company_table.setRowCount(len(rows) + 1)
        for row, totals in enumerate(rows):
            self._fill_company_row(row, totals.card_company or self.tr("(카드사 미상)"), totals)
        self._fill_company_row(len(rows), self.tr("합계"), report)
        for button in (self.print_button, self.csv_button):
            button.setEnabled(True)
        self.report_shown.emit(report)

    def _fill_company_row(self, row: int, name: str, totals: Any) -> None:
        cells = [
            name,
            str(totals.paid_count),
            fmt.won(totals.paid_sum),
            str(totals.cancel_count),
            fmt.won(totals.cancel_sum),
            fmt.won(totals.net),
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column > 0:
                item.setTextAlignment(_MONEY_ALIGN)
            self.company_table.setItem(row, column, item)

    def _summary_html(self, report: Any) -> str:
        lines = [
            self.tr("{day} 마감").format(day=fmt.short_date(report.day)),
            self.tr("승인 {count}건 {amount}").format(
                count=report.paid_count, amount=fmt.won(report.paid_sum)
            ),
            self.tr("취소 {count}건 {amount}").format(
                count=report.cancel_count, amount=fmt.won(report.cancel_sum)
            ),
            self.tr("순매출 {amount}").format(amount=fmt.won(report.net)),
            self.tr("면세 {tax_free} · 부가세 {vat}").format(
                tax_free=fmt.won(report.tax_free_sum), vat=fmt.won(report.vat_sum)
            ),
            self.tr("현금영수증 {count}건 {amount}").format(
                count=report.receipts_count, amount=fmt.won(report.receipts_sum)
            ),
        ]
        head, *rest = (html.escape(line) for line in lines)
        return (
            f"<b>{head}</b><br>" + " · ".join(rest[:2]) + f"<br><b>{rest[2]}</b><br>" + "<br>".join(rest[3:])
        )

    def report_html(self) -> str:
        """The Z report laid out for the slip printer."""
        report = self.report
        if report is None:
            return ""
        shop = html.escape(self._shop.name or "")
        rows = "".join(
            f"<tr><td>{html.escape(t.card_company or self.tr('(카드사 미상)'))}</td>"
            f"<td align='right'>{t.paid_count}</td><td align='right'>{html.escape(fmt.won(t.net))}</td></tr>"
            for t in report.by_company
        )
        return (
            f"<html><body style=\"font-size:10pt\"><h3 align='center'>{shop}</h3>"
            f"<h4 align='center'>{html.escape(self.tr('일일 마감 (Z 리포트)'))}</h4>"
            f"<p>{self._summary_html(report)}</p>"
            f"<table width='100%'><tr><th align='left'>{html.escape(self.tr('카드사'))}</th>"
            f"<th align='right'>{html.escape(self.tr('건수'))}</th>"
            f"<th align='right'>{html.escape(self.tr('순매출'))}</th></tr>{rows}</table></body></html>"
        )

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_slip_printer(printer)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            slip_document(self.report_html()).print_(printer)

    # ------------------------------------------------------------------ CSV
    def _on_csv_clicked(self) -> None:
        suggested = QDir.home().filePath(f"close-{self.day.isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("CSV로 내보내기"), suggested, self.tr("CSV 파일 (*.csv)")
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """Write the day's report as CSV (UTF-8 with BOM) through the services."""
        day = self.day
        services = self._services
        self.csv_button.setEnabled(False)
        self._runner.run(
            lambda: services.export_day_report_csv(day, path),
            lambda _result: self._on_csv_done(path),
            self._on_failed,
            kind="db",
        )

    def _on_csv_done(self, path: Path) -> None:
        self.csv_button.setEnabled(True)
        self.summary.setText(
            self.summary.text()
            + "<br>"
            + html.escape(
                self.tr("CSV로 저장했습니다: {path}").format(path=QDir.toNativeSeparators(str(path)))
            )
        )
        self.csv_exported.emit(str(path))

    # ------------------------------------------------------------------ PortOne comparison
    def compare_with_portone(self) -> None:
        """List the differences between this day's journal and PortOne (network, off the GUI thread)."""
        day = self.day
        services = self._services
        self.diff_button.setEnabled(False)
        self.diff_label.setText(self.tr("PortOne 거래를 불러오는 중…"))
        self._runner.run(
            lambda: services.diff_day_with_portone(day), self._on_diff_done, self._on_failed, kind="network"
        )

    def _on_diff_done(self, differences: list[Any]) -> None:
        self.diff_button.setEnabled(True)
        if differences:
            self.diff_label.setText(
                self.tr("PortOne과 다른 거래가 {count}건 있습니다.").format(count=len(differences))
            )
        else:
            self.diff_label.setText(self.tr("PortOne과 차이가 없습니다."))
        self.diff_table.setRowCount(len(differences))
        for row, diff in enumerate(differences):
            cells = [
                self._kind_text(diff.kind),
                diff.merchant_uid,
                self._local_text(diff),
                self._remote_text(diff),
            ]
            for column, text in enumerate(cells):
                self.diff_table.setItem(row, column, QTableWidgetItem(text))
            if getattr(diff, "detail", ""):
                self.diff_table.item(row, 0).setToolTip(diff.detail)
        self.differences_shown.emit(len(differences))

    def _kind_text(self, kind: str) -> str:
        return {
            "local_only": self.tr("이 계산대에만 있음"),
            "remote_only": self.tr("PortOne에만 있음"),
            "amount": self.tr("금액 다름"),
            "status": self.tr("상태 다름"),
            "other_counter": self.tr("다른 계산대의 거래(차이 아님)"),
            "test_payment": self.tr("테스트 결제(돈 안 움직임)"),
        }.get(kind, kind)

    @staticmethod
    def _local_text(diff: Any) -> str:
        local = diff.local
        if local is None:
            return "-"
        paid = int(getattr(local, "paid_amount", 0) or local.amount)
        return f"{fmt.outcome_text(local.outcome)} {fmt.won(paid)}"

    @staticmethod
    def _remote_text(diff: Any) -> str:
        remote = diff.remote
        if remote is None:
            return "-"
        text = f"{fmt.portone_status_text(remote.status)} {fmt.won(int(remote.amount or 0))}"
        if getattr(remote, "cancel_amount", 0):
            text += " / -" + fmt.won(int(remote.cancel_amount))
        return text

    def _on_failed(self, exc: BaseException) -> None:
        self.load_button.setEnabled(True)
        self.diff_button.setEnabled(True)
        self.csv_button.setEnabled(self.report is not None)
        dialogs.report_failure(self, exc)
