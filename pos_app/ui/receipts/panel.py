"""영수증 tab: the slip of the selected transaction, printing / PDF, the receipt link, cancels, cash receipts.

``show_transaction(merchant_uid)`` loads a card sale (with its cancels) or, when no sale has that order
number, a cash receipt, through the services on the runner's journal thread, and shows the slip as it
will print: laid out for the paper chosen in the settings (80 mm / 58 mm roll or A4; the "용지" box
changes it for this session), at its true width. From there the cashier prints it (on that paper),
saves it as PDF (the same layout), opens PortOne's slip (``receipt_url``) in the browser or copies that
link to paste into KakaoTalk or a text message (the link carries no card data), refunds all or part of a
card sale (with a read-back first), or issues / cancels a cash receipt. A sale whose result is unknown can
be looked up at PortOne once ("PortOne에 지금 확인"). Dialogs open window-modal with ``open()`` so the
event loop keeps running; every service call goes through ``runner.run`` and the buttons stay disabled
while one is in flight.

What the status line says belongs to the transaction on screen: a refund's or receipt's result is kept
with its order number and shown again after the slip reloads, and dropped when another transaction is
shown.

Settings are not reachable from ``CounterServices``: the window passes the shop lines, the paper and
whether the app runs on test money with ``set_shop_details`` when settings load or change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.outcomes import Outcome
from pos_app.domain.people import Action
from pos_app.ui.people.approval import with_approval
from pos_app.ui.receipts.cancel_dialog import CancelDialog
from pos_app.ui.receipts.cash_receipt_dialog import CashReceiptDialog, CashReceiptRequest
from pos_app.ui.receipts.slip import ShopDetails, cash_receipt_slip, sale_slip
from pos_app.ui.receipts.slip_paper import (
    Paper,
)
from pos_app.ui.receipts.slip_view import SlipControls
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.field_style import COUNTER_STYLE

if TYPE_CHECKING:
    from pos_app.services.counter import (
        Approval,
        CancelOutcome,
        CancelRow,
        CounterServices,
        ReceiptOutcome,
        ReceiptRow,
        SaleOutcome,
        SaleRow,
    )
    from pos_app.workers import BackgroundRunner

_CANCELLABLE = (Outcome.APPROVED, Outcome.PARTIALLY_CANCELLED, Outcome.MISMATCH)
_OPEN = (Outcome.UNKNOWN, Outcome.PENDING)


@dataclass(frozen=True)
class _Loaded:
    merchant_uid: str
    sale: SaleRow | None
    cancels: list[CancelRow]
    receipt: ReceiptRow | None


class ReceiptPanel(QWidget):
    """The slip and the after-sale actions for one transaction."""

    slip_shown = Signal(str)  # merchant_uid whose slip is now on screen (also after a refresh)
    transaction_changed = Signal(str)  # a cancel or cash receipt changed this transaction
    action_finished = Signal(str)  # a cancel / receipt / lookup call returned (with or without success)
    pdf_saved = Signal(str)  # path

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPanel")
        self.setStyleSheet(COUNTER_STYLE)
        self._services = services
        self._runner = runner
        self._loaded: _Loaded | None = None
        self._busy = False
        self._offline_reason: str | None = None  # set by the window: no refunds or receipts while offline
        self._load_serial = 0
        self._loading = False
        self._notice: tuple[str, str] | None = None  # (merchant_uid, text) of the last action's result
        self.cancel_dialog: CancelDialog | None = None
        self.cash_receipt_dialog: CashReceiptDialog | None = None

        self.title = QLabel()
        self.title.setObjectName("receiptTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:bold")
        self.slip = SlipControls(self)
        self.slip.told.connect(self._show_status)
        self.slip.pdf_saved.connect(self.pdf_saved)
        self.slip_view = self.slip.view
        self.print_button = self.slip.print_button
        self.pdf_button = self.slip.pdf_button
        self.pg_slip_button = self.slip.pg_slip_button
        self.copy_link_button = self.slip.copy_link_button
        self.paper_combo = self.slip.paper_combo
        self.status_label = QLabel()
        self.status_label.setObjectName("receiptStatus")
        self.status_label.setWordWrap(True)
        self.check_button = QPushButton()
        self.cancel_button = QPushButton()
        self.receipt_issue_button = QPushButton()
        self.receipt_reissue_button = QPushButton()
        self.receipt_cancel_button = QPushButton()
        for name, button in (
            ("checkButton", self.check_button),
            ("cancelButton", self.cancel_button),
            ("receiptIssueButton", self.receipt_issue_button),
            ("receiptReissueButton", self.receipt_reissue_button),
            ("receiptCancelButton", self.receipt_cancel_button),
        ):
            button.setObjectName(name)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.receipt_issue_button.clicked.connect(self._on_receipt_issue_clicked)
        self.receipt_reissue_button.clicked.connect(self._on_receipt_reissue_clicked)
        self.receipt_cancel_button.clicked.connect(self._on_receipt_cancel_clicked)

        self.money_box = QGroupBox()
        money_actions = QVBoxLayout(self.money_box)
        for button in (
            self.check_button,
            self.cancel_button,
            self.receipt_issue_button,
            self.receipt_reissue_button,
            self.receipt_cancel_button,
        ):
            money_actions.addWidget(button)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.status_label)
        side.addWidget(self.slip.box)
        side.addWidget(self.money_box)
        side.addStretch(1)

        layout = QHBoxLayout(self)
        layout.addWidget(self.slip_view)
        layout.addLayout(side, 1)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        if self._loaded is None:
            self.title.setText(self.tr("거래를 선택하세요 (거래내역 또는 결제 결과)"))
        self.slip.retranslate()
        self.check_button.setText(self.tr("PortOne에 지금 확인"))
        self.cancel_button.setText(self.tr("결제 취소 (환불)…"))
        self.receipt_issue_button.setText(self.tr("새 현금영수증 발행…"))
        self.receipt_reissue_button.setText(self.tr("이 거래에 다시 발행…"))
        self.receipt_cancel_button.setText(self.tr("현금영수증 취소"))
        self.money_box.setTitle(self.tr("확인 · 취소 · 현금영수증"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._render()
        super().changeEvent(event)

    # ------------------------------------------------------------------ public
    def is_busy(self) -> bool:
        """A money call (charge, cancel, receipt, registration, deletion) is in flight: the window
        should not close now."""
        return self._busy

    def set_shop_details(self, shop: ShopDetails) -> None:
        """Shop lines, paper and test money for the slip (from settings); re-renders the slip on screen."""
        self.slip.set_shop_details(shop)

    @property
    def paper(self) -> Paper:
        return self.slip.paper

    @property
    def current_merchant_uid(self) -> str | None:
        return self._loaded.merchant_uid if self._loaded else None

    @property
    def slip_html(self) -> str:
        return self.slip.html

    @Slot(str)
    def show_transaction(self, merchant_uid: str) -> None:
        """Load and show the slip of this sale or cash receipt."""
        self._load_serial += 1
        self._loading = True
        serial = self._load_serial
        if self._notice is not None and self._notice[0] != merchant_uid:
            self._notice = None  # it answered another transaction
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
        """Write the slip on screen to ``path`` as PDF, laid out as it prints on the chosen paper."""
        self.slip.save_pdf(path)

    # ------------------------------------------------------------------ loading
    def _on_loaded(self, serial: int, loaded: _Loaded) -> None:
        if serial != self._load_serial:  # the cashier already picked another transaction
            return
        self._loading = False
        self._loaded = loaded
        notice = self._notice[1] if self._notice and self._notice[0] == loaded.merchant_uid else ""
        self.status_label.setText(notice)
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
        shop = self.slip.shop()
        if loaded.sale is not None:
            sale = loaded.sale
            self.slip.show_slip(
                sale_slip(shop, sale, loaded.cancels), sale.receipt_url or "", sale.merchant_uid
            )
            outcome = Outcome(sale.outcome)
            if outcome in (*_CANCELLABLE, Outcome.CANCELLED):
                title = self.tr("카드 결제 · {status} · 남은 금액 {remaining}").format(
                    status=fmt.outcome_text(outcome), remaining=fmt.won(self._remaining(sale))
                )
            else:
                title = self.tr("카드 결제 · {status}").format(status=fmt.outcome_text(outcome))
            if outcome is Outcome.MISMATCH:
                title += "\n" + self.tr("요청과 다른 금액이 승인되었습니다. 결제 취소로 돌려주세요.")
            elif outcome in _OPEN:
                title += "\n" + self.tr(
                    "결과를 아직 모릅니다. 결제되었을 수 있으니 같은 카드로 다시 결제하지 마세요. "
                    "'PortOne에 지금 확인'으로 물어볼 수 있습니다."
                )
            self.title.setText(title)
        elif loaded.receipt is not None:
            receipt = loaded.receipt
            self.slip.show_slip(
                cash_receipt_slip(shop, receipt), receipt.receipt_url or "", loaded.merchant_uid
            )
            self.title.setText(
                self.tr("현금영수증 · {status}").format(status=self._receipt_state(loaded.receipt))
            )
        else:
            self.slip.show_slip(None)

    @staticmethod
    def _remaining(sale: SaleRow) -> int:
        """What can still be refunded: nothing unless money was taken (paid minus cancelled)."""
        return max(0, int(sale.paid_amount or 0) - int(sale.cancel_amount or 0))

    def _receipt_state(self, receipt: ReceiptRow) -> str:
        if receipt.cancelled_at:
            return self.tr("발행 취소됨")
        return fmt.outcome_text(receipt.outcome)

    def _update_buttons(self) -> None:
        loaded = self._loaded
        sale = loaded.sale if loaded else None
        receipt = loaded.receipt if loaded else None
        open_sale = sale is not None and Outcome(sale.outcome) in _OPEN
        self.check_button.setVisible(open_sale)
        self.check_button.setEnabled(open_sale and not self._busy)
        can_cancel = sale is not None and Outcome(sale.outcome) in _CANCELLABLE and self._remaining(sale) > 0
        self.cancel_button.setEnabled(can_cancel and not self._busy)
        self.receipt_issue_button.setEnabled(not self._busy)
        shows_cash_sale = receipt is not None and receipt.kind == "external"
        self.receipt_reissue_button.setVisible(shows_cash_sale)
        self.receipt_reissue_button.setEnabled(shows_cash_sale and not self._busy)
        receipt_active = (
            receipt is not None and Outcome(receipt.outcome) == Outcome.APPROVED and not receipt.cancelled_at
        )
        self.receipt_cancel_button.setEnabled(receipt_active and not self._busy)
        if self._offline_reason is not None:  # slips, print and PDF keep working
            for button in self._portone_buttons():
                button.setEnabled(False)

    def _portone_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.check_button,
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

    def _show_status(self, text: str) -> None:
        """A result about the transaction on screen (kept with it across a reload)."""
        uid = self.current_merchant_uid
        self._notice = (uid, text) if uid else None
        self.status_label.setText(text)

    # ------------------------------------------------------------------ unknown sale
    def _on_check_clicked(self) -> None:
        sale = self._loaded.sale if self._loaded else None
        if sale is None or self._busy or Outcome(sale.outcome) not in _OPEN:
            return
        merchant_uid = sale.merchant_uid
        services = self._services
        self._set_busy(True, self.tr("PortOne에 이 결제의 결과를 묻는 중…"))
        self._runner.run(
            lambda: services.check_unknown(merchant_uid),
            lambda result: self._on_checked(merchant_uid, result),
            lambda exc: self._on_money_call_failed(merchant_uid, exc),
            kind="cashier",
        )

    def _on_checked(self, merchant_uid: str, result: SaleOutcome) -> None:
        self._set_busy(False)
        if result.outcome.is_final:
            text = self.tr("PortOne에서 확인했습니다: {status}").format(
                status=fmt.outcome_text(result.outcome)
            )
        else:
            text = self.tr(
                "PortOne도 아직 결과를 알려 주지 않습니다 ({time} 확인). 같은 카드로 다시 결제하지 마세요."
            ).format(time=fmt.clock_time(result.sale.updated_at if result.sale else None) or "-")
        self._notice = (merchant_uid, text)
        self.transaction_changed.emit(merchant_uid)
        self.action_finished.emit(merchant_uid)
        self.show_transaction(merchant_uid)

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
        sale = self._loaded.sale
        refund = request.amount or (self._remaining(sale) if sale is not None else 0)

        def send(approval: Approval | None) -> None:
            self._set_busy(True, self.tr("환불 요청 중… 창을 닫지 마세요."))
            self._runner.run(
                lambda: services.cancel(merchant_uid, request.amount, request.reason, approval=approval),
                lambda result: self._on_money_call_done(merchant_uid, result),
                lambda exc: self._on_money_call_failed(merchant_uid, exc),
                kind="cashier",
            )

        # a manager's or owner's PIN in the confirmation when the person signed in may not refund alone
        summary = self.tr("환불 {amount} · {uid}").format(amount=fmt.won(int(refund or 0)), uid=merchant_uid)
        with_approval(self, services, self._runner, Action.REFUND, merchant_uid, summary, send)

    # ------------------------------------------------------------------ cash receipts
    def _on_receipt_issue_clicked(self) -> None:
        """A new cash sale: a fresh order number (minting is pure, so it is done on this thread)."""
        if self._busy:
            return
        self._open_receipt_dialog(CashReceiptDialog(self._services.mint_external_merchant_uid(), self))

    def _on_receipt_reissue_clicked(self) -> None:
        """Issue again for the cash sale on screen; the services' duplicate guard decides."""
        receipt = self._loaded.receipt if self._loaded else None
        if self._busy or receipt is None or receipt.kind != "external" or receipt.merchant_uid is None:
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
        order = request.order
        if request.kind == "external" and order is not None:

            def issue() -> ReceiptOutcome:
                return services.issue_external_cash_receipt(order)
        else:

            def issue() -> ReceiptOutcome:
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
            kind="cashier",
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
        external_uid = receipt.merchant_uid if receipt.kind == "external" else None
        receipt_id = receipt.receipt_id

        def send(approval: Approval | None) -> None:
            self._set_busy(True, self.tr("현금영수증 취소 중…"))
            if external_uid is not None:

                def cancel() -> ReceiptOutcome:
                    return services.cancel_external_cash_receipt(external_uid, approval=approval)
            else:

                def cancel() -> ReceiptOutcome:
                    return services.cancel_cash_receipt(receipt_id, approval=approval)

            self._runner.run(
                cancel,
                lambda result: self._on_money_call_done(merchant_uid, result),
                lambda exc: self._on_money_call_failed(merchant_uid, exc),
                kind="cashier",
            )

        with_approval(
            self, services, self._runner, Action.CANCEL_RECEIPT, external_uid or receipt_id, question, send
        )

    # ------------------------------------------------------------------ results
    def _on_money_call_done(self, merchant_uid: str, result: CancelOutcome | ReceiptOutcome) -> None:
        self._set_busy(False)
        outcome = result.outcome
        message = fmt.cashier_message(result.message)
        if outcome in _OPEN:
            # nothing on this screen keeps checking; the next start-up does (and, later, the settler)
            self._notice = (
                merchant_uid,
                self.tr(
                    "결과를 아직 모릅니다. 다시 요청하지 마세요. 거래내역에서 결과를 확인하세요. "
                    "프로그램을 다시 시작하면 PortOne에 다시 확인합니다."
                ),
            )
        elif outcome in (Outcome.DECLINED, Outcome.NOT_CHARGED, Outcome.MISMATCH):
            self._notice = (
                merchant_uid,
                self.tr("처리되지 않았습니다: {reason}").format(reason=message or fmt.outcome_text(outcome)),
            )
            dialogs.show_error(self, message or fmt.outcome_text(outcome))
        else:
            self._notice = (
                merchant_uid,
                self.tr("처리했습니다: {status}").format(status=fmt.outcome_text(outcome)),
            )
        self.transaction_changed.emit(merchant_uid)
        self.action_finished.emit(merchant_uid)
        self.show_transaction(merchant_uid)

    def _on_money_call_failed(self, merchant_uid: str, exc: BaseException) -> None:
        self._set_busy(False)
        self.action_finished.emit(merchant_uid)
        dialogs.report_failure(self, exc)
        if self._loaded is not None and self._loaded.merchant_uid == merchant_uid:
            self.show_transaction(merchant_uid)
