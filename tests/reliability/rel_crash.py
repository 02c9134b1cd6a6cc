"""The crash matrix's machinery: the standalone sandbox, the fork server, and restart-and-check.

``Standalone`` runs ``python -m pos_app.sandbox --port 0 --state FILE`` (PortOne for the whole matrix;
reset before every case, its clock moved past every window before the counter restarts). ``ForkServer``
runs ``rel_crash_child.py`` and hands it cases: ``run(case, kill_after=None)`` returns the exit status of
the case's fork (``-9`` when it was killed); with ``kill_after`` the parent kills the fork that many
seconds after it started (a random kill) unless it ended first. ``recover`` is the restart: the journal
opened as the next start opens it, the start-up reconciliation, then every check, each problem counted
under its figure.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
from collections import Counter as Tally
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import requests
from rel_world import Counter, Oracle, disagreements, double_charges

from pos_app.journal import FileKeyStore

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
WINDOWS_PASSED_S = 720  # PortOne's clock moved past every not-charged window before the restart


def row_counts(counter: Counter) -> dict[str, int]:
    return {
        table: len(counter.ids(table, "rowid")) for table in ("sales", "cancels", "customers", "receipts")
    }


class Standalone:
    def __init__(self, state_file: Path) -> None:
        self.state_file = state_file
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""
        self.admin = requests.Session()

    def __enter__(self) -> Standalone:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pos_app.sandbox", "--port", "0", "--state", str(self.state_file)],
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("base_url: "):
                self.base_url = line.split(": ", 1)[1].strip()
            if line.startswith("started_in_ms"):
                break
        if not self.base_url:
            raise RuntimeError(
                f"the sandbox did not start: {self.proc.stderr.read() if self.proc.stderr else ''}"
            )
        return self

    def __exit__(self, *exc: object) -> None:
        self.admin.close()
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            finally:
                for stream in (self.proc.stdout, self.proc.stderr):
                    if stream is not None:
                        stream.close()

    def reset(self) -> None:
        self.admin.post(self.base_url + "/__sandbox__/reset", timeout=10).raise_for_status()

    def advance(self, seconds: float) -> None:
        self.admin.post(
            self.base_url + "/__sandbox__/clock", json={"advance_s": seconds}, timeout=10
        ).raise_for_status()

    def clear_faults(self) -> None:
        self.admin.delete(self.base_url + "/__sandbox__/faults", timeout=10).raise_for_status()


class ForkServer:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self._next = 0

    def __enter__(self) -> ForkServer:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "rel_crash_child.py")],
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = json.loads(self._stdout().readline())
        assert "ready" in ready, ready
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self._stdout().close()

    def _stdout(self) -> IO[str]:
        assert self.proc is not None
        assert self.proc.stdout is not None
        return self.proc.stdout

    def run(self, case: dict[str, Any], kill_after: float | None = None) -> int:
        """Run one case in a fork; its exit status (``-9``: killed)."""
        assert self.proc is not None
        assert self.proc.stdin is not None
        self._next += 1
        case = {**case, "id": self._next}
        self.proc.stdin.write(json.dumps(case) + "\n")
        self.proc.stdin.flush()
        out = self._stdout()
        started = json.loads(out.readline())
        assert started.get("id") == self._next, started
        if kill_after is not None:
            # the deadline of a random kill: the fork ends by itself first, or is killed then
            readable, _, _ = select.select([out], [], [], max(0.0, kill_after))
            if not readable:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(started["pid"]), signal.SIGKILL)
        ended = json.loads(out.readline())
        assert ended.get("id") == self._next, ended
        return int(ended["status"])


@dataclass
class Findings:
    """What the restarts found, by figure."""

    cases: int = 0
    killed: int = 0
    not_reached: int = 0
    child_errors: list[str] = field(default_factory=list)
    problems: Tally[str] = field(default_factory=Tally)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def found(self, figure: str, what: list[str], where: str) -> None:
        if what:
            self.problems[figure] += len(what)
            self.examples.setdefault(figure, []).append(f"{where}: {what[:3]}")


def recover(
    sandbox: Standalone,
    folder: Path,
    counter_id: str,
    findings: Findings,
    where: str,
    expected_rows: dict[str, int] | None = None,
) -> None:
    """Restart the counter on ``folder`` after the crash, let it settle, and check everything.

    ``expected_rows`` (an upgraded old journal, whose sales this sandbox never saw): instead of comparing
    with PortOne, every table must hold as many rows as a clean upgrade of the same file."""
    sandbox.clear_faults()
    sandbox.advance(WINDOWS_PASSED_S)
    counter = Counter(counter_id, folder, sandbox.base_url, None, keys=FileKeyStore(folder / "keys"))
    journal = counter.open_journal()
    if not journal.health.ok:
        findings.found("journal refused to open after the crash", list(journal.health.problems), where)
        journal.close()
        return
    journal.close()
    counter.settings_overrides = {"reconcile_poll_delays": ()}
    counter.start()  # opens the journal again and runs the start-up reconciliation
    try:
        counter.svc.settle_due()
        if expected_rows is None:
            oracle = Oracle(state_file=sandbox.state_file)
            findings.found("double charges", double_charges(oracle, [counter]), where)
            findings.found(
                "lost or wrong operations (journal ≠ PortOne)", disagreements(oracle, counter), where
            )
            findings.found("rows stuck open", [op.op_id for op in counter.jr.open_operations()], where)
        else:
            rows = row_counts(counter)
            lost = [
                f"{table}: {rows.get(table, 0)} of {n}"
                for table, n in expected_rows.items()
                if rows.get(table) != n
            ]
            findings.found("lost or wrong operations (journal ≠ PortOne)", lost, where)
        report = counter.jr.full_check()
        findings.found("integrity_check failures", [report.integrity] if report.integrity else [], where)
        chain = [p for p in report.problems if p != report.integrity]
        findings.found("chain / replay / anchor failures", chain, where)
    finally:
        counter.stop()
