"""The one shape every benchmark reports in, so one command can print one table of them all.

A benchmark module is ``build_scripts/bench/bench_<topic>.py`` with

    def measure(rounds: int, quick: bool) -> list[Figure]

``rounds`` (at least 5 for the README table) is how many alternated rounds to take: in each round the
thing measured and its reference run back to back, so a noisy neighbour slows both. ``quick`` asks for a
small data set (used by the smoke test that keeps the scripts working; its numbers mean nothing).
Benchmarks are scripts, never pass/fail tests: these machines are shared and noisy.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """One row of the table.

    ``ours`` and ``reference`` hold one value per round, taken side by side in the same round. With a
    reference the row reports the ratio ours/reference per round (min / median / max of the ratios);
    without one it reports the values themselves. ``goal`` is the numeric goal on what is reported
    (a ratio, or an absolute value in ``unit``) and ``goal_text`` how the README states it.
    ``lower_is_better`` is False for a figure such as requests per second.
    """

    name: str
    ours: list[float]
    reference: list[float] | None
    unit: str
    goal: float | None
    goal_text: str
    lower_is_better: bool = True
    note: str = ""
    before: str = ""  # the figure at the start of this round of work, as the issue states it
    extra: dict[str, float] = field(default_factory=dict)

    def reported(self) -> list[float]:
        if self.reference is None:
            return list(self.ours)
        return [o / r if r else float("inf") for o, r in zip(self.ours, self.reference, strict=True)]

    def summary(self) -> tuple[float, float, float]:
        values = self.reported()
        return min(values), statistics.median(values), max(values)

    def met(self) -> bool | None:
        if self.goal is None:
            return None
        median = self.summary()[1]
        return median <= self.goal if self.lower_is_better else median >= self.goal
