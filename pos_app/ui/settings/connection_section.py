"""The PortOne part of 설정 and of the first-run setup: keys, 연결 테스트, the channel from PortOne's list.

The owner types the REST API key and secret (each field says where it is in the PortOne console) and
presses 연결 테스트. The test (services.setup through the composition root's ``test_connection``, on the
runner) tries exactly those keys and lists what it proved, one line per step, every wrong key, PG or
channel named as such. Its PG list fills the channel picker: only KSNET key-in channels, each with its
MID and name, a test channel marked as such. PG, MID and channel key come from the entry picked; nothing
here is typed by hand.

``connection_ready()`` says whether the keys and the channel on screen may be saved: the last test must
have been of exactly the keys now in the fields, PortOne must have accepted them, and the channel must be
one of that test's list. The secret stays in its field (memory) and goes only to the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.config import Settings
from pos_app.services.setup import (
    WHERE_CHANNEL,
    WHERE_KEYS,
    ChannelChoice,
    ConnectionReport,
    ConnectionRequest,
)
from pos_app.ui.settings.field_rows import ERROR_COLOR, add_field_row
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.workers import BackgroundRunner

WARNING_COLOR = "#b35c00"
OK_COLOR = "#2e7d32"
_MARKS = {"ok": ("✓", OK_COLOR), "warning": ("!", WARNING_COLOR), "error": ("✗", ERROR_COLOR)}


def finding_text(message: str, params: dict[str, str]) -> str:
    """A finding of services.setup in the window's language (its placeholders filled)."""
    translated = {key: QCoreApplication.translate("SetupCheck", value) for key, value in params.items()}
    return QCoreApplication.translate("SetupCheck", message).format(**translated)


def channel_label(channel: ChannelChoice) -> str:
    """How a channel reads in the picker and the live bar: KSNET · MID · name [· 테스트 채널]."""
    text = QCoreApplication.translate("ConnectionSection", "KSNET · 상점아이디(MID) {mid}").format(
        mid=channel.mid
    )
    if channel.channel_name:
        text += f" · {channel.channel_name}"
    if channel.test_channel:
        text += " · " + QCoreApplication.translate("ConnectionSection", "테스트 채널 (실제 돈 아님)")
    return text


