"""The bars at the top of the window that say which money is real: live, test channel, offline.

The sandbox has its red SANDBOX banner (main_window). A live configuration gets ``LiveBar``: dark green,
"실제 결제" with the PG and the MID (and the channel's name), so a cashier always sees which shop's money
moves; when PortOne says the channel is a *test* channel it turns amber with "테스트 채널 — 실제 돈이
움직이지 않습니다", and when PortOne no longer lists the channel it says so in red. ``OfflineBanner`` is
full-width red while money calls are refused (keys unreadable or missing, PortOne not answering), with
the reason and what still works (history, reprint, export); the window disables the money forms then.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

ChannelState = Literal["live", "test", "missing", "unchecked"]

_STYLES = {
    "live": "background: #1b5e20; color: white;",
    "unchecked": "background: #1b5e20; color: white;",
    "test": "background: #ffb300; color: black;",
    "missing": "background: #c62828; color: white;",
}
# centred through the style sheet: the Qt namespace is not imported on the way to the window on screen
_BASE = (
    "font-weight: bold; font-size: 14px; padding: 2px; border-radius: 3px; qproperty-alignment: AlignCenter;"
)


class LiveBar(QLabel):
    """Live configuration: PG, MID, channel; test channel and a channel PortOne lost said plainly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LiveBar")
        self.setWordWrap(True)
        self.setVisible(False)
        self.state: ChannelState = "unchecked"
        self._pg = ""
        self._channel_name = ""

    def show_channel(self, pg: str, channel_name: str, state: ChannelState) -> None:
        self._pg, self._channel_name, self.state = pg, channel_name, state
        self.setStyleSheet(f"QLabel#LiveBar {{ {_STYLES[state]} {_BASE} }}")
        self.retranslate()
        self.setVisible(True)

    def retranslate(self) -> None:
        provider, _, mid = self._pg.partition(".")
        where = QCoreApplication.translate("LiveBar", "{provider} · 상점아이디(MID) {mid}").format(
            provider=provider.upper(), mid=mid
        )
        if self._channel_name:
            where += f" · {self._channel_name}"
        if self.state == "test":
            text = QCoreApplication.translate(
                "LiveBar", "테스트 채널 — 실제 돈이 움직이지 않습니다 · {where}"
            ).format(where=where)
        elif self.state == "missing":
            text = QCoreApplication.translate(
                "LiveBar", "PortOne 채널 목록에 이 채널이 없습니다 — 설정에서 연결 테스트를 하세요 · {where}"
            ).format(where=where)
        else:
            text = QCoreApplication.translate("LiveBar", "실제 결제 · {where}").format(where=where)
        self.setText(text)


class OfflineBanner(QLabel):
    """Full-width red while no money call can be made, with the reason and what still works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OfflineBanner")
        self.setWordWrap(True)
        self.setStyleSheet(f"QLabel#OfflineBanner {{ background: #b71c1c; color: white; {_BASE} }}")
        self.setVisible(False)
        self.reason: str | None = None

    def show_reason(self, reason: str | None) -> None:
        """``reason``: Korean source text in the "ServiceError" context, None = online."""
        self.reason = reason
        self.retranslate()
        self.setVisible(reason is not None)

    def retranslate(self) -> None:
        if self.reason is None:
            self.setText("")
            return
        text = QCoreApplication.translate(
            "OfflineBanner", "오프라인 — 결제·취소·현금영수증을 할 수 없습니다. {reason}"
        ).format(reason=QCoreApplication.translate("ServiceError", self.reason))
        if "내보내기" not in self.reason:  # the keyring reasons already say what still works
            text += " " + QCoreApplication.translate("OfflineBanner", "거래내역·재출력·내보내기는 됩니다.")
        self.setText(text)
