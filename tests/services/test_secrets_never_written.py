"""Card number, expiry, birth / business number never reach the journal file, its WAL or the logs.

A run of approvals, declines, lost replies, a manual resend and a card registration goes through the
services; then the raw bytes of the database, its WAL and every captured log record are searched for
the typed secrets in every form they were sent or typed. (The two PIN digits are too short to search
for meaningfully; they travel in the same objects as the expiry and birth, which are searched.)
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from services_support import FakeClock, keyed_form, keyed_order

from pos_app.domain import KeyedCharge, Outcome, validate_card_registration, validate_keyed_charge
from pos_app.domain.business_number import business_number_check_digit
from pos_app.domain.card import luhn_check_digit
from pos_app.journal import Journal
from pos_app.sandbox.cards import APPROVE_CHECK, APPROVE_CREDIT, APPROVE_NH, DECLINE_LIMIT, DECLINE_LOST
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices

BIRTH = "850315"
BUSINESS_NO = "220811234" + business_number_check_digit("220811234")
EXPIRY_TYPED = "07/31"
EXPIRY_SENT = "2031-07"
ONETIME = "/subscribe/payments/onetime"


# a Luhn-valid number the sandbox approves as a generic card, with distinctive hidden digits
GENERIC = "542378917364825" + luhn_check_digit("542378917364825")


def context(blob: bytes, needle: bytes) -> bytes:
    at = blob.find(needle)
    return blob[max(0, at - 60) : at + len(needle) + 20]


def needles(card_numbers: list[str]) -> list[bytes]:
    found: list[bytes] = []
    for number in card_numbers:
        dashed = "-".join(number[i : i + 4] for i in range(0, 16, 4))
        found += [number.encode(), dashed.encode()]
    # the masked-away middle of the generic card (the test cards' middles are runs of zeros)
    found += [GENERIC[6:12].encode(), GENERIC[6:12].encode("utf-16-le")]
    found += [BIRTH.encode(), BUSINESS_NO.encode(), EXPIRY_SENT.encode(), EXPIRY_TYPED.encode()]
    found += [s.encode("utf-16-le") for s in (BIRTH, BUSINESS_NO)]
    return found


def test_no_secret_digits_in_db_wal_or_logs(
    services: CounterServices,
    sandbox: SandboxServer,
    journal: Journal,
    journal_path: Path,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    today = date.today()

    def order(number: str, amount: int, birth: str = BIRTH) -> KeyedCharge:
        return validate_keyed_charge(keyed_form(number, amount, expiry=EXPIRY_TYPED, birth=birth), today)

    outcomes = [services.charge_keyed_card(order(GENERIC, 11_000)).outcome]
    outcomes.append(services.charge_keyed_card(order(DECLINE_LIMIT, 12_000)).outcome)
    outcomes.append(services.charge_keyed_card(order(DECLINE_LOST, 13_000, BUSINESS_NO)).outcome)
    sandbox.faults.add(
        Fault(kind="hang_after_commit", path_prefix="/subscribe/payments/onetime", delay_ms=3000)
    )
    outcomes.append(services.charge_keyed_card(order(APPROVE_CHECK, 14_000)).outcome)
    sandbox.faults.add(Fault(kind="reset_before", path_prefix=ONETIME))
    unknown = services.charge_keyed_card(order(APPROVE_NH, 15_000, BUSINESS_NO))
    clock.advance(180)  # a resend goes only after the not-charged window
    outcomes.append(
        services.retry_unknown(unknown.merchant_uid, order(APPROVE_NH, 15_000, BUSINESS_NO)).outcome
    )
    card, buyer = validate_card_registration(
        {
            "card_number": APPROVE_CREDIT,
            "expiry": EXPIRY_TYPED,
            "birth": BIRTH,
            "pwd_2digit": "37",
            "buyer_name": "김단골",
            "buyer_tel": "010-5555-7777",
        },
        today,
    )
    outcomes.append(services.register_card(card, buyer, "저장 동의").outcome)
    sandbox.faults.add(Fault(kind="http_502", path_prefix="/subscribe/customers/"))
    outcomes.append(services.register_card(card, buyer, "저장 동의").outcome)
    assert outcomes == [
        Outcome.APPROVED,
        Outcome.DECLINED,
        Outcome.DECLINED,
        Outcome.APPROVED,
        Outcome.APPROVED,
        Outcome.APPROVED,
        Outcome.UNKNOWN,
    ]
    # a repr of an order in a log line must not leak either
    logging.getLogger("test").info("order was %r", keyed_order(APPROVE_CREDIT))

    wal = journal_path.with_name(journal_path.name + "-wal")
    assert wal.exists()  # the WAL is searched while the journal is open, before any checkpoint
    blobs = {"db": journal_path.read_bytes(), "wal": wal.read_bytes(), "log": caplog.text.encode()}
    journal.close()
    blobs["db after close"] = journal_path.read_bytes()
    cards = [GENERIC, APPROVE_CREDIT, DECLINE_LIMIT, DECLINE_LOST, APPROVE_CHECK, APPROVE_NH]
    leaks = [(where, needle) for where, blob in blobs.items() for needle in needles(cards) if needle in blob]
    assert [(where, needle, context(blobs[where], needle)) for where, needle in leaks] == []
    # and the journal did record the run (the scan looked at real data)
    assert b"approved" in blobs["db after close"]
