"""단골 고객 tab: find a regular customer's saved card (billing key), charge it, register or delete one.

Search runs on the journal (phone digits or name) through the runner's journal thread; the list shows
name, phone, masked card, card name, when it was registered and last used. Registering, charging,
deleting and refreshing from PortOne are network calls on the runner's pool. While one of them is in
flight the action buttons are disabled, so a nervous double press sends one request. After a charge
the tab emits ``transaction_selected(merchant_uid)`` so the window opens the slip in the receipt panel.

Keyboard: phone digits, Enter searches; the focus stays in the search field, so digits typed on never
land anywhere else. Enter again on the same search opens the charge form of the one customer found (or
moves to the list when several were found, where Enter opens the selected one).

Below the list, the selected customer's recurring plans (정기결제) and their payments
(``recurring.customer_plans.CustomerPlansSection``). Deleting a card that still has scheduled payments
says so in its question: they are revoked at PortOne first (services), then the card is deleted.

The status line answers the last action and says whom and what it was about ("박단골 · 60,000원 승인 ·
승인번호 …"); it is cleared when another customer is selected. A charge whose result is unknown is said
to be unknown, with where to look — nothing here keeps checking it, so nothing promises it does.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.domain.people import Action
from pos_app.ui.customers.dialogs import ChargeAgainDialog, RegisterCardDialog
from pos_app.ui.people.approval import with_approval
from pos_app.ui.recurring import words as recurring_words
from pos_app.ui.recurring.customer_plans import CustomerPlansSection
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.field_style import COUNTER_STYLE, set_hint

if TYPE_CHECKING:
    from pos_app.services.counter import (
        Approval,
        CounterServices,
        CustomerRow,
        RegistrationOutcome,
        SaleOutcome,
    )
    from pos_app.workers import BackgroundRunner

_HEADERS = (
    QT_TRANSLATE_NOOP("CustomersTab", "고객"),
    QT_TRANSLATE_NOOP("CustomersTab", "전화번호"),
    QT_TRANSLATE_NOOP("CustomersTab", "카드번호"),
    QT_TRANSLATE_NOOP("CustomersTab", "카드"),
    QT_TRANSLATE_NOOP("CustomersTab", "등록일"),
    QT_TRANSLATE_NOOP("CustomersTab", "최근 사용"),
)


class _CustomerTable(QTableWidget):
    """Enter on a customer opens the charge form (keyboard flow: phone, Enter, Enter)."""

    row_activated = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.row_activated.emit()
            return
        super().keyPressEvent(event)


class CustomersTab(QWidget):
    """The billing-key manager."""

    transaction_selected = Signal(str)  # merchant_uid of a charge just made
    customers_loaded = Signal(int)  # rows now in the list
    action_finished = Signal(str)  # a register / charge / delete / refresh call returned

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customersTab")
        self.setStyleSheet(COUNTER_STYLE)
        self._services = services
        self._runner = runner
        self._customers: list[CustomerRow] = []
        self._busy = False
        self._offline_reason: str | None = None  # set by the window: no PortOne calls while offline
        self._search_serial = 0
        self._searched_query: str | None = None  # the query of the list on screen
        self._status_uid = ""  # the customer the status line is about ("" = none in particular)
        self._empty_notice_shown = False
        self.register_dialog: RegisterCardDialog | None = None
        self.charge_dialog: ChargeAgainDialog | None = None
        self.default_product_type = "real"

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("customerSearch")

        self.search_edit.setClearButtonEnabled(True)
        self.search_button = QPushButton()
        self.search_button.setObjectName("customerSearchButton")

        self.table = _CustomerTable(0, len(_HEADERS))
        self.table.setObjectName("customerTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.count_label = QLabel()
        self.count_label.setObjectName("customerCount")
        self.status_label = QLabel()
        self.status_label.setObjectName("customerStatus")
        self.status_label.setWordWrap(True)
        self.register_button = QPushButton()
        self.register_button.setObjectName("customerRegister")
        self.charge_button = QPushButton()
        self.charge_button.setObjectName("customerCharge")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("customerRefresh")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("customerDelete")

        search = QHBoxLayout()
        search.addWidget(self.search_edit, 1)
        search.addWidget(self.search_button)
        search.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (self.charge_button, self.register_button, self.refresh_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        # the selected customer's recurring plans (정기결제)
        self.plans_section = CustomerPlansSection(services, runner, services.recurring.today, self)
        self.plans_section.transaction_selected.connect(self.transaction_selected.emit)
        self.plans_section.action_finished.connect(self.action_finished.emit)
        layout = QVBoxLayout(self)
        layout.addLayout(search)
        # the list scrolls; the plan section gets as much room, so a customer's payments (a failed one
        # first) are in view without scrolling on a 1024×768 counter screen
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(actions)
        layout.addWidget(self.plans_section, 1)

        self.search_edit.returnPressed.connect(self._on_search_entered)
        self.search_button.clicked.connect(self.search)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_charge_clicked())
        self.table.row_activated.connect(self._on_charge_clicked)
        self.register_button.clicked.connect(self._on_register_clicked)
        self.charge_button.clicked.connect(self._on_charge_clicked)
        self.refresh_button.clicked.connect(self._on_refresh_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        set_hint(self.search_edit, self.tr("전화번호 또는 이름 (Enter로 찾기)"))
        self.search_button.setText(self.tr("찾기"))
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in _HEADERS])
        self.register_button.setText(self.tr("새 카드 등록…"))
        self.charge_button.setText(self.tr("등록 카드로 결제…"))
        self.refresh_button.setText(self.tr("PortOne에서 새로고침"))
        self.delete_button.setText(self.tr("카드 삭제…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """The list loads when the tab is shown (and is fresh each time the cashier comes back)."""
        super().showEvent(event)
        if event.spontaneous():  # the window coming back from minimised: nothing changed here
            return
        self.search()

    # ------------------------------------------------------------------ list
    def is_busy(self) -> bool:
        """A money call (charge, cancel, receipt, registration, deletion, a plan's call) is in flight: the
        window should not close now."""
        return self._busy or self.plans_section.is_busy()

    @Slot()
    def search(self) -> None:
        """Find active customers by phone digits or name (empty: all)."""
        query = self.search_edit.text().strip()
        self._search_serial += 1
        serial = self._search_serial
        services = self._services
        self._runner.run(
            lambda: services.find_customers(query),
            lambda rows: self._on_search_done(serial, query, rows),
            lambda exc: dialogs.report_failure(self, exc),
            kind="db",
        )

    def _on_search_entered(self) -> None:
        """Enter in the search field: search; on the list already found for this query, go on."""
        if self._searched_query != self.search_edit.text().strip():
            self.search()
        elif len(self._customers) == 1:
            self._on_charge_clicked()
        elif self._customers:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.selected_customer() is None:
                self.table.selectRow(0)

    def selected_customer(self) -> CustomerRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self._customers[row] if 0 <= row < len(self._customers) else None

    def _on_search_done(self, serial: int, query: str, rows: list[CustomerRow]) -> None:
        if serial != self._search_serial:
            return
        self._searched_query = query
        selected = self.selected_customer()
        keep_uid = selected.customer_uid if selected is not None else None
        self._customers = [row for row in rows if getattr(row, "deleted_at", None) is None]
        self.table.setRowCount(len(self._customers))
        for row, customer in enumerate(self._customers):
            cells = (
                customer.customer_name,
                customer.customer_tel,
                fmt.masked_card(customer.card_hint),
                customer.card_name or getattr(customer, "card_company", None) or "",
                fmt.short_date(customer.registered_at),
                fmt.date_time(customer.last_used_at) or self.tr("없음"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setData(Qt.ItemDataRole.UserRole, customer.customer_uid)
                self.table.setItem(row, column, item)
            if customer.customer_uid == keep_uid:
                self.table.selectRow(row)
        if len(self._customers) == 1:
            # one match for a phone number: ready for 결제; the focus stays in the search field, so the
            # next Enter opens the charge form and digits typed on stay in the search
            self.table.selectRow(0)
        self.count_label.setText(self.tr("{count}명").format(count=len(self._customers)))
        if not self._customers and not self._busy and not self.status_label.text():
            query = self.search_edit.text().strip()
            if query:
                empty = self.tr("{query_ro} 찾은 고객이 없습니다. 새 카드 등록으로 추가하세요.")
            else:
                empty = self.tr("등록된 카드가 아직 없습니다. 새 카드 등록으로 추가하세요.")
            self._set_status(empty.format(query_ro=fmt.with_particle(f"'{query}'", "으로/로")))
            self._empty_notice_shown = True
        elif self._customers and self._empty_notice_shown:
            self._set_status("")
            self._empty_notice_shown = False
        self._update_buttons()
        self.customers_loaded.emit(len(self._customers))

    def _on_selection_changed(self) -> None:
        selected = self.selected_customer()
        if self._status_uid and (selected is None or selected.customer_uid != self._status_uid):
            self._set_status("")  # the line was about another customer
        self._update_buttons()
        self.plans_section.show_customer(selected)

    def _set_status(self, text: str, about: str = "") -> None:
        self.status_label.setText(text)
        self._status_uid = about

    def _update_buttons(self) -> None:
        has_selection = self.selected_customer() is not None
        self.register_button.setEnabled(not self._busy)
        for button in (self.charge_button, self.refresh_button, self.delete_button):
            button.setEnabled(has_selection and not self._busy)
        if self._offline_reason is not None:  # the list and search keep working
            for button in (self.register_button, self.charge_button, self.refresh_button, self.delete_button):
                button.setEnabled(False)

    def set_offline_reason(self, reason: str | None) -> None:
        """The window is offline (``reason``) or back online (None): PortOne's buttons follow."""
        self._offline_reason = reason
        self._update_buttons()
        self.plans_section.set_offline(reason is not None)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self._empty_notice_shown = False
        if text or busy:
            self._set_status(text, self._status_uid)
        self._update_buttons()

    # ------------------------------------------------------------------ register
    def _on_register_clicked(self) -> None:
        if self._busy:
            return
        dialog = RegisterCardDialog(self)
        self.register_dialog = dialog
        dialog.accepted.connect(lambda: self._start_register(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_register(self, dialog: RegisterCardDialog) -> None:
        card, buyer, consent = dialog.take_card(), dialog.buyer, dialog.consent_text
        if card is None or buyer is None:
            return
        services = self._services
        self._status_uid = ""
        self._set_busy(True, self.tr("{name} 고객의 카드 등록 중…").format(name=buyer.name))
        self._runner.run(
            lambda: services.register_card(card, buyer, consent),
            self._on_register_done,
            self._on_failed,
            kind="cashier",
        )

    def _on_register_done(self, result: RegistrationOutcome) -> None:
        self._set_busy(False)
        outcome = result.outcome
        if outcome == Outcome.APPROVED:
            customer = result.customer
            name = customer.customer_name if customer is not None else ""
            self._set_status(
                self.tr("{name} 고객의 카드를 등록했습니다 ({time}).").format(
                    name=name, time=fmt.clock_time(time.time())
                ),
                result.customer_uid,
            )
            if customer is not None:
                self.search_edit.setText(customer.customer_tel)
        elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
            self._set_status(
                self.tr(
                    "카드 등록 결과를 아직 모릅니다. 같은 카드를 다시 등록하지 마세요. 프로그램을 다시 "
                    "시작하면 PortOne에 다시 확인하고, 등록되었으면 이 목록에 나타납니다."
                )
            )
        else:
            dialogs.show_error(
                self, fmt.cashier_message(result.message) or self.tr("카드를 등록하지 못했습니다.")
            )
        self.action_finished.emit(result.customer_uid)
        self.search()

    # ------------------------------------------------------------------ charge again
    def _on_charge_clicked(self) -> None:
        customer = self.selected_customer()
        if customer is None or self._busy:
            return
        dialog = ChargeAgainDialog(customer, self, default_product_type=self.default_product_type)
        self.charge_dialog = dialog
        dialog.accepted.connect(lambda: self._start_charge(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_charge(self, dialog: ChargeAgainDialog) -> None:
        charge = dialog.charge
        if charge is None:
            return
        services = self._services
        self._set_busy(
            True,
            self.tr("{name} · {amount} 결제 중… 창을 닫지 마세요.").format(
                name=charge.buyer.name, amount=fmt.won(charge.amount)
            ),
        )
        self._status_uid = charge.customer_uid
        self._runner.run(
            lambda: services.charge_billing_key(charge),
            self._on_charge_done,
            self._on_failed,
            kind="cashier",
        )

    def _on_charge_done(self, result: SaleOutcome) -> None:
        self._set_busy(False)
        outcome = result.outcome
        sale = result.sale
        who = sale.buyer_name if sale is not None else ""
        if outcome == Outcome.APPROVED and sale is not None:
            self._set_status(
                self.tr("{name} · {amount} 승인 · 승인번호 {apply_num} · {time}").format(
                    name=who,
                    amount=fmt.won(int(sale.paid_amount or sale.amount)),
                    apply_num=sale.apply_num or "-",
                    time=fmt.clock_time(sale.paid_at or sale.updated_at),
                ),
                self._status_uid,
            )
        elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
            self._set_status(
                self.tr(
                    "{name} 고객의 결제 결과를 아직 모릅니다. 결제되었을 수 있으니 다시 결제하지 마세요. "
                    "영수증 탭에서 결과를 확인하세요."
                ).format(name=who),
                self._status_uid,
            )
        elif outcome == Outcome.MISMATCH:
            dialogs.show_error(
                self,
                self.tr("승인 금액이 요청과 다릅니다. 영수증 탭에서 취소하세요.")
                + "\n"
                + fmt.cashier_message(result.message),
            )
        else:
            self._set_status(
                self.tr("{name} · 결제 안 됨: {reason}").format(
                    name=who, reason=fmt.cashier_message(result.message) or fmt.outcome_text(outcome)
                ),
                self._status_uid,
            )
            dialogs.show_error(self, fmt.cashier_message(result.message) or fmt.outcome_text(outcome))
        self.action_finished.emit(result.merchant_uid)
        if outcome != Outcome.DECLINED and outcome != Outcome.NOT_CHARGED:
            self.transaction_selected.emit(result.merchant_uid)
        self.search()

    # ------------------------------------------------------------------ delete / refresh
    def _on_delete_clicked(self) -> None:
        customer = self.selected_customer()
        if customer is None or self._busy:
            return
        question = self.tr(
            "{name} 고객의 카드 {card_number} 삭제할까요?\n"
            "PortOne에서도 삭제되어 다시 결제하려면 카드를 새로 등록해야 합니다."
        ).format(
            name=customer.customer_name,
            card_number=fmt.with_particle(fmt.masked_card(customer.card_hint), "을/를"),
        )
        scheduled = self.plans_section.live_payments_of(customer.customer_uid)
        if scheduled != 0:
            question += "\n\n" + recurring_words.card_delete_warning(scheduled)
        if not dialogs.confirm(self, self.tr("카드 삭제"), question):
            return
        uid, reason = customer.customer_uid, self.tr("고객 요청으로 계산대에서 삭제")
        services = self._services

        def send(approval: Approval | None) -> None:
            self._status_uid = ""
            self._set_busy(True, self.tr("삭제 중…"))
            self._runner.run(
                lambda: services.delete_billing_key(uid, reason, approval=approval),
                lambda _none: self._on_delete_done(uid),
                self._on_failed,
                kind="cashier",
            )

        # a manager's or owner's PIN when the person signed in may not delete a saved card alone
        with_approval(self, services, self._runner, Action.DELETE_CARD, uid, question, send)

    def _on_delete_done(self, customer_uid: str) -> None:
        self._set_busy(False)
        self._set_status(self.tr("카드를 삭제했습니다."))
        self.table.clearSelection()
        self.action_finished.emit(customer_uid)
        self.search()

    def _on_refresh_clicked(self) -> None:
        customer = self.selected_customer()
        if customer is None or self._busy:
            return
        uid = customer.customer_uid
        services = self._services
        self._status_uid = uid
        self._set_busy(True, self.tr("PortOne에서 카드 정보를 확인하는 중…"))
        self._runner.run(
            lambda: services.refresh_billing_key(uid),
            self._on_refresh_done,
            self._on_failed,
            kind="background",
        )

    def _on_refresh_done(self, customer: CustomerRow) -> None:
        self._set_busy(False)
        if customer.deleted_at is not None or customer.outcome != Outcome.APPROVED:
            self._set_status(
                self.tr("PortOne에 {name} 고객의 카드가 없습니다. 목록에서 뺐습니다.").format(
                    name=customer.customer_name
                )
            )
        else:
            self._set_status(
                self.tr("확인했습니다: {name} · {card} {number}").format(
                    name=customer.customer_name,
                    card=customer.card_name or "",
                    number=fmt.masked_card(customer.card_hint),
                ),
                customer.customer_uid,
            )
        self.action_finished.emit(customer.customer_uid)
        self.search()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.action_finished.emit("")
        dialogs.report_failure(self, exc)
