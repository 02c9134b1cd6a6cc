"""The reliability suites (issue 13): the figures table at the end of the run, and shared fixtures.

Items the issue lists that live beside the code they test (double submit in tests/ui, the keyring's
refusal of a plaintext fallback, the second-instance lock, the services' own secrets scan) are reported in
the same table from the run's results: how many of their tests ran and passed.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.register_assert_rewrite("rel_model", "rel_world", "rel_crash")
from rel_figures import FIGURES  # noqa: E402

# figure → test node ids (prefixes) that prove it, outside tests/reliability
ELSEWHERE: dict[tuple[str, str], tuple[str, ...]] = {
    ("double submit", "money buttons × 10 clicks + 10 Enters: tests passed"): (
        "tests/ui/test_double_submit.py::",
        "tests/ui/test_keyin_charge.py::test_ten_quick_presses_send_one_request",
        "tests/ui/test_keyin_resend.py::test_ten_presses_of_resend_send_at_most_one_request",
    ),
    ("secrets and TLS", "no plaintext keyring fallback: tests passed"): (
        "tests/ui/test_config_secrets_backend.py::",
    ),
    ("secrets and TLS", "services' secrets scan (DB, WAL, logs): tests passed"): (
        "tests/services/test_secrets_never_written.py::",
    ),
    ("two windows, one folder", "second instance refused / two folders: tests passed"): (
        "tests/ui/test_shell_instance_lock.py::",
    ),
}


def _elsewhere(stats: dict[str, list[Any]]) -> None:
    for (suite, name), prefixes in ELSEWHERE.items():
        seen = {
            outcome: sum(
                1
                for report in stats.get(outcome, [])
                if getattr(report, "when", "call") == "call"
                and any(getattr(report, "nodeid", "").startswith(p) for p in prefixes)
            )
            for outcome in ("passed", "failed", "skipped")
        }
        ran = sum(seen.values())
        if ran:
            FIGURES.add(suite, name, f"{seen['passed']} of {ran}")
            FIGURES.add(suite, name.replace("tests passed", "tests failed or skipped"),
                        seen["failed"] + seen["skipped"], "0")  # fmt: skip


def pytest_terminal_summary(terminalreporter: Any) -> None:
    _elsewhere(terminalreporter.stats)
    rows = FIGURES.rows()
    if not rows:
        return
    terminalreporter.section("reliability figures")
    terminalreporter.write_line(FIGURES.table())
    for title, table in FIGURES.tables.items():
        terminalreporter.write_line("")
        terminalreporter.write_line(title)
        terminalreporter.write_line(table)
    FIGURES.write_json()
