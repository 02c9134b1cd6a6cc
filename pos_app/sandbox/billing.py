"""Billing keys: `/subscribe/customers/{customer_uid}` issue, read, delete, and the multi lookup.

KSNET needs card number, expiry, birth (YYMMDD or a 10-digit business number) and the two PIN digits
to issue a key; a missing one is HTTP 400, a bad one or an issuer refusal is HTTP 200 code -1
"카드정보 인증 및 빌키 발급에 실패하였습니다. …". The limit-exceeded test card registers fine (the
refusal comes with the charge). A failed issue leaves an existing key under the same id untouched; a
successful one replaces it (`inserted` kept, `updated` moved). `channel_key` may be omitted (the
sandbox's one channel is used), but an unknown one is refused (channels.py); `pg` never refuses. The key
carries the channel's `sandbox` flag, and so do the payments later made with it. The PG-timeout test
cards register fine: what they do shows when they are charged.
"""

from __future__ import annotations

import re
from typing import Any

from pos_app.sandbox.cards import (
    BILLING_KEY_FAILED_PREFIX,
    DECLINE_MESSAGES,
    REGISTERS_FINE,
    Behaviour,
    mask_number,
)
from pos_app.sandbox.channels import check_channel_key
from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.payments import CardDeclined, card_digits, check_card
from pos_app.sandbox.store import public
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, envelope, ok

_BIRTH = re.compile(r"^(\d{6}|\d{10})$")
_PWD = re.compile(r"^\d{2}$")


def not_found_message(customer_uid: str) -> str:
    return f"요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다."


def _issue_failure(message: str) -> Reply:
    return Reply(200, envelope(None, code=-1, message=message))


def issue_billing_key(ctx: SandboxContext, params: Params, customer_uid: str) -> Reply:
    if len(customer_uid) > 80:
        raise bad_request("customer_uid 는 최대 80자까지 입력할 수 있습니다.")
    check_channel_key(ctx, params)
    digits = card_digits(params)
    expiry = params.required_text("expiry")
    birth = params.text("birth")
    pwd = params.text("pwd_2digit")
    if birth is None:
        raise bad_request("KSNET 빌링키 발급 시 생년월일(birth)은 필수입니다.")
    if pwd is None:
        raise bad_request("KSNET 빌링키 발급 시 카드비밀번호 앞 2자리(pwd_2digit)는 필수입니다.")
    for field, limit in (
        ("customer_name", 20),
        ("customer_tel", 20),
        ("customer_email", 200),
        ("customer_addr", 200),
        ("customer_postcode", 8),
    ):
        params.text(field, max_len=limit)
    with ctx.store.changing():
        try:
            card = check_card(digits, expiry, ctx.store.now())
        except CardDeclined as declined:
            if declined.message == DECLINE_MESSAGES[Behaviour.INVALID]:
                return _issue_failure(declined.message)
            return _issue_failure(f"{BILLING_KEY_FAILED_PREFIX} [8333]유효기간 오류")
        if not _BIRTH.match(birth) or not _PWD.match(pwd):
            return _issue_failure(f"{BILLING_KEY_FAILED_PREFIX} [8324]생년월일 또는 비밀번호 불일치")
        if card.behaviour is Behaviour.INVALID:
            return _issue_failure(DECLINE_MESSAGES[Behaviour.INVALID])
        if card.behaviour not in REGISTERS_FINE:
            issuer_text = DECLINE_MESSAGES[card.behaviour].split("]", 1)[-1].strip()
            code = DECLINE_MESSAGES[card.behaviour].split("[", 1)[-1].split("]", 1)[0]
            return _issue_failure(f"{BILLING_KEY_FAILED_PREFIX} [{code}]{issuer_text}")
        now = ctx.store.now_s()
        previous = ctx.store.customers.get(customer_uid)
        customer: dict[str, Any] = {
            "customer_uid": customer_uid,
            "pg_provider": "ksnet",
            "pg_id": ctx.mid,
            "sandbox": ctx.channel.test_channel,
            "customer_id": params.text("customer_id"),
            "card_name": card.card_name,
            "card_code": card.card_code,
            "card_issuer_code": card.card_code,
            "card_issuer_name": card.card_name,
            "card_publisher_code": card.card_code,
            "card_publisher_name": card.card_name,
            "card_number": mask_number(digits),
            "card_type": card.card_type,
            "customer_name": params.text("customer_name"),
            "customer_tel": params.text("customer_tel"),
            "customer_email": params.text("customer_email"),
            "customer_addr": params.text("customer_addr"),
            "customer_postcode": params.text("customer_postcode"),
            "inserted": previous["inserted"] if previous else now,
            "updated": now,
            "_behaviour": card.behaviour.value,
        }
        ctx.store.customers[customer_uid] = customer
        return ok(public(customer))


def get_billing_key(ctx: SandboxContext, customer_uid: str) -> Reply:
    with ctx.store.lock:
        customer = ctx.store.customers.get(customer_uid)
        if customer is None:
            raise Refusal(404, 1, not_found_message(customer_uid))
        return ok(public(customer))


def delete_billing_key(ctx: SandboxContext, params: Params, customer_uid: str) -> Reply:
    with ctx.store.changing():
        customer = ctx.store.customers.pop(customer_uid, None)
        if customer is None:
            raise Refusal(404, 1, not_found_message(customer_uid))
        return ok(public(customer))


def get_billing_keys(ctx: SandboxContext, params: Params) -> Reply:
    uids = params.strings("customer_uid")
    if not uids:
        raise bad_request("customer_uid[] 파라메터가 누락되었습니다.")
    if len(uids) > 100:
        raise bad_request("customer_uid는 최대 100개까지 조회할 수 있습니다.")
    with ctx.store.lock:
        found = [public(ctx.store.customers[uid]) for uid in uids if uid in ctx.store.customers]
    if not found:
        raise Refusal(404, 1, "요청하신 customer_uid로 등록된 정보를 찾을 수 없습니다.")
    return ok(found, status=200 if len(found) == len(uids) else 207)
