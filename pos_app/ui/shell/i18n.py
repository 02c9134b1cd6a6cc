"""Language of the window: Korean is the source text of every string, English comes from a .qm file.

``resources/i18n/pos_app_en.ts`` is kept up to date by ``build_scripts/update_translations.py``
(pyside6-lupdate over pos_app/) and compiled to ``pos_app_en.qm`` by ``build_scripts/dev.py``. For Korean
no app translator is needed, but Qt's own ``qtbase_ko`` is installed so standard dialogs (file, print)
speak Korean too, and after it ``qt_supplement_ko`` (resources/i18n) with the few texts of those dialogs
that Qt renamed and its Korean catalogue never caught up with ("&Look in:", the file type "Folder" …).
Both are in the frozen bundle (build_scripts/bundle_policy keeps qtbase_ko; resources/ holds the rest).
Switching languages at run time removes the old translators and installs the new ones;
Qt then sends every widget a LanguageChange event and the widgets re-set their texts.

Amounts are always grouped the Korean way (``pos_app.ui.shell.formatting``); the default QLocale follows the
language for dates and numbers elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

Language = Literal["ko", "en"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = ("ko", "en")
QM_BASENAME = "pos_app"


def translations_dir() -> Path:
    """resources/i18n of the source tree, or of the PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources" / "i18n"
    return Path(__file__).resolve().parents[3] / "resources" / "i18n"


def locale_for(language: Language) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


class Translations:
    """Owns the translators installed on the application; one per application."""

    def __init__(self, app: QCoreApplication, search_dirs: list[Path] | None = None) -> None:
        self._app = app
        self._dirs = search_dirs if search_dirs is not None else [translations_dir()]
        self._installed: list[QTranslator] = []
        self.language: Language = "ko"
        self.missing: list[str] = []  # translation files that could not be loaded (shown in settings)

    def switch(self, language: Language) -> bool:
        """Install ``language``; False when its app translation file is missing (texts stay Korean)."""
        if language not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        self.missing.clear()
        QLocale.setDefault(locale_for(language))
        self.language = language
        ok = True
        if language != "ko":
            ok = self._install_app_translation(language)
        self._install_qt_translation(language)
        return ok

    def _install_app_translation(self, language: Language) -> bool:
        for folder in self._dirs:
            translator = QTranslator(self._app)
            if translator.load(f"{QM_BASENAME}_{language}", str(folder)):
                self._app.installTranslator(translator)
                self._installed.append(translator)
                return True
        self.missing.append(f"{QM_BASENAME}_{language}.qm")
        return False

    def _install_qt_translation(self, language: Language) -> None:
        if language == "en":
            return  # Qt's built-in texts are English already
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(self._app)
        if translator.load(locale_for(language), "qtbase", "_", qt_dir):
            self._app.installTranslator(translator)
            self._installed.append(translator)
        else:
            self.missing.append(f"qtbase_{language}.qm")
        # installed last, so it is asked first: it only holds texts qtbase lacks
        for folder in self._dirs:
            supplement = QTranslator(self._app)
            if supplement.load(f"qt_supplement_{language}", str(folder)):
                self._app.installTranslator(supplement)
                self._installed.append(supplement)
                return
