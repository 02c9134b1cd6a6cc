"""The 현금영수증 form: for a cash or bank-transfer sale taken outside PortOne (external receipt), or for
a PortOne transfer / virtual-account payment (per-payment receipt, found by its order number).

The identifier is a phone number, a business number or a cash-receipt card number; when the customer
gives none the receipt is self-issued to the NTS number 010-000-1234 (소득공제 only, as the NTS rule
says). 지출증빙 is preselected for a business number. The dialog validates with the domain rules and
hands back a ``CashReceiptRequest``; the receipt panel sends it through the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.cash_receipt import (
    SELF_ISSUE_IDENTIFIER,
    ExternalReceiptOrder,
    IdentifierType,
    ReceiptType,
    parse_identifier,
    validate_external_receipt,
)
from pos_app.ui.customers.dialogs import FormDialog
from pos_app.ui.shell import formatting as fmt

_IDENTIFIER_TYPES: tuple[IdentifierType, ...] = ("phone", "business", "taxcard")


@dataclass(frozen=True, repr=False)
class CashReceiptRequest:
    """External: ``order`` set. Per-payment: ``merchant_uid`` of the PortOne payment plus the identifier."""

    kind: Literal["external", "payment"]
    merchant_uid: str
    identifier: str
    identifier_type: IdentifierType
    receipt_type: ReceiptType
    order: ExternalReceiptOrder | None = None
    product_type: str = "real"

    def __repr__(self) -> str:  # the identifier is personal data: keep it out of logs
        return f"CashReceiptRequest({self.kind}, {self.merchant_uid}, ***{self.identifier[-4:]})"


class CashReceiptDialog(FormDialog):
    """Collect one cash-receipt request; ``request`` is set when accepted."""

    def __init__(
        self,
        merchant_uid: str,
        parent: QWidget | None = None,
        *,
        amount: int | None = None,
        order_name: str = "",
        default_product_type: str = "real",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cashReceiptDialog")
        self.setWindowTitle(self.tr("현금영수증 발행"))
        self.setMinimumWidth(460)
        self._merchant_uid = merchant_uid
        self.request: CashReceiptRequest | None = None

        self.external_radio = QRadioButton(self.tr("현금·계좌이체 (매장에서 직접 받음)"))
        self.payment_radio = QRadioButton(self.tr("PortOne 계좌이체·가상계좌 결제"))
        group = QButtonGroup(self)
        group.addButton(self.external_radio)
        group.addButton(self.payment_radio)
        self.external_radio.setChecked(True)

        self.payment_uid_edit = QLineEdit()
        self.payment_uid_edit.setObjectName("receiptPaymentUid")
        self.payment_uid_edit.setPlaceholderText(self.tr("PortOne 결제의 주문번호 (merchant_uid)"))
        self.amount_edit = QLineEdit("" if amount is None else fmt.won_number(amount))
        self.amount_edit.setObjectName("receiptAmount")
        self.tax_free_edit = QLineEdit("0")
        self.tax_free_edit.setObjectName("receiptTaxFree")
        self.order_name_edit = QLineEdit(order_name)
        self.order_name_edit.setObjectName("receiptOrderName")
        self.order_name_edit.setMaxLength(40)
        self.order_name_edit.setPlaceholderText(self.tr("현금 판매"))
        self.buyer_edit = QLineEdit()
        self.buyer_edit.setPlaceholderText(self.tr("현금 고객"))
        self.buyer_edit.setObjectName("receiptBuyer")
        self.buyer_edit.setMaxLength(16)

        self.identifier_type_combo = QComboBox()
        self.identifier_type_combo.setObjectName("receiptIdentifierType")
        for kind in _IDENTIFIER_TYPES:
            self.identifier_type_combo.addItem(fmt.identifier_type_text(kind), kind)
        self.identifier_edit = QLineEdit()
        self.identifier_edit.setObjectName("receiptIdentifier")
        self.identifier_edit.setPlaceholderText(self.tr("숫자만 또는 하이픈 포함"))
        self.self_issue_check = QCheckBox(self.tr("번호를 받지 못함 (국세청 자진발급 010-000-1234)"))
        self.self_issue_check.setObjectName("receiptSelfIssue")

        self.person_radio = QRadioButton(fmt.receipt_type_text("person"))
        self.company_radio = QRadioButton(fmt.receipt_type_text("company"))
        purpose = QButtonGroup(self)
        purpose.addButton(self.person_radio)
        purpose.addButton(self.company_radio)
        self.person_radio.setChecked(True)

        self.product_type_combo = QComboBox()
        self.product_type_combo.setObjectName("receiptProductType")
        for kind in ("real", "digital"):
            self.product_type_combo.addItem(fmt.product_type_text(kind), kind)
        self.product_type_combo.setCurrentIndex(1 if default_product_type == "digital" else 0)

        self.form = QFormLayout()
        self.form.addRow(self.external_radio)
        self.form.addRow(self.payment_radio)
        self.form.addRow(self.tr("결제 주문번호"), self.payment_uid_edit)
        self.form.addRow(self.tr("금액"), self.amount_edit)
        self.form.addRow(self.tr("면세 금액"), self.tax_free_edit)
        self.form.addRow(self.tr("주문명"), self.order_name_edit)
        self.form.addRow(self.tr("구매자"), self.buyer_edit)
        self.form.addRow(self.tr("식별번호 종류"), self.identifier_type_combo)
        self.form.addRow(self.tr("식별번호"), self.identifier_edit)
        self.form.addRow(self.self_issue_check)
        self.form.addRow(self.person_radio, self.company_radio)
        self.form.addRow(self.tr("상품 구분"), self.product_type_combo)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(self.tr("발행"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("receiptSubmit")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        buttons.accepted.connect(self._on_submit_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.payment_radio.toggled.connect(self._on_kind_toggled)
        self.self_issue_check.toggled.connect(self._on_self_issue_toggled)
        self.identifier_type_combo.currentIndexChanged.connect(self._on_identifier_type_changed)
        for edit in (
            self.payment_uid_edit,
            self.amount_edit,
            self.tax_free_edit,
            self.order_name_edit,
            self.buyer_edit,
        ):
            edit.returnPressed.connect(self.focusNextChild)
        self.identifier_edit.returnPressed.connect(self._on_submit_clicked)
        self._on_kind_toggled(False)

    def _on_kind_toggled(self, per_payment: bool) -> None:
        self.form.setRowVisible(self.payment_uid_edit, per_payment)
        for edit in (self.amount_edit, self.tax_free_edit, self.order_name_edit, self.buyer_edit):
            self.form.setRowVisible(edit, not per_payment)

    def _on_self_issue_toggled(self, checked: bool) -> None:
        self.identifier_edit.setEnabled(not checked)
        self.identifier_type_combo.setEnabled(not checked)
        self.company_radio.setEnabled(not checked)
        if checked:
            self.identifier_type_combo.setCurrentIndex(_IDENTIFIER_TYPES.index("phone"))
            self.person_radio.setChecked(True)

    def _on_identifier_type_changed(self, _index: int) -> None:
        if self.identifier_type_combo.currentData() == "business":
            self.company_radio.setChecked(True)

    def _on_submit_clicked(self) -> None:
        identifier_type: IdentifierType = self.identifier_type_combo.currentData()
        receipt_type: ReceiptType = "company" if self.company_radio.isChecked() else "person"
        try:
            if self.payment_radio.isChecked():
                if self.self_issue_check.isChecked():
                    identifier, identifier_type, receipt_type = SELF_ISSUE_IDENTIFIER, "phone", "person"
                else:
                    identifier = parse_identifier(self.identifier_edit.text(), identifier_type)
                payment_uid = self.payment_uid_edit.text().strip()
                if not payment_uid:
                    raise ValueError(self.tr("PortOne 결제의 주문번호를 입력하세요."))
                self.request = CashReceiptRequest(
                    "payment",
                    payment_uid,
                    identifier,
                    identifier_type,
                    receipt_type,
                    product_type=self.product_type_combo.currentData(),
                )
            else:
                form = {
                    "amount": self.amount_edit.text(),
                    "tax_free": self.tax_free_edit.text(),
                    "order_name": self.order_name_edit.text().strip() or self.tr("현금 판매"),
                    "buyer_name": self.buyer_edit.text().strip() or self.tr("현금 고객"),
                    "product_type": self.product_type_combo.currentData(),
                    "identifier": "" if self.self_issue_check.isChecked() else self.identifier_edit.text(),
                    "identifier_type": identifier_type,
                    "receipt_type": receipt_type,
                }
                order = validate_external_receipt(form, self._merchant_uid)
                self.request = CashReceiptRequest(
                    "external",
                    self._merchant_uid,
                    order.identifier,
                    order.identifier_type,
                    order.receipt_type,
                    order,
                )
        except ValueError as exc:
            self.request = None
            self.error_label.setText(fmt.describe_error(exc) or str(exc))
            return
        self.accept()
