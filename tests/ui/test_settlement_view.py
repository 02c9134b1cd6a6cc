"""The settlement engine on screen: the count always in sight, the list with "지금 확인", the announcements.

The window runs on the in-process sandbox with the services on a fake clock (so the not-charged window can
pass without waiting), and its background pass every 200 ms, as the window's timer would run it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sandbox_support import FakeClock, seed_onetime

from pos_app.app import AppParts, build_parts
from pos_app.config import SecretStore, Settings
from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.faults import Fault
from pos_app.services.counter import CounterServices, ServiceSettings
from pos_app.services.settlement import texts
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.operations_panel import announcement_text

ONETIME = "/subscribe/payments/onetime"
# the offscreen platform plugin says this about every top-level window it shows or raises
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app_parts(settings: Settings, clock: FakeClock) -> Iterator[AppParts]:
    parts = build_parts(settings, SecretStore(), force_sandbox=True)
    parts.services = CounterServices(
        parts.client,
        parts.journal,
        ServiceSettings(
            counter_id=settings.counter_id, reconcile_poll_delays=(0.05,), background_delays=(0.1,)
        ),
        clock=clock,
        monotonic=clock.monotonic,
    )
    yield parts
    parts.close()


def _lose_a_charge(qtbot: Any, cashier: Any, window: Any, sandbox: Any) -> str:
    tab = window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="23000")
    sandbox.faults.add(Fault(kind="reset_before", path_prefix=ONETIME, method="POST"))
    dialogs.answer_next(True)  # the read-back
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as finished:
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert outcome.outcome is Outcome.UNKNOWN
    return str(outcome.merchant_uid)


def test_an_open_charge_is_counted_listed_and_announced_when_proven_not_made(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, clock: FakeClock
) -> None:
    uid = _lose_a_charge(qtbot, cashier, main_window, app_parts.sandbox_server)
    view = main_window.settlement
    qtbot.waitUntil(lambda: main_window.open_operations_label.text() == "● 미확정 1건", timeout=5000)
    assert "결제 1건" in main_window.open_operations_label.toolTip()

    qtbot.mouseClick(main_window.open_operations_label, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(6)]
    assert cells[0] == "결제"
    assert cells[1] == "23,000원"
    assert "홍길동" in cells[2]
    assert "*" in cells[2]  # a masked card
    assert "초" in cells[3]
    assert "PortOne에 아직 기록이 없습니다" in cells[4]

    clock.advance(200)  # the not-charged window passes; the next background pass closes it
    qtbot.waitUntil(lambda: main_window.open_operations_label.text() == "미확정 0건", timeout=10_000)
    qtbot.waitUntil(view.bar.isVisible, timeout=5000)
    assert "결제되지 않았습니다" in view.bar.text_label.text()
    assert "23,000원" in view.bar.text_label.text()
    assert app_parts.services.sale(uid).outcome is Outcome.NOT_CHARGED
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert dialog.history_list.count() == 1
    qtbot.mouseClick(view.bar.ok_button, Qt.MouseButton.LeftButton)
    assert not view.bar.isVisible()
    dialog.close()


def test_check_now_finds_a_charge_that_landed(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    sandbox = app_parts.sandbox_server
    uid = _lose_a_charge(qtbot, cashier, main_window, sandbox)
    view = main_window.settlement
    view.open_dialog()
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    app_parts.client.pay_onetime(seed_onetime(uid, 23_000))  # the first request lands after all
    button = dialog.table.cellWidget(0, 6)
    assert button.text() == "지금 확인"
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert app_parts.services.sale(uid).outcome is Outcome.APPROVED
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert [a.text for a in view.announcements()] == [texts.SALE_MADE]
    assert "결제가 확인되었습니다" in announcement_text(view.announcements()[0])
    # the key-in tab follows the engine: the order on the form shows the approval
    qtbot.waitUntil(lambda: main_window.keyin_tab.result_box.title.text() == "승인 완료", timeout=10_000)
    dialog.close()


def test_a_not_made_refund_is_said_in_red_before_good_news(qtbot: Any, main_window: Any) -> None:
    from pos_app.services.results import Announcement

    view = main_window.settlement
    made = {"label": "홍길동", "amount": 1000, "apply_num": "1"}
    good = Announcement("made", "sale", "A", texts.SALE_MADE, made, urgent=False)
    bad = Announcement("not_made", "cancel", "B", texts.REFUND_NOT_MADE, {"label": "김영희", "amount": 5000})
    view.bar.add([good])
    view.bar.add([bad])
    assert view.bar.isVisible()
    assert "환불되지 않았습니다" in view.bar.text_label.text()
    assert "5,000원" in view.bar.text_label.text()
    assert view.bar.more_label.text() == "외 1건"
    assert "#b71c1c" in view.bar.styleSheet()
    qtbot.mouseClick(view.bar.ok_button, Qt.MouseButton.LeftButton)
    assert "결제가 확인되었습니다" in view.bar.text_label.text()
    assert "#1b5e20" in view.bar.styleSheet()
    qtbot.mouseClick(view.bar.ok_button, Qt.MouseButton.LeftButton)
    assert not view.bar.isVisible()
