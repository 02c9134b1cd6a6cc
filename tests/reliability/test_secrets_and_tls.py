"""Secrets and TLS (issue 13, item 7).

* Certificate verification is never turned off: the source of the app and its build is scanned for every
  way Python, requests and urllib3 offer to turn it off.
* An untrusted certificate is a clear network error: against a real TLS server whose certificate no CA
  signed, a lookup and a money call both fail as ``NotSent`` saying the certificate could not be verified
  — the handshake fails before a byte of the request leaves, so a money call was not sent and must not be
  left "unknown" — and the server received no request.
* ``imp_secret``, the access token and the PIN digits are in no file the app writes: the canary scan
  (``test_canary_scan.py``) searches for them with the card data; with no usable keyring there is no
  plaintext fallback (``tests/ui/test_config_secrets_backend.py``, reported in the figures table).
"""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import re
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from rel_figures import FIGURES
from rel_world import make_client, service_settings

from pos_app.domain import validate_keyed_charge
from pos_app.journal import Journal, MemoryKeyStore
from pos_app.portone.errors import NotSent
from pos_app.sandbox import cards
from pos_app.services.counter import CounterServices
from pos_app.ui.shell.formatting import describe_error

REPO = Path(__file__).resolve().parents[2]

# every way to turn certificate checks off in requests / urllib3 / ssl
VERIFY_OFF = [
    re.compile(r"verify\s*=\s*False"),
    re.compile(r"""["']verify["']\s*:\s*False"""),
    re.compile(r"\.verify\s*=\s*(False|0|None)\b"),
    re.compile(r"CERT_NONE"),
    re.compile(r"check_hostname\s*=\s*False"),
    re.compile(r"_create_unverified_context"),
    re.compile(r"disable_warnings"),
    re.compile(r"InsecureRequestWarning"),
    re.compile(r"CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE"),
    re.compile(r"cert_reqs\s*=\s*['\"]?(CERT_NONE|none)", re.IGNORECASE),
]


def test_certificate_verification_is_never_turned_off_in_the_source() -> None:
    files = [p for root in ("pos_app", "build_scripts") for p in (REPO / root).rglob("*.py")]
    files += list((REPO / "build_scripts").rglob("*.spec"))
    assert len(files) > 50
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for pattern in VERIFY_OFF
        if pattern.search(line)
    ]
    FIGURES.add("secrets and TLS", "source files scanned for verification turned off", len(files))
    FIGURES.add("secrets and TLS", "places turning verification off", len(found), "0")
    assert found == []


def test_the_scan_would_see_verification_turned_off() -> None:
    # the examples are put together here, so that this file itself never spells verification off
    off = "False"
    examples = (
        f"s.get(u, verify={off})",
        f'kw = {{"verify": {off}}}',
        f"session.verify = {off}",
        "ctx = ssl." + "_create_unverified_context()",
        "urllib3." + "disable_warnings()",
    )
    for line in examples:
        assert any(p.search(line) for p in VERIFY_OFF), line


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


class _Handler(http.server.BaseHTTPRequestHandler):
    requests_seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests_seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def untrusted_server(tmp_path: Path) -> Iterator[str]:
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *_args: None  # type: ignore[method-assign] - the failed handshakes
    _Handler.requests_seen = []
    thread = threading.Thread(target=server.serve_forever, name="untrusted-tls", daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _order() -> object:
    form = {"amount": "12000", "order_name": "전화 주문", "buyer_name": "홍길동",
            "buyer_tel": "010-1234-5678", "card_number": cards.APPROVE_CREDIT, "expiry": "12/30",
            "card_quota": "0", "product_type": "real"}  # fmt: skip
    return validate_keyed_charge(form, dt.date.today())


def test_an_untrusted_certificate_is_a_clear_network_error_and_nothing_is_sent(
    untrusted_server: str, tmp_path: Path
) -> None:
    session = requests.Session()
    client = make_client(untrusted_server, session, None)
    try:
        with pytest.raises(NotSent) as lookup:
            client.get_payment("imp_000000000001")
        journal = Journal.open(
            tmp_path / "journal.sqlite3", counter_id="TL", operator="점원", keys=MemoryKeyStore()
        )
        services = CounterServices(client, journal, service_settings("TL", reconcile_poll_delays=()))
        try:
            result = services.charge_keyed_card(_order())  # type: ignore[arg-type]
            sale = journal.sale(result.merchant_uid)
            still_open = [op.op_id for op in journal.open_operations()]
        finally:
            services.stop_waiting()
            journal.close()
    finally:
        session.close()
    text = describe_error(lookup.value)
    assert text is not None
    assert "인증서" in text
    assert _Handler.requests_seen == []
    assert result.outcome.value == "not_charged", result
    assert sale is not None
    assert still_open == []  # not sent: nothing to settle, no "unknown" for the cashier
    FIGURES.add(
        "secrets and TLS", "requests that reached an untrusted server", len(_Handler.requests_seen), "0"
    )
