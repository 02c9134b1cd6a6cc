"""The named crash points: every call in the code names a listed point, and ``POS_APP_CRASH_AT`` kills the
process at exactly the passage it names (and nowhere when unset)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.domain import crashpoints

PACKAGE = Path(crashpoints.__file__).resolve().parents[1]
RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"


def _named_points(root: Path) -> list[tuple[str, str]]:
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "reached"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "crashpoints"
            ):
                arg = node.args[0]
                assert isinstance(arg, ast.Constant), f"{path}: a crash point is named by a literal"
                found.append((str(path), str(arg.value)))
    return found


def test_every_crash_point_in_the_code_is_listed_and_every_listed_point_is_used() -> None:
    used = _named_points(PACKAGE) + _named_points(RELIABILITY)
    unknown = [(where, name) for where, name in used if name not in crashpoints.POINTS]
    assert not unknown
    assert {name for _, name in used} == crashpoints.POINTS


def test_without_the_variable_a_crash_point_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(crashpoints.ENV, raising=False)
    for _ in range(3):
        crashpoints.reached("intent.committed")


_PROBE = """
import sys
from pos_app.domain import crashpoints
for n in range(1, 6):
    print(n, flush=True)
    crashpoints.reached(sys.argv[1])
print("end", flush=True)
"""


@pytest.mark.parametrize(
    ("target", "printed", "killed"),
    [
        ("intent.committed", ["1"], True),
        ("intent.committed@3", ["1", "2", "3"], True),
        ("*@2", ["1", "2"], True),
        ("journal.after_commit", ["1", "2", "3", "4", "5", "end"], False),
    ],
)
def test_the_named_passage_kills_the_process(target: str, printed: list[str], killed: bool) -> None:
    env = {**os.environ, crashpoints.ENV: target}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, "intent.committed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.split() == printed
    if killed:
        assert proc.returncode in (-9, 137)
    else:
        assert proc.returncode == 0