class ConnectionSection(QWidget):
    tested = Signal(object)  # ConnectionReport
    channel_changed = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        test_connection: Callable[[ConnectionRequest], ConnectionReport],
        keyring_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectionSection")
        self._runner = runner
        self._test_connection = test_connection
        self._keyring_available = keyring_available
        self._testing = False
        self._report: ConnectionReport | None = None
        self._tested_keys: tuple[str, str] | None = None  # (key, secret field) of the last test
        self._stored_key = ""
        self._saved_channel: ChannelChoice | None = None
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}

        self.imp_key_edit = QLineEdit()
        self.imp_key_edit.setObjectName("ImpKeyEdit")
        self.imp_secret_edit = QLineEdit()
        self.imp_secret_edit.setObjectName("ImpSecretEdit")
        self.imp_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.keys_hint = QLabel()
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet("color: #555555;")
        self.test_button = QPushButton()
        self.test_button.setObjectName("TestConnectionButton")
        self.findings_label = QLabel()
        self.findings_label.setObjectName("ConnectionFindings")
        self.findings_label.setTextFormat(Qt.TextFormat.RichText)
        self.findings_label.setWordWrap(True)
        self.findings_label.setVisible(False)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("ChannelCombo")
        self.channel_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.channel_combo.setMinimumContentsLength(20)
        self.channel_details = QLabel()
        self.channel_details.setObjectName("ChannelDetails")
        self.channel_details.setWordWrap(True)
        self.channel_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.channel_hint = QLabel()
        self.channel_hint.setWordWrap(True)
        self.channel_hint.setStyleSheet("color: #555555;")

        # wrapped texts sit in the column, not in form rows: a form row gives a wrapped label the height
        # of one width and squeezes it when the page is short (the findings were cut off in the wizard)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.keys_hint)
        keys = QFormLayout()
        keys.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(keys, "imp_key", self.imp_key_edit)
        self._row(keys, "imp_secret", self.imp_secret_edit, self.test_button)
        column.addLayout(keys)
        column.addWidget(self.findings_label)
        channel = QFormLayout()
        channel.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(channel, "channel_key", self.channel_combo)
        column.addLayout(channel)
        column.addWidget(self.channel_details)
        column.addWidget(self.channel_hint)

        self.test_button.clicked.connect(self.start_test)
        self.imp_key_edit.returnPressed.connect(self.imp_secret_edit.setFocus)
        self.imp_secret_edit.returnPressed.connect(self.start_test)
        self.channel_combo.currentIndexChanged.connect(self._on_channel_picked)
        self.imp_key_edit.setEnabled(keyring_available)
        self.imp_secret_edit.setEnabled(keyring_available)
        self.test_button.setEnabled(keyring_available)
        self.retranslate()

    def _row(self, form: QFormLayout, key: str, widget: QWidget, *extras: QWidget) -> None:
        add_field_row(form, key, widget, *extras, labels=self._labels, errors=self._errors)

    def retranslate(self) -> None:
        self._labels["imp_key"].setText(self.tr("REST API 키"))
        self._labels["imp_secret"].setText(self.tr("REST API 시크릿"))
        self._labels["channel_key"].setText(self.tr("KSNET 키인 채널"))
        self.keys_hint.setText(
            self.tr("키와 시크릿 위치: {where}. 시크릿은 이 PC의 OS 키링에만 저장됩니다.").format(
                where=QCoreApplication.translate("SetupCheck", WHERE_KEYS)
            )
        )
        self.channel_hint.setText(
            self.tr(
                "채널은 연결 테스트가 PortOne에서 받아 온 목록에서 "
                "고릅니다 (PG, 상점아이디, 채널 키가 함께 정해집니다). "
                "콘솔에서 보려면: {where}."
            ).format(where=QCoreApplication.translate("SetupCheck", WHERE_CHANNEL))
        )
        self.test_button.setText(self.tr("연결 테스트"))
        self._show_secret_placeholder()
        self._fill_channels()
        if self._report is not None:
            self._show_findings(self._report)

    # -- values -----------------------------------------------------------------------------------------
    def load(self, settings: Settings, stored_key: str) -> None:
        """Show the keys in the keyring (the secret never: its field says it is stored) and the channel
        saved in ``settings``, until a test brings PortOne's own list."""
        self._stored_key = stored_key
        self.imp_key_edit.setText(stored_key)
        self.imp_secret_edit.setText("")
        self._show_secret_placeholder()
        self._saved_channel = None
        if settings.channel_key:
            provider, _, mid = settings.pg.partition(".")
            self._saved_channel = ChannelChoice(
                pg_provider=provider or "ksnet",
                mid=mid,
                type="api_payment",
                test_channel=settings.channel_test,
                channel_key=settings.channel_key,
                channel_name=settings.channel_name or None,
            )
        self._report = None
        self._tested_keys = None
        self.findings_label.setVisible(False)
        self._fill_channels()

    def _show_secret_placeholder(self) -> None:
        stored = bool(self._stored_key) and self.imp_key_edit.text().strip() == self._stored_key
        self.imp_secret_edit.setPlaceholderText(
            self.tr("키링에 저장됨 (바꿀 때만 입력)") if stored else self.tr("콘솔에서 복사해 붙여 넣으세요")
        )

    def request(self) -> ConnectionRequest:
        channel = self.chosen_channel()
        return ConnectionRequest(
            imp_key=self.imp_key_edit.text().strip(),
            imp_secret=self.imp_secret_edit.text().strip(),
            channel_key=(channel.channel_key or "") if channel is not None else "",
        )

    def chosen_channel(self) -> ChannelChoice | None:
        data = self.channel_combo.currentData()
        return data if isinstance(data, ChannelChoice) else None

    def saved_channel(self) -> ChannelChoice | None:
        return self._saved_channel

    def typed_keys(self) -> tuple[str, str]:
        return self.imp_key_edit.text().strip(), self.imp_secret_edit.text().strip()

    def keys_changed(self) -> bool:
        """The fields differ from what the keyring holds (a new key, or a secret typed)."""
        key, secret = self.typed_keys()
        return bool(secret) or (key != self._stored_key)

    def channel_changed_from_saved(self) -> bool:
        chosen, saved = self.chosen_channel(), self._saved_channel
        if chosen is None or saved is None:
            return chosen is not saved
        return (chosen.channel_key, chosen.pg, chosen.test_channel, chosen.channel_name) != (
            saved.channel_key,
            saved.pg,
            saved.test_channel,
            saved.channel_name,
        )

    def report(self) -> ConnectionReport | None:
        return self._report

    def connection_ready(self) -> str | None:
        """None when the keys and channel on screen may be saved; else why not (translated)."""
        if self._testing:
            return self.tr("연결 테스트가 끝날 때까지 기다리세요.")
        report = self._report
        if report is None or self._tested_keys != self.typed_keys():
            return self.tr("키나 채널을 바꾸면 먼저 연결 테스트를 하세요. 테스트한 키만 저장합니다.")
        if not report.keys_accepted:
            return self.tr("PortOne이 받아들인 키만 저장할 수 있습니다. 연결 테스트 결과를 확인하세요.")
        chosen = self.chosen_channel()
        if chosen is None or chosen not in report.channels:
            return self.tr("PortOne 목록에서 KSNET 키인 채널을 고르세요.")
        if chosen.channel_key is None:
            return self.tr("이 채널은 PortOne 목록에 채널 키가 없어 쓸 수 없습니다.")
        return None

    # -- errors -----------------------------------------------------------------------------------------
    def error_text(self, key: str) -> str:
        label = self._errors.get(key)
        return "" if label is None or label.isHidden() else label.text()

    def show_error(self, key: str, text: str) -> bool:
        label = self._errors.get(key)
        if label is None:
            return False
        label.setText(text)
        label.setVisible(True)
        return True

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.setText("")
            label.setVisible(False)

    # -- the test ---------------------------------------------------------------------------------------
    def is_testing(self) -> bool:
        return self._testing

    def start_test(self) -> None:
        if self._testing or not self._keyring_available:
            return
        self.clear_errors()
        self._testing = True
        self.test_button.setEnabled(False)
        self.findings_label.setText(self.tr("PortOne에 묻는 중… (키, PG 목록, 결제 조회)"))
        self.findings_label.setStyleSheet("")
        self.findings_label.setVisible(True)
        request = self.request()
        keys = self.typed_keys()
        self._runner.run(
            lambda: self._test_connection(request),
            lambda report: self._on_tested(keys, report),
            self._on_test_failed,
        )

    def _on_tested(self, keys: tuple[str, str], report: ConnectionReport) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self._report = report
        self._tested_keys = keys
        self._show_findings(report)
        for field_name, finding in report.field_errors().items():
            self.show_error(field_name, finding_text(finding.message, dict(finding.params)))
        self._fill_channels()
        self.tested.emit(report)

    def _on_test_failed(self, exc: BaseException) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        text = describe_error(exc)
        if text is None:
            raise exc  # a bug: the crash hook reports it
        self.findings_label.setText(text)
        self.findings_label.setStyleSheet(f"color: {ERROR_COLOR};")

    def _show_findings(self, report: ConnectionReport) -> None:
        lines = []
        for finding in report.findings:
            if finding.level == "error" and finding.field in self._errors:
                continue  # said in red at its field, right above; once is clearer
            mark, color = _MARKS[finding.level]
            text = finding_text(finding.message, dict(finding.params))
            lines.append(f'<span style="color:{color}; font-weight:bold;">{mark}</span> {_escape(text)}')
        if report.ok:
            summary = self.tr("연결 테스트 통과: 이 키와 채널로 결제할 수 있습니다.")
            lines.insert(0, f'<b style="color:{OK_COLOR};">{_escape(summary)}</b>')
        elif report.errors:
            summary = self.tr("연결 테스트 실패: 빨간 줄을 고친 뒤 다시 테스트하세요.")
            lines.insert(0, f'<b style="color:{ERROR_COLOR};">{_escape(summary)}</b>')
        self.findings_label.setStyleSheet("")
        self.findings_label.setText("<br>".join(lines))
        self.findings_label.setVisible(True)

    # -- the channel picker -----------------------------------------------------------------------------
    def _fill_channels(self) -> None:
        keep = self.chosen_channel()
        self.channel_combo.blockSignals(True)
        self.channel_combo.clear()
        if self._report is not None and self._report.channels:
            for channel in self._report.channels:
                self.channel_combo.addItem(channel_label(channel), channel)
            wanted = self._report.chosen or keep
            index = next(
                (
                    i
                    for i, c in enumerate(self._report.channels)
                    if wanted is not None and c.channel_key == wanted.channel_key
                ),
                -1,
            )
            if index < 0 and len(self._report.channels) > 1:
                self.channel_combo.insertItem(0, self.tr("— 채널을 고르세요 —"), None)
                index = 0
            self.channel_combo.setCurrentIndex(max(0, index))
            self.channel_combo.setEnabled(True)
        elif self._saved_channel is not None and self._report is None:
            self.channel_combo.addItem(
                channel_label(self._saved_channel) + " " + self.tr("(저장된 채널)"), self._saved_channel
            )
            self.channel_combo.setEnabled(False)
        else:
            self.channel_combo.addItem(
                self.tr("연결 테스트를 하면 PortOne의 채널 목록이 여기에 나옵니다"), None
            )
            self.channel_combo.setEnabled(False)
        self.channel_combo.blockSignals(False)
        self._show_channel_details()

    def _on_channel_picked(self, _index: int) -> None:
        self._errors["channel_key"].setVisible(False)
        self._show_channel_details()
        self.channel_changed.emit()

    def _show_channel_details(self) -> None:
        channel = self.chosen_channel()
        if channel is None:
            self.channel_details.setText("")
            self.channel_details.setStyleSheet("")
            return
        text = self.tr("PG {pg} · 채널 키 {key}").format(pg=channel.pg, key=channel.channel_key or "—")
        if channel.test_channel:
            text += "\n" + self.tr(
                "테스트 채널입니다. 이 채널로는 승인처럼 보여도 실제 돈이 "
                "움직이지 않으며, 화면 위에 늘 '테스트 채널'로 표시됩니다."
            )
            self.channel_details.setStyleSheet(f"color: {WARNING_COLOR}; font-weight: bold;")
        else:
            self.channel_details.setStyleSheet("")
        self.channel_details.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
