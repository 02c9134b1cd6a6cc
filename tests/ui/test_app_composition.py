"""The composition root: command line, which server is used, where the journal lives, one object each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring_support import MemoryKeyring, installed

from pos_app.app import KEYRING_UNREADABLE, KEYS_MISSING, build_parts, parse_args
from pos_app.config import ApiCredentials, SecretStore, Settings
from pos_app.domain.forms import validate_keyed_charge
from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.services.errors import ServiceError


@pytest.fixture
def keyring_with_keys(monkeypatch: pytest.MonkeyPatch, sandbox: Any) -> Iterator[SecretStore]:
    with installed(monkeypatch, MemoryKeyring()):
        store = SecretStore()
        store.set(ApiCredentials(sandbox.imp_key, sandbox.imp_secret))
        yield store


def test_command_line() -> None:
    args = parse_args(["--sandbox", "--data-dir", "/tmp/x", "--lang", "en"])
    assert args.sandbox
    assert args.data_dir == Path("/tmp/x")
    assert args.lang == "en"
    assert not args.self_test
    assert parse_args([]).lang is None
    with pytest.raises(SystemExit):
        parse_args(["--lang", "ja"])


def test_no_credentials_means_the_in_process_sandbox_and_its_own_journal(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    parts = build_parts(settings, SecretStore(), force_sandbox=False)
    try:
        assert parts.sandbox
        assert parts.base_url.startswith("http://127.0.0.1:")
        assert parts.journal.path == tmp_path / "sandbox" / "journal.sqlite3"
        assert parts.services.is_online
        assert _charge(parts).outcome is Outcome.APPROVED
    finally:
        parts.close()
    assert (tmp_path / "sandbox" / "sandbox-state.json").exists()  # demo sales survive a restart
    assert (tmp_path / "sandbox" / "journal.sqlite3").exists()
    assert not (tmp_path / "journal.sqlite3").exists()  # the shop's real journal is untouched


def _charge(parts: Any) -> Any:
    form = {
        "amount": "15,000", "tax_free": "0", "order_name": "케이크", "buyer_name": "홍길동",
        "buyer_tel": "010-1111-2222", "buyer_email": "", "card_number": APPROVE_CREDIT,
        "expiry": f"12/{(date.today().year + 2) % 100:02d}", "birth": "", "pwd_2digit": "",
        "card_quota": "0", "product_type": "real",
    }  # fmt: skip
    return parts.services.charge_keyed_card(validate_keyed_charge(form, date.today()))


def test_keyring_credentials_mean_the_configured_portone(
    tmp_path: Path, keyring_with_keys: SecretStore, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a "real" configuration pointed at a separate sandbox standing in for api.iamport.kr
    monkeypatch.setenv("POS_APP_PORTONE_BASE_URL", sandbox.base_url)
    settings = Settings.load(tmp_path).with_changes(
        pg="ksnet.2999199999", channel_key="channel-key-sandbox-ksnet"
    )
    sandbox.channel.test_channel = False  # a live channel (the stand-in's default is a test channel)
    parts = build_parts(settings, keyring_with_keys, force_sandbox=False)
    try:
        assert not parts.sandbox
        assert parts.services.settings.live
        assert parts.base_url == sandbox.base_url
        assert parts.journal.path == tmp_path / "journal.sqlite3"
        outcome = _charge(parts)
        assert outcome.outcome is Outcome.APPROVED
        assert sandbox.posts_for(outcome.merchant_uid) == 1
        sent = next(e for e in sandbox.ledger() if e.path == "/subscribe/payments/onetime")
        assert sent.body.get("pg") == "ksnet.2999199999"
    finally:
        parts.close()


def test_a_live_configuration_on_a_test_channel_books_no_money(
    tmp_path: Path, keyring_with_keys: SecretStore, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 11 case 1: `sandbox: true` on the payment is no longer ignored in a live configuration
    monkeypatch.setenv("POS_APP_PORTONE_BASE_URL", sandbox.base_url)
    settings = Settings.load(tmp_path).with_changes(
        pg="ksnet.2999199999", channel_key="channel-key-sandbox-ksnet"
    )
    parts = build_parts(settings, keyring_with_keys, force_sandbox=False)
    try:
        assert parts.live
        assert parts.services.settings.live
        outcome = _charge(parts)
        assert outcome.outcome is Outcome.TEST_PAYMENT
        report = parts.services.close_day(date.today())
        assert (report.paid_count, report.paid_sum) == (0, 0)
        kinds = [d.kind for d in parts.services.diff_day_with_portone(date.today())]
        assert kinds == ["test_payment"]
    finally:
        parts.close()


def test_the_embedded_sandbox_is_not_live(tmp_path: Path) -> None:
    parts = build_parts(Settings.load(tmp_path), SecretStore(), force_sandbox=True)
    try:
        assert not parts.services.settings.live  # demo approvals are the demo's, under the SANDBOX banner
        assert _charge(parts).outcome is Outcome.APPROVED
    finally:
        parts.close()


def test_sandbox_flag_wins_over_stored_credentials(tmp_path: Path, keyring_with_keys: SecretStore) -> None:
    parts = build_parts(Settings.load(tmp_path), keyring_with_keys, force_sandbox=True)
    try:
        assert parts.sandbox
        assert _charge(parts).outcome is Outcome.APPROVED
    finally:
        parts.close()


class LockedKeyring(MemoryKeyring):
    """A keyring that exists but refuses to answer (a locked session keyring, a broken backend)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def locked_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretStore]:
    with installed(monkeypatch, LockedKeyring()):
        yield SecretStore()


def _live_settings(tmp_path: Path) -> Settings:
    return Settings.load(tmp_path).with_changes(pg="ksnet.2999199999", channel_key="channel-key-live")


def test_a_live_shop_whose_keyring_is_locked_opens_offline_never_on_the_sandbox(
    tmp_path: Path, locked_keyring: SecretStore
) -> None:
    parts = build_parts(_live_settings(tmp_path), locked_keyring, force_sandbox=False)
    try:
        assert not parts.sandbox  # approvals on the sandbox would look real while no money moves
        assert parts.client is None
        assert parts.offline_reason == KEYRING_UNREADABLE
        assert parts.journal.path == tmp_path / "journal.sqlite3"  # the shop's own history still opens
        assert not parts.services.is_online
        with pytest.raises(ServiceError):
            _charge(parts)
    finally:
        parts.close()


def test_a_live_shop_without_keys_opens_offline(tmp_path: Path) -> None:
    parts = build_parts(_live_settings(tmp_path), SecretStore(), force_sandbox=False)
    try:
        assert not parts.sandbox
        assert parts.offline_reason == KEYS_MISSING
        assert parts.journal.path == tmp_path / "journal.sqlite3"
    finally:
        parts.close()


def test_a_locked_keyring_on_a_fresh_install_still_means_the_sandbox_only_when_asked(
    tmp_path: Path, locked_keyring: SecretStore
) -> None:
    # no PG configured: whether keys exist cannot be known, so the app says so instead of guessing
    parts = build_parts(Settings.load(tmp_path), locked_keyring, force_sandbox=False)
    try:
        assert not parts.sandbox
        assert parts.offline_reason == KEYRING_UNREADABLE
    finally:
        parts.close()
    flagged = build_parts(Settings.load(tmp_path), locked_keyring, force_sandbox=True)
    try:
        assert flagged.sandbox
        assert flagged.offline_reason is None
    finally:
        flagged.close()
