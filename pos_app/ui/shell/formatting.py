"""How the receipt, history and customer panels show Won amounts, times and outcomes to a cashier.

Amounts always use Korean digit grouping (QLocale ko_KR) with the 원 suffix going through translation,
so the English build can say "12,000 KRW" without touching the grouping. Times come from the journal
and PortOne as UNIX seconds (float or int); they are shown in the PC's local time zone through QLocale.
Nothing here formats by hand what QLocale can do.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from pos_app.domain import labels
from pos_app.domain.card import display_card_number
from pos_app.domain.errors import FIELD_LABELS
from pos_app.domain.outcomes import Outcome

_KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


def won(amount: int) -> str:
    """``12000`` → ``"12,000원"`` (the suffix is translatable, the grouping stays Korean)."""
    return QCoreApplication.translate("Formatting", "{amount}원").format(amount=_KOREAN.toString(int(amount)))


def won_number(amount: int) -> str:
    """Grouped digits only, for table cells whose header already says 원."""
    return _KOREAN.toString(int(amount))


def to_qdatetime(value: float | int | datetime | None) -> QDateTime | None:
    """Journal/PortOne timestamps (UNIX seconds, or an aware datetime) as a local QDateTime."""
    if value is None or value == 0:
        return None
    if isinstance(value, datetime):
        value = value.timestamp()
    return QDateTime.fromMSecsSinceEpoch(round(float(value) * 1000))


def date_time(value: float | int | datetime | None) -> str:
    """Local date and time to the second, e.g. ``2026-11-26 14:32:05``; empty when unknown."""
    moment = to_qdatetime(value)
    if moment is None:
        return ""
    return QLocale().toString(moment, "yyyy-MM-dd HH:mm:ss")


def short_date(value: float | int | datetime | date | None) -> str:
    """The date alone (``2026-11-26``), from a timestamp or a date."""
    if value is None or value == 0:
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return QLocale().toString(QDate(value.year, value.month, value.day), "yyyy-MM-dd")
    moment = to_qdatetime(value)
    return "" if moment is None else QLocale().toString(moment, "yyyy-MM-dd")


def masked_card(*candidates: str | None) -> str:
    """The first known card number (PortOne's masked form or our 6+4 hint) in the one display form the
    slip and the exports use too (``domain.card.display_card_number``)."""
    return display_card_number(*candidates)


def quota_text(card_quota: int) -> str:
    """0 → 일시불, n → n개월."""
    if card_quota <= 1:
        return QCoreApplication.translate("Formatting", labels.LUMP_SUM)
    return QCoreApplication.translate("Formatting", labels.INSTALMENT_MONTHS).format(months=card_quota)


def outcome_text(outcome: Outcome | str) -> str:
    """The word a cashier reads for each outcome (the exports write the same word in Korean)."""
    word = labels.outcome_word(outcome)
    return QCoreApplication.translate("Formatting", word)


def activity_kind_text(kind: str) -> str:
    """카드 결제 / 카드 취소 / 현금영수증 for a row of the combined history."""
    word = labels.ACTIVITY_KIND_WORDS.get(kind)
    return QCoreApplication.translate("Formatting", word) if word is not None else kind


def portone_status_text(status: str) -> str:
    """PortOne's payment status words (paid, cancelled, …) as a cashier says them."""
    words = {
        "paid": QCoreApplication.translate("Formatting", "결제완료"),
        "cancelled": QCoreApplication.translate("Formatting", "취소됨"),
        "failed": QCoreApplication.translate("Formatting", "실패"),
        "ready": QCoreApplication.translate("Formatting", "미결제"),
    }
    return words.get(status, status)


def product_type_text(product_type: str) -> str:
    return (
        QCoreApplication.translate("Formatting", "디지털")
        if product_type == "digital"
        else QCoreApplication.translate("Formatting", "실물")
    )


def identifier_type_text(identifier_type: str) -> str:
    return QCoreApplication.translate("Formatting", labels.identifier_type_word(identifier_type))


def receipt_type_text(receipt_type: str) -> str:
    return QCoreApplication.translate("Formatting", labels.receipt_type_word(receipt_type))


def _is_instance_of(exc: BaseException, class_name: str) -> bool:
    # ui may not import portone or journal (import-linter), so their error types are recognised by name.
    return any(cls.__name__ == class_name for cls in type(exc).__mro__)


def describe_error(exc: BaseException) -> str | None:
    """The text a cashier should read for a refusal or a failed call; None for a bug (let it crash).

    ServiceError/FieldError carry Korean source text marked for translation plus named params; PortOne
    errors' ``str()`` is safe to show (no card data, server text verbatim); a journal that refuses
    writes lists its problems.
    """
    if _is_instance_of(exc, "FormErrors"):
        # one line per refused field, in form order, each led by the field's name
        parts = []
        for err in getattr(exc, "errors", ()):
            text = describe_error(err)
            label = FIELD_LABELS.get(getattr(err, "field", ""))
            if text and label:
                text = QCoreApplication.translate("FieldLabel", label) + ": " + text
            if text:
                parts.append(text)
        return "\n".join(parts)
    for context in ("ServiceError", "FieldError"):
        if _is_instance_of(exc, context) and isinstance(getattr(exc, "message", None), str):
            params = getattr(exc, "params", None) or {}
            if _is_instance_of(exc, "AccessRefused"):
                # the action and role words are the People vocabulary (domain.people), translated too
                params = {
                    k: QCoreApplication.translate("People", v) if isinstance(v, str) else v
                    for k, v in params.items()
                }
            text = QCoreApplication.translate(context, exc.message)  # type: ignore[attr-defined]
            try:
                return text.format(**params)
            except (KeyError, IndexError, ValueError):
                return text
    if _is_instance_of(exc, "JournalUnavailable"):
        problems = "\n".join(str(p) for p in getattr(exc, "problems", ()))
        return QCoreApplication.translate("Formatting", "거래 기록 파일에 쓸 수 없습니다.") + (
            "\n" + problems if problems else ""
        )
    if _is_instance_of(exc, "PortOneError"):
        return cashier_message(str(exc))  # the server's words, not the request line after them
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Formatting", "파일을 쓸 수 없습니다: {reason}").format(
            reason=exc.strerror or str(exc)
        )
    return None


