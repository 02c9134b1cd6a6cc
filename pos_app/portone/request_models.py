"""What we send to PortOne: one frozen dataclass per state-changing call, with its JSON body.

Re-exported by ``pos_app.portone.models`` (the contract names them there). Bodies carry only fields the
official schema defines for their endpoint, and always the ones KSNET needs: ``tax_free``,
``product_type`` and ``buyer_name``; optional contact fields only when filled. The channel fields (``pg``
on onetime, ``channel_key`` elsewhere) are added by the client from its settings. Values the schema
bounds (``maxLength``) are checked on construction: a ``ValueError`` here is a programmer error, the
domain layer validates the form first. Reprs redact card data and receipt identifiers (a resident
registration or cash-receipt card number is as toxic as a card number); these objects live only for
one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ProductType = Literal["real", "digital"]
IdentifierType = Literal["phone", "business", "taxcard", "person"]
ReceiptType = Literal["person", "company"]


def _check_money(amount: int, tax_free: int) -> None:
    # Programmer errors: the domain layer validated the form; these guard the wire.
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive whole won amount")
    if isinstance(tax_free, bool) or not isinstance(tax_free, int) or not 0 <= tax_free <= amount:
        raise ValueError("tax_free must be between 0 and amount")


def check_length(field: str, value: str, limit: int, *, required: bool = False) -> None:
    """The schema's ``maxLength`` (and non-empty where PortOne or KSNET needs the value)."""
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text")
    if required and not value:
        raise ValueError(f"{field} must not be empty")
    if len(value) > limit:
        raise ValueError(f"{field} must be at most {limit} characters")


def _check_quota(card_quota: int) -> None:
    if isinstance(card_quota, bool) or not isinstance(card_quota, int) or card_quota < 0:
        raise ValueError("card_quota must be a whole number of months (0 = lump sum)")


def _check_product_type(product_type: str) -> None:
    if product_type not in ("real", "digital"):
        raise ValueError("product_type must be 'real' or 'digital'")


def _hint(digits: str) -> str:
    tail = "".join(ch for ch in digits if ch.isdigit())[-4:]
    return f"****{tail}"


def _put_optional(body: dict[str, Any], **values: str | None) -> None:
    for key, value in values.items():
        if value:
            body[key] = value


class _ChargeTerms:
    """The order and buyer fields both charge calls send, checked the same way on the way out."""

    merchant_uid: str
    amount: int
    tax_free: int
    name: str
    buyer_name: str
    buyer_tel: str
    buyer_email: str
    card_quota: int
    product_type: ProductType

    def __post_init__(self) -> None:
        _check_money(self.amount, self.tax_free)
        _check_product_type(self.product_type)
        _check_quota(self.card_quota)
        check_length("merchant_uid", self.merchant_uid, 40, required=True)
        check_length("name", self.name, 40)
        check_length("buyer_name", self.buyer_name, 16, required=True)
        check_length("buyer_tel", self.buyer_tel, 16)
        check_length("buyer_email", self.buyer_email, 64)

    def _order_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "merchant_uid": self.merchant_uid,
            "amount": self.amount,
            "tax_free": self.tax_free,
            "name": self.name,
            "buyer_name": self.buyer_name,
            "card_quota": self.card_quota,
            "product_type": self.product_type,
        }
        _put_optional(body, buyer_tel=self.buyer_tel, buyer_email=self.buyer_email)
        return body


class _ReceiptTerms:
    """What both cash-receipt calls send about the receipt and the buyer."""

    identifier: str
    identifier_type: IdentifierType
    type: ReceiptType
    product_type: ProductType
    buyer_name: str
    buyer_tel: str
    buyer_email: str
    tax_free: int

    def _receipt_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "identifier": self.identifier,
            "identifier_type": self.identifier_type,
            "type": self.type,
            "product_type": self.product_type,
            "buyer_name": self.buyer_name,
            "tax_free": self.tax_free,
        }
        _put_optional(body, buyer_tel=self.buyer_tel, buyer_email=self.buyer_email)
        return body


@dataclass(frozen=True, repr=False)
class OnetimeRequest(_ChargeTerms):
    """A key-in charge (``POST /subscribe/payments/onetime``). Holds card data: repr redacted."""

    merchant_uid: str
    amount: int
    tax_free: int
    name: str
    card_number: str  # "dddd-dddd-dddd-dddd", from domain CardNumber.formatted()
    expiry: str  # "YYYY-MM"
    birth: str | None
    pwd_2digit: str | None
    buyer_name: str
    buyer_tel: str = ""
    buyer_email: str = ""
    card_quota: int = 0
    product_type: ProductType = "real"

    def __repr__(self) -> str:
        return (
            f"OnetimeRequest(merchant_uid={self.merchant_uid!r}, amount={self.amount}, "
            f"tax_free={self.tax_free}, card={_hint(self.card_number)})"
        )

    __str__ = __repr__

    def body(self) -> dict[str, Any]:
        body = self._order_body()
        body["card_number"] = self.card_number
        body["expiry"] = self.expiry
        _put_optional(body, birth=self.birth, pwd_2digit=self.pwd_2digit)
        return body


