"""Cash receipts (현금영수증): who the receipt is issued to, and an external receipt order.

The identifier is sent digits only (KSNET's window silently skips issuance when dashes are present,
API-NOTES §6.1):

* ``phone``: a mobile number, 10–11 digits starting with ``01``;
* ``business``: a 10-digit business registration number with a valid check digit;
* ``taxcard``: an NTS cash-receipt card number, 13–19 digits (no public check digit rule; not checked);
* ``person``: a resident registration number, 13 digits whose first 6 are a real birth date and whose
  7th is a known century/sex digit (1–8). RRN check digits are not checked: numbers issued since
  October 2020 no longer follow the old rule.

The receipt type ``person`` is 소득공제 (income deduction), ``company`` is 지출증빙 (expense proof). When
the buyer gives no number, the NTS self-issue number :data:`SELF_ISSUE_IDENTIFIER` is used (자진발급),
which exists for income-deduction receipts only: an expense-proof receipt needs the buyer's number.

Identifiers are personal data: the repr of an :class:`ExternalReceiptOrder` shows the last 4 digits only,
and :func:`identifier_hint` is the masked form for the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pos_app.domain.business_number import is_valid_business_number
from pos_app.domain.buyer import Buyer, collect_buyer, parse_order_name
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors, attempt
from pos_app.domain.forms import ProductType, collect_amounts, parse_product_type
from pos_app.domain.money import TaxSplit, parse_won, vat_of
from pos_app.domain.typed_input import is_ascii_digits, normalise, without_separators
from pos_app.domain.uids import is_valid_merchant_uid

IdentifierType = Literal["phone", "business", "taxcard", "person"]
ReceiptType = Literal["person", "company"]  # 소득공제 / 지출증빙
IDENTIFIER_TYPES: tuple[IdentifierType, ...] = ("phone", "business", "taxcard", "person")
RECEIPT_TYPES: tuple[ReceiptType, ...] = ("person", "company")
SELF_ISSUE_IDENTIFIER = "0100001234"  # NTS self-issue number 010-000-1234 (sent digits only)

MSG_IDENTIFIER_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "현금영수증 발급 번호를 입력하세요.")
MSG_IDENTIFIER_DIGITS = QT_TRANSLATE_NOOP("FieldError", "현금영수증 발급 번호는 숫자만 입력하세요.")
MSG_IDENTIFIER_PHONE = QT_TRANSLATE_NOOP("FieldError", "휴대폰 번호는 01로 시작하는 10~11자리여야 합니다.")
MSG_IDENTIFIER_BUSINESS = QT_TRANSLATE_NOOP(
    "FieldError", "사업자등록번호가 올바르지 않습니다 (10자리, 검증 번호 확인)."
)
MSG_IDENTIFIER_TAXCARD = QT_TRANSLATE_NOOP("FieldError", "현금영수증 카드번호는 13~19자리여야 합니다.")
MSG_IDENTIFIER_PERSON = QT_TRANSLATE_NOOP("FieldError", "주민등록번호 13자리가 올바르지 않습니다.")
MSG_IDENTIFIER_TYPE = QT_TRANSLATE_NOOP("FieldError", "발급 번호 종류를 선택하세요.")
MSG_RECEIPT_TYPE = QT_TRANSLATE_NOOP("FieldError", "소득공제 또는 지출증빙을 선택하세요.")
MSG_SELF_ISSUE_NOT_FOR_COMPANY = QT_TRANSLATE_NOOP(
    "FieldError", "지출증빙은 자진발급할 수 없습니다. 사업자등록번호 등 발급 번호를 입력하세요."
)


def parse_identifier(text: str, kind: IdentifierType, *, today: date | None = None) -> str:
    """The identifier as digits only, checked for ``kind``; FieldError("identifier")."""
    cleaned = without_separators(text)
    if not cleaned:
        raise FieldError("identifier", MSG_IDENTIFIER_REQUIRED)
    if not is_ascii_digits(cleaned):
        raise FieldError("identifier", MSG_IDENTIFIER_DIGITS)
    if kind == "phone":
        if not (len(cleaned) in (10, 11) and cleaned.startswith("01")):
            raise FieldError("identifier", MSG_IDENTIFIER_PHONE)
    elif kind == "business":
        if not is_valid_business_number(cleaned):
            raise FieldError("identifier", MSG_IDENTIFIER_BUSINESS)
    elif kind == "taxcard":
        if not 13 <= len(cleaned) <= 19:
            raise FieldError("identifier", MSG_IDENTIFIER_TAXCARD)
    elif kind == "person":
        if not _plausible_rrn(cleaned, today or date.today()):
            raise FieldError("identifier", MSG_IDENTIFIER_PERSON)
    else:
        raise FieldError("identifier", MSG_IDENTIFIER_TYPE)
    return cleaned


def _plausible_rrn(digits: str, today: date) -> bool:
    if len(digits) != 13 or digits[6] not in "12345678":
        return False
    # 1,2,5,6: born 1900-1999; 3,4,7,8: born 2000-2099
    century = 1900 if digits[6] in "1256" else 2000
    try:
        born = date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False
    return born <= today


def identifier_hint(identifier: str) -> str:
    """The identifier masked for storage and display: only the last 4 digits visible."""
    if len(identifier) <= 4:
        return "*" * len(identifier)
    return "*" * (len(identifier) - 4) + identifier[-4:]


def parse_identifier_type(text: str) -> IdentifierType:
    value = normalise(text).lower()
    for kind in IDENTIFIER_TYPES:
        if value == kind:
            return kind
    raise FieldError("identifier", MSG_IDENTIFIER_TYPE)


def parse_receipt_type(text: str) -> ReceiptType:
    value = normalise(text).lower()
    for receipt_type in RECEIPT_TYPES:
        if value == receipt_type:
            return receipt_type
    raise FieldError("identifier", MSG_RECEIPT_TYPE)


@dataclass(frozen=True, repr=False)
class ExternalReceiptOrder:
    """A cash receipt for a cash sale taken outside PortOne (``POST /receipts/external/{merchant_uid}``)."""

    merchant_uid: str
    order_name: str
    amount: int
    tax_free: int
    identifier: str
    identifier_type: IdentifierType
    receipt_type: ReceiptType
    product_type: ProductType
    buyer: Buyer

    def __post_init__(self) -> None:
        parse_won(self.amount, "amount")
        TaxSplit(self.amount, self.tax_free)
        if not is_valid_merchant_uid(self.merchant_uid):
            raise ValueError("merchant_uid must be minted by pos_app.domain.uids")

    @property
    def vat(self) -> int:
        return vat_of(self.amount, self.tax_free)

    @property
    def identifier_hint(self) -> str:
        return identifier_hint(self.identifier)

    def __repr__(self) -> str:
        return (
            f"ExternalReceiptOrder(merchant_uid={self.merchant_uid!r}, amount={self.amount}, "
            f"tax_free={self.tax_free}, identifier={self.identifier_hint!r}, "
            f"identifier_type={self.identifier_type!r}, receipt_type={self.receipt_type!r})"
        )

    __str__ = __repr__


def validate_external_receipt(
    form: Mapping[str, str], merchant_uid: str, *, today: date | None = None
) -> ExternalReceiptOrder:
    """An external receipt order from the form; FormErrors with every refused field.

    Form keys: amount, tax_free, order_name, buyer_*, product_type, identifier, identifier_type,
    receipt_type. An empty identifier means self-issue (:data:`SELF_ISSUE_IDENTIFIER`, type phone).
    """
    if not is_valid_merchant_uid(merchant_uid):
        raise ValueError("merchant_uid must be minted by pos_app.domain.uids")
    errors: list[FieldError] = []
    amount, tax_free = collect_amounts(form, errors)
    order_name = attempt(errors, lambda: parse_order_name(form.get("order_name", "")))
    buyer = collect_buyer(form, errors)
    product_type = attempt(errors, lambda: parse_product_type(form.get("product_type", "")))
    identifier: str | None = None
    identifier_type: IdentifierType | None = None
    if not normalise(form.get("identifier", "")):
        identifier, identifier_type = SELF_ISSUE_IDENTIFIER, "phone"
    else:
        identifier_type = attempt(errors, lambda: parse_identifier_type(form.get("identifier_type", "")))
        if identifier_type is not None:
            kind = identifier_type
            identifier = attempt(
                errors, lambda: parse_identifier(form.get("identifier", ""), kind, today=today)
            )
    receipt_type = attempt(errors, lambda: parse_receipt_type(form.get("receipt_type", "person") or "person"))
    if receipt_type == "company" and identifier == SELF_ISSUE_IDENTIFIER:
        # the NTS self-issue number is for income-deduction receipts only (자진발급 = 소득공제용)
        errors.append(FieldError("identifier", MSG_SELF_ISSUE_NOT_FOR_COMPANY))
    if (
        errors
        or amount is None
        or tax_free is None
        or order_name is None
        or buyer is None
        or product_type is None
        or identifier is None
        or identifier_type is None
        or receipt_type is None
    ):
        raise FormErrors(errors)
    return ExternalReceiptOrder(
        merchant_uid=merchant_uid,
        order_name=order_name,
        amount=amount,
        tax_free=tax_free,
        identifier=identifier,
        identifier_type=identifier_type,
        receipt_type=receipt_type,
        product_type=product_type,
        buyer=buyer,
    )
