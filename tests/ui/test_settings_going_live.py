"""Going live safely (issue 11), end to end through the window, against a stand-in PortOne on loopback.

1. A live configuration on a PortOne *test* channel: a key-in charge is TEST_PAYMENT (the full warning,
   never 승인), the Z report's money leaves it out, the day comparison lists it, the bar says 테스트 채널.
3. The first-run setup takes a fresh install to a working live configuration with the window only.
   Settings applied without a restart keep an open operation, and the new services settle it.
4. Live and offline are unmistakable at the top; offline disables the money forms, not history.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_support import apply_and_wait, memory_keyring, open_window, standin_portone
from PySide6.QtCore import Qt

from pos_app.config import ApiCredentials, SecretStore, Settings
from pos_app.domain.outcomes import Outcome
from pos_app.portone.client import PortOneClient
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.setup import run_connection_test
from pos_app.ui.shell import dialogs

APPROVE = "4518420000000007"


def _live_settings(settings: Settings, portone: SandboxServer) -> Settings:
    """Keys in the keyring, and the PG and channel taken from PortOne's own list, as the setup does."""
    import requests

    SecretStore().set(ApiCredentials(portone.imp_key, portone.imp_secret))
    with requests.Session() as session:
        client = PortOneClient(session, portone.base_url, portone.imp_key, portone.imp_secret)
        report = run_connection_test(client, None)
    chosen = report.chosen
    assert chosen is not None
    assert chosen.channel_key
    return settings.with_changes(
        pg=chosen.pg,
        channel_key=chosen.channel_key,
        channel_name=chosen.channel_name or "",
        channel_test=chosen.test_channel,
    )


def _charge(qtbot: Any, cashier: Any, window: Any, card: str = APPROVE) -> Any:
    keyin = window.keyin_tab
    window.tabs.setCurrentWidget(keyin)
    qtbot.waitUntil(keyin.approve_button.isEnabled, timeout=10_000)
    cashier.fill_keyin(keyin, card=card)
    dialogs.answer_next(True)  # the read-back
    with qtbot.waitSignal(keyin.charge_finished, timeout=20_000) as finished:
        qtbot.mouseClick(keyin.approve_button, Qt.MouseButton.LeftButton)
    return finished.args[0]


