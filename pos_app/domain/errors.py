"""Field errors of the counter forms: which field is wrong and why, in translatable Korean source text.

A rule in ``pos_app.domain`` that refuses an input raises :class:`FieldError` naming the form field (one of
:data:`FIELD_ORDER`) with a Korean message marked by ``QT_TRANSLATE_NOOP("FieldError", ...)`` so that
``pyside6-lupdate`` collects it; the UI shows ``QCoreApplication.translate("FieldError", message)`` filled
with ``params`` by ``str.format``. Validating a whole form raises :class:`FormErrors` with every problem
at once, in form order.

Messages and params never carry card digits, expiry, birth/business numbers or PIN digits: a FieldError
may end up in a log or a crash report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Mark ``text`` for ``pyside6-lupdate`` under ``context``; returns it unchanged (Korean source)."""
    return text


# The order the fields appear on the counter forms; FormErrors are sorted by it.
FIELD_ORDER: tuple[str, ...] = (
    "amount",
    "tax_free",
    "order_name",
    "buyer_name",
    "buyer_tel",
    "buyer_email",
    "buyer_postcode",
    "card_number",
    "expiry",
    "birth",
    "pwd_2digit",
    "card_quota",
    "product_type",
    "identifier",
    "customer_uid",
    "reason",
)

# Field names for a UI that wants to prefix a message with its field (context "FieldLabel").
FIELD_LABELS: Mapping[str, str] = {
    "amount": QT_TRANSLATE_NOOP("FieldLabel", "금액"),
    "tax_free": QT_TRANSLATE_NOOP("FieldLabel", "면세 금액"),
    "order_name": QT_TRANSLATE_NOOP("FieldLabel", "주문명"),
    "buyer_name": QT_TRANSLATE_NOOP("FieldLabel", "구매자 이름"),
    "buyer_tel": QT_TRANSLATE_NOOP("FieldLabel", "구매자 전화번호"),
    "buyer_email": QT_TRANSLATE_NOOP("FieldLabel", "구매자 이메일"),
    "buyer_postcode": QT_TRANSLATE_NOOP("FieldLabel", "우편번호"),
    "card_number": QT_TRANSLATE_NOOP("FieldLabel", "카드번호"),
    "expiry": QT_TRANSLATE_NOOP("FieldLabel", "유효기간"),
    "birth": QT_TRANSLATE_NOOP("FieldLabel", "생년월일/사업자번호"),
    "pwd_2digit": QT_TRANSLATE_NOOP("FieldLabel", "비밀번호 앞 2자리"),
    "card_quota": QT_TRANSLATE_NOOP("FieldLabel", "할부"),
    "product_type": QT_TRANSLATE_NOOP("FieldLabel", "상품 유형"),
    "identifier": QT_TRANSLATE_NOOP("FieldLabel", "현금영수증 발급번호"),
    "customer_uid": QT_TRANSLATE_NOOP("FieldLabel", "등록 카드"),
    "reason": QT_TRANSLATE_NOOP("FieldLabel", "취소 사유"),
}


class FieldError(ValueError):
    """One refused input: the field key, the Korean source message and its named parameters."""

    field: str
    message: str
    params: dict[str, object]

    def __init__(self, field: str, message: str, /, **params: object) -> None:
        # args stay (field, message) so the exception pickles and its repr names the field only
        super().__init__(field, message)
        self.field = field
        self.message = message
        self.params = dict(params)

    def __str__(self) -> str:
        return self.message.format(**self.params)

    def render(self, translate: Callable[[str, str], str] | None = None) -> str:
        """The message in the UI language: ``translate`` is e.g. ``QCoreApplication.translate``."""
        text = translate("FieldError", self.message) if translate is not None else self.message
        return text.format(**self.params)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_field_error, (self.field, self.message, self.params))


def _rebuild_field_error(field: str, message: str, params: dict[str, object]) -> FieldError:
    return FieldError(field, message, **params)


def _order_key(error: FieldError) -> int:
    try:
        return FIELD_ORDER.index(error.field)
    except ValueError:
        return len(FIELD_ORDER)


class FormErrors(ValueError):
    """Every problem of one form at once, sorted in form order (stable for several errors per field)."""

    errors: tuple[FieldError, ...]

    def __init__(self, errors: Iterable[FieldError]) -> None:
        ordered = tuple(sorted(errors, key=_order_key))
        if not ordered:
            raise ValueError("FormErrors needs at least one FieldError")
        super().__init__(*ordered)
        self.errors = ordered

    def __str__(self) -> str:
        return "; ".join(f"{e.field}: {e}" for e in self.errors)

    @property
    def fields(self) -> tuple[str, ...]:
        """The refused field keys in form order, each once."""
        return tuple(dict.fromkeys(e.field for e in self.errors))

    def for_field(self, field: str) -> tuple[FieldError, ...]:
        return tuple(e for e in self.errors if e.field == field)

    def __reduce__(self) -> tuple[object, ...]:
        return (FormErrors, (self.errors,))


def attempt(errors: list[FieldError], parse: Callable[[], T]) -> T | None:
    """Run one field's parser for a form: its value, or None with the FieldError appended to ``errors``."""
    try:
        return parse()
    except FieldError as error:
        errors.append(error)
        return None
