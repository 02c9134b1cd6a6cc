"""The charge path (DESIGN.md, must): key-in and billing-key charges, duplicate warning, manual resend.

Order of every attempt:
1. the order arrives validated (``domain``); no open attempt for the same card/customer and amount
   may exist (journal, across restarts) nor be running in this process (in-flight guard), and an attempt
   for the same payer and amount closed as "no record at PortOne" within the last day is looked up again
   first: if it turned out paid, the new attempt is refused and the cashier told;
2. a merchant_uid is minted and the intent is **committed** to the journal with PortOne's clock — no
   intent row, no request — and the operation is handed to the settlement engine;
3. the request is sent **once**. Only ``NotSent`` (nothing left this computer) is sent again, once,
   with the same merchant_uid; every other failure is UNKNOWN and is never re-sent automatically;
4. the reply is classified (``portone.outcome.charge_outcome``); a refusal is read through the one table
   of refusals (``settlement.refusals``): a PG/issuer timeout is UNKNOWN (the issuer may have approved),
   "등록되지 않은 구매자" marks the saved card gone (nothing charged, register it again), the rest is a
   decline. In a live shop a payment PortOne made through a test channel is TEST_PAYMENT, never 승인;
5. UNKNOWN is settled by the settlement engine: about a minute of lookups during the call, then in the
   background for as long as the app runs, and after a restart.

A sale (``sale_id``) groups its attempts. A new attempt after a final DECLINED attempt of the same sale
passes ``retry_of=<previous merchant_uid>`` and gets a fresh merchant_uid under the same sale_id. An
attempt that PortOne has no record of (NOT_CHARGED) is sent again under its **own** merchant_uid
(``retry_unknown``, or ``retry_of`` it): should the first request still land, PortOne then refuses the
duplicate instead of charging twice. A key-in resend needs the card typed again (it never leaves
memory), so it takes the re-validated order and checks it against the intent.

MISMATCH (paid another amount) is recorded as such and returned with ``needs_cancel``; it is never
success. A resend answered with a refusal is UNKNOWN until PortOne's record decides, because "already
paid" for that merchant_uid would otherwise read as a decline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

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
from pos_app.journal.records import MONEY_TAKEN, SaleIntent, SaleKind, SaleRow
from pos_app.portone.client import PortOneClient
from pos_app.portone.models import AgainRequest, OnetimeRequest, Payment
from pos_app.portone.outcome import charge_outcome
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import payment_facts
from pos_app.services.results import SaleOutcome
from pos_app.services.settlement.refusals import Verdict, verdict_of

log = logging.getLogger(__name__)

KEY_GONE_TEXT = QT_TRANSLATE_NOOP(
    "ServiceError", "저장된 카드가 PortOne에 없습니다(삭제됨). 결제되지 않았습니다. 카드를 다시 등록하세요."
)
TEST_CHANNEL = QT_TRANSLATE_NOOP(
    "ServiceError",
    "PortOne 테스트 채널로 처리된 결제입니다. 실제로 돈이 움직이지 않았습니다. 상품을 내주지 말고 설정의 "
    "채널을 "
    "확인하세요.",
)

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

    def same_payer(row: SaleRow) -> bool:
        return row.kind == "keyin" and row.card_hint == hint

    with ctx.in_flight.claim(f"card:{hint}:{order.amount}"):
        previous = _previous_attempt(ctx, retry_of)
        if previous is not None and _may_resend(ctx, previous) and same_payer(previous):
            return _resend(ctx, previous, order, client)
        sale_id = _sale_id_for_new_attempt(previous)
        _refuse_if_open(ctx, same_payer, order.amount, sale_id)
        _refuse_if_paid_late(ctx, same_payer, order.amount)
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

    def same_payer(row: SaleRow) -> bool:
        return row.kind == "billing" and row.customer_uid == charge.customer_uid

    with ctx.in_flight.claim(f"customer:{charge.customer_uid}:{charge.amount}"):
        _refuse_if_key_busy(ctx, charge.customer_uid)
        previous = _previous_attempt(ctx, retry_of)
        if previous is not None and _may_resend(ctx, previous) and same_payer(previous):
            return _resend(ctx, previous, None, client)
        sale_id = _sale_id_for_new_attempt(previous)
        _refuse_if_open(ctx, same_payer, charge.amount, sale_id)
        _refuse_if_paid_late(ctx, same_payer, charge.amount)
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


def _resend(
    ctx: ServiceContext, previous: SaleRow, order: KeyedCharge | None, client: PortOneClient
) -> SaleOutcome:
    with ctx.in_flight.claim(f"sale:{previous.merchant_uid}"):
        intent, send = _resend_of(ctx, previous, order, client)
        return _run_attempt(ctx, _Attempt(intent, send), resend=True)


def check_unknown(ctx: ServiceContext, merchant_uid: str) -> SaleOutcome:
    """Look a non-final attempt up once and record it if PortOne can tell; never re-sends."""
    ctx.require_lookup_client()
    ctx.require_journal()
    row = ctx.journal.sale(merchant_uid)
    if row is None:
        raise _no_such_sale(merchant_uid)
    if row.outcome.is_final:
        return SaleOutcome(row.outcome, merchant_uid, row, row.message)
    ctx.settler.check_now(merchant_uid)
    row = ctx.journal.sale(merchant_uid)
    assert row is not None
    return SaleOutcome(row.outcome, merchant_uid, row, row.message)


def retry_unknown(ctx: ServiceContext, merchant_uid: str, order: KeyedCharge | None = None) -> SaleOutcome:
    """Settle the attempt now; once PortOne has had no record of it for the whole window, send it again
    under the **same** merchant_uid (a late first request then meets PortOne's duplicate refusal)."""
    client = ctx.require_client()
    with ctx.in_flight.claim(f"sale:{merchant_uid}"):
        row = ctx.journal.sale(merchant_uid)
        if row is None:
            raise _no_such_sale(merchant_uid)
        if not row.outcome.is_final:
            ctx.settler.adopt_if_untracked(merchant_uid)
            ctx.settler.look_claimed(merchant_uid)
            row = ctx.journal.sale(merchant_uid)
            assert row is not None
        if not _may_resend(ctx, row):
            if row.outcome.is_final:
                return SaleOutcome(row.outcome, merchant_uid, row, row.message)
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
        intent, send = _resend_of(ctx, row, order, client)
        return _run_attempt(ctx, _Attempt(intent, send), resend=True)


def _may_resend(ctx: ServiceContext, row: SaleRow) -> bool:
    """Only an attempt PortOne has had no record of for the whole window (or that never left)."""
    if row.outcome is not Outcome.NOT_CHARGED:
        return False
    op = ctx.journal.operation(row.merchant_uid)
    return op is None or op.decided_by in ("window", "reply")


# --- one attempt ---------------------------------------------------------------------------------


def _run_attempt(ctx: ServiceContext, attempt: _Attempt, *, resend: bool) -> SaleOutcome:
    merchant_uid = attempt.intent.merchant_uid
    amount = attempt.intent.amount
    intent = replace(attempt.intent, portone_at=ctx.portone_time_for_intent())
    try:
        ctx.journal.record_sale_intent(intent)  # committed before any byte goes out
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        # the journal's own guard: another attempt of this sale is open, or one already took money
        sale_id = intent.sale_id
        open_attempt = next((row for row in ctx.journal.open_sales() if row.sale_id == sale_id), None)
        if open_attempt is not None:
            raise _in_progress(open_attempt.merchant_uid) from exc
        raise _already_paid(sale_id) from exc
    ctx.settler.adopt(merchant_uid)
    log.info("charge %s: intent recorded (%s, %d won, resend=%s)", merchant_uid, intent.kind, amount, resend)

    result = charge_outcome(attempt.send, amount)
    if result.outcome is Outcome.NOT_CHARGED and result.http_status is None:
        # nothing left this computer (refused connection): the only case a money POST may go again
        log.warning("charge %s: not sent (%s); trying once more", merchant_uid, result.message)
        if ctx.settings.reconcile_poll_delays:
            ctx.pause(ctx.settings.reconcile_poll_delays[0])  # a refused connection may be a blip
        result = charge_outcome(attempt.send, amount)
    log.info("charge %s: %s (%s)", merchant_uid, result.outcome.value, result.message)

    outcome, message = result.outcome, result.message
    if outcome is Outcome.DECLINED:
        # a refusal (code != 0) or a "failed" record: the refusal table decides what it means
        verdict = verdict_of("sale", message)
        if verdict is Verdict.KEY_GONE and intent.customer_uid is not None and result.payment is None:
            return _key_gone(ctx, merchant_uid, intent.customer_uid, message)
        if verdict is Verdict.LOOK_UP_FIRST or (resend and result.payment is None):
            # the PG timed out, or a resend was refused ("already paid" / still in flight): only
            # PortOne's record can tell whether money was taken
            outcome = Outcome.UNKNOWN
    if outcome is Outcome.NOT_CHARGED and resend:
        outcome = Outcome.UNKNOWN  # this resend never left, but the earlier send's fate is open again
    if ctx.settings.live and result.payment is not None and result.payment.sandbox and outcome in MONEY_TAKEN:
        outcome, message = Outcome.TEST_PAYMENT, TEST_CHANNEL
    if outcome is not Outcome.UNKNOWN:
        recorded = _record(ctx, merchant_uid, outcome, result.payment, message)
        ctx.settler.release(merchant_uid)
        return recorded

    recorded = _record(ctx, merchant_uid, Outcome.UNKNOWN, result.payment, message)
    ctx.settler.settle_in_call(merchant_uid)
    row = ctx.journal.sale(merchant_uid)
    if row is None or not row.outcome.is_final:
        return recorded
    return SaleOutcome(row.outcome, merchant_uid, row, row.message, recorded.journal_error)


def _key_gone(ctx: ServiceContext, merchant_uid: str, customer_uid: str, message: str | None) -> SaleOutcome:
    """PortOne has no billing key under this customer_uid: nothing was charged; save the card again."""
    outcome = _record(ctx, merchant_uid, Outcome.NOT_CHARGED, None, KEY_GONE_TEXT)
    ctx.settler.release(merchant_uid)
    record_after_the_call(
        f"billing key {customer_uid}",
        Outcome.NOT_CHARGED,
        lambda: ctx.journal.record_billing_key_gone(customer_uid, message),
    )
    return replace(outcome, key_gone=True)


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


def _previous_attempt(ctx: ServiceContext, retry_of: str | None) -> SaleRow | None:
    """The attempt a new one follows; only a final attempt that took no money may be followed."""
    if retry_of is None:
        return None
    previous = ctx.journal.sale(retry_of)
    if previous is None:
        raise _no_such_sale(retry_of)
    if not previous.outcome.is_final:
        raise _in_progress(retry_of)
    if previous.outcome not in (Outcome.DECLINED, Outcome.NOT_CHARGED, Outcome.TEST_PAYMENT):
        raise _already_paid(retry_of)
    return previous


def _sale_id_for_new_attempt(previous: SaleRow | None) -> str | None:
    return previous.sale_id if previous is not None else None


def _refuse_if_paid_late(ctx: ServiceContext, same_payer: Callable[[SaleRow], bool], amount: int) -> None:
    """Attempts for this payer and amount closed as "no record" lately are looked up again first."""
    late = ctx.settler.recheck_before_new_attempt(same_payer, amount)
    if late:
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "같은 카드·금액으로 조금 전 '결제되지 않음'으로 정리했던 결제({merchant_uid})가 늦게 "
                "승인되었습니다. "
                "다시 결제하지 마세요. 거래내역에서 확인하세요.",
            ),
            params={"merchant_uid": late[0].ref},
        )


def _refuse_if_key_busy(ctx: ServiceContext, customer_uid: str) -> None:
    """A saved card whose registration or deletion is not final yet is not charged."""
    for op in ctx.journal.operations_of(customer_uid):
        if op.is_open:
            raise ServiceError(
                "in_progress",
                QT_TRANSLATE_NOOP(
                    "ServiceError",
                    "이 카드의 등록 또는 삭제 결과를 확인 중입니다. 확인이 끝난 뒤 결제하세요.",
                ),
            )


def _refuse_if_open(
    ctx: ServiceContext, same_payer: Callable[[SaleRow], bool], amount: int, sale_id: str | None
) -> None:
    for row in ctx.journal.open_sales():
        if row.sale_id == sale_id or (row.amount == amount and same_payer(row)):
            raise _in_progress(row.merchant_uid)


def _resend_of(
    ctx: ServiceContext, row: SaleRow, order: KeyedCharge | None, client: PortOneClient
) -> tuple[SaleIntent, Callable[[], Payment]]:
    if row.kind == "billing":
        assert row.customer_uid is not None
        _refuse_if_key_busy(ctx, row.customer_uid)
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
