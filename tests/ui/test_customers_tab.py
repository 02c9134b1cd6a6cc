"""단골 고객 driven as a cashier: register a card, charge it again, refresh, delete with confirmation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.forms import validate_card_registration
from pos_app.domain.outcomes import Outcome
from pos_app.sandbox import cards
from pos_app.ui.customers.tab import CustomersTab
from pos_app.ui.shell import dialogs

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, click_option, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE

EXPIRY = f"12/{(date.today().year + 3) % 100:02d}"


@pytest.fixture
def tab(qtbot: Any, panel_services: Any, panel_runner: Any) -> CustomersTab:
    widget = CustomersTab(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    with qtbot.waitSignal(widget.customers_loaded, timeout=10_000):
        widget.show()
    return widget


def _register_directly(services: Any, name: str, tel: str, card_number: str = cards.APPROVE_CREDIT) -> Any:
    form = {
        "buyer_name": name,
        "buyer_tel": tel,
        "card_number": card_number,
        "expiry": EXPIRY,
        "birth": "880101",
        "pwd_2digit": "12",
    }
    card, buyer = validate_card_registration(form, date.today())
    result = services.register_card(card, buyer, "테스트 동의 문구")
    assert result.outcome is Outcome.APPROVED
    return result.customer


def _cells(tab: CustomersTab, row: int) -> list[str]:
    return [tab.table.item(row, c).text() for c in range(tab.table.columnCount())]


def test_register_card_then_charge_again(
    qtbot: Any, tab: CustomersTab, panel_services: Any, panel_journal: Any, sandbox: Any
) -> None:
    assert tab.table.rowCount() == 0
    assert not tab.charge_button.isEnabled()
    qtbot.mouseClick(tab.register_button, Qt.MouseButton.LeftButton)
    dialog = tab.register_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)

    type_text(dialog.name_edit, "박단골")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.tel_edit.hasFocus()
    type_text(dialog.tel_edit, "010-2222-3333")
    qtbot.keyClick(dialog.tel_edit, Qt.Key.Key_Return)
    type_text(dialog.card_edit, cards.APPROVE_CREDIT)
    assert dialog.card_edit.text() == "4518-4200-0000-0007"  # grouped as on the key-in tab
    assert dialog.company_label.text() == "신한카드"
    qtbot.keyClick(dialog.card_edit, Qt.Key.Key_Return)
    type_text(dialog.expiry_edit, EXPIRY)
    qtbot.keyClick(dialog.expiry_edit, Qt.Key.Key_Return)
    type_text(dialog.birth_edit, "880101")
    qtbot.keyClick(dialog.birth_edit, Qt.Key.Key_Return)
    type_text(dialog.pwd_edit, "12")
    assert dialog.pwd_edit.echoMode() == dialog.pwd_edit.EchoMode.Password

    # without the customer's consent nothing is sent
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "동의" in dialog.error_label.text()

    click_option(qtbot, dialog.consent_check)
    left_in_fields: list[str] = []
    dialog.finished.connect(
        lambda _result: left_in_fields.extend(
            e.text() for e in (dialog.card_edit, dialog.expiry_edit, dialog.birth_edit, dialog.pwd_edit)
        )
    )
    with qtbot.waitSignals([tab.action_finished, tab.customers_loaded], timeout=15_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert left_in_fields == ["", "", "", ""]  # secrets wiped when the dialog closed

    assert tab.table.rowCount() == 1
    name, tel, number, card_name, registered, last_used = _cells(tab, 0)
    assert (name, tel) == ("박단골", "010-2222-3333")
    assert number.endswith("0007")
    assert "4518420000000007" not in number.replace("-", "").replace(" ", "")
    assert card_name == "신한카드"
    assert registered == date.today().isoformat()
    assert last_used == "없음"
    consent_events = [e for e in panel_journal.events() if "동의" in str(e.payload)]
    assert consent_events, "the consent text is recorded with the billing key"

    # charge again: the single match is selected, 할부 opens only from 50,000 won
    assert tab.charge_button.isEnabled()
    qtbot.mouseClick(tab.charge_button, Qt.MouseButton.LeftButton)
    charge = tab.charge_dialog
    assert charge is not None
    type_text(charge.amount_edit, "30000")
    assert not charge.quota_combo.isEnabled()
    charge.amount_edit.clear()
    type_text(charge.amount_edit, "60,000")
    assert charge.quota_combo.isEnabled()
    assert charge.amount_label.text() == "60,000원"
    charge.quota_combo.setCurrentIndex(charge.quota_combo.findData(3))
    qtbot.keyClick(charge.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClick(charge.tax_free_edit, Qt.Key.Key_Return)
    type_text(charge.order_name_edit, "정기 꽃 배송")
    qtbot.keyClick(charge.order_name_edit, Qt.Key.Key_Return)
    assert charge.focusWidget() is charge.quota_combo  # fields in the order they stand, then the read-back
    # the read-back: "no" returns to the form and sends nothing
    read_back: list[str] = []
    dialogs.answer_next(False, seen=read_back)
    qtbot.keyClick(charge.quota_combo, Qt.Key.Key_Return)
    assert charge.isVisible()
    for expected in ("박단골", "신한카드", "4518-42**-****-0007", "60,000원", "3개월"):
        assert expected in read_back[0], expected
    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.transaction_selected, timeout=15_000) as selected:
        qtbot.keyClick(charge.quota_combo, Qt.Key.Key_Return)
    sale = panel_services.sale(selected.args[0])
    assert sale.outcome is Outcome.APPROVED
    assert (sale.kind, sale.amount, sale.card_quota, sale.order_name) == (
        "billing",
        60_000,
        3,
        "정기 꽃 배송",
    )
    assert sandbox.posts_for(sale.merchant_uid) == 1
    assert "승인번호" in tab.status_label.text()

    # no card digits anywhere in the journal files
    for path in panel_journal.path.parent.glob(panel_journal.path.name + "*"):
        assert b"4518420000000007" not in path.read_bytes()


def test_double_press_on_charge_sends_one_request(
    qtbot: Any, tab: CustomersTab, panel_services: Any, sandbox: Any
) -> None:
    _register_directly(panel_services, "최단골", "010-7777-8888")
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.charge_button, Qt.MouseButton.LeftButton)
    charge = tab.charge_dialog
    type_text(charge.amount_edit, "10000")
    type_text(charge.order_name_edit, "커피")
    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.transaction_selected, timeout=15_000) as selected:
        qtbot.mouseClick(charge.submit_button, Qt.MouseButton.LeftButton)
        assert not tab.charge_button.isEnabled()  # disabled while the charge is in flight
        qtbot.mouseClick(tab.charge_button, Qt.MouseButton.LeftButton)
    assert sandbox.posts_for(selected.args[0]) == 1


def test_search_by_phone_and_name(qtbot: Any, tab: CustomersTab, panel_services: Any) -> None:
    _register_directly(panel_services, "김하나", "010-1000-2000")
    _register_directly(panel_services, "이두리", "010-3000-4000", cards.APPROVE_SAMSUNG)
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000) as loaded:
        type_text(tab.search_edit, "4000")
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert loaded.args == [1]
    assert _cells(tab, 0)[0] == "이두리"
    assert _cells(tab, 0)[3] == "삼성카드"
    tab.search_edit.clear()
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000) as loaded:
        type_text(tab.search_edit, "김하")
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert loaded.args == [1]
    assert _cells(tab, 0)[1] == "010-1000-2000"
    # one match: the focus stays in the search (digits typed on land there), the next Enter opens the
    # charge form for that customer
    assert tab.focusWidget() is tab.search_edit
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.charge_dialog is not None
    assert "김하나" in tab.charge_dialog.customer_label.text()
    tab.charge_dialog.reject()


def test_delete_asks_first_and_removes_the_card(qtbot: Any, tab: CustomersTab, panel_services: Any) -> None:
    customer = _register_directly(panel_services, "정삭제", "010-4444-5555")
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    tab.table.selectRow(0)

    seen: list[str] = []
    dialogs.answer_next(False, seen=seen)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert "정삭제" in seen[0]
    assert panel_services.find_customers("정삭제")  # still there

    dialogs.answer_next(True)
    with qtbot.waitSignals([tab.action_finished, tab.customers_loaded], timeout=15_000):
        qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 0
    assert panel_services.find_customers("정삭제") == []
    assert panel_services.customer(customer.customer_uid).deleted_at is not None


def test_refresh_from_portone(qtbot: Any, tab: CustomersTab, panel_services: Any) -> None:
    _register_directly(panel_services, "오새로", "010-6666-7777", cards.APPROVE_HYUNDAI)
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    tab.table.selectRow(0)
    with qtbot.waitSignals([tab.action_finished, tab.customers_loaded], timeout=15_000):
        qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    assert "확인했습니다" in tab.status_label.text()
    assert "현대카드" in tab.status_label.text()


def test_register_form_shows_every_problem_inline_and_sends_nothing(
    qtbot: Any, tab: CustomersTab, sandbox: Any
) -> None:
    qtbot.mouseClick(tab.register_button, Qt.MouseButton.LeftButton)
    dialog = tab.register_dialog
    assert dialog is not None
    click_option(qtbot, dialog.corporate_radio)
    assert "사업자" in dialog.birth_label.text()
    type_text(dialog.name_edit, "법인고객")
    type_text(dialog.tel_edit, "010-1234-5678")
    type_text(dialog.card_edit, "4518420000000008")  # Luhn fails
    type_text(dialog.expiry_edit, "13/30")
    type_text(dialog.birth_edit, "123-45-67890")  # wrong check digit
    type_text(dialog.pwd_edit, "1")
    click_option(qtbot, dialog.consent_check)
    before = len(sandbox.ledger())
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    lines = dialog.error_label.text().splitlines()
    assert len(lines) >= 4  # card, expiry, business number, PIN — all at once, in form order
    assert "4518420000000008" not in dialog.error_label.text()
    assert len(sandbox.ledger()) == before
    dialog.reject()


def test_register_form_wipes_card_data_after_idle_time(qtbot: Any) -> None:
    from pos_app.ui.customers.dialogs import RegisterCardDialog

    dialog = RegisterCardDialog(idle_clear_ms=200)
    qtbot.addWidget(dialog)
    type_text(dialog.name_edit, "홍길동")
    type_text(dialog.card_edit, cards.APPROVE_CREDIT)
    type_text(dialog.expiry_edit, EXPIRY)
    type_text(dialog.pwd_edit, "12")
    qtbot.waitUntil(lambda: dialog.card_edit.text() == "", timeout=5_000)
    assert dialog.expiry_edit.text() == ""
    assert dialog.pwd_edit.text() == ""
    assert dialog.name_edit.text() == "홍길동"  # not secret: kept
    assert "지웠습니다" in dialog.error_label.text()
