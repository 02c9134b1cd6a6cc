"""Late approvals after a PG timeout: the charge the caller was told had failed, and what became of it.

The PG-timeout test cards (cards.py) make `onetime`, `again` and scheduled executions answer HTTP 200,
code -1, `결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)` — a refusal — while the truth comes
later, when the sandbox clock passes `started_at + delay_s` (LateApprovals, context.py) or when told
through the admin API (`resolve`):

* LATE_APPROVAL: the card company approved after all. The payment becomes `paid` (`paid_at` = the
  moment the approval landed, a fresh approval number, a sales slip).
* PG_TIMEOUT: it never charged. A `ready` payment becomes `failed` with the same message; a hidden one
  is never recorded.

What lookups show in between depends on `visible_before`:

* `absent` (default): nothing. `find`/`findAll` answer 404, `status` lists leave it out, `GET
  /payments/{imp_uid}` is 404 — exactly as if PortOne had no record. When the approval lands, the
  payment appears (`started_at` = the original request time, `paid_at` = the landing time).
* `ready`: a `ready` payment at once (`find`/`findAll`/`status/ready` show it, `paid_at` 0).

Nothing blocks a second attempt with the same merchant_uid meanwhile (a `ready` record does not), so a
resend during the window can end with two paid payments for one order — the case the settler exists
for. Pending entries live in `store.late` (persisted); each holds the payment object itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pos_app.sandbox.cards import PG_TIMEOUT_MESSAGE

if TYPE_CHECKING:
    from pos_app.sandbox.context import SandboxContext


def hold_for_late_truth(ctx: SandboxContext, payment: dict[str, Any], *, approve: bool, now: int) -> None:
    """Keep a just-refused PG-timeout payment until its truth lands (store lock held)."""
    delay = ctx.late.delay_s
    visible = ctx.late.visible_before == "ready"
    ctx.store.late.append(
        {
            "payment": payment,
            "approve": approve,
            "due_at": None if delay is None else int(now + delay),
            "visible": visible,
        }
    )
    payment["_updated"] = now
    if not visible:
        ctx.store.withdraw_payment(payment)


def due(ctx: SandboxContext, now: int) -> list[dict[str, Any]]:
    """Pending entries whose truth is due by ``now``, earliest first (store lock held)."""
    ready = [entry for entry in ctx.store.late if entry["due_at"] is not None and entry["due_at"] <= now]
    return sorted(ready, key=lambda entry: int(entry["due_at"]))


def land(ctx: SandboxContext, entry: dict[str, Any], at: int, *, approve: bool | None = None) -> None:
    """The card company's answer arrives at ``at`` (``approve`` overrides the card's own truth)."""
    from pos_app.sandbox.payments import approve as approve_payment  # payments imports this module

    ctx.store.late.remove(entry)
    payment: dict[str, Any] = entry["payment"]
    approved = entry["approve"] if approve is None else approve
    if approved:
        approve_payment(ctx, payment, at)
        if not entry["visible"]:
            ctx.store.add_payment(payment)
    elif entry["visible"]:
        payment.update(
            {"status": "failed", "failed_at": at, "fail_reason": PG_TIMEOUT_MESSAGE, "_updated": at}
        )
    ctx.store.mark_changed()


def resolve(ctx: SandboxContext, merchant_uid: str, *, approve: bool | None) -> list[str]:
    """Land every pending entry of this merchant_uid now; the imp_uids it touched."""
    with ctx.store.lock:
        entries = [entry for entry in ctx.store.late if entry["payment"]["merchant_uid"] == merchant_uid]
        now = ctx.store.now_s()
        for entry in entries:
            land(ctx, entry, now, approve=approve)
        return [entry["payment"]["imp_uid"] for entry in entries]


def pending(ctx: SandboxContext) -> list[dict[str, Any]]:
    """What is still waiting, for the admin API and tests."""
    with ctx.store.lock:
        return [
            {
                "merchant_uid": entry["payment"]["merchant_uid"],
                "imp_uid": entry["payment"]["imp_uid"],
                "outcome": "paid" if entry["approve"] else "not_charged",
                "due_at": entry["due_at"],
                "visible": entry["visible"],
                "started_at": entry["payment"]["started_at"],
            }
            for entry in ctx.store.late
        ]
