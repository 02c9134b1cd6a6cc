"""What the settlement engine holds and finds, on screen: the list of open operations and the announcements.

``OperationsDialog`` lists every money operation the counter has written ahead and PortOne's record has
not made final yet — kind, amount, customer, age, what the app is doing about it now, PortOne's last
answer — with "지금 확인" on each, and below it what was announced this session. It reads the settlement
engine's in-memory list (``services.open_operations()``), so refreshing it every second costs no query.

``AnnouncementBar`` is the full-width bar under the banners that tells the cashier what an operation
turned out to be after it was last seen as "확인 중": a refund that never happened, a charge that did, a
payment charged twice. Money that is wrong somewhere is shown in red and stays until someone presses
"확인했습니다"; good news is shown in green and stays too (the cashier may have told the caller "확인 중").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.shell import dialogs
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.services.counter import Announcement, CounterServices, OpenOperation
    from pos_app.workers import BackgroundRunner

_KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)
_CONTEXT = "Settlement"


def kind_text(kind: str) -> str:
    words = {
        "sale": QCoreApplication.translate("OperationsDialog", "결제"),
        "cancel": QCoreApplication.translate("OperationsDialog", "환불"),
        "billing_key_issue": QCoreApplication.translate("OperationsDialog", "카드 등록"),
        "billing_key_delete": QCoreApplication.translate("OperationsDialog", "카드 삭제"),
        "receipt_issue": QCoreApplication.translate("OperationsDialog", "현금영수증 발급"),
        "receipt_cancel": QCoreApplication.translate("OperationsDialog", "현금영수증 취소"),
        "schedule_create": QCoreApplication.translate("OperationsDialog", "정기결제 예약"),
        "schedule_move": QCoreApplication.translate("OperationsDialog", "정기결제 날짜 변경"),
        "schedule_revoke": QCoreApplication.translate("OperationsDialog", "정기결제 예약 취소"),
        "schedule_reschedule": QCoreApplication.translate("OperationsDialog", "정기결제 다시 예약"),
        "schedule_retry": QCoreApplication.translate("OperationsDialog", "정기결제 다시 결제"),
    }
    return words.get(kind, kind)


def settlement_text(source: str, params: dict[str, object]) -> str:
    """A settlement engine's text in the window's language, amounts grouped the Korean way."""
    values = {
        key: _KOREAN.toString(value) if key == "amount" and isinstance(value, int) else value
        for key, value in params.items()
    }
    text = QCoreApplication.translate(_CONTEXT, source)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def announcement_text(announcement: Announcement) -> str:
    return settlement_text(announcement.text, announcement.params)


def age_text(seconds: float) -> str:
    whole = int(seconds)
    if whole < 60:
        return QCoreApplication.translate("OperationsDialog", "{s}초").format(s=whole)
    if whole < 3600:
        return QCoreApplication.translate("OperationsDialog", "{m}분 {s}초").format(
            m=whole // 60, s=whole % 60
        )
    return QCoreApplication.translate("OperationsDialog", "{h}시간 {m}분").format(
        h=whole // 3600, m=(whole % 3600) // 60
    )


class AnnouncementBar(QFrame):
    """The loud line under the banners; one announcement at a time, the rest counted."""

    list_requested = Signal()
    acknowledged = Signal(int)  # how many are still waiting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AnnouncementBar")
        self._waiting: list[Announcement] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.more_label = QLabel(self)
        self.list_button = QPushButton(self)
        self.ok_button = QPushButton(self)
        self.list_button.setAutoDefault(False)
        self.ok_button.setAutoDefault(False)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.more_label)
        layout.addWidget(self.list_button)
        layout.addWidget(self.ok_button)
        self.list_button.clicked.connect(self.list_requested.emit)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.list_button.setText(self.tr("목록 보기"))
        self.ok_button.setText(self.tr("확인했습니다"))
        self._show_current()

    def add(self, announcements: Sequence[Announcement]) -> None:
        # money that is wrong first: a second announcement never hides a "not refunded"
        self._waiting.extend(announcements)
        self._waiting.sort(key=lambda a: not a.urgent)
        self._show_current()

    def waiting(self) -> list[Announcement]:
        return list(self._waiting)

    def _on_ok_clicked(self) -> None:
        if self._waiting:
            self._waiting.pop(0)
        self._show_current()
        self.acknowledged.emit(len(self._waiting))

    def _show_current(self) -> None:
        if not self._waiting:
            self.setVisible(False)
            return
        current = self._waiting[0]
        self.text_label.setText(announcement_text(current))
        more = len(self._waiting) - 1
        self.more_label.setText(self.tr("외 {count}건").format(count=more) if more else "")
        colour = "#b71c1c" if current.urgent else "#1b5e20"
        self.setStyleSheet(
            f"QFrame#AnnouncementBar {{ background: {colour}; border-radius: 4px; }}"
            " QFrame#AnnouncementBar QLabel { color: white; font-weight: bold; font-size: 15px; }"
        )
        self.setVisible(True)


class OperationsDialog(QDialog):
    """Every open operation with "지금 확인", and this session's announcements."""

    checked = Signal(str)  # op_id, after "지금 확인" came back

    COLUMNS = 7

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        history: Callable[[], list[Announcement]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OperationsDialog")
        self._services = services
        self._runner = runner
        self._history = history
        self._checking: set[str] = set()
        self._ops: list[OpenOperation] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.history_heading = QLabel(self)
        self.history_list = QListWidget(self)
        self.history_list.setMaximumHeight(140)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.history_heading)
        layout.addWidget(self.history_list)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.resize(980, 460)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def showEvent(self, event: object) -> None:
        self._timer.start()
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        self._timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("미확정 거래"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("종류"),
                self.tr("금액"),
                self.tr("고객·카드"),
                self.tr("경과"),
                self.tr("지금 하는 일"),
                self.tr("PortOne의 마지막 답"),
                "",
            ]
        )
        self.history_heading.setText(self.tr("이번에 알린 것"))
        self.close_button.setText(self.tr("닫기"))
        self.refresh()

    def refresh(self) -> None:
        self._ops = self._services.open_operations()
        if self._ops:
            self.heading.setText(
                self.tr(
                    "PortOne의 기록으로 결과를 확인하는 중인 거래 {count}건입니다. 프로그램이 계속 "
                    "확인합니다. "
                    "'지금 확인'을 누르면 바로 다시 확인합니다."
                ).format(count=len(self._ops))
            )
        else:
            self.heading.setText(self.tr("확인 중인 거래가 없습니다."))
        self.table.setRowCount(len(self._ops))
        for row, op in enumerate(self._ops):
            cells = [
                kind_text(op.kind),
                QCoreApplication.translate("Formatting", "{amount}원").format(
                    amount=_KOREAN.toString(op.amount)
                )
                if op.amount
                else "-",
                op.label,
                age_text(op.age_s),
                settlement_text(op.doing, op.doing_params),
                op.last_answer or "-",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            button = self.table.cellWidget(row, 6)
            if not isinstance(button, QPushButton) or button.property("op_id") != op.op_id:
                button = QPushButton(self.tr("지금 확인"), self.table)
                button.setAutoDefault(False)
                button.setProperty("op_id", op.op_id)
                button.clicked.connect(lambda _checked=False, op_id=op.op_id: self.check_now(op_id))
                self.table.setCellWidget(row, 6, button)
            button.setEnabled(op.op_id not in self._checking)
        self.history_list.clear()
        for announcement in self._history():
            self.history_list.addItem(announcement_text(announcement))

    def check_now(self, op_id: str) -> None:
        if op_id in self._checking:
            return
        self._checking.add(op_id)
        self.status_label.setText(self.tr("PortOne에 지금 확인하는 중…"))
        self.refresh()
        self._runner.run(
            lambda: self._services.check_operation(op_id),
            lambda still: self._on_checked(op_id, still),
            lambda exc: self._on_check_failed(op_id, exc),
            kind="cashier",
            owner=self,
        )

    def _on_checked(self, op_id: str, still: OpenOperation | None) -> None:
        self._checking.discard(op_id)
        if still is None:
            self.status_label.setText(self.tr("확인이 끝났습니다. 결과는 위의 알림과 거래내역에 있습니다."))
        else:
            self.status_label.setText(
                self.tr("아직 확정되지 않았습니다: {doing}").format(
                    doing=settlement_text(still.doing, still.doing_params)
                )
            )
        self.refresh()
        self.checked.emit(op_id)

    def _on_check_failed(self, op_id: str, exc: BaseException) -> None:
        self._checking.discard(op_id)
        text = describe_error(exc)
        if text is None:
            raise exc
        self.status_label.setText(text)
        self.refresh()
        dialogs.show_error(self, text)
