"""Saved cards (billing keys): register, register then charge, delete, refresh, find.

KSNET needs card number, expiry, birth (or business number) **and** the two PIN digits to issue a key,
and cannot save a card during a key-in charge (``customer_uid`` on ``onetime`` is unsupported), so
"register and charge" is an issue followed by ``again`` under the new customer_uid.

Registration follows the write-ahead rule like a charge: the intent (with the consent text the cashier
read out and its time) is committed first, the issue is sent once, and an UNKNOWN issue is resolved by
reading the key back (``GET /subscribe/customers/{customer_uid}``): present → registered; absent for
``not_charged_after_s`` → not registered. The customer_uid is fresh per registration, so "present"
can only be this registration.
"""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain import BillingCharge, Buyer, CardSecrets, guess_card_company, mint_customer_uid
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.journal import JournalUnavailable
from pos_app.journal.records import BillingKeyIntent, CustomerRow
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.portone.models import BillingKeyRequest, Customer
from pos_app.services.charging import charge_billing_key
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import customer_facts
from pos_app.services.resolution import probe, send_and_resolve, send_once
from pos_app.services.results import RegistrationOutcome, SaleOutcome


def register_card(
    ctx: ServiceContext, card: CardSecrets, buyer: Buyer, consent_text: str
) -> RegistrationOutcome:
    client = ctx.require_client()
    if not card.birth:
        raise ServiceError(
            "ksnet_limit",
            QT_TRANSLATE_NOOP("ServiceError", "카드 등록에는 생년월일(또는 사업자번호)이 필요합니다."),
            field="birth",
        )
    if not card.pwd_2digit:
        raise ServiceError(
            "ksnet_limit",
            QT_TRANSLATE_NOOP("ServiceError", "카드 등록에는 비밀번호 앞 2자리가 필요합니다."),
            field="pwd_2digit",
        )
    if not consent_text.strip():
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP("ServiceError", "카드 등록 동의 문구가 없습니다. 고객의 동의를 먼저 받으세요."),
        )
    customer_uid = mint_customer_uid(ctx.settings.counter_id, buyer.tel, ctx.now())
    intent = BillingKeyIntent(
        customer_uid=customer_uid,
        customer_name=buyer.name,
        customer_tel=buyer.tel,
        customer_email=buyer.email,
        card_hint=card.number.masked,
        card_company=guess_card_company(card.number.bin6),
        consent_text=consent_text,
        consent_at=ctx.clock(),
    )
    request = BillingKeyRequest(
        card_number=card.number.formatted(),
        expiry=card.expiry.formatted(),
        birth=card.birth,
        pwd_2digit=card.pwd_2digit,
        customer_name=buyer.name,
        customer_tel=buyer.tel,
        customer_email=buyer.email,
    )
    with ctx.in_flight.claim(f"billing_key:{customer_uid}"):
        try:
            ctx.journal.record_billing_key_intent(intent)
        except JournalUnavailable as exc:
            raise journal_write_failed(exc) from exc
        outcome, customer, message = send_and_resolve(
            ctx,
            f"billing key {customer_uid}",
            lambda: send_once(lambda: client.issue_billing_key(customer_uid, request), _registered),
            lambda message: _record(ctx, customer_uid, Outcome.UNKNOWN, None, message),
            lambda sent_at: resolve_billing_key_once(ctx, customer_uid, sent_at),
        )
        return _record(ctx, customer_uid, outcome, customer, message)


def register_and_charge(
    ctx: ServiceContext, card: CardSecrets, buyer: Buyer, consent_text: str, charge: BillingCharge
) -> tuple[RegistrationOutcome, SaleOutcome | None]:
    """Issue a key, then charge it; ``charge.customer_uid`` is replaced by the newly issued one."""
    registration = register_card(ctx, card, buyer, consent_text)
    if not registration.registered:
        return registration, None
    return registration, charge_billing_key(ctx, replace(charge, customer_uid=registration.customer_uid))


