"""The rules of people in domain: the role table (tightened only), PINs and names, the scrypt hashes, and
the words of the audit (a charge refunded later is not shown as a cancel; unreadable details come back as
they are)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.audit_words import detail_text, kind_word, result_states
from pos_app.domain.errors import FieldError
from pos_app.domain.people import (
    DEFAULT_RULES,
    OWNER_WORK,
    Action,
    Role,
    RoleRules,
    check_pin_rules,
    clean_name,
    is_easy_pin,
    looks_like_pin,
    name_key,
)
from pos_app.domain.pin_hash import check_pin, hash_pin, is_pin_hash


def test_the_default_table_gives_money_out_to_managers_and_the_shop_to_the_owner() -> None:
    rules = RoleRules()
    assert rules.required(Action.CHARGE) is Role.CASHIER
    assert rules.required(Action.CHARGE_AGAIN) is Role.CASHIER
    for action in (Action.REFUND, Action.CANCEL_RECEIPT, Action.DELETE_CARD, Action.CLOSE_DAY):
        assert rules.required(action) is Role.MANAGER
        assert rules.approvable(action)
    for action in OWNER_WORK:
        assert rules.required(action) is Role.OWNER
        assert not rules.approvable(action)  # the owner signs in; no PIN on the spot stands in


def test_the_table_is_only_ever_tightened() -> None:
    tightened = RoleRules().tightened({Action.REFUND: Role.OWNER, Action.CHARGE: Role.MANAGER})
    assert tightened.required(Action.REFUND) is Role.OWNER
    assert tightened.required(Action.CHARGE) is Role.MANAGER
    with pytest.raises(ValueError, match="refund"):
        tightened.tightened({Action.REFUND: Role.CASHIER})
    back = tightened.tightened({Action.REFUND: Role.MANAGER})
    assert back.required(Action.REFUND) is Role.MANAGER
    assert Action.REFUND not in back.rules  # the default is not stored as a change


def test_a_stored_table_is_read_back_and_never_below_the_default() -> None:
    rules = RoleRules().tightened({Action.DELETE_CARD: Role.OWNER})
    assert RoleRules.from_stored(rules.as_stored()) == rules
    # an edited or newer file: unknown actions and roles skipped, anything below the default ignored
    odd = {"refund": "cashier", "delete_card": "owner", "fly": "owner", "charge": "emperor"}
    read = RoleRules.from_stored(odd)
    assert read.required(Action.REFUND) is Role.MANAGER
    assert read.required(Action.DELETE_CARD) is Role.OWNER
    assert read.required(Action.CHARGE) is Role.CASHIER


@given(st.dictionaries(st.sampled_from(list(Action)), st.sampled_from(list(Role))))
def test_no_table_ever_needs_less_than_the_default(changes: dict[Action, Role]) -> None:
    allowed = {a: r for a, r in changes.items() if r.at_least(DEFAULT_RULES[a])}
    rules = RoleRules().tightened(allowed)
    for action in Action:
        assert rules.required(action).at_least(DEFAULT_RULES[action])
    assert RoleRules.from_stored({a.value: r.value for a, r in changes.items()}).rules == rules.rules


@pytest.mark.parametrize("pin", ["1111", "1234", "98765", "00000000", "3456789"])
def test_the_pins_anyone_tries_first_are_refused(pin: str) -> None:
    assert is_easy_pin(pin)
    with pytest.raises(FieldError) as refused:
        check_pin_rules(pin)
    assert pin not in repr(refused.value.params)  # the message has its fixed example, never the PIN


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４５", " 7391", ""])
def test_a_pin_is_four_to_eight_ascii_digits(pin: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_pin_rules(pin)
    assert refused.value.field == "pin"


def test_a_good_pin_is_kept_as_typed() -> None:
    assert check_pin_rules("7391") == "7391"
    assert check_pin_rules("60293817") == "60293817"


def test_names_are_cleaned_and_a_pin_is_never_kept_as_a_name() -> None:
    assert clean_name("  김   점원 ") == "김 점원"
    assert looks_like_pin("60293817")
    for bad in ("", "   ", "60293817", "1234 5678", "가" * 17, "김\x00점원", "4518420000000007"):
        with pytest.raises(FieldError):
            clean_name(bad)


def test_names_are_the_same_whatever_their_case_width_or_spacing() -> None:
    assert name_key("Kim  Jisoo") == name_key("kim jisoo") == name_key("ＫＩＭ Ｊｉｓｏｏ")
    assert name_key("김점원") != name_key("최점원")


def test_a_pin_hash_checks_its_pin_only_and_never_holds_it() -> None:
    stored = hash_pin("60293817")
    assert is_pin_hash(stored)
    assert "60293817" not in stored
    assert check_pin("60293817", stored)
    assert not check_pin("60293818", stored)
    assert not check_pin("6029381", stored)
    other = hash_pin("60293817")
    assert other != stored  # a salt of each one's own: the same PIN never looks the same twice


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$14$8$1$zz$00",
        "bcrypt$14$8$1$" + "00" * 16 + "$" + "00" * 32,
        "scrypt$40$8$1$00$00",
    ],
)
def test_a_broken_or_foreign_hash_checks_nothing(stored: str) -> None:
    assert not check_pin("60293817", stored)
    assert not is_pin_hash(stored)


def test_a_charge_refunded_later_reads_approved_then_cancelled() -> None:
    assert result_states("charge", "cancelled") == ("approved", "cancelled")
    assert result_states("charge_again", "partially_cancelled") == ("approved", "partially_cancelled")
    assert result_states("charge", "declined") == ("declined",)
    assert result_states("refund", "cancelled") == ("cancelled",)
    assert result_states("sign_in", "") == ()


def test_audit_details_in_words_and_unreadable_ones_as_they_are() -> None:
    assert detail_text("sign_out", json.dumps({"w": "idle"})) == "자리 비움(자동)"
    assert detail_text("pin_failed", json.dumps({"f": "sign_in", "n": 2})) == "로그인 (2/5번째)"
    assert "환불(결제 취소)" in detail_text("approved", json.dumps({"a": "refund", "s": "C01-1"}))
    assert detail_text("person_added", json.dumps({"r": "manager"})) == "역할: 관리자"
    assert detail_text("sign_out", "{not json") == "{not json"
    assert detail_text("charge", "홍길동 4518-42**-****-0007") == "홍길동 4518-42**-****-0007"
    assert kind_word("a_kind_of_a_newer_program") == "a_kind_of_a_newer_program"
