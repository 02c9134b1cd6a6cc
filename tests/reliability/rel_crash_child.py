"""The counter in a child process, for the crash matrix: a fork server and the work each case does.

Started once per matrix (``python rel_crash_child.py``), it imports the services, the journal and the
client, then waits for cases on stdin, one JSON object a line. For each it forks: the fork sets
``POS_APP_CRASH_AT`` when the case names a crash point, does the case's work against the standalone
sandbox and exits 0 — unless a crash point or the parent's SIGKILL ends it first. The server answers
``{"id", "pid"}`` when the fork is running (the parent may kill that pid) and ``{"id", "status"}`` when it
has ended (the exit code, or minus the signal). Forking saves the ~0.5 s of imports per case; the server
itself never opens a journal or a socket, so each fork starts clean.

The work (``kind``):

* ``workload``: open the counter's journal (its key in a file beside it, standing for the OS keyring),
  reconcile, then a seeded sequence of money operations — key-in charges with approving, declining and
  PG-timeout cards, card registration, charge again, partial and full refunds, a bank transfer's cash
  receipt and its cancel, external receipts and their cancels, card deletion — some meeting a sandbox
  fault first; the in-call settlement makes one lookup only, so lost answers stay open for later;
* ``reconcile``: open the journal and run the start-up reconciliation (after a crash left operations
  open and the parent moved PortOne's clock past their windows);
* ``upgrade``: open a journal of an older format (the upgrade runs inside ``Journal.open``).

With ``count_points`` the fork counts every crash point it passes and writes the counts to the result
file, so the parent can choose *which* passage of a point to kill at.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import sys
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from rel_transport import crash_point_session  # noqa: E402
from rel_world import make_client, service_settings  # noqa: E402

from pos_app.domain import (  # noqa: E402
    BillingCharge,
    Buyer,
    ExternalReceiptOrder,
    FieldError,
    FormErrors,
    Outcome,
    crashpoints,
    validate_card_registration,
    validate_keyed_charge,
)
from pos_app.journal import FileKeyStore, Journal  # noqa: E402
from pos_app.journal.records import MONEY_TAKEN, HistoryFilter  # noqa: E402
from pos_app.sandbox import cards  # noqa: E402
from pos_app.services.counter import CounterServices, ServiceError  # noqa: E402

OPERATIONS = (
    "keyin_approve",
    "keyin_approve",
    "keyin_decline",
    "keyin_late",
    "register",
    "again",
    "refund_partial",
    "refund_full",
    "transfer_receipt",
    "receipt_cancel",
    "external_receipt",
    "external_cancel",
    "delete_card",
)
# faults that leave an answer lost (processed or not): the operation stays open for the settlement
FAULTS = ("reset_before", "reset_after", "hang_after_commit", "http_504", "truncated", "http_502")
EXPIRY = "12/30"


def open_counter(case: dict[str, Any]) -> tuple[Journal, CounterServices, requests.Session]:
    folder = Path(case["folder"])
    journal = Journal.open(
        folder / "journal.sqlite3",
        counter_id=case["counter"],
        operator="점원",
        keys=FileKeyStore(folder / "keys"),
    )
    if not journal.health.ok:
        raise RuntimeError(f"journal refused: {journal.health.problems}")
    session = crash_point_session()
    client = make_client(case["base_url"], session, None, money_read=0.4, lookup_read=2.0)
    services = CounterServices(client, journal, service_settings(case["counter"], reconcile_poll_delays=()))
    return journal, services, session


def run_workload(case: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(case["seed"])
    admin = requests.Session()
    journal, services, session = open_counter(case)
    services.reconcile()
    done: list[str] = []
    for step in range(case.get("operations", 7)):
        operation = rng.choice(OPERATIONS)
        if rng.random() < case.get("fault_rate", 0.25):
            kind = rng.choice(FAULTS)
            admin.post(
                case["base_url"] + "/__sandbox__/faults",
                json={
                    "kind": kind,
                    "path_prefix": "/",
                    "method": "POST" if rng.random() < 0.8 else None,
                    "delay_ms": 1_500 if kind == "hang_after_commit" else 0,
                },
                timeout=5,
            )
        with contextlib.suppress(ServiceError, FieldError, FormErrors):
            _operation(services, journal, operation, rng, case, step)
        requests.delete(case["base_url"] + "/__sandbox__/faults", timeout=5)
        done.append(operation)
    journal.close()
    session.close()
    admin.close()
    return {"operations": done}


def _operation(
    services: CounterServices,
    journal: Journal,
    operation: str,
    rng: random.Random,
    case: dict[str, Any],
    step: int,
) -> None:
    amount = rng.choice((10_000, 12_000, 33_000))
    if operation.startswith("keyin"):
        card = {
            "keyin_approve": rng.choice((cards.APPROVE_CREDIT, cards.APPROVE_CHECK)),
            "keyin_decline": rng.choice((cards.DECLINE_LIMIT, cards.DECLINE_SUSPENDED)),
            "keyin_late": rng.choice((cards.LATE_APPROVAL, cards.PG_TIMEOUT_NOT_CHARGED)),
        }[operation]
        services.charge_keyed_card(_keyed(card, amount))
    elif operation == "register":
        secrets, buyer = validate_card_registration(
            {
                "buyer_name": "박단골",
                "buyer_tel": "010-2222-3333",
                "card_number": cards.APPROVE_SAMSUNG,
                "expiry": EXPIRY,
                "birth": "880101",
                "pwd_2digit": "12",
            },
            date.today(),
        )
        services.register_card(secrets, buyer, "카드 등록에 동의합니다")
    elif operation in ("again", "delete_card"):
        active = [c for c in journal.find_customers("") if c.active]
        if not active:
            return
        uid = rng.choice(active).customer_uid
        if operation == "again":
            services.charge_billing_key(
                BillingCharge(
                    uid, amount, 0, "정기 주문", Buyer(name="박단골", tel="010-2222-3333"), 0, "real"
                )
            )
        else:
            services.delete_billing_key(uid, "고객 요청")
    elif operation.startswith("refund"):
        paid = [r for r in _sales(journal) if r.outcome in MONEY_TAKEN and r.remaining > 0]
        if paid:
            sale = rng.choice(paid)
            services.cancel(sale.merchant_uid, 2_000 if operation == "refund_partial" else None, "고객 변심")
    elif operation == "transfer_receipt":
        merchant_uid = f"bank-{case['counter']}-{step}"
        requests.post(
            case["base_url"] + "/__sandbox__/transfer-payments",
            json={"merchant_uid": merchant_uid, "amount": 20_000, "buyer_name": "김이체"},
            timeout=5,
        )
        services.issue_cash_receipt(merchant_uid, "01098765432", "phone", "person")
    elif operation == "external_receipt":
        services.issue_external_cash_receipt(_external(services.mint_external_merchant_uid(), amount))
    elif operation in ("receipt_cancel", "external_cancel"):
        kind = "payment" if operation == "receipt_cancel" else "external"
        rows = [r for r in _receipts(journal) if r.kind == kind and r.outcome is Outcome.APPROVED]
        if rows:
            row = rng.choice(rows)
            if kind == "payment":
                services.cancel_cash_receipt(row.receipt_id)
            else:
                services.cancel_external_cash_receipt(row.merchant_uid or "")


def _keyed(card: str, amount: int) -> Any:
    form = {
        "amount": str(amount),
        "tax_free": "0",
        "order_name": "전화 주문",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "",
        "buyer_postcode": "",
        "card_number": card,
        "expiry": EXPIRY,
        "birth": "",
        "pwd_2digit": "",
        "card_quota": "0",
        "product_type": "real",
    }
    return validate_keyed_charge(form, date.today())


def _external(merchant_uid: str, amount: int) -> ExternalReceiptOrder:
    return ExternalReceiptOrder(
        merchant_uid,
        "현금 판매",
        amount,
        0,
        "01098765432",
        "phone",
        "person",
        "real",
        Buyer(name="김현금", tel="010-5555-6666"),
    )


def _sales(journal: Journal) -> list[Any]:
    return journal.history(HistoryFilter(), 0, 1_000)


def _receipts(journal: Journal) -> list[Any]:
    out: list[Any] = []
    connection = sqlite3.connect(f"file:{journal.path}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in connection.execute("SELECT receipt_id FROM receipts")]
    finally:
        connection.close()
    for receipt_id in ids:
        out += [r for r in journal.receipts_of(receipt_id) if r.receipt_id == receipt_id]
    return out


def run_reconcile(case: dict[str, Any]) -> dict[str, Any]:
    journal, services, session = open_counter(case)
    report = services.reconcile()
    journal.close()
    session.close()
    return {"resolved": len(report.resolved), "still_open": len(report.still_unknown)}


def run_upgrade(case: dict[str, Any]) -> dict[str, Any]:
    folder = Path(case["folder"])
    journal = Journal.open(
        folder / "journal.sqlite3",
        counter_id=case["counter"],
        operator="점원",
        keys=FileKeyStore(folder / "keys"),
    )
    problems = list(journal.health.problems)
    journal.close()
    return {"problems": problems}


WORK = {"workload": run_workload, "reconcile": run_reconcile, "upgrade": run_upgrade}


def _child(case: dict[str, Any]) -> int:
    counts: Counter[str] = Counter()
    sequence: list[str] = []
    if case.get("count_points"):
        original = crashpoints.reached

        def counting(name: str) -> None:
            counts[name] += 1
            sequence.append(name)
            original(name)

        crashpoints.reached = counting  # type: ignore[assignment]
    if case.get("crash_at"):
        os.environ[crashpoints.ENV] = case["crash_at"]
    started = time.monotonic()
    try:
        result = WORK[case["kind"]](case)
        code = 0
    except Exception:
        result = {"error": traceback.format_exc()}
        code = 3
    result["seconds"] = time.monotonic() - started
    result["points"] = dict(counts)
    result["sequence"] = sequence
    Path(case["result"]).write_text(json.dumps(result), encoding="utf-8")
    return code


def serve() -> None:
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                code = _child(case)
            finally:
                os._exit(code)
        print(json.dumps({"id": case["id"], "pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(json.dumps({"id": case["id"], "status": code}), flush=True)


if __name__ == "__main__":
    serve()
