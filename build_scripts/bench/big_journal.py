"""The large journal the journal benchmarks read: a busy shop's years of sales, generated once and cached.

``ensure(sales)`` returns the path of a journal with ``sales`` realistic key-in sales spread over
``DAYS`` days ending yesterday (88 % approved, of those ~5 % cancelled later (one in five partly),
7 % declined, 3 % not charged, a cash receipt for ~5 % of the approved; nothing left open, so a
start-up has nothing to reconcile). It lives in ``CACHE_DIR`` (``~/.cache/pos_app-bench``, or
``$POS_APP_BENCH_CACHE``), outside the repository, and is reused while its stamp matches
``GENERATOR_VERSION``, the journal's schema version and ``sales``.

Writing: every record goes through the journal's own record functions (``pos_app.journal.sales`` and
``.receipts`` inside one ``events.write_transaction`` per batch, sealed with the journal's key, which stays
in ``journal.keys`` beside the cached file), so the chain, the projection and the invariants are exactly
the program's; only the durability is relaxed for generation (one
transaction per 2,000 sales, ``synchronous=OFF``), which changes no byte of what is stored. When those
internals are gone or changed (the journal round), the generator falls back to the public
``Journal.record_*`` API with a fake clock: same rows, one fsync'd transaction per record, ~1 h for a
million sales instead of ~8–10 min on the development machine (both timed in the README). Either way
the time taken is printed, and the stamp records it.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from build_scripts.bench.common import CACHE_DIR

GENERATOR_VERSION = 1
DAYS = 730
BATCH = 2000
COUNTER, OPERATOR = "BENCH1", "bench"
COMPANIES = [
    ("451842", "신한카드"),
    ("949019", "KB국민카드"),
    ("536181", "삼성카드"),
    ("457973", "현대카드"),
    ("524353", "롯데카드"),
    ("465887", "BC카드"),
    ("404825", "하나카드"),
    ("356900", "NH농협카드"),
]
NAMES = ["김민준", "이서연", "박도윤", "최하은", "정시우", "강지민", "조예준", "윤수아", "장하준", "임지호"]
ITEMS = [
    "전화 주문",
    "배달 주문",
    "정기 배송",
    "예약금",
    "케이크 주문",
    "꽃다발",
    "도시락 20개",
    "과일 선물세트",
]


def _schema_version() -> int:
    try:
        from pos_app.journal import schema

        return int(getattr(schema, "SCHEMA_VERSION", 0))
    except ImportError:
        return 0


def path_for(sales: int) -> Path:
    return CACHE_DIR / f"journal-g{GENERATOR_VERSION}-s{_schema_version()}-{sales}.sqlite3"


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".stamp.json")


def _expected_stamp(sales: int) -> dict[str, Any]:
    return {"generator": GENERATOR_VERSION, "schema": _schema_version(), "sales": sales}


def is_current(path: Path, sales: int) -> bool:
    stamp = _stamp_path(path)
    if not path.exists() or not stamp.exists():
        return False
    try:
        found = json.loads(stamp.read_text("utf-8"))
    except ValueError:
        return False
    return all(found.get(k) == v for k, v in _expected_stamp(sales).items())


@dataclass(frozen=True)
class Plan:
    """One sale to write: when, what, and how it ends."""

    index: int
    at: float
    amount: int
    tax_free: int
    bin6: str
    last4: str
    company: str
    buyer: str
    tel: str
    item: str
    outcome: str  # approved / declined / not_charged
    cancel: int  # 0, or the amount refunded later (== amount for a full cancel)
    receipt: bool


def plans(sales: int, seed: int = 20260101) -> Iterator[Plan]:
    """The sales in time order, from a fixed seed (the same journal on every machine)."""
    rng = random.Random(seed)
    first = date.today() - timedelta(days=DAYS)
    per_day = max(1, sales // DAYS)
    for index in range(sales):
        day = first + timedelta(days=min(index // per_day, DAYS - 1))
        opening = datetime.combine(day, datetime.min.time()).astimezone().timestamp() + 9 * 3600
        slot = index % per_day
        at = opening + (slot + rng.random()) * (12 * 3600 / per_day)
        bin6, company = rng.choice(COMPANIES)
        amount = rng.choice((5_000, 12_000, 18_500, 25_000, 33_000, 48_000, 72_000, 150_000, 330_000))
        roll = rng.random()
        outcome = "approved" if roll < 0.90 else ("declined" if roll < 0.97 else "not_charged")
        cancel = 0
        if outcome == "approved" and rng.random() < 0.05:
            cancel = amount if rng.random() < 0.8 else amount // 2
        yield Plan(
            index=index,
            at=at,
            amount=amount,
            tax_free=amount // 10 if rng.random() < 0.1 else 0,
            bin6=bin6,
            last4=f"{rng.randrange(10_000):04d}",
            company=company,
            buyer=rng.choice(NAMES),
            tel=f"010-{rng.randrange(10_000):04d}-{rng.randrange(10_000):04d}",
            item=rng.choice(ITEMS),
            outcome=outcome,
            cancel=cancel,
            receipt=outcome == "approved" and rng.random() < 0.05,
        )


class _Writer:
    """The records of one sale, through a ``record(name, at, *args)`` callable (fast or public path)."""

    def __init__(self, record: Callable[..., None]) -> None:
        self._record = record

    def sale(self, plan: Plan) -> None:
        from pos_app.domain.outcomes import Outcome
        from pos_app.domain.uids import mint_merchant_uid
        from pos_app.journal import CancelIntent, PaymentFacts, ReceiptFacts, ReceiptIntent, SaleIntent

        uid = mint_merchant_uid(COUNTER, datetime.fromtimestamp(plan.at).astimezone(), f"{plan.index:08x}")
        hint = f"{plan.bin6}******{plan.last4}"
        self._record(
            "record_sale_intent",
            plan.at,
            SaleIntent(
                merchant_uid=uid,
                sale_id=uid,
                kind="keyin",
                amount=plan.amount,
                tax_free=plan.tax_free,
                order_name=plan.item,
                card_hint=hint,
                card_company=plan.company,
                buyer_name=plan.buyer,
                buyer_tel=plan.tel,
            ),
        )
        imp_uid = f"imp_{plan.index:012d}"
        answered = plan.at + 1.8
        if plan.outcome == "approved":
            payment = PaymentFacts(
                imp_uid=imp_uid,
                status="paid",
                amount=plan.amount,
                card_name=plan.company,
                card_code="366",
                card_number=f"{plan.bin6}******{plan.last4}",
                apply_num=f"{plan.index % 10**8:08d}",
                paid_at=answered,
                receipt_url=f"https://iamport.kr/receipts/{imp_uid}",
                pg_tid=f"KS{plan.index:014d}",
            )
            self._record("record_sale_result", answered, uid, Outcome.APPROVED, payment, None)
        elif plan.outcome == "declined":
            payment = PaymentFacts(
                imp_uid=imp_uid, status="failed", amount=plan.amount, fail_reason="한도초과"
            )
            self._record("record_sale_result", answered, uid, Outcome.DECLINED, payment, "한도초과")
        else:
            self._record(
                "record_sale_result", answered, uid, Outcome.NOT_CHARGED, None, "응답 없음, 조회 결과 없음"
            )
        if plan.receipt:
            rid = f"R-{plan.index:010d}"
            self._record(
                "record_receipt_intent",
                answered + 30,
                ReceiptIntent(
                    receipt_id=rid,
                    kind="payment",
                    merchant_uid=uid,
                    imp_uid=imp_uid,
                    order_name=plan.item,
                    amount=plan.amount,
                    tax_free=plan.tax_free,
                    identifier_hint="010****" + plan.tel[-4:],
                    identifier_type="phone",
                    receipt_type="personal",
                    product_type="real",
                    buyer_name=plan.buyer,
                ),
            )
            facts = ReceiptFacts(
                apply_num=f"{plan.index % 10**9:09d}",
                receipt_tid=f"T{plan.index:014d}",
                amount=plan.amount,
                applied_at=answered + 31,
            )
            self._record("record_receipt_result", answered + 31, rid, Outcome.APPROVED, facts, None)
        if plan.cancel:
            cid = f"C-{plan.index:010d}"
            later = answered + 3600 * 5
            self._record(
                "record_cancel_intent",
                later,
                CancelIntent(
                    cancel_id=cid,
                    merchant_uid=uid,
                    imp_uid=imp_uid,
                    amount=0 if plan.cancel == plan.amount else plan.cancel,
                    tax_free=0,
                    checksum=plan.amount,
                    reason="고객 요청",
                ),
            )
            status = "cancelled" if plan.cancel == plan.amount else "paid"
            facts = PaymentFacts(
                imp_uid=imp_uid,
                status=status,
                amount=plan.amount,
                cancel_amount=plan.cancel,
                card_name=plan.company,
                cancelled_at=later + 1,
            )
            done = Outcome.CANCELLED if plan.cancel == plan.amount else Outcome.PARTIALLY_CANCELLED
            self._record("record_cancel_result", later + 1, cid, done, facts, None)


@contextmanager
def _fast_recorder(path: Path) -> Iterator[tuple[Callable[..., None], Callable[[], None]]]:
    """(record, commit) through the journal's own record functions, many records per transaction."""
    from pos_app.journal import Journal, customers, receipts, sales  # noqa: F401 - the modules must exist
    from pos_app.journal.events import write_transaction

    modules = {
        "record_sale_intent": sales.record_sale_intent,
        "record_sale_result": sales.record_sale_result,
        "record_cancel_intent": sales.record_cancel_intent,
        "record_cancel_result": sales.record_cancel_result,
        "record_receipt_intent": receipts.record_receipt_intent,
        "record_receipt_result": receipts.record_receipt_result,
    }
    # the sealed journal (schema 4): the journal's own connection and key, one write transaction per batch
    journal = Journal.open(path, counter_id=COUNTER, operator=OPERATOR)
    sealer = journal._sealer
    if sealer is None:
        journal.close()
        raise RuntimeError(f"the journal has no sealing key: {journal.health.problems}")
    conn = journal._db().conn
    conn.execute("PRAGMA synchronous = OFF")  # generation only: a crash here just means "generate again"
    batch = [write_transaction(conn, 0.0, OPERATOR, COUNTER, sealer)]
    tx = [batch[0].__enter__()]

    def record(name: str, at: float, *args: Any) -> None:
        tx[0].now = at
        modules[name](tx[0], *args)

    def commit() -> None:
        batch[0].__exit__(None, None, None)
        batch[0] = write_transaction(conn, 0.0, OPERATOR, COUNTER, sealer)
        tx[0] = batch[0].__enter__()

    try:
        yield record, commit
        batch[0].__exit__(None, None, None)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        journal.close()


