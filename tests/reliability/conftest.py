"""The reliability suites (issue 13): the figures table at the end of the run, and shared fixtures."""

from __future__ import annotations

from typing import Any

import pytest

pytest.register_assert_rewrite("rel_model", "rel_world", "rel_crash")
from rel_figures import FIGURES  # noqa: E402


def pytest_terminal_summary(terminalreporter: Any) -> None:
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
