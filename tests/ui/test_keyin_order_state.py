"""The key-in result box belongs to the order on the form: what a cashier sees after a result, an edit, the
idle wipe and a validation error; errors that follow the form; the amount limit; 할부 and birth/PIN notes.

Driven through the real window on the in-process sandbox (issue 12, items 1, 7, 8, 11, 13).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT, DECLINE_LIMIT
from pos_app.ui.shell import dialogs
from pos_app.ui.widgets.charge_result import ResultState
from pos_app.ui.widgets.field_style import hint_of

ONETIME = "/subscribe/payments/onetime"


def charge(qtbot: Any, tab: Any) -> Any:
    dialogs.answer_next(True)  # the read-back
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as finished:
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    return finished.args[0]


def onetime_posts(app_parts: Any) -> int:
    return sum(1 for e in app_parts.sandbox_server.ledger() if e.path == ONETIME)


def test_an_edit_after_the_approval_clears_it_and_the_new_order_is_typing(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="12000")
    assert charge(qtbot, tab).outcome is Outcome.APPROVED
    main_window.tabs.setCurrentWidget(tab)
    box = tab.result_box
    assert box.title.text() == "승인 완료"
    cashier.type(tab.amount_edit, "25000")  # the next order starts
    assert box.state is ResultState.TYPING
    assert box.title.text() == "입력 중"
    assert "승인" not in box.title.text()
    assert box.headline.isHidden()
    assert "아직 카드사에 보내지 않았습니다" in box.details.text()


@pytest.mark.parametrize("window_options", [{"keyin_idle_clear_ms": 200}])
def test_the_idle_wipe_of_a_new_unsent_order_never_shows_the_old_approval(
    qtbot: Any, cashier: Any, main_window: Any, window_options: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="12000")
    assert charge(qtbot, tab).outcome is Outcome.APPROVED
    main_window.tabs.setCurrentWidget(tab)
    tab.options = replace(tab.options, idle_clear_ms=200)
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="25000")  # a new order, never sent
    with qtbot.waitSignal(tab.card_fields_cleared, timeout=5000):
        pass
    box = tab.result_box
    assert box.state is ResultState.TYPING
    assert box.title.text() == "입력 중"
    assert "카드 정보를 지웠습니다" in box.notice.text()
    assert "승인" not in box.title.text() + box.details.text()


def test_a_decline_is_cleared_when_the_next_card_is_typed(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=DECLINE_LIMIT)
    assert charge(qtbot, tab).outcome is Outcome.DECLINED
    assert tab.result_box.title.text() == "승인 거절"
    cashier.type(tab.card_number_edit, APPROVE_CREDIT)  # a card never sent
    assert tab.result_box.title.text() == "입력 중"
    assert "거절" not in tab.result_box.details.text()


def test_a_validation_error_after_an_approval_shows_this_order_not_the_old_result(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="12000")
    assert charge(qtbot, tab).outcome is Outcome.APPROVED
    main_window.tabs.setCurrentWidget(tab)
    tab.result_box.next_button.click()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)  # an empty order
    box = tab.result_box
    assert box.title.text() == "입력 중"
    assert "보내지 않았습니다" in box.notice.text()
    assert "빨간 칸" in box.notice.text()
    assert tab.error_text("amount")


def test_the_approval_is_large_and_enter_starts_the_next_order(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="33000")
    approved = charge(qtbot, tab)
    main_window.tabs.setCurrentWidget(tab)
    box = tab.result_box
    sale = main_window.services.sale(approved.merchant_uid)
    assert box.headline.text() == "33,000원"
    assert box.headline.font().pointSizeF() >= box.details.font().pointSizeF() * 1.5 or "30px" in (
        box.headline.styleSheet()
    )
    assert "30px" in box.title.styleSheet()
    assert f"승인번호: {sale.apply_num}" in box.details.text()
    assert "할부: 일시불" in box.details.text()
    assert "신한카드 4518-42**-****-0007" in box.details.text()
    assert not box.next_button.isHidden()
    assert box.next_button.hasFocus() or tab.focusWidget() is box.next_button
    qtbot.keyClick(box.next_button, Qt.Key.Key_Return)
    assert box.title.text() == "입력 중"
    assert tab.focusWidget() is tab.amount_edit


def test_saving_the_card_during_a_charge_says_card_saved(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, buyer="김단골", birth="900101", pwd="12")
    tab.save_card_check.setChecked(True)
    assert charge(qtbot, tab).outcome is Outcome.APPROVED
    saved = tab.result_box.saved_label
    assert not saved.isHidden()
    assert saved.text().startswith("카드 저장됨")
    assert "김단골" in saved.text()


def test_a_field_error_goes_the_moment_the_field_is_valid(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card="4518420000000008")  # Luhn wrong
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert tab.error_text("card_number")
    assert tab.card_number_edit.property("fieldError") is True
    tab.card_number_edit.setCursorPosition(len(tab.card_number_edit.text()))
    qtbot.keyClick(tab.card_number_edit, Qt.Key.Key_Backspace)
    assert tab.error_text("card_number")  # 15 digits: still wrong, still said
    cashier.type(tab.card_number_edit, "7")  # 4518-4200-0000-0007: valid now, no second 승인 needed
    assert tab.error_text("card_number") == ""
    assert not tab.card_number_edit.property("fieldError")


def test_an_error_on_a_wiped_card_field_goes_with_the_digits(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card="4518420000000008")
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert tab.error_text("card_number")
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.error_text("card_number") == ""


def test_an_absurd_amount_is_refused_with_a_clear_error_and_nothing_is_sent(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="1098765432")
    assert tab.amount_edit.text() == "1,098,765,432"  # typed as is, never cut silently
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    error = tab.error_text("amount")
    assert "너무 큽니다" in error
    assert "1,098,765,432원" in error
    assert "10,000,000원" in error
    assert onetime_posts(app_parts) == 0
    assert tab.approve_button.isEnabled()


def test_quota_says_why_it_is_greyed_and_when_a_chosen_quota_was_reset(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.type(tab.amount_edit, "5000")
    assert not tab.quota_combo.isEnabled()
    assert tab.quota_note.text() == "50,000원부터 할부 가능"
    cashier.type(tab.amount_edit, "0")  # 50,000
    assert tab.quota_combo.isEnabled()
    assert tab.quota_note.isHidden()
    tab.quota_combo.setCurrentIndex(tab.quota_combo.findData(3))
    qtbot.keyClick(tab.amount_edit, Qt.Key.Key_Backspace)  # 5,000 again
    assert tab.quota_combo.currentData() == 0
    assert "3개월" in tab.quota_note.text()
    assert "일시불로 바꿨습니다" in tab.quota_note.text()
    assert not tab.quota_note.isHidden()


def test_birth_and_pin_say_whether_they_were_entered_and_are_required_to_save_a_card(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    assert "입력 안 함" in tab.birth_state_label.text()
    assert "입력 안 함" in tab.pwd_state_label.text()
    cashier.type(tab.birth_edit, "900101")
    assert "입력됨" in tab.birth_state_label.text()
    assert "900101" not in tab.birth_state_label.text()
    tab.save_card_check.click()
    assert tab._labels["pwd_2digit"].text().endswith("(필수)")
    assert tab._labels["birth"].text().endswith("(필수)")
    assert tab.pwd_state_label.text() == "카드 저장에 필요"
    cashier.type(tab.pwd_edit, "1")
    assert tab.pwd_state_label.text() == "1/2자리"


def test_the_read_back_says_whether_birth_and_pin_were_entered(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, birth="900101")
    seen: list[str] = []
    dialogs.answer_next(False, seen=seen)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "생년월일: 입력함" in seen[0]
    assert "비밀번호 앞 2자리: 입력 안 함" in seen[0]
    assert "900101" not in seen[0]


def test_hints_read_as_hints_and_vanish_while_the_form_is_locked(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    for edit in (tab.buyer_tel_edit, tab.birth_edit, tab.amount_edit, tab.expiry_edit):
        assert hint_of(edit).startswith("예: "), hint_of(edit)
        assert edit.placeholderText() == hint_of(edit)
    tab.set_form_mode("locked")
    assert tab.birth_edit.placeholderText() == ""
    assert tab.buyer_tel_edit.placeholderText() == ""
    tab.set_form_mode("open")
    assert tab.buyer_tel_edit.placeholderText() == "예: 010-1234-5678"


def test_the_card_column_stays_put_when_corporate_or_save_card_is_switched(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab

    def card_x() -> int:
        QApplication.processEvents()
        return tab.card_number_edit.mapTo(tab, tab.card_number_edit.rect().topLeft()).x()

    before = card_x()
    tab.corporate_check.click()
    assert tab._labels["birth"].text() == "사업자등록번호"
    assert card_x() == before
    tab.save_card_check.click()
    assert card_x() == before
    tab.corporate_check.click()
    assert card_x() == before


def test_phone_numbers_are_grouped_as_written(qtbot: Any, cashier: Any, main_window: Any) -> None:
    tab = main_window.keyin_tab
    for typed, shown in (
        ("01012345678", "010-1234-5678"),
        ("0212345678", "02-1234-5678"),
        ("021234567", "02-123-4567"),
        ("0311234567", "031-123-4567"),
        ("15881234", "1588-1234"),
    ):
        tab.buyer_tel_edit.clear()
        cashier.type(tab.buyer_tel_edit, typed)
        assert tab.buyer_tel_edit.text() == shown


def test_coming_back_to_the_tab_after_an_approval_enter_starts_the_next_order(
    qtbot: Any, cashier: Any, main_window: Any
) -> None:
    tab = main_window.keyin_tab
    main_window.activateWindow()
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    assert charge(qtbot, tab).outcome is Outcome.APPROVED
    assert main_window.tabs.currentWidget() is main_window.receipt_panel  # the window showed the slip
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.result_box.next_button, timeout=5000)
    qtbot.keyClick(tab.result_box.next_button, Qt.Key.Key_Return)
    assert tab.result_box.title.text() == "입력 중"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.amount_edit, timeout=5000)
