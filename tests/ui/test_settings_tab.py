"""설정 tab: round trip, refusals at the field, the keyring, 연결 테스트, the channel from PortOne, applying.

Issue 11 cases 2 and 3 through the window: empty fields never test other keys; a wrong secret is named;
the PG list drives the channel (nothing typed by hand); the business number's check digit; settings
apply without a restart; applying is refused while a charge is out.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from live_support import apply_and_wait, memory_keyring, open_window, standin_portone
from PySide6.QtCore import Qt

from pos_app.config import SecretStore, Settings
from pos_app.sandbox.faults import Fault


def _save(qtbot: Any, tab: Any) -> None:
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)


def _test(qtbot: Any, tab: Any) -> Any:
    with qtbot.waitSignal(tab.connection_tested, timeout=15_000) as tested:
        qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    return tested.args[0]


@pytest.fixture
def keyring_window(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> Iterator[Any]:
    """A fresh install (embedded sandbox) on a PC whose keyring works, and a stand-in PortOne."""
    with memory_keyring(monkeypatch), standin_portone(monkeypatch) as portone:
        fresh = settings.with_changes(setup_dismissed=True)  # the wizard has its own tests
        with open_window(qtbot, fresh, translations) as (window, parts):
            yield window, parts, portone


def test_settings_round_trip(qtbot: Any, cashier: Any, main_window: Any, settings: Settings) -> None:
    tab = main_window.settings_tab
    main_window.tabs.setCurrentWidget(tab)
    tab.shop_name_edit.clear()
    cashier.type(tab.shop_name_edit, "행복한 꽃집")
    tab.business_no_edit.setText("1234567891")
    tab.shop_address_edit.setText("서울시 중구 세종대로 1")
    tab.tax_mode_combo.setCurrentIndex(tab.tax_mode_combo.findData("tax_free"))
    tab.product_combo.setCurrentIndex(tab.product_combo.findData("digital"))
    saved: list[Settings] = []
    tab.settings_saved.connect(saved.append)
    # the default product type is also the services': they are rebuilt (a moment, on the runner)
    apply_and_wait(qtbot, main_window, lambda: _save(qtbot, tab))
    new = saved[0]
    assert new.shop_name == "행복한 꽃집"
    assert main_window.services.settings.default_product_type == "digital"
    assert Settings.load(settings.data_dir) == new
    raw = json.loads((settings.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert "imp_secret" not in raw
    assert "imp_key" not in raw
    assert "다시 시작" not in tab.status_label.text()
    # defaults apply to the key-in tab at once
    keyin = main_window.keyin_tab
    assert keyin.options.default_tax_free_mode == "tax_free"
    assert keyin.product_combo.currentData() == "digital"
    cashier.type(keyin.amount_edit, "22000")
    assert keyin.tax_free_edit.value() == 22_000


def test_counter_settings_apply_without_a_restart(qtbot: Any, main_window: Any, app_parts: Any) -> None:
    tab = main_window.settings_tab
    tab.counter_id_edit.setText("C02")
    tab.operator_edit.setText("박점장")
    apply_and_wait(qtbot, main_window, lambda: _save(qtbot, tab))
    assert main_window.services.settings.counter_id == "C02"
    assert app_parts.journal.counter_id == "C02"
    assert app_parts.journal.operator == "박점장"
    assert "적용했습니다" in tab.status_label.text()
    assert main_window.sandbox_banner.isVisible()  # still the sandbox: no keys


def test_bad_values_are_refused_at_the_field(qtbot: Any, main_window: Any, settings: Settings) -> None:
    tab = main_window.settings_tab
    tab.business_no_edit.setText("123-45-67890")  # ten digits, wrong check digit
    saved: list[object] = []
    tab.settings_saved.connect(saved.append)
    _save(qtbot, tab)
    assert saved == []
    assert "검증번호" in tab.error_text("business_no")
    assert not (settings.data_dir / "settings.json").exists()
    tab.business_no_edit.setText("123-45-67891")
    tab.counter_id_edit.setText("C-01")
    _save(qtbot, tab)
    assert tab.error_text("business_no") == ""
    assert tab.error_text("counter_id")
    assert saved == []


def test_leaving_the_business_number_checks_it_and_groups_it(qtbot: Any, main_window: Any) -> None:
    shop = main_window.settings_tab.shop
    shop.business_no_edit.setText("1234567890")
    shop.business_no_edit.editingFinished.emit()
    assert "검증번호" in shop.error_text("business_no")
    shop.business_no_edit.setText("1234567891")
    shop.business_no_edit.editingFinished.emit()
    assert shop.error_text("business_no") == ""
    assert shop.business_no_edit.text() == "123-45-67891"


def test_without_keyring_keys_cannot_be_typed_and_sandbox_is_said(main_window: Any) -> None:
    tab = main_window.settings_tab
    assert not tab.secret_store.available()  # POS_APP_NO_KEYRING=1 in tests
    assert not tab.imp_key_edit.isEnabled()
    assert not tab.imp_secret_edit.isEnabled()
    assert not tab.test_button.isEnabled()  # nothing to test: the demo keys are never "tested"
    assert "키링" in tab.keyring_label.text()
    assert "샌드박스" in tab.keyring_label.text()
    assert tab.data_dir_edit.text() == str(main_window.context.settings.data_dir)
    assert tab.data_dir_edit.isReadOnly()


def test_connection_test_with_empty_fields_is_an_error_at_the_fields(qtbot: Any, keyring_window: Any) -> None:
    window, _parts, portone = keyring_window
    tab = window.settings_tab
    report = _test(qtbot, tab)
    assert not report.ok
    assert tab.error_text("imp_key")
    assert tab.error_text("imp_secret")
    assert "성공" not in tab.connection.findings_label.text()
    assert "실패" in tab.connection.findings_label.text()
    assert portone.ledger() == []  # no keys were tried anywhere


def test_a_wrong_secret_is_named(qtbot: Any, keyring_window: Any) -> None:
    window, _parts, portone = keyring_window
    tab = window.settings_tab
    tab.imp_key_edit.setText(portone.imp_key)
    tab.imp_secret_edit.setText("not-the-secret")
    report = _test(qtbot, tab)
    assert not report.keys_accepted
    assert "시크릿" in tab.error_text("imp_secret")
    assert "401" in tab.error_text("imp_secret")
    assert [e.path for e in portone.ledger()] == ["/users/getToken"]


def test_a_channel_missing_from_portones_list_is_named(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings, translations: Any
) -> None:
    # a shop set up earlier with a channel its PortOne account no longer has
    with memory_keyring(monkeypatch), standin_portone(monkeypatch) as portone:
        SecretStore().set(_credentials(portone))
        live = settings.with_changes(
            pg="ksnet.9999999999", channel_key="channel-key-gone", channel_name="옛 채널"
        )
        with open_window(qtbot, live, translations) as (window, _parts):
            qtbot.waitUntil(lambda: window.live_mode.live_bar.state == "missing", timeout=10_000)
            assert "채널 목록에 이 채널이 없습니다" in window.live_mode.live_bar.text()
            report = _test(qtbot, window.settings_tab)
            assert not report.ok
            assert "channel-key-gone" in window.settings_tab.error_text("channel_key")


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    except ConnectionResetError:
        return False  # closing right now
    return False


def _credentials(portone: Any) -> Any:
    from pos_app.config import ApiCredentials

    return ApiCredentials(portone.imp_key, portone.imp_secret)


def test_keys_that_were_not_tested_are_not_saved(qtbot: Any, keyring_window: Any) -> None:
    window, _parts, portone = keyring_window
    tab = window.settings_tab
    tab.imp_key_edit.setText(portone.imp_key)
    tab.imp_secret_edit.setText(portone.imp_secret)
    _save(qtbot, tab)
    assert "연결 테스트" in tab.error_text("channel_key")
    assert SecretStore().get() is None
    # tested, then the secret changed: the test no longer counts
    _test(qtbot, tab)
    tab.imp_secret_edit.setText(portone.imp_secret + "x")
    _save(qtbot, tab)
    assert SecretStore().get() is None


def test_the_pg_list_drives_the_channel_and_saving_goes_live_without_a_restart(
    qtbot: Any, keyring_window: Any, settings: Settings
) -> None:
    window, parts, portone = keyring_window
    tab = window.settings_tab
    assert window.sandbox_banner.isVisible()
    tab.imp_key_edit.setText(portone.imp_key)
    tab.imp_secret_edit.setText(portone.imp_secret)
    report = _test(qtbot, tab)
    assert report.keys_accepted
    combo = tab.connection.channel_combo
    assert combo.isEnabled()
    assert combo.count() == 1  # the one KSNET key-in channel PortOne listed, nothing typed by hand
    assert "2999199999" in combo.currentText()
    assert "테스트 채널" in combo.currentText()
    assert "channel-key-sandbox-ksnet" in tab.connection.channel_details.text()
    demo = parts.sandbox_server
    assert demo is not None
    apply_and_wait(qtbot, window, lambda: _save(qtbot, tab))
    # what only the demo used (its server, its journal) is closed once no call can still need it
    qtbot.waitUntil(lambda: _refused(demo.port), timeout=10_000)
    assert not parts.retired
    stored = Settings.load(settings.data_dir)
    assert (stored.pg, stored.channel_key, stored.channel_test) == (
        "ksnet.2999199999",
        "channel-key-sandbox-ksnet",
        True,
    )
    credentials = SecretStore().get()
    assert credentials is not None
    assert credentials.imp_key == portone.imp_key
    # the same window, now on "PortOne": no sandbox banner, the live bar says test channel
    assert not parts.sandbox
    assert not window.sandbox_banner.isVisible()
    bar = window.live_mode.live_bar
    assert bar.isVisible()
    assert bar.state == "test"
    assert "테스트 채널" in bar.text()
    assert "2999199999" in bar.text()
    assert window.services.settings.live
    assert window.server_label.text() == "서버: PortOne"
    assert "적용했습니다" in tab.status_label.text()
    assert "저장됨" in tab.imp_secret_edit.placeholderText()


def test_applying_is_refused_while_a_charge_is_out(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, settings: Settings
) -> None:
    from pos_app.ui.shell import dialogs

    app_parts.sandbox_server.faults.add(
        Fault(kind="delay", method="POST", path_prefix="/subscribe/payments/onetime", delay_ms=3000)
    )
    keyin = main_window.keyin_tab
    cashier.fill_keyin(keyin, card="4518420000000007")
    dialogs.answer_next(True)
    qtbot.mouseClick(keyin.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: keyin.is_busy() and keyin._state == "charging", timeout=5000)
    tab = main_window.settings_tab
    tab.counter_id_edit.setText("C09")
    _save(qtbot, tab)
    assert "진행 중" in tab.status_label.text()
    assert not (settings.data_dir / "settings.json").exists()  # nothing saved: disk is what runs
    assert main_window.services.settings.counter_id == "T01"
    qtbot.waitUntil(lambda: not keyin.is_busy(), timeout=20_000)
    apply_and_wait(qtbot, main_window, lambda: _save(qtbot, tab))
    assert main_window.services.settings.counter_id == "C09"


def test_choosing_english_switches_the_window(qtbot: Any, main_window: Any, settings: Settings) -> None:
    tab = main_window.settings_tab
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("en"))
    _save(qtbot, tab)
    settings_title = lambda: main_window.tabs.tabText(main_window.tabs.indexOf(main_window.settings_tab))  # noqa: E731
    qtbot.waitUntil(lambda: settings_title() == "Settings", timeout=5000)
    assert tab.save_button.text() == "Save"
    assert Settings.load(settings.data_dir).language == "en"
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("ko"))
    _save(qtbot, tab)
    qtbot.waitUntil(lambda: settings_title() == "설정", timeout=5000)
