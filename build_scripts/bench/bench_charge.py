"""Charge round trip: the services' key-in charge (journal writes included) against one bare POST.

Per round, ``samples`` times in alternation on the same sandbox, the same latency and one warm
``requests.Session`` each:
  ours       CounterServices.charge_keyed_card: duplicate check, intent commit, POST, result commit;
  bare       one ``requests`` POST of the same onetime body with a token fetched once beforehand;
  iamport    what PortOne's official Python client (iamport-rest-client) does per call: getToken, then
             the POST (reproduced here, not vendored);
  commits    two bare durable commits (WAL, synchronous=FULL), the floor of writing ahead and after.
The per-round value is the median of the samples. Latency is the sandbox's ``delay`` fault on every
request (30 ms, and 0 ms for the pure overhead). The overhead figure is ours − bare − two commits: the
goal says the charge costs no more than its two durable commits and 1 ms of Python.
"""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

from build_scripts.bench.common import BareCommits, keyed_order, latency, sandbox_stack
from build_scripts.bench.figures import Figure

LATENCY_MS = 30


def _bare_poster(stack: Any) -> tuple[Any, Any]:
    """(bare POST, iamport-style token+POST) callables on their own warm session."""
    import requests

    from pos_app.portone.models import OnetimeRequest

    order = keyed_order()
    session = requests.Session()
    base = stack.server.base_url
    credentials = {"imp_key": stack.server.imp_key, "imp_secret": stack.server.imp_secret}

    def token() -> str:
        reply = session.post(base + "/users/getToken", json=credentials, timeout=(5, 30))
        reply.raise_for_status()
        return str(reply.json()["response"]["access_token"])

    bearer = token()

    def body() -> dict[str, Any]:
        request = OnetimeRequest(
            merchant_uid=f"BENCHREF-{uuid.uuid4().hex[:20]}",
            amount=order.amount,
            tax_free=order.tax_free,
            name=order.order_name,
            card_number=order.card.number.formatted(),
            expiry=order.card.expiry.formatted(),
            birth=order.card.birth,
            pwd_2digit=order.card.pwd_2digit,
            buyer_name=order.buyer.name,
            buyer_tel=order.buyer.tel,
            buyer_email=order.buyer.email,
            card_quota=order.card_quota,
            product_type=order.product_type,
        )
        return {**request.body(), "pg": stack.server.pg}

    def post(access_token: str) -> None:
        reply = session.post(
            base + "/subscribe/payments/onetime",
            json=body(),
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=(5, 30),
        )
        reply.raise_for_status()
        if reply.json().get("code") != 0:
            raise RuntimeError(f"the bare POST was refused: {reply.text[:200]}")

    return (lambda: post(bearer)), (lambda: post(token())), session


def _round(stack: Any, commits: BareCommits, delay_ms: int, samples: int) -> dict[str, float]:
    from pos_app.domain.outcomes import Outcome

    bare, iamport, session = _bare_poster(stack)
    order = keyed_order()
    times: dict[str, list[float]] = {"ours": [], "bare": [], "iamport": [], "commits": []}

    def ours() -> None:
        outcome = stack.services.charge_keyed_card(order)
        if outcome.outcome is not Outcome.APPROVED:
            raise RuntimeError(f"the benchmark charge was {outcome.outcome}: {outcome.message}")

    def two_commits() -> None:
        commits.commit()
        commits.commit()

    try:
        with latency(stack.server, delay_ms):
            ours()  # warm: the services' token and connection, as at a counter that has charged before
            bare()
            for _ in range(samples):
                for key, fn in (
                    ("ours", ours),
                    ("bare", bare),
                    ("iamport", iamport),
                    ("commits", two_commits),
                ):
                    started = time.perf_counter()
                    fn()
                    times[key].append(time.perf_counter() - started)
    finally:
        session.close()
    return {key: statistics.median(values) for key, values in times.items()}


def measure(rounds: int, quick: bool) -> list[Figure]:
    samples = 3 if quick else 15
    by_latency: dict[int, list[dict[str, float]]] = {LATENCY_MS: [], 0: []}
    with sandbox_stack() as stack:
        commits = BareCommits(stack.folder)
        try:
            for _ in range(rounds):
                for delay in (LATENCY_MS, 0):  # alternated within the round
                    by_latency[delay].append(_round(stack, commits, delay, samples))
        finally:
            commits.close()
    slow, fast = by_latency[LATENCY_MS], by_latency[0]
    return [
        Figure(
            name=f"charge vs one bare POST ({LATENCY_MS} ms latency)",
            ours=[r["ours"] for r in slow],
            reference=[r["bare"] for r in slow],
            unit="s",
            goal=1.10,
            goal_text="≤ 1.10×",
            before="1.18×",
            extra={
                "ours_ms": 1000 * statistics.median(r["ours"] for r in slow),
                "bare_ms": 1000 * statistics.median(r["bare"] for r in slow),
            },
        ),
        Figure(
            name=f"charge overhead − two durable commits ({LATENCY_MS} ms latency)",
            ours=[max(0.0, 1000 * (r["ours"] - r["bare"] - r["commits"])) for r in slow],
            reference=None,
            unit="ms",
            goal=1.0,
            goal_text="≤ 1 ms",
            before="6 ms overhead incl. ~4.6 ms commits",
            note="negative rounds (noise) are reported as 0",
            extra={"two_commits_ms": 1000 * statistics.median(r["commits"] for r in slow)},
        ),
        Figure(
            name="charge vs one bare POST (0 ms latency)",
            ours=[r["ours"] for r in fast],
            reference=[r["bare"] for r in fast],
            unit="s",
            goal=None,
            goal_text="(no goal; the pure overhead)",
            before="2.6×",
        ),
        Figure(
            name=f"charge vs iamport-style client, token per call ({LATENCY_MS} ms)",
            ours=[r["ours"] for r in slow],
            reference=[r["iamport"] for r in slow],
            unit="s",
            goal=None,
            goal_text="(no goal; < 1 is faster)",
            before="0.59×",
        ),
    ]
