"""What the cardholder reads out besides the number: expiry, birth date or business number, PIN digits.

* Expiry: typed as ``MM/YY``, ``MMYY``, ``MM/YYYY``, ``YYYY-MM``, ``YYYY/MM`` or ``YYYYMM``; sent as
  ``YYYY-MM``. A card is valid through the last day of its expiry month, so the current month is
  accepted and any earlier one refused; more than :data:`EXPIRY_MAX_YEARS_AHEAD` years ahead is refused
  as a typing mistake (cards are issued for at most 10 years).
* Birth: ``YYMMDD`` that is a real calendar date, or a 10-digit business registration number (corporate
  cards, dashes allowed as ``123-45-67890``) with a valid check digit. The century of YYMMDD is the most
  recent one that does not put the birthday in the future (``000229`` is 29 Feb 2000; ``010229`` does
  not exist in 1901 or 2001).
* PIN: exactly the first 2 digits.

Values are toxic: reprs are redacted and no message or error parameter repeats them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pos_app.domain.business_number import is_valid_business_number
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.typed_input import is_ascii_digits, normalise, without_separators

EXPIRY_MAX_YEARS_AHEAD = 20

MSG_EXPIRY_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "유효기간을 입력하세요.")
MSG_EXPIRY_FORMAT = QT_TRANSLATE_NOOP(
    "FieldError", "유효기간은 MM/YY 형식으로 입력하세요 (예: 03/29 또는 2029-03)."
)
MSG_EXPIRY_MONTH = QT_TRANSLATE_NOOP("FieldError", "유효기간의 월은 01~12 사이여야 합니다.")
MSG_EXPIRY_PAST = QT_TRANSLATE_NOOP("FieldError", "유효기간이 지난 카드입니다.")
MSG_EXPIRY_TOO_FAR = QT_TRANSLATE_NOOP(
    "FieldError", "유효기간이 너무 먼 미래입니다 ({years}년 이내). 다시 확인하세요."
)
MSG_BIRTH_REQUIRED = QT_TRANSLATE_NOOP(
    "FieldError", "생년월일 6자리 또는 사업자등록번호 10자리를 입력하세요."
)
MSG_BIRTH_FORMAT = QT_TRANSLATE_NOOP(
    "FieldError", "생년월일(YYMMDD 6자리) 또는 사업자등록번호(10자리)를 숫자로 입력하세요."
)
MSG_BIRTH_DATE = QT_TRANSLATE_NOOP("FieldError", "생년월일이 실제 날짜가 아닙니다 (YYMMDD).")
MSG_BUSINESS_NUMBER = QT_TRANSLATE_NOOP(
    "FieldError", "사업자등록번호가 올바르지 않습니다 (검증 번호 불일치)."
)
MSG_PWD_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "카드 비밀번호 앞 2자리를 입력하세요.")
MSG_PWD_FORMAT = QT_TRANSLATE_NOOP("FieldError", "카드 비밀번호는 앞 2자리 숫자만 입력하세요.")

_EXPIRY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?P<m>[0-9]{1,2})\s*[/\-.]\s*(?P<y>[0-9]{2})"), "MM/YY"),
    (re.compile(r"(?P<m>[0-9]{2})(?P<y>[0-9]{2})"), "MMYY"),
    (re.compile(r"(?P<m>[0-9]{1,2})\s*/\s*(?P<y>[0-9]{4})"), "MM/YYYY"),
    (re.compile(r"(?P<y>[0-9]{4})\s*[-/.]\s*(?P<m>[0-9]{1,2})"), "YYYY-MM"),
    (re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})"), "YYYYMM"),
)


@dataclass(frozen=True, repr=False)
class Expiry:
    """The last month a card is valid in."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise FieldError("expiry", MSG_EXPIRY_MONTH)
        if not 2000 <= self.year <= 9999:
            raise FieldError("expiry", MSG_EXPIRY_FORMAT)

    @classmethod
    def parse(cls, text: str, today: date) -> Expiry:
        """Read a typed expiry and refuse a past month (or one absurdly far ahead)."""
        cleaned = normalise(text)
        if not cleaned:
            raise FieldError("expiry", MSG_EXPIRY_REQUIRED)
        for pattern, _name in _EXPIRY_PATTERNS:
            match = pattern.fullmatch(cleaned)
            if match is not None:
                year = int(match["y"])
                if len(match["y"]) == 2:
                    year += 2000
                elif year < 2000:
                    raise FieldError("expiry", MSG_EXPIRY_PAST)
                expiry = cls(year, int(match["m"]))
                expiry.check_current(today)
                return expiry
        raise FieldError("expiry", MSG_EXPIRY_FORMAT)

    def check_current(self, today: date) -> None:
        """Raise FieldError("expiry") when the card has expired before ``today``'s month."""
        if (self.year, self.month) < (today.year, today.month):
            raise FieldError("expiry", MSG_EXPIRY_PAST)
        if (self.year, self.month) > (today.year + EXPIRY_MAX_YEARS_AHEAD, today.month):
            raise FieldError("expiry", MSG_EXPIRY_TOO_FAR, years=EXPIRY_MAX_YEARS_AHEAD)

    def formatted(self) -> str:
        """``YYYY-MM``, the form PortOne documents."""
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return "Expiry(**/**)"

    __str__ = __repr__


def parse_birth(text: str, *, today: date | None = None) -> str:
    """``YYMMDD`` (a real date) or a 10-digit business number, returned as digits only.

    ``today`` decides the century of YYMMDD (defaults to the local date).
    """
    cleaned = without_separators(text)
    if not cleaned:
        raise FieldError("birth", MSG_BIRTH_REQUIRED)
    if not is_ascii_digits(cleaned):
        raise FieldError("birth", MSG_BIRTH_FORMAT)
    if len(cleaned) == 6:
        if birth_date_of(cleaned, today or date.today()) is None:
            raise FieldError("birth", MSG_BIRTH_DATE)
        return cleaned
    if len(cleaned) == 10:
        if not is_valid_business_number(cleaned):
            raise FieldError("birth", MSG_BUSINESS_NUMBER)
        return cleaned
    raise FieldError("birth", MSG_BIRTH_FORMAT)


def birth_date_of(yymmdd: str, today: date) -> date | None:
    """The calendar date of ``YYMMDD`` in the latest century not after ``today``; None if no such date."""
    yy, mm, dd = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    century = today.year // 100 * 100
    for base in (century, century - 100):
        try:
            candidate = date(base + yy, mm, dd)
        except ValueError:
            # not a real day in this century (e.g. 29 Feb of a non-leap year): try the one before
            continue
        if candidate <= today:
            return candidate
    return None


def parse_pwd_2digit(text: str) -> str:
    """Exactly the first 2 PIN digits."""
    cleaned = normalise(text)
    if not cleaned:
        raise FieldError("pwd_2digit", MSG_PWD_REQUIRED)
    if len(cleaned) != 2 or not is_ascii_digits(cleaned):
        raise FieldError("pwd_2digit", MSG_PWD_FORMAT)
    return cleaned
