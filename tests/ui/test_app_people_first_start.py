"""The first start of a counter without people: a real-money counter makes its owner before anything else;
the sandbox works as before until the owner is added on 설정; every saved setting is in the audit."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.services.counter import AuditFilter
from pos_app.ui.shell.main_window import MainWindow


@pytest.mark.parametrize("window_options", [{"people_required": True}])
def test_a_real_money_counter_makes_its_owner_first(
    qtbot: Any, main_window: MainWindow, cashier: Any, window_options: dict[str, Any]
) -> None:
    gate = main_window.people_gate
    page = gate.page
    assert gate.showing_sign_in()
    assert page.creating_owner
    assert page.pin_again_edit.isVisible()
    cashier.type(page.name_edit, "이사장")
    cashier.enter(page.name_edit)
    cashier.type(page.pin_edit, "73914682")
    cashier.enter(page.pin_edit)
    assert page.pin_again_edit.hasFocus()
    cashier.type(page.pin_again_edit, "73914683")
    with qtbot.waitSignal(page.sign_in_failed, timeout=10_000):
        cashier.enter(page.pin_again_edit)
    assert "두 번 입력한 PIN이 다릅니다" in page.error_label.text()
    assert main_window.services.people.people() == []
    # the three rows, the message and the button one under the other, none over another (a wrapped hint
    # once squeezed the rows into each other)
    stack = [page.name_edit, page.pin_edit, page.pin_again_edit, page.error_label, page.submit_button]
    qtbot.waitUntil(lambda: all(w.isVisible() for w in stack), timeout=2_000)
    tops = [(w.mapTo(page, w.rect().topLeft()).y(), w.mapTo(page, w.rect().bottomLeft()).y()) for w in stack]
    assert all(bottom < next_top for (_t, bottom), (next_top, _b) in itertools.pairwise(tops))
    assert all(w.height() >= w.minimumSizeHint().height() for w in stack[:3])

    cashier.type(page.pin_edit, "73914682")
    cashier.enter(page.pin_edit)
    cashier.type(page.pin_again_edit, "73914682")
    cashier.enter(page.pin_again_edit)
    qtbot.waitUntil(lambda: not gate.showing_sign_in(), timeout=10_000)
    assert gate.person_button.text() == "이사장 · 사장"
    assert main_window.settings_tab.isEnabled()
    rows = main_window.services.audit(AuditFilter())
    assert [(r.kind, r.person) for r in rows][:2] == [("sign_in", "이사장"), ("person_added", "이사장")]


def test_the_sandbox_works_without_people_until_the_owner_is_added_on_settings(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    gate = main_window.people_gate
    assert not gate.showing_sign_in()
    assert not gate.person_button.isVisible()
    section = gate.section
    assert "아직 사람이 없습니다" in section.state_label.text()
    main_window.tabs.setCurrentWidget(main_window.settings_tab)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    form = section.open_dialog
    assert form.role_combo.currentData() == "owner"  # the first is the owner
    cashier.type(form.name_edit, "이사장")
    cashier.type(form.pin_edit, "73914682")
    cashier.type(form.pin_again_edit, "73914682")
    with qtbot.waitSignal(gate.signed_in, timeout=10_000):
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert gate.person_button.isVisible()
    assert gate.person_button.text() == "이사장 · 사장"
    assert not gate.showing_sign_in()

    # a settings change saved by the owner is an event of the journal
    settings = main_window.settings_tab
    settings.shop_name_edit.setText("꽃집 본점")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    services = main_window.services

    def recorded() -> bool:
        return any(r.kind == "settings_changed" for r in services.audit(AuditFilter()))

    qtbot.waitUntil(recorded, timeout=10_000)
    [change] = [r for r in services.audit(AuditFilter()) if r.kind == "settings_changed"]
    assert change.operator == "이사장"
    assert "꽃집 본점" in change.detail


def test_a_cashier_cannot_save_settings_even_when_the_tab_is_reached(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    from pos_app.domain.people import Role

    people = main_window.services.people
    people.add_person("이사장", Role.OWNER, "73914682")
    people.add_person("김점원", Role.CASHIER, "60293817")
    people.sign_in("김점원", "60293817")  # on this (the GUI) thread's context
    main_window.people_gate.refresh()
    settings = main_window.settings_tab
    assert not settings.isEnabled()
    before = settings.settings
    assert not settings.save(before.with_changes(shop_name="몰래 바꿈"), keys=None)
    assert "사장" in settings.status_label.text()
    assert settings.settings.shop_name == before.shop_name