def test_a_live_shop_on_a_test_channel_never_books_test_money(
    qtbot: Any, cashier: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> None:
    with memory_keyring(monkeypatch), standin_portone(monkeypatch) as portone:
        live = _live_settings(settings, portone)
        assert live.channel_test  # PortOne's list said so
        with open_window(qtbot, live, translations) as (window, parts):
            assert parts.live
            assert not window.sandbox_banner.isVisible()
            bar = window.live_mode.live_bar
            qtbot.waitUntil(lambda: bar.isVisible() and bar.state == "test", timeout=10_000)
            assert "테스트 채널" in bar.text()
            assert "2999199999" in bar.text()
            outcome = _charge(qtbot, cashier, window)
            assert outcome.outcome is Outcome.TEST_PAYMENT
            box = window.keyin_tab.result_box
            assert "테스트 결제" in box.title.text()
            assert "승인 완료" not in box.title.text()
            assert "돈이 움직이지 않았습니다" in box.details.text()
            assert "테스트 채널" in box.details.text()
            assert box.width() >= window.keyin_tab.width() // 3  # a box of its own, not a line
            assert window.tabs.currentWidget() is window.keyin_tab  # no slip opened as for a sale
            assert portone.posts_for(outcome.merchant_uid) == 1
            # the Z report's money leaves it out; the day comparison lists it as a test payment
            dialog = window.history_tab.open_day_close()
            with qtbot.waitSignal(dialog.report_shown, timeout=10_000) as shown:
                dialog.load()
            report = shown.args[0].report
            assert (report.paid_count, report.paid_sum, report.net) == (0, 0, 0)
            with qtbot.waitSignal(dialog.differences_shown, timeout=10_000) as differences:
                dialog.compare_with_portone()
            assert differences.args[0] == 1
            assert "테스트 결제" in dialog.diff_table.item(0, 0).text()
            assert dialog.diff_table.item(0, 1).text() == outcome.merchant_uid
            dialog.close()


def test_first_run_setup_takes_a_fresh_install_live_with_the_window_only(
    qtbot: Any, cashier: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> None:
    with (
        memory_keyring(monkeypatch),
        standin_portone(monkeypatch, live_channel=True) as portone,
        open_window(qtbot, settings, translations) as (window, parts),
    ):
        assert parts.sandbox  # a fresh install runs the demo first
        qtbot.waitUntil(lambda: window.live_mode.setup_wizard is not None, timeout=5000)
        wizard = window.live_mode.setup_wizard
        assert wizard is not None
        assert wizard.isVisible()
        section = wizard.connection
        assert "V1 API" in section.keys_hint.text()  # where the keys are in the console
        assert "채널 관리" in section.channel_hint.text()
        next_button = wizard.button(wizard.WizardButton.NextButton)
        assert not next_button.isEnabled()  # nothing proven yet
        section.imp_key_edit.setText(portone.imp_key)
        section.imp_secret_edit.setText(portone.imp_secret)
        with qtbot.waitSignal(section.tested, timeout=15_000) as tested:
            qtbot.mouseClick(section.test_button, Qt.MouseButton.LeftButton)
        assert tested.args[0].ok
        assert next_button.isEnabled()
        assert "2999199999" in section.channel_combo.currentText()
        wizard.next()
        assert wizard.currentId() == 1
        wizard.shop.shop_name_edit.setText("행복한 꽃집")
        wizard.shop.business_no_edit.setText("123-45-67890")  # wrong check digit
        wizard.next()
        assert wizard.currentId() == 1
        assert "검증번호" in wizard.shop.error_text("business_no")
        wizard.shop.business_no_edit.setText("123-45-67891")
        wizard.next()
        assert wizard.currentId() == 2
        assert "ksnet.2999199999" in wizard.summary_page.summary.text()
        assert wizard.summary_page.warning.text() == ""  # a live channel: nothing to warn about
        with qtbot.waitSignal(window.live_mode.settings_applied, timeout=20_000):
            wizard.button(wizard.WizardButton.FinishButton).click()
        qtbot.waitUntil(lambda: not window.is_reconciling(), timeout=20_000)
        stored = Settings.load(settings.data_dir)
        assert (stored.pg, stored.shop_name, stored.business_no) == (
            "ksnet.2999199999",
            "행복한 꽃집",
            "123-45-67891",
        )
        assert not parts.sandbox
        assert window.services.settings.live
        bar = window.live_mode.live_bar
        qtbot.waitUntil(lambda: bar.isVisible() and bar.state == "live", timeout=10_000)
        assert bar.text().startswith("실제 결제")
        outcome = _charge(qtbot, cashier, window)
        assert outcome.outcome is Outcome.APPROVED
        assert portone.posts_for(outcome.merchant_uid) == 1  # the stand-in, not the demo sandbox


def test_later_is_remembered(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> None:
    with memory_keyring(monkeypatch), standin_portone(monkeypatch):
        with open_window(qtbot, settings, translations) as (window, _parts):
            qtbot.waitUntil(lambda: window.live_mode.setup_wizard is not None, timeout=5000)
            wizard = window.live_mode.setup_wizard
            assert wizard is not None
            wizard.reject()
            assert Settings.load(settings.data_dir).setup_dismissed
        with open_window(qtbot, Settings.load(settings.data_dir), translations) as (window, _parts):
            qtbot.wait(50)
            assert window.live_mode.setup_wizard is None


def test_an_open_operation_survives_applying_settings_and_the_new_services_settle_it(
    qtbot: Any, cashier: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> None:
    with memory_keyring(monkeypatch), standin_portone(monkeypatch, live_channel=True) as portone:
        live = _live_settings(settings, portone)
        with open_window(qtbot, live, translations) as (window, parts):
            # PortOne takes the charge but the reply is lost, and lookups fail for now: the sale is open
            portone.faults.add(
                Fault(kind="reset_after", method="POST", path_prefix="/subscribe/payments/onetime")
            )
            portone.faults.add(
                Fault(kind="http_500", method="GET", path_prefix="/payments/find", count=10_000)
            )
            outcome = _charge(qtbot, cashier, window)
            assert outcome.outcome is Outcome.UNKNOWN
            uid = outcome.merchant_uid
            assert [op.op_id for op in window.services.open_operations()] == [uid]
            old_context = window.services._ctx
            tab = window.settings_tab
            tab.operator_edit.setText("박점장")  # a new journal writer: the services are rebuilt
            apply_and_wait(
                qtbot, window, lambda: qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
            )
            assert window.services._ctx is not old_context
            assert old_context.stopping.is_set()  # the old engine stops at its next wait
            assert parts.journal.operator == "박점장"
            # the new engine took the operation up from the journal: still open, not lost, not closed
            assert [op.op_id for op in window.services.open_operations()] == [uid]
            assert window.services.sale(uid).outcome in (Outcome.UNKNOWN, Outcome.PENDING)
            portone.faults.clear()
            assert window.services.check_operation(uid) is None  # final now
            assert window.services.sale(uid).outcome is Outcome.APPROVED
            assert portone.posts_for(uid) == 1  # looked up, never re-sent


def test_offline_is_a_banner_and_the_money_forms_are_disabled(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> None:
    # a shop set up for real payments whose keys are gone from the keyring opens offline
    with memory_keyring(monkeypatch), standin_portone(monkeypatch, live_channel=True) as portone:
        live = _live_settings(settings, portone)
        SecretStore().clear()
        with open_window(qtbot, live, translations) as (window, parts):
            assert parts.offline_reason is not None
            banner = window.live_mode.offline_banner
            assert banner.isVisible()
            assert banner.text().startswith("오프라인")
            assert "키" in banner.text()  # the reason
            assert banner.width() >= window.width() - 40  # full width
            assert window.live_mode.live_bar.isVisible()  # which shop it is stays said
            keyin = window.keyin_tab
            assert not keyin.approve_button.isEnabled()
            assert not keyin.form_frame.isEnabled()  # the whole form, not only 승인
            customers = window.customers_tab
            for button in (customers.register_button, customers.charge_button, customers.delete_button):
                assert not button.isEnabled()
            assert customers.search_button.isEnabled()  # the list still works
            panel = window.receipt_panel
            for button in (panel.cancel_button, panel.receipt_issue_button, panel.receipt_cancel_button):
                assert not button.isEnabled()
            history = window.history_tab
            assert history.isEnabled()
            with qtbot.waitSignal(history.day_report_shown, timeout=10_000):
                history.open_day_close()
            history.day_close_dialog.close()


def test_portone_not_answering_disables_the_money_forms_until_it_answers(
    qtbot: Any, main_window: Any, app_parts: Any
) -> None:
    keyin = main_window.keyin_tab
    assert keyin.form_frame.isEnabled()
    app_parts.sandbox_server.faults.add(Fault(kind="reset_before", path_prefix="/users/getToken", count=1000))
    with qtbot.waitSignal(main_window.connection_checked, timeout=15_000) as checked:
        main_window._probe_connection()
    assert checked.args[0].online is False
    banner = main_window.live_mode.offline_banner
    assert banner.isVisible()
    assert "PortOne이 응답하지 않습니다" in banner.text()
    assert not keyin.form_frame.isEnabled()
    assert not main_window.customers_tab.register_button.isEnabled()
    app_parts.sandbox_server.faults.clear()  # the line is back
    with qtbot.waitSignal(main_window.connection_checked, timeout=15_000) as checked:
        main_window._probe_connection()
    assert checked.args[0].online is True
    assert not banner.isVisible()
    assert keyin.form_frame.isEnabled()
    assert main_window.customers_tab.register_button.isEnabled()
