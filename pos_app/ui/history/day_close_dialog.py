"""일일 마감: the Z report of one day on screen, printed, exported, and compared with PortOne.

``services.day_report_document(day, shop_name)`` totals the journal by card company (paid / cancelled /
net, tax-free and VAT, cash receipts) and stamps it with the shop's name and the time it was made. That
one document is what the screen shows (the company table with its 합계 row, the totals and the card +
cash total), what is printed (``z_report.z_report_html``) and what is exported (.xlsx or .csv through
the services), so the three always agree. "PortOne과 대사" asks ``services.diff_day_with_portone(day)`` —
a network call — and lists every sale that is only here, only at PortOne, or differs in amount or status,
so the owner can act before the settlement arrives.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QEvent, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import FieldError
from pos_app.domain.people import Action
from pos_app.ui.history.date_field import DateField
from pos_app.ui.history.z_report import z_report_html
from pos_app.ui.people.approval import with_approval
from pos_app.ui.receipts.slip import ShopDetails, configure_slip_printer, slip_document
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import (
        Approval,
        CashierTotals,
        CompanyTotals,
        CounterServices,
        DayDifference,
        DayReport,
        DayReportDocument,
    )
    from pos_app.workers import BackgroundRunner

_MONEY_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _today() -> date:
    return date.today()


class DayCloseDialog(QDialog):
    """The Z report for one day; opened from the history tab."""

    report_shown = Signal(object)  # the DayReportDocument now on screen
    differences_shown = Signal(int)  # number of differences found by the PortOne comparison
    file_exported = Signal(str)  # path

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        day: date,
        parent: QWidget | None = None,
        *,
        shop: ShopDetails | None = None,
        today: Callable[[], date] = _today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dayCloseDialog")
        self.resize(880, 600)  # the English headers fit; still inside a 1024×768 screen
        self._services = services
        self._runner = runner
        self._shop = shop or ShopDetails()
        self.document: DayReportDocument | None = None

        self.date_edit = DateField(today)
        self.date_edit.edit.setObjectName("closeDate")
        self.date_edit.set_date(day)
        self.load_button = QPushButton()
        self.load_button.setObjectName("closeLoad")
        self.summary = QLabel()
        self.summary.setObjectName("closeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.date_label = QLabel()

        self.company_table = QTableWidget(0, 6)
        self.company_table.setObjectName("closeByCompany")
        self._setup_table(self.company_table)
        # the same money by who took it and who gave it back (people); beside the companies
        self.cashier_table = QTableWidget(0, 6)
        self.cashier_table.setObjectName("closeByCashier")
        self._setup_table(self.cashier_table)
        self.split_tabs = QTabWidget()
        self.split_tabs.addTab(self.company_table, "")
        self.split_tabs.addTab(self.cashier_table, "")
        # a manager's or owner's approval for a person below them, asked once when the dialog first loads
        self.approval: Approval | None = None

        self.diff_label = QLabel()
        self.diff_label.setObjectName("diffLabel")
        self.diff_label.setWordWrap(True)
        self.diff_table = QTableWidget(0, 4)
        self.diff_table.setObjectName("diffTable")
        self._setup_table(self.diff_table)
        self.diff_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.print_button = QPushButton()
        self.print_button.setObjectName("closePrint")
        self.export_button = QPushButton()
        self.export_button.setObjectName("closeExport")
        self.diff_button = QPushButton()
        self.diff_button.setObjectName("closeDiff")
        self.close_button = QPushButton()
        for button in (self.print_button, self.export_button):
            button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.date_label)
        top.addWidget(self.date_edit)
        top.addWidget(self.load_button)
        top.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.print_button, self.export_button, self.diff_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.split_tabs, 2)
        layout.addWidget(self.diff_label)
        layout.addWidget(self.diff_table, 1)
        layout.addLayout(actions)

        self.load_button.clicked.connect(self.load)
        self.date_edit.returnPressed.connect(self.load)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.diff_button.clicked.connect(self.compare_with_portone)
        self.close_button.clicked.connect(self.reject)
        self._retranslate()

    @staticmethod
    def _setup_table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("일일 마감"))
        self.date_label.setText(self.tr("마감일"))
        self.load_button.setText(self.tr("불러오기"))
        self.split_tabs.setTabText(0, self.tr("카드사별"))
        self.split_tabs.setTabText(1, self.tr("담당자별"))
        self.cashier_table.setHorizontalHeaderLabels(
            [
                self.tr("담당자"),
                self.tr("승인 건수"),
                self.tr("승인 금액"),
                self.tr("취소 건수"),
                self.tr("취소 금액"),
                self.tr("순매출"),
            ]
        )
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
        self.diff_table.setHorizontalHeaderLabels(
            [self.tr("구분"), self.tr("주문번호"), self.tr("이 계산대"), self.tr("PortOne")]
        )
        if self.diff_table.rowCount() == 0:
            self.diff_label.setText(self.tr("PortOne과 대사하면 이곳에 차이가 표시됩니다."))
        self.print_button.setText(self.tr("인쇄…"))
        self.export_button.setText(self.tr("내보내기…"))
        self.diff_button.setText(self.tr("PortOne과 대사"))
        self.close_button.setText(self.tr("닫기"))
        if self.document is not None:
            self._show_document(self.document)

    @property
    def day(self) -> date:
        """The day typed; raises FieldError when the text is not a date."""
        return self.date_edit.date() or _today()

    # ------------------------------------------------------------------ report
    def load(self) -> None:
        """Total the chosen day from the journal (off the GUI thread)."""
        try:
            day = self.day
        except FieldError as exc:
            self.summary.setText(html.escape(fmt.describe_error(exc) or str(exc)))
            return
        services = self._services
        if self.approval is None and services.people.needs_approval(Action.CLOSE_DAY):
            # the day close is a manager's or owner's: their PIN here, once for this dialog
            self.summary.setText(html.escape(self.tr("일 마감은 관리자 이상의 승인이 필요합니다.")))
            summary = self.tr("{day} 일 마감").format(day=fmt.short_date(day))
            with_approval(self, services, self._runner, Action.CLOSE_DAY, "", summary, self._load_approved)
            return
        shop_name = self._shop.name
        approval = self.approval
        self.load_button.setEnabled(False)
        self.summary.setText(html.escape(self.tr("집계 중…")))
        self._runner.run(
            lambda: services.day_report_document(day, shop_name, approval=approval),
            self._on_report_loaded,
            self._on_failed,
            kind="db",
            owner=self,
        )

    def _load_approved(self, approval: Approval | None) -> None:
        self.approval = approval
        if approval is not None:
            self.load()

    def _on_report_loaded(self, document: DayReportDocument) -> None:
        self.load_button.setEnabled(True)
        self.document = document
        self._show_document(document)
        for button in (self.print_button, self.export_button):
            button.setEnabled(True)
        self.report_shown.emit(document)

    def _show_document(self, document: DayReportDocument) -> None:
        report = document.report
        self.summary.setText(self._summary_html(document))
        rows = [*report.by_company]
        self.company_table.setRowCount(len(rows) + 1)
        for row, totals in enumerate(rows):
            self._fill_company_row(row, totals.card_company or self.tr("(카드사 미상)"), totals)
        self._fill_company_row(len(rows), self.tr("합계"), report, strong=True)
        self.cashier_table.setRowCount(len(document.by_cashier))
        for row, person in enumerate(document.by_cashier):
            name = (
                self.tr("다른 곳에서 한 환불")
                if person.elsewhere
                else person.operator or self.tr("(이름 없음)")
            )
            self._fill_company_row(row, name, person, table=self.cashier_table)

    def _fill_company_row(
        self,
        row: int,
        name: str,
        totals: CompanyTotals | DayReport | CashierTotals,
        *,
        strong: bool = False,
        table: QTableWidget | None = None,
    ) -> None:
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
            if strong:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            (table or self.company_table).setItem(row, column, item)

    def _summary_html(self, document: DayReportDocument) -> str:
        report = document.report
        head = self.tr("{day} 마감").format(day=fmt.short_date(report.day))
        if document.shop_name:
            head = f"{document.shop_name} · {head}"
        made = self.tr("집계 {time}").format(time=fmt.date_time(document.printed_at))
        totals = [
            self.tr("승인 {count}건 {amount}").format(
                count=report.paid_count, amount=fmt.won(report.paid_sum)
            ),
            self.tr("취소 {count}건 {amount}").format(
                count=report.cancel_count, amount=fmt.won(report.cancel_sum)
            ),
        ]
        net = self.tr("순매출 {amount}").format(amount=fmt.won(report.net))
        # counter sales and PortOne's scheduled charges (정기결제) apart, both inside the totals
        split = self.tr(
            "그중 계산대 결제 {count}건 {amount} · 정기결제 {scheduled}건 {scheduled_amount}"
        ).format(
            count=report.paid_count - report.scheduled_count,
            amount=fmt.won(report.paid_sum - report.scheduled_sum),
            scheduled=report.scheduled_count,
            scheduled_amount=fmt.won(report.scheduled_sum),
        )
        rest = [
            self.tr("면세 {tax_free} · 부가세 {vat}").format(
                tax_free=fmt.won(report.tax_free_sum), vat=fmt.won(report.vat_sum)
            ),
            self.tr("현금영수증 {count}건 {amount}").format(
                count=report.receipts_count, amount=fmt.won(report.receipts_sum)
            ),
        ]
        grand = self.tr("합계 (카드 + 현금영수증) {amount}").format(
            amount=fmt.won(document.card_and_cash_total)
        )
        escape = html.escape
        anchor = (
            "<br><span style='color:#555'>"
            + escape(
                self.tr("기록 기준점 {anchor} (보관용: 나중의 기록이 이보다 적으면 지워진 것입니다)").format(
                    anchor=report.anchor
                )
            )
            + "</span>"
            if report.anchor
            else ""
        )
        return (
            f"<b>{escape(head)}</b> <span style='color:#555'>{escape(made)}</span><br>"
            + " · ".join(map(escape, totals))
            + f" · <b>{escape(net)}</b><br>"
            + escape(split)
            + "<br>"
            + " · ".join(map(escape, rest))
            + f"<br><b>{escape(grand)}</b>"
            + anchor
        )

    def report_html(self) -> str:
        """The Z report laid out for the slip printer: what the screen shows (see z_report)."""
        return "" if self.document is None else z_report_html(self.document, self._shop)

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_slip_printer(printer)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            slip_document(self.report_html()).print_(printer)

    # ------------------------------------------------------------------ files
    def _on_export_clicked(self) -> None:
        if self.document is None:
            return
        suggested = QDir.home().filePath(f"close-{self.document.report.day.isoformat()}.xlsx")
        excel, text = self.tr("Excel 파일 (*.xlsx)"), self.tr("CSV 파일 (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("마감 내보내기"), suggested, f"{excel};;{text}"
        )
        if path:
            target = Path(path)
            if target.suffix.lower() not in (".xlsx", ".csv"):
                target = target.with_name(target.name + (".csv" if chosen == text else ".xlsx"))
            self.export(target)

    def export(self, path: Path) -> None:
        """Write the report on screen as .xlsx or .csv (by the file name) through the services."""
        document = self.document
        if document is None:
            return
        services = self._services
        self.export_button.setEnabled(False)
        self._runner.run(
            lambda: services.export_day_report(document, path),
            lambda _result: self._on_export_done(path),
            self._on_failed,
            kind="db",
            owner=self,
        )

    def _on_export_done(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.summary.setText(
            self.summary.text()
            + "<br>"
            + html.escape(self.tr("저장했습니다: {path}").format(path=QDir.toNativeSeparators(str(path))))
        )
        self.file_exported.emit(str(path))

    # ------------------------------------------------------------------ PortOne comparison
    def compare_with_portone(self) -> None:
        """List the differences between this day's journal and PortOne (network, off the GUI thread)."""
        try:
            day = self.day
        except FieldError as exc:
            self.diff_label.setText(fmt.describe_error(exc) or str(exc))
            return
        services = self._services
        self.diff_button.setEnabled(False)
        self.diff_label.setText(self.tr("PortOne 거래를 불러오는 중…"))
        self._runner.run(
            lambda: services.diff_day_with_portone(day),
            self._on_diff_done,
            self._on_failed,
            kind="background",
            owner=self,
        )

    def _on_diff_done(self, differences: list[DayDifference]) -> None:
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
                item = QTableWidgetItem(text)
                if column == 0 and diff.detail:
                    item.setToolTip(diff.detail)
                self.diff_table.setItem(row, column, item)
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
    def _local_text(diff: DayDifference) -> str:
        local = diff.local
        if local is None:
            return "-"
        paid = local.paid_amount or local.amount
        return f"{fmt.outcome_text(local.outcome)} {fmt.won(paid)}"

    @staticmethod
    def _remote_text(diff: DayDifference) -> str:
        remote = diff.remote
        if remote is None:
            return "-"
        text = f"{fmt.portone_status_text(remote.status)} {fmt.won(remote.amount)}"
        if remote.cancel_amount:
            text += " / -" + fmt.won(remote.cancel_amount)
        return text

    def _on_failed(self, exc: BaseException) -> None:
        self.load_button.setEnabled(True)
        self.diff_button.setEnabled(True)
        self.export_button.setEnabled(self.document is not None)
        dialogs.report_failure(self, exc)
