"""FieldError / FormErrors: text, translation hook, order, pickling."""

from __future__ import annotations

import pickle

import pytest

from pos_app.domain.errors import FIELD_LABELS, FIELD_ORDER, QT_TRANSLATE_NOOP, FieldError, FormErrors


def test_noop_returns_the_source_text() -> None:
    assert QT_TRANSLATE_NOOP("FieldError", "금액") == "금액"


def test_field_error_text_and_params() -> None:
    error = FieldError("amount", "최대 {max:,}원", max=1000)
    assert (error.field, error.message, error.params) == ("amount", "최대 {max:,}원", {"max": 1000})
    assert str(error) == "최대 1,000원"
    assert isinstance(error, ValueError)


def test_render_uses_the_translator_with_the_fielderror_context() -> None:
    error = FieldError("amount", "최대 {max:,}원", max=1000)
    seen: list[tuple[str, str]] = []

    def translate(context: str, text: str) -> str:
        seen.append((context, text))
        return "at most {max:,} won"

    assert error.render(translate) == "at most 1,000 won"
    assert seen == [("FieldError", "최대 {max:,}원")]
    assert error.render() == "최대 1,000원"


def test_form_errors_sorted_in_form_order_and_stable() -> None:
    errors = [
        FieldError("card_number", "c"),
        FieldError("amount", "a1"),
        FieldError("buyer_name", "b"),
        FieldError("amount", "a2"),
        FieldError("unknown_field", "z"),
    ]
    form = FormErrors(errors)
    assert [e.message for e in form.errors] == ["a1", "a2", "b", "c", "z"]
    assert form.fields == ("amount", "buyer_name", "card_number", "unknown_field")
    assert [e.message for e in form.for_field("amount")] == ["a1", "a2"]
    assert str(form).startswith("amount: a1; amount: a2; buyer_name: b")


def test_form_errors_needs_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        FormErrors([])


def test_pickle_round_trip() -> None:
    form = FormErrors([FieldError("amount", "최대 {max}원", max=5)])
    copy = pickle.loads(pickle.dumps(form))  # noqa: S301 - our own bytes, round trip
    assert [(e.field, e.message, e.params) for e in copy.errors] == [("amount", "최대 {max}원", {"max": 5})]


def test_every_field_has_a_label() -> None:
    assert set(FIELD_LABELS) == set(FIELD_ORDER)
