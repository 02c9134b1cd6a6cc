"""연결 테스트 and the first-run setup: prove exactly what the owner typed, and name what is wrong.

``keys_to_test`` decides which key and secret a test uses: the ones in the fields, never other keys. An
empty REST API key is an error at its field. An empty secret field is an error too, except when the key
field holds the very key whose secret is already in the OS keyring (the field then says "저장됨"): that
secret is the typed key's own, and the report says it was used.

``run_connection_test`` then asks PortOne, in this order, and says what each step proved:

1. ``POST /users/getToken`` with those keys: a refusal (HTTP 401) names the key and secret as wrong; no
   connection names the network (never the keys); an unreadable reply names PortOne's reply.
2. ``GET /users/pg``: the account's channels. The KSNET key-in channels (``pg_provider == "ksnet"``,
   ``type == "api_payment"``) are the ones a counter can use; none is an error that lists what the
   account does have.
3. The channel: a channel key (the one configured, or picked from step 2) must be in that list and be a
   KSNET key-in channel; a list with one such channel picks it; several ask the owner to pick. A channel
   PortOne marks ``sandbox: true`` is a *test* channel: a warning that no money moves on it.
4. One harmless lookup, ``GET /payments/find/{merchant_uid}`` for an order number that cannot exist:
   PortOne's 404 envelope proves the token may read payments (the call the settlement engine relies on).

Messages are Korean source text for Qt translation (context "SetupCheck") with named placeholders; the
report never holds the secret.
"""

from __future__ import annotations

import secrets as _secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.portone.errors import NotFound, NotSent, PortOneError, Unauthorized
from pos_app.portone.models import Payment, PgSetting, Token

KSNET = "ksnet"
KEY_IN_TYPE = "api_payment"
Level = Literal["ok", "warning", "error"]
Step = Literal["imp_key", "imp_secret", "keys", "pg_list", "channel", "test_channel", "lookup"]

# where the owner finds each value in the PortOne console (API-NOTES §1, §4.1)
WHERE_KEYS = QT_TRANSLATE_NOOP(
    "SetupCheck",
    "PortOne 관리자 콘솔 → 결제연동 → 식별코드·API Keys → V1 API의 'REST API Key'와 'REST API Secret'",
)
WHERE_CHANNEL = QT_TRANSLATE_NOOP(
    "SetupCheck", "PortOne 관리자 콘솔 → 결제연동 → 채널 관리 → KSNET 키인(API 방식) 채널의 채널 정보"
)


class SetupClient(Protocol):
    """The calls the test makes (pos_app.portone.client.PortOneClient has them)."""

    def check_connection(self) -> Token: ...

    def list_pg_settings(self) -> list[PgSetting]: ...

    def find_payment(self, merchant_uid: str, status: str | None = None) -> Payment: ...


@dataclass(frozen=True)
class Finding:
    """One thing the test found. ``field`` names the settings field it is about, if any."""

    step: Step
    level: Level
    message: str  # Korean source text ("SetupCheck"), placeholders in ``params``
    params: Mapping[str, str] = field(default_factory=dict)
    field: str | None = None


@dataclass(frozen=True)
class ChannelChoice:
    """A channel of the account as ``GET /users/pg`` lists it."""

    pg_provider: str
    mid: str
    type: str
    test_channel: bool
    channel_key: str | None = None
    channel_name: str | None = None

    @property
    def pg(self) -> str:
        """The ``pg`` value onetime takes: "ksnet.{MID}"."""
        return f"{self.pg_provider}.{self.mid}"

    @property
    def is_ksnet_key_in(self) -> bool:
        return self.pg_provider == KSNET and self.type == KEY_IN_TYPE

    @classmethod
    def from_pg_setting(cls, pg: PgSetting) -> ChannelChoice:
        return cls(
            pg_provider=pg.pg_provider,
            mid=pg.pg_id,
            type=pg.type,
            test_channel=pg.sandbox,
            channel_key=pg.channel_key or None,
            channel_name=pg.channel_name or None,
        )


@dataclass(frozen=True)
class ConnectionStatus:
    """What a connection probe found: used by the status bar (plain data: any thread may make one)."""

    online: bool
    token_expires_at: float | None = None  # UNIX seconds (server clock)
    message: str | None = None  # PortOne's or the transport's text when not online


@dataclass(frozen=True)
class ConnectionRequest:
    """What the owner typed: the keys to test and the channel key picked (empty: none yet)."""

    imp_key: str
    imp_secret: str = field(repr=False)
    channel_key: str = ""


