"""Cash receipts (현금영수증): for a PortOne bank-transfer / virtual-account payment, and external ones.

Per-payment receipts (``/receipts/{imp_uid}``) exist only for cash-type PortOne payments (``trans``,
``vbank``); a card payment is refused locally. External receipts (``/receipts/external/{merchant_uid}``)
cover cash or bank-deposit sales taken outside PortOne; their merchant_uid is the duplicate guard, as
PortOne refuses a second issue for it — and so do we, before asking: a second receipt for one sale
(per merchant_uid or imp_uid, while the first is issued or unresolved) is a ``ServiceError``.

When the customer gives no identifier the receipt is issued to the NTS self-issue number 010-000-1234
(소득공제 only; 지출증빙 needs the business's number). Identifiers are sent digits only and kept in the
journal as a hint with only the last 4 digits visible.

Issue and cancel both follow the write-ahead rule and are settled by the settlement engine when the
answer is lost: a receipt read back counts for an issue only if it was applied at or after the intent and
is not the earlier, cancelled receipt it re-issues; a cancel counts once the receipt reads back cancelled.

One cash sale, one receipt at the tax office: an external receipt is always issued under the merchant_uid
of its cash sale. While one is open (its answer not known yet) no other receipt is issued for that sale
nor for another sale of the same amount and identifier (the cashier pressing "새 현금영수증 발행" to
retry); once it is proven not issued, the same merchant_uid is issued again, so should the first request
still land, PortOne refuses the duplicate.
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
from pos_app.journal.records import DecidedBy, ReceiptIntent, ReceiptRow
from pos_app.portone.errors import NotFound
from pos_app.portone.models import ExternalReceiptRequest, Payment, Receipt, ReceiptRequest
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import receipt_facts
from pos_app.services.resolution import probe
from pos_app.services.results import ReceiptOutcome
from pos_app.services.settlement.calls import send_and_settle

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
        replaces = _cancelled_predecessor(ctx, merchant_uid)
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
            portone_at=ctx.portone_time_for_intent(),
            replaces=replaces,
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
        return _issue(ctx, intent, lambda: client.issue_receipt(imp_uid, request))


def issue_external_cash_receipt(ctx: ServiceContext, order: ExternalReceiptOrder) -> ReceiptOutcome:
    """A receipt for a cash / deposit sale taken outside PortOne; its merchant_uid guards duplicates."""
    client = ctx.require_client()
    sent_identifier, sent_type = receipt_identifier(
        order.identifier, order.identifier_type, order.receipt_type
    )
    merchant_uid = order.merchant_uid
    hint = identifier_hint(sent_identifier)
    with ctx.in_flight.claim(f"receipt:{merchant_uid}"), ctx.in_flight.claim(f"cash:{hint}:{order.amount}"):
        _refuse_second(ctx, merchant_uid)
        _refuse_while_open_elsewhere(ctx, merchant_uid, order.amount, hint)
        intent = ReceiptIntent(
            receipt_id=_mint_receipt_id(ctx),
            kind="external",
            merchant_uid=merchant_uid,
            imp_uid=None,
            order_name=order.order_name,
            amount=order.amount,
            tax_free=order.tax_free,
            identifier_hint=hint,
            identifier_type=sent_type,
            receipt_type=order.receipt_type,
            product_type=order.product_type,
            buyer_name=order.buyer.name,
            portone_at=ctx.portone_time_for_intent(),
            replaces=_cancelled_predecessor(ctx, merchant_uid),
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
        return _issue(ctx, intent, lambda: client.issue_external_receipt(merchant_uid, request))


def cancel_cash_receipt(ctx: ServiceContext, receipt_id: str) -> ReceiptOutcome:
    """Cancel a per-payment receipt; ``receipt_id`` may also be the payment's merchant_uid or imp_uid."""
    client = ctx.require_client()
    row = _live_receipt(ctx, receipt_id, "payment")
    assert row.imp_uid is not None
    imp_uid = row.imp_uid
    with ctx.in_flight.claim(f"receipt:{row.merchant_uid or imp_uid}"):
        return _cancel(ctx, row, lambda: client.cancel_receipt(imp_uid))


def cancel_external_cash_receipt(ctx: ServiceContext, merchant_uid: str) -> ReceiptOutcome:
    client = ctx.require_client()
    row = _live_receipt(ctx, merchant_uid, "external")
    with ctx.in_flight.claim(f"receipt:{merchant_uid}"):
        return _cancel(ctx, row, lambda: client.cancel_external_receipt(merchant_uid))


def receipt_identifier(
    identifier: str | None, identifier_type: IdentifierType, receipt_type: ReceiptType
) -> tuple[str, IdentifierType]:
    """The identifier to send (digits only) and its type; the NTS self-issue number when none is given."""
    if not (identifier or "").strip():
        if receipt_type == "company":
            raise FieldError("identifier", MSG_IDENTIFIER_FOR_COMPANY)
        return SELF_ISSUE_IDENTIFIER, "phone"
    return parse_identifier(identifier or "", identifier_type), identifier_type


