"""The charge path (DESIGN.md, must): key-in and billing-key charges, duplicate warning, manual retry.

Order of every attempt:
1. the order arrives validated (``domain``); no open attempt for the same card/customer and amount
   may exist (journal, across restarts) nor be running in this process (in-flight guard);
2. a merchant_uid is minted and the intent is **committed** to the journal — no intent row, no request;
3. the request is sent **once**. Only ``NotSent`` (nothing left this computer) is sent again, once,
   with the same merchant_uid; every other failure is UNKNOWN and is never re-sent automatically;
4. the reply is classified (``portone.outcome.charge_outcome``) and recorded;
5. UNKNOWN is resolved by polling ``findAll/{merchant_uid}``; 404 for ``not_charged_after_s`` since
   the send → NOT_CHARGED. Still unknown after the delays → the row stays UNKNOWN for ``retry_unknown``
   or reconciliation, and no new merchant_uid can be minted for that card and amount meanwhile.

A sale (``sale_id``) groups its attempts. A new attempt after a final DECLINED / NOT_CHARGED attempt of
the same sale passes ``retry_of=<previous merchant_uid>`` and gets a fresh merchant_uid under the same
sale_id. ``retry_unknown`` re-sends an UNKNOWN attempt with the **same** merchant_uid, after a lookup
showed no payment; a key-in resend needs the card typed again (it never leaves memory), so it takes the
re-validated order and checks it against the intent.

MISMATCH (paid another amount) is recorded as such and returned with ``needs_cancel``; it is never
success. After a resend answered with a refusal, PortOne is asked once more whether a payment exists,
because "already paid" for that merchant_uid would otherwise read as a decline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.domain import (
    BillingCharge,
    KeyedCharge,
    guess_card_company,
    mint_merchant_uid,
    parse_product_type,
)
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.records import SaleIntent, SaleKind, SaleRow
from pos_app.portone.client import PortOneClient
from pos_app.portone.models import AgainRequest, OnetimeRequest, Payment
from pos_app.portone.outcome import ChargeResult, charge_outcome
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import payment_facts
from pos_app.services.resolution import SaleResolution, inspect_sale, resolve_sale, resolve_sale_once
from pos_app.services.results import SaleOutcome

log = logging.getLogger(__name__)

# outcomes after which the same card and amount may have been charged: worth a duplicate warning
_MAY_HAVE_CHARGED = frozenset(
    {
        Outcome.PENDING,
        Outcome.UNKNOWN,
        Outcome.APPROVED,
        Outcome.MISMATCH,
        Outcome.PARTIALLY_CANCELLED,
        Outcome.CANCELLED,
    }
)


def check_duplicate(ctx: ServiceContext, order: KeyedCharge) -> list[SaleRow]:
    """Sales with the same masked card and amount within the window (a warning; it never blocks)."""
    since = ctx.clock() - ctx.settings.duplicate_window_s
    rows = ctx.journal.recent_similar_sales(order.card.number.masked, order.amount, since)
    return [row for row in rows if row.outcome in _MAY_HAVE_CHARGED]


@dataclass(frozen=True)
class _Attempt:
    """One attempt about to be sent: its intent and how to send it."""

    intent: SaleIntent
    send: Callable[[], Payment]


def charge_keyed_card(ctx: ServiceContext, order: KeyedCharge, *, retry_of: str | None = None) -> SaleOutcome:
    client = ctx.require_client()
    hint = order.card.number.masked
    with ctx.in_flight.claim(f"card:{hint}:{order.amount}"):
        sale_id = _sale_id_for_new_attempt(ctx, retry_of)
        _refuse_if_open(ctx, lambda row: row.kind == "keyin" and row.card_hint == hint, order.amount, sale_id)
        intent = _new_intent(
            ctx, sale_id, "keyin", order, hint, guess_card_company(order.card.number.bin6), None
        )
        merchant_uid = intent.merchant_uid
        request = _onetime_request(merchant_uid, order)
        with ctx.in_flight.claim(f"sale:{merchant_uid}"):
            return _run_attempt(ctx, _Attempt(intent, lambda: client.pay_onetime(request)), resend=False)


def charge_billing_key(
    ctx: ServiceContext, charge: BillingCharge, *, retry_of: str | None = None
) -> SaleOutcome:
    client = ctx.require_client()
    customer = ctx.journal.customer(charge.customer_uid)
    if customer is None or customer.deleted_at is not None or customer.outcome is not Outcome.APPROVED:
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "등록된 카드(빌링키)가 없거나 삭제되었습니다: {customer_uid}"),
            field="customer_uid",
            params={"customer_uid": charge.customer_uid},
        )
    with ctx.in_flight.claim(f"customer:{charge.customer_uid}:{charge.amount}"):
        sale_id = _sale_id_for_new_attempt(ctx, retry_of)
        _refuse_if_open(
            ctx,
            lambda row: row.kind == "billing" and row.customer_uid == charge.customer_uid,
            charge.amount,
            sale_id,
        )
        intent = _new_intent(
            ctx,
            sale_id,
            "billing",
            charge,
            customer.card_hint,
            customer.card_name or customer.card_company,
            charge.customer_uid,
        )
        merchant_uid = intent.merchant_uid
        request = _again_request(intent)
        with ctx.in_flight.claim(f"sale:{merchant_uid}"):
            return _run_attempt(ctx, _Attempt(intent, lambda: client.pay_again(request)), resend=False)


def check_unknown(ctx: ServiceContext, merchant_uid: str) -> SaleOutcome:
    """Look a non-final attempt up once and record it if PortOne can tell; never re-sends."""
    ctx.require_lookup_client()
    ctx.require_journal()
    with ctx.in_flight.claim(f"sale:{merchant_uid}"):
        row = ctx.journal.sale(merchant_uid)
        if row is None:
            raise _no_such_sale(merchant_uid)
        if row.outcome.is_final:
            return SaleOutcome(row.outcome, merchant_uid, row, row.message)
        found = resolve_sale_once(ctx, merchant_uid, row.amount, row.updated_at)
        if found is None:
            return SaleOutcome(row.outcome, merchant_uid, row, row.message)
        return _record(ctx, merchant_uid, found.outcome, found.payment, found.message)


def retry_unknown(ctx: ServiceContext, merchant_uid: str, order: KeyedCharge | None = None) -> SaleOutcome:
    """Look the UNKNOWN attempt up; if PortOne has no payment for it, re-send with the same merchant_uid."""
    client = ctx.require_client()
    with ctx.in_flight.claim(f"sale:{merchant_uid}"):
        row = ctx.journal.sale(merchant_uid)
        if row is None:
            raise _no_such_sale(merchant_uid)
        if row.outcome.is_final:
            return SaleOutcome(row.outcome, merchant_uid, row, row.message)
        state = inspect_sale(ctx, merchant_uid, row.amount)
        if isinstance(state, SaleResolution):
            return _record(ctx, merchant_uid, state.outcome, state.payment, state.message)
        if state == "pending":
            # "ready" at PortOne, or the lookup itself failed: a resend could charge twice
            return SaleOutcome(
                Outcome.UNKNOWN,
                merchant_uid,
                row,
                QT_TRANSLATE_NOOP(
                    "ServiceError", "PortOne에서 아직 결과를 확인할 수 없습니다. 잠시 후 다시 시도하세요."
                ),
            )
        waited = ctx.clock() - row.updated_at
        if waited < ctx.settings.not_charged_after_s:
            # "absent" right after a lost reply proves nothing: the first request may still be on its way
            # through PortOne and the PG, and a second one with the same merchant_uid could charge twice
            return SaleOutcome(
                Outcome.UNKNOWN,
                merchant_uid,
                row,
                QT_TRANSLATE_NOOP(
                    "ServiceError",
                    "PortOne에 아직 결제 기록이 없지만 첫 요청이 처리 중일 수 있습니다. "
                    "잠시 후 다시 확인하세요. 기록이 없으면 청구되지 않은 것으로 정리됩니다.",
                ),
            )
        intent, send = _resend_of(row, order, client)
        return _run_attempt(ctx, _Attempt(intent, send), resend=True)


# --- one attempt ---------------------------------------------------------------------------------


def _run_attempt(ctx: ServiceContext, attempt: _Attempt, *, resend: bool) -> SaleOutcome:
    merchant_uid = attempt.intent.merchant_uid
    amount = attempt.intent.amount
    try:
        ctx.journal.record_sale_intent(attempt.intent)  # committed before any byte goes out
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        # the journal's own guard: another attempt of this sale is open, or one already took money
        sale_id = attempt.intent.sale_id
        open_attempt = next((row for row in ctx.journal.open_sales() if row.sale_id == sale_id), None)
        if open_attempt is not None:
            raise _in_progress(open_attempt.merchant_uid) from exc
        raise _already_paid(sale_id) from exc
    log.info(
        "charge %s: intent recorded (%s, %d won, resend=%s)",
        merchant_uid,
        attempt.intent.kind,
        amount,
        resend,
    )

    sent_at = ctx.clock()
    result = charge_outcome(attempt.send, amount)
    if result.outcome is Outcome.NOT_CHARGED:
        # nothing left this computer (refused connection): the only case a money POST may go again
        log.warning("charge %s: not sent (%s); trying once more", merchant_uid, result.message)
        if ctx.settings.reconcile_poll_delays:
            ctx.pause(ctx.settings.reconcile_poll_delays[0])  # a refused connection may be a blip
        sent_at = ctx.clock()
        result = charge_outcome(attempt.send, amount)
    log.info("charge %s: %s (%s)", merchant_uid, result.outcome.value, result.message)

    if result.outcome is Outcome.NOT_CHARGED and resend:
        # this resend never left, but the earlier send's fate is only "absent so far": stay UNKNOWN
        return _record(ctx, merchant_uid, Outcome.UNKNOWN, None, result.message)
    if result.outcome is Outcome.DECLINED and resend:
        return _settle_refused_resend(ctx, merchant_uid, amount, result)
    if result.outcome is not Outcome.UNKNOWN:
        return _record(ctx, merchant_uid, result.outcome, result.payment, result.message)

    recorded = _record(ctx, merchant_uid, Outcome.UNKNOWN, result.payment, result.message)
    resolution = resolve_sale(ctx, merchant_uid, amount, sent_at)
    if resolution is None:
        return recorded
    return _record(ctx, merchant_uid, resolution.outcome, resolution.payment, resolution.message)


def _settle_refused_resend(
    ctx: ServiceContext, merchant_uid: str, amount: int, result: ChargeResult
) -> SaleOutcome:
    """A refused resend may mean "already paid" or "still in flight" for that merchant_uid.

    Only PortOne's record of the attempt decides; while it has none, the sale stays UNKNOWN (with the
    refusal's text) and is resolved like any other lost reply, never recorded as a final decline that a
    still-running first request could contradict.
    """
    state = inspect_sale(ctx, merchant_uid, amount)
    if isinstance(state, SaleResolution):
        return _record(ctx, merchant_uid, state.outcome, state.payment, state.message)
    recorded = _record(ctx, merchant_uid, Outcome.UNKNOWN, None, result.message)
    resolution = resolve_sale(ctx, merchant_uid, amount, ctx.clock())
    if resolution is None:
        return recorded
    return _record(ctx, merchant_uid, resolution.outcome, resolution.payment, resolution.message)


def _record(
    ctx: ServiceContext, merchant_uid: str, outcome: Outcome, payment: Payment | None, message: str | None
) -> SaleOutcome:
    facts = payment_facts(payment) if payment is not None else None
    journal_problem = record_after_the_call(
        f"charge {merchant_uid}",
        outcome,
        lambda: ctx.journal.record_sale_result(merchant_uid, outcome, payment=facts, message=message),
    )
    return SaleOutcome(outcome, merchant_uid, ctx.journal.sale(merchant_uid), message, journal_problem)


# --- guards and request building -----------------------------------------------------------------


def _sale_id_for_new_attempt(ctx: ServiceContext, retry_of: str | None) -> str | None:
    """The sale a new attempt belongs to; only a final, uncharged attempt may be followed by a new one."""
    if retry_of is None:
        return None
    previous = ctx.journal.sale(retry_of)
    if previous is None:
        raise _no_such_sale(retry_of)
    if not previous.outcome.is_final:
        raise _in_progress(retry_of)
    if previous.outcome not in (Outcome.DECLINED, Outcome.NOT_CHARGED):
        raise _already_paid(retry_of)
    return previous.sale_id


def _refuse_if_open(
    ctx: ServiceContext, same_payer: Callable[[SaleRow], bool], amount: int, sale_id: str | None
) -> None:
    for row in ctx.journal.open_sales():
        if row.sale_id == sale_id or (row.amount == amount and same_payer(row)):
            raise _in_progress(row.merchant_uid)


def _resend_of(
    row: SaleRow, order: KeyedCharge | None, client: PortOneClient
) -> tuple[SaleIntent, Callable[[], Payment]]:
    if row.kind == "billing":
        assert row.customer_uid is not None
        intent = _intent_from_row(row, buyer_email=row.buyer_email)
        again = _again_request(intent)
        return intent, lambda: client.pay_again(again)
    if order is None:
        raise ServiceError(
            "needs_card",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "PortOne에 결제 기록이 없습니다. 같은 주문번호로 다시 보내려면 카드 정보를 다시 입력하세요.",
            ),
            field="card_number",
        )
    if (
        order.card.number.masked != row.card_hint
        or order.amount != row.amount
        or order.tax_free != row.tax_free
    ):
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP(
                "ServiceError", "입력한 카드나 금액이 확인 중인 결제({merchant_uid})와 다릅니다."
            ),
            params={"merchant_uid": row.merchant_uid},
        )
    intent = _intent_from_row(row, buyer_email=order.buyer.email)
    onetime = _onetime_request(row.merchant_uid, order)
    return intent, lambda: client.pay_onetime(onetime)


def _new_intent(
    ctx: ServiceContext,
    sale_id: str | None,
    kind: SaleKind,
    order: KeyedCharge | BillingCharge,
    card_hint: str,
    card_company: str | None,
    customer_uid: str | None,
) -> SaleIntent:
    """A new attempt's intent under a fresh merchant_uid; with no ``sale_id`` it starts a sale of its own."""
    merchant_uid = mint_merchant_uid(ctx.settings.counter_id, ctx.now())
    return SaleIntent(
        merchant_uid=merchant_uid,
        sale_id=sale_id or merchant_uid,
        kind=kind,
        amount=order.amount,
        tax_free=order.tax_free,
        order_name=order.order_name,
        card_hint=card_hint,
        card_company=card_company,
        buyer_name=order.buyer.name,
        buyer_tel=order.buyer.tel,
        buyer_email=order.buyer.email,
        customer_uid=customer_uid,
        card_quota=order.card_quota,
        product_type=order.product_type,
    )