@dataclass(frozen=True)
class KeysToTest:
    imp_key: str
    imp_secret: str = field(repr=False)
    secret_from_store: bool = False


@dataclass(frozen=True)
class ConnectionReport:
    findings: tuple[Finding, ...]
    # the KSNET key-in channels PortOne listed (empty until the PG list was read)
    channels: tuple[ChannelChoice, ...] = ()
    chosen: ChannelChoice | None = None
    token_lifetime_s: int | None = None  # how long the token PortOne gave is valid, by its own clock
    secret_from_store: bool = False

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == "error")

    @property
    def ok(self) -> bool:
        """Keys accepted, the chosen channel is a KSNET key-in channel of this account, lookups work."""
        return not self.errors and self.chosen is not None

    @property
    def keys_accepted(self) -> bool:
        return any(f.step == "keys" and f.level == "ok" for f in self.findings)

    def field_errors(self) -> dict[str, Finding]:
        """The first error for each settings field an error names."""
        found: dict[str, Finding] = {}
        for finding in self.errors:
            if finding.field is not None:
                found.setdefault(finding.field, finding)
        return found


def _finding(step: Step, level: Level, text: str, field_name: str | None = None, /, **params: str) -> Finding:
    return Finding(step, level, text, params, field_name)


def keys_to_test(
    imp_key: str, imp_secret: str, stored: tuple[str, str] | None
) -> KeysToTest | tuple[Finding, ...]:
    """The key and secret a test uses, or the field errors that stop it before anything is sent.

    ``stored`` is the (key, secret) pair in the keyring, if any.
    """
    key, secret = imp_key.strip(), imp_secret.strip()
    problems: list[Finding] = []
    if not key:
        problems.append(
            _finding(
                "imp_key", "error",
                QT_TRANSLATE_NOOP("SetupCheck", "REST API 키를 입력하세요. 위치: {where}"),
                "imp_key", where=WHERE_KEYS,
            )
        )  # fmt: skip
    elif any(ch.isspace() for ch in key):
        problems.append(
            _finding(
                "imp_key", "error",
                QT_TRANSLATE_NOOP("SetupCheck", "REST API 키에 공백이 들어 있습니다. 콘솔에서 다시 복사하세요."),  # noqa: E501
                "imp_key",
            )
        )  # fmt: skip
    from_store = False
    if not secret and key and stored is not None and stored[0] == key:
        secret, from_store = stored[1], True
    if not secret:
        problems.append(
            _finding(
                "imp_secret", "error",
                QT_TRANSLATE_NOOP("SetupCheck", "REST API 시크릿을 입력하세요. 위치: {where}"),
                "imp_secret", where=WHERE_KEYS,
            )
        )  # fmt: skip
    elif any(ch.isspace() for ch in secret):
        problems.append(
            _finding(
                "imp_secret", "error",
                QT_TRANSLATE_NOOP("SetupCheck", "REST API 시크릿에 공백이 들어 있습니다. 콘솔에서 다시 복사하세요."),  # noqa: E501
                "imp_secret",
            )
        )  # fmt: skip
    if problems:
        return tuple(problems)
    return KeysToTest(key, secret, from_store)


def key_in_channels(pg_settings: Sequence[PgSetting]) -> tuple[ChannelChoice, ...]:
    """The KSNET key-in channels of the account, in PortOne's order."""
    return tuple(c for c in map(ChannelChoice.from_pg_setting, pg_settings) if c.is_ksnet_key_in)


def describe_channel_type(kind: str) -> str:
    """What a ``PgSetting.type`` means, Korean source text ("SetupCheck")."""
    names = {
        KEY_IN_TYPE: QT_TRANSLATE_NOOP("SetupCheck", "키인·API 결제"),
        "payment": QT_TRANSLATE_NOOP("SetupCheck", "결제창(인증) 결제"),
        "certification": QT_TRANSLATE_NOOP("SetupCheck", "본인인증"),
    }
    return names.get(kind, kind)


