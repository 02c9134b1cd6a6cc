"""Every benchmark still runs: each module's measure(rounds, quick=True) returns well-formed Figures.

The numbers of a quick run mean nothing and are not looked at (figures are reports, never pass/fail
checks); what is checked is the contract of build_scripts/bench/figures.py, that the one command's table
can be printed from them, and that the harness reports a broken benchmark instead of dying.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_scripts.bench import run  # noqa: E402
from build_scripts.bench.figures import Figure  # noqa: E402

ROUNDS = 2


def test_the_expected_benchmarks_are_there() -> None:
    assert {"charge", "journal", "runner", "startup"} <= set(run.available())


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", run.available())
def test_each_benchmark_returns_well_formed_figures_in_quick_mode(name: str, qapp: object) -> None:
    module = importlib.import_module(f"build_scripts.bench.bench_{name}")
    figures = run.check_figures(name, module.measure(ROUNDS, True), ROUNDS)
    names = [f.name for f in figures]
    assert len(names) == len(set(names)), "two figures of one benchmark share a name"
    for figure in figures:
        low, mid, high = figure.summary()
        assert low <= mid <= high
        assert figure.goal_text, f"{figure.name} says nothing about its goal"
        assert figure.unit
    table = run.format_table([(name, f) for f in figures])
    assert all(f.name in table for f in figures)


def _figure(**changes: object) -> Figure:
    values: dict[str, object] = {
        "name": "x",
        "ours": [2.0, 4.0],
        "reference": [1.0, 2.0],
        "unit": "s",
        "goal": 2.0,
        "goal_text": "≤ 2×",
    }
    values.update(changes)
    return Figure(**values)  # type: ignore[arg-type]


def test_the_contract_check_refuses_what_cannot_be_tabled() -> None:
    assert run.check_figures("b", [_figure()], 2)
    for bad in (
        [],
        [object()],
        [_figure(ours=[1.0])],
        [_figure(reference=[1.0])],
        [_figure(ours=[float("nan"), 1.0])],
    ):
        with pytest.raises(ValueError, match="b"):
            run.check_figures("b", bad, 2)


def test_the_table_shows_ratios_goals_and_failed_benchmarks() -> None:
    table = run.format_table([("b", _figure()), ("broken", "RuntimeError: no sandbox")])
    lines = table.splitlines()
    assert lines[2].startswith("| x | 2.00× | 2.00× | 2.00× | × | ≤ 2× | yes |")
    assert "broken: FAILED" in lines[3]
    assert "no sandbox" in lines[3]


def test_an_unknown_benchmark_name_is_refused_with_the_known_ones() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_scripts" / "bench" / "run.py"), "--only", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "unknown benchmark(s) nope" in proc.stderr
    assert "charge" in proc.stderr
