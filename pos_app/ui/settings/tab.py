"""설정: PortOne keys (to the OS keyring only), PG and channel, defaults, shop lines for slips, counter.

Saving writes settings.json through pos_app.config (validated there; the message of a refused value is
shown at its field) and the key/secret through SecretStore. When the keyring is unavailable the key
fields are disabled and the tab says the app stays in sandbox mode: there is no plaintext fallback.
Key, secret, PG, channel key and counter id take effect at the next start (the PortOne client and the
journal are built once by the composition root); language, defaults and shop lines apply at once.

"연결 테스트" runs the ``test_connection`` function the composition root provides (it builds a
throw-away client for the typed keys) through the runner, so the ui never touches pos_app.portone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    QVBoxLayout,
    QWidget,
)

from pos_app.config import ApiCredentials, SecretStore, Settings, SettingsError
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.workers import BackgroundRunner

RESTART_FIELDS = ("pg", "channel_key", "counter_id", "operator", "duplicate_window_s")


@dataclass(frozen=True)
class ConnectionStatus:
    """What a connection probe found: used by the status bar and the test-connection button."""

    online: bool
    token_expires_at: float | None = None  # UNIX seconds (server clock)
    message: str | None = None  # PortOne's or the transport's text when not online


class SettingsTab(QWidget):
    settings_saved = Signal(object)  # the new Settings
    language_chosen = Signal(str)  # "ko" | "en"
    connection_tested = Signal(object)  # ConnectionStatus

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        runner: BackgroundRunner,
        *,
        test_connection: Callable[[str, str], ConnectionStatus],
        sandbox: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsTab")
        self.settings = settings
        self.secret_store = secret_store
        self.runner = runner
        self._test_connection = test_connection
        self._sandbox = sandbox
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._testing = False

        self.imp_key_edit = QLineEdit()
        self.imp_secret_edit = QLineEdit()
        self.imp_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_label = QLabel()
        self.keyring_label.setWordWrap(True)
        self.test_button = QPushButton()
        self.test_result_label = QLabel()
        self.test_result_label.setWordWrap(True)
        self.pg_edit = QLineEdit()
        self.channel_key_edit = QLineEdit()
        self.product_combo = QComboBox()
        self.product_combo.addItem("", "real")
        self.product_combo.addItem("", "digital")
        self.tax_mode_combo = QComboBox()
        self.tax_mode_combo.addItem("", "taxable")
        self.tax_mode_combo.addItem("", "tax_free")
        self.shop_name_edit = QLineEdit()
        self.business_no_edit = QLineEdit()
        self.shop_address_edit = QLineEdit()
        self.shop_tel_edit = QLineEdit()
        self.operator_edit = QLineEdit()
        self.counter_id_edit = QLineEdit()
        self.language_combo = QComboBox()
        self.language_combo.addItem("한국어", "ko")
        self.language_combo.addItem("English", "en")
        self.data_dir_edit = QLineEdit()
        self.data_dir_edit.setReadOnly(True)
        self.open_folder_button = QPushButton()
        self.save_button = QPushButton()
        self.save_button.setObjectName("SaveSettingsButton")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        self._build_layout()
        self.test_button.clicked.connect(self._on_test_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)
        self.load(settings)
        self.retranslate()

    # -- layout -----------------------------------------------------------------------------------------
    def _row(self, form: QFormLayout, key: str, widget: QWidget, *extras: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        self._labels[key] = label
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 1)
        for extra in extras:
            row.addWidget(extra)
        column.addLayout(row)
        error = QLabel()
        error.setStyleSheet("color: #c62828;")
        error.setVisible(False)
        column.addWidget(error)
        self._errors[key] = error
        form.addRow(label, box)

    def _build_layout(self) -> None:
        self.portone_group = QGroupBox()
        portone = QFormLayout(self.portone_group)
        portone.addRow(self.keyring_label)
        self._row(portone, "imp_key", self.imp_key_edit)
        self._row(portone, "imp_secret", self.imp_secret_edit, self.test_button)
        portone.addRow("", self.test_result_label)
        self._row(portone, "pg", self.pg_edit)
        self._row(portone, "channel_key", self.channel_key_edit)

        self.defaults_group = QGroupBox()
        defaults = QFormLayout(self.defaults_group)
        self._row(defaults, "default_product_type", self.product_combo)
        self._row(defaults, "default_tax_free_mode", self.tax_mode_combo)

        self.shop_group = QGroupBox()
        shop = QFormLayout(self.shop_group)
        self._row(shop, "shop_name", self.shop_name_edit)
        self._row(shop, "business_no", self.business_no_edit)
        self._row(shop, "shop_address", self.shop_address_edit)
        self._row(shop, "shop_tel", self.shop_tel_edit)

        self.counter_group = QGroupBox()
        counter = QFormLayout(self.counter_group)
        self._row(counter, "operator", self.operator_edit)
        self._row(counter, "counter_id", self.counter_id_edit)
        self._row(counter, "language", self.language_combo)
        self._row(counter, "data_dir", self.data_dir_edit, self.open_folder_button)

        grid = QGridLayout()
        grid.addWidget(self.portone_group, 0, 0)
        grid.addWidget(self.defaults_group, 1, 0)
        grid.addWidget(self.shop_group, 0, 1)
        grid.addWidget(self.counter_group, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addLayout(grid)
        outer.addStretch(1)
        outer.addLayout(bottom)

    def retranslate(self) -> None:
        texts = {
            "imp_key": self.tr("REST API 키 (imp_key)"),
            "imp_secret": self.tr("REST API 시크릿"),
            "pg": self.tr("PG (ksnet.상점아이디)"),
            "channel_key": self.tr("채널 키"),
            "default_product_type": self.tr("기본 상품 유형"),
            "default_tax_free_mode": self.tr("기본 과세 방식"),
            "shop_name": self.tr("상호"),
            "business_no": self.tr("사업자등록번호"),
            "shop_address": self.tr("주소"),
            "shop_tel": self.tr("전화번호"),
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
        self.test_button.setText(self.tr("연결 테스트"))
        self.open_folder_button.setText(self.tr("폴더 열기"))
        self.save_button.setText(self.tr("저장"))
        self.pg_edit.setPlaceholderText("ksnet.2999199999")
        self._show_keyring_state()

    def _show_keyring_state(self) -> None:
        available = self.secret_store.available()
        self.imp_key_edit.setEnabled(available)
        self.imp_secret_edit.setEnabled(available)
        if not available:
            self.keyring_label.setText(
                self.tr(
                    "이 PC에는 API 키를 안전하게 보관할 OS 키링이 없어 키를 저장할 수 없습니다. 샌드박스(테스트) 모드로만 동작합니다."  # noqa: E501
                )
            )
            self.keyring_label.setStyleSheet("color: #c62828; font-weight: bold;")
        elif self._sandbox:
            self.keyring_label.setText(
                self.tr("지금은 샌드박스 모드입니다. 키를 저장하고 다시 시작하면 실제 PortOne에 연결합니다.")
            )
            self.keyring_label.setStyleSheet("color: #e65100;")
        else:
            self.keyring_label.setText(self.tr("API 키는 OS 키링에 저장되어 있습니다."))
            self.keyring_label.setStyleSheet("")

    # -- values -----------------------------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        self.settings = settings
        credentials = self.secret_store.get()
        self.imp_key_edit.setText(credentials.imp_key if credentials else "")
        self.imp_secret_edit.setText("")
        self.imp_secret_edit.setPlaceholderText(
            self.tr("저장됨 (바꿀 때만 입력)") if credentials else self.tr("입력하세요")
        )
        self.pg_edit.setText(settings.pg)
        self.channel_key_edit.setText(settings.channel_key)
        self.product_combo.setCurrentIndex(max(0, self.product_combo.findData(settings.default_product_type)))
        self.tax_mode_combo.setCurrentIndex(
            max(0, self.tax_mode_combo.findData(settings.default_tax_free_mode))
        )
        self.shop_name_edit.setText(settings.shop_name)
        self.business_no_edit.setText(settings.business_no)
        self.shop_address_edit.setText(settings.shop_address)
        self.shop_tel_edit.setText(settings.shop_tel)
        self.operator_edit.setText(settings.operator)
        self.counter_id_edit.setText(settings.counter_id)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.data_dir_edit.setText(str(settings.data_dir))

    def edited_settings(self) -> Settings:
        return self.settings.with_changes(
            pg=self.pg_edit.text().strip(),
            channel_key=self.channel_key_edit.text().strip(),
            default_product_type=self.product_combo.currentData(),
            default_tax_free_mode=self.tax_mode_combo.currentData(),
            shop_name=self.shop_name_edit.text().strip(),
            business_no=self.business_no_edit.text().strip(),
            shop_address=self.shop_address_edit.text().strip(),
            shop_tel=self.shop_tel_edit.text().strip(),
            operator=self.operator_edit.text().strip(),
            counter_id=self.counter_id_edit.text().strip(),
            language=self.language_combo.currentData(),
        )

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return "" if label.isHidden() else label.text()

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.setVisible(False)
            label.setText("")

    def _show_error(self, key: str, text: str) -> None:
        label = self._errors.get(key) or self._errors["pg"]
        label.setText(text)
        label.setVisible(True)

    # -- actions ----------------------------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        self._clear_errors()
        new = self.edited_settings()
        try:
            new.save()
        except SettingsError as error:
            self._show_error(error.field, QCoreApplication.translate("SettingsError", error.message))
            self.status_label.setText(self.tr("저장하지 못했습니다. 빨간 글씨를 확인하세요."))
            return
        except OSError as error:
            dialogs.show_error(
                self, self.tr("설정 파일을 쓸 수 없습니다: {reason}").format(reason=error.strerror)
            )
            return
        keys_changed = self._save_credentials()
        if keys_changed is None:
            return
        old = self.settings
        self.settings = new
        needs_restart = keys_changed or any(getattr(old, f) != getattr(new, f) for f in RESTART_FIELDS)
        if old.language != new.language:
            self.language_chosen.emit(new.language)
        self.settings_saved.emit(new)
        stamp = QLocale().toString(QDateTime.currentDateTime(), "HH:mm:ss")
        text = self.tr("저장했습니다 ({time}).").format(time=stamp)
        if needs_restart:
            text += " " + self.tr("PortOne 연결과 계산대 설정은 프로그램을 다시 시작하면 적용됩니다.")
        self.status_label.setText(text)

    def _save_credentials(self) -> bool | None:
        """Store typed key/secret; True when they changed, None when saving failed (shown)."""
        if not self.secret_store.available():
            return False
        key = self.imp_key_edit.text().strip()
        secret = self.imp_secret_edit.text().strip()
        current = self.secret_store.get()
        if not key and not secret:
            return False
        if key and not secret and current is not None and current.imp_key == key:
            return False  # secret left blank = keep the stored one
        if not key or not secret:
            self._show_error("imp_secret", self.tr("키와 시크릿을 모두 입력하세요."))
            return None
        try:
            self.secret_store.set(ApiCredentials(key, secret))
        except Exception as error:  # keyring backends raise their own types
            dialogs.show_error(
                self, self.tr("OS 키링에 저장하지 못했습니다: {reason}").format(reason=type(error).__name__)
            )
            return None
        self.imp_secret_edit.setText("")
        self.imp_secret_edit.setPlaceholderText(self.tr("저장됨 (바꿀 때만 입력)"))
        return True

    def _on_test_clicked(self) -> None:
        if self._testing:
            return
        self._testing = True
        self.test_button.setEnabled(False)
        self.test_result_label.setText(self.tr("연결하는 중…"))
        self.test_result_label.setStyleSheet("")
        key, secret = self.imp_key_edit.text().strip(), self.imp_secret_edit.text().strip()
        self.runner.run(lambda: self._test_connection(key, secret), self._on_test_done, self._on_test_failed)

    def _on_test_done(self, status: ConnectionStatus) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        if status.online:
            self.test_result_label.setText(self.tr("연결 성공: PortOne이 키를 받아들였습니다."))
            self.test_result_label.setStyleSheet("color: #2e7d32;")
        else:
            self.test_result_label.setText(
                self.tr("연결 실패: {reason}").format(reason=status.message or self.tr("알 수 없는 오류"))
            )
            self.test_result_label.setStyleSheet("color: #c62828;")
        self.connection_tested.emit(status)

    def _on_test_failed(self, exc: BaseException) -> None:
        text = describe_error(exc)
        if text is None:
            self._testing = False
            self.test_button.setEnabled(True)
            raise exc
        self._on_test_done(ConnectionStatus(online=False, message=text))

    def _on_open_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.settings.data_dir)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
