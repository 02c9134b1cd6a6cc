"""Every endpoint's replies, success and failure, validate against the official V1 schema.

The expected definition comes from the schema itself (`paths → responses → status → schema`), so a
reply is checked against what PortOne documents for that endpoint and that HTTP status. Statuses the
schema lists without a body (401, 404, most 400s) must still be the `{code, message, response}`
envelope with a non-zero code and a null response. The one status the schema does not list is 400 for
a missing or malformed parameter on the payment endpoints, which the real API answers that way too
(API-NOTES §0.1: "PG-specific missing parameter … 400").
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import requests
from sandbox_helpers import (
    SandboxApi,
    again_body,
    billing_key_body,
    new_uid,
    onetime_body,
    properties_of,
    response_definition,
    schedule_item,
    validate,
)

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer


class Contract:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.definitions: dict[str, Any] = schema["definitions"]
        self.checked: set[tuple[str, str, int]] = set()

    def check(self, reply: requests.Response, method: str, template: str) -> dict[str, Any]:
        assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
        body: dict[str, Any] = reply.json()
        responses = self.schema["paths"][template][method.lower()]["responses"]
        self.checked.add((method, template, reply.status_code))
        if str(reply.status_code) not in responses:
            assert reply.status_code == 400, (method, template, reply.status_code, list(responses))
        definition = (
            response_definition(self.schema, method, template, reply.status_code)
            if str(reply.status_code) in responses
            else None
        )
        validate(self.definitions, "ResponseAnnotation", body)
        assert set(body) == {"code", "message", "response"}
        if definition is None or body["code"] != 0:
            assert body["code"] != 0
            assert body["response"] is None
            assert isinstance(body["message"], str)
            assert body["message"]
        else:
            assert body["code"] == 0
            validate(self.definitions, definition, body)
        return body


@pytest.fixture
def contract(schema: dict[str, Any]) -> Contract:
    return Contract(schema)


def test_token_replies(contract: Contract, api: SandboxApi, server: SandboxServer) -> None:
    contract.check(api.get_token(), "POST", "/users/getToken")
    wrong = requests.post(
        f"{server.base_url}/users/getToken", data={"imp_key": "x", "imp_secret": "y"}, timeout=10
    )
    assert wrong.status_code == 401
    contract.check(wrong, "POST", "/users/getToken")


def test_payment_endpoint_replies(contract: Contract, api: SandboxApi, server: SandboxServer) -> None:
    onetime = "/subscribe/payments/onetime"
    paid = contract.check(api.post(onetime, onetime_body()), "POST", onetime)["response"]
    contract.check(api.post(onetime, onetime_body(card=cards.DECLINE_SUSPENDED)), "POST", onetime)
    contract.check(api.post(onetime, onetime_body(card=cards.DECLINE_LIMIT)), "POST", onetime)
    contract.check(api.post(onetime, onetime_body(buyer_name=None)), "POST", onetime)
    contract.check(api.post(onetime, onetime_body(), token="bad"), "POST", onetime)

    customers = "/subscribe/customers/{customer_uid}"
    contract.check(api.post("/subscribe/customers/c1", billing_key_body()), "POST", customers)
    contract.check(
        api.post("/subscribe/customers/c2", billing_key_body(card=cards.DECLINE_LOST)), "POST", customers
    )
    contract.check(api.get("/subscribe/customers/c1"), "GET", customers)
    contract.check(api.get("/subscribe/customers/none"), "GET", customers)
    many = "/subscribe/customers"
    contract.check(api.get(many, params={"customer_uid[]": ["c1"]}), "GET", many)
    contract.check(api.get(many, params={"customer_uid[]": ["c1", "none"]}), "GET", many)
    contract.check(api.get(many, params={"customer_uid[]": ["none"]}), "GET", many)

    again = "/subscribe/payments/again"
    billed = contract.check(api.post(again, again_body("c1")), "POST", again)["response"]
    contract.check(api.post(again, again_body("none")), "POST", again)
    contract.check(
        api.get("/subscribe/customers/c1/payments"), "GET", "/subscribe/customers/{customer_uid}/payments"
    )
    contract.check(api.delete("/subscribe/customers/c1"), "DELETE", customers)
    contract.check(api.delete("/subscribe/customers/c1"), "DELETE", customers)

    cancel = "/payments/cancel"
    contract.check(api.post(cancel, {"imp_uid": paid["imp_uid"], "amount": 1_000}), "POST", cancel)
    full = contract.check(api.post(cancel, {"imp_uid": paid["imp_uid"]}), "POST", cancel)["response"]
    assert len(full["cancel_history"]) == 2
    contract.check(api.post(cancel, {"imp_uid": paid["imp_uid"]}), "POST", cancel)

    one = "/payments/{imp_uid}"
    contract.check(api.get(f"/payments/{billed['imp_uid']}", params={"include_sandbox": "true"}), "GET", one)
    contract.check(api.get(f"/payments/{billed['imp_uid']}"), "GET", one)
    find = "/payments/find/{merchant_uid}/{payment_status}"
    contract.check(api.get(f"/payments/find/{paid['merchant_uid']}"), "GET", find)
    contract.check(api.get(f"/payments/find/{paid['merchant_uid']}/paid"), "GET", find)
    find_all = "/payments/findAll/{merchant_uid}/{payment_status}"
    contract.check(api.get(f"/payments/findAll/{paid['merchant_uid']}"), "GET", find_all)
    contract.check(api.get(f"/payments/findAll/{paid['merchant_uid']}/bogus"), "GET", find_all)
    contract.check(api.get("/payments/findAll/none"), "GET", find_all)
    multi = "/payments"
    contract.check(api.get(multi, params={"imp_uid[]": [paid["imp_uid"], billed["imp_uid"]]}), "GET", multi)
    contract.check(api.get(multi, params={"imp_uid[]": [paid["imp_uid"], "imp_0"]}), "GET", multi)
    contract.check(api.get(multi, params={"merchant_uid[]": ["none"]}), "GET", multi)
    status = "/payments/status/{payment_status}"
    listing = contract.check(api.get("/payments/status/all"), "GET", status)["response"]
    assert listing["total"] == 4
    contract.check(api.get("/payments/status/paid", params={"limit": 1, "page": 1}), "GET", status)
    contract.check(api.get("/payments/status/unknown"), "GET", status)


def test_receipt_replies(contract: Contract, api: SandboxApi, server: SandboxServer) -> None:
    body = {
        "identifier": "01012345678",
        "identifier_type": "phone",
        "type": "person",
        "buyer_name": "고객",
        "product_type": "real",
        "tax_free": 0,
    }
    receipt = "/receipts/{imp_uid}"
    imp_uid = server.make_transfer_payment(new_uid(), 10_000, "고객")
    contract.check(api.post(f"/receipts/{imp_uid}", body), "POST", receipt)
    contract.check(api.post(f"/receipts/{imp_uid}", body), "POST", receipt)
    contract.check(api.get(f"/receipts/{imp_uid}"), "GET", receipt)
    contract.check(api.delete(f"/receipts/{imp_uid}"), "DELETE", receipt)
    contract.check(api.delete(f"/receipts/{imp_uid}"), "DELETE", receipt)
    contract.check(api.get("/receipts/imp_0"), "GET", receipt)
    card = api.pay()
    contract.check(api.post(f"/receipts/{card['imp_uid']}", body), "POST", receipt)

    external = "/receipts/external/{merchant_uid}"
    ext_body = {**body, "name": "현금", "amount": 5_000, "channel_key": server.channel_key}
    contract.check(api.post("/receipts/external/cash-1", ext_body), "POST", external)
    contract.check(api.post("/receipts/external/cash-1", ext_body), "POST", external)
    contract.check(api.get("/receipts/external/cash-1"), "GET", external)
    contract.check(api.delete("/receipts/external/cash-1"), "DELETE", external)
    contract.check(api.get("/receipts/external/none"), "GET", external)
    contract.check(api.delete("/receipts/external/none"), "DELETE", external)


def test_objects_carry_every_field_of_the_official_schema(
    schema: dict[str, Any], api: SandboxApi, server: SandboxServer
) -> None:
    definitions = schema["definitions"]
    payment = api.pay()
    assert properties_of(definitions, "PaymentAnnotation") <= set(payment)
    customer = api.register("every-field")
    assert properties_of(definitions, "CustomerAnnotation") <= set(customer)
    imp_uid = server.make_transfer_payment(new_uid(), 10_000, "고객")
    receipt = api.post(
        f"/receipts/{imp_uid}",
        {"identifier": "01012345678", "buyer_name": "고객", "product_type": "real", "tax_free": 0},
    ).json()["response"]
    assert properties_of(definitions, "ReceiptAnnotation") <= set(receipt)
    external = api.post(
        "/receipts/external/every-field",
        {
            "identifier": "01012345678",
            "buyer_name": "고객",
            "product_type": "real",
            "name": "현금",
            "amount": 1_000,
            "tax_free": 0,
        },
    ).json()["response"]
    assert properties_of(definitions, "ExternalReceiptAnnotation") <= set(external)
    cancelled = api.post("/payments/cancel", {"imp_uid": payment["imp_uid"]}).json()["response"]
    assert properties_of(definitions, "PaymentCancelAnnotation") <= set(cancelled["cancel_history"][0])
    token = api.get_token().json()["response"]
    assert properties_of(definitions, "AuthAnnotation") == set(token)
    page = api.get("/payments/status/all").json()["response"]
    assert properties_of(definitions, "PagedPaymentAnnotation") == set(page)


def test_sandbox_flag_is_required_and_true_on_the_test_channel(
    schema: dict[str, Any], api: SandboxApi
) -> None:
    for definition in ("PaymentAnnotation", "CustomerAnnotation", "PgSettingAnnotation"):
        assert "sandbox" in schema["definitions"][definition]["required"]
    assert api.pay()["sandbox"] is True
    assert api.register("flag")["sandbox"] is True
    assert api.get("/users/pg").json()["response"][0]["sandbox"] is True


def test_the_validator_is_not_vacuous(schema: dict[str, Any], api: SandboxApi) -> None:
    """Broken replies must fail the same checks the sandbox's replies pass."""
    definitions = schema["definitions"]
    good = {"code": 0, "message": None, "response": api.pay()}
    validate(definitions, "PaymentResponse", good)
    for broken in (
        {**good["response"], "amount": "12000"},
        {**good["response"], "sandbox": None},
        {key: value for key, value in good["response"].items() if key != "sandbox"},
        {**good["response"], "paid_at": 1.5},
        {**good["response"], "cancel_history": [{"amount": 1}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(definitions, "PaymentResponse", {**good, "response": broken})
    with pytest.raises(jsonschema.ValidationError):
        validate(definitions, "ResponseAnnotation", {"code": "0", "message": None, "response": None})


def test_pg_settings_and_schedule_replies(
    contract: Contract, schema: dict[str, Any], api: SandboxApi, server: SandboxServer
) -> None:
    definitions = schema["definitions"]
    settings = contract.check(api.get("/users/pg"), "GET", "/users/pg")["response"]
    assert set(settings[0]) == properties_of(definitions, "PgSettingAnnotation")
    api.register("sched-c")
    api.register("sched-limit", card=cards.DECLINE_LIMIT)
    now = int(server.now())
    schedule = "/subscribe/payments/schedule"
    made = contract.check(
        api.schedule("sched-c", schedule_item("SC-1", now + 60), schedule_item("SC-2", now + 120)),
        "POST",
        schedule,
    )["response"]
    assert all(set(item) == properties_of(definitions, "ScheduleResultAnnotation") for item in made)
    contract.check(api.schedule("sched-limit", schedule_item("SC-3", now + 60)), "POST", schedule)
    contract.check(api.schedule("sched-c", schedule_item("SC-1", now + 60)), "POST", schedule)  # duplicate
    contract.check(
        api.schedule("sched-c", schedule_item("SC-9", now + 60, buyer_name=None)), "POST", schedule
    )
    contract.check(api.schedule("none", schedule_item("SC-9", now + 60)), "POST", schedule)
    contract.check(api.schedule("sched-c", schedule_item("SC-9", now + 60), token="bad"), "POST", schedule)
    one = f"{schedule}/{{merchant_uid}}"
    contract.check(api.get(f"{schedule}/SC-1"), "GET", one)
    contract.check(api.get(f"{schedule}/none"), "GET", one)
    contract.check(api.put(f"{schedule}/SC-2", {"schedule_at": now + 180}), "PUT", one)
    contract.check(api.put(f"{schedule}/SC-2", {"schedule_at": now - 1}), "PUT", one)
    contract.check(api.put(f"{schedule}/none", {"schedule_at": now + 180}), "PUT", one)
    server.advance_clock(60)  # SC-1 paid, SC-3 declined
    retry = f"{schedule}/{{merchant_uid}}/retry"
    contract.check(api.post(f"{schedule}/SC-3/retry"), "POST", retry)
    contract.check(api.post(f"{schedule}/SC-1/retry"), "POST", retry)
    contract.check(api.post(f"{schedule}/none/retry"), "POST", retry)
    reschedule = f"{schedule}/{{merchant_uid}}/reschedule"
    contract.check(api.post(f"{schedule}/SC-3/reschedule", {"schedule_at": now + 600}), "POST", reschedule)
    contract.check(api.post(f"{schedule}/SC-1/reschedule", {"schedule_at": now + 600}), "POST", reschedule)
    contract.check(api.post(f"{schedule}/none/reschedule", {"schedule_at": now + 600}), "POST", reschedule)
    unschedule = "/subscribe/payments/unschedule"
    contract.check(api.post(unschedule, {"merchant_uid": ["SC-2"]}), "POST", unschedule)
    contract.check(api.post(unschedule, {"customer_uid": "nobody"}), "POST", unschedule)
    span = {"schedule_from": now, "schedule_to": now + 3600}
    listed = contract.check(api.get(schedule, params=span), "GET", schedule)["response"]
    assert {s["merchant_uid"] for s in listed} == {"SC-1", "SC-2", "SC-3"}
    assert {s["schedule_status"] for s in listed} == {"executed", "revoked", "scheduled"}
    contract.check(api.get(schedule, params={"schedule_from": now}), "GET", schedule)
    by_customer = f"{schedule}/customers/{{customer_uid}}"
    contract.check(
        api.get(f"{schedule}/customers/sched-c", params={"from": now, "to": now + 3600}), "GET", by_customer
    )
    contract.check(api.get(f"{schedule}/customers/sched-c", params={"to": now}), "GET", by_customer)
    alias = "/subscribe/customers/{customer_uid}/schedules"
    contract.check(
        api.get("/subscribe/customers/sched-c/schedules", params={"from": now, "to": now + 60}), "GET", alias
    )
