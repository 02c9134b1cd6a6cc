"""The counter's money forms validated as a whole: key-in charge, card registration, billing-key charge.

Each ``validate_*`` reads the form as typed (a mapping of the field keys of ``errors.FIELD_ORDER`` to
strings; missing keys count as empty), runs every field rule, and raises :class:`FormErrors` with *all*
refused fields in form order, or returns the validated value. Rules that depend on another field (the
tax-free part needs a valid amount, 할부 needs the amount) are checked only when that field passed.

Decisions where the contract is silent:

* ``tax_free`` and ``card_quota`` may be left empty (0); ``product_type`` must be ``real`` or
  ``digital`` — KSNET requires it and a silent default could declare digital goods as physical.
* Key-in: ``birth`` and ``pwd_2digit`` are optional (KSNET approves on number + expiry) but checked when
  typed. Card registration: both required (KSNET billing-key issue), and ``buyer_tel`` too, because
  regular customers are found again by phone number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pos_app.domain.buyer import Buyer, collect_buyer, parse_order_name
from pos_app.domain.card import CardNumber
from pos_app.domain.card_auth import Expiry, parse_birth, parse_pwd_2digit
from pos_app.domain.card_issuers import guess_card_company
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors, attempt
from pos_app.domain.ksnet import MAX_QUOTA, MSG_QUOTA_NOT_NUMBER, MSG_QUOTA_RANGE, check_card_quota
from pos_app.domain.money import TaxSplit, parse_won, vat_of
from pos_app.domain.typed_input import is_ascii_digits, normalise
from pos_app.domain.uids import is_valid_customer_uid

ProductType = Literal["real", "digital"]
PRODUCT_TYPES: tuple[ProductType, ...] = ("real", "digital")

MSG_PRODUCT_TYPE = QT_TRANSLATE_NOOP("FieldError", "상품 유형(실물/디지털)을 선택하세요.")
MSG_CUSTOMER_UID = QT_TRANSLATE_NOOP("FieldError", "등록된 카드를 다시 선택하세요 (고객 번호 오류).")


def parse_product_type(text: str) -> ProductType:
    value = normalise(text).lower()
    if value not in PRODUCT_TYPES:
        raise FieldError("product_type", MSG_PRODUCT_TYPE)
    return "real" if value == "real" else "digital"


def parse_card_quota_text(text: str, amount: int | None) -> int:
    """A typed/selected 할부 value ("" = 0); the amount rule only when ``amount`` is known."""
    cleaned = normalise(text)
    if cleaned.endswith("개월"):
        cleaned = cleaned[:-2].strip()
    if cleaned in ("", "일시불"):
        return 0
    if not is_ascii_digits(cleaned) or len(cleaned) > 3:
        raise FieldError("card_quota", MSG_QUOTA_NOT_NUMBER)
    quota = int(cleaned)
    if amount is None:
        if quota != 0 and not 2 <= quota <= MAX_QUOTA:
            raise FieldError("card_quota", MSG_QUOTA_RANGE, max=MAX_QUOTA)
        return quota
    return check_card_quota(quota, amount)


def check_order_invariants(amount: int, tax_free: int, card_quota: int, product_type: str) -> None:
    """The rules every validated order keeps, re-checked when one is built directly (FieldError)."""
    parse_won(amount, "amount")
    TaxSplit(amount, tax_free)
    check_card_quota(card_quota, amount)
    parse_product_type(product_type)


@dataclass(frozen=True, repr=False)
class CardSecrets:
    """Card data for one call only: never stored, logged or shown unmasked."""

    number: CardNumber
    expiry: Expiry
    birth: str | None
    pwd_2digit: str | None

    def __repr__(self) -> str:
        return f"CardSecrets(****{self.number.last4})"

    __str__ = __repr__

    @property
    def masked(self) -> str:
        return self.number.masked

    @property
    def card_company(self) -> str | None:
        return guess_card_company(self.number.bin6)


class _CheckedOrder:
    """What every charge shares: the order invariants, checked when it is built, and its VAT."""

    amount: int
    tax_free: int
    card_quota: int
    product_type: ProductType

    def __post_init__(self) -> None:
        check_order_invariants(self.amount, self.tax_free, self.card_quota, self.product_type)

    @property
    def vat(self) -> int:
        return vat_of(self.amount, self.tax_free)


@dataclass(frozen=True)
class KeyedCharge(_CheckedOrder):
    """A validated key-in order (its repr shows the card as ``CardSecrets(****1234)`` only)."""

    amount: int
    tax_free: int
    order_name: str
    buyer: Buyer
    card: CardSecrets
    card_quota: int
    product_type: ProductType

    @property
    def card_hint(self) -> str:
        """The masked card number (6+4) for the journal and the screen."""
        return self.card.number.masked


@dataclass(frozen=True)
class BillingCharge(_CheckedOrder):
    """A validated charge of a saved card (billing key).

    ``customer_uid`` is not checked here: a register-and-charge flow builds the charge before the
    customer_uid exists (``""``) and services fill it in; :func:`validate_billing_charge` checks it.
    """

    customer_uid: str
    amount: int
    tax_free: int
    order_name: str
    buyer: Buyer
    card_quota: int
    product_type: ProductType


@dataclass(frozen=True)
class _Order:
    amount: int
    tax_free: int
    order_name: str
    card_quota: int
    product_type: ProductType


def collect_amounts(form: Mapping[str, str], errors: list[FieldError]) -> tuple[int | None, int | None]:
    """amount (required, > 0) and tax_free (empty = 0, within 0..amount); None for a refused one."""
    amount = attempt(errors, lambda: parse_won(form.get("amount", ""), "amount"))
    tax_free_text = form.get("tax_free", "")
    raw_tax_free = attempt(
        errors,
        lambda: parse_won(tax_free_text, "tax_free", allow_zero=True) if normalise(tax_free_text) else 0,
    )
    if amount is None or raw_tax_free is None:
        return amount, None
    return amount, attempt(errors, lambda: TaxSplit(amount, raw_tax_free).tax_free)


def _collect_order(form: Mapping[str, str], errors: list[FieldError]) -> _Order | None:
    """amount, tax_free, order_name, card_quota, product_type; None when any was refused."""
    amount, tax_free = collect_amounts(form, errors)
    order_name = attempt(errors, lambda: parse_order_name(form.get("order_name", "")))
    card_quota = attempt(errors, lambda: parse_card_quota_text(form.get("card_quota", ""), amount))
    product_type = attempt(errors, lambda: parse_product_type(form.get("product_type", "")))
    if amount is None or tax_free is None or order_name is None or card_quota is None or product_type is None:
        return None
    return _Order(amount, tax_free, order_name, card_quota, product_type)


def _collect_card(
    form: Mapping[str, str], today: date, errors: list[FieldError], *, auth_required: bool
) -> CardSecrets | None:
    number = attempt(errors, lambda: CardNumber.parse(form.get("card_number", "")))
    expiry = attempt(errors, lambda: Expiry.parse(form.get("expiry", ""), today))
    birth_text = form.get("birth", "")
    pwd_text = form.get("pwd_2digit", "")
    birth: str | None = None
    pwd: str | None = None
    birth_ok = pwd_ok = True
    if auth_required or normalise(birth_text):
        birth = attempt(errors, lambda: parse_birth(birth_text, today=today))
        birth_ok = birth is not None
    if auth_required or normalise(pwd_text):
        pwd = attempt(errors, lambda: parse_pwd_2digit(pwd_text))
        pwd_ok = pwd is not None
    if number is None or expiry is None or not birth_ok or not pwd_ok:
        return None
    return CardSecrets(number=number, expiry=expiry, birth=birth, pwd_2digit=pwd)


def validate_keyed_charge(form: Mapping[str, str], today: date) -> KeyedCharge:
    """A key-in order from the form; FormErrors with every refused field otherwise."""
    errors: list[FieldError] = []
    order = _collect_order(form, errors)
    buyer = collect_buyer(form, errors)
    card = _collect_card(form, today, errors, auth_required=False)
    if errors or order is None or buyer is None or card is None:
        raise FormErrors(errors)
    return KeyedCharge(
        amount=order.amount,
        tax_free=order.tax_free,
        order_name=order.order_name,
        buyer=buyer,
        card=card,
        card_quota=order.card_quota,
        product_type=order.product_type,
    )


def validate_card_registration(form: Mapping[str, str], today: date) -> tuple[CardSecrets, Buyer]:
    """Card and buyer for a billing-key registration (birth, pwd and phone required)."""
    errors: list[FieldError] = []
    buyer = collect_buyer(form, errors, tel_required=True)
    card = _collect_card(form, today, errors, auth_required=True)
    if errors or buyer is None or card is None:
        raise FormErrors(errors)
    return card, buyer


def validate_billing_charge(form: Mapping[str, str], customer_uid: str) -> BillingCharge:
    """A charge of the saved card ``customer_uid`` from the form (no card fields)."""
    errors: list[FieldError] = []
    order = _collect_order(form, errors)
    buyer = collect_buyer(form, errors)
    if not is_valid_customer_uid(customer_uid):
        errors.append(FieldError("customer_uid", MSG_CUSTOMER_UID))
    if errors or order is None or buyer is None:
        raise FormErrors(errors)
    return BillingCharge(
        customer_uid=customer_uid,
        amount=order.amount,
        tax_free=order.tax_free,
        order_name=order.order_name,
        buyer=buyer,
        card_quota=order.card_quota,
        product_type=order.product_type,
    )
