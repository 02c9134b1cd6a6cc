"""Cash receipts (현금영수증): for a PortOne bank-transfer / virtual-account payment, and external ones.

Per-payment receipts (``/receipts/{imp_uid}``) exist only for cash-type PortOne payments (``trans``,
``vbank``); a card payment is refused locally. External receipts (``/receipts/external/{merchant_uid}``)
cover cash or bank-deposit sales taken outside PortOne; their merchant_uid is the duplicate guard, as
PortOne refuses a second issue for it — and so do we, before asking: a second receipt for one sale
(per merchant_uid or imp_uid, while the first is issued or unresolved) is a ``ServiceError``.

When the customer gives no identifier the receipt is issued to the NTS self-issue number 010-000-1234
(소득공제 only; 지출증빙 needs the business's number). Identifiers are sent digits only and kept in the
journal as a hint with only the last 4 digits visible.

Issue follows the write-ahead rule; an UNKNOWN issue is resolved by reading the receipt back
(present → issued, absent for ``not_charged_after_s`` → not issued). A cancel has no intent row (the
journal records the cancellation itself), and an UNKNOWN cancel is resolved by one read-back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pos_app.domain import (
    SELF_ISSUE_IDENTIFIER,
    ExternalReceiptOrder,
    IdentifierType,
    ProductType,
    ReceiptType,
    identifier_hint,
    mint_merchant_uid,
    parse_identifier,
)
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.records import ReceiptIntent, ReceiptRow
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.portone.models import ExternalReceiptRequest, Payment, Receipt, ReceiptRequest
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import receipt_facts
from pos_app.services.resolution import probe, send_and_resolve, send_once
from pos_app.services.results import ReceiptOutcome

log = logging.getLogger(__name__)

CASH_PAY_METHODS = frozenset({"trans", "vbank"})
# receipts that exist (or may exist) at the NTS: a second one for the same sale is refused
_LIVE = frozenset({Outcome.APPROVED, Outcome.PENDING, Outcome.UNKNOWN})

MSG_IDENTIFIER_FOR_COMPANY = QT_TRANSLATE_NOOP(
    "FieldError", "지출증빙 현금영수증에는 사업자번호(또는 현금영수증 카드번호)가 필요합니다."
)


def issue_cash_receipt(
    ctx: ServiceContext,
    merchant_uid: str,
    identifier: str,
    identifier_type: IdentifierType,
    receipt_type: ReceiptType,
    *,
    tax_free: int = 0,
    product_type: ProductType | None = None,
) -> ReceiptOutcome:
    """A receipt for a PortOne bank-transfer / virtual-account payment (found by its merchant_uid)."""
    client = ctx.require_client()
    sent_identifier, sent_type = receipt_identifier(identifier, identifier_type, receipt_type)
    with ctx.in_flight.claim(f"receipt:{merchant_uid}"):
        _refuse_second(ctx, merchant_uid)
        payment = _cash_payment(ctx, merchant_uid)
        _refuse_second(ctx, payment.imp_uid)
        receipt_id = _mint_receipt_id(ctx)
        buyer_name = payment.buyer_name or ""
        product: ProductType = product_type or ctx.settings.default_product_type
        intent = ReceiptIntent(
            receipt_id=receipt_id,
            kind="payment",
            merchant_uid=merchant_uid,
            imp_uid=payment.imp_uid,
            order_name=payment.name or "",
            amount=payment.remaining,
            tax_free=tax_free,
            identifier_hint=identifier_hint(sent_identifier),
            identifier_type=sent_type,
            receipt_type=receipt_type,
            product_type=product,
            buyer_name=buyer_name,
        )
        request = ReceiptRequest(
            identifier=sent_identifier,
            identifier_type=sent_type,
            type=receipt_type,
            product_type=product,
            buyer_name=buyer_name,
            buyer_tel=payment.buyer_tel or "",
            buyer_email=payment.buyer_email or "",
            tax_free=tax_free,
        )
        imp_uid = payment.imp_uid
        return _issue(
            ctx,
            intent,
            lambda: client.issue_receipt(imp_uid, request),
            lambda: client.get_receipt(imp_uid),
        )


def issue_external_cash_receipt(ctx: ServiceContext, order: ExternalReceiptOrder) -> ReceiptOutcome:
    """A receipt for a cash / deposit sale taken outside PortOne; its merchant_uid guards duplicates."""
    client = ctx.require_client()
    sent_identifier, sent_type = receipt_identifier(
        order.identifier, order.identifier_type, order.receipt_type
    )
    merchant_uid = order.merchant_uid
    with ctx.in_flight.claim(f"receipt:{merchant_uid}"):
        _refuse_second(ctx, merchant_uid)
        intent = ReceiptIntent(
            receipt_id=_mint_receipt_id(ctx),
            kind="external",
            merchant_uid=merchant_uid,
            imp_uid=None,
            order_name=order.order_name,
            amount=order.amount,
            tax_free=order.tax_free,
            identifier_hint=identifier_hint(sent_identifier),
            identifier_type=sent_type,
            receipt_type=order.receipt_type,
            product_type=order.product_type,
            buyer_name=order.buyer.name,
        )
        request = ExternalReceiptRequest(
            name=order.order_name,
            amount=order.amount,
            identifier=sent_identifier,
            identifier_type=sent_type,
            type=order.receipt_type,
            product_type=order.product_type,
            buyer_name=order.buyer.name,
            buyer_tel=order.buyer.tel,
            buyer_email=order.buyer.email,
            tax_free=order.tax_free,
        )
        return _issue(
            ctx,
            intent,
            lambda: client.issue_external_receipt(merchant_uid, request),
            lambda: client.get_external_receipt(merchant_uid),
        )


def cancel_cash_receipt(ctx: ServiceContext, receipt_id: str) -> ReceiptOutcome:
    """Cancel a per-payment receipt; ``receipt_id`` may also be the payment's merchant_uid or imp_uid."""
    client = ctx.require_client()
    row = _live_receipt(ctx, receipt_id, "payment")
    assert row.imp_uid is not None
    imp_uid = row.imp_uid
    with ctx.in_flight.claim(f"receipt:{row.merchant_uid or imp_uid}"):
        return _cancel(ctx, row, lambda: client.cancel_receipt(imp_uid), lambda: client.get_receipt(imp_uid))


