"""단골 고객 by keyboard: Enter never ticks the consent box, the search keeps the digits, the charge form
refuses an absurd amount and says what became of 할부, and errors leave a field once it is valid
(issue 12, items 3, 8, 12, 13).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.forms import validate_card_registration
from pos_app.domain.outcomes import Outcome
from pos_app.sandbox import cards
from pos_app.ui.customers.dialogs import ChargeAgainDialog, RegisterCardDialog
from pos_app.ui.customers.tab import CustomersTab
from pos_app.ui.shell import dialogs

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE

EXPIRY = f"12{(date.today().year + 3) % 100:02d}"


@pytest.fixture
def tab(qtbot: Any, panel_services: Any, panel_runner: Any) -> CustomersTab:
    widget = CustomersTab(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    with qtbot.waitSignal(widget.customers_loaded, timeout=10_000):
        widget.show()
    return widget


def _register(services: Any, name: str, tel: str) -> Any:
    form = {
        "buyer_name": name,
        "buyer_tel": tel,
        "card_number": cards.APPROVE_CREDIT,
        "expiry": EXPIRY,
        "birth": "880101",
        "pwd_2digit": "12",
    }
    card, buyer = validate_card_registration(form, date.today())
    result = services.register_card(card, buyer, "테스트 동의 문구")
    assert result.outcome is Outcome.APPROVED
    return result.customer


def _enter(qtbot: Any, widget: Any) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_enter_through_the_registration_never_ticks_the_consent(qtbot: Any, sandbox: Any) -> None:
    dialog = RegisterCardDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    for edit, text in (
        (dialog.name_edit, "박단골"),
        (dialog.tel_edit, "01022223333"),
        (dialog.card_edit, cards.APPROVE_CREDIT),
        (dialog.expiry_edit, EXPIRY),
        (dialog.birth_edit, "880101"),
        (dialog.pwd_edit, "12"),
    ):
        type_text(edit, text)
        _enter(qtbot, edit)
    assert dialog.focusWidget() is dialog.consent_check  # the PIN's Enter moves to the consent box
    assert not dialog.consent_check.isChecked()
    before = len(sandbox.ledger())
    _enter(qtbot, dialog.consent_check)  # a second Enter: still not ticked, nothing sent
    _enter(qtbot, dialog.consent_check)
    assert not dialog.consent_check.isChecked()
    assert dialog.isVisible()
    assert "Space" in dialog.error_label.text()
    assert len(sandbox.ledger()) == before
    assert "Enter로는 체크되지 않습니다" in dialog.consent_hint.text()
    qtbot.keyClick(dialog.consent_check, Qt.Key.Key_Space)  # the deliberate tick
    assert dialog.consent_check.isChecked()
    assert "Space" not in dialog.error_label.text()  # the consent line went with the tick
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _enter(qtbot, dialog.consent_check)  # ticked: Enter is the next step
    assert dialog.buyer is not None
    assert dialog.buyer.tel == "010-2222-3333"


def test_enter_on_a_focused_radio_or_check_box_moves_on_and_never_toggles(qtbot: Any) -> None:
    dialog = RegisterCardDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.corporate_radio.setFocus()
    _enter(qtbot, dialog.corporate_radio)
    assert dialog.person_radio.isChecked()
    assert not dialog.corporate_radio.isChecked()


def test_registration_errors_leave_each_field_once_it_is_valid(qtbot: Any) -> None:
    dialog = RegisterCardDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name_edit, "홍길동")
    type_text(dialog.tel_edit, "01012345678")
    type_text(dialog.card_edit, "4518420000000008")  # Luhn wrong
    type_text(dialog.expiry_edit, EXPIRY)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert set(dialog.error_fields()) >= {"card_number", "birth", "pwd_2digit"}
    assert dialog.card_edit.property("fieldError") is True
    type_text(dialog.birth_edit, "880101")
    assert "birth" not in dialog.error_fields()  # gone at once, no second press
    assert "card_number" in dialog.error_fields()
    dialog.card_edit.wipe()
    type_text(dialog.card_edit, cards.APPROVE_CREDIT)
    assert "card_number" not in dialog.error_fields()
    assert not dialog.card_edit.property("fieldError")
    assert "카드번호" not in dialog.error_label.text()


def test_after_a_search_the_digits_typed_on_stay_in_the_search(
    qtbot: Any, tab: CustomersTab, panel_services: Any
) -> None:
    _register(panel_services, "김하나", "010-1000-2000")
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        type_text(tab.search_edit, "2000")
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.table.rowCount() == 1
    assert tab.focusWidget() is tab.search_edit
    type_text(tab.search_edit, "99")  # the cashier keeps typing: it lands in the search, nothing opens
    assert tab.search_edit.text() == "200099"
    assert tab.charge_dialog is None
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000) as loaded:
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)  # a changed query searches again
    assert loaded.args == [0]
    assert tab.charge_dialog is None


def test_the_second_enter_opens_the_one_customer_found(
    qtbot: Any, tab: CustomersTab, panel_services: Any
) -> None:
    _register(panel_services, "김하나", "010-1000-2000")
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        type_text(tab.search_edit, "2000")
        qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.charge_dialog is not None
    assert "김하나" in tab.charge_dialog.customer_label.text()
    tab.charge_dialog.reject()


def test_the_charge_form_refuses_an_absurd_amount(qtbot: Any, panel_services: Any, sandbox: Any) -> None:
    customer = _register(panel_services, "최단골", "010-7777-8888")
    dialog = ChargeAgainDialog(customer)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.amount_edit, "1098765432")
    type_text(dialog.order_name_edit, "커피")
    before = len(sandbox.ledger())
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)  # no read-back is asked
    assert dialog.isVisible()
    assert "너무 큽니다" in dialog.error_label.text()
    assert "1,098,765,432원" in dialog.error_label.text()
    assert dialog.amount_edit.property("fieldError") is True
    assert len(sandbox.ledger()) == before
    dialog.amount_edit.selectAll()
    type_text(dialog.amount_edit, "12000")
    assert "너무 큽니다" not in dialog.error_label.text()


def test_the_charge_form_says_when_a_chosen_quota_went_back_to_lump_sum(
    qtbot: Any, panel_services: Any
) -> None:
    customer = _register(panel_services, "최단골", "010-7777-8888")
    dialog = ChargeAgainDialog(customer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.quota_note.text() == "50,000원부터 할부 가능"
    type_text(dialog.amount_edit, "60000")
    assert dialog.quota_combo.isEnabled()
    dialog.quota_combo.setCurrentIndex(dialog.quota_combo.findData(6))
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Backspace)  # 6,000
    assert dialog.quota_combo.currentData() == 0
    assert "6개월" in dialog.quota_note.text()
    assert "일시불로 바꿨습니다" in dialog.quota_note.text()


def test_the_same_inputs_as_the_key_in_tab(qtbot: Any, main_window: Any, panel_services: Any) -> None:
    """Card, expiry, phone and amount look and type the same on the key-in tab and in the dialogs."""
    keyin = main_window.keyin_tab
    register = RegisterCardDialog()
    qtbot.addWidget(register)
    charge = ChargeAgainDialog(_register(panel_services, "최단골", "010-7777-8888"))
    qtbot.addWidget(charge)
    for first, second, typed in (
        (keyin.card_number_edit, register.card_edit, cards.APPROVE_CREDIT),
        (keyin.expiry_edit, register.expiry_edit, "1229"),
        (keyin.buyer_tel_edit, register.tel_edit, "01012345678"),
        (keyin.amount_edit, charge.amount_edit, "1250000"),
        (keyin.birth_edit, register.birth_edit, "1234567890"),
    ):
        assert type(first) is type(second)
        type_text(first, typed)
        type_text(second, typed)
        assert first.text() == second.text(), typed
    assert register.card_edit.text() == "4518-4200-0000-0007"
    assert charge.amount_edit.text() == "1,250,000"
    assert register.birth_edit.text() == "123-45-67890"


def test_the_delete_question_uses_the_particle_that_fits_the_number(
    qtbot: Any, tab: CustomersTab, panel_services: Any
) -> None:
    _register(panel_services, "정삭제", "010-4444-5555")  # card ends in 0007: 칠 → 을
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    tab.table.selectRow(0)
    seen: list[str] = []
    dialogs.answer_next(False, seen=seen)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert "4518-42**-****-0007을 삭제할까요?" in seen[0]
    assert "0007를" not in seen[0]
    QApplication.processEvents()
