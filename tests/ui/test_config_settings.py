"""Settings: JSON round trip in the data folder, forgiving load, validation, no secrets in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.config import ApiCredentials, SecretStore, SecretStoreUnavailable, Settings, SettingsError
from pos_app.config.paths import default_data_dir


def test_defaults_when_no_file(tmp_path: Path) -> None:
    s = Settings.load(tmp_path)
    assert s.data_dir == tmp_path
    assert s.language == "ko"
    assert s.counter_id == "C01"
    assert s.default_tax_free_mode == "taxable"


def test_round_trip_keeps_korean_and_omits_data_dir(tmp_path: Path) -> None:
    s = Settings.load(tmp_path).with_changes(
        shop_name="행복한 꽃집",
        business_no="123-45-67891",
        operator="김철수",
        pg="ksnet.2999199999",
        channel_key="channel-key-abc",
        language="en",
        default_tax_free_mode="tax_free",
        default_product_type="digital",
        counter_id="C07",
    )
    s.save()
    raw = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert raw["shop_name"] == "행복한 꽃집"
    assert "data_dir" not in raw
    assert not any("secret" in k or "imp_key" in k for k in raw)
    assert Settings.load(tmp_path) == s


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pg": "nice.123"}, "pg"),
        ({"pg": "ksnet."}, "pg"),
        ({"counter_id": "C-01"}, "counter_id"),
        ({"counter_id": ""}, "counter_id"),
        ({"language": "ja"}, "language"),
        ({"business_no": "12345"}, "business_no"),
        ({"business_no": "123-45-67890"}, "business_no"),  # ten digits, wrong check digit
        ({"pg": "ksnet.2999199999", "channel_key": ""}, "channel_key"),  # a PG comes with its channel
        ({"channel_key": "channel-key-abc"}, "channel_key"),  # … and a channel key with its PG
        ({"pg": "ksnet.1", "channel_key": "c" * 56}, "channel_key"),  # the schema's 55 characters
        ({"duplicate_window_s": -1}, "duplicate_window_s"),
        ({"channel_key": "has space"}, "channel_key"),
    ],
)
def test_save_refuses_bad_values_and_names_the_field(tmp_path: Path, change: dict, field: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.load(tmp_path).with_changes(**change).save()
    assert info.value.field == field
    assert not (tmp_path / "settings.json").exists()


def test_the_business_number_check_digit_is_the_domain_rule(tmp_path: Path) -> None:
    from pos_app.domain.business_number import business_number_check_digit

    good = "220811" + "234" + business_number_check_digit("220811234")
    Settings.load(tmp_path).with_changes(business_no=f"{good[:3]}-{good[3:5]}-{good[5:]}").save()
    assert Settings.load(tmp_path).business_no == f"{good[:3]}-{good[3:5]}-{good[5:]}"
    bad = good[:9] + str((int(good[9]) + 1) % 10)
    with pytest.raises(SettingsError) as info:
        Settings.load(tmp_path).with_changes(business_no=bad).validated()
    assert "검증번호" in info.value.message


def test_the_picked_channel_is_kept_with_portones_test_flag(tmp_path: Path) -> None:
    s = Settings.load(tmp_path).with_changes(
        pg="ksnet.2999199999", channel_key="channel-key-x", channel_name="KSNET 키인결제", channel_test=True
    )
    s.save()
    loaded = Settings.load(tmp_path)
    assert loaded.channel_test is True
    assert loaded.mid == "2999199999"
    assert loaded.live_channel_configured
    # a stray non-bool is not read as "test channel": only the value PortOne gave, a bool
    raw = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    raw["channel_test"] = 1
    (tmp_path / "settings.json").write_text(json.dumps(raw), encoding="utf-8")
    assert Settings.load(tmp_path).channel_test is False


def test_load_ignores_unknown_keys_and_resets_only_bad_values(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(
        json.dumps({"shop_name": "가게", "pg": "bogus", "duplicate_window_s": True, "extra": 1}),
        encoding="utf-8",
    )
    s = Settings.load(tmp_path)
    assert s.shop_name == "가게"
    assert s.pg == ""
    assert s.duplicate_window_s == 600


def test_broken_file_is_kept_aside_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    s = Settings.load(tmp_path)
    assert s == Settings(data_dir=tmp_path)
    kept = list(tmp_path.glob("settings.json.broken-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "{not json"


def test_default_data_dir_is_per_user_and_named_after_the_app() -> None:
    assert "pos_app" in str(default_data_dir())


def test_secret_store_is_unavailable_without_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POS_APP_NO_KEYRING", "1")
    store = SecretStore()
    assert not store.available()
    assert store.get() is None
    with pytest.raises(SecretStoreUnavailable):
        store.set(ApiCredentials("k", "s"))


def test_secret_store_uses_the_keyring_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring_support import MemoryKeyring, installed

    with installed(monkeypatch, MemoryKeyring()):
        store = SecretStore()
        assert store.available()
        assert store.get() is None
        store.set(ApiCredentials("key-1", "secret-1"))
        assert store.get() == ApiCredentials("key-1", "secret-1")
        assert "secret-1" not in repr(store.get())
        store.clear()
        assert store.get() is None
