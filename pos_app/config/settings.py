"""The counter's settings: declared once as a dataclass, stored as JSON in the data folder.

Never holds secrets (the PortOne key and secret live in the keyring, see ``secrets``). ``data_dir`` is not
stored in the file: it is the folder the file was loaded from, so a copied data folder keeps working.
Loading is forgiving because a counter must open even with a damaged file: unknown keys are ignored, a
value of the wrong type falls back to its default, and an unreadable file is kept aside as
``settings.json.broken-<time>`` rather than overwritten. Saving validates first and replaces the file
atomically. Validation messages are Korean source text for Qt translation (context "SettingsError").

The channel: ``pg`` ("ksnet.{MID}"), ``channel_key``, ``channel_name`` and ``channel_test`` are what the
owner picked from PortOne's own list of the account's channels (``GET /users/pg``, first-run setup or
설정), never typed: ``channel_test`` is PortOne's word that the channel is a *test* channel at the time
it was picked (the window checks it again at every start). A PG and a channel key come together or not
at all. The business number, printed on slips, must pass the National Tax Service check digit (the rule
the key-in form uses, ``pos_app.domain.business_number``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

SETTINGS_FILE_NAME = "settings.json"

Language = Literal["ko", "en"]
TaxFreeMode = Literal["taxable", "tax_free"]
ProductTypeSetting = Literal["real", "digital"]
SlipPaper = Literal["80mm", "58mm", "A4"]  # the receipt printer's roll width, or an office printer
SLIP_PAPERS: tuple[SlipPaper, ...] = ("80mm", "58mm", "A4")

_PG_PATTERN = re.compile(r"^ksnet\.[A-Za-z0-9_-]{1,40}$")
_COUNTER_ID_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,12}$")  # as domain.uids.is_valid_counter_id
# the schema allows 55 characters wherever a channel key is sent; PortOne makes them, letters, digits and -
_CHANNEL_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{0,55}$")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks text for pyside6-lupdate; the UI translates it (context "SettingsError")."""
    return text


_MSG_PG = QT_TRANSLATE_NOOP("SettingsError", "PG는 ksnet.MID 형식입니다 (예: ksnet.2999199999).")
_MSG_CHANNEL_KEY = QT_TRANSLATE_NOOP(
    "SettingsError", "채널 키는 영문, 숫자, -, _ 로 55자까지입니다. PortOne 콘솔의 채널 정보에서 복사하세요."
)
_MSG_CHANNEL_PAIR = QT_TRANSLATE_NOOP(
    "SettingsError", "PG와 채널 키는 함께 정합니다. PortOne의 채널 목록에서 KSNET 키인 채널을 고르세요."
)
_MSG_CHANNEL_NAME = QT_TRANSLATE_NOOP("SettingsError", "채널 이름은 80자까지입니다.")
_MSG_COUNTER_ID = QT_TRANSLATE_NOOP("SettingsError", "계산대 ID는 영문, 숫자, _ 로 1–12자입니다.")
_MSG_LANGUAGE = QT_TRANSLATE_NOOP("SettingsError", "지원하지 않는 언어입니다.")
_MSG_PRODUCT_TYPE = QT_TRANSLATE_NOOP("SettingsError", "상품 유형은 실물 또는 디지털입니다.")
_MSG_TAX_MODE = QT_TRANSLATE_NOOP("SettingsError", "과세 방식은 과세 또는 면세입니다.")
_MSG_DUPLICATE_WINDOW = QT_TRANSLATE_NOOP("SettingsError", "중복 확인 시간은 0초에서 86400초 사이입니다.")
_MSG_BUSINESS_NO = QT_TRANSLATE_NOOP(
    "SettingsError",
    "사업자등록번호가 올바르지 않습니다 (숫자 10자리, 마지막 자리 검증번호). 사업자등록증을 확인하세요.",
)
_MSG_SHOP_TEXT = QT_TRANSLATE_NOOP("SettingsError", "80자까지 입력할 수 있습니다.")
_MSG_OPERATOR = QT_TRANSLATE_NOOP("SettingsError", "담당자 이름은 40자까지입니다.")
_MSG_SHOP_NAME = QT_TRANSLATE_NOOP("SettingsError", "상호는 60자까지입니다.")
_MSG_SLIP_PAPER = QT_TRANSLATE_NOOP("SettingsError", "전표 용지는 80mm, 58mm 또는 A4입니다.")


