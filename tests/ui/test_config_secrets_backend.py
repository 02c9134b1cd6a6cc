"""SecretStore's backend choice: only this platform's keyring backend is loaded, never a plaintext one.

Run in child interpreters with a private home, so the developer's keyring configuration, D-Bus session
and already-imported modules cannot change the answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import json, sys\n"
    "from pos_app.config import SecretStore, SecretStoreUnavailable\n"
    "store = SecretStore()\n"
    "reason = store.unavailable_reason()\n"
    "refused = False\n"
    "try:\n"
    "    store.set(__import__('pos_app.config', fromlist=['ApiCredentials']).ApiCredentials('k', 's'))\n"
    "except SecretStoreUnavailable:\n"
    "    refused = True\n"
    "print(json.dumps({'reason': reason, 'refused': refused, 'read': store.get() is None,\n"
    "    'modules': sorted(m for m in sys.modules if m.split('.')[0] in ('cryptography', 'secretstorage',\n"
    "        'jeepney', 'keyring'))}))\n"
)


def probe(tmp_path: Path, **env: str) -> dict[str, object]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("POS_APP_NO_KEYRING", "PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS")
        and not k.startswith("XDG_")
    }
    clean.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), **env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    result: dict[str, object] = json.loads(out.splitlines()[-1])
    return result


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Secret Service is Linux's keyring")
def test_without_a_dbus_session_there_is_no_keyring_and_cryptography_is_not_loaded(tmp_path: Path) -> None:
    found = probe(tmp_path)
    assert found["reason"] is not None
    assert "D-Bus" in str(found["reason"])
    assert found["refused"] is True  # no plaintext fallback: the key is not stored anywhere
    assert found["read"] is True
    modules = list(found["modules"])  # type: ignore[call-overload]
    assert not [m for m in modules if m.split(".")[0] in ("cryptography", "secretstorage", "jeepney")]
    # the scan of every backend is not run (it loads e.g. the macOS backend, which runs ldconfig here)
    assert not [m for m in modules if m.startswith("keyring.backends.") and m != "keyring.backends.fail"]


def test_a_configured_null_backend_is_refused_like_no_keyring(tmp_path: Path) -> None:
    found = probe(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert "no keyring backend" in str(found["reason"])
    assert found["refused"] is True


def test_a_configured_backend_is_honoured_and_its_refusals_apply(tmp_path: Path) -> None:
    # the user's keyringrc.cfg names the fail backend: keyring's own lookup is used, and it is refused
    config = tmp_path / "config" / "python_keyring"
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n")
    found = probe(tmp_path, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    assert "keyring.backends.fail" in str(found["reason"])
    assert found["refused"] is True
