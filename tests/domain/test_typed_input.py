"""Normalising typed input: full-width digits, separators, non-ASCII digits refused."""

from __future__ import annotations

from pos_app.domain.typed_input import digits_only, is_ascii_digits, normalise, without_separators


def test_normalise_folds_full_width_and_strips() -> None:
    assert normalise("  １２３４ ") == "1234"
    assert normalise("\u3000abc\u3000") == "abc"  # ideographic spaces


def test_ascii_digits_only() -> None:
    assert is_ascii_digits("0123456789")
    assert not is_ascii_digits("")
    assert not is_ascii_digits("١٢٣")  # Arabic-Indic
    assert not is_ascii_digits("²")
    assert not is_ascii_digits("12 3")


def test_without_separators() -> None:
    assert without_separators(" 4518-4200 0000\u00a00007 ") == "4518420000000007"
    assert without_separators("a-b c", "-") == "ab c"


def test_digits_only() -> None:
    assert digits_only("010-1234-5678") == "01012345678"
    assert digits_only("０１０ 1234") == "0101234"
    assert digits_only("abc") == ""
