"""What every sandbox handler needs: the store, the server's own URL, the channel and the options.

The sandbox has one PG channel: KSNET in API (key-in) mode with the demo MID and channel key. It is a
PortOne *test* channel (``sandbox: true``) unless the server is started as a live one
(``--live-channel``): then it stands in for a shop's real channel and its payments carry
``sandbox: false``. Payments and billing keys keep the flag of the channel they were made through, so
switching the channel later does not rewrite history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pos_app.sandbox.store import SandboxStore

DEMO_MID = "2999199999"  # the well-known KSNET test store id (API-NOTES §11)
DEFAULT_LATE_APPROVAL_DELAY_S = 300.0  # later than the services' 180 s "not charged" window
LateVisibility = Literal["absent", "ready"]


@dataclass
class Channel:
    """The sandbox's KSNET key-in channel as ``GET /users/pg`` shows it."""

    channel_key: str
    mid: str = DEMO_MID
    test_channel: bool = True  # the PgSetting's (and its payments') ``sandbox`` flag
    name: str = "KSNET 키인결제"


@dataclass
class LateApprovals:
    """How a PG-timeout card's hidden truth plays out (``late.py``).

    ``delay_s``: seconds of sandbox time after the request until the card company's answer lands (None:
    only when told through the admin API). ``visible_before``: what lookups show until then — nothing
    (``absent``: 404, as if PortOne never recorded the attempt) or a ``ready`` payment.
    """

    delay_s: float | None = DEFAULT_LATE_APPROVAL_DELAY_S
    visible_before: LateVisibility = "absent"


@dataclass
class SandboxContext:
    store: SandboxStore
    base_url: str
    imp_key: str
    imp_secret: str
    channel: Channel
    late: LateApprovals = field(default_factory=LateApprovals)
    token_http_status: int = 200  # a public V1 test server answers getToken with 201

    @property
    def channel_key(self) -> str:
        return self.channel.channel_key

    @property
    def mid(self) -> str:
        return self.channel.mid
