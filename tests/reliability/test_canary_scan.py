"""The canary scan (issue 13, item 5): card data typed in every form goes nowhere it could stay.

A canary card — a Luhn-valid number outside the sandbox's test list, which it approves as a generic card
— with a canary birth date, expiry and PIN digits goes through more than fifty operations: typed plain,
dashed, spaced and full-width in the card fields; pasted into every free-text field (order name, buyer
name and e-mail, refund and delete reasons, an external receipt's order name); with approvals, declines,
PortOne faults, lost replies, and an exception raised while the card data sits in local variables (the
crash handler writes its report). Debug logging is on, to a file in the data folder and to stderr.

Then every byte the run left is scanned: the journal's DB, WAL and SHM (while open, and the DB after the
close), every other file of the data folder (settings, exports, crash reports, the debug log), the temp
folder, and the captured stdout/stderr — for every form the secrets were typed or sent in, each encoded
as ASCII, UTF-8, UTF-16LE and UTF-16BE. Goal: 0 hits.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rel_figures import FIGURES
from rel_world import Counter, WorldClock

from pos_app.config import Settings
from pos_app.domain import Outcome, validate_card_registration, validate_keyed_charge
from pos_app.domain.card import luhn_check_digit
from pos_app.domain.cash_receipt import validate_external_receipt
from pos_app.domain.errors import FieldError, FormErrors
from pos_app.domain.forms import validate_billing_charge
from pos_app.journal import ActivityFilter
from pos_app.sandbox import cards
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import DEMO_IMP_SECRET, SandboxServer
from pos_app.services.errors import ServiceError
from pos_app.ui.shell.crash import CrashHandler

CANARY = "536291" + "847305" + "29" + "1"
CANARY += luhn_check_digit(CANARY)
BIRTH = "730918"
EXPIRY_TYPED, EXPIRY_SENT = "11/29", "2029-11"
PIN = "58"
ONETIME = "/subscribe/payments/onetime"
IMP_SECRET = DEMO_IMP_SECRET  # what rel_world.make_client signs in with

FULL_WIDTH = str.maketrans("0123456789-/ ", "０１２３４５６７８９－／　")


def typed_forms(number: str) -> dict[str, str]:
    """How a cashier may type (or paste) the number."""
    groups = [number[i : i + 4] for i in range(0, 16, 4)]
    return {
        "plain": number,
        "dashed": "-".join(groups),
        "spaced": " ".join(groups),
        "full-width": number.translate(FULL_WIDTH),
        "full-width dashed": "-".join(groups).translate(FULL_WIDTH),
    }


SECRETS: dict[str, str] = {}  # the run's imp_secret and access token, added when known


def needles() -> dict[str, str]:
    found = dict(SECRETS)
    found.update({f"card {k}": v for k, v in typed_forms(CANARY).items()})
    found["card middle digits (masked away)"] = CANARY[6:12]
    found["birth"] = BIRTH
    found["birth full-width"] = BIRTH.translate(FULL_WIDTH)
    found["expiry typed"] = EXPIRY_TYPED
    found["expiry sent"] = EXPIRY_SENT
    # two PIN digits alone are too short to search for; their field with them in it is not
    for pattern in ('"pwd_2digit": "{}"', '"pwd_2digit":"{}"', "'pwd_2digit': '{}'", "pwd_2digit={}"):
        found[f"pin as {pattern}"] = pattern.format(PIN)
    return found


def encodings(text: str) -> dict[str, bytes]:
    out = {"utf-8": text.encode("utf-8"), "utf-16-le": text.encode("utf-16-le")}
    out["utf-16-be"] = text.encode("utf-16-be")
    with contextlib.suppress(UnicodeEncodeError):
        out["ascii"] = text.encode("ascii")
    return out


def scan(places: dict[str, bytes]) -> list[tuple[str, str, str]]:
    """Every (place, needle, encoding) found."""
    return [
        (where, name, encoding)
        for where, blob in places.items()
        for name, text in needles().items()
        for encoding, needle in encodings(text).items()
        if needle in blob
    ]


class Run:
    """The counter and the count of operations tried (whatever their outcome)."""

    def __init__(self, counter: Counter, server: SandboxServer, clock: WorldClock) -> None:
        self.counter = counter
        self.server = server
        self.clock = clock
        self.operations = 0
        self.outcomes: dict[str, int] = {}

    @property
    def today(self) -> date:
        return date.fromtimestamp(self.clock.pc())

    def op(self, what: str, call: Callable[[], Any]) -> Any:
        """One operation; a refusal (a form or service error) is an outcome like any other."""
        self.operations += 1
        try:
            result = call()
        except (FormErrors, FieldError, ServiceError) as exc:
            key = f"refused ({type(exc).__name__})"
            self.outcomes[key] = self.outcomes.get(key, 0) + 1
            logging.getLogger("canary").debug("%s refused: %r", what, exc)
            return None
        outcome = getattr(result, "outcome", None)
        key = outcome.value if isinstance(outcome, Outcome) else "done"
        self.outcomes[key] = self.outcomes.get(key, 0) + 1
        logging.getLogger("canary").debug("%s: %r", what, result)
        return result


def keyin_form(number: str, amount: int, **extra: str) -> dict[str, str]:
    form = {
        "amount": str(amount),
        "tax_free": "0",
        "order_name": "전화 주문",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "",
        "buyer_postcode": "",
        "card_number": number,
        "expiry": EXPIRY_TYPED,
        "birth": BIRTH,
        "pwd_2digit": PIN,
        "card_quota": "0",
        "product_type": "real",
    }
    form.update(extra)
    return form


def _explode_with_card_data_in_locals(number: str) -> None:
    card_number, birth, pin = number, BIRTH, PIN  # noqa: F841 - the point: they are locals when it raises
    raise RuntimeError("a bug while the card was being sent")


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Run, Path, Path]]:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    data = tmp_path / "data"
    data.mkdir()
    clock = WorldClock()
    server = SandboxServer(clock=clock)
    server.start()
    counter = Counter("CN", data, server, clock)
    root = logging.getLogger()
    debug_log = logging.FileHandler(data / "debug.log", encoding="utf-8")
    to_stderr = logging.StreamHandler(sys.stderr)
    for handler in (debug_log, to_stderr):
        handler.setLevel(logging.DEBUG)
        root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    counter.start()
    try:
        yield Run(counter, server, clock), data, temp
    finally:
        root.setLevel(old_level)
        for handler in (debug_log, to_stderr):
            root.removeHandler(handler)
            handler.close()
        counter.stop()
        server.stop()


def _work(run: Run, data: Path) -> None:
    svc = run.counter.svc
    decline = cards.DECLINE_LIMIT
    for form_name, typed in typed_forms(CANARY).items():
        # key-in charges: approved, declined (the same form typed with a declining card), faults
        sale = run.op(
            "charge",
            lambda t=typed: svc.charge_keyed_card(validate_keyed_charge(keyin_form(t, 11_000), run.today)),
        )
        decline_typed = typed_forms(decline)[form_name]
        run.op(
            "decline",
            lambda t=decline_typed: svc.charge_keyed_card(
                validate_keyed_charge(keyin_form(t, 12_000), run.today)
            ),
        )
        for kind in ("http_502", "reset_before", "hang_after_commit", "truncated"):
            run.server.faults.add(
                Fault(kind=kind, path_prefix=ONETIME, delay_ms=400 if kind == "hang_after_commit" else 0)
            )
            lost = run.op(
                kind,
                lambda t=typed: svc.charge_keyed_card(
                    validate_keyed_charge(keyin_form(t, 13_000), run.today)
                ),
            )
            run.server.faults.clear()
            if lost is not None and lost.outcome is Outcome.UNKNOWN:
                run.op("check", lambda uid=lost.merchant_uid: svc.check_unknown(uid))
        # the card pasted into every free-text field of a key-in form
        for field in ("order_name", "buyer_name", "buyer_email", "buyer_postcode", "buyer_tel"):
            run.op(
                f"paste {field}",
                lambda f=field, t=typed: validate_keyed_charge(
                    keyin_form(APPROVING, 9_000, **{f: t}), run.today
                ),
            )
        # refunds with the card in the reason
        if sale is not None and sale.outcome is Outcome.APPROVED:
            run.op(
                "refund reason", lambda uid=sale.merchant_uid, t=typed: svc.cancel(uid, 1_000, f"환불 {t}")
            )
            run.op("refund", lambda uid=sale.merchant_uid: svc.cancel(uid, 2_000, "부분 환불"))
        # a saved card: registered with the canary, charged, deleted (a reason with the card pasted first)
        secrets, buyer = validate_card_registration(
            {"card_number": typed, "expiry": EXPIRY_TYPED, "birth": BIRTH, "pwd_2digit": PIN,
             "buyer_name": "김단골", "buyer_tel": "010-5555-7777"},
            run.today,
        )  # fmt: skip
        registered = run.op("register", lambda s=secrets, b=buyer: svc.register_card(s, b, "저장 동의"))
        if registered is not None and registered.outcome is Outcome.APPROVED:
            uid = registered.customer_uid
            charge_form = {"amount": "14000", "tax_free": "0", "order_name": "정기", "buyer_name": "김단골",
                           "buyer_tel": "010-5555-7777", "card_quota": "0",
                           "product_type": "real"}  # fmt: skip
            run.op(
                "charge again",
                lambda u=uid, f=charge_form: svc.charge_billing_key(validate_billing_charge(f, u)),
            )
            run.op(
                "paste charge again",
                lambda u=uid, t=typed, f=charge_form: validate_billing_charge({**f, "order_name": t}, u),
            )
            run.op("delete reason", lambda u=uid, t=typed: svc.delete_billing_key(u, f"고객 요청 {t}"))
            run.op("delete", lambda u=uid: svc.delete_billing_key(u, "고객 요청"))
        # an external cash receipt with the card pasted as its order name, then a proper one and its cancel
        external = {"amount": "5000", "tax_free": "0", "order_name": typed, "buyer_name": "김현금",
                    "buyer_tel": "010-5555-6666", "product_type": "real", "identifier": "",
                    "identifier_type": "phone", "receipt_type": "person"}  # fmt: skip
        run.op(
            "paste receipt",
            lambda f=external: validate_external_receipt(
                f, svc.mint_external_merchant_uid(), today=run.today
            ),
        )
        proper = {**external, "order_name": "현금 판매"}
        muid = svc.mint_external_merchant_uid()
        run.op(
            "receipt",
            lambda f=proper, m=muid: svc.issue_external_cash_receipt(
                validate_external_receipt(f, m, today=run.today)
            ),
        )
        run.op("receipt cancel", lambda m=muid: svc.cancel_external_cash_receipt(m))
        # a bug while the card data is in local variables: the crash handler writes its report
        handler = CrashHandler(data / "crash")
        try:
            _explode_with_card_data_in_locals(typed)
        except RuntimeError as exc:
            run.operations += 1
            handler.handle(type(exc), exc, exc.__traceback__)
            logging.getLogger("canary").exception("the bug, logged with its traceback")
        run.clock.advance(200)  # past the not-charged window: the lost answers settle
        run.op("settle", svc.settle_due)
    day = run.today
    run.op(
        "export activity",
        lambda: svc.export_activity(ActivityFilter(date_from=day, date_to=day), data / "history.csv"),
    )
    run.op(
        "export z", lambda: svc.export_day_report(svc.day_report_document(day, "카나리 상점"), data / "z.csv")
    )
    run.op("settings", lambda: Settings.load(data).with_changes(shop_name="카나리 상점").save())


APPROVING = cards.APPROVE_CREDIT


def test_canary_card_data_is_nowhere_the_app_writes(
    world: tuple[Run, Path, Path], capfd: pytest.CaptureFixture[str]
) -> None:
    assert CANARY not in {card.number for card in cards.TEST_CARDS}
    assert unicodedata.normalize("NFKC", typed_forms(CANARY)["full-width"]) == CANARY
    run, data, temp = world
    _work(run, data)
    journal = run.counter.path
    places: dict[str, bytes] = {}
    for suffix in ("-wal", "-shm"):
        side = journal.with_name(journal.name + suffix)
        assert side.exists(), side  # scanned while the journal is open, before any checkpoint
        places[f"journal{suffix} (open)"] = side.read_bytes()
    places["journal (open)"] = journal.read_bytes()
    client = run.counter.svc._ctx.client
    token = getattr(client, "_token", None)
    assert token is not None
    assert token.access_token
    SECRETS.update({"imp_secret": IMP_SECRET, "access token": token.access_token})
    run.counter.stop()
    out, err = capfd.readouterr()
    places["stdout"], places["stderr"] = out.encode("utf-8"), err.encode("utf-8")
    for root in (data, temp):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            places[str(path.relative_to(root.parent))] = path.read_bytes()
    hits = scan(places)
    wrote = sorted(places)
    FIGURES.add("canary scan", "operations with canary card data", run.operations, "≥ 50")
    FIGURES.add("canary scan", "places scanned (files, streams)", len(places))
    FIGURES.add("canary scan", "needles × encodings", sum(len(encodings(t)) for t in needles().values()))
    FIGURES.add("canary scan", "hits of card data, imp_secret or token", len(hits), "0")
    FIGURES.add_table("canary scan: outcomes of the operations", _outcome_table(run.outcomes))
    assert hits == [], hits[:10]
    # the scan looked at real output: the run approved, refused, crashed and exported
    assert run.outcomes.get("approved", 0) >= 5, run.outcomes
    assert run.outcomes.get("declined", 0) >= 5, run.outcomes
    assert any(k.startswith("refused") for k in run.outcomes), run.outcomes
    assert any("crash" in w for w in wrote), wrote
    assert any(w.endswith("history.csv") for w in wrote), wrote
    assert b"canary" in places[str((data / "debug.log").relative_to(data.parent))]
    assert run.operations >= 50


def _outcome_table(outcomes: dict[str, int]) -> str:
    lines = ["| outcome | operations |", "|---|---|"]
    lines += [f"| {name} | {n} |" for name, n in sorted(outcomes.items())]
    return "\n".join(lines)


def test_the_scan_finds_every_form_in_every_encoding() -> None:
    for name, text in needles().items():
        for encoding, needle in encodings(text).items():
            blob = b"\x00prefix " + needle + b" suffix\xff"
            assert ("file", name, encoding) in scan({"file": blob}), (name, encoding)
