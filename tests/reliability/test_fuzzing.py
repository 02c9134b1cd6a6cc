"""Fuzzing (issue 13, item 6): whatever the cashier types and whatever PortOne answers, the outcome is a
typed result or an error the screen can say — never the crash dialog.

"Never the crash dialog" is checked with the window's own rule: ``describe_error`` (ui/shell/formatting)
is what decides between telling the cashier and sending an exception to the crash hook, so every
exception raised here must be one it turns into text (and the text must not be empty).

* forms: every field of every form (key-in charge, card registration, saved-card charge, external cash
  receipt, refund and delete reasons, amounts, cash receipt identifiers) with arbitrary text — Korean,
  full-width, control characters, lone surrogates, huge numbers;
* server replies: the client's money call and its lookups against a transport that answers anything
  (status, headers, body: bytes, truncated or odd JSON, HTML) or fails as a network does;
* the services: a key-in charge whose PortOne reply is fuzzed ends as a typed ``SaleOutcome`` or a
  ``ServiceError``, and the journal keeps the operation (never silently gone).

Examples per run: ``POS_APP_FUZZ_SCALE`` multiplies them (default 1: about 10,500).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_figures import FIGURES
from rel_world import make_client, service_settings
from requests.adapters import BaseAdapter

from pos_app.domain import Outcome, validate_card_registration, validate_keyed_charge
from pos_app.domain.card import luhn_check_digit
from pos_app.domain.cash_receipt import IDENTIFIER_TYPES, parse_identifier, validate_external_receipt
from pos_app.domain.forms import validate_billing_charge
from pos_app.domain.free_text import parse_cancel_reason
from pos_app.domain.money import parse_won
from pos_app.journal import Journal, MemoryKeyStore
from pos_app.sandbox import cards
from pos_app.services.counter import CounterServices
from pos_app.ui.shell.formatting import describe_error

SCALE = float(os.environ.get("POS_APP_FUZZ_SCALE", "1"))
TODAY = date(2026, 12, 2)
COUNTS: dict[str, int] = {}


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


def fuzz_settings(n: int) -> settings:
    return settings(
        max_examples=examples(n),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def counted(suite: str) -> None:
    COUNTS[suite] = COUNTS.get(suite, 0) + 1
    FIGURES.add("fuzzing", "examples run", sum(COUNTS.values()), "≥ 10000")
    FIGURES.add("fuzzing", f"examples: {suite}", COUNTS[suite])
    FIGURES.add("fuzzing", "crash-dialog outcomes (an error the screen cannot say)", CRASHES[0], "0")


CRASHES = [0]


def outcome_of(call: Callable[[], Any]) -> Any:
    """The call's result, or its exception if the screen can say it; anything else fails the test."""
    try:
        return call()
    except Exception as exc:
        text = describe_error(exc)
        if not text:
            CRASHES[0] += 1
            raise AssertionError(f"the crash dialog would show {type(exc).__name__}: {exc!r}") from exc
        return exc


ANY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec=None, categories=None), max_size=20),  # lone surrogates, controls …
    st.sampled_from(
        ["", " ", "0", "-1", "1e9", "９９９９９", "12,000원", "₩5000", "\\1000", "4518-4200-0000-0007"]
    ),
    st.integers().map(str),
    st.from_regex(r"[0-9０-９ \-/.]{0,24}", fullmatch=True),
)
KEYIN_FIELDS = [
    "amount", "tax_free", "order_name", "buyer_name", "buyer_tel", "buyer_email", "buyer_postcode",
    "card_number", "expiry", "birth", "pwd_2digit", "card_quota", "product_type",
]  # fmt: skip
RECEIPT_FIELDS = [
    "amount", "tax_free", "order_name", "buyer_name", "buyer_tel", "product_type",
    "identifier", "identifier_type", "receipt_type",
]  # fmt: skip


def form_of(fields: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional={f: ANY_TEXT for f in fields})


@fuzz_settings(2500)
@given(form=form_of(KEYIN_FIELDS))
def test_the_keyin_form_takes_anything_typed(form: dict[str, str]) -> None:
    counted("key-in form")
    result = outcome_of(lambda: validate_keyed_charge(form, TODAY))
    if not isinstance(result, Exception):
        assert result.amount > 0
        assert result.card.number.digits.isdigit()


