"""A mixed PortOne workload for the soak test and the benchmark: what a busy counter sends.

Each worker owns one `requests.Session` (keep-alive, like the app's client) and walks a fixed cycle of
charges, declines, lookups, partial cancels, billing-key charges and token calls, checking every reply.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import requests

from pos_app.sandbox import cards
from pos_app.sandbox.server import DEMO_IMP_KEY, DEMO_IMP_SECRET


@dataclass
class LoadResult:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _dashed(number: str) -> str:
    return "-".join(number[i : i + 4] for i in range(0, 16, 4))


def _worker(base_url: str, worker: int, count: int, result: LoadResult, lock: threading.Lock) -> None:
    done = 0
    errors: list[str] = []
    with requests.Session() as session:
        session.trust_env = False  # loopback: skip the per-request proxy/netrc lookups in os.environ

        def call(method: str, path: str, expect: tuple[int, int], **kw: object) -> dict[str, object]:
            nonlocal done
            reply = session.request(method, f"{base_url}{path}", timeout=30, **kw)  # type: ignore[arg-type]
            done += 1
            body = reply.json()
            if (reply.status_code, body.get("code")) != expect:
                errors.append(
                    f"{method} {path}: {reply.status_code} {body.get('code')} {body.get('message')}"
                )
            response = body.get("response")
            return response if isinstance(response, dict) else {}

        token = call(
            "POST", "/users/getToken", (200, 0), json={"imp_key": DEMO_IMP_KEY, "imp_secret": DEMO_IMP_SECRET}
        )
        session.headers["Authorization"] = f"Bearer {token['access_token']}"
        customer_uid = f"soak-cust-{worker}"
        call(
            "POST",
            f"/subscribe/customers/{customer_uid}",
            (200, 0),
            json={
                "card_number": _dashed(cards.APPROVE_HANA),
                "expiry": "2031-12",
                "birth": "900101",
                "pwd_2digit": "12",
            },
        )
        order = {
            "amount": 20_000,
            "tax_free": 0,
            "name": "soak",
            "buyer_name": "부하",
            "product_type": "real",
        }
        last_uid = last_imp = ""
        step = 0
        while done < count:
            kind = step % 10
            step += 1
            if kind == 0:
                last_uid = f"soak-{worker}-{step}"
                paid = call(
                    "POST",
                    "/subscribe/payments/onetime",
                    (200, 0),
                    json={
                        **order,
                        "merchant_uid": last_uid,
                        "card_number": _dashed(cards.APPROVE_CREDIT),
                        "expiry": "2031-12",
                    },
                )
                last_imp = str(paid.get("imp_uid", ""))
            elif kind == 1:
                call("GET", f"/payments/find/{last_uid}", (200, 0))
            elif kind == 2:
                call(
                    "POST",
                    "/subscribe/payments/onetime",
                    (200, -1),
                    json={
                        **order,
                        "merchant_uid": f"soak-{worker}-{step}-d",
                        "card_number": _dashed(cards.DECLINE_LIMIT),
                        "expiry": "2031-12",
                    },
                )
            elif kind == 3:
                call(
                    "POST",
                    "/payments/cancel",
                    (200, 0),
                    json={"imp_uid": last_imp, "amount": 1_000, "checksum": 20_000},
                )
            elif kind == 4:
                call("GET", f"/payments/findAll/{last_uid}", (200, 0))
            elif kind == 5:
                call("GET", "/payments", (200, 0), params={"imp_uid[]": [last_imp]})
            elif kind == 6:
                call("GET", "/payments/status/paid", (200, 0), params={"limit": 5})
            elif kind == 7:
                call(
                    "POST",
                    "/users/getToken",
                    (200, 0),
                    json={"imp_key": DEMO_IMP_KEY, "imp_secret": DEMO_IMP_SECRET},
                )
            elif kind == 8:
                call(
                    "POST",
                    "/subscribe/payments/again",
                    (200, 0),
                    json={
                        **order,
                        "customer_uid": customer_uid,
                        "merchant_uid": f"soak-{worker}-{step}-b",
                    },
                )
            else:
                call("GET", f"/subscribe/customers/{customer_uid}", (200, 0))
    with lock:
        result.requests += done
        result.errors.extend(errors)


def run_load(base_url: str, total: int = 10_000, workers: int = 8) -> LoadResult:
    """Send `total` requests from `workers` threads and return what happened (threads joined)."""
    result = LoadResult()
    lock = threading.Lock()
    per_worker = total // workers
    threads = [
        threading.Thread(
            target=_worker,
            args=(base_url, n, per_worker + (1 if n < total % workers else 0), result, lock),
            name=f"soak-{n}",
        )
        for n in range(workers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result
