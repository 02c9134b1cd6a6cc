"""The world the recurring-plan tests run in: the sandbox, one fake clock for the PC, the services and the
client (so a month can pass in a line), and a witness that checks every request and reply on the wire
against PortOne's official schema.

``World.pass_time(s)`` moves the PC's wall clock, the monotonic clock (the services' and the client's,
so PortOne's clock as the client estimates it moves too) and the sandbox clock together; schedules whose
time has come run in the sandbox at once. Dates are the shop's (Asia/Seoul).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import requests
from sandbox_support import FakeClock

from pos_app.domain import validate_card_registration
from pos_app.domain.plans import PlanTerms, validate_plan
from pos_app.journal import Journal
from pos_app.portone.client import ChannelConfig, PortOneClient, Timeouts
from pos_app.sandbox.cards import APPROVE_SAMSUNG
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG, SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings

KST = ZoneInfo("Asia/Seoul")
COUNTER = "C01"
SANDBOX_ADMIN = "/__sandbox__/"


def _portone_schema() -> ModuleType:
    """tests/portone/portone_schema.py (the official schema as a validator), loaded by its path."""
    path = Path(__file__).resolve().parents[1] / "portone" / "portone_schema.py"
    spec = importlib.util.spec_from_file_location("plan_tests_portone_schema", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCHEMA = _portone_schema()


@dataclass
class SchemaWitness:
    """A ``requests`` response hook: every request to PortOne (schedules, and the token, billing-key and
    payment lookups around them) is checked against the parameters the schema declares for it, and every
    reply that has a schema definition is validated against it."""

    replies: list[tuple[str, str, int]] = field(default_factory=list)  # (method, template, status)
    problems: list[str] = field(default_factory=list)

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if not SCHEMA.schema_available():
            return  # no ../shared here: the plans are still tested, the wire against the schema is not
        request = response.request
        url = urlparse(str(request.url))
        if url.path.startswith(SANDBOX_ADMIN):
            return  # the test's own hand on the sandbox (its clock, faults), not PortOne's API
        method = str(request.method)
        try:
            template = SCHEMA.endpoint(method, url.path)
        except AssertionError as exc:  # the app called something PortOne does not have
            self.problems.append(str(exc))
            return
        body = json.loads(request.body) if request.body else None
        self.problems += SCHEMA.request_problems(method, url.path, parse_qs(url.query), body)
        replies = SCHEMA._paths()[template][method.lower()]["responses"]
        shape = replies.get(str(response.status_code), {}).get("schema")
        if not shape or "$ref" not in shape:
            return
        try:
            payload = response.json()
        except ValueError:
            return  # a fault's HTML page or cut body: nothing of PortOne's to check
        try:
            SCHEMA.validate(shape["$ref"].rsplit("/", 1)[-1], payload)
        except Exception as exc:  # jsonschema.ValidationError, reported with the endpoint
            self.problems.append(f"{method} {template} {response.status_code}: {exc}")
        self.replies.append((method, template, response.status_code))


@dataclass
class World:
    server: SandboxServer
    clock: FakeClock
    session: requests.Session
    journal_path: Path
    witness: SchemaWitness
    journal: Journal = field(init=False)
    client: PortOneClient = field(init=False)
    services: CounterServices = field(init=False)
    settings: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.open()

    # --- the program's parts ------------------------------------------------------------------
    def open(self) -> None:
        """Start (or restart) the program on the same journal file and sandbox."""
        self.journal = Journal.open(self.journal_path, counter_id=COUNTER, operator="owner", clock=self.clock)
        self.client = PortOneClient(
            self.session,
            self.server.base_url,
            self.server.imp_key,
            self.server.imp_secret,
            channel=ChannelConfig(pg=DEMO_PG, channel_key=DEMO_CHANNEL_KEY),
            timeouts=Timeouts(connect=2.0, money_read=0.6, lookup_read=5.0),
            sleep=lambda _s: None,
            lookup_retries=1,
            backoff_s=0.0,
            monotonic=self.clock.monotonic,
        )
        values: dict[str, Any] = {
            "counter_id": COUNTER,
            "timezone": KST,
            "reconcile_poll_delays": (1.0, 2.0, 4.0),
        }
        values.update(self.settings)
        self.services = CounterServices(
            self.client,
            self.journal,
            ServiceSettings(**values),
            clock=self.clock,
            sleep=self.clock.sleep,
            monotonic=self.clock.monotonic,
        )

    def close(self) -> None:
        """The program exits: polling stops, the journal is closed (open operations stay in it)."""
        self.services.stop_waiting()
        self.journal.close()

    def restart(self) -> None:
        self.close()
        self.open()

    # --- time -------------------------------------------------------------------------------------
    def pass_time(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.server.advance_clock(seconds)

    def go_to(self, when: datetime) -> None:
        """Both clocks to ``when`` (never backwards)."""
        step = when.timestamp() - self.server.now()
        assert step >= 0, f"the sandbox clock is already past {when}"
        self.pass_time(step)

    def today(self) -> date:
        return datetime.fromtimestamp(self.server.now(), KST).date()

    def at(self, day: date, hour: int = 10, minute: int = 0) -> int:
        return int(datetime.combine(day, time(hour, minute), tzinfo=KST).timestamp())

    # --- the shop's actions -------------------------------------------------------------------
    def register(self, card: str = APPROVE_SAMSUNG, name: str = "김단골", tel: str = "010-5555-7777") -> str:
        form = {
            "card_number": card,
            "expiry": "03/31",
            "birth": "900101",
            "pwd_2digit": "12",
            "buyer_name": name,
            "buyer_tel": tel,
            "buyer_email": "",
        }
        secrets, buyer = validate_card_registration(form, date.today())
        result = self.services.register_card(secrets, buyer, "고객이 정기결제를 위해 카드 등록에 동의함")
        assert result.registered, result.message
        return result.customer_uid

    def terms(self, customer_uid: str, **form: str) -> PlanTerms:
        tomorrow = self.today() + timedelta(days=1)
        values = {
            "amount": "30000",
            "tax_free": "0",
            "order_name": "꽃 정기배송",
            "product_type": "real",
            "buyer_name": "김단골",
            "buyer_tel": "010-5555-7777",
            "plan_kind": "monthly",
            "plan_day": str(tomorrow.day),
            "plan_start": tomorrow.isoformat(),
            "plan_end_kind": "none",
            "plan_time": "10:00",
        }
        values.update(form)
        return validate_plan(values, customer_uid, self.today())

    def replace_card_at_portone(self, customer_uid: str, card: str) -> None:
        """What the PortOne console would do: the billing key ``customer_uid`` now charges ``card``."""
        token = self.client.token().access_token
        dashed = "-".join(card[i : i + 4] for i in range(0, 16, 4))
        reply = self.session.post(
            f"{self.server.base_url}/subscribe/customers/{customer_uid}",
            json={
                "card_number": dashed,
                "expiry": "2031-03",
                "birth": "900101",
                "pwd_2digit": "12",
                "channel_key": DEMO_CHANNEL_KEY,
            },
            headers={"Authorization": token},
            timeout=5,
        )
        assert reply.json()["code"] == 0, reply.text

    def schedules_at_portone(self, customer_uid: str) -> list[Any]:
        """Every schedule PortOne holds for the card over the next year and the last month."""
        now = int(self.server.now())
        return self.client.list_customer_schedules(customer_uid, now - 31 * 86_400, now + 366 * 86_400)


def make_world(server: SandboxServer, clock: FakeClock, tmp: Path, **settings: Any) -> World:
    witness = SchemaWitness()
    session = requests.Session()
    session.hooks["response"].append(witness)
    return World(server, clock, session, tmp / "journal.sqlite3", witness, settings=settings)
