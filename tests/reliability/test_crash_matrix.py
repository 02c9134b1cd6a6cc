"""The crash matrix: the counter in a child process against the standalone sandbox, killed with SIGKILL at
every named crash point × every seed, and at random moments; restarted, settled and checked each time.

Per seed: a seeded workload (``rel_crash_child``) runs once without a kill, counting the crash points it
passes in order; that sequence says which passage of a point is which moment (the journal commit right
before ``intent.committed`` is the intent's; the one after ``result.before_record`` is a result's). Then,
on a fresh sandbox and data folder each time, the same workload is killed at one chosen passage of each
moment; a workload that left operations open is restarted and killed *during the start-up
reconciliation*; a format-3 journal is killed during its upgrade; and the workload is killed at random
moments from outside. After every kill the counter restarts on its folder (``rel_crash.recover``): PortOne's
clock moves past every window, the start-up reconciliation runs, and the checks count double charges,
lost or wrong operations, integrity and chain/replay failures and rows stuck open — each goal 0.

``POS_APP_CRASH_SEEDS`` and ``POS_APP_CRASH_RANDOM`` (kills per seed) change the counts.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rel_crash import Findings, ForkServer, Standalone, recover, row_counts
from rel_figures import FIGURES
from rel_world import Counter

from pos_app.journal import FileKeyStore
from pos_app.journal.schema import SCHEMA_VERSION

SEEDS = int(os.environ.get("POS_APP_CRASH_SEEDS", "20"))
RANDOM_PER_SEED = int(os.environ.get("POS_APP_CRASH_RANDOM", "10"))
FIXTURE_V3 = Path(__file__).resolve().parents[1] / "journal" / "fixtures" / "journal_v3.sqlite3"
KILLED = -9
VARIANTS = 4  # workloads tried for a seed whose own never passes a moment (nothing left open)
ATTEMPTS = 3  # tries per kill: a run that ended before its kill is tried again at an earlier passage

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server needs os.fork (POSIX)")


def _after(sequence: list[str], point: str, before: str | None = None, then: str | None = None) -> list[int]:
    """The passages (1-based, counted per point) of ``point`` that come right after ``before`` and/or right
    before ``then`` in the sequence of crash points a run passed."""
    out = []
    nth = 0
    for index, name in enumerate(sequence):
        if name != point:
            continue
        nth += 1
        if before is not None and (index == 0 or sequence[index - 1] != before):
            continue
        if then is not None and sequence[index + 1 : index + 3].count(then) == 0:
            continue
        out.append(nth)
    return out


# moment → (crash point, which passages of it stand for that moment, given a dry run's sequence)
WORKLOAD_MOMENTS: dict[str, tuple[str, Callable[[list[str]], list[int]]]] = {
    "before the intent commit": (
        "journal.before_commit",
        lambda s: _after(s, "journal.before_commit", then="intent.committed"),
    ),
    "after the intent commit": ("intent.committed", lambda s: _after(s, "intent.committed")),
    "after the request left, reply not read": (
        "http.request_sent",
        lambda s: _after(s, "http.request_sent", then="portone.reply_arrived"),
    ),
    "after PortOne answered, before the reply is read": (
        "portone.reply_arrived",
        lambda s: _after(s, "portone.reply_arrived"),
    ),
    "after the reply, before the journal update": (
        "result.before_record",
        lambda s: _after(s, "result.before_record"),
    ),
    "during the journal update (before COMMIT)": (
        "journal.before_commit",
        lambda s: _after(s, "journal.before_commit", before="result.before_record"),
    ),
    "right after the journal update": ("journal.after_commit", lambda s: _after(s, "journal.after_commit")),
    "while the call settles a lost answer": ("settle.before_look", lambda s: _after(s, "settle.before_look")),
}
RECONCILE_MOMENTS: dict[str, tuple[str, Callable[[list[str]], list[int]]]] = {
    "during start-up reconciliation: before a lookup": (
        "settle.before_look",
        lambda s: _after(s, "settle.before_look"),
    ),
    "during start-up reconciliation: recording a finding": (
        "journal.before_commit",
        lambda s: _after(s, "journal.before_commit"),
    ),
}
# the format-3 fixture is upgraded one format at a time (4, 5, … SCHEMA_VERSION), each step its own
# transaction: killed before the first step's COMMIT and before the newest step's (the file is left at an
# intermediate format, and the next start must finish the upgrade from there)
UPGRADE_STEPS = SCHEMA_VERSION - 3
UPGRADE_MOMENTS = {
    "during a schema upgrade: old file backed up": "upgrade.backed_up",
    "during a schema upgrade: format 4 converted, before COMMIT": "upgrade.converted@1",
    f"during a schema upgrade: format {SCHEMA_VERSION} (newest) migrated, before COMMIT": (
        f"upgrade.converted@{UPGRADE_STEPS}"
    ),
}


class Matrix:
    def __init__(self, root: Path, sandbox: Standalone, forks: ForkServer) -> None:
        self.root = root
        self.sandbox = sandbox
        self.forks = forks
        self.findings = Findings()
        self.kills: dict[str, int] = {}
        self.missed: dict[str, int] = {}
        self.serial = 0
        self.upgraded_rows: dict[str, int] | None = None

    def case(self, kind: str, seed: int, folder: Path, **extra: Any) -> dict[str, Any]:
        self.serial += 1
        counter = f"K{self.serial:05d}"
        return {
            "kind": kind,
            "seed": seed,
            "counter": extra.pop("counter", counter),
            "folder": str(folder),
            "base_url": self.sandbox.base_url,
            "result": str(folder / "result.json"),
            **extra,
        }

    def fresh(self, name: str) -> Path:
        folder = self.root / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def dry_run(self, case: dict[str, Any]) -> dict[str, Any]:
        status = self.forks.run({**case, "count_points": True})
        result: dict[str, Any] = json.loads(Path(case["result"]).read_text())
        assert status == 0, result.get("error")
        return result

    def kill(
        self,
        moment: str,
        case: dict[str, Any],
        kill_after: float | None = None,
        expected: dict[str, int] | None = None,
    ) -> bool:
        """Run, kill, restart and check one case; True when the kill happened (it did not end first)."""
        status = self.forks.run(case, kill_after=kill_after)
        self.findings.cases += 1
        if status == KILLED:
            self.findings.killed += 1
            self.kills[moment] = self.kills.get(moment, 0) + 1
        elif status == 0:
            self.missed[moment] = self.missed.get(moment, 0) + 1
        else:
            error = json.loads(Path(case["result"]).read_text()).get("error", status)
            self.findings.child_errors.append(f"{moment}: {error}")
        where = f"{moment} ({case['counter']})"
        recover(self.sandbox, Path(case["folder"]), case["counter"], self.findings, where, expected)
        return status == KILLED

    @staticmethod
    def tries(chosen: list[int], rng: random.Random) -> list[int]:
        """The passages to try in turn: a random one, then (a run that ended before it: the timing of
        background work differs from the dry run's) the earliest ones, which every run reaches."""
        first = rng.choice(chosen)
        return [first, *[n for n in sorted(chosen) if n != first][: ATTEMPTS - 1]]

    # --- one seed ----------------------------------------------------------------------------------
    def seed(self, seed: int) -> None:
        rng = random.Random(seed)
        self.sandbox.reset()
        dry_folder = self.fresh(f"s{seed}-dry")
        dry = self.dry_run(self.case("workload", seed, dry_folder))
        sequence: list[str] = dry["sequence"]
        variant: dict[str, Any] = {}
        for moment, (point, passages) in WORKLOAD_MOMENTS.items():
            chosen = passages(sequence)
            if not chosen and not variant:
                # this seed's workload never passes the moment (no lost answer to settle): a variant of it
                # with more faults does; the later moments use the variant too
                found, found_sequence = self._variant(seed, passages)
                if found:
                    variant, sequence = found, found_sequence
                    chosen = passages(sequence)
            if not chosen:
                self.missed[moment] = self.missed.get(moment, 0) + 1
                continue
            for nth in self.tries(chosen, rng):
                self.sandbox.reset()
                folder = self.fresh(f"s{seed}-{point}")
                case = self.case("workload", variant.get("seed", seed), folder, crash_at=f"{point}@{nth}")
                if self.kill(moment, {**case, **{k: v for k, v in variant.items() if k != "seed"}}):
                    break
        self._reconcile(seed, rng)
        self._upgrade(seed)
        moment = "at a random moment (SIGKILL from outside)"
        killed = attempts = 0
        while killed < RANDOM_PER_SEED and attempts < ATTEMPTS * RANDOM_PER_SEED:
            # a kill drawn past the run's end is a run that ended first: drawn again, within the run
            attempts += 1
            self.sandbox.reset()
            folder = self.fresh(f"s{seed}-random{attempts}")
            after = rng.uniform(0, dry["seconds"] * (1.0 if attempts <= RANDOM_PER_SEED else 0.8))
            killed += self.kill(moment, self.case("workload", seed, folder), kill_after=after)

    def _variant(
        self, seed: int, passages: Callable[[list[str]], list[int]]
    ) -> tuple[dict[str, Any], list[str]]:
        """A workload close to the seed's that passes ``moment``: more faults, then other seeds."""
        sequence: list[str] = []
        for k in range(VARIANTS):
            variant = {"seed": seed + 20_000 + 1_000 * k, "fault_rate": 0.7}
            self.sandbox.reset()
            folder = self.fresh(f"s{seed}-variant{k}")
            sequence = self.dry_run({**self.case("workload", variant["seed"], folder), "fault_rate": 0.7})[
                "sequence"
            ]
            if passages(sequence):
                return variant, sequence
        return {}, sequence

    def _reconcile(self, seed: int, rng: random.Random) -> None:
        for k in range(VARIANTS):
            # a workload that leaves lost answers open in the journal, so the start-up reconciliation has
            # lookups to make and findings to record (another seed when this one left nothing open)
            self.sandbox.reset()
            prepared = self.fresh(f"s{seed}-open")
            base = self.case("workload", seed + 10_000 + 1_000 * k, prepared, fault_rate=0.7)
            self.dry_run(base)
            self.sandbox.advance(720)
            dry_folder = self._copy(prepared, f"s{seed}-open-dry")
            sequence = self.dry_run(
                {
                    **base,
                    "kind": "reconcile",
                    "folder": str(dry_folder),
                    "result": str(dry_folder / "result.json"),
                }
            )["sequence"]
            if all(passages(sequence) for _point, passages in RECONCILE_MOMENTS.values()):
                break
        for moment, (point, passages) in RECONCILE_MOMENTS.items():
            chosen = passages(sequence)
            if not chosen:
                self.missed[moment] = self.missed.get(moment, 0) + 1
                continue
            for nth in self.tries(chosen, rng):
                folder = self._copy(prepared, f"s{seed}-open-{point}")
                case = {
                    **base,
                    "kind": "reconcile",
                    "folder": str(folder),
                    "result": str(folder / "result.json"),
                    "crash_at": f"{point}@{nth}",
                }
                if self.kill(moment, case):
                    break

    def _upgrade(self, seed: int) -> None:
        if self.upgraded_rows is None:
            folder = self.fresh("upgrade-clean")
            shutil.copy(FIXTURE_V3, folder / "journal.sqlite3")
            counter = Counter("C01", folder, self.sandbox.base_url, None, keys=FileKeyStore(folder / "keys"))
            counter.open_journal().close()
            self.upgraded_rows = row_counts(counter)
        for moment, point in UPGRADE_MOMENTS.items():
            self.sandbox.reset()
            folder = self.fresh(f"s{seed}-upgrade-{point.replace('@', '-')}")
            shutil.copy(FIXTURE_V3, folder / "journal.sqlite3")
            case = self.case("upgrade", seed, folder, counter="C01", crash_at=point)
            self.kill(moment, case, expected=self.upgraded_rows)

    def _copy(self, source: Path, name: str) -> Path:
        target = self.root / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
        return target


def test_killed_anywhere_the_counter_restarts_without_losing_or_doubling_anything(tmp_path: Path) -> None:
    with Standalone(tmp_path / "sandbox-state.json") as sandbox, ForkServer() as forks:
        matrix = Matrix(tmp_path / "counters", sandbox, forks)
        try:
            for seed in range(SEEDS):
                matrix.seed(seed)
        finally:
            _report(matrix)
    findings = matrix.findings
    assert not findings.child_errors, findings.child_errors[:3]
    assert not findings.problems, findings.examples


def _report(matrix: Matrix) -> None:
    findings = matrix.findings
    named = sum(n for moment, n in matrix.kills.items() if not moment.startswith("at a random"))
    moments = len(WORKLOAD_MOMENTS) + len(RECONCILE_MOMENTS) + len(UPGRADE_MOMENTS)
    FIGURES.add("crash matrix", "named kill moments", moments, "≥ 10")
    FIGURES.add("crash matrix", "seeds", SEEDS, "≥ 20")
    FIGURES.add("crash matrix", "kills at named moments (SIGKILL)", named, f"≥ {moments * SEEDS}")
    FIGURES.add(
        "crash matrix",
        "random kills (SIGKILL from outside)",
        matrix.kills.get("at a random moment (SIGKILL from outside)", 0),
        "≥ 200",
    )
    FIGURES.add("crash matrix", "runs that ended before their kill", sum(matrix.missed.values()))
    for figure in (
        "double charges",
        "lost or wrong operations (journal ≠ PortOne)",
        "integrity_check failures",
        "chain / replay / anchor failures",
        "journal refused to open after the crash",
        "rows stuck open",
    ):
        FIGURES.add("crash matrix", figure, findings.problems.get(figure, 0), "0")
    FIGURES.add(
        "crash matrix", "child errors (a bug in the harness or the app)", len(findings.child_errors), "0"
    )
    lines = ["| moment | kills | ended first |", "|---|---|---|"]
    for moment in [
        *WORKLOAD_MOMENTS,
        *RECONCILE_MOMENTS,
        *UPGRADE_MOMENTS,
        "at a random moment (SIGKILL from outside)",
    ]:
        lines.append(f"| {moment} | {matrix.kills.get(moment, 0)} | {matrix.missed.get(moment, 0)} |")
    FIGURES.add_table("crash matrix: kills by moment", "\n".join(lines))
