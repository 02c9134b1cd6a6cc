"""The words of the 감사 기록 (audit): what each kind of row is called and what its details say.

One vocabulary for the owner's screen and the audit export, as ``labels`` is for the history: Korean
source text marked with ``QT_TRANSLATE_NOOP("People", ...)``; the window passes ``QCoreApplication``'s
translate, the export writes Korean. ``detail_text`` turns an audit event's stored details (the JSON of
``journal.projection_people``) into a line a person reads; a money row's detail (buyer and card, or the
reason) is shown as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.people import ACTION_LABELS, ROLE_LABELS, Action, Role

Translate = Callable[[str, str], str]

AUDIT_KIND_WORDS: dict[str, str] = {
    "charge": QT_TRANSLATE_NOOP("People", "키인 결제"),
    "charge_again": QT_TRANSLATE_NOOP("People", "등록 카드 결제"),
    "refund": QT_TRANSLATE_NOOP("People", "환불"),
    "refund_elsewhere": QT_TRANSLATE_NOOP("People", "다른 곳에서 한 환불"),
    "register_card": QT_TRANSLATE_NOOP("People", "카드 등록"),
    "delete_card": QT_TRANSLATE_NOOP("People", "카드 삭제"),
    "issue_receipt": QT_TRANSLATE_NOOP("People", "현금영수증 발행"),
    "cancel_receipt": QT_TRANSLATE_NOOP("People", "현금영수증 취소"),
    "sign_in": QT_TRANSLATE_NOOP("People", "로그인"),
    "sign_out": QT_TRANSLATE_NOOP("People", "로그아웃"),
    "pin_failed": QT_TRANSLATE_NOOP("People", "PIN 틀림"),
    "locked_out": QT_TRANSLATE_NOOP("People", "잠김"),
    "approved": QT_TRANSLATE_NOOP("People", "현장 승인"),
    "person_added": QT_TRANSLATE_NOOP("People", "사람 추가"),
    "person_changed": QT_TRANSLATE_NOOP("People", "사람 정보 변경"),
    "pin_set": QT_TRANSLATE_NOOP("People", "PIN 변경"),
    "rules_changed": QT_TRANSLATE_NOOP("People", "권한 표 변경"),
    "settings_changed": QT_TRANSLATE_NOOP("People", "설정 변경"),
    "day_report": QT_TRANSLATE_NOOP("People", "Z 리포트"),
}
_WHY = {
    "manual": QT_TRANSLATE_NOOP("People", "직접"),
    "idle": QT_TRANSLATE_NOOP("People", "자리 비움(자동)"),
    "switch": QT_TRANSLATE_NOOP("People", "다른 사람으로 바꿈"),
}
_ROLE = QT_TRANSLATE_NOOP("People", "역할: {role}")
_ROLE_CHANGE = QT_TRANSLATE_NOOP("People", "역할: {was} → {role}")
_NAME_CHANGE = QT_TRANSLATE_NOOP("People", "이름: {was} → {name}")
_ACTIVE = QT_TRANSLATE_NOOP("People", "다시 사용")
_INACTIVE = QT_TRANSLATE_NOOP("People", "사용 중지")
_PIN_SELF = QT_TRANSLATE_NOOP("People", "본인이 바꿈")
_PIN_OWNER = QT_TRANSLATE_NOOP("People", "사장이 새로 정함")
_FAILED_SIGN_IN = QT_TRANSLATE_NOOP("People", "로그인 ({count}/5번째)")
_FAILED_FOR = QT_TRANSLATE_NOOP("People", "{action} 승인 ({count}/5번째)")
_FAILED_PIN_CHANGE = QT_TRANSLATE_NOOP("People", "PIN 변경 ({count}/5번째)")
_LOCKED_UNTIL = QT_TRANSLATE_NOOP("People", "{until}까지")
_APPROVED = QT_TRANSLATE_NOOP("People", "{action} ({subject})")
_IDLE = QT_TRANSLATE_NOOP("People", "자동 로그아웃 {minutes}분")
_DEFAULT_RULES = QT_TRANSLATE_NOOP("People", "기본 권한 표")


def _same(_context: str, text: str) -> str:
    return text


_REFUNDED_LATER = frozenset({"cancelled", "partially_cancelled"})


def result_states(kind: str, outcome: str) -> tuple[str, ...]:
    """The states a row's result names, in order. A charge's row is the sale as it is now: one refunded
    later reads "approved → cancelled" (the money was taken, then given back by the refund row), never as
    if the charge itself had been a cancel."""
    if kind in ("charge", "charge_again") and outcome in _REFUNDED_LATER:
        return ("approved", outcome)
    return (outcome,) if outcome else ()


def kind_word(kind: str, translate: Translate = _same) -> str:
    word = AUDIT_KIND_WORDS.get(kind)
    return translate("People", word) if word is not None else kind


def _role(value: object, translate: Translate) -> str:
    try:
        return translate("People", ROLE_LABELS[Role(str(value))])
    except ValueError:
        return str(value)


def _action(value: object, translate: Translate) -> str:
    try:
        return translate("People", ACTION_LABELS[Action(str(value))])
    except ValueError:
        return str(value)


def detail_text(kind: str, detail: str, translate: Translate = _same) -> str:
    """The details of one audit row in words (a money row's detail comes back as it is)."""
    if kind not in AUDIT_KIND_WORDS or kind in ("charge", "charge_again", "refund", "refund_elsewhere"):
        return detail
    try:
        loaded: object = json.loads(detail) if detail else {}
    except ValueError:
        return detail
    if not isinstance(loaded, dict):
        return detail
    values: dict[str, Any] = loaded

    def tr(text: str, **params: object) -> str:
        return translate("People", text).format(**params)

    parts: list[str] = []
    if kind == "person_added":
        parts.append(tr(_ROLE, role=_role(values.get("r"), translate)))
    elif kind == "person_changed":
        if "n" in values:
            parts.append(tr(_NAME_CHANGE, was=values.get("was", ""), name=values["n"]))
        if "r" in values:
            parts.append(
                tr(
                    _ROLE_CHANGE,
                    was=_role(values.get("was_r"), translate),
                    role=_role(values["r"], translate),
                )
            )
        if "act" in values:
            parts.append(tr(_ACTIVE if values["act"] else _INACTIVE))
    elif kind == "pin_set":
        parts.append(tr(_PIN_SELF if values.get("by") == "self" else _PIN_OWNER))
    elif kind == "sign_out":
        why = _WHY.get(str(values.get("w")))
        if why:
            parts.append(tr(why))
    elif kind == "pin_failed":
        purpose, count = str(values.get("f", "")), values.get("n", "?")
        if purpose == "sign_in":
            parts.append(tr(_FAILED_SIGN_IN, count=count))
        elif purpose == "pin_change":
            parts.append(tr(_FAILED_PIN_CHANGE, count=count))
        else:
            parts.append(tr(_FAILED_FOR, action=_action(purpose, translate), count=count))
    elif kind == "locked_out" and isinstance(values.get("u"), int | float):
        until = datetime.fromtimestamp(float(values["u"])).strftime("%H:%M")
        parts.append(tr(_LOCKED_UNTIL, until=until))
    elif kind == "approved":
        parts.append(
            tr(_APPROVED, action=_action(values.get("a"), translate), subject=values.get("s") or "-")
        )
    elif kind == "rules_changed":
        rules = values.get("rules") or {}
        parts += [f"{_action(a, translate)}: {_role(r, translate)}" for a, r in sorted(rules.items())]
        if not rules:
            parts.append(tr(_DEFAULT_RULES))
        parts.append(tr(_IDLE, minutes=values.get("idle", "?")))
    elif kind == "settings_changed":
        changes = values.get("ch") or {}
        parts += [f"{name}: {value}" for name, value in sorted(changes.items())]
    elif kind == "day_report":
        parts.append(str(values.get("d", "")))
    return ", ".join(parts)
