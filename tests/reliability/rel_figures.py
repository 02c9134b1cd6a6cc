"""The reliability suites' figures: one registry per test session, printed as one table at the end.

Every suite adds what it counted (``FIGURES.add``): steps run, kills, double charges found, hits of card
data … with the goal each figure has. ``tests/reliability/conftest.py`` prints the table in the terminal
summary (Markdown, so the README can show it as printed) and, when ``POS_APP_RELIABILITY_FIGURES`` names a
file, writes it there as JSON too. Figures are reported, not asserted here: each suite asserts its own
goals (a double charge fails its test), so a missed goal shows both as a failure and in the table.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    suite: str
    name: str
    value: float | int | str
    goal: str = ""  # "0", "≥ 1000", "" (no goal: a count that says how much was tried)
    met: bool | None = None


class Figures:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Figure] = {}
        self.tables: dict[str, str] = {}  # title → Markdown: detail a suite prints after the figures

    def add_table(self, title: str, markdown: str) -> None:
        self.tables[title] = markdown

    def add(self, suite: str, name: str, value: float | int | str, goal: str = "") -> None:
        self._rows[(suite, name)] = Figure(suite, name, value, goal, _met(value, goal))

    def bump(self, suite: str, name: str, by: int = 1, goal: str = "") -> None:
        """Add ``by`` to a counted figure (created at 0)."""
        current = self._rows.get((suite, name))
        value = (int(current.value) if current is not None else 0) + by
        self.add(suite, name, value, goal or (current.goal if current is not None else ""))

    def rows(self) -> list[Figure]:
        return list(self._rows.values())

    def table(self) -> str:
        lines = ["| suite | figure | value | goal | met |", "|---|---|---|---|---|"]
        for row in self.rows():
            met = "" if row.met is None else ("yes" if row.met else "**NO**")
            value = f"{row.value:,}" if isinstance(row.value, int) else str(row.value)
            lines.append(f"| {row.suite} | {row.name} | {value} | {row.goal} | {met} |")
        return "\n".join(lines)

    def write_json(self) -> None:
        target = os.environ.get("POS_APP_RELIABILITY_FIGURES")
        if target:
            Path(target).write_text(
                json.dumps([asdict(r) for r in self.rows()], ensure_ascii=False, indent=1), encoding="utf-8"
            )


def _met(value: float | int | str, goal: str) -> bool | None:
    if not goal or isinstance(value, str):
        return None
    goal = goal.replace(",", "").strip()
    if goal.startswith("≥"):
        return value >= float(goal[1:])
    if goal.startswith("≤"):
        return value <= float(goal[1:])
    try:
        return value == float(goal)
    except ValueError:
        return None


FIGURES = Figures()