@fuzz_settings(1500)
@given(form=form_of(KEYIN_FIELDS))
def test_the_registration_form_takes_anything_typed(form: dict[str, str]) -> None:
    counted("card registration form")
    outcome_of(lambda: validate_card_registration(form, TODAY))


@fuzz_settings(1000)
@given(
    form=form_of(KEYIN_FIELDS), uid=st.one_of(ANY_TEXT, st.just("C01-cust-0001-20261202T101010101-ab12cd34"))
)
def test_the_saved_card_charge_form_takes_anything_typed(form: dict[str, str], uid: str) -> None:
    counted("saved-card charge form")
    outcome_of(lambda: validate_billing_charge(form, uid))


@fuzz_settings(1000)
@given(form=form_of(RECEIPT_FIELDS))
def test_the_external_receipt_form_takes_anything_typed(form: dict[str, str]) -> None:
    counted("external receipt form")
    merchant_uid = "C01-20261202T101010101-ab12cd34"
    outcome_of(lambda: validate_external_receipt(form, merchant_uid, today=TODAY))


@fuzz_settings(1500)
@given(text=ANY_TEXT, kind=st.sampled_from(IDENTIFIER_TYPES), field=st.sampled_from(["amount", "tax_free"]))
def test_amounts_reasons_and_identifiers_take_anything_typed(text: str, kind: Any, field: str) -> None:
    counted("amounts, reasons, identifiers")
    outcome_of(lambda: parse_won(text, field))
    outcome_of(lambda: parse_cancel_reason(text))
    outcome_of(lambda: parse_identifier(text, kind, today=TODAY))


# --- server replies ---------------------------------------------------------------------------------
PAYMENT_FIELDS = [
    "imp_uid", "merchant_uid", "status", "amount", "cancel_amount", "paid_at", "fail_reason", "customer_uid",
    "card_name",
]  # fmt: skip
TOKEN_BODY = {"code": 0, "message": None, "response": {"access_token": "fuzz", "now": 0, "expired_at": 0}}
BODIES = st.one_of(
    st.binary(max_size=120),
    st.sampled_from([b"", b"{", b'{"code":0', b"<html><body>502 Bad Gateway</body></html>", b"null", b"[]"]),
    st.builds(
        lambda code, message, response: json.dumps(
            {"code": code, "message": message, "response": response}
        ).encode(),
        st.one_of(st.integers(-2, 2), st.text(max_size=3), st.none()),
        st.one_of(st.none(), st.text(max_size=30)),
        st.one_of(
            st.none(),
            st.dictionaries(st.sampled_from(PAYMENT_FIELDS),
                            st.one_of(st.none(), st.integers(), st.text(max_size=12), st.booleans()),
                            max_size=9),
            st.lists(st.integers(), max_size=3),
        ),
    ),
)  # fmt: skip
FAILURES = st.sampled_from(
    [
        None,
        None,
        None,
        requests.ConnectionError,
        requests.ReadTimeout,
        requests.exceptions.ChunkedEncodingError,
    ]
)


class Reply:
    def __init__(
        self, status: int, headers: dict[str, str], body: bytes, failure: type[Exception] | None
    ) -> None:
        self.status, self.headers, self.body, self.failure = status, headers, body, failure


REPLIES = st.builds(
    Reply,
    st.sampled_from([200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504]),
    st.dictionaries(st.sampled_from(["Content-Type", "Content-Length", "Retry-After", "X-Odd"]),
                    st.sampled_from(["application/json", "text/html", "0", "-5", "abc", "\u00e9"]),
                    max_size=3),
    BODIES,
    FAILURES,
)  # fmt: skip


