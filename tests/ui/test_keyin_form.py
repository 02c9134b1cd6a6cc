"""The key-in form as a cashier types it: grouping, card company, Enter order, errors, 할부, clipboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.sandbox.cards import APPROVE_CREDIT, APPROVE_SAMSUNG


def test_amount_is_grouped_as_typed(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.amount_edit, "1250000")
    assert tab.amount_edit.text() == "1,250,000"
    assert tab.amount_edit.value() == 1_250_000
    # typing in the middle keeps the cursor after the same digit
    tab.amount_edit.setCursorPosition(1)  # after "1"
    qtbot.keyClicks(tab.amount_edit, "0")
    assert tab.amount_edit.text() == "10,250,000"
    assert tab.amount_edit.cursorPosition() == 2


def test_card_number_is_grouped_and_company_shown_from_the_bin(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.card_number_edit, APPROVE_CREDIT[:6])
    assert tab.card_number_edit.text() == "4518-42"
    assert tab.card_company_label.text() == "신한카드"
    cashier.type(tab.card_number_edit, APPROVE_CREDIT[6:])
    assert tab.card_number_edit.text() == "4518-4200-0000-0007"
    tab.card_number_edit.wipe()
    assert tab.card_company_label.text() == ""
    cashier.type(tab.card_number_edit, APPROVE_SAMSUNG)
    assert tab.card_company_label.text() == "삼성카드"


def test_expiry_and_pin_fields(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.expiry_edit, "1229")
    assert tab.expiry_edit.text() == "12/29"
    cashier.type(tab.pwd_edit, "123")
    assert tab.pwd_edit.text() == "12"
    assert tab.pwd_edit.echoMode() == tab.pwd_edit.EchoMode.Password


def test_korean_buyer_name_typed_per_character(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.buyer_name_edit, "홍길동")
    assert tab.buyer_name_edit.text() == "홍길동"
    assert tab.collect_form()["buyer_name"] == "홍길동"


def test_enter_moves_through_the_fields_in_screen_order_and_the_pin_presses_approve(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    from pos_app.ui.shell import dialogs

    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="60000")  # 할부 enabled: part of the order
    expected = tab.input_widgets()
    # the order column top to bottom, then the buyer, then the card, as they stand on screen
    assert expected[:5] == [
        tab.amount_edit,
        tab.tax_free_edit,
        tab.order_name_edit,
        tab.quota_combo,
        tab.product_combo,
    ]
    assert expected[-4:] == [tab.card_number_edit, tab.expiry_edit, tab.birth_edit, tab.pwd_edit]
    tab.amount_edit.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(len(expected) - 1):
        cashier.enter(QApplication.focusWidget())
        visited.append(QApplication.focusWidget())
    assert visited == expected
    # one Enter in the last card field is the next step: the read-back, nothing sent before it
    seen: list[str] = []
    dialogs.answer_next(False, seen=seen)
    cashier.enter(tab.pwd_edit)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert "결제 내용 확인" in seen[0]
    qtbot.waitUntil(lambda: tab.approve_button.isEnabled(), timeout=5000)


def test_enter_skips_quota_below_50000(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.amount_edit, "49999")
    assert not tab.quota_combo.isEnabled()
    tab.order_name_edit.setFocus()
    cashier.enter(tab.order_name_edit)
    assert QApplication.focusWidget() is tab.product_combo


def test_quota_is_enabled_only_from_50000(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.amount_edit, "5000")
    assert not tab.quota_combo.isEnabled()
    cashier.type(tab.amount_edit, "0")  # 50,000
    assert tab.amount_edit.text() == "50,000"
    assert tab.quota_combo.isEnabled()
    tab.quota_combo.setCurrentIndex(2)  # 3개월
    qtbot.keyClick(tab.amount_edit, Qt.Key.Key_Backspace)  # 5,000 again
    assert not tab.quota_combo.isEnabled()
    assert tab.quota_combo.currentData() == 0


def test_inline_errors_at_the_fields_and_nothing_sent(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.card_number_edit, "4518420000000008")  # Luhn wrong
    cashier.type(tab.expiry_edit, "1320")

    def money_posts() -> int:
        return len([e for e in app_parts.sandbox_server.ledger() if e.path.startswith("/subscribe")])

    posts_before = money_posts()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    for key in ("amount", "order_name", "buyer_name", "card_number", "expiry"):
        assert tab.error_text(key), f"no inline error at {key}"
    assert tab.error_text("buyer_email") == ""
    assert "카드" in tab.error_text("card_number")
    assert QApplication.focusWidget() is tab.amount_edit  # the first wrong field
    assert tab.approve_button.isEnabled()
    assert money_posts() == posts_before
    # fixing a field and trying again clears its error
    cashier.type(tab.amount_edit, "1000")
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert tab.error_text("amount") == ""


def test_corporate_switch_changes_the_label_and_checks_the_length(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    assert "생년월일" in tab._labels["birth"].text()
    tab.corporate_check.setChecked(True)
    assert tab._labels["birth"].text() == "사업자등록번호"
    cashier.type(tab.birth_edit, "900101")
    errors = tab.corporate_switch_errors()
    assert [e.field for e in errors] == ["birth"]


def test_card_fields_refuse_copy_cut_drag_and_context_menu(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    clipboard = QApplication.clipboard()
    clipboard.setText("before")
    cashier.type(tab.card_number_edit, APPROVE_CREDIT)
    cashier.type(tab.expiry_edit, cashier.expiry())
    cashier.type(tab.birth_edit, "900101")
    for edit in tab.card_edits():
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
        assert edit.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        assert not edit.dragEnabled()
        assert edit.inputMethodHints() & Qt.InputMethodHint.ImhSensitiveData
    assert clipboard.text() == "before"
    assert tab.card_number_edit.text() == "4518-4200-0000-0007"  # cut did not remove it either


def test_ordinary_fields_still_copy(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.order_name_edit, "flowers")
    tab.order_name_edit.selectAll()
    qtbot.keyClick(tab.order_name_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "flowers"


@pytest.mark.parametrize("window_options", [{"keyin_idle_clear_ms": 60_000}])
def test_tax_free_follows_the_settings_default(
    qtbot: Any, cashier: Any, main_window: Any, window_options: Any
) -> None:
    from dataclasses import replace

    tab = main_window.keyin_tab
    tab.set_options(replace(tab.options, default_tax_free_mode="tax_free"))
    cashier.type(tab.amount_edit, "11000")
    assert tab.tax_free_edit.value() == 11_000
    assert tab.vat_label.text() == "부가세 0원"
    tab.tax_free_edit.setFocus()
    tab.tax_free_edit.selectAll()
    qtbot.keyClicks(tab.tax_free_edit, "0")
    assert tab.tax_free_edit.value() == 0
    assert tab.vat_label.text() == "부가세 1,000원"
    cashier.type(tab.amount_edit, "0")  # 110,000: tax-free stays what the cashier typed
    assert tab.tax_free_edit.value() == 0
