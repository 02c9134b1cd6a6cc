"""Saved cards (billing keys): register, register then charge, delete, refresh, find.

KSNET needs card number, expiry, birth (or business number) **and** the two PIN digits to issue a key,
and cannot save a card during a key-in charge (``customer_uid`` on ``onetime`` is unsupported), so
"register and charge" is an issue followed by ``again`` under the new customer_uid.

Registration follows the write-ahead rule like a charge: the intent (with the consent text the cashier
read out and its time) is committed first, the issue is sent once, and an UNKNOWN issue is settled by the
settlement engine reading the key back (``GET /subscribe/customers/{customer_uid}``): present →
registered; absent for the whole not-charged window → not registered. The customer_uid is fresh per
registration, so "present" can only be this registration.

Deletion is written ahead too (``billing_key_delete``), after every recurring payment still scheduled on
the card has been revoked and its plans ended (``plans.end_plans_of_customer``; a revoke not certain
stops the deletion): the key counts as deleted only once PortOne says
so (its answer, or the key read back as absent); a lost answer is settled the same way, and while it is
open the card is not charged. In a live shop a key PortOne issued on a test channel is TEST_PAYMENT.
"""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain import BillingCharge, Buyer, CardSecrets, guess_card_company, mint_customer_uid
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.free_text import parse_cancel_reason
from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.records import BillingKeyIntent, CustomerRow, DecidedBy
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.portone.models import BillingKeyRequest, Customer
from pos_app.services import plans
from pos_app.services.charging import charge_billing_key
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import customer_facts
from pos_app.services.results import DeleteOutcome, RegistrationOutcome, SaleOutcome
from pos_app.services.settlement.calls import send_and_settle


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
        portone_at=ctx.portone_time_for_intent(),
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
        problems: list[str] = []

        def record(outcome: Outcome, customer: Customer | None, message: str | None, by: DecidedBy) -> None:
            if (
                outcome is Outcome.APPROVED
                and ctx.settings.live
                and customer is not None
                and customer.sandbox
            ):
                outcome = Outcome.TEST_PAYMENT
            facts = customer_facts(customer) if customer is not None else None
            problem = record_after_the_call(
                f"billing key {customer_uid}",
                outcome,
                lambda: ctx.journal.record_billing_key_result(
                    customer_uid, outcome, facts=facts, message=message, decided_by=by
                ),
            )
            if problem:
                problems.append(problem)

        outcome, _customer, message = send_and_settle(
            ctx,
            customer_uid,
            "billing_key_issue",
            lambda: client.issue_billing_key(customer_uid, request),
            _registered,
            record,
        )
        row = ctx.journal.customer(customer_uid)
        final = row.outcome if row is not None else outcome
        return RegistrationOutcome(final, customer_uid, row, message, problems[0] if problems else None)


def register_and_charge(
    ctx: ServiceContext, card: CardSecrets, buyer: Buyer, consent_text: str, charge: BillingCharge
) -> tuple[RegistrationOutcome, SaleOutcome | None]:
    """Issue a key, then charge it; ``charge.customer_uid`` is replaced by the newly issued one."""
    registration = register_card(ctx, card, buyer, consent_text)
    if not registration.registered:
        return registration, None
    return registration, charge_billing_key(ctx, replace(charge, customer_uid=registration.customer_uid))


def delete_billing_key(ctx: ServiceContext, customer_uid: str, reason: str) -> DeleteOutcome:
    """Delete a saved card at PortOne, written ahead; the local card follows PortOne's answer or record.

    Returns the outcome when PortOne confirmed the deletion; raises ``ServiceError`` when it refused
    ("portone") or when the answer is still open ("unresolved": the settlement engine keeps checking and
    the card stays unusable until it knows).
    """
    client = ctx.require_client()
    row = ctx.journal.customer(customer_uid)
    if row is None:
        raise _unknown_customer(customer_uid)
    reason = parse_cancel_reason(reason, required=False)  # sent to PortOne: never card digits
    with ctx.in_flight.claim(f"billing_key:{customer_uid}"):
        busy = [s for s in ctx.journal.open_sales() if s.customer_uid == customer_uid]
        if busy:
            raise ServiceError(
                "in_progress",
                QT_TRANSLATE_NOOP(
                    "ServiceError", "이 카드로 확인 중인 결제가 있습니다. 먼저 결과를 확인하세요."
                ),
            )
        # deletion cannot be undone and PortOne says to check for scheduled payments first: every
        # recurring payment still scheduled on the card is revoked (written ahead) before the DELETE
        plans.end_plans_of_customer(ctx, customer_uid, plans.CARD_DELETED)
        try:
            op_id = ctx.journal.record_billing_key_delete_intent(
                customer_uid, reason or None, ctx.portone_time_for_intent()
            )
        except JournalUnavailable as exc:
            raise journal_write_failed(exc) from exc
        except IntentRefused as exc:
            raise ServiceError(
                "in_progress",
                QT_TRANSLATE_NOOP(
                    "ServiceError",
                    "이 카드의 등록 또는 삭제 결과를 확인 중입니다. 먼저 결과 확인(재조회)을 하세요.",
                ),
            ) from exc
        problems: list[str] = []

        def send() -> Customer | None:
            try:
                return client.delete_billing_key(customer_uid, reason or None)
            except NotFound:
                return None  # already gone at PortOne: the local row follows

        def record(outcome: Outcome, _value: Customer | None, message: str | None, by: DecidedBy) -> None:
            problem = record_after_the_call(
                f"billing key delete {op_id}",
                outcome,
                lambda: ctx.journal.record_billing_key_delete_result(
                    op_id, outcome, message=message, decided_by=by
                ),
            )
            if problem:
                problems.append(problem)

        outcome, _value, message = send_and_settle(
            ctx, op_id, "billing_key_delete", send, lambda _c: Outcome.APPROVED, record
        )
    if outcome is Outcome.APPROVED:
        return DeleteOutcome(
            outcome,
            customer_uid,
            op_id,
            ctx.journal.customer(customer_uid),
            message,
            problems[0] if problems else None,
        )
    if outcome is Outcome.DECLINED:
        raise ServiceError(
            "portone",
            QT_TRANSLATE_NOOP("ServiceError", "PortOne이 카드 삭제를 거절했습니다: {detail}"),
            params={"detail": message or ""},
        )
    if outcome is Outcome.NOT_CHARGED:
        raise ServiceError(
            "unresolved",
            QT_TRANSLATE_NOOP("ServiceError", "카드가 삭제되지 않았습니다. 다시 시도하세요. ({detail})"),
            params={"detail": message or ""},
        )
    raise ServiceError(
        "unresolved",
        QT_TRANSLATE_NOOP(
            "ServiceError",
            "카드 삭제 결과를 아직 모릅니다. 프로그램이 PortOne에 계속 확인하며, 그동안 이 카드로 "
            "결제하지 않습니다.",
        ),
    )


def refresh_billing_key(ctx: ServiceContext, customer_uid: str) -> CustomerRow:
    """Re-read a saved card from PortOne (card name, masked number) and record what it says."""
    client = ctx.require_client()
    row = ctx.journal.customer(customer_uid)
    if row is None:
        raise _unknown_customer(customer_uid)
    with ctx.in_flight.claim(f"billing_key:{customer_uid}"):
        try:
            customer = client.get_billing_key(customer_uid)
        except NotFound as exc:
            try:
                ctx.journal.record_billing_key_gone(customer_uid, exc.message)
            except JournalUnavailable as journal_exc:
                raise journal_write_failed(journal_exc) from journal_exc
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
