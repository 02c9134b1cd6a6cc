"""How the receipt, history and customer panels show Won amounts, times and outcomes to a cashier.

Amounts always use Korean digit grouping (QLocale ko_KR) with the 원 suffix going through translation,
so the English build can say "12,000 KRW" without touching the grouping. Times come from the journal
and PortOne as UNIX seconds (float or int); they are shown in the PC's local time zone through QLocale.
Nothing here formats by hand what QLocale can do.
"""

from __future__ import annotations

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
        return str(exc)
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Formatting", "파일을 쓸 수 없습니다: {reason}").format(
            reason=exc.strerror or str(exc)
        )
    return None
