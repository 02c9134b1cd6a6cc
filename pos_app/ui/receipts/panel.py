"""영수증 tab: the slip of the selected transaction, printing / PDF, the PG slip, cancels and cash receipts.

``show_transaction(merchant_uid)`` loads a card sale (with its cancels) or, when no sale has that
order number, a cash receipt, through the services on the runner's journal thread, and shows the
slip. From there the cashier prints it (Qt print dialog), saves it as PDF, opens PortOne's slip
(``receipt_url``) in the browser, cancels all or part of a card sale, or issues / cancels a cash
receipt. Dialogs open window-modal with ``open()`` so the event loop keeps running; every service call
goes through ``runner.run`` and the buttons stay disabled while one is in flight.

Settings are not reachable from ``CounterServices``: the window passes the shop lines for the slip
with ``set_shop_details`` when settings load or change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.outcomes import Outcome
from pos_app.ui.receipts.cancel_dialog import CancelDialog
from pos_app.ui.receipts.cash_receipt_dialog import CashReceiptDialog, CashReceiptRequest
from pos_app.ui.receipts.slip import (
    ShopDetails,
    cash_receipt_slip_html,
    configure_slip_printer,
    sale_slip_html,
    slip_document,
    write_slip_pdf,
)
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

_CANCELLABLE = (Outcome.APPROVED, Outcome.PARTIALLY_CANCELLED, Outcome.MISMATCH)


@dataclass(frozen=True)
class _Loaded:
    merchant_uid: str
    sale: Any | None
    cancels: list[Any]
    receipt: Any | None


class ReceiptPanel(QWidget):
    """The slip and the after-sale actions for one transaction."""

    slip_shown = Signal(str)  # merchant_uid whose slip is now on screen (also after a refresh)
    transaction_changed = Signal(str)  # a cancel or cash receipt changed this transaction
    action_finished = Signal(str)  # a cancel / receipt call returned (with or without success)
    pdf_saved = Signal(str)  # path

    def __init__(self, services: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPanel")
        self._services = services
        self._runner = runner
        self._shop = ShopDetails()
        self._loaded: _Loaded | None = None
        self._html = ""
        self._busy = False
        self._offline_reason: str | None = None  # set by the window: no refunds or receipts while offline
        self._load_serial = 0
        self._loading = False
        self.cancel_dialog: CancelDialog | None = None
        self.cash_receipt_dialog: CashReceiptDialog | None = None

        self.title = QLabel(self.tr("거래를 선택하세요 (거래내역 또는 결제 결과)"))
        self.title.setObjectName("receiptTitle")
        self.slip_view = QTextBrowser()
        self.slip_view.setObjectName("slipView")
        self.slip_view.setOpenLinks(False)
        self.slip_view.setMinimumWidth(340)
        self.status_label = QLabel()
        self.status_label.setObjectName("receiptStatus")
        self.status_label.setWordWrap(True)

        self.print_button = QPushButton(self.tr("인쇄…"))
        self.pdf_button = QPushButton(self.tr("PDF로 저장…"))
        self.pg_slip_button = QPushButton(self.tr("PG 전표 보기"))
        self.cancel_button = QPushButton(self.tr("결제 취소…"))
        self.receipt_issue_button = QPushButton(self.tr("새 현금영수증 발행…"))
        self.receipt_reissue_button = QPushButton(self.tr("이 거래에 다시 발행…"))
        self.receipt_cancel_button = QPushButton(self.tr("현금영수증 취소"))
        for name, button in (
            ("printButton", self.print_button),
            ("pdfButton", self.pdf_button),
            ("pgSlipButton", self.pg_slip_button),
            ("cancelButton", self.cancel_button),
            ("receiptIssueButton", self.receipt_issue_button),
            ("receiptReissueButton", self.receipt_reissue_button),
            ("receiptCancelButton", self.receipt_cancel_button),
        ):
            button.setObjectName(name)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.pg_slip_button.clicked.connect(self._on_pg_slip_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.receipt_issue_button.clicked.connect(self._on_receipt_issue_clicked)
        self.receipt_reissue_button.clicked.connect(self._on_receipt_reissue_clicked)
        self.receipt_cancel_button.clicked.connect(self._on_receipt_cancel_clicked)

        # The slip keeps the proportions of paper (a narrow column); the actions sit beside it.
        self.slip_view.setMaximumWidth(480)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:bold")
        slip_box = QGroupBox(self.tr("전표"))
        slip_actions = QVBoxLayout(slip_box)
        for button in (self.print_button, self.pdf_button, self.pg_slip_button):
            slip_actions.addWidget(button)
        money_box = QGroupBox(self.tr("취소 · 현금영수증"))
        money_actions = QVBoxLayout(money_box)
        for button in (
            self.cancel_button,
            self.receipt_issue_button,
            self.receipt_reissue_button,
            self.receipt_cancel_button,
        ):
            money_actions.addWidget(button)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.status_label)
        side.addWidget(slip_box)
        side.addWidget(money_box)
        side.addStretch(1)

        layout = QHBoxLayout(self)
        layout.addWidget(self.slip_view, 3)
        layout.addLayout(side, 2)
        self._update_buttons()

    # ------------------------------------------------------------------ public
    def is_busy(self) -> bool:
        """A money call (charge, cancel, receipt, registration, deletion) is in flight: the window
        should not close now."""
        return self._busy

    def set_shop_details(self, shop: ShopDetails) -> None:
        """Shop lines for the slip header (from settings); re-renders the slip on screen."""
        self._shop = shop
        self._render()

    @property
    def current_merchant_uid(self) -> str | None:
        return self._loaded.merchant_uid if self._loaded else None

    @property
    def slip_html(self) -> str:
        return self._html

    @Slot(str)
    def show_transaction(self, merchant_uid: str) -> None:
        """Load and show the slip of this sale or cash receipt."""
        self._load_serial += 1
        self._loading = True
        serial = self._load_serial
        self.status_label.setText(self.tr("불러오는 중…"))
        services = self._services

        def load() -> _Loaded:
            sale = services.sale(merchant_uid)
            cancels = list(services.cancels_of(merchant_uid)) if sale is not None else []
            receipt = services.receipt_for(merchant_uid)
            return _Loaded(merchant_uid, sale, cancels, receipt)

        self._runner.run(
            load,
            lambda loaded: self._on_loaded(serial, loaded),
            self._on_load_failed,
            kind="db",
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the tab re-reads the transaction: reconciliation may have settled it since."""
        super().showEvent(event)
        if event.spontaneous():  # the window coming back from minimised: nothing changed here
            return
        if self._loaded is not None and not self._loading and not self._busy:
            self.show_transaction(self._loaded.merchant_uid)

    def save_pdf(self, path: Path) -> None:
        """Write the slip on screen to ``path`` as PDF."""
        write_slip_pdf(self._html, path)
        self.status_label.setText(
            self.tr("PDF로 저장했습니다: {path}").format(path=QDir.toNativeSeparators(str(path)))
        )
        self.pdf_saved.emit(str(path))

    # ------------------------------------------------------------------ loading
    def _on_loaded(self, serial: int, loaded: _Loaded) -> None:
        if serial != self._load_serial:  # the cashier already picked another transaction
            return
        self._loading = False
        self._loaded = loaded
        self.status_label.clear()
        if loaded.sale is None and loaded.receipt is None:
            self.title.setText(
                self.tr("주문번호 {uid}의 거래를 찾을 수 없습니다.").format(uid=loaded.merchant_uid)
            )
        self._render()
        self._update_buttons()
        self.slip_shown.emit(loaded.merchant_uid)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.status_label.clear()
        dialogs.report_failure(self, exc)

    def _render(self) -> None:
        loaded = self._loaded
        if loaded is None:
            return
        if loaded.sale is not None:
            sale = loaded.sale
            self._html = sale_slip_html(self._shop, sale, loaded.cancels)
            outcome = Outcome(sale.outcome)
            if outcome in (
                Outcome.APPROVED,
                Outcome.PARTIALLY_CANCELLED,
                Outcome.CANCELLED,
                Outcome.MISMATCH,
            ):
                title = self.tr("카드 결제 · {status} · 남은 금액 {remaining}").format(
                    status=fmt.outcome_text(outcome), remaining=fmt.won(self._remaining(sale))
                )
            else:
                title = self.tr("카드 결제 · {status}").format(status=fmt.outcome_text(outcome))
            if outcome is Outcome.MISMATCH:
                title += "\n" + self.tr("요청과 다른 금액이 승인되었습니다. 결제 취소로 돌려주세요.")
            elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
                title += "\n" + self.tr("결과를 확인하는 중입니다. 같은 카드로 다시 결제하지 마세요.")
            self.title.setText(title)
        elif loaded.receipt is not None:
            self._html = cash_receipt_slip_html(self._shop, loaded.receipt)
            self.title.setText(
                self.tr("현금영수증 · {status}").format(status=self._receipt_state(loaded.receipt))
            )
        else:
            self._html = ""
        self.slip_view.setHtml(self._html)

    @staticmethod
    def _remaining(sale: Any) -> int:
        """What can still be refunded: nothing unless money was taken (paid minus cancelled)."""
        return max(0, int(sale.paid_amount or 0) - int(sale.cancel_amount or 0))

    def _receipt_state(self, receipt: Any) -> str:
        if getattr(receipt, "cancelled_at", None):
            return self.tr("발행 취소됨")
        return fmt.outcome_text(receipt.outcome)

    def _receipt_url(self) -> str:
        loaded = self._loaded
        if loaded is None:
            return ""
        source = loaded.sale if loaded.sale is not None else loaded.receipt
        url = str(getattr(source, "receipt_url", "") or "")
        return url if url.startswith(("https://", "http://")) else ""

    def _update_buttons(self) -> None:
        loaded = self._loaded
        has_slip = bool(self._html)
        sale = loaded.sale if loaded else None
        receipt = loaded.receipt if loaded else None
        self.print_button.setEnabled(has_slip)
        self.pdf_button.setEnabled(has_slip)
        self.pg_slip_button.setEnabled(bool(self._receipt_url()))
        can_cancel = sale is not None and Outcome(sale.outcome) in _CANCELLABLE and self._remaining(sale) > 0
        self.cancel_button.setEnabled(can_cancel and not self._busy)
        self.receipt_issue_button.setEnabled(not self._busy)
        shows_cash_sale = receipt is not None and getattr(receipt, "kind", "") == "external"
        self.receipt_reissue_button.setVisible(shows_cash_sale)
        self.receipt_reissue_button.setEnabled(shows_cash_sale and not self._busy)
        receipt_active = (
            receipt is not None
            and Outcome(receipt.outcome) == Outcome.APPROVED
            and not getattr(receipt, "cancelled_at", None)
        )
        self.receipt_cancel_button.setEnabled(receipt_active and not self._busy)
        if self._offline_reason is not None:  # slips, print and PDF keep working
            for button in self._money_buttons():
                button.setEnabled(False)

    def _money_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.cancel_button,
            self.receipt_issue_button,
            self.receipt_reissue_button,
            self.receipt_cancel_button,
        )

    def set_offline_reason(self, reason: str | None) -> None:
        """The window is offline (``reason``) or back online (None): refunds and cash receipts follow."""
        self._offline_reason = reason
        self._update_buttons()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.status_label.setText(text)
        self._update_buttons()

    # ------------------------------------------------------------------ slip actions
    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_slip_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("전표 인쇄"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            slip_document(self._html).print_(printer)

    def _on_pdf_clicked(self) -> None:
        suggested = QDir.home().filePath(f"{self.current_merchant_uid or 'slip'}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("PDF로 저장"), suggested, self.tr("PDF 파일 (*.pdf)")
        )
        if not path:
            return
        try:
            self.save_pdf(Path(path))
        except OSError as exc:
            dialogs.report_failure(self, exc)

    def _on_pg_slip_clicked(self) -> None:
        url = self._receipt_url()
        if url and not QDesktopServices.openUrl(QUrl(url)):
            dialogs.show_error(self, self.tr("브라우저를 열 수 없습니다. 주소: {url}").format(url=url))

    # ------------------------------------------------------------------ cancel
    def _on_cancel_clicked(self) -> None:
        if self._loaded is None or self._loaded.sale is None or self._busy:
            return
        dialog = CancelDialog(self._loaded.sale, self)
        self.cancel_dialog = dialog
        dialog.accepted.connect(lambda: self._start_cancel(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_cancel(self, dialog: CancelDialog) -> None:
        request = dialog.request
        if request is None or self._loaded is None:
            return
        merchant_uid = self._loaded.merchant_uid
        services = self._services
        self._set_busy(True, self.tr("취소 요청 중… 창을 닫지 마세요."))
        self._runner.run(
            lambda: services.cancel(merchant_uid, request.amount, request.reason),
            lambda result: self._on_money_call_done(merchant_uid, result),
            lambda exc: self._on_money_call_failed(merchant_uid, exc),
            kind="network",
        )

    # ------------------------------------------------------------------ cash receipts
    def _on_receipt_issue_clicked(self) -> None:
        """A new cash sale: a fresh order number (minting is pure, so it is done on this thread)."""
        if self._busy:
            return
        self._open_receipt_dialog(CashReceiptDialog(self._services.mint_external_merchant_uid(), self))

    def _on_receipt_reissue_clicked(self) -> None:
        """Issue again for the cash sale on screen; the services' duplicate guard decides."""
        receipt = self._loaded.receipt if self._loaded else None
        if self._busy or receipt is None or getattr(receipt, "kind", "") != "external":
            return
        dialog = CashReceiptDialog(
            receipt.merchant_uid, self, amount=int(receipt.amount), order_name=receipt.order_name
        )
        dialog.payment_radio.setEnabled(False)  # same cash sale: external only
        self._open_receipt_dialog(dialog)

    def _open_receipt_dialog(self, dialog: CashReceiptDialog) -> None:
        self.cash_receipt_dialog = dialog
        dialog.accepted.connect(lambda: self._start_receipt_issue(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_receipt_issue(self, dialog: CashReceiptDialog) -> None:
        request: CashReceiptRequest | None = dialog.request
        if request is None:
            return
        services = self._services
        self._set_busy(True, self.tr("현금영수증 발행 중…"))
        if request.kind == "external":
            order = request.order

            def issue() -> Any:
                return services.issue_external_cash_receipt(order)
        else:

            def issue() -> Any:
                return services.issue_cash_receipt(
                    request.merchant_uid,
                    request.identifier,
                    request.identifier_type,
                    request.receipt_type,
                    product_type=request.product_type,
                )

        self._runner.run(
            issue,
            lambda result: self._on_money_call_done(request.merchant_uid, result),
            lambda exc: self._on_money_call_failed(request.merchant_uid, exc),
            kind="network",
        )

    def _on_receipt_cancel_clicked(self) -> None:
        receipt = self._loaded.receipt if self._loaded else None
        if receipt is None or self._busy:
            return
        question = self.tr("현금영수증 {amount}의 발행을 취소할까요?").format(
            amount=fmt.won(int(receipt.amount))
        )
        if not dialogs.confirm(self, self.tr("현금영수증 취소"), question):
            return
        merchant_uid = self._loaded.merchant_uid if self._loaded else ""
        services = self._services
        self._set_busy(True, self.tr("현금영수증 취소 중…"))
        if getattr(receipt, "kind", "external") == "external":

            def cancel() -> Any:
                return services.cancel_external_cash_receipt(receipt.merchant_uid)
        else:

            def cancel() -> Any:
                return services.cancel_cash_receipt(receipt.receipt_id)

        self._runner.run(
            cancel,
            lambda result: self._on_money_call_done(merchant_uid, result),
            lambda exc: self._on_money_call_failed(merchant_uid, exc),
            kind="network",
        )

    # ------------------------------------------------------------------ results
    def _on_money_call_done(self, merchant_uid: str, result: Any) -> None:
        self._set_busy(False)
        outcome = getattr(result, "outcome", None)
        message = getattr(result, "message", None)
        if outcome == Outcome.UNKNOWN or outcome == Outcome.PENDING:
            self.status_label.setText(
                self.tr("결과를 아직 확인하지 못했습니다(확인 중). 자동으로 다시 확인합니다.")
            )
        elif outcome in (Outcome.DECLINED, Outcome.NOT_CHARGED, Outcome.MISMATCH):
            dialogs.show_error(self, message or fmt.outcome_text(outcome))
        self.transaction_changed.emit(merchant_uid)
        self.action_finished.emit(merchant_uid)
        self.show_transaction(merchant_uid)

    def _on_money_call_failed(self, merchant_uid: str, exc: BaseException) -> None:
        self._set_busy(False)
        self.action_finished.emit(merchant_uid)
        dialogs.report_failure(self, exc)
        if self._loaded is not None and self._loaded.merchant_uid == merchant_uid:
            self.show_transaction(merchant_uid)