@dataclass(frozen=True)
class AgainRequest(_ChargeTerms):
    """A charge on a stored billing key (``POST /subscribe/payments/again``)."""

    customer_uid: str
    merchant_uid: str
    amount: int
    tax_free: int
    name: str
    buyer_name: str
    buyer_tel: str = ""
    buyer_email: str = ""
    card_quota: int = 0
    product_type: ProductType = "real"

    def __post_init__(self) -> None:
        super().__post_init__()
        check_length("customer_uid", self.customer_uid, 80, required=True)

    def body(self) -> dict[str, Any]:
        return {"customer_uid": self.customer_uid, **self._order_body()}


@dataclass(frozen=True, repr=False)
class BillingKeyRequest:
    """Card data for ``POST /subscribe/customers/{customer_uid}`` (KSNET needs birth and pwd)."""

    card_number: str
    expiry: str
    birth: str
    pwd_2digit: str
    customer_name: str
    customer_tel: str = ""
    customer_email: str = ""

    def __post_init__(self) -> None:
        check_length("customer_name", self.customer_name, 20)
        check_length("customer_tel", self.customer_tel, 20)
        check_length("customer_email", self.customer_email, 200)

    def __repr__(self) -> str:
        return f"BillingKeyRequest(card={_hint(self.card_number)}, customer_name={self.customer_name!r})"

    __str__ = __repr__

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "card_number": self.card_number,
            "expiry": self.expiry,
            "birth": self.birth,
            "pwd_2digit": self.pwd_2digit,
        }
        _put_optional(
            body,
            customer_name=self.customer_name,
            customer_tel=self.customer_tel,
            customer_email=self.customer_email,
        )
        return body


@dataclass(frozen=True)
class CancelRequest:
    """``POST /payments/cancel``. ``amount`` None = everything remaining; send ``checksum`` always."""

    imp_uid: str | None = None
    merchant_uid: str | None = None
    amount: int | None = None
    tax_free: int | None = None
    checksum: int | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.imp_uid and not self.merchant_uid:
            raise ValueError("a cancel needs imp_uid or merchant_uid")
        if self.amount is not None and self.amount < 0:
            raise ValueError("cancel amount must not be negative")

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        _put_optional(body, imp_uid=self.imp_uid, merchant_uid=self.merchant_uid, reason=self.reason)
        for key, value in (("amount", self.amount), ("tax_free", self.tax_free), ("checksum", self.checksum)):
            if value is not None:
                body[key] = value
        return body


@dataclass(frozen=True, repr=False)
class ReceiptRequest(_ReceiptTerms):
    """Cash receipt for a PortOne transfer/vbank payment (``POST /receipts/{imp_uid}``)."""

    identifier: str  # digits only; redacted in repr (may be a resident or cash-receipt card number)
    identifier_type: IdentifierType
    type: ReceiptType
    product_type: ProductType
    buyer_name: str
    buyer_tel: str = ""
    buyer_email: str = ""
    tax_free: int = 0

    def __post_init__(self) -> None:
        _check_product_type(self.product_type)

    def __repr__(self) -> str:
        return (
            f"ReceiptRequest(identifier={_hint(self.identifier)}, identifier_type={self.identifier_type!r}, "
            f"type={self.type!r})"
        )

    __str__ = __repr__

    def body(self) -> dict[str, Any]:
        return self._receipt_body()


@dataclass(frozen=True, repr=False)
class ExternalReceiptRequest(_ReceiptTerms):
    """Cash receipt for a sale outside PortOne (``POST /receipts/external/{merchant_uid}``)."""

    name: str
    amount: int
    identifier: str
    identifier_type: IdentifierType
    type: ReceiptType
    product_type: ProductType
    buyer_name: str
    buyer_tel: str = ""
    buyer_email: str = ""
    tax_free: int = 0

    def __post_init__(self) -> None:
        _check_money(self.amount, self.tax_free)
        _check_product_type(self.product_type)

    def __repr__(self) -> str:
        return (
            f"ExternalReceiptRequest(amount={self.amount}, identifier={_hint(self.identifier)}, "
            f"identifier_type={self.identifier_type!r}, type={self.type!r})"
        )

    __str__ = __repr__

    def body(self) -> dict[str, Any]:
        return {"name": self.name, "amount": self.amount, **self._receipt_body()}
