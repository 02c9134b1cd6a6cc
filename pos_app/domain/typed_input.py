"""Reading what a cashier types: full-width digits from a Korean IME, separators, surrounding blanks.

Every parser in the domain first normalises with NFKC (so ``１２３`` and ``123`` are the same) and then
accepts ASCII digits only: ``str.isdigit`` would also accept Arabic-Indic or superscript digits.
"""

from __future__ import annotations

import re
import unicodedata

_ASCII_DIGITS = re.compile(r"[0-9]+")


def normalise(text: str) -> str:
    """NFKC-normalised text without surrounding whitespace."""
    return unicodedata.normalize("NFKC", text).strip()


def is_ascii_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits and nothing else."""
    return _ASCII_DIGITS.fullmatch(text) is not None


def without_separators(text: str, separators: str = " -") -> str:
    """``text`` normalised, with every separator character removed (spaces and dashes by default)."""
    cleaned = normalise(text)
    for sep in separators:
        cleaned = cleaned.replace(sep, "")
    # other Unicode spaces (NBSP, ideographic space) count as spaces too
    return "".join(ch for ch in cleaned if not ch.isspace()) if " " in separators else cleaned


def digits_only(text: str) -> str:
    """The ASCII digits of ``text`` (after NFKC), in order; everything else dropped."""
    return "".join(_ASCII_DIGITS.findall(unicodedata.normalize("NFKC", text)))