# --- internals -----------------------------------------------------------------------------------


def _issue(ctx: ServiceContext, intent: ReceiptIntent, send: Callable[[], Receipt]) -> ReceiptOutcome:
    try:
        ctx.journal.record_receipt_intent(intent)  # committed before the request
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        # the journal's own one-receipt-per-sale guard
        raise _duplicate(None) from exc
    problems: list[str] = []

    def record(outcome: Outcome, receipt: Receipt | None, message: str | None, by: DecidedBy) -> None:
        facts = receipt_facts(receipt) if receipt is not None else None
        problem = record_after_the_call(
            f"receipt {intent.receipt_id}",
            outcome,
            lambda: ctx.journal.record_receipt_result(
                intent.receipt_id, outcome, facts=facts, message=message, decided_by=by
            ),
        )
        if problem:
            problems.append(problem)

    outcome, _receipt, message = send_and_settle(
        ctx, intent.receipt_id, "receipt_issue", send, _issued, record
    )
    row = _row(ctx, intent.receipt_id, None)
    final = row.outcome if row is not None and row.receipt_id == intent.receipt_id else outcome
    return ReceiptOutcome(final, intent.receipt_id, row, message, problems[0] if problems else None)


def _issued(_receipt: Receipt) -> Outcome:
    return Outcome.APPROVED


def _cancel(ctx: ServiceContext, row: ReceiptRow, send: Callable[[], Receipt]) -> ReceiptOutcome:
    try:
        op_id = ctx.journal.record_receipt_cancel_intent(row.receipt_id, ctx.portone_time_for_intent())
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        raise ServiceError(
            "in_progress",
            QT_TRANSLATE_NOOP(
                "ServiceError", "이 현금영수증의 취소 결과를 확인 중입니다. 먼저 결과 확인(재조회)을 하세요."
            ),
        ) from exc
    problems: list[str] = []

    def send_or_gone() -> Receipt | None:
        try:
            return send()
        except NotFound:
            return None  # not at PortOne: nothing is valid under it any more

    def record(outcome: Outcome, receipt: Receipt | None, message: str | None, by: DecidedBy) -> None:
        facts = receipt_facts(receipt) if receipt is not None else None
        problem = record_after_the_call(
            f"receipt cancel {op_id}",
            outcome,
            lambda: ctx.journal.record_receipt_cancel_result(
                op_id, outcome, facts=facts, message=message, decided_by=by
            ),
        )
        if problem:
            problems.append(problem)

    outcome, _receipt, message = send_and_settle(
        ctx, op_id, "receipt_cancel", send_or_gone, lambda _r: Outcome.APPROVED, record
    )
    # a cancel that went through is reported as the receipt's new state: CANCELLED
    reported = Outcome.CANCELLED if outcome is Outcome.APPROVED else outcome
    if outcome is Outcome.APPROVED:
        log.info("receipt %s: cancelled", row.receipt_id)
    return ReceiptOutcome(
        reported, row.receipt_id, _row(ctx, row.receipt_id, row), message, problems[0] if problems else None
    )


def _row(ctx: ServiceContext, receipt_id: str, fallback: ReceiptRow | None) -> ReceiptRow | None:
    row = ctx.journal.receipt_for(receipt_id)
    return row if row is not None else fallback


def _cancelled_predecessor(ctx: ServiceContext, merchant_uid: str) -> str | None:
    """The sale's last receipt when it was cancelled: a new one re-issues it (kept apart on read-back)."""
    earlier = ctx.journal.receipts_of(merchant_uid)
    if earlier and earlier[-1].outcome is Outcome.CANCELLED:
        return earlier[-1].receipt_id
    return None


def _refuse_while_open_elsewhere(ctx: ServiceContext, merchant_uid: str, amount: int, hint: str) -> None:
    """No new external receipt for the same amount and identifier while one is open under another id:
    that is the cashier retrying a receipt whose answer was lost, and would make two live receipts."""
    for op in ctx.journal.open_operations():
        if op.kind != "receipt_issue" or op.sale_ref == merchant_uid or op.amount != amount:
            continue
        row = ctx.journal.receipt_for(op.ref)
        if row is not None and row.kind == "external" and row.identifier_hint == hint:
            raise ServiceError(
                "in_progress",
                QT_TRANSLATE_NOOP(
                    "ServiceError",
                    "같은 금액·번호의 현금영수증({merchant_uid}) 결과를 확인 중입니다. 새로 발급하지 말고 "
                    "확인이 끝나기를 기다리세요(미확정 거래 목록의 '지금 확인').",
                ),
                params={"merchant_uid": row.merchant_uid or ""},
            )


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
