"""설정 tab: round trip to settings.json, inline refusals, keyring-less mode, test connection, language."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt

from pos_app.config import Settings


def _save(qtbot: Any, tab: Any) -> None:
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)


def test_settings_round_trip(qtbot: Any, cashier: Any, main_window: Any, settings: Settings) -> None:
    tab = main_window.settings_tab
    main_window.tabs.setCurrentWidget(tab)
    tab.shop_name_edit.clear()
    cashier.type(tab.shop_name_edit, "행복한 꽃집")
    tab.business_no_edit.setText("123-45-67890")
    tab.shop_address_edit.setText("서울시 중구 세종대로 1")
    tab.pg_edit.setText("ksnet.2999199999")
    tab.channel_key_edit.setText("channel-key-live")
    tab.tax_mode_combo.setCurrentIndex(tab.tax_mode_combo.findData("tax_free"))
    tab.product_combo.setCurrentIndex(tab.product_combo.findData("digital"))
    tab.counter_id_edit.setText("C02")
    with qtbot.waitSignal(tab.settings_saved, timeout=5000) as saved:
        _save(qtbot, tab)
    new = saved.args[0]
    assert new.shop_name == "행복한 꽃집"
    stored = Settings.load(settings.data_dir)
    assert stored == new
    raw = json.loads((settings.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert raw["pg"] == "ksnet.2999199999"
    assert "imp_secret" not in raw
    assert "다시 시작" in tab.status_label.text()  # pg / channel / counter id apply at the next start
    # defaults apply to the key-in tab at once
    keyin = main_window.keyin_tab
    assert keyin.options.default_tax_free_mode == "tax_free"
    assert keyin.product_combo.currentData() == "digital"
    cashier.type(keyin.amount_edit, "22000")
    assert keyin.tax_free_edit.value() == 22_000


def test_bad_values_are_refused_at_the_field(qtbot: Any, main_window: Any, settings: Settings) -> None:
    tab = main_window.settings_tab
    tab.pg_edit.setText("nice.1234")
    saved: list[object] = []
    tab.settings_saved.connect(saved.append)
    _save(qtbot, tab)
    assert saved == []
    assert "ksnet" in tab.error_text("pg")
    assert not (settings.data_dir / "settings.json").exists()
    tab.pg_edit.setText("ksnet.1234567890")
    tab.counter_id_edit.setText("C-01")
    _save(qtbot, tab)
    assert tab.error_text("pg") == ""
    assert tab.error_text("counter_id")


def test_without_keyring_keys_cannot_be_typed_and_sandbox_is_said(main_window: Any) -> None:
    tab = main_window.settings_tab
    assert not tab.secret_store.available()  # POS_APP_NO_KEYRING=1 in tests
    assert not tab.imp_key_edit.isEnabled()
    assert not tab.imp_secret_edit.isEnabled()
    assert "키링" in tab.keyring_label.text()
    assert "샌드박스" in tab.keyring_label.text()
    assert tab.data_dir_edit.text() == str(main_window.context.settings.data_dir)
    assert tab.data_dir_edit.isReadOnly()


def test_test_connection_against_the_server_in_use(qtbot: Any, main_window: Any) -> None:
    tab = main_window.settings_tab
    with qtbot.waitSignal(tab.connection_tested, timeout=10_000) as tested:
        qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    assert tested.args[0].online is True
    assert "성공" in tab.test_result_label.text()
    assert tab.test_button.isEnabled()


def test_test_connection_reports_refused_keys(
    qtbot: Any, main_window: Any, app_parts: Any, monkeypatch
) -> None:
    # typed keys are tried against the configured PortOne address; here that is the sandbox
    monkeypatch.setenv("POS_APP_PORTONE_BASE_URL", app_parts.sandbox_server.base_url)
    tab = main_window.settings_tab
    tab.imp_key_edit.setEnabled(True)
    tab.imp_secret_edit.setEnabled(True)
    tab.imp_key_edit.setText("wrong_key")
    tab.imp_secret_edit.setText("wrong_secret")
    with qtbot.waitSignal(tab.connection_tested, timeout=10_000) as tested:
        qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    assert tested.args[0].online is False
    assert "실패" in tab.test_result_label.text()


def test_choosing_english_switches_the_window(qtbot: Any, main_window: Any, settings: Settings) -> None:
    tab = main_window.settings_tab
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("en"))
    _save(qtbot, tab)
    qtbot.waitUntil(lambda: main_window.tabs.tabText(4) == "Settings", timeout=5000)
    assert tab.save_button.text() == "Save"
    assert Settings.load(settings.data_dir).language == "en"
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("ko"))
    _save(qtbot, tab)
    qtbot.waitUntil(lambda: main_window.tabs.tabText(4) == "설정", timeout=5000)