def run_connection_test(
    client: SetupClient, channel_key: str | None, *, secret_from_store: bool = False, lookup: bool = True
) -> ConnectionReport:
    """Run the steps (see the module docstring) with a client built on the keys to test; ``lookup``
    False leaves out step 4 (the window's own check of the channel in use)."""
    findings: list[Finding] = []

    def report() -> ConnectionReport:
        return ConnectionReport(tuple(findings), secret_from_store=secret_from_store)

    # 1. the keys
    try:
        token = client.check_connection()
    except Unauthorized as exc:
        findings.append(
            _finding(
                "keys", "error",
                QT_TRANSLATE_NOOP(
                    "SetupCheck",
                    "PortOne이 REST API 키 또는 시크릿을 거부했습니다 (HTTP {status}: {message}). "
                    "{where}의 값과 같은지 확인하세요.",
                ),
                "imp_secret", status=str(exc.http_status), message=exc.message, where=WHERE_KEYS,
            )
        )  # fmt: skip
        return report()
    except NotSent as exc:
        findings.append(
            _finding(
                "keys", "error",
                QT_TRANSLATE_NOOP(
                    "SetupCheck",
                    "PortOne에 연결하지 못했습니다 ({detail}). "
                    "인터넷 연결을 확인하세요. 키가 틀렸다는 뜻은 아닙니다.",
                ),
                detail=str(exc),
            )
        )  # fmt: skip
        return report()
    except PortOneError as exc:
        findings.append(
            _finding(
                "keys", "error",
                QT_TRANSLATE_NOOP(
                    "SetupCheck", "PortOne의 답을 읽지 못했습니다 ({detail}). 잠시 뒤 다시 테스트하세요."
                ),
                detail=str(exc),
            )
        )  # fmt: skip
        return report()
    lifetime = token.expired_at - token.now
    if secret_from_store:
        keys_text = QT_TRANSLATE_NOOP(
            "SetupCheck", "API 키와 키링에 저장된 시크릿: PortOne이 받아들였습니다 (토큰 {minutes}분 유효)."
        )
    else:
        keys_text = QT_TRANSLATE_NOOP(
            "SetupCheck", "API 키와 시크릿: PortOne이 받아들였습니다 (토큰 {minutes}분 유효)."
        )
    findings.append(_finding("keys", "ok", keys_text, minutes=str(max(0, lifetime) // 60)))

    # 2. the PG list
    channels: tuple[ChannelChoice, ...] = ()
    everything: tuple[ChannelChoice, ...] = ()
    try:
        listed = client.list_pg_settings()
    except PortOneError as exc:
        findings.append(_pg_list_failure(exc))
    else:
        everything = tuple(ChannelChoice.from_pg_setting(pg) for pg in listed)
        channels = tuple(c for c in everything if c.is_ksnet_key_in)
        findings.append(_pg_list_finding(everything, channels))

    # 3. the channel (only once PortOne's list is known: a key is never judged without it)
    chosen: ChannelChoice | None = None
    if everything or channels:
        chosen = _choose_channel(findings, everything, channels, (channel_key or "").strip())

    # 4. one lookup that proves the token may read payments
    if lookup:
        findings.append(_lookup_finding(client))
    return ConnectionReport(
        tuple(findings),
        channels=channels,
        chosen=chosen,
        token_lifetime_s=lifetime,
        secret_from_store=secret_from_store,
    )


def _pg_list_failure(exc: PortOneError) -> Finding:
    if isinstance(exc, Unauthorized):
        text = QT_TRANSLATE_NOOP(
            "SetupCheck",
            "키는 맞지만 PortOne이 PG 목록을 보여 주지 않았습니다 (HTTP {status}: {message}). "
            "콘솔에서 이 API 키의 권한을 확인하세요.",
        )
        return _finding("pg_list", "error", text, status=str(exc.http_status), message=exc.message)
    text = QT_TRANSLATE_NOOP("SetupCheck", "PG 목록을 읽지 못했습니다 ({detail}). 잠시 뒤 다시 테스트하세요.")
    return _finding("pg_list", "error", text, detail=str(exc))


def _pg_list_finding(everything: tuple[ChannelChoice, ...], channels: tuple[ChannelChoice, ...]) -> Finding:
    if channels:
        text = QT_TRANSLATE_NOOP("SetupCheck", "PG 목록: KSNET 키인 채널 {count}개를 찾았습니다.")
        return _finding("pg_list", "ok", text, count=str(len(channels)))
    if not everything:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck",
            "이 PortOne 계정에는 PG 채널이 하나도 없습니다. "
            "{where}에서 KSNET 키인(API 방식) 채널을 추가하세요.",
        )
        return _finding("pg_list", "error", text, "channel_key", where=WHERE_CHANNEL)
    listing = ", ".join(f"{c.pg_provider} ({describe_channel_type(c.type)})" for c in everything)
    text = QT_TRANSLATE_NOOP(
        "SetupCheck",
        "이 계정에는 KSNET 키인 채널이 없습니다. PortOne이 알려 준 채널: {listing}. "
        "{where}에서 KSNET 키인(API 방식) 채널을 추가하세요.",
    )
    return _finding("pg_list", "error", text, "channel_key", listing=listing, where=WHERE_CHANNEL)


def _choose_channel(
    findings: list[Finding],
    everything: tuple[ChannelChoice, ...],
    channels: tuple[ChannelChoice, ...],
    channel_key: str,
) -> ChannelChoice | None:
    chosen: ChannelChoice | None = None
    if channel_key:
        named = next((c for c in everything if c.channel_key == channel_key), None)
        if named is None:
            text = QT_TRANSLATE_NOOP(
                "SetupCheck",
                "채널 키 {key}는 이 계정의 채널 목록에 없습니다. "
                "목록에서 KSNET 키인 채널을 고르세요 ({where}).",
            )
            findings.append(
                _finding("channel", "error", text, "channel_key", key=channel_key, where=WHERE_CHANNEL)
            )
            return None
        if not named.is_ksnet_key_in:
            text = QT_TRANSLATE_NOOP(
                "SetupCheck",
                "채널 키 {key}는 {provider} {kind} 채널입니다. "
                "키인 결제에는 KSNET 키인(API 방식) 채널이 필요합니다.",
            )
            findings.append(
                _finding(
                    "channel", "error", text, "channel_key",
                    key=channel_key, provider=named.pg_provider, kind=describe_channel_type(named.type),
                )
            )  # fmt: skip
            return None
        chosen = named
    elif len(channels) == 1:
        chosen = channels[0]
    elif channels:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck", "KSNET 키인 채널이 {count}개 있습니다. 쓸 채널을 목록에서 고르세요."
        )
        findings.append(_finding("channel", "warning", text, "channel_key", count=str(len(channels))))
        return None
    else:
        return None
    if not chosen.channel_key:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck",
            "PortOne 목록에 채널 {mid}의 채널 키가 없습니다. 카드 등록과 현금영수증에 채널 키가 필요합니다. "
            "{where}를 확인하세요.",
        )
        findings.append(
            _finding("channel", "error", text, "channel_key", mid=chosen.mid, where=WHERE_CHANNEL)
        )
        return None
    text = QT_TRANSLATE_NOOP("SetupCheck", "채널: KSNET · 상점아이디(MID) {mid} · {name}")
    findings.append(
        _finding("channel", "ok", text, mid=chosen.mid, name=chosen.channel_name or chosen.channel_key)
    )
    if chosen.test_channel:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck",
            "테스트 채널입니다: 이 채널의 결제는 승인처럼 보여도 실제 돈이 움직이지 않습니다. "
            "실제 결제를 받으려면 PortOne 콘솔에서 실연동 채널을 만들어 고르세요.",
        )
        findings.append(_finding("test_channel", "warning", text, "channel_key"))
    return chosen