@contextmanager
def _public_recorder(path: Path) -> Iterator[tuple[Callable[..., None], Callable[[], None]]]:
    """(record, commit) through Journal.record_* with a clock set to each record's time."""
    from pos_app.journal import Journal

    now = [0.0]
    journal = Journal.open(path, counter_id=COUNTER, operator=OPERATOR, clock=lambda: now[0])

    def record(name: str, at: float, *args: Any) -> None:
        now[0] = at
        method = getattr(journal, name)
        if name.endswith("_result"):
            key, outcome, facts, message = args
            keyword = "facts" if name == "record_receipt_result" else "payment"
            method(key, outcome, **{keyword: facts}, message=message)
        else:
            method(*args)

    try:
        yield record, lambda: None
    finally:
        journal.close()


def _try_fast_path(path: Path) -> None:
    """Write a few sales the fast way into a scratch journal next to ``path``; raises when that fails."""
    from pos_app.journal import Journal

    scratch = path.with_name(path.name + ".probe")
    files = [scratch, scratch.with_name(scratch.name + "-wal"), scratch.with_name(scratch.name + "-shm")]
    for stale in files:
        stale.unlink(missing_ok=True)
    try:
        Journal.open(scratch, counter_id=COUNTER, operator=OPERATOR).close()
        with _fast_recorder(scratch) as (record, _commit):
            writer = _Writer(record)
            for plan in plans(200):  # enough for every kind of record (receipts, cancels) to appear
                writer.sale(plan)
    finally:
        for stale in files:
            stale.unlink(missing_ok=True)


