"""What people cost: the PIN check itself, and the charge path with a cashier signed in against none.

  PIN check     ``check_pin`` of a stored hash (scrypt, n = 2^14, r = 8, p = 1): what one sign-in or one
                approval waits for on the runner's cashier lane (never the GUI thread);
  charge, signed in   a key-in charge on the sandbox by a signed-in cashier (role table, the writer of
                the call from the session) against the same charge on a counter without people, each on
                its own journal, alternated within every round: the issue's "nothing here may slow the
                charge path".
"""

from __future__ import annotations

import contextlib
import statistics
from typing import Any

from build_scripts.bench.common import keyed_order, median_of, sandbox_stack
from build_scripts.bench.figures import Figure

PIN = "60293817"  # a bench PIN; written nowhere but the bench's throw-away journal, as its hash


def _charge(services: Any, order: Any) -> None:
    from pos_app.domain.outcomes import Outcome

    outcome = services.charge_keyed_card(order)
    if outcome.outcome is not Outcome.APPROVED:
        raise RuntimeError(f"the benchmark charge was {outcome.outcome}: {outcome.message}")


def measure(rounds: int, quick: bool) -> list[Figure]:
    from pos_app.domain.people import Role
    from pos_app.domain.pin_hash import check_pin, hash_pin

    samples = 3 if quick else 15
    stored = hash_pin(PIN)
    checks: list[float] = []
    signed: list[float] = []
    nobody: list[float] = []
    order = keyed_order()
    with contextlib.ExitStack() as stack:
        with_people = stack.enter_context(sandbox_stack("BENCHP1")).services
        without = stack.enter_context(sandbox_stack("BENCHP2")).services
        with_people.people.add_person("사장님", Role.OWNER, "73914682")
        with_people.people.add_person("김점원", Role.CASHIER, PIN)
        with_people.people.sign_in("김점원", PIN)
        for services in (with_people, without):
            _charge(services, order)  # warm: token and connection, as at a counter that has charged before
        for _ in range(rounds):
            checks.append(1000 * median_of(lambda: check_pin(PIN, stored), samples))
            signed.append(median_of(lambda: _charge(with_people, order), samples))
            nobody.append(median_of(lambda: _charge(without, order), samples))
    return [
        Figure(
            name="PIN check (scrypt n=2^14, r=8)",
            ours=checks,
            reference=None,
            unit="ms",
            goal=250.0,
            goal_text="≤ 250 ms, once per sign-in or approval, off the GUI thread",
            extra={"median_ms": statistics.median(checks)},
        ),
        Figure(
            name="charge with a cashier signed in vs no people",
            ours=signed,
            reference=nobody,
            unit="s",
            goal=1.05,
            goal_text="≤ 1.05× (sign-in state is in memory)",
            extra={
                "signed_in_ms": 1000 * statistics.median(signed),
                "no_people_ms": 1000 * statistics.median(nobody),
            },
        ),
    ]
