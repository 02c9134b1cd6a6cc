"""Every recorded reply used by the client tests is shaped like PortOne's official V1 schema, and the
validator doing the checking really rejects misshapen replies (see portone_schema for the adaptations)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from portone_fakes import FIXTURES, load_fixture
from portone_schema import SCHEMA_PATH, schema_available, validate

needs_schema = pytest.mark.skipif(
    not schema_available(), reason=f"official PortOne schema not found at {SCHEMA_PATH}"
)


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
        "ScheduleResponse",
        "SingleScheduleResponse",
        "MultiplePgSettingResponse",
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
