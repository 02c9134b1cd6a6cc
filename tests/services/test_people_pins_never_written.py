"""PINs never appear anywhere the program writes: the journal file and its WAL, the logs (debug on), the
settings file, the anchor log and every export — searched as ASCII/UTF-8 and UTF-16 (both byte orders).

A day of people work runs through the services: the owner is created, people added, PINs changed (by the
owner and by a person themselves), sign-ins with right and wrong PINs up to a lockout, approvals with right
and wrong PINs, a refund approved on the spot, the role table, a settings change, the Z report; then every
file under the test's folder is read raw (an .xlsx is a zip: its members are read too) while the journal
is still open, so its WAL is there to be searched.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest
from people_support import CASHIER, MANAGER, OWNER, PINS, WRONG_PIN, set_up_shop, sign_in
from services_support import keyed_order

from pos_app.config import Settings
from pos_app.domain.people import Action, Role
from pos_app.journal import ActivityFilter, Journal
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.services.counter import AuditFilter, CounterServices
from pos_app.services.permissions import AccessRefused

NEW_PIN = "83620174"  # the cashier's PIN after changing it
RESET_PIN = "27506931"  # the PIN the owner gives the second cashier


def encodings(pin: str) -> list[bytes]:
    return [pin.encode("ascii"), pin.encode("utf-16-le"), pin.encode("utf-16-be")]


def files_under(folder: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[str(path)] = data
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{path}!{member}"] = archive.read(member)
    return found


def test_no_pin_in_any_file_or_log(
    services: CounterServices, journal: Journal, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    debug_log = tmp_path / "debug.log"
    handler = logging.FileHandler(debug_log, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logging.getLogger().addHandler(handler)
    try:
        shop = set_up_shop(services)
        services.people.set_pin(shop.cashier_2, RESET_PIN, RESET_PIN)
        services.people.set_rules({Action.DELETE_CARD: Role.OWNER}, idle_minutes=4)
        services.people.record_settings_change({"shop_name": "꽃집", "imp_secret": "●"}, keys=True)
        for _ in range(5):
            with pytest.raises(AccessRefused):
                services.people.sign_in("최점원", WRONG_PIN)
        sign_in(services, CASHIER)
        services.people.set_pin(shop.cashier, NEW_PIN, NEW_PIN, current_pin=PINS[CASHIER])
        sale = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 25_000))
        with pytest.raises(AccessRefused):
            services.people.approve(Action.REFUND, MANAGER, WRONG_PIN, sale.merchant_uid)
        approval = services.people.approve(Action.REFUND, MANAGER, PINS[MANAGER], sale.merchant_uid)
        services.cancel(sale.merchant_uid, 5_000, "일부 반품", approval=approval)
        sign_in(services, MANAGER)
        today = services._ctx.now().date()
        document = services.day_report_document(today, "꽃집")
        sign_in(services, OWNER)
        exports = tmp_path / "exports"
        exports.mkdir()
        for suffix in ("csv", "xlsx"):
            services.export_activity(ActivityFilter(), exports / f"history.{suffix}")
            services.export_audit(AuditFilter(), exports / f"audit.{suffix}")
            services.export_day_report(document, exports / f"z.{suffix}")
        Settings.load(tmp_path / "data").with_changes(shop_name="꽃집", operator=OWNER).save()
        journal.write_anchor()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()

    files = files_under(tmp_path)
    assert str(tmp_path / "journal.sqlite3-wal") in files  # the journal is open: its WAL is searched too
    assert any(name.endswith("audit.xlsx!xl/worksheets/sheet1.xml") for name in files)
    log_text = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records).encode(
        "utf-8"
    )
    assert b"PIN check" in log_text  # debug logging was on and the people service logged
    files["caplog"] = log_text
    pins = [*PINS.values(), NEW_PIN, RESET_PIN, WRONG_PIN]
    found = [
        (name, pin) for name, data in files.items() for pin in pins if any(n in data for n in encodings(pin))
    ]
    assert found == []


def test_the_scan_finds_a_pin_where_one_was_written(
    services: CounterServices, journal: Journal, tmp_path: Path
) -> None:
    """The control: the same scan over the same files does see digits that were written (here as a shop
    name, which is not a PIN field), in the WAL before a checkpoint and in an export."""
    set_up_shop(services)
    services.people.record_settings_change({"shop_name": f"꽃집 {PINS[MANAGER]}"})
    (tmp_path / "wide.txt").write_bytes(f"x{PINS[CASHIER]}".encode("utf-16-be"))
    files = files_under(tmp_path)
    assert any(encodings(PINS[MANAGER])[0] in data for name, data in files.items() if name.endswith("-wal"))
    assert encodings(PINS[CASHIER])[2] in files[str(tmp_path / "wide.txt")]
