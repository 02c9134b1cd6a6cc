"""The English translation file: well formed, complete, and every translation keeps its placeholders.

A translation that drops or renames a ``{placeholder}`` would show a wrong text or raise KeyError in
``str.format`` only when a cashier meets that message in English; this checks them all up front.
"""

from __future__ import annotations

import re
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "pos_app_en.ts"
_FORMATTER = string.Formatter()


def _messages() -> list[tuple[str, str, str | None, str | None]]:
    root = ET.parse(TS).getroot()  # noqa: S314 - our own file in the repo
    rows = []
    for context in root.findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            assert translation is not None
            rows.append((name, message.findtext("source") or "", translation.text, translation.get("type")))
    return rows


def _fields(text: str) -> set[str]:
    return {
        field.split(":")[0].split("!")[0] for _, field, _, _ in _FORMATTER.parse(text) if field is not None
    }


def test_translation_file_is_well_formed_and_english() -> None:
    root = ET.parse(TS).getroot()  # noqa: S314 - our own file in the repo
    assert root.get("language") == "en"
    assert root.get("sourcelanguage") == "ko_KR"
    assert len(_messages()) > 100


SHELL_AND_ERROR_CONTEXTS = (
    "MainWindow", "KeyInForm", "KeyInTab", "ChargeResultBox", "SettingsTab", "Dialogs", "Crash",
    "SettingsError", "FieldError", "ServiceError",
)  # fmt: skip


@pytest.mark.parametrize("context", SHELL_AND_ERROR_CONTEXTS)
def test_every_text_of_the_shell_and_the_errors_is_translated(context: str) -> None:
    rows = [r for r in _messages() if r[0] == context]
    assert rows, f"no texts in context {context}"
    missing = [source for _, source, text, kind in rows if not text or kind in ("unfinished", "vanished")]
    assert not missing


def test_translations_keep_the_placeholders_of_their_source() -> None:
    wrong = []
    for context, source, text, _ in _messages():
        if text and _fields(source) != _fields(text):
            wrong.append((context, source, text))
    assert not wrong


def test_no_korean_left_in_translations_except_names() -> None:
    hangul = re.compile(r"[\uac00-\ud7a3]")
    left = [(c, s, t) for c, s, t, _ in _messages() if t and hangul.search(t)]
    assert not left


def test_lrelease_compiles_it(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    result = subprocess.run(
        [str(lrelease), str(TS), "-qm", str(tmp_path / "en.qm")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "en.qm").stat().st_size > 1000
