"""Helpers for the people tests: a shop of an owner, a manager and two cashiers, and their PINs.

The PINs are eight digits that occur nowhere else in the tests, so the canary scans can look for them in
every file the program writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.people import Role
from pos_app.services.counter import CounterServices

OWNER, MANAGER, CASHIER, CASHIER_2 = "이사장", "박관리", "김점원", "최점원"
PINS = {OWNER: "73914682", MANAGER: "51847326", CASHIER: "60293817", CASHIER_2: "48160395"}
WRONG_PIN = "99124578"


@dataclass(frozen=True)
class Shop:
    owner: int
    manager: int
    cashier: int
    cashier_2: int


def set_up_shop(services: CounterServices) -> Shop:
    """The first start creates the owner (signed in), who adds the others; the owner stays signed in."""
    people = services.people
    owner = people.add_person(OWNER, Role.OWNER, PINS[OWNER], PINS[OWNER])
    manager = people.add_person(MANAGER, Role.MANAGER, PINS[MANAGER])
    cashier = people.add_person(CASHIER, Role.CASHIER, PINS[CASHIER])
    cashier_2 = people.add_person(CASHIER_2, Role.CASHIER, PINS[CASHIER_2])
    return Shop(owner.id, manager.id, cashier.id, cashier_2.id)


def sign_in(services: CounterServices, name: str) -> None:
    services.people.sign_in(name, PINS[name])
