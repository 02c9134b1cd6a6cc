"""The buyer fields of a sale or card registration, checked against the lengths PortOne/KSNET accept.

buyer_name is required by KSNET, 1–16 characters; tel at most 16 characters of digits and dashes (stored as
typed, spaces removed); e-mail at most 64 with one ``@`` and a dotted domain; postcode at most 8 of digits
and dashes. Names are stripped of surrounding blanks; inner blanks are kept. Every field goes through
``free_text.clean_text`` first: no control characters, no lone surrogates, nothing that looks like a card
number (a cashier who types one into the buyer or order name gets a field error, not a crash later).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, attempt
from pos_app.domain.free_text import clean_text, normalise_text, refuse_card_like
from pos_app.domain.typed_input import digits_only

BUYER_NAME_MAX = 16
BUYER_TEL_MAX = 16
BUYER_EMAIL_MAX = 64
BUYER_POSTCODE_MAX = 8
ORDER_NAME_MAX = 40

MSG_BUYER_NAME_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "구매자 이름을 입력하세요 (KSNET 필수).")
MSG_BUYER_NAME_LONG = QT_TRANSLATE_NOOP("FieldError", "구매자 이름은 {max}자 이하로 입력하세요.")
MSG_TEL_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "전화번호를 입력하세요.")
MSG_TEL_FORMAT = QT_TRANSLATE_NOOP("FieldError", "전화번호는 숫자와 - 만 입력하세요.")
MSG_TEL_LONG = QT_TRANSLATE_NOOP("FieldError", "전화번호는 {max}자 이하로 입력하세요.")
MSG_TEL_SHORT = QT_TRANSLATE_NOOP("FieldError", "전화번호가 너무 짧습니다 (숫자 {min}자리 이상).")
MSG_EMAIL_FORMAT = QT_TRANSLATE_NOOP("FieldError", "이메일 주소 형식이 올바르지 않습니다.")
MSG_EMAIL_LONG = QT_TRANSLATE_NOOP("FieldError", "이메일은 {max}자 이하로 입력하세요.")
MSG_POSTCODE_FORMAT = QT_TRANSLATE_NOOP("FieldError", "우편번호는 숫자와 - 만 입력하세요.")
MSG_POSTCODE_LONG = QT_TRANSLATE_NOOP("FieldError", "우편번호는 {max}자 이하로 입력하세요.")
MSG_ORDER_NAME_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "주문명을 입력하세요.")
MSG_ORDER_NAME_LONG = QT_TRANSLATE_NOOP("FieldError", "주문명은 {max}자 이하로 입력하세요.")

TEL_MIN_DIGITS = 8  # shortest Korean number worth keeping (e.g. 1588-xxxx)
_TEL = re.compile(r"[0-9-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_POSTCODE = re.compile(r"[0-9-]+")


@dataclass(frozen=True)
class Buyer:
    """Who pays: sent as buyer_* (or customer_* when registering a card)."""

    name: str
    tel: str = ""
    email: str = ""
    postcode: str = ""

    @property
    def tel_digits(self) -> str:
        return digits_only(self.tel)


def _required_name(text: str, field: str, required: str, too_long: str, max_len: int) -> str:
    """A name as typed with runs of white space folded to one; refused when empty or too long."""
    name = clean_text(field, text)
    if not name:
        raise FieldError(field, required)
    if len(name) > max_len:
        raise FieldError(field, too_long, max=max_len)
    return name


def parse_buyer_name(text: str) -> str:
    return _required_name(text, "buyer_name", MSG_BUYER_NAME_REQUIRED, MSG_BUYER_NAME_LONG, BUYER_NAME_MAX)


def parse_tel(text: str, *, required: bool = False) -> str:
    """Phone as typed without spaces ("010-1234-5678"); "" when empty and not required."""
    tel = "".join(normalise_text("buyer_tel", text).split())
    if not tel:
        if required:
            raise FieldError("buyer_tel", MSG_TEL_REQUIRED)
        return ""
    if _TEL.fullmatch(tel) is None:
        raise FieldError("buyer_tel", MSG_TEL_FORMAT)
    if len(tel) > BUYER_TEL_MAX:
        raise FieldError("buyer_tel", MSG_TEL_LONG, max=BUYER_TEL_MAX)
    if len(digits_only(tel)) < TEL_MIN_DIGITS:
        raise FieldError("buyer_tel", MSG_TEL_SHORT, min=TEL_MIN_DIGITS)
    refuse_card_like("buyer_tel", tel)  # no phone number has 13 digits; a card number typed here has
    return tel


def parse_email(text: str) -> str:
    email = clean_text("buyer_email", text)
    if not email:
        return ""
    if len(email) > BUYER_EMAIL_MAX:
        raise FieldError("buyer_email", MSG_EMAIL_LONG, max=BUYER_EMAIL_MAX)
    if _EMAIL.fullmatch(email) is None:
        raise FieldError("buyer_email", MSG_EMAIL_FORMAT)
    return email


def parse_postcode(text: str) -> str:
    postcode = "".join(normalise_text("buyer_postcode", text).split())
    if not postcode:
        return ""
    if _POSTCODE.fullmatch(postcode) is None:
        raise FieldError("buyer_postcode", MSG_POSTCODE_FORMAT)
    if len(postcode) > BUYER_POSTCODE_MAX:
        raise FieldError("buyer_postcode", MSG_POSTCODE_LONG, max=BUYER_POSTCODE_MAX)
    return postcode


def parse_order_name(text: str) -> str:
    return _required_name(text, "order_name", MSG_ORDER_NAME_REQUIRED, MSG_ORDER_NAME_LONG, ORDER_NAME_MAX)


def collect_buyer(
    form: Mapping[str, str], errors: list[FieldError], *, tel_required: bool = False
) -> Buyer | None:
    """Read buyer_* fields, appending every problem to ``errors``; None when any was refused."""
    name = attempt(errors, lambda: parse_buyer_name(form.get("buyer_name", "")))
    tel = attempt(errors, lambda: parse_tel(form.get("buyer_tel", ""), required=tel_required))
    email = attempt(errors, lambda: parse_email(form.get("buyer_email", "")))
    postcode = attempt(errors, lambda: parse_postcode(form.get("buyer_postcode", "")))
    if name is None or tel is None or email is None or postcode is None:
        return None
    return Buyer(name=name, tel=tel, email=email, postcode=postcode)
