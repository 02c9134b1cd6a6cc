"""Every recorded reply used by the client tests is shaped like PortOne's official V1 schema.

The schema is Swagger 2.0 (JSON-Schema draft 4 definitions). Two adaptations, both explained where made:
numeric keywords the file writes as strings ("maxLength": "32") become numbers, and properties a
definition does not require may be null, because PortOne sends null for absent values and Swagger 2.0
cannot say so. To catch typos in fixtures, object definitions also refuse properties they do not list.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from portone_fakes import FIXTURES, SCHEMA_PATH, load_fixture

needs_schema = pytest.mark.skipif(
    not SCHEMA_PATH.exists(), reason=f"official PortOne schema not found at {SCHEMA_PATH}"
)

_NUMERIC_KEYWORDS = ("maxLength", "minLength", "maximum", "minimum", "maxItems", "minItems")


def _adapt(node: Any) -> Any:
    if isinstance(node, list):
        return [_adapt(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _adapt(value) for key, value in node.items()}
    for key in _NUMERIC_KEYWORDS:
        if isinstance(node.get(key), str):
            node[key] = int(node[key])
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", ()))
        for name, prop in list(properties.items()):
            if name not in required:
                properties[name] = {"anyOf": [{"type": "null"}, prop]}
    return node


@cache
def _definitions() -> dict[str, Any]:
    raw = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["definitions"]
    adapted: dict[str, Any] = _adapt(copy.deepcopy(raw))
    for definition in adapted.values():
        # Closed objects catch misspelt fixture fields; composed (allOf) definitions stay open.
        if "properties" in definition and "allOf" not in definition:
            definition["additionalProperties"] = False
    adapted["ResponseAnnotation"]["additionalProperties"] = True
    return adapted


def validate(definition: str, body: Any) -> None:
    schema = {"definitions": _definitions(), "allOf": [{"$ref": f"#/definitions/{definition}"}]}
    jsonschema.Draft4Validator(schema).validate(body)


ALL_FIXTURES = sorted(path.stem for path in FIXTURES.glob("*.json"))


def test_there_are_fixtures_for_every_reply_kind() -> None:
    definitions = {load_fixture(name)["definition"] for name in ALL_FIXTURES}
    assert {
        "AuthResponse",
        "PaymentResponse",
        "PaymentListResponse",
        "MultiplePaymentsResponse",
        "CustomerResponse",
        "MultipleCustomersResponse",
        "ReceiptResponse",
        "ExternalReceiptResponse",
        "ResponseAnnotation",
    } <= definitions


@needs_schema
@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_recorded_reply_matches_the_official_schema(name: str) -> None:
    fixture = load_fixture(name)
    validate(fixture["definition"], fixture["body"])
    assert isinstance(fixture["body"]["code"], int)
    assert (fixture["body"]["code"] == 0) == (
        fixture["status"] in (200, 207) and fixture["body"]["response"] is not None
    )


@needs_schema
@pytest.mark.parametrize(
    ("field", "value"),
    [("amount", "만이천원"), ("status", 3), ("sandbox", "maybe"), ("cancel_ammount", 0), ("paid_at", "어제")],
)
def test_the_validator_really_rejects_misshapen_replies(field: str, value: Any) -> None:
    body = load_fixture("payment_paid")["body"]
    body["response"][field] = value
    with pytest.raises(jsonschema.ValidationError):
        validate("PaymentResponse", body)


@needs_schema
def test_required_fields_are_enforced() -> None:
    body = load_fixture("payment_paid")["body"]
    del body["response"]["imp_uid"]
    with pytest.raises(jsonschema.ValidationError):
        validate("PaymentResponse", body)
