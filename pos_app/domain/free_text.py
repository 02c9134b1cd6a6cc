"""The one rule for free text anywhere in the program: normalised, printable, and never a card number.

A card number is 13–19 digits, and a cashier types it the way it is printed: ``4532-9178-6014-9255``,
``4532 9178 6014 9255``, ``4532.9178.6014.9255`` or with full-width digits from a Korean IME. So a
*card-like run* is 13 or more digits (any Unicode decimal digit, full-width included) joined by at
most three separator characters at a time (white space of any kind, dashes and hyphens of any kind,
dots, middle dots, underscores). Longer runs are card-like too: a number with a digit stuck to
it still holds a card number. A Korean phone number (at most 11–12 digits) or an amount never reaches 13.

``find_card_like_digits`` finds the runs, ``refuse_card_like`` turns one into a :class:`FieldError`
(the message never repeats the digits), ``mask_card_like`` hides all but the first 6 and the last 4
digits of each run (for what the program did not type itself: PortOne's answers, old journals, exports).
``clean_text`` is what every form field of free text goes through: NFKC, no lone surrogates (they cannot
even be encoded), no control or bidirectional-override characters, and no card-like run.
"""

from __future__ import annotations

import re
import unicodedata

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError

MSG_CARD_LIKE = QT_TRANSLATE_NOOP("FieldError", "카드번호처럼 보이는 숫자는 넣을 수 없습니다.")
MSG_BAD_CHARACTER = QT_TRANSLATE_NOOP(
    "FieldError", "입력할 수 없는 문자(제어 문자나 깨진 문자)가 들어 있습니다. 지우고 다시 입력하세요."
)

CARD_LIKE_MIN_DIGITS = 13
_SEPARATORS = r"\s\-\u2010-\u2015\u2212\u30fc\uff0d.\u00b7\u2027\u30fb\uff0e_"
# a digit, then (up to three separators, a digit) repeated; \d matches every Unicode decimal digit
_RUN = re.compile(rf"\d(?:[{_SEPARATORS}]{{0,3}}\d)*")
# control characters (Unicode category Cc), lone surrogates (Cs), and the bidirectional embeddings,
# overrides, isolates and marks that can reorder what the screen shows (hide digits, fake amounts)
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _digit_count(text: str) -> int:
    return sum(1 for ch in text if ch.isdecimal())


def find_card_like_digits(text: str | None) -> list[tuple[int, int]]:
    """(start, end) of every card-like run in ``text``, in order; [] when there is none."""
    if not text:
        return []
    return [m.span() for m in _RUN.finditer(text) if _digit_count(m.group(0)) >= CARD_LIKE_MIN_DIGITS]


def has_card_like_digits(text: str | None) -> bool:
    return bool(find_card_like_digits(text))


def refuse_card_like(field: str, text: str | None) -> None:
    """Raise FieldError(field, MSG_CARD_LIKE) when ``text`` holds a card-like run (never echoed)."""
    if has_card_like_digits(text):
        raise FieldError(field, MSG_CARD_LIKE)


def _mask_run(run: str) -> str:
    total = _digit_count(run)
    seen = 0
    out = []
    for ch in run:
        if ch.isdecimal():
            seen += 1
            out.append(ch if seen <= 6 or seen > total - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_card_like(text: str) -> str:
    """``text`` with the middle digits of every card-like run starred (first 6, last 4 visible)."""
    spans = find_card_like_digits(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_mask_run(text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def bad_character(text: str) -> bool:
    """True when ``text`` has a lone surrogate, a control character or a bidirectional override."""
    return _BAD.search(text) is not None


def normalise_text(field: str, text: str) -> str:
    """NFKC, stripped, runs of white space folded to one; FieldError for a character that cannot be kept
    (checked before normalising too, which would otherwise pass a lone surrogate through)."""
    if bad_character(text):
        raise FieldError(field, MSG_BAD_CHARACTER)
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split())
    if bad_character(cleaned):
        raise FieldError(field, MSG_BAD_CHARACTER)
    return cleaned


def clean_text(field: str, text: str) -> str:
    """Free text as the program keeps it: ``normalise_text``, then refused when it holds a card-like run
    (checked after normalising, so full-width digits count)."""
    cleaned = normalise_text(field, text)
    refuse_card_like(field, cleaned)
    return cleaned


MSG_REASON_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "취소 사유를 입력하세요.")
MSG_REASON_LONG = QT_TRANSLATE_NOOP("FieldError", "취소 사유는 {max}자 이하로 입력하세요.")
REASON_MAX = 100


def parse_cancel_reason(text: str, *, required: bool = True) -> str:
    """A cancel or delete reason as typed (the ``reason`` field): cleaned, 1–100 characters."""
    reason = clean_text("reason", text)
    if not reason and required:
        raise FieldError("reason", MSG_REASON_REQUIRED)
    if len(reason) > REASON_MAX:
        raise FieldError("reason", MSG_REASON_LONG, max=REASON_MAX)
    return reason
