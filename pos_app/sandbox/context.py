"""What every sandbox handler needs: the store, the server's own URL and the demo channel's identity."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.sandbox.store import SandboxStore

DEMO_MID = "2999199999"  # the well-known KSNET test store id (API-NOTES §11)


@dataclass
class SandboxContext:
    store: SandboxStore
    base_url: str
    imp_key: str
    imp_secret: str
    channel_key: str
    mid: str = DEMO_MID

    @property
    def accepted_pgs(self) -> frozenset[str]:
        return frozenset({"ksnet", f"ksnet.{self.mid}"})
