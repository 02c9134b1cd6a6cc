"""감사 기록, the owner's view of who did what and when: filtered by days, person and kind, exported.

The rows are ``services.audit`` (the owner's: the services refuse anyone else), read on the journal lane
a page at a time (500 rows, "더 보기" for the next); 내보내기 writes every row of the filter as .xlsx or
.csv through the services, on the background lane. Each row: when, what, who did it, who approved it,
whom it was about, the amount and result of a money action, what it acted on and the details in words
(``domain.audit_words``).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.audit_words import AUDIT_KIND_WORDS, detail_text, kind_word, result_states
from pos_app.domain.errors import FieldError
from pos_app.domain.outcomes import Outcome
from pos_app.ui.history.date_field import DateField
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.services.counter import AuditFilter, AuditRow, CounterServices
    from pos_app.workers import BackgroundRunner

PAGE = 500
_OUTCOMES = {o.value: o for o in Outcome}


class AuditDialog(QDialog):
    rows_shown = Signal(int)  # rows on screen after a load
    exported = Signal(str)  # path

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.resize(960, 620)  # inside a 1024×768 screen
        self._services = services
        self._runner = runner
        self.rows: list[AuditRow] = []
        self._total = 0

        self.from_field = DateField()
        self.from_field.edit.setObjectName("auditFrom")
        self.to_field = DateField()
        self.to_field.edit.setObjectName("auditTo")
        today = date.today()
        self.from_field.set_date(today)
        self.to_field.set_date(today)
        self.person_combo = QComboBox()
        self.person_combo.setObjectName("auditPerson")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("auditKind")
        self.search_button = QPushButton()
        self.search_button.setObjectName("auditSearch")
        self.more_button = QPushButton()
        self.more_button.setObjectName("auditMore")
        self.export_button = QPushButton()
        self.export_button.setObjectName("auditExport")
        self.close_button = QPushButton()
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("auditTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.from_label, self.to_label, self.person_label, self.kind_label = (
            QLabel(),
            QLabel(),
            QLabel(),
            QLabel(),
        )

        filters = QHBoxLayout()
        for widget in (
            self.from_label,
            self.from_field,
            self.to_label,
            self.to_field,
            self.person_label,
            self.person_combo,
            self.kind_label,
            self.kind_combo,
            self.search_button,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.more_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.search_button.clicked.connect(self.load)
        self.from_field.returnPressed.connect(self.load)
        self.to_field.returnPressed.connect(self.load)
        self.more_button.clicked.connect(self._load_more)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.close_button.clicked.connect(self.close)
        self._fill_choices()
        self.retranslate()

    def _fill_choices(self) -> None:
        self.person_combo.clear()
        self.person_combo.addItem("", None)
        for person in sorted(self._services.people.people(), key=lambda p: p.name):
            self.person_combo.addItem(person.name, person.name)
        self.kind_combo.clear()
        self.kind_combo.addItem("", None)
        for kind in AUDIT_KIND_WORDS:
            self.kind_combo.addItem("", kind)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("감사 기록"))
        self.from_label.setText(self.tr("기간"))
        self.to_label.setText("~")
        self.person_label.setText(self.tr("사람"))
        self.kind_label.setText(self.tr("종류"))
        self.person_combo.setItemText(0, self.tr("모두"))
        self.kind_combo.setItemText(0, self.tr("모두"))
        for index in range(1, self.kind_combo.count()):
            self.kind_combo.setItemText(
                index, kind_word(self.kind_combo.itemData(index), QCoreApplication.translate)
            )
        self.search_button.setText(self.tr("조회"))
        self.more_button.setText(self.tr("더 보기"))
        self.export_button.setText(self.tr("내보내기…"))
        self.close_button.setText(self.tr("닫기"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("일시"),
                self.tr("종류"),
                self.tr("한 사람"),
                self.tr("승인한 사람"),
                self.tr("대상"),
                self.tr("금액"),
                self.tr("결과"),
                self.tr("내용"),
            ]
        )
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading ----------------------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        """The filter on screen; raises FieldError for a date that is not one."""
        from pos_app.services.counter import AuditFilter

        kind = self.kind_combo.currentData()
        return AuditFilter(
            date_from=self.from_field.date(),
            date_to=self.to_field.date(),
            person=self.person_combo.currentData(),
            kinds=frozenset({kind}) if kind else None,
        )

    def load(self) -> None:
        try:
            flt = self.current_filter()
        except FieldError as exc:
            self.status.setText(describe_error(exc) or str(exc))
            return
        services = self._services
        self.status.setText(self.tr("불러오는 중…"))
        self.search_button.setEnabled(False)
        self._runner.run(
            lambda: (services.audit(flt, 0, PAGE), services.count_audit(flt)),
            lambda loaded: self._on_loaded(loaded, append=False),
            self._on_failed,
            kind="db",
            owner=self,
        )

    def _load_more(self) -> None:
        try:
            flt = self.current_filter()
        except FieldError:
            return
        services, offset = self._services, len(self.rows)
        self._runner.run(
            lambda: (services.audit(flt, offset, PAGE), services.count_audit(flt)),
            lambda loaded: self._on_loaded(loaded, append=True),
            self._on_failed,
            kind="db",
            owner=self,
        )

    def _on_loaded(self, loaded: tuple[list[AuditRow], int], *, append: bool) -> None:
        rows, total = loaded
        self.search_button.setEnabled(True)
        self.rows = [*self.rows, *rows] if append else list(rows)
        self._total = total
        self._render()
        self.rows_shown.emit(len(self.rows))

    def _on_failed(self, exc: BaseException) -> None:
        self.search_button.setEnabled(True)
        text = describe_error(exc)
        if text is None:
            raise exc
        self.status.setText(text)

    def _render(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            result = " → ".join(
                fmt.outcome_text(_OUTCOMES[state])
                for state in result_states(row.kind, row.outcome)
                if state in _OUTCOMES
            )
            values = (
                datetime.fromtimestamp(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                kind_word(row.kind, QCoreApplication.translate),
                row.operator,
                row.approver,
                row.person,
                fmt.won(row.amount) if row.amount else "",
                result,
                " · ".join(
                    part
                    for part in (row.ref, detail_text(row.kind, row.detail, QCoreApplication.translate))
                    if part
                ),
            )
            for column, text in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.more_button.setEnabled(len(self.rows) < self._total)
        if self.rows or self._total:
            self.status.setText(self.tr("{shown}/{total}건").format(shown=len(self.rows), total=self._total))

    # -- export -----------------------------------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("감사 기록 내보내기"), "audit.xlsx", self.tr("Excel (*.xlsx);;CSV (*.csv)")
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        try:
            flt = self.current_filter()
        except FieldError as exc:
            self.status.setText(describe_error(exc) or str(exc))
            return
        services = self._services
        self.status.setText(self.tr("내보내는 중…"))
        self._runner.run(
            lambda: services.export_audit(flt, path),
            lambda count: self._on_exported(path, count),
            lambda exc: dialogs.report_failure(self, exc),
            kind="background",
            owner=self,
        )

    def _on_exported(self, path: Path, count: int) -> None:
        self.status.setText(self.tr("{count}건을 {path}에 저장했습니다.").format(count=count, path=str(path)))
        self.exported.emit(str(path))