class FuzzAdapter(BaseAdapter):
    """Answers getToken properly and every other request with the reply the example chose."""

    def __init__(self) -> None:
        super().__init__()
        self.reply: Reply | None = None
        self.sent = 0

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:  # type: ignore[override]
        resp = requests.Response()
        resp.request = request
        resp.url = request.url or ""
        if request.url and request.url.endswith("/users/getToken"):
            now = int(time.time())
            body = dict(TOKEN_BODY, response={"access_token": "fuzz", "now": now, "expired_at": now + 1800})
            resp.status_code, resp._content = 200, json.dumps(body).encode()
            resp.headers["Content-Type"] = "application/json"
            return resp
        self.sent += 1
        reply = self.reply
        assert reply is not None
        if reply.failure is not None:
            raise reply.failure("fuzzed network failure")
        resp.status_code, resp._content = reply.status, reply.body
        resp.headers.update(reply.headers)
        return resp

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def fuzz_client() -> Iterator[tuple[Any, FuzzAdapter]]:
    session = requests.Session()
    adapter = FuzzAdapter()
    session.mount("http://", adapter)
    client = make_client("http://portone.fuzz", session, None)
    yield client, adapter
    session.close()


CLIENT_CALLS: dict[str, Callable[[Any], Any]] = {
    "get_payment": lambda c: c.get_payment("imp_000000000001"),
    "find_payment": lambda c: c.find_payment("C01-20261202T101010101-ab12cd34"),
    "get_billing_key": lambda c: c.get_billing_key("C01-cust-0001-20261202T101010101-ab12cd34"),
    "list_payments_by_status": lambda c: c.list_payments_by_status("all", 1_764_600_000, 1_764_686_400),
}


@fuzz_settings(2000)
@given(reply=REPLIES, call=st.sampled_from(sorted(CLIENT_CALLS)))
def test_any_reply_to_a_lookup_is_a_result_or_a_clear_error(
    fuzz_client: tuple[Any, FuzzAdapter], reply: Reply, call: str
) -> None:
    counted("server replies to lookups")
    client, adapter = fuzz_client
    adapter.reply = reply
    outcome_of(lambda: CLIENT_CALLS[call](client))


# --- the services with a fuzzed reply to the money call -------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_services(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CounterServices, Journal, FuzzAdapter]]:
    folder: Path = tmp_path_factory.mktemp("fuzz-services")
    journal = Journal.open(
        folder / "journal.sqlite3", counter_id="FZ", operator="점원", keys=MemoryKeyStore()
    )
    session = requests.Session()
    adapter = FuzzAdapter()
    session.mount("http://", adapter)
    client = make_client("http://portone.fuzz", session, None)
    services = CounterServices(
        client, journal, service_settings("FZ", reconcile_poll_delays=()), sleep=lambda _s: None
    )
    yield services, journal, adapter
    services.stop_waiting()
    journal.close()
    session.close()


SERVICE_OUTCOMES: dict[str, int] = {}
CHARGE_FORM = {
    "order_name": "전화 주문", "buyer_name": "홍길동", "buyer_tel": "010-1234-5678",
    "card_number": cards.APPROVE_CREDIT, "expiry": "12/30", "card_quota": "0", "product_type": "real",
}  # fmt: skip


@fuzz_settings(1000)
@given(reply=REPLIES, amount=st.integers(1_000, 60_000))
def test_a_fuzzed_reply_to_a_charge_ends_as_a_typed_outcome_and_stays_in_the_journal(
    fuzz_services: tuple[CounterServices, Journal, FuzzAdapter], reply: Reply, amount: int
) -> None:
    counted("services: key-in charge with a fuzzed reply")
    services, journal, adapter = fuzz_services
    adapter.reply = reply
    # a fresh card each time: the duplicate guard would (rightly) refuse the same card while one is unknown
    payload = f"5362{len(journal.open_operations()) + sum(SERVICE_OUTCOMES.values()):011d}"
    card = payload + luhn_check_digit(payload)
    order = validate_keyed_charge(dict(CHARGE_FORM, amount=str(amount), card_number=card), TODAY)
    result = outcome_of(lambda: services.charge_keyed_card(order))
    seen = type(result).__name__ if isinstance(result, Exception) else result.outcome.value
    SERVICE_OUTCOMES[seen] = SERVICE_OUTCOMES.get(seen, 0) + 1
    FIGURES.add(
        "fuzzing",
        "fuzzed charges ending as",
        ", ".join(f"{k} {v}" for k, v in sorted(SERVICE_OUTCOMES.items())),
    )
    if isinstance(result, Exception):
        return
    assert isinstance(result.outcome, Outcome)
    row = journal.sale(result.merchant_uid)
    assert row is not None, "the charge was not kept in the journal"
    assert row.amount == amount