# -- counter screens: times without a colon, elapsed seconds, Korean particles, cashier words ----------
# Noto Sans CJK (the Korean font on Linux) draws ":" between digits raised to digit height, so Korean
# times are written the way Korean text writes them (19시 42분), which every font draws the same.


def clock_time(value: float | int | datetime | None, *, seconds: bool = False) -> str:
    """Time of day: ``19시 42분`` (``19시 42분 05초``) in Korean, ``19:42`` in English; empty when unknown."""
    moment = to_qdatetime(value)
    if moment is None:
        return ""
    time = moment.time()
    if QLocale().language() == QLocale.Language.Korean:
        text = QCoreApplication.translate("Formatting", "{hour}시 {minute:02d}분").format(
            hour=time.hour(), minute=time.minute()
        )
        if seconds:
            second = QCoreApplication.translate("Formatting", "{second:02d}초")
            text += " " + second.format(second=time.second())
        return text
    return QLocale().toString(moment, "HH:mm:ss" if seconds else "HH:mm")


def day_and_time(value: float | int | datetime | None, *, seconds: bool = False) -> str:
    """``2026-12-01 19시 42분`` (see clock_time); empty when unknown."""
    moment = to_qdatetime(value)
    if moment is None:
        return ""
    return QLocale().toString(moment, "yyyy-MM-dd") + " " + clock_time(value, seconds=seconds)


def elapsed_text(seconds: float) -> str:
    """``35초``, ``2분 05초`` — how long a call has been out."""
    whole = max(0, int(seconds))
    if whole < 60:
        return QCoreApplication.translate("Formatting", "{seconds}초").format(seconds=whole)
    return QCoreApplication.translate("Formatting", "{minutes}분 {seconds:02d}초").format(
        minutes=whole // 60, seconds=whole % 60
    )


# The final sound of each digit's Korean reading: 영 일 이 삼 사 오 육 칠 팔 구 (True = ends in a
# consonant; 1, 7 and 8 end in ㄹ, which takes 로 rather than 으로).
_DIGIT_HAS_FINAL = (True, True, False, True, False, False, True, True, True, False)
_DIGIT_FINAL_IS_RIEUL = (False, True, False, False, False, False, False, True, True, False)
# Latin letters read with a final consonant: 엘 엠 엔 알 (l m n r); the others end in a vowel
_LETTER_FINAL = {"l": True, "m": True, "n": True, "r": True}


def _final_sound(word: str) -> tuple[bool, bool] | None:
    """(has a final consonant, that consonant is ㄹ) of how ``word`` is read aloud; None if unknown."""
    for char in reversed(word.strip()):
        if "가" <= char <= "힣":
            final = (ord(char) - ord("가")) % 28
            return final != 0, final == 8
        if char.isascii() and char.isdigit():
            digit = int(char)
            return _DIGIT_HAS_FINAL[digit], _DIGIT_FINAL_IS_RIEUL[digit]
        if char.isascii() and char.isalpha():
            has = _LETTER_FINAL.get(char.lower(), False)
            return has, has and char.lower() in "lr"
        if char in ")]}*-·. '\"":
            continue  # read past brackets, masks and separators to the last spoken sound
        return None
    return None


def with_particle(word: str, kind: str) -> str:
    """``word`` followed by the Korean particle that fits how it is read: ``kind`` is "을/를", "이/가",
    "은/는", "과/와" or "으로/로" (``0001`` + 을/를 → ``0001을``). In English the word comes back alone,
    so one ``{placeholder}`` serves both languages."""
    if QLocale().language() != QLocale.Language.Korean:
        return word
    with_final, without_final = kind.split("/")
    sound = _final_sound(word)
    if sound is None:
        return f"{word}{with_final}({without_final})" if kind != "으로/로" else f"{word}(으)로"
    has_final, is_rieul = sound
    if kind == "으로/로":
        return word + ("으로" if has_final and not is_rieul else "로")
    return word + (with_final if has_final else without_final)


_REQUEST_PATH = re.compile(r"\s*[:(]?\s*\b(?:GET|POST|PUT|DELETE|PATCH)\s+/\S*\)?\s*$")


def cashier_message(text: str | None) -> str:
    """A server or transport text without the HTTP method and path a developer put at its end; a text
    the services marked for translation (context "ServiceError") in the UI language."""
    if not text:
        return ""
    return _REQUEST_PATH.sub("", QCoreApplication.translate("ServiceError", text)).rstrip(" :")