def _intent_from_row(row: SaleRow, *, buyer_email: str) -> SaleIntent:
    return SaleIntent(
        merchant_uid=row.merchant_uid,
        sale_id=row.sale_id,
        kind="billing" if row.kind == "billing" else "keyin",
        amount=row.amount,
        tax_free=row.tax_free,
        order_name=row.order_name,
        card_hint=row.card_hint,
        card_company=row.card_company,
        buyer_name=row.buyer_name,
        buyer_tel=row.buyer_tel,
        buyer_email=buyer_email,
        customer_uid=row.customer_uid,
        card_quota=row.card_quota,
        product_type=row.product_type,
    )


def _onetime_request(merchant_uid: str, order: KeyedCharge) -> OnetimeRequest:
    return OnetimeRequest(
        merchant_uid=merchant_uid,
        amount=order.amount,
        tax_free=order.tax_free,
        name=order.order_name,
        card_number=order.card.number.formatted(),
        expiry=order.card.expiry.formatted(),
        birth=order.card.birth,
        pwd_2digit=order.card.pwd_2digit,
        buyer_name=order.buyer.name,
        buyer_tel=order.buyer.tel,
        buyer_email=order.buyer.email,
        card_quota=order.card_quota,
        product_type=order.product_type,
    )


def _again_request(intent: SaleIntent) -> AgainRequest:
    assert intent.customer_uid is not None
    return AgainRequest(
        customer_uid=intent.customer_uid,
        merchant_uid=intent.merchant_uid,
        amount=intent.amount,
        tax_free=intent.tax_free,
        name=intent.order_name,
        buyer_name=intent.buyer_name,
        buyer_tel=intent.buyer_tel,
        buyer_email=intent.buyer_email,
        card_quota=intent.card_quota,
        product_type=parse_product_type(intent.product_type),
    )


def _no_such_sale(merchant_uid: str) -> ServiceError:
    return ServiceError(
        "not_found",
        QT_TRANSLATE_NOOP("ServiceError", "거래 기록에 없는 주문번호입니다: {merchant_uid}"),
        params={"merchant_uid": merchant_uid},
    )


def _in_progress(merchant_uid: str) -> ServiceError:
    return ServiceError(
        "in_progress",
        QT_TRANSLATE_NOOP(
            "ServiceError",
            "결과를 확인 중인 결제({merchant_uid})가 있습니다. 먼저 결과 확인(재조회)을 하세요.",
        ),
        params={"merchant_uid": merchant_uid},
    )


def _already_paid(merchant_uid: str) -> ServiceError:
    return ServiceError(
        "not_allowed",
        QT_TRANSLATE_NOOP("ServiceError", "이미 승인된 결제입니다. 다시 결제하지 않습니다: {merchant_uid}"),
        params={"merchant_uid": merchant_uid},
    )
