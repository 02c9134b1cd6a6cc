"""Render every tab of the counter window at 1280x800 to PNG so a person can look at them (not run by CI).

    xvfb-run -a .venv/bin/python build_scripts/screenshots.py [--out screenshots] [--lang ko|en]

Builds the app as pos_app.app does, in sandbox mode in a temporary data folder, makes a few sandbox sales
through the key-in tab so history and receipt have something to show, then saves: each tab, the key-in
tab with a filled form, with inline errors, and with an approval result. Needs fonts-noto-cjk for Korean.
PNGs are not committed (.gitignore).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pos_app.app import _window_context, build_parts
    from pos_app.config import SecretStore, Settings
    from pos_app.sandbox.cards import APPROVE_CREDIT, APPROVE_SAMSUNG, DECLINE_LIMIT
    from pos_app.ui.shell import dialogs
    from pos_app.ui.shell.i18n import Translations
    from pos_app.ui.shell.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    translations = Translations(app)
    translations.switch(args.lang)

    def pump(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(signal: object, timeout_ms: int = 30_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]

    def shot(window: MainWindow, name: str) -> None:
        pump()
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(path)

    with tempfile.TemporaryDirectory(prefix="pos_app-shots-") as tmp:
        settings = Settings.load(Path(tmp)).with_changes(
            shop_name="행복한 꽃집",
            business_no="123-45-67891",
            shop_address="서울시 중구 세종대로 110",
            shop_tel="02-123-4567",
            operator="김점원",
            language=args.lang,
        )
        parts = build_parts(settings, SecretStore(), force_sandbox=True)
        window = MainWindow(_window_context(parts, translations))
        window.resize(1280, 800)
        window.show()
        window.start()
        wait_for(window.reconciliation_finished)
        tab = window.keyin_tab
        expiry = f"12{(date.today().year + 3) % 100:02d}"

        def fill(card: str, amount: int, buyer: str, order: str) -> None:
            tab.amount_edit.set_value(amount)
            tab.order_name_edit.setText(order)
            tab.buyer_name_edit.setText(buyer)
            tab.buyer_tel_edit.setText("010-1234-5678")
            tab.card_number_edit.set_digits(card)
            tab.expiry_edit.set_digits(expiry)

        shot(window, "01-keyin-empty")
        tab.approve_button.click()
        shot(window, "02-keyin-errors")
        tab.clear_errors()
        fill(APPROVE_SAMSUNG, 58_000, "홍길동", "꽃바구니 배송")
        tab.birth_edit.setText("900101")
        tab.pwd_edit.setText("12")
        tab.quota_combo.setCurrentIndex(2)
        shot(window, "03-keyin-filled")
        for card, amount, buyer, order in (
            (DECLINE_LIMIT, 30_000, "이영희", "화분"),
            (APPROVE_CREDIT, 12_000, "홍길동", "장미 한 다발"),
        ):
            fill(card, amount, buyer, order)
            dialogs.answer_next(True)
            tab.approve_button.click()
            wait_for(tab.charge_finished)
            if card == DECLINE_LIMIT:
                shot(window, "04-keyin-declined")
        window.tabs.setCurrentWidget(tab)
        shot(window, "05-keyin-approved")
        for index, name in ((1, "06-customers"), (2, "07-receipt"), (3, "08-history"), (4, "09-settings")):
            window.tabs.setCurrentIndex(index)
            pump(400)
            shot(window, name)
        window.close()
        parts.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
