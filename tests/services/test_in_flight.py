"""The in-flight guard: a cashier's call and a background reconciliation never work on one row at once."""

from __future__ import annotations

import pytest

from pos_app.services.context import InFlight
from pos_app.services.errors import ServiceError


def test_claim_if_free_skips_a_held_key_and_claims_a_free_one() -> None:
    guard = InFlight()
    with guard.claim("sale:A"):
        with guard.claim_if_free("sale:A") as free:
            assert not free  # held by the cashier's call: skipped, not failed
        with guard.claim_if_free("sale:B") as free:
            assert free
            with pytest.raises(ServiceError), guard.claim("sale:B"):  # now held for everyone else
                pass
    with guard.claim_if_free("sale:A") as free:
        assert free  # released when the cashier's call ended
    with guard.claim("sale:A", "sale:B"):
        pass  # nothing left behind


def test_a_skipped_claim_does_not_release_the_holder() -> None:
    guard = InFlight()
    with guard.claim("sale:A"):
        with guard.claim_if_free("sale:A") as free:
            assert not free
        with pytest.raises(ServiceError), guard.claim("sale:A"):
            pass
