"""Run the benchmarks and print one table of ratios (what ``build_scripts/dev.py bench`` runs in .venv).

    python build_scripts/bench/run.py [--quick] [--only NAME[,NAME]] [--rounds N] [--json FILE]

Every ``build_scripts/bench/bench_<name>.py`` is a benchmark (see figures.py for the contract); they run
one after the other in this process, in alphabetical order, each with the same ``rounds``. The table has
one row per Figure: min / median / max of the per-round values (ratios where the figure has a
reference), the goal, and whether the median meets it. ``--json`` also writes every round's numbers, so
a later run can be compared with this one.

A benchmark that fails is reported in the table as failed (with its error) and the others still run;
the exit code is then 1. Figures are reports, never pass/fail checks: a missed goal does not fail.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so ``build_scripts.bench.*`` imports from a fresh clone

from build_scripts.bench.figures import Figure  # noqa: E402

DEFAULT_ROUNDS = 5


def available() -> list[str]:
    """The benchmark names (``bench_charge.py`` → ``charge``), sorted."""
    return sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))


def load(name: str) -> object:
    return importlib.import_module(f"build_scripts.bench.bench_{name}")


def check_figures(name: str, figures: object, rounds: int) -> list[Figure]:
    """The benchmark's answer, or ValueError saying how it breaks the contract."""
    if not isinstance(figures, list) or not figures:
        raise ValueError(f"{name}: measure() must return a non-empty list of Figure")
    for figure in figures:
        if not isinstance(figure, Figure):
            raise ValueError(f"{name}: {figure!r} is not a Figure")
        if not figure.name or not figure.ours:
            raise ValueError(f"{name}: figure {figure.name!r} has no name or no values")
        if len(figure.ours) != rounds:
            raise ValueError(
                f"{name}: figure {figure.name!r} has {len(figure.ours)} values for {rounds} rounds"
            )
        if figure.reference is not None and len(figure.reference) != len(figure.ours):
            raise ValueError(f"{name}: figure {figure.name!r} has unequal ours/reference")
        if any(v != v or v < 0 for v in figure.ours + (figure.reference or [])):  # NaN or negative
            raise ValueError(f"{name}: figure {figure.name!r} has a NaN or negative value")
    return figures


def _number(value: float, unit: str) -> str:
    if unit == "×" or unit == "x":
        return f"{value:.2f}×"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def format_table(rows: Sequence[tuple[str, Figure | str]]) -> str:
    """A Markdown table: one line per figure, or per failed benchmark (its error instead of numbers)."""
    lines = [
        "| figure | min | median | max | unit | goal | met | before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bench, item in rows:
        if isinstance(item, str):
            lines.append(f"| {bench}: FAILED | | | | | | | {item} |")
            continue
        low, mid, high = item.summary()
        unit = "×" if item.reference is not None else item.unit
        met = {True: "yes", False: "no", None: "–"}[item.met()]
        lines.append(
            f"| {item.name} | {_number(low, unit)} | {_number(mid, unit)} | {_number(high, unit)} | {unit} "
            f"| {item.goal_text} | {met} | {item.before} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run pos_app's benchmarks and print one table of ratios.")
    parser.add_argument("--quick", action="store_true", help="small data sets; the numbers mean little")
    parser.add_argument("--only", default="", help=f"comma-separated names out of: {', '.join(available())}")
    parser.add_argument(
        "--rounds", type=int, default=DEFAULT_ROUNDS, help="alternated rounds (≥ 5 for README)"
    )
    parser.add_argument("--json", type=Path, help="also write every round's values here")
    args = parser.parse_args(argv)
    names = available()
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown benchmark(s) {', '.join(unknown)}; there are: {', '.join(names)}")
        names = wanted
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    rows: list[tuple[str, Figure | str]] = []
    failed = False
    for name in names:
        started = time.perf_counter()
        print(
            f"== {name} ({args.rounds} rounds{', quick' if args.quick else ''})", file=sys.stderr, flush=True
        )
        try:
            module = load(name)
            figures = check_figures(name, module.measure(args.rounds, args.quick), args.rounds)  # type: ignore[attr-defined]
        except Exception as exc:
            traceback.print_exc()
            rows.append((name, f"{type(exc).__name__}: {exc}".replace("|", "/")[:300]))
            failed = True
            continue
        rows.extend((name, f) for f in figures)
        print(f"   {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(format_table(rows), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = [
            {"bench": b, **({"failed": f} if isinstance(f, str) else {**asdict(f), "summary": f.summary()})}
            for b, f in rows
        ]
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