def generate(path: Path, sales: int, *, public: bool = False, progress: bool = True) -> float:
    """Write a new journal of ``sales`` sales at ``path``; returns the seconds it took."""
    from pos_app.journal import Journal

    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        _stamp_path(path),
    ):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    Journal.open(path, counter_id=COUNTER, operator=OPERATOR).close()  # the schema, made by the program
    how = "public API"
    recorder = _public_recorder
    if not public:
        try:
            _try_fast_path(path)
            recorder, how = _fast_recorder, "journal record functions, batched"
        except Exception as exc:  # the internals changed shape: the public API still writes the same rows
            print(
                f"   big journal: fast path unavailable ({exc!r}); using the public API (slow)",
                file=sys.stderr,
            )
    with recorder(path) as (record, commit):
        writer = _Writer(record)
        for plan in plans(sales):
            writer.sale(plan)
            if (plan.index + 1) % BATCH == 0:
                commit()
                if progress and (plan.index + 1) % (BATCH * 50) == 0:
                    print(
                        f"   big journal: {plan.index + 1:,} / {sales:,} sales, "
                        f"{time.perf_counter() - started:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
    with Journal.open(path, counter_id=COUNTER, operator=OPERATOR) as journal:
        if not journal.health.ok:
            raise RuntimeError(f"the generated journal is not healthy: {journal.health.problems}")
    elapsed = time.perf_counter() - started
    stamp = {**_expected_stamp(sales), "seconds": round(elapsed, 1), "how": how, "bytes": path.stat().st_size}
    _stamp_path(path).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    if progress:
        print(
            f"   big journal: {sales:,} sales generated in {elapsed:.0f} s ({how}): {path}", file=sys.stderr
        )
    return elapsed


def ensure(sales: int) -> Path:
    """The cached journal of ``sales`` sales, generated first when missing or stale."""
    path = path_for(sales)
    if not is_current(path, sales):
        generate(path, sales)
    return path


def stamp(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_stamp_path(path).read_text("utf-8"))
    return data


def day_of(sales: int, which: float = 0.5) -> date:
    """A day in the middle of the generated period (``which`` 0..1), one with a full day of sales."""
    return date.today() - timedelta(days=DAYS) + timedelta(days=int((DAYS - 1) * which))
