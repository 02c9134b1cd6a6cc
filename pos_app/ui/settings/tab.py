"""설정: PortOne keys (to the OS keyring only) and the channel, defaults, shop lines for slips, counter.

The PortOne part is ``ConnectionSection`` (keys, 연결 테스트, the KSNET key-in channel picked from PortOne's
own list), the shop lines ``ShopSection``; both are shared with the first-run setup (``setup_wizard``),
which "처음 설정 마법사" opens again. Saving validates every value at its field (config.Settings; the
business number with its check digit) and refuses keys or a channel that the last 연결 테스트 did not
prove. Keys go to SecretStore only; when the keyring is unavailable the key fields are disabled and the
tab says the app stays in sandbox mode: there is no plaintext fallback.

Everything applies without a restart. Language, defaults and shop lines at once; keys, channel, counter
id, operator and the services' knobs through the window's ``apply_settings`` (the client and services are
rebuilt on the runner, open operations kept). While a money call is out the window refuses: nothing is
saved then and the tab says why (``busy_reason``), so what is on disk is always what runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos_app.config import ApiCredentials, SecretStore, Settings, SettingsError
from pos_app.ui.settings.connection_section import ConnectionSection
from pos_app.ui.settings.field_rows import ERROR_STYLE, add_field_row
from pos_app.ui.settings.shop_section import ShopSection
from pos_app.ui.shell import dialogs

if TYPE_CHECKING:
    from pos_app.services.setup import ConnectionReport, ConnectionRequest
    from pos_app.workers import BackgroundRunner

# what the services are built from: a change is applied by rebuilding them (window.apply_settings)
SERVICE_FIELDS = (
    "pg",
    "channel_key",
    "channel_name",
    "channel_test",
    "counter_id",
    "operator",
    "duplicate_window_s",
    "default_product_type",
)


def needs_rebuild(old: Settings, new: Settings) -> bool:
    """True when ``new`` changes what the client and services are built from."""
    return any(getattr(old, name) != getattr(new, name) for name in SERVICE_FIELDS)


class SettingsTab(QWidget):
    settings_saved = Signal(object)  # the new Settings (written to disk; keys to the keyring)
    language_chosen = Signal(str)  # "ko" | "en"
    connection_tested = Signal(object)  # ConnectionReport
    setup_requested = Signal()  # 처음 설정 마법사
    settings_changed = Signal(object, object, bool)  # old Settings, new Settings, keys written too

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        runner: BackgroundRunner,
        *,
        test_connection: Callable[[ConnectionRequest], ConnectionReport],
        sandbox: bool,
        sandbox_forced: bool = False,
        busy_reason: Callable[[], str | None] = lambda: None,
        apply_settings: Callable[[Settings], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsTab")
        self.settings = settings
        self.secret_store = secret_store
        self.runner = runner
        self._sandbox = sandbox
        self._sandbox_forced = sandbox_forced
        self._busy_reason = busy_reason
        self._apply_settings = apply_settings
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        # the window's check of who may save (people: the owner), asked before anything is written
        self.save_guard: Callable[[], str | None] | None = None

        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("KeyringState")
        self.keyring_label.setWordWrap(True)
        self.connection = ConnectionSection(runner, test_connection, secret_store.available())
        self.connection.tested.connect(self.connection_tested)
        self.setup_button = QPushButton()
        self.setup_button.setObjectName("SetupWizardButton")
        self.product_combo = QComboBox()
        self.product_combo.addItem("", "real")
        self.product_combo.addItem("", "digital")
        self.tax_mode_combo = QComboBox()
        self.tax_mode_combo.addItem("", "taxable")
        self.tax_mode_combo.addItem("", "tax_free")
        self.shop = ShopSection()
        self.operator_edit = QLineEdit()
        self.operator_edit.setMaxLength(40)
        self.counter_id_edit = QLineEdit()
        self.counter_id_edit.setMaxLength(12)
        self.language_combo = QComboBox()
        self.language_combo.addItem("한국어", "ko")
        self.language_combo.addItem("English", "en")
        self.data_dir_edit = QLineEdit()
        self.data_dir_edit.setReadOnly(True)
        self.open_folder_button = QPushButton()
        self.save_button = QPushButton()
        self.save_button.setObjectName("SaveSettingsButton")
        self.status_label = QLabel()
        self.status_label.setObjectName("SettingsStatus")
        self.status_label.setWordWrap(True)

        self._build_layout()
        self.save_button.clicked.connect(self._on_save_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)
        self.setup_button.clicked.connect(self.setup_requested)
        self.load(settings)
        self.retranslate()

    # -- the shared sections' fields, by their old names (tests, the wizard) --------------------------
    @property
    def imp_key_edit(self) -> QLineEdit:
        return self.connection.imp_key_edit

    @property
    def imp_secret_edit(self) -> QLineEdit:
        return self.connection.imp_secret_edit

    @property
    def test_button(self) -> QPushButton:
        return self.connection.test_button

    @property
    def shop_name_edit(self) -> QLineEdit:
        return self.shop.shop_name_edit

    @property
    def business_no_edit(self) -> QLineEdit:
        return self.shop.business_no_edit

    @property
    def shop_address_edit(self) -> QLineEdit:
        return self.shop.shop_address_edit

    @property
    def shop_tel_edit(self) -> QLineEdit:
        return self.shop.shop_tel_edit

    # -- layout -----------------------------------------------------------------------------------------
    def _row(self, form: QFormLayout, key: str, widget: QWidget, *extras: QWidget) -> None:
        add_field_row(form, key, widget, *extras, labels=self._labels, errors=self._errors)

    def _build_layout(self) -> None:
        self.portone_group = QGroupBox()
        portone = QVBoxLayout(self.portone_group)
        top = QHBoxLayout()
        top.addWidget(self.keyring_label, 1)
        top.addWidget(self.setup_button)
        portone.addLayout(top)
        portone.addWidget(self.connection)
        portone.addStretch(1)  # the group is as tall as the right column; its rows stay together

        self.defaults_group = QGroupBox()
        defaults = QFormLayout(self.defaults_group)
        self._row(defaults, "default_product_type", self.product_combo)
        self._row(defaults, "default_tax_free_mode", self.tax_mode_combo)

        self.shop_group = QGroupBox()
        QVBoxLayout(self.shop_group).addWidget(self.shop)

        self.counter_group = QGroupBox()
        counter = QFormLayout(self.counter_group)
        self._row(counter, "operator", self.operator_edit)
        self._row(counter, "counter_id", self.counter_id_edit)
        self._row(counter, "language", self.language_combo)
        self._row(counter, "data_dir", self.data_dir_edit, self.open_folder_button)

        # PortOne on the left; the shop, the defaults and the counter (language!) on the right, all on
        # screen at 1024x768 without scrolling past an empty half
        grid = QGridLayout()
        grid.addWidget(self.portone_group, 0, 0, 4, 1)
        grid.addWidget(self.shop_group, 0, 1)
        grid.addWidget(self.defaults_group, 1, 1)
        grid.addWidget(self.counter_group, 2, 1)
        grid.setRowStretch(3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(grid)
        page_layout.addStretch(1)
        self._page_layout = page_layout
        # the PortOne findings can be long: the page scrolls, the save row stays on screen
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)

    def add_group(self, group: QWidget) -> None:
        """Another group under the others (the window's people and roles)."""
        self._page_layout.insertWidget(self._page_layout.count() - 1, group)

    def retranslate(self) -> None:
        texts = {
            "default_product_type": self.tr("기본 상품 유형"),
            "default_tax_free_mode": self.tr("기본 과세 방식"),
            "operator": self.tr("담당자"),
            "counter_id": self.tr("계산대 ID"),
            "language": self.tr("언어"),
            "data_dir": self.tr("데이터 폴더"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.portone_group.setTitle(self.tr("PortOne 연결"))
        self.defaults_group.setTitle(self.tr("결제 기본값"))
        self.shop_group.setTitle(self.tr("영수증에 인쇄할 가게 정보"))
        self.counter_group.setTitle(self.tr("계산대"))
        self.product_combo.setItemText(0, self.tr("실물"))
        self.product_combo.setItemText(1, self.tr("디지털"))
        self.tax_mode_combo.setItemText(0, self.tr("과세 (면세 금액 0원)"))
        self.tax_mode_combo.setItemText(1, self.tr("면세 (결제 금액 전부 면세)"))
        self.setup_button.setText(self.tr("처음 설정 마법사…"))
        self.open_folder_button.setText(self.tr("폴더 열기"))
        self.save_button.setText(self.tr("저장"))
        self._show_keyring_state()

    def set_mode(self, *, sandbox: bool, sandbox_forced: bool) -> None:
        """The configuration in use changed (settings applied): say what the tab's keys now mean."""
        self._sandbox = sandbox
        self._sandbox_forced = sandbox_forced
        self._show_keyring_state()

    def _show_keyring_state(self) -> None:
        if not self.secret_store.available():
            self.keyring_label.setText(
                self.tr(
                    "이 PC에는 API 키를 안전하게 보관할 OS 키링이 없어 키를 저장할 수 없습니다. 샌드박스(테스트) 모드로만 동작합니다."  # noqa: E501
                )
            )
            self.keyring_label.setStyleSheet("color: #c62828; font-weight: bold;")
        elif self._sandbox and self._sandbox_forced:
            self.keyring_label.setText(
                self.tr(
                    "--sandbox로 시작해 샌드박스를 씁니다. 저장한 "
                    "키와 채널은 --sandbox 없이 시작하면 쓰입니다."
                )
            )
            self.keyring_label.setStyleSheet("color: #e65100;")
        elif self._sandbox:
            self.keyring_label.setText(
                self.tr(
                    "지금은 샌드박스 모드입니다. 키를 넣고 연결 테스트를 통과한 채널을 저장하면 다시 시작하지 않고 실제 PortOne에 연결합니다."  # noqa: E501
                )
            )
            self.keyring_label.setStyleSheet("color: #e65100;")
        else:
            self.keyring_label.setText(self.tr("API 키는 OS 키링에 저장되어 있습니다."))
            self.keyring_label.setStyleSheet("")

    # -- values -----------------------------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        self.settings = settings
        credentials = self.secret_store.get()
        self.connection.load(settings, credentials.imp_key if credentials else "")
        self.product_combo.setCurrentIndex(max(0, self.product_combo.findData(settings.default_product_type)))
        self.tax_mode_combo.setCurrentIndex(
            max(0, self.tax_mode_combo.findData(settings.default_tax_free_mode))
        )
        self.shop.load(settings)
        self.operator_edit.setText(settings.operator)
        self.counter_id_edit.setText(settings.counter_id)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.data_dir_edit.setText(str(settings.data_dir))

    def connection_edited(self) -> bool:
        """The keys or the channel on screen differ from what is saved."""
        return self.connection.keys_changed() or self.connection.channel_changed_from_saved()

    def edited_settings(self) -> Settings:
        new = self.shop.apply_to(self.settings).with_changes(
            default_product_type=self.product_combo.currentData(),
            default_tax_free_mode=self.tax_mode_combo.currentData(),
            operator=self.operator_edit.text().strip(),
            counter_id=self.counter_id_edit.text().strip(),
            language=self.language_combo.currentData(),
        )
        channel = self.connection.chosen_channel()
        if self.connection.channel_changed_from_saved() and channel is not None and channel.channel_key:
            new = new.with_changes(
                pg=channel.pg,
                channel_key=channel.channel_key,
                channel_name=channel.channel_name or "",
                channel_test=channel.test_channel,
            )
        return new

    def error_text(self, key: str) -> str:
        for source in (self.connection, self.shop):
            text = source.error_text(key)
            if text:
                return text
        label = self._errors.get(key)
        return "" if label is None or label.isHidden() else label.text()

    def _clear_errors(self) -> None:
        self.connection.clear_errors()
        self.shop.clear_errors()
        for label in self._errors.values():
            label.setVisible(False)
            label.setText("")

    def _show_error(self, key: str, text: str) -> None:
        if self.connection.show_error(key, text) or self.shop.show_error(key, text):
            return
        label = self._errors.get(key) or self._errors["operator"]
        label.setText(text)
        label.setVisible(True)

    # -- saving -----------------------------------------------------------------------------------------
    def _refuse(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(ERROR_STYLE)

    def _on_save_clicked(self) -> None:
        self._clear_errors()
        self.status_label.setStyleSheet("")
        connection_edited = self.connection_edited()
        if connection_edited:
            not_ready = self.connection.connection_ready()
            if not_ready is not None:
                self.connection.show_error("channel_key", not_ready)
                self._refuse(self.tr("저장하지 못했습니다: {reason}").format(reason=not_ready))
                return
        new = self.edited_settings()
        shop_ok = self.shop.check(self.settings)
        try:
            new.validated()
        except SettingsError as error:
            self._show_error(error.field, QCoreApplication.translate("SettingsError", error.message))
            shop_ok = False
        if not shop_ok:
            self._refuse(self.tr("저장하지 못했습니다. 빨간 글씨를 확인하세요."))
            return
        rebuild = connection_edited or needs_rebuild(self.settings, new)
        if rebuild:
            busy = self._busy_reason()
            if busy is not None:
                self._refuse(self.tr("저장하지 않았습니다: {reason}").format(reason=busy))
                return
        if not self.save(new, keys=self.connection.typed_keys() if self.connection.keys_changed() else None):
            return
        stamp = QLocale().toString(QDateTime.currentDateTime(), "HH:mm:ss")
        text = self.tr("저장했습니다 ({time}).").format(time=stamp)
        if rebuild:
            refusal = self._apply_settings(new) if self._apply_settings is not None else None
            if refusal is not None:
                text += " " + refusal
            elif self._apply_settings is not None:
                text += " " + self.tr("새 설정을 적용하는 중…")
        self.status_label.setText(text)

    def save(self, new: Settings, *, keys: tuple[str, str] | None) -> bool:
        """Keys to the keyring first, then settings.json; True when both were written (else shown)."""
        refusal = self.save_guard() if self.save_guard is not None else None
        if refusal is not None:
            self._refuse(refusal)
            return False
        if keys is not None:
            key, secret = keys
            try:
                if secret:
                    self.secret_store.set(ApiCredentials(key, secret))
            except Exception as error:  # keyring backends raise their own types
                dialogs.show_error(
                    self,
                    self.tr("OS 키링에 저장하지 못했습니다: {reason}").format(reason=type(error).__name__),
                )
                return False
        try:
            new.save()
        except SettingsError as error:
            self._show_error(error.field, QCoreApplication.translate("SettingsError", error.message))
            self._refuse(self.tr("저장하지 못했습니다. 빨간 글씨를 확인하세요."))
            return False
        except OSError as error:
            dialogs.show_error(
                self, self.tr("설정 파일을 쓸 수 없습니다: {reason}").format(reason=error.strerror)
            )
            return False
        old = self.settings
        self.load(new)
        if old.language != new.language:
            self.language_chosen.emit(new.language)
        self.settings_saved.emit(new)
        self.settings_changed.emit(old, new, bool(keys and keys[1]))
        return True

    def show_applied(self, text: str, *, ok: bool) -> None:
        """The window's word on applying the saved settings."""
        self.status_label.setText(text)
        self.status_label.setStyleSheet("" if ok else ERROR_STYLE)

    def _on_open_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.settings.data_dir)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
