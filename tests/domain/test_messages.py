"""Every FieldError source text of the domain: named placeholders only, and found by pyside6-lupdate."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pos_app.domain

DOMAIN_DIR = Path(pos_app.domain.__file__).parent


def domain_messages() -> dict[str, str]:
    """MSG_* constants of every domain module, by qualified name."""
    messages: dict[str, str] = {}
    for info in pkgutil.iter_modules([str(DOMAIN_DIR)]):
        module = importlib.import_module(f"pos_app.domain.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("MSG_") and isinstance(value, str) and value.__class__ is str:
                messages[f"{info.name}.{name}"] = value
    return messages


def test_there_are_messages() -> None:
    assert len(domain_messages()) >= 50


def test_placeholders_are_named() -> None:
    for name, text in domain_messages().items():
        for _literal, field, _spec, _conversion in string.Formatter().parse(text):
            if field is not None:
                assert re.fullmatch(r"[a-z_]+", field), f"{name}: placeholder {field!r} must be named"


def test_messages_are_korean_source_text() -> None:
    for name, text in domain_messages().items():
        assert re.search(r"[가-힣]", text), name


def test_lupdate_finds_every_message(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate is not None, "pyside6-lupdate belongs to the venv (PySide6-Essentials)"
    ts = tmp_path / "domain.ts"
    sources = sorted(str(p) for p in DOMAIN_DIR.glob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(ts)], check=True, capture_output=True, timeout=120)
    found = ts.read_text(encoding="utf-8")
    contexts = re.findall(r"<name>(\w+)</name>", found)
    # "Formatting": the words for outcomes, 할부 and receipt kinds (domain.labels), shared with the exports;
    # "People": roles, actions and audit words (domain.people, domain.audit_words), shared with the window
    assert set(contexts) == {"FieldError", "FieldLabel", "Formatting", "People"}
    sources_found = {
        s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&apos;", "'")
        .replace("&quot;", '"')
        for s in re.findall(r"<source>(.*?)</source>", found, flags=re.S)
    }
    missing = {name for name, text in domain_messages().items() if text not in sources_found}
    assert not missing


def test_every_raise_site_passes_exactly_the_placeholders_of_its_message() -> None:
    """A FieldError whose params miss a placeholder would crash str() in the UI; check every call."""
    checked = 0
    for path in sorted(DOMAIN_DIR.glob("*.py")):
        module = importlib.import_module(f"pos_app.domain.{path.stem}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id != "FieldError" or len(node.args) < 2:
                continue
            message_node = node.args[1]
            if not (isinstance(message_node, ast.Name) and message_node.id.startswith("MSG_")):
                continue  # a message passed through (the pickling helper)
            text = getattr(module, message_node.id)
            placeholders = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
            given = {kw.arg for kw in node.keywords}
            assert given == placeholders, f"{path.name}:{node.lineno} {message_node.id}"
            checked += 1
    assert checked >= 50
