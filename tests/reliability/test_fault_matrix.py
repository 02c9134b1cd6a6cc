"""The fault matrix: every sandbox fault × every money operation, each settled and checked against PortOne.

For each operation (key-in charge, saved-card charge, card registration and deletion, partial and full
refund, a bank transfer's cash receipt and its cancel, an external receipt and its cancel) the case first
makes what it needs without faults, then arms one fault for the operation's own request, runs it as the
cashier would, lets the app settle (the world moves past every window while the background passes run)
and reads the sandbox: how many of the operation's requests PortOne *processed* (its handler ran and
answered code 0 — a 401 after an expired token, a refused duplicate or an unprocessed 5xx do not count),
and the final state. Goals: processed exactly once or not at all, never twice; nothing open; the journal
equal to PortOne's record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rel_figures import FIGURES
from rel_world import SETTLE_TIME_S, Counter, WorldClock, disagreements
from sandbox_support import keyed_order

from pos_app.domain import (
    BillingCharge,
    Buyer,
    ExternalReceiptOrder,
    FieldError,
    FormErrors,
    Outcome,
    validate_card_registration,
)
from pos_app.sandbox import cards
from pos_app.sandbox.faults import FAULT_KINDS, Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.sandbox.wire import Reply
from pos_app.services.counter import CounterServices, ServiceError

EXPIRY = "12/30"


@dataclass
class Case:
    """One operation: what it needs first, the request it sends, how to run it and read its state."""

    name: str
    method: str
    path: str
    prepare: Callable[[Counter, SandboxServer], Any]
    run: Callable[[CounterServices, Any], Any]
    state: Callable[[Counter, Any, Any], Outcome | None]


def _register(counter: Counter, _server: SandboxServer) -> str:
    form = {
        "buyer_name": "박단골",
        "buyer_tel": "010-2222-3333",
        "card_number": cards.APPROVE_CREDIT,
        "expiry": EXPIRY,
        "birth": "880101",
        "pwd_2digit": "12",
    }
    secrets, buyer = validate_card_registration(form, _today(counter))
    result = counter.svc.register_card(secrets, buyer, "카드 등록에 동의합니다")
    assert result.outcome is Outcome.APPROVED
    return result.customer_uid


def _paid_sale(counter: Counter, _server: SandboxServer) -> str:
    result = counter.svc.charge_keyed_card(keyed_order(cards.APPROVE_CHECK, 30_000, expiry=EXPIRY))
    assert result.outcome is Outcome.APPROVED
    return result.merchant_uid


def _transfer(counter: Counter, server: SandboxServer) -> str:
    _transfer.n += 1  # type: ignore[attr-defined]
    merchant_uid = f"bank-fm-{_transfer.n}"  # type: ignore[attr-defined]
    server.make_transfer_payment(merchant_uid, 20_000, "김이체")
    return merchant_uid


_transfer.n = 0  # type: ignore[attr-defined]


def _issued_receipt(counter: Counter, server: SandboxServer) -> str:
    merchant_uid = _transfer(counter, server)
    result = counter.svc.issue_cash_receipt(merchant_uid, "01098765432", "phone", "person")
    assert result.outcome is Outcome.APPROVED
    return result.receipt_id


def _external(merchant_uid: str) -> ExternalReceiptOrder:
    return ExternalReceiptOrder(
        merchant_uid=merchant_uid,
        order_name="현금 판매",
        amount=15_000,
        tax_free=0,
        identifier="01098765432",
        identifier_type="phone",
        receipt_type="person",
        product_type="real",
        buyer=Buyer(name="김현금", tel="010-5555-6666"),
    )


def _issued_external(counter: Counter, _server: SandboxServer) -> str:
    merchant_uid = counter.svc.mint_external_merchant_uid()
    assert counter.svc.issue_external_cash_receipt(_external(merchant_uid)).outcome is Outcome.APPROVED
    return merchant_uid


def _charge(uid: str) -> BillingCharge:
    return BillingCharge(uid, 25_000, 0, "정기 주문", Buyer(name="박단골", tel="010-2222-3333"), 0, "real")


def _sale_state(counter: Counter, _prepared: Any, result: Any) -> Outcome | None:
    row = counter.jr.sale(result.merchant_uid) if result is not None else None
    return row.outcome if row is not None else None


def _cancel_state(counter: Counter, merchant_uid: str, _result: Any) -> Outcome | None:
    rows = counter.jr.cancels_of(merchant_uid)
    return rows[-1].outcome if rows else None


def _card_state(counter: Counter, prepared: Any, result: Any) -> Outcome | None:
    uid = prepared if prepared is not None else (result.customer_uid if result is not None else None)
    row = counter.jr.customer(uid) if uid else None
    if row is None:
        return None
    return Outcome.CANCELLED if row.deleted_at is not None else row.outcome


def _receipt_state(counter: Counter, prepared: Any, result: Any) -> Outcome | None:
    key = result.receipt_id if result is not None else prepared
    rows = counter.jr.receipts_of(key) if key else []
    return rows[-1].outcome if rows else None


CASES = [
    Case(
        "key-in charge",
        "POST",
        "/subscribe/payments/onetime",
        lambda c, s: None,
        lambda svc, _p: svc.charge_keyed_card(keyed_order(cards.APPROVE_CREDIT, 12_000, expiry=EXPIRY)),
        _sale_state,
    ),
    Case(
        "saved-card charge",
        "POST",
        "/subscribe/payments/again",
        _register,
        lambda svc, uid: svc.charge_billing_key(_charge(uid)),
        _sale_state,
    ),
    Case(
        "card registration",
        "POST",
        "/subscribe/customers/",
        lambda c, s: None,
        lambda svc, _p: svc.register_card(
            *validate_card_registration(
                {
                    "buyer_name": "최등록",
                    "buyer_tel": "010-4444-5555",
                    "card_number": cards.APPROVE_SAMSUNG,
                    "expiry": EXPIRY,
                    "birth": "900101",
                    "pwd_2digit": "34",
                },
                _today(None),
            ),
            "카드 등록에 동의합니다",
        ),
        _card_state,
    ),
    Case(
        "card deletion",
        "DELETE",
        "/subscribe/customers/",
        _register,
        lambda svc, uid: svc.delete_billing_key(uid, "고객 요청"),
        _card_state,
    ),
    Case(
        "partial refund",
        "POST",
        "/payments/cancel",
        _paid_sale,
        lambda svc, uid: svc.cancel(uid, 5_000, "부분 반품"),
        _cancel_state,
    ),
    Case(
        "full refund",
        "POST",
        "/payments/cancel",
        _paid_sale,
        lambda svc, uid: svc.cancel(uid, None, "고객 변심"),
        _cancel_state,
    ),
    Case(
        "cash receipt (transfer)",
        "POST",
        "/receipts/imp_",
        _transfer,
        lambda svc, uid: svc.issue_cash_receipt(uid, "01098765432", "phone", "person"),
        _receipt_state,
    ),
    Case(
        "cash receipt cancel",
        "DELETE",
        "/receipts/imp_",
        _issued_receipt,
        lambda svc, receipt_id: svc.cancel_cash_receipt(receipt_id),
        _receipt_state,
    ),
    Case(
        "external receipt",
        "POST",
        "/receipts/external/",
        lambda c, s: c.svc.mint_external_merchant_uid(),
        lambda svc, uid: svc.issue_external_cash_receipt(_external(uid)),
        _receipt_state,
    ),
    Case(
        "external receipt cancel",
        "DELETE",
        "/receipts/external/",
        _issued_external,
        lambda svc, uid: svc.cancel_external_cash_receipt(uid),
        _receipt_state,
    ),
]


def _today(counter: Counter | None) -> Any:
    from datetime import date

    return date.today()


class ProcessedCounter:
    """Wraps the sandbox's handler: counts the requests it processed (code 0) per method and path prefix."""

    def __init__(self, server: SandboxServer) -> None:
        self.seen: list[tuple[str, str]] = []
        original = server.handle

        def handle(
            method: str, path: str, query: dict[str, Any], body: dict[str, Any], headers: Any
        ) -> Reply:
            reply = original(method, path, query, body, headers)
            if reply.status == 200 and reply.body.get("code") == 0:
                self.seen.append((method, path))
            return reply

        server.handle = handle  # type: ignore[method-assign]

    def count(self, method: str, prefix: str, since: int) -> int:
        return sum(1 for m, p in self.seen[since:] if m == method and p.startswith(prefix))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Counter, SandboxServer, WorldClock]]:
    clock = WorldClock()
    server = SandboxServer(clock=clock)
    server.start()
    counter = Counter("FM", tmp_path / "counter", server, clock)
    counter.start()
    try:
        yield counter, server, clock
    finally:
        counter.stop()
        server.stop()


