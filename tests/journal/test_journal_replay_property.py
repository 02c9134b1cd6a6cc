"""Property: for any sequence of journal operations, replaying the events gives exactly the tables."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journal_factories import (
    ManualClock,
    billing_intent,
    cancel_intent,
    paid,
    receipt_facts,
    receipt_intent,
    sale_intent,
)

from pos_app.domain.outcomes import Outcome
from pos_app.journal import CancelFact, IntentRefused, Journal
from pos_app.journal.keys import MemoryKeyStore
from pos_app.journal.replay import compare_all, replay_all

OUTCOMES = st.sampled_from(
    [
        Outcome.APPROVED,
        Outcome.DECLINED,
        Outcome.UNKNOWN,
        Outcome.NOT_CHARGED,
        Outcome.MISMATCH,
        Outcome.CANCELLED,
        Outcome.PARTIALLY_CANCELLED,
    ]
)
UIDS = st.sampled_from(["M-1", "M-2", "M-3"])
step = st.one_of(
    st.tuples(st.just("sale"), UIDS, st.sampled_from([5000, 12000, 30000])),
    st.tuples(st.just("result"), UIDS, OUTCOMES, st.booleans()),
    st.tuples(st.just("cancel"), UIDS, st.sampled_from([0, 1000, 4000])),
    st.tuples(st.just("cancel_result"), st.integers(1, 4), OUTCOMES, st.booleans()),
    st.tuples(st.just("history"), UIDS, st.lists(st.sampled_from([1000, 2000]), max_size=3)),
    st.tuples(st.just("card"), st.sampled_from(["CU-1", "CU-2"]), OUTCOMES),
    st.tuples(st.just("delete"), st.sampled_from(["CU-1", "CU-2"]), OUTCOMES),
    st.tuples(st.just("receipt"), st.sampled_from(["R-1", "R-2"]), OUTCOMES),
    st.tuples(st.just("receipt_cancel"), st.sampled_from(["R-1", "R-2"]), OUTCOMES),
    st.tuples(st.just("writer"), st.sampled_from(["김점원", "이사장"])),
)


def _run(journal: Journal, clock: ManualClock, op: tuple[object, ...]) -> None:
    clock.advance(7)
    kind = op[0]
    if kind == "sale":
        journal.record_sale_intent(sale_intent(str(op[1]), amount=int(op[2])))  # type: ignore[call-overload]
    elif kind == "result":
        uid, outcome, with_payment = str(op[1]), op[2], op[3]
        journal.record_sale_result(
            uid,
            outcome,
            payment=paid(amount=12000) if with_payment else None,  # type: ignore[arg-type]
            message="응답",
        )
    elif kind == "cancel":
        journal.record_cancel_intent(cancel_intent(f"{op[1]}-c{clock.now}", str(op[1]), amount=int(op[2])))  # type: ignore[call-overload]
    elif kind == "cancel_result":
        rows = journal.open_cancels()
        if rows:
            row = rows[int(op[1]) % len(rows)]  # type: ignore[call-overload]
            journal.record_cancel_result(
                row.cancel_id,
                op[2],
                payment=paid(cancel_amount=1000) if op[3] else None,  # type: ignore[arg-type]
                message=None,
            )
    elif kind == "history":
        entries = tuple(CancelFact(f"cx-{i}", a, clock.now + i) for i, a in enumerate(op[2]))  # type: ignore[arg-type]
        journal.record_sale_result(
            str(op[1]),
            Outcome.PARTIALLY_CANCELLED,
            message=None,
            decided_by="record",
            payment=paid(amount=12000, cancel_amount=sum(op[2]), cancel_history=entries),
        )  # type: ignore[arg-type]
    elif kind == "card":
        if journal.customer(str(op[1])) is None or not journal.open_billing_keys():
            journal.record_billing_key_intent(billing_intent(str(op[1])))
        journal.record_billing_key_result(str(op[1]), op[2], facts=None, message=None)  # type: ignore[arg-type]
    elif kind == "delete":
        op_id = journal.record_billing_key_delete_intent(str(op[1]), "고객 요청", portone_at=clock.now)
        journal.record_billing_key_delete_result(op_id, op[2], message=None)  # type: ignore[arg-type]
    elif kind == "receipt":
        journal.record_receipt_intent(receipt_intent(str(op[1]), merchant_uid=f"ext-{op[1]}"))
        journal.record_receipt_result(str(op[1]), op[2], facts=receipt_facts(), message=None)  # type: ignore[arg-type]
    elif kind == "receipt_cancel":
        op_id = journal.record_receipt_cancel_intent(str(op[1]))
        journal.record_receipt_cancel_result(op_id, op[2], facts=None, message=None)  # type: ignore[arg-type]
    elif kind == "writer":
        journal.operator = str(op[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, max_size=25))
def test_replay_of_the_events_equals_the_tables(ops: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = ManualClock()
        path = Path(folder) / "journal.sqlite3"
        journal = Journal.open(path, counter_id="C01", operator="김점원", clock=clock, keys=MemoryKeyStore())
        try:
            for op in ops:
                # a refused step writes nothing; the property must hold all the same
                with contextlib.suppress(IntentRefused):
                    _run(journal, clock, op)
            conn = sqlite3.connect(str(path))
            try:
                assert compare_all(conn, replay_all(conn)) is None
            finally:
                conn.close()
            assert journal.verify().ok
        finally:
            journal.close()
