"""The shop's lines printed on slips and the Z report: 상호, 사업자등록번호, 주소, 전화번호.

Used by 설정 and by the first-run setup. The business number is checked as the owner leaves the field,
with the National Tax Service check digit (config.Settings validates it with pos_app.domain's rule, the
same one the key-in form uses for corporate cards), and shown grouped as 123-45-67891.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos_app.config import Settings, SettingsError

ERROR_STYLE = "color: #c62828;"
FIELDS = ("shop_name", "business_no", "shop_address", "shop_tel")


class ShopSection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShopSection")
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self.shop_name_edit = QLineEdit()
        self.shop_name_edit.setMaxLength(60)
        self.business_no_edit = QLineEdit()
        self.business_no_edit.setMaxLength(12)
        self.business_no_edit.setInputMask("")
        self.shop_address_edit = QLineEdit()
        self.shop_address_edit.setMaxLength(80)
        self.shop_tel_edit = QLineEdit()
        self.shop_tel_edit.setMaxLength(20)
        self.edits = {
            "shop_name": self.shop_name_edit,
            "business_no": self.business_no_edit,
            "shop_address": self.shop_address_edit,
            "shop_tel": self.shop_tel_edit,
        }
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key, edit in self.edits.items():
            label = QLabel()
            label.setBuddy(edit)
            self._labels[key] = label
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(edit)
            error = QLabel()
            error.setObjectName(f"{key}Error")
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.setVisible(False)
            column.addWidget(error)
            self._errors[key] = error
            form.addRow(label, box)
        self.business_no_edit.editingFinished.connect(self._on_business_no_left)
        self.retranslate()

    def retranslate(self) -> None:
        self._labels["shop_name"].setText(self.tr("상호"))
        self._labels["business_no"].setText(self.tr("사업자등록번호"))
        self._labels["shop_address"].setText(self.tr("주소"))
        self._labels["shop_tel"].setText(self.tr("전화번호"))
        self.business_no_edit.setPlaceholderText("123-45-67891")
        self.shop_tel_edit.setPlaceholderText("02-123-4567")

    def load(self, settings: Settings) -> None:
        self.shop_name_edit.setText(settings.shop_name)
        self.business_no_edit.setText(group_business_number(settings.business_no))
        self.shop_address_edit.setText(settings.shop_address)
        self.shop_tel_edit.setText(settings.shop_tel)
        self.clear_errors()

    def apply_to(self, settings: Settings) -> Settings:
        return settings.with_changes(
            shop_name=self.shop_name_edit.text().strip(),
            business_no=self.business_no_edit.text().strip(),
            shop_address=self.shop_address_edit.text().strip(),
            shop_tel=self.shop_tel_edit.text().strip(),
        )

    def check(self, settings: Settings, *, required: tuple[str, ...] = ()) -> bool:
        """Show at its field what is wrong with the shop lines of ``apply_to(settings)``; True when fine."""
        self.clear_errors()
        candidate = self.apply_to(settings)
        ok = True
        for key in required:
            if not getattr(candidate, key):
                self.show_error(key, self.tr("영수증에 인쇄되므로 꼭 입력하세요."))
                ok = False
        for key in FIELDS:
            try:
                Settings(**{key: getattr(candidate, key)}).validated()
            except SettingsError as error:
                if error.field == key:
                    self.show_error(key, QCoreApplication.translate("SettingsError", error.message))
                    ok = False
        return ok

    def show_error(self, key: str, text: str) -> bool:
        label = self._errors.get(key)
        if label is None:
            return False
        label.setText(text)
        label.setVisible(True)
        return True

    def error_text(self, key: str) -> str:
        label = self._errors.get(key)
        return "" if label is None or label.isHidden() else label.text()

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.setText("")
            label.setVisible(False)

    def _on_business_no_left(self) -> None:
        text = self.business_no_edit.text().strip()
        self._errors["business_no"].setVisible(False)
        if not text:
            return
        try:
            Settings(business_no=text).validated()
        except SettingsError as error:
            self.show_error("business_no", QCoreApplication.translate("SettingsError", error.message))
            return
        self.business_no_edit.setText(group_business_number(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def group_business_number(text: str) -> str:
    """123-45-67891 for ten digits typed in any grouping; anything else as typed."""
    digits = re.sub(r"[-\s]", "", text)
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    return text
