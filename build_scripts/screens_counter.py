"""Render the counter screens (키인 결제, 단골 고객, 영수증 and their dialogs) in the states a cashier meets.

    xvfb-run -a .venv/bin/python build_scripts/screens_counter.py [--out DIR] [--lang ko|en] [--size 1024x768]

Builds the app as pos_app.app does, in sandbox mode in a temporary data folder, and drives it: the key-in
form empty, with errors, filled, while a charge is out, approved (card saved), declined, unknown after a
lost reply; the customers list, the card registration and the charge-again forms; the slip, the refund
form and its read-back, the cash receipt form. Each state is saved as a PNG (window or dialog) and the
slip as PDF at 80 mm, 58 mm and A4 (render those with ``pdftoppm -png``). Not run by the tests; PNGs are
not committed. Needs fonts-noto-cjk for Korean.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument("--size", default="1024x768")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from pos_app.app import _window_context, build_parts
    from pos_app.config import SecretStore, Settings
    from pos_app.sandbox.cards import APPROVE_CREDIT, APPROVE_SAMSUNG, DECLINE_LIMIT
    from pos_app.sandbox.faults import Fault
    from pos_app.ui.receipts.slip_paper import PAPERS
    from pos_app.ui.shell import dialogs
    from pos_app.ui.shell.i18n import Translations
    from pos_app.ui.shell.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    translations = Translations(app)
    translations.switch(args.lang)
    tag = f"{width}-{args.lang}"

    def pump(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(signal: Any, timeout_ms: int = 30_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def shot(widget: QWidget, name: str) -> None:
        pump()
        path = args.out / f"{name}-{tag}.png"
        widget.grab().save(str(path))
        print(path)

    def in_dialog(open_it: Callable[[], None], name: str, act: Callable[[Any], None] | None = None) -> None:
        """Open a dialog, optionally act in it, grab it, close it."""
        open_it()
        pump(300)
        dialog = QApplication.activeModalWidget() or QApplication.activeWindow()
        if dialog is None:
            return
        if act is not None:
            act(dialog)
        shot(dialog, name)
        dialog.close()
        pump()

    with tempfile.TemporaryDirectory(prefix="pos_app-counter-shots-") as tmp:
        settings = Settings.load(Path(tmp)).with_changes(
            shop_name="행복한 꽃집",
            business_no="123-45-67890",
            shop_address="서울시 중구 세종대로 110",
            shop_tel="02-123-4567",
            operator="김점원",
            language=args.lang,
        )
        fast = {"reconcile_poll_delays": (0.05, 0.05), "not_charged_after_s": 600}
        parts = build_parts(settings, SecretStore(), force_sandbox=True, service_overrides=fast)
        sandbox = parts.sandbox_server
        window = MainWindow(_window_context(parts, translations))
        window.resize(width, height)
        window.show()
        window.start()
        wait_for(window.reconciliation_finished)
        tab = window.keyin_tab
        expiry = f"12{(date.today().year + 3) % 100:02d}"

        def fill(card: str, amount: int, buyer: str, order: str) -> None:
            tab.amount_edit.set_value(amount)
            tab.order_name_edit.setText(order)
            tab.buyer_name_edit.setText(buyer)
            tab.buyer_tel_edit.set_digits("01012345678")
            tab.card_number_edit.set_digits(card)
            tab.expiry_edit.set_digits(expiry)

        def charge() -> None:
            dialogs.answer_next(True)
            tab.approve_button.click()
            wait_for(tab.charge_finished)
            window.tabs.setCurrentWidget(tab)

        shot(window, "01-keyin-empty")
        tab.approve_button.click()
        shot(window, "02-keyin-errors")
        tab.clear_errors()
        fill(APPROVE_SAMSUNG, 58_000, "홍길동", "꽃바구니 배송")
        tab.quota_combo.setCurrentIndex(2)
        tab.amount_edit.setFocus()
        shot(window, "03-keyin-filled")
        tab.amount_edit.set_value(8_000)
        tab.quota_reset_from = 3
        tab.update_quota_note()
        tab.birth_edit.setText("900101")
        tab.save_card_check.setChecked(True)
        shot(window, "04-keyin-quota-reset-save-card")
        tab.save_card_check.setChecked(False)
        tab.birth_edit.setText("")
        tab.amount_edit.set_value(25_000)

        sandbox.faults.add(Fault(kind="delay", path_prefix="/subscribe/payments/onetime", delay_ms=2500))
        dialogs.answer_next(True)
        tab.approve_button.click()
        pump(1800)
        shot(window, "05-keyin-sending")
        wait_for(tab.charge_finished)
        window.tabs.setCurrentWidget(tab)
        shot(window, "06-keyin-approved")

        fill(APPROVE_CREDIT, 33_000, "김단골", "화분")
        tab.birth_edit.setText("880214")
        tab.pwd_edit.setText("12")
        tab.save_card_check.setChecked(True)
        charge()
        shot(window, "07-keyin-approved-card-saved")

        fill(DECLINE_LIMIT, 30_000, "이영희", "화분")
        charge()
        shot(window, "08-keyin-declined")

        fill(APPROVE_CREDIT, 41_000, "박확인", "케이크")
        sandbox.faults.add(Fault(kind="http_504", path_prefix="/subscribe/payments/onetime", method="POST"))
        sandbox.faults.add(Fault(kind="http_500", path_prefix="/payments", method="GET", count=10_000))
        charge()
        shot(window, "09-keyin-unknown")
        tab.result_box.show_sending(["금액: 41,000원", "카드: 4518-42**-****-0007"])
        tab.result_box.set_checking_in_call()
        shot(window, "10-keyin-checking-in-call")
        sandbox.faults.clear()
        tab.result_box.check_button.click()
        wait_for(tab.charge_finished)
        window.tabs.setCurrentWidget(tab)

        window.tabs.setCurrentWidget(window.customers_tab)
        pump(600)
        shot(window, "11-customers")
        customers = window.customers_tab

        def fill_registration(dialog: Any) -> None:
            dialog.name_edit.setText("박단골")
            dialog.tel_edit.set_digits("01022223333")
            dialog.card_edit.set_digits(APPROVE_CREDIT)
            dialog.expiry_edit.set_digits(expiry)
            dialog.pwd_edit.setFocus()
            dialog.consent_check.setFocus()

        in_dialog(customers.register_button.click, "12-register-card", fill_registration)

        def fill_charge(dialog: Any) -> None:
            dialog.amount_edit.set_value(30_000)
            dialog.order_name_edit.setText("정기 꽃 배송")
            dialog.amount_edit.setFocus()

        if customers.table.rowCount():
            customers.table.selectRow(0)
            in_dialog(customers.charge_button.click, "13-charge-again", fill_charge)

        panel = window.receipt_panel
        last = tab.result_box.merchant_uid
        window.tabs.setCurrentWidget(panel)
        panel.show_transaction(last)
        wait_for(panel.slip_shown)
        shot(window, "14-receipt")
        for key in PAPERS:
            panel.save_pdf(args.out / f"slip-{key}-{tag}.pdf")

        def refund(dialog: Any) -> None:
            dialog.partial_radio.setChecked(True)
            dialog.amount_edit.set_value(10_000)
            dialog.reason_edit.setText("고객 요청 일부 환불")

        in_dialog(panel.cancel_button.click, "15-refund-form")

        def read_back(dialog: Any) -> None:
            refund(dialog)
            dialog.ok_button.click()

        in_dialog(panel.cancel_button.click, "16-refund-read-back", read_back)
        in_dialog(panel.receipt_issue_button.click, "17-cash-receipt")
        window.close()
        parts.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