def delete_billing_key(ctx: ServiceContext, customer_uid: str, reason: str) -> None:
    client = ctx.require_client()
    row = ctx.journal.customer(customer_uid)
    if row is None:
        raise _unknown_customer(customer_uid)
    with ctx.in_flight.claim(f"billing_key:{customer_uid}"):
        try:
            client.delete_billing_key(customer_uid, reason or None)
        except NotFound:
            pass  # already gone at PortOne: the local row follows
        except (OutcomeUnknown, NotSent) as exc:
            # deleting is idempotent: read back whether the key still exists
            found = probe(lambda: client.get_billing_key(customer_uid))
            if found.state != "absent":
                raise ServiceError(
                    "unresolved",
                    QT_TRANSLATE_NOOP(
                        "ServiceError", "카드 삭제 결과를 확인하지 못했습니다. 다시 시도하세요. ({detail})"
                    ),
                    params={"detail": str(exc)},
                ) from exc
        except ApiError as exc:
            raise ServiceError(
                "portone",
                QT_TRANSLATE_NOOP("ServiceError", "PortOne이 카드 삭제를 거절했습니다: {detail}"),
                params={"detail": exc.message},
            ) from exc
        try:
            ctx.journal.record_billing_key_deleted(customer_uid, reason or None)
        except JournalUnavailable as exc:
            raise journal_write_failed(exc) from exc


def refresh_billing_key(ctx: ServiceContext, customer_uid: str) -> CustomerRow:
    """Re-read a saved card from PortOne (card name, masked number) and record what it says."""
    client = ctx.require_client()
    row = ctx.journal.customer(customer_uid)
    if row is None:
        raise _unknown_customer(customer_uid)
    with ctx.in_flight.claim(f"billing_key:{customer_uid}"):
        try:
            customer = client.get_billing_key(customer_uid)
        except NotFound:
            try:
                ctx.journal.record_billing_key_deleted(customer_uid, "PortOne에 등록 정보 없음")
            except JournalUnavailable as exc:
                raise journal_write_failed(exc) from exc
        except (OutcomeUnknown, NotSent, ApiError) as exc:
            raise ServiceError(
                "unresolved",
                QT_TRANSLATE_NOOP("ServiceError", "PortOne에서 카드 정보를 읽지 못했습니다: {detail}"),
                params={"detail": str(exc)},
            ) from exc
        else:
            _record(ctx, customer_uid, Outcome.APPROVED, customer, None)
    refreshed = ctx.journal.customer(customer_uid)
    assert refreshed is not None
    return refreshed


def resolve_billing_key_once(
    ctx: ServiceContext, customer_uid: str, last_sent_at: float
) -> tuple[Outcome, Customer | None, str | None] | None:
    """One read-back of an unresolved registration; None while it cannot be told yet."""
    client = ctx.require_lookup_client()
    found = probe(lambda: client.get_billing_key(customer_uid))
    if found.state == "found":
        return Outcome.APPROVED, found.value, None
    if found.state == "absent" and ctx.clock() - last_sent_at >= ctx.settings.not_charged_after_s:
        return Outcome.NOT_CHARGED, None, found.message
    return None


def _registered(_customer: Customer) -> Outcome:
    return Outcome.APPROVED


def _record(
    ctx: ServiceContext, customer_uid: str, outcome: Outcome, customer: Customer | None, message: str | None
) -> RegistrationOutcome:
    facts = customer_facts(customer) if customer is not None else None
    problem = record_after_the_call(
        f"billing key {customer_uid}",
        outcome,
        lambda: ctx.journal.record_billing_key_result(customer_uid, outcome, facts=facts, message=message),
    )
    return RegistrationOutcome(outcome, customer_uid, ctx.journal.customer(customer_uid), message, problem)


def _unknown_customer(customer_uid: str) -> ServiceError:
    return ServiceError(
        "not_found",
        QT_TRANSLATE_NOOP("ServiceError", "거래 기록에 없는 고객(빌링키)입니다: {customer_uid}"),
        params={"customer_uid": customer_uid},
    )
