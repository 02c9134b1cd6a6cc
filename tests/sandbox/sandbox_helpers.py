"""Helpers for the sandbox tests: a raw `requests` client with a token, order bodies, schema checks.

The official schema is Swagger 2.0. Two adjustments let jsonschema read it as written: `maxLength`
values are strings there ("32") and become integers, and optional properties may be JSON null (the
real API sends null for fields that do not apply — e.g. `fail_reason` of a paid payment — and
Swagger 2.0 cannot say so). Required properties are never allowed to be null.
"""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import requests

from pos_app.sandbox import cards

SCHEMA_PATH = Path(__file__).resolve().parents[2] / ".." / "shared" / "portone" / "v1.openapi.json"


def load_schema() -> dict[str, Any] | None:
    """The official schema with its definitions made readable for jsonschema (see module docstring)."""
    if not SCHEMA_PATH.exists():
        return None
    schema = copy.deepcopy(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    for definition in schema["definitions"].values():
        _normalise(definition)
    loaded: dict[str, Any] = schema
    return loaded


def response_definition(schema: dict[str, Any], method: str, template: str, status: int) -> str | None:
    """The definition name the schema gives for this endpoint's reply with this HTTP status."""
    reply = schema["paths"][template][method.lower()]["responses"][str(status)]
    shape = reply.get("schema")
    if not shape:
        return None
    if "$ref" in shape:
        ref: str = shape["$ref"]
    else:  # billing-key endpoints list the normal and the "super" key replies side by side
        ref = shape["properties"]["CustomerResponse"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def _normalise(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _normalise(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("maxLength"), str):
        node["maxLength"] = int(node["maxLength"])
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", []))
        for name, prop in properties.items():
            if name not in required and isinstance(prop, dict) and isinstance(prop.get("type"), str):
                prop["type"] = [prop["type"], "null"]
    for value in node.values():
        _normalise(value)


def validate(definitions: dict[str, Any], name: str, body: Any) -> None:
    """Raise jsonschema.ValidationError unless body matches #/definitions/<name>."""
    schema = {"definitions": definitions, "$ref": f"#/definitions/{name}"}
    jsonschema.Draft4Validator(schema).validate(body)


def properties_of(definitions: dict[str, Any], name: str) -> set[str]:
    return set(definitions[name]["properties"])


def new_uid(prefix: str = "T") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def dashed(number: str) -> str:
    return "-".join(number[i : i + 4] for i in range(0, len(number), 4))


def onetime_body(
    merchant_uid: str | None = None, card: str = cards.APPROVE_CREDIT, **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "merchant_uid": new_uid() if merchant_uid is None else merchant_uid,
        "amount": 12_000,
        "tax_free": 0,
        "card_number": dashed(card),
        "expiry": "2031-12",
        "name": "전화주문 테스트",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "product_type": "real",
        "pg": "ksnet.2999199999",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def billing_key_body(card: str = cards.APPROVE_CHECK, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "card_number": dashed(card),
        "expiry": "2031-12",
        "birth": "900101",
        "pwd_2digit": "12",
        "channel_key": "channel-key-sandbox-ksnet",
        "customer_name": "김단골",
        "customer_tel": "010-2222-3333",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def again_body(customer_uid: str, merchant_uid: str | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer_uid": customer_uid,
        "merchant_uid": new_uid() if merchant_uid is None else merchant_uid,
        "amount": 30_000,
        "tax_free": 0,
        "name": "정기 주문",
        "buyer_name": "김단골",
        "product_type": "real",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def schedule_item(merchant_uid: str | None = None, schedule_at: int = 0, **overrides: Any) -> dict[str, Any]:
    """One `schedules[]` item as KSNET needs it (buyer_name, product_type, tax_free)."""
    item: dict[str, Any] = {
        "merchant_uid": new_uid("S") if merchant_uid is None else merchant_uid,
        "schedule_at": schedule_at,
        "currency": "KRW",
        "amount": 30_000,
        "tax_free": 0,
        "name": "정기 배송",
        "buyer_name": "김단골",
        "product_type": "real",
    }
    item.update(overrides)
    return {key: value for key, value in item.items() if value is not None}


class SandboxApi:
    """Raw HTTP against the sandbox, as any V1 client would speak it (Bearer token by default)."""

    def __init__(self, base_url: str, imp_key: str, imp_secret: str) -> None:
        self.base_url = base_url
        self.imp_key = imp_key
        self.imp_secret = imp_secret
        self.session = requests.Session()
        self.session.trust_env = False  # loopback only: no proxies, no netrc
        self._token: str | None = None

    def close(self) -> None:
        self.session.close()

    def get_token(self) -> requests.Response:
        return self.session.post(
            f"{self.base_url}/users/getToken",
            json={"imp_key": self.imp_key, "imp_secret": self.imp_secret},
            timeout=10,
        )

    @property
    def token(self) -> str:
        if self._token is None:
            reply = self.get_token()
            assert reply.status_code == 200, reply.text
            self._token = reply.json()["response"]["access_token"]
        return self._token

    def forget_token(self) -> None:
        self._token = None

    def _headers(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def get(self, path: str, params: Any = None, token: str | None = None, **kw: Any) -> requests.Response:
        return self.session.get(
            f"{self.base_url}{path}",
            params=params,
            headers=self._headers(token),
            timeout=kw.pop("timeout", 10),
            **kw,
        )

    def post(
        self, path: str, json_body: Any = None, token: str | None = None, **kw: Any
    ) -> requests.Response:
        return self.session.post(
            f"{self.base_url}{path}",
            json=json_body,
            headers=self._headers(token),
            timeout=kw.pop("timeout", 10),
            **kw,
        )

    def delete(self, path: str, params: Any = None, token: str | None = None, **kw: Any) -> requests.Response:
        return self.session.delete(
            f"{self.base_url}{path}",
            params=params,
            headers=self._headers(token),
            timeout=kw.pop("timeout", 10),
            **kw,
        )

    def pay(self, **overrides: Any) -> dict[str, Any]:
        """A paid key-in payment (asserts it was approved)."""
        reply = self.post("/subscribe/payments/onetime", onetime_body(**overrides))
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["code"] == 0, body
        assert body["response"]["status"] == "paid"
        payment: dict[str, Any] = body["response"]
        return payment

    def put(self, path: str, json_body: Any = None, token: str | None = None, **kw: Any) -> requests.Response:
        return self.session.put(
            f"{self.base_url}{path}",
            json=json_body,
            headers=self._headers(token),
            timeout=kw.pop("timeout", 10),
            **kw,
        )

    def admin(self, path: str, json_body: Any = None) -> dict[str, Any]:
        """POST (or GET without a body) to `/__sandbox__/…`; asserts success, returns `response`."""
        url = f"{self.base_url}/__sandbox__/{path}"
        reply = (
            self.session.get(url, timeout=10)
            if json_body is None
            else self.session.post(url, json=json_body, timeout=10)
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["code"] == 0, reply.json()
        response: dict[str, Any] = reply.json()["response"]
        return response

    def schedule(
        self, customer_uid: str, *items: dict[str, Any], token: str | None = None, **fields: Any
    ) -> requests.Response:
        body = {"customer_uid": customer_uid, "schedules": list(items), **fields}
        return self.post("/subscribe/payments/schedule", body, token=token)

    def register(self, customer_uid: str, **overrides: Any) -> dict[str, Any]:
        reply = self.post(f"/subscribe/customers/{customer_uid}", billing_key_body(**overrides))
        assert reply.status_code == 200, reply.text
        assert reply.json()["code"] == 0, reply.json()
        customer: dict[str, Any] = reply.json()["response"]
        return customer
