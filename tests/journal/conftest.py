"""Fixtures for the journal tests: a journal in a temp folder on a controllable clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from journal_factories import ManualClock

from pos_app.journal import Journal


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path, clock: ManualClock) -> Iterator[Journal]:
    j = Journal.open(journal_path, counter_id="C01", operator="김점원", clock=clock)
    assert j.health.ok, j.health.problems
    try:
        yield j
    finally:
        j.close()