class SettingsError(ValueError):
    """A setting the owner typed cannot be used; ``field`` names it, ``message`` is Korean source text."""

    def __init__(self, field_name: str, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.field = field_name
        self.message = message
        self.params: dict[str, object] = dict(params)


@dataclass(frozen=True)
class Settings:
    shop_name: str = ""
    business_no: str = ""
    shop_address: str = ""
    shop_tel: str = ""
    operator: str = ""
    counter_id: str = "C01"
    language: Language = "ko"
    pg: str = ""  # "ksnet.{MID}"; empty = not configured (sandbox mode uses its demo PG)
    channel_key: str = ""
    channel_name: str = ""  # as PortOne's channel list names it
    channel_test: bool = False  # PortOne said the chosen channel is a test channel (no money moves)
    setup_dismissed: bool = False  # the owner chose "나중에" in the first-run setup
    default_product_type: ProductTypeSetting = "real"
    default_tax_free_mode: TaxFreeMode = "taxable"
    duplicate_window_s: int = 600
    slip_paper: SlipPaper = "80mm"
    data_dir: Path = field(default_factory=Path, compare=False)

    # -- validation -------------------------------------------------------------------------------------
    def validated(self) -> Settings:
        """Return self when every value is usable, else raise SettingsError for the first bad one."""
        checks: tuple[tuple[str, bool, str], ...] = (
            ("pg", not self.pg or bool(_PG_PATTERN.match(self.pg)), _MSG_PG),
            ("channel_key", bool(_CHANNEL_KEY_PATTERN.match(self.channel_key)), _MSG_CHANNEL_KEY),
            ("channel_key", bool(self.pg) == bool(self.channel_key), _MSG_CHANNEL_PAIR),
            ("channel_name", len(self.channel_name) <= 80, _MSG_CHANNEL_NAME),
            ("counter_id", bool(_COUNTER_ID_PATTERN.match(self.counter_id)), _MSG_COUNTER_ID),
            ("language", self.language in ("ko", "en"), _MSG_LANGUAGE),
            ("default_product_type", self.default_product_type in ("real", "digital"), _MSG_PRODUCT_TYPE),
            ("default_tax_free_mode", self.default_tax_free_mode in ("taxable", "tax_free"), _MSG_TAX_MODE),
            ("duplicate_window_s", 0 <= self.duplicate_window_s <= 86_400, _MSG_DUPLICATE_WINDOW),
            ("business_no", _is_business_no_or_empty(self.business_no), _MSG_BUSINESS_NO),
            ("operator", len(self.operator) <= 40, _MSG_OPERATOR),
            ("shop_name", len(self.shop_name) <= 60, _MSG_SHOP_NAME),
            ("shop_address", len(self.shop_address) <= 80, _MSG_SHOP_TEXT),
            ("shop_tel", len(self.shop_tel) <= 80, _MSG_SHOP_TEXT),
            ("slip_paper", self.slip_paper in SLIP_PAPERS, _MSG_SLIP_PAPER),
        )
        for field_name, ok, message in checks:
            if not ok:
                raise SettingsError(field_name, message)
        return self

    # -- storage ----------------------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        """Read settings.json from ``data_dir``; a missing file gives the defaults."""
        path = data_dir / SETTINGS_FILE_NAME
        defaults = cls(data_dir=data_dir)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return defaults
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            _keep_broken_file(path)
            return defaults
        if not isinstance(raw, dict):
            _keep_broken_file(path)
            return defaults
        return _from_mapping(raw, defaults)

    def save(self) -> None:
        """Validate, then replace settings.json atomically (write, fsync, rename)."""
        self.validated()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        payload = {k: v for k, v in asdict(self).items() if k != "data_dir"}
        path = self.data_dir / SETTINGS_FILE_NAME
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    # -- derived ----------------------------------------------------------------------------------------
    @property
    def mid(self) -> str:
        """The KSNET shop id (MID) of the configured channel; empty when none is configured."""
        return self.pg.partition(".")[2]

    @property
    def live_channel_configured(self) -> bool:
        """A channel for real payments was set up (the app then never falls back to the sandbox)."""
        return bool(self.pg or self.channel_key)


def _from_mapping(raw: dict[str, Any], defaults: Settings) -> Settings:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name == "data_dir" or f.name not in raw:
            continue
        default = getattr(defaults, f.name)
        value = raw[f.name]
        # bool is an int in Python; a stray true must not become a 1-second window
        if isinstance(default, bool):
            if isinstance(value, bool):
                values[f.name] = value
        elif isinstance(default, int):
            if isinstance(value, int) and not isinstance(value, bool):
                values[f.name] = value
        elif isinstance(default, str) and isinstance(value, str):
            values[f.name] = value
    candidate = replace(defaults, **values)
    try:
        return candidate.validated()
    except SettingsError as exc:
        # keep every good value, reset only the one that is unusable
        return _from_mapping({k: v for k, v in raw.items() if k != exc.field}, defaults)


def _is_business_no_or_empty(text: str) -> bool:
    # imported here: the window imports config before it is on screen, and the domain package is not small
    from pos_app.domain.business_number import is_valid_business_number

    return not text or is_valid_business_number(re.sub(r"[-\s]", "", text))


def _keep_broken_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.rename(path.with_name(f"{path.name}.broken-{int(time.time())}"))
