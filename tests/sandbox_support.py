"""Helpers shared by the test folders that run against the embedded sandbox (services, e2e, portone).

A ``PortOneClient`` on a started ``SandboxServer``; fake time whose ``sleep`` only moves the clock, so
polling with backoff costs no wall time while "404 for long enough" still needs the clock to pass
``not_charged_after_s`` (it starts at the real time so it stays comparable with the journal's own
timestamps); a validated key-in order; and the journal intent and PortOne request a test seeds directly,
as the services would have left them, without going through the services.

It lives at the top of ``tests`` because pytest puts that folder (the root conftest's) on ``sys.path``
for every test folder, so each can import it by name.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import requests

from pos_app.domain import KeyedCharge, validate_keyed_charge
from pos_app.journal import SaleIntent
from pos_app.portone.client import ChannelConfig, PortOneClient, Timeouts
from pos_app.portone.models import OnetimeRequest
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG, SandboxServer

# short enough that a hung reply turns into UNKNOWN quickly, long enough for a loaded CI machine
MONEY_READ_S = 0.6


@dataclass
class FakeClock:
    """The PC's wall clock (``__call__``) and a monotonic clock (``monotonic``) that real time moves
    together (``sleep``, ``advance``); ``step_wall`` moves the PC clock alone, as Windows time sync does."""

    now_s: float = field(default_factory=time.time)
    slept: list[float] = field(default_factory=list)
    mono_s: float = 10_000.0

    def __call__(self) -> float:
        return self.now_s

    def monotonic(self) -> float:
        return self.mono_s

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now_s += seconds
        self.mono_s += seconds

    def advance(self, seconds: float) -> None:
        self.now_s += seconds
        self.mono_s += seconds

    def step_wall(self, seconds: float) -> None:
        self.now_s += seconds


def make_client(
    server: SandboxServer,
    session: requests.Session,
    *,
    money_read: float = MONEY_READ_S,
    lookup_read: float = 5.0,
    lookup_retries: int = 1,
    backoff_s: float = 0.0,
) -> PortOneClient:
    """A client on the sandbox's channel that never really sleeps (retries back off in zero time)."""
    return PortOneClient(
        session,
        server.base_url,
        server.imp_key,
        server.imp_secret,
        channel=ChannelConfig(pg=DEMO_PG, channel_key=DEMO_CHANNEL_KEY),
        timeouts=Timeouts(connect=2.0, money_read=money_read, lookup_read=lookup_read),
        sleep=lambda _s: None,
        lookup_retries=lookup_retries,
        backoff_s=backoff_s,
    )


def keyed_form(card_number: str, amount: int = 12_000, **extra: str) -> dict[str, str]:
    form = {
        "amount": f"{amount}",
        "tax_free": "0",
        "order_name": "전화 주문",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "",
        "buyer_postcode": "",
        "card_number": card_number,
        "expiry": "12/30",
        "birth": "900101",
        "pwd_2digit": "12",
        "card_quota": "0",
        "product_type": "real",
    }
    form.update(extra)
    return form


def keyed_order(card_number: str, amount: int = 12_000, **extra: str) -> KeyedCharge:
    return validate_keyed_charge(keyed_form(card_number, amount, **extra), date.today())


def dashed(card_number: str) -> str:
    """``4518420000000007`` → ``4518-4200-0000-0007``, the form the onetime call takes."""
    return "-".join(card_number[i : i + 4] for i in range(0, 16, 4))


def seed_sale_intent(merchant_uid: str, amount: int, *, buyer_tel: str = "010-1234-5678") -> SaleIntent:
    """A key-in sale intent as ``charge_keyed_card`` commits it before sending (card 4518 42…0007)."""
    return SaleIntent(
        merchant_uid=merchant_uid,
        sale_id=merchant_uid,
        kind="keyin",
        amount=amount,
        tax_free=0,
        order_name="전화 주문",
        card_hint="451842******0007",
        card_company="신한카드",
        buyer_name="홍길동",
        buyer_tel=buyer_tel,
    )


def seed_onetime(
    merchant_uid: str,
    amount: int,
    card: str = APPROVE_CREDIT,
    *,
    name: str = "전화 주문",
    buyer_name: str = "홍길동",
    buyer_tel: str = "010-1234-5678",
) -> OnetimeRequest:
    """The key-in charge to send straight to the sandbox (number and expiry only, as KSNET allows)."""
    return OnetimeRequest(
        merchant_uid=merchant_uid,
        amount=amount,
        tax_free=0,
        name=name,
        card_number=dashed(card),
        expiry="2031-07",
        birth=None,
        pwd_2digit=None,
        buyer_name=buyer_name,
        buyer_tel=buyer_tel,
        buyer_email="",
        card_quota=0,
        product_type="real",
    )
