"""The sandbox's own admin paths under `/__sandbox__/`: faults, ledger, reset, clock, slips.

They exist only in the sandbox (never on PortOne), need no token and are not written to the ledger.
A string return value is an HTML page (sales slips behind `receipt_url`), anything else a JSON reply.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from pos_app.sandbox.faults import Fault
from pos_app.sandbox.store import SandboxStore
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, ok

if TYPE_CHECKING:
    from pos_app.sandbox.server import SandboxServer


def handle_admin(sandbox: SandboxServer, store: SandboxStore, method: str, path: str,
                 query: dict[str, Any], body: dict[str, Any]) -> Reply | str:
    try:
        return _handle(sandbox, store, method, path, query, body)
    except Refusal as refusal:
        return refusal.reply()


def _handle(sandbox: SandboxServer, store: SandboxStore, method: str, path: str,
            query: dict[str, Any], body: dict[str, Any]) -> Reply | str:
    if path == "/__sandbox__/faults":
        if method == "POST":
            specs = body.get("faults", [body]) if isinstance(body.get("faults", [body]), list) else []
            try:
                faults = [Fault.from_json(spec) for spec in specs]
            except (TypeError, ValueError) as error:
                raise bad_request(f"fault 형식 오류: {error}") from None
            for fault in faults:
                sandbox.faults.add(fault)
        elif method == "DELETE":
            sandbox.faults.clear()
        elif method != "GET":
            raise Refusal(405, -1, f"{method} 메소드는 지원하지 않습니다.")
        return ok({"pending": [fault.to_json() for fault in sandbox.faults.pending()]})
    if path == "/__sandbox__/ledger" and method == "GET":
        response: dict[str, Any] = {"entries": [entry.to_json() for entry in sandbox.ledger()]}
        merchant_uid = query.get("merchant_uid")
        if isinstance(merchant_uid, str) and merchant_uid:
            response["posts_for"] = sandbox.posts_for(merchant_uid)
        return ok(response)
    if path == "/__sandbox__/reset" and method == "POST":
        sandbox.reset()
        return ok({"reset": True})
    if path == "/__sandbox__/clock" and method == "POST":
        params = Params(body)
        advance = params.integer("advance", default=0)
        assert advance is not None
        sandbox.advance_clock(advance)
        return ok({"now": int(sandbox.now())})
    if path == "/__sandbox__/transfer-payments" and method == "POST":
        params = Params(body)
        imp_uid = sandbox.make_transfer_payment(
            params.required_text("merchant_uid", max_len=40),
            params.won("amount", required=True),
            params.required_text("buyer_name", max_len=16),
            params.won("tax_free"),
        )
        return ok({"imp_uid": imp_uid})
    if path.startswith("/__sandbox__/slips/") and method == "GET":
        return _slip(store, path.rsplit("/", 1)[-1])
    if path.startswith("/__sandbox__/cash-receipts/") and method == "GET":
        return _page("현금영수증 (샌드박스)", [("국세청 승인번호", path.rsplit("/", 1)[-1])])
    raise Refusal(404, -1, "요청하신 API 경로를 찾을 수 없습니다.")


def _slip(store: SandboxStore, imp_uid: str) -> Reply | str:
    with store.lock:
        payment = store.payments.get(imp_uid)
        if payment is None or payment["pay_method"] != "card":
            raise Refusal(404, -1, "존재하지 않는 결제정보입니다.")
        rows = [
            ("카드사", payment["card_name"] or ""), ("카드번호", payment["card_number"] or ""),
            ("승인번호", payment["apply_num"] or ""), ("주문명", payment["name"] or ""),
            ("결제금액", f"{payment['amount']:,}원"), ("취소금액", f"{payment['cancel_amount']:,}원"),
            ("상태", payment["status"]), ("거래번호", payment["imp_uid"]),
        ]
    return _page("매출전표 (샌드박스 — 실제 결제 아님)", rows)


def _page(title: str, rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (f"<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"</head><body><h1>{html.escape(title)}</h1><table>{cells}</table></body></html>")