def unguessable_merchant_uid() -> str:
    """An order number no shop has used: the lookup that must come back as PortOne's 404."""
    return f"pos-conncheck-{_secrets.token_hex(10)}"


def _lookup_finding(client: SetupClient) -> Finding:
    merchant_uid = unguessable_merchant_uid()
    try:
        payment = client.find_payment(merchant_uid)
    except NotFound:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck",
            "결제 조회: 없는 주문번호를 물었더니 PortOne이 '결제정보 없음'으로 답했습니다 (조회 권한 확인).",
        )
        return _finding("lookup", "ok", text)
    except Unauthorized as exc:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck",
            "결제를 조회할 권한이 없습니다 (HTTP {status}: {message}). 콘솔에서 API 키의 권한을 확인하세요.",
        )
        return _finding("lookup", "error", text, status=str(exc.http_status), message=exc.message)
    except PortOneError as exc:
        text = QT_TRANSLATE_NOOP(
            "SetupCheck", "결제 조회가 되지 않았습니다 ({detail}). 잠시 뒤 다시 테스트하세요."
        )
        return _finding("lookup", "error", text, detail=str(exc))
    text = QT_TRANSLATE_NOOP(
        "SetupCheck",
        "결제 조회: 있을 수 없는 주문번호 {uid}에 PortOne이 "
        "결제({status})를 돌려주었습니다. 서버 주소를 확인하세요.",
    )
    return _finding("lookup", "error", text, uid=merchant_uid, status=payment.status)
