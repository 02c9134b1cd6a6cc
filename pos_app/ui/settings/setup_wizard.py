"""처음 설정: from a fresh install to a working live configuration, in three pages, with the window only.

1. PortOne 연결 — the REST API key and secret (where they are in the console is said), 연결 테스트, and
   the KSNET key-in channel picked from PortOne's own list (``ConnectionSection``). 다음 is enabled only
   when the last test was of exactly these keys, PortOne accepted them and a listed channel is picked.
2. 가게 정보 — the lines printed on slips (``ShopSection``): shop name and business number required, the
   business number checked with its check digit.
3. 확인 — what will be saved, a test channel said plainly, then "저장하고 적용": keys to the OS keyring,
   the rest to settings.json, and the window applies it without a restart (refused, and said, while a
   money call is out).

The window offers it at the first start of a fresh install (no keys, no channel) when the keyring can
hold keys; "나중에" remembers the choice (``Settings.setup_dismissed``), and 설정 can open it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from pos_app.config import Settings, SettingsError
from pos_app.ui.settings.connection_section import WARNING_COLOR, ConnectionSection, channel_label
from pos_app.ui.settings.shop_section import ShopSection

if TYPE_CHECKING:
    from pos_app.services.setup import ConnectionReport, ConnectionRequest
    from pos_app.workers import BackgroundRunner

REQUIRED_SHOP_FIELDS = ("shop_name", "business_no")


class _ConnectionPage(QWizardPage):
    def __init__(self, section: ConnectionSection) -> None:
        super().__init__()
        self.section = section
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(section)
        layout.addStretch(1)
        section.tested.connect(lambda _report: self.completeChanged.emit())
        section.channel_changed.connect(self.completeChanged.emit)
        section.imp_key_edit.textChanged.connect(lambda _text: self.completeChanged.emit())
        section.imp_secret_edit.textChanged.connect(lambda _text: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return self.section.connection_ready() is None


class _ShopPage(QWizardPage):
    def __init__(self, section: ShopSection, base: Callable[[], Settings]) -> None:
        super().__init__()
        self.section = section
        self._base = base
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(section)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        return self.section.check(self._base(), required=REQUIRED_SHOP_FIELDS)


class _SummaryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setObjectName("SetupSummary")
        self.summary.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("SetupTestChannelWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {WARNING_COLOR}; font-weight: bold;")
        self.problem = QLabel()
        self.problem.setObjectName("SetupProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(self.problem)
        layout.addStretch(1)


class SetupWizard(QWizard):
    """``save(settings, keys)`` writes (True when written); ``apply_settings`` applies, returning a
    refusal text or None; ``busy_reason`` says why nothing may be applied now."""

    def __init__(
        self,
        settings: Settings,
        runner: BackgroundRunner,
        *,
        test_connection: Callable[[ConnectionRequest], ConnectionReport],
        keyring_available: bool,
        stored_key: str,
        save: Callable[[Settings, tuple[str, str]], bool],
        apply_settings: Callable[[Settings], str | None],
        busy_reason: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SetupWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.settings = settings
        self._save = save
        self._apply = apply_settings
        self._busy_reason = busy_reason
        self.connection = ConnectionSection(runner, test_connection, keyring_available)
        self.connection.load(settings, stored_key)
        self.shop = ShopSection()
        self.shop.load(settings)
        self.connection_page = _ConnectionPage(self.connection)
        self.shop_page = _ShopPage(self.shop, lambda: self.settings)
        self.summary_page = _SummaryPage()
        for page in (self.connection_page, self.shop_page, self.summary_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._on_page_changed)
        self.resize(820, 640)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("처음 설정 — 실제 결제 받기"))
        self.connection_page.setTitle(self.tr("1. PortOne 연결"))
        self.connection_page.intro.setText(
            self.tr(
                "PortOne 관리자 콘솔에서 V1 REST API 키와 시크릿을 복사해 넣고 연결 테스트를 누르세요. "
                "테스트가 PortOne에서 이 계정의 채널 목록을 받아 오면 KSNET 키인 채널을 고릅니다."
            )
        )
        self.shop_page.setTitle(self.tr("2. 영수증에 인쇄할 가게 정보"))
        self.shop_page.intro.setText(
            self.tr(
                "카드 전표와 마감 리포트에 인쇄됩니다. 사업자등록번호는 검증번호(마지막 자리)까지 확인합니다."
            )
        )
        self.summary_page.setTitle(self.tr("3. 확인"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("저장하고 적용"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("나중에"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("다음 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 이전"))
        if self.currentId() == 2:
            self._fill_summary()

    def result_settings(self) -> Settings:
        """The settings the wizard would save: the channel picked, the shop lines typed."""
        new = self.shop.apply_to(self.settings).with_changes(setup_dismissed=False)
        channel = self.connection.chosen_channel()
        if channel is not None and channel.channel_key:
            new = new.with_changes(
                pg=channel.pg,
                channel_key=channel.channel_key,
                channel_name=channel.channel_name or "",
                channel_test=channel.test_channel,
            )
        return new

    def _on_page_changed(self, page_id: int) -> None:
        if page_id == 2:
            self._fill_summary()

    def _fill_summary(self) -> None:
        new = self.result_settings()
        channel = self.connection.chosen_channel()
        lines = [
            self.tr("REST API 키: {key} (시크릿은 OS 키링에만 저장)").format(
                key=self.connection.typed_keys()[0]
            ),
            self.tr("채널: {channel}").format(channel=channel_label(channel) if channel else "—"),
            self.tr("PG: {pg} · 채널 키: {key}").format(pg=new.pg, key=new.channel_key),
            self.tr("상호: {name} · 사업자등록번호: {number}").format(
                name=new.shop_name, number=new.business_no
            ),
            self.tr("주소: {address} · 전화: {tel}").format(
                address=new.shop_address or "—", tel=new.shop_tel or "—"
            ),
            "",
            self.tr(
                "저장하면 다시 시작하지 않고 바로 이 설정으로 연결합니다. "
                "화면 위 막대에 PG와 상점아이디가 표시됩니다."
            ),
        ]
        self.summary_page.summary.setText("\n".join(lines))
        if channel is not None and channel.test_channel:
            self.summary_page.warning.setText(
                self.tr(
                    "이 채널은 PortOne 테스트 채널입니다. 결제가 "
                    "승인처럼 보여도 실제 돈은 움직이지 않습니다. "
                    "화면 위에 늘 '테스트 채널'로 표시되고, 이런 결제는 마감 금액에 들어가지 않습니다."
                )
            )
        else:
            self.summary_page.warning.setText("")
        self.summary_page.problem.setText("")

    def validateCurrentPage(self) -> bool:
        if self.currentId() != 2:
            return super().validateCurrentPage()
        page = self.summary_page
        not_ready = self.connection.connection_ready()
        if not_ready is not None:
            page.problem.setText(not_ready)
            return False
        busy = self._busy_reason()
        if busy is not None:
            page.problem.setText(self.tr("지금은 저장하지 않습니다: {reason}").format(reason=busy))
            return False
        new = self.result_settings()
        try:
            new.validated()
        except SettingsError as error:
            page.problem.setText(QCoreApplication.translate("SettingsError", error.message))
            return False
        if not self._save(new, self.connection.typed_keys()):
            page.problem.setText(self.tr("저장하지 못했습니다."))
            return False
        refusal = self._apply(new)
        if refusal is not None:
            page.problem.setText(refusal)
            return False
        self.settings = new
        return True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