def cancel_external_cash_receipt(ctx: ServiceContext, merchant_uid: str) -> ReceiptOutcome:
    client = ctx.require_client()
    row = _live_receipt(ctx, merchant_uid, "external")
    with ctx.in_flight.claim(f"receipt:{merchant_uid}"):
        return _cancel(
            ctx,
            row,
            lambda: client.cancel_external_receipt(merchant_uid),
            lambda: client.get_external_receipt(merchant_uid),
        )


def receipt_identifier(
    identifier: str | None, identifier_type: IdentifierType, receipt_type: ReceiptType
) -> tuple[str, IdentifierType]:
    """The identifier to send (digits only) and its type; the NTS self-issue number when none is given."""
    if not (identifier or "").strip():
        if receipt_type == "company":
            raise FieldError("identifier", MSG_IDENTIFIER_FOR_COMPANY)
        return SELF_ISSUE_IDENTIFIER, "phone"
    return parse_identifier(identifier or "", identifier_type), identifier_type


def resolve_receipt_once(
    ctx: ServiceContext, row: ReceiptRow, last_sent_at: float
) -> tuple[Outcome, Receipt | None, str | None] | None:
    """Read an unresolved receipt back; None while it cannot be told whether it was issued."""
    client = ctx.require_lookup_client()
    if row.kind == "external":
        assert row.merchant_uid is not None
        merchant_uid = row.merchant_uid
        found = probe(lambda: client.get_external_receipt(merchant_uid))
    else:
        assert row.imp_uid is not None
        imp_uid = row.imp_uid
        found = probe(lambda: client.get_receipt(imp_uid))
    return _settle_lookup(ctx, found.state, found.value, found.message, last_sent_at)


# --- internals -----------------------------------------------------------------------------------


def _issue(
    ctx: ServiceContext,
    intent: ReceiptIntent,
    send: Callable[[], Receipt],
    read_back: Callable[[], Receipt],
) -> ReceiptOutcome:
    try:
        ctx.journal.record_receipt_intent(intent)  # committed before the request
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        # the journal's own one-receipt-per-sale guard
        raise _duplicate(None) from exc

    def once(sent_at: float) -> tuple[Outcome, Receipt | None, str | None] | None:
        found = probe(read_back)
        return _settle_lookup(ctx, found.state, found.value, found.message, sent_at)

    outcome, receipt, message = send_and_resolve(
        ctx,
        f"receipt {intent.receipt_id}",
        lambda: send_once(send, _issued),
        lambda message: _record(ctx, intent.receipt_id, Outcome.UNKNOWN, None, message),
        once,
    )
    return _record(ctx, intent.receipt_id, outcome, receipt, message)


def _settle_lookup(
    ctx: ServiceContext, state: str, receipt: Receipt | None, message: str | None, last_sent_at: float
) -> tuple[Outcome, Receipt | None, str | None] | None:
    if state == "found" and receipt is not None:
        return (Outcome.CANCELLED if receipt.cancelled_at else Outcome.APPROVED), receipt, None
    if state == "absent" and ctx.clock() - last_sent_at >= ctx.settings.not_charged_after_s:
        return Outcome.NOT_CHARGED, None, message
    return None