def _settle(counter: Counter, clock: WorldClock) -> None:
    passed = 0.0
    while passed < SETTLE_TIME_S:
        clock.advance(30)
        passed += 30
        counter.svc.settle_due()


def test_every_fault_on_every_money_operation(world: tuple[Counter, SandboxServer, WorldClock]) -> None:
    counter, server, clock = world
    processed = ProcessedCounter(server)
    matrix: dict[tuple[str, str], str] = {}
    twice: list[str] = []
    wrong: list[str] = []
    still_open: list[str] = []
    for case in CASES:
        for kind in FAULT_KINDS:
            prepared = case.prepare(counter, server)
            since = len(processed.seen)
            delay_ms = {"delay": 20, "hang_after_commit": 2_000}.get(kind, 0)
            server.faults.add(Fault(kind=kind, path_prefix=case.path, method=case.method, delay_ms=delay_ms))
            try:
                result = case.run(counter.svc, prepared)
            except (ServiceError, FieldError, FormErrors):
                result = None
            server.faults.clear()
            _settle(counter, clock)
            n = processed.count(case.method, case.path, since)
            state = case.state(counter, prepared, result)
            matrix[(case.name, kind)] = f"{n} · {state.value if state else '-'}"
            where = f"{case.name} × {kind}"
            if n > 1:
                twice.append(where)
            if counter.svc.open_operations() or counter.jr.open_operations():
                still_open.append(where)
            problems = disagreements(server, counter)
            if problems:
                wrong.append(f"{where}: {problems}")
    FIGURES.add(
        "fault matrix", "cases (faults × money operations)", len(matrix), f"≥ {len(FAULT_KINDS) * 10}"
    )
    FIGURES.add("fault matrix", "operations processed twice", len(twice), "0")
    FIGURES.add("fault matrix", "operations processed once", sum(v.startswith("1 ") for v in matrix.values()))
    FIGURES.add(
        "fault matrix", "operations processed not at all", sum(v.startswith("0 ") for v in matrix.values())
    )
    FIGURES.add("fault matrix", "journal ≠ PortOne after settlement", len(wrong), "0")
    FIGURES.add("fault matrix", "operations open after settlement", len(still_open), "0")
    FIGURES.add_table("fault matrix: PortOne-processed requests · final state", _matrix_table(matrix))
    assert not twice, twice
    assert not wrong, wrong
    assert not still_open, still_open


def _matrix_table(matrix: dict[tuple[str, str], str]) -> str:
    lines = ["| operation | " + " | ".join(FAULT_KINDS) + " |", "|---" * (len(FAULT_KINDS) + 1) + "|"]
    for case in CASES:
        lines.append(
            f"| {case.name} | " + " | ".join(matrix.get((case.name, k), "") for k in FAULT_KINDS) + " |"
        )
    return "\n".join(lines)
