"""HistoryModel on a million rows: only pages the view asks for are fetched, off the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTableView

from pos_app.domain.outcomes import Outcome
from pos_app.services.counter import ActivityRow
from pos_app.ui.history.model import PAGE_SIZE, HistoryModel
from pos_app.workers import BackgroundRunner

TOTAL = 1_000_000


class MillionRowServices:
    """Answers like CounterServices.activity/count_activity over a million sales; records who asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.threads: set[str] = set()

    def count_activity(self, _flt: Any) -> int:
        self.threads.add(threading.current_thread().name)
        return TOTAL

    def activity(self, _flt: Any, offset: int, limit: int) -> list[ActivityRow]:
        self.threads.add(threading.current_thread().name)
        self.calls.append((offset, limit))
        now = time.time()
        return [
            ActivityRow("sale", now - n, Outcome.APPROVED, sale=self._sale(n, now))
            for n in range(offset, min(offset + limit, TOTAL))
        ]

    @staticmethod
    def _sale(n: int, now: float) -> Any:
        return SimpleNamespace(
            merchant_uid=f"C01-{n:07d}",
            created_at=now - n,
            paid_at=None,
            amount=1_000 + n,
            paid_amount=0,
            cancel_amount=0,
            card_name="신한카드",
            card_company=None,
            card_number=None,
            card_hint="4518-42**-****-0007",
            card_quota=0,
            apply_num="12345678",
            buyer_name="홍길동",
            buyer_tel="010-1234-5678",
            order_name="꽃다발",
            outcome=Outcome.APPROVED,
        )


@pytest.fixture
def runner(qtbot: Any) -> Iterator[BackgroundRunner]:
    r = BackgroundRunner()
    yield r
    assert r.shutdown(10_000)


def test_a_million_rows_cost_one_page_per_screenful(qtbot: Any, runner: Any) -> None:
    services = MillionRowServices()
    model = HistoryModel(services, runner)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1280, 800)
    with qtbot.waitSignals([model.total_changed, model.page_loaded], timeout=10_000):
        model.set_filter(object())
    assert model.total == TOTAL
    assert model.rowCount() == PAGE_SIZE
    assert services.calls == [(0, PAGE_SIZE)]
    assert threading.current_thread().name not in services.threads  # never on the GUI thread

    for page in range(1, 4):
        with qtbot.waitSignal(model.page_loaded, timeout=10_000):
            view.scrollToBottom()
        assert model.rowCount() == (page + 1) * PAGE_SIZE
    assert services.calls == [(n * PAGE_SIZE, PAGE_SIZE) for n in range(4)]
    assert model.fetch_more_calls == 4
    last_uid = model.index(4 * PAGE_SIZE - 1, model.column_of("merchant_uid")).data()
    assert last_uid == f"C01-{4 * PAGE_SIZE - 1:07d}"
    assert model.index(0, model.column_of("amount")).data() == "1,000"
    assert model.index(0, model.column_of("card")).data() == "4518-42**-****-0007"
    assert model.index(0, model.column_of("kind")).data() == "카드 결제"

    # a second fetchMore while one is in flight does not ask twice
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        pass
    assert services.calls[-1] == (4 * PAGE_SIZE, PAGE_SIZE)
    assert len(services.calls) == 5


def test_answers_for_an_old_filter_are_dropped(qtbot: Any, runner: Any) -> None:
    services = MillionRowServices()
    model = HistoryModel(services, runner)
    model.set_filter(object())
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.set_filter(object())  # the cashier searched again before the first page came back
    qtbot.waitUntil(lambda: runner.busy_count() == 0)
    assert model.rowCount() == PAGE_SIZE  # one page, not two stacked
