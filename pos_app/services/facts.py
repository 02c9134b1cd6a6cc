"""Translate PortOne's answers into the journal's fact records.

The journal stores only what PortOne returned in masked form (masked card number, card name,
approval number, imp_uid); nothing here can carry the digits the cashier typed.
"""

from __future__ import annotations

from pos_app.journal.records import CancelFact, CustomerFacts, PaymentFacts, ReceiptFacts
from pos_app.portone.models import CancelHistoryEntry, Customer, Payment, Receipt


def cancel_fact(entry: CancelHistoryEntry) -> CancelFact:
    """One refund PortOne lists; its identity is PortOne's cancellation_id, else the PG's cancel tid."""
    identity = entry.cancellation_id or entry.pg_tid or f"{entry.amount}@{entry.cancelled_at or 0}"
    return CancelFact(
        portone_id=identity,
        amount=entry.amount,
        cancelled_at=float(entry.cancelled_at) if entry.cancelled_at else None,
        reason=entry.reason,
        pg_tid=entry.pg_tid,
        receipt_url=entry.receipt_url,
    )


def payment_facts(payment: Payment) -> PaymentFacts:
    return PaymentFacts(
        imp_uid=payment.imp_uid,
        status=payment.status,
        amount=payment.amount,
        cancel_amount=payment.cancel_amount,
        card_name=payment.card_name,
        card_code=payment.card_code,
        card_number=payment.card_number,
        apply_num=payment.apply_num,
        card_quota=payment.card_quota,
        paid_at=payment.paid_at,
        cancelled_at=payment.cancelled_at,
        receipt_url=payment.receipt_url,
        pg_tid=payment.pg_tid,
        fail_reason=payment.fail_reason,
        cancel_history=tuple(cancel_fact(entry) for entry in payment.cancel_history),
        sandbox=payment.sandbox,
    )


def customer_facts(customer: Customer) -> CustomerFacts:
    return CustomerFacts(
        card_name=customer.card_name,
        card_code=customer.card_code,
        card_number=customer.card_number,
        pg_provider=customer.pg_provider,
        pg_id=customer.pg_id,
        inserted=customer.inserted,
        updated=customer.updated,
    )


def receipt_facts(receipt: Receipt) -> ReceiptFacts:
    return ReceiptFacts(
        apply_num=receipt.apply_num,
        receipt_tid=receipt.receipt_tid,
        amount=receipt.amount,
        vat=receipt.vat,
        receipt_url=receipt.receipt_url,
        applied_at=receipt.applied_at,
        cancelled_at=receipt.cancelled_at,
    )