def _issued(_receipt: Receipt) -> Outcome:
    return Outcome.APPROVED


def _cancel(
    ctx: ServiceContext, row: ReceiptRow, send: Callable[[], Receipt], read_back: Callable[[], Receipt]
) -> ReceiptOutcome:
    ctx.require_journal()
    try:
        receipt: Receipt | None = send()
    except NotFound:
        receipt = None  # never issued at PortOne: nothing to cancel there; the row follows
    except (NotSent, OutcomeUnknown) as exc:
        found = probe(read_back)
        if found.state != "found" or found.value is None or not found.value.cancelled_at:
            raise ServiceError(
                "unresolved",
                QT_TRANSLATE_NOOP(
                    "ServiceError", "현금영수증 취소 결과를 확인하지 못했습니다. 다시 시도하세요. ({detail})"
                ),
                params={"detail": str(exc)},
            ) from exc
        receipt = found.value
    except ApiError as exc:
        return ReceiptOutcome(Outcome.DECLINED, row.receipt_id, row, exc.message)
    facts = receipt_facts(receipt) if receipt is not None else None
    try:
        ctx.journal.record_receipt_cancelled(row.receipt_id, facts)
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    log.info("receipt %s: cancelled", row.receipt_id)
    return ReceiptOutcome(Outcome.CANCELLED, row.receipt_id, _row(ctx, row.receipt_id, row), None)


def _record(
    ctx: ServiceContext, receipt_id: str, outcome: Outcome, receipt: Receipt | None, message: str | None
) -> ReceiptOutcome:
    facts = receipt_facts(receipt) if receipt is not None else None
    problem = record_after_the_call(
        f"receipt {receipt_id}",
        outcome,
        lambda: ctx.journal.record_receipt_result(receipt_id, outcome, facts=facts, message=message),
    )
    return ReceiptOutcome(outcome, receipt_id, _row(ctx, receipt_id, None), message, problem)


def _row(ctx: ServiceContext, receipt_id: str, fallback: ReceiptRow | None) -> ReceiptRow | None:
    row = ctx.journal.receipt_for(receipt_id)
    return row if row is not None else fallback


def _refuse_second(ctx: ServiceContext, key: str) -> None:
    existing = ctx.journal.receipt_for(key)
    if existing is not None and existing.outcome in _LIVE:
        raise _duplicate(existing.apply_num)


def _duplicate(apply_num: str | None) -> ServiceError:
    return ServiceError(
        "duplicate_receipt",
        QT_TRANSLATE_NOOP("ServiceError", "이 거래에는 이미 현금영수증이 있습니다 (승인번호 {apply_num})."),
        params={"apply_num": apply_num or "-"},
    )


def _live_receipt(ctx: ServiceContext, key: str, kind: str) -> ReceiptRow:
    row = ctx.journal.receipt_for(key)
    if row is None or row.kind != kind or row.outcome is not Outcome.APPROVED:
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "취소할 현금영수증이 없습니다: {key}"),
            params={"key": key},
        )
    return row


def _cash_payment(ctx: ServiceContext, merchant_uid: str) -> Payment:
    client = ctx.require_lookup_client()
    found = probe(lambda: client.find_payment(merchant_uid))
    if found.state == "absent":
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "PortOne에 없는 결제입니다: {merchant_uid}"),
            params={"merchant_uid": merchant_uid},
        )
    if found.value is None:
        raise ServiceError(
            "unresolved",
            QT_TRANSLATE_NOOP("ServiceError", "PortOne에서 결제를 읽지 못했습니다: {detail}"),
            params={"detail": found.message or ""},
        )
    payment = found.value
    if payment.pay_method not in CASH_PAY_METHODS:
        raise ServiceError(
            "ksnet_limit",
            QT_TRANSLATE_NOOP(
                "ServiceError", "현금영수증은 계좌이체·가상계좌 결제에만 발급할 수 있습니다 (카드 결제 제외)."
            ),
        )
    if payment.status != "paid" or payment.remaining <= 0:
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP("ServiceError", "결제 완료 상태가 아니어서 현금영수증을 발급할 수 없습니다."),
        )
    if payment.cash_receipt_issued:
        raise ServiceError(
            "duplicate_receipt",
            QT_TRANSLATE_NOOP("ServiceError", "이 결제에는 이미 현금영수증이 발급되었습니다."),
        )
    return payment


def _mint_receipt_id(ctx: ServiceContext) -> str:
    return "R-" + mint_merchant_uid(ctx.settings.counter_id, ctx.now())
