"""The sandbox's own admin paths under `/__sandbox__/`: what the world does, and the sandbox's knobs.

They exist only in the sandbox (never on PortOne), need no token and are not written to the ledger.
Replies use the V1 envelope; a refusal is `code != 0` with a Korean message (HTTP 400 for a bad admin
request, or the status PortOne would use). A string return value is an HTML page (the slips).

* `GET|POST|DELETE /__sandbox__/faults` — pending faults; POST `{kind, …}` or `{"faults": [...]}`.
* `GET /__sandbox__/ledger[?merchant_uid=X]` — requests received; `posts_for` with a merchant_uid.
* `POST /__sandbox__/reset` — forget everything.
* `GET|POST /__sandbox__/clock` — `{"advance_s": N}` (or the older `{"advance": N}`) or `{"set": unix}`;
  never backwards (400). Answers `{now, offset_s}`; what fell due has run when it answers.
* `POST /__sandbox__/console-cancel` — `{imp_uid, amount?, tax_free?, reason?}`: a refund made in the
  PortOne console (amount absent or 0: the whole balance). Answers the payment.
* `GET|POST /__sandbox__/late-approvals` — pending PG-timeout charges and the settings; POST
  `{delay_s?: seconds | null, visible_before?: "absent" | "ready"}` changes the settings.
* `POST /__sandbox__/late-approvals/resolve` — `{merchant_uid, outcome?: "paid" | "not_charged"}`: the
  card company's answer lands now (without `outcome`, each card's own). Answers `{imp_uids}`.
* `GET|POST /__sandbox__/channel` — `{"sandbox": true | false}`: the channel's test/live mode for what
  is made next. Answers the channel as `GET /users/pg` shows it.
* `GET|POST /__sandbox__/options` — `{"token_http_status": 200 | 201}`.
* `POST /__sandbox__/transfer-payments` — `{merchant_uid, amount, buyer_name, tax_free?}` → imp_uid.
* `GET /__sandbox__/slips/{imp_uid}`, `GET /__sandbox__/cash-receipts/{apply_num}` — HTML pages.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from pos_app.sandbox.channels import pg_setting
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.store import SandboxStore
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, ok

if TYPE_CHECKING:
    from pos_app.sandbox.server import SandboxServer


def handle_admin(
    sandbox: SandboxServer,
    store: SandboxStore,
    method: str,
    path: str,
    query: dict[str, Any],
    body: dict[str, Any],
) -> Reply | str:
    try:
        return _handle(sandbox, store, method, path, query, body)
    except Refusal as refusal:
        return refusal.reply()


def _handle(
    sandbox: SandboxServer,
    store: SandboxStore,
    method: str,
    path: str,
    query: dict[str, Any],
    body: dict[str, Any],
) -> Reply | str:
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
    if path == "/__sandbox__/clock" and method in {"GET", "POST"}:
        if method == "POST":
            _move_clock(sandbox, body)
        return ok({"now": int(sandbox.now()), "offset_s": store.clock_offset})
    if path == "/__sandbox__/console-cancel" and method == "POST":
        params = Params(body)
        return ok(
            sandbox.console_cancel(
                params.required_text("imp_uid"),
                params.won("amount") or None,
                params.won("tax_free"),
                params.text("reason") or "관리자 콘솔 취소",
            )
        )
    if path == "/__sandbox__/late-approvals" and method in {"GET", "POST"}:
        if method == "POST":
            _configure_late(sandbox, body)
        settings = sandbox.late_approvals
        return ok(
            {
                "pending": sandbox.pending_late_approvals(),
                "delay_s": settings.delay_s,
                "visible_before": settings.visible_before,
            }
        )
    if path == "/__sandbox__/late-approvals/resolve" and method == "POST":
        params = Params(body)
        outcome = params.text("outcome")
        if outcome not in (None, "paid", "not_charged"):
            raise bad_request("outcome 은 paid 또는 not_charged 여야 합니다.")
        approve = None if outcome is None else outcome == "paid"
        return ok(
            {"imp_uids": sandbox.resolve_late_approval(params.required_text("merchant_uid"), approve=approve)}
        )
    if path == "/__sandbox__/channel" and method in {"GET", "POST"}:
        if method == "POST":
            if not isinstance(body.get("sandbox"), bool):
                raise bad_request("sandbox 는 true 또는 false 여야 합니다.")
            sandbox.channel.test_channel = body["sandbox"]
        return ok(pg_setting(sandbox._context()))
    if path == "/__sandbox__/options" and method in {"GET", "POST"}:
        if method == "POST" and "token_http_status" in body:
            try:
                sandbox.token_http_status = int(body["token_http_status"])
            except (TypeError, ValueError):
                raise bad_request("token_http_status 는 200 또는 201 이어야 합니다.") from None
        return ok({"token_http_status": sandbox.token_http_status})
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


def _move_clock(sandbox: SandboxServer, body: dict[str, Any]) -> None:
    params = Params(body)
    try:
        if params.has("set"):
            target = params.integer("set")
            assert target is not None
            sandbox.set_clock(target)
        else:
            step = params.integer("advance_s", default=None)
            step = params.integer("advance", default=0) if step is None else step
            assert step is not None
            sandbox.advance_clock(step)
    except ValueError as error:
        raise bad_request(f"샌드박스 시계를 옮길 수 없습니다: {error}") from None


def _configure_late(sandbox: SandboxServer, body: dict[str, Any]) -> None:
    settings = sandbox.late_approvals
    if "delay_s" in body:
        delay = body["delay_s"]
        number = isinstance(delay, (int, float)) and not isinstance(delay, bool)
        if delay is not None and (not number or delay < 0):
            raise bad_request("delay_s 는 0 이상의 초 또는 null 이어야 합니다.")
        settings.delay_s = None if delay is None else float(delay)
    if "visible_before" in body:
        if body["visible_before"] not in ("absent", "ready"):
            raise bad_request("visible_before 는 absent 또는 ready 여야 합니다.")
        settings.visible_before = body["visible_before"]


def _slip(store: SandboxStore, imp_uid: str) -> Reply | str:
    with store.lock:
        payment = store.payments.get(imp_uid)
        if payment is None or payment["pay_method"] != "card":
            raise Refusal(404, -1, "존재하지 않는 결제정보입니다.")
        rows = [
            ("카드사", payment["card_name"] or ""),
            ("카드번호", payment["card_number"] or ""),
            ("승인번호", payment["apply_num"] or ""),
            ("주문명", payment["name"] or ""),
            ("결제금액", f"{payment['amount']:,}원"),
            ("취소금액", f"{payment['cancel_amount']:,}원"),
            ("상태", payment["status"]),
            ("거래번호", payment["imp_uid"]),
        ]
    return _page("매출전표 (샌드박스 — 실제 결제 아님)", rows)


def _page(title: str, rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (
        f"<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1><table>{cells}</table></body></html>"
    )
