"""Anchors against cutting events off the end (or putting back an older copy of the file).

No link breaks when the last events are cut off, so the chain head — how many events, and the first
hex digits of the last MAC — is written down outside the database: printed on every Z report, and
appended to a small log next to the journal (``journal.sqlite3.anchors``, one line per anchor:
local time, event count, MAC hex, key id) at every day close, every passed check and every clean close.
``check`` compares a journal with its log: an anchor beyond the journal's last event means events are
missing; an anchor whose event has another MAC means history before it was rewritten.

Whoever can delete the log can hide a cut from the file alone; the printed Z reports still show it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ANCHOR_SUFFIX = ".anchors"
PREFIX_HEX = 8  # what is printed: enough for a person to compare by eye


@dataclass(frozen=True)
class Anchor:
    """The chain head at one moment."""

    count: int
    mac_hex: str
    kid: str = ""
    at: str = ""  # local time, ISO

    @property
    def text(self) -> str:
        """What the Z report prints, e.g. "기록 12,345건 · 7f3a9c1e"."""
        return f"기록 {self.count:,}건 · {self.mac_hex[:PREFIX_HEX]}"


@dataclass(frozen=True)
class AnchorCheck:
    """``problem`` is None when every anchor in the log is in the journal as written."""

    checked: int
    latest: Anchor | None
    problem: str | None = None


def log_path(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.name + ANCHOR_SUFFIX)


def head(conn: sqlite3.Connection) -> Anchor:
    row = conn.execute("SELECT id, m FROM events ORDER BY id DESC LIMIT 1").fetchone()
    kid = conn.execute("SELECT v FROM meta WHERE k = 'kid'").fetchone()
    if row is None:
        return Anchor(0, "", kid[0] if kid else "")
    return Anchor(int(row[0]), bytes(row[1]).hex(), kid[0] if kid else "")


def read_log(journal_path: Path) -> list[Anchor]:
    try:
        lines = log_path(journal_path).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, OSError, UnicodeDecodeError):
        return []
    out = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].isdigit():
            out.append(Anchor(int(parts[1]), parts[2], parts[3] if len(parts) > 3 else "", parts[0]))
    return out


def _last(journal_path: Path) -> Anchor | None:
    """The log's last anchor, reading only the end of the file (the log grows by a few lines a day)."""
    try:
        with log_path(journal_path).open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 512))
            tail = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    for line in reversed(tail):
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].isdigit():
            return Anchor(int(parts[1]), parts[2], parts[3] if len(parts) > 3 else "", parts[0])
    return None


def append_log(journal_path: Path, anchor: Anchor) -> Anchor:
    """Append ``anchor`` (stamped now) unless the log already ends with it; returns it stamped."""
    last = _last(journal_path)
    if last is not None and (last.count, last.mac_hex) == (anchor.count, anchor.mac_hex):
        return last
    stamped = Anchor(
        anchor.count, anchor.mac_hex, anchor.kid, datetime.now().astimezone().isoformat(timespec="seconds")
    )
    if anchor.count == 0:
        return stamped
    # appended, not synced: a line lost to a power cut only means an older anchor is the latest, and the
    # Z report must not wait for the disk
    with log_path(journal_path).open("a", encoding="utf-8") as handle:
        handle.write(f"{stamped.at}\t{stamped.count}\t{stamped.mac_hex}\t{stamped.kid}\n")
    return stamped


def check(conn: sqlite3.Connection, anchors: list[Anchor]) -> AnchorCheck:
    """Every anchor against the journal; the problem found at the latest anchor that fails."""
    if not anchors:
        return AnchorCheck(0, None)
    current = head(conn)
    problem = None
    for anchor in reversed(anchors):
        if anchor.count > current.count:
            problem = (
                f"{_when(anchor)} 기준점(기록 {anchor.count:,}건) 뒤의 기록 "
                f"{anchor.count - current.count:,}건이 없습니다: 끝이 잘렸거나 예전 사본으로 "
                "바뀌었습니다."
            )
            break
        row = conn.execute("SELECT m FROM events WHERE id = ?", (anchor.count,)).fetchone()
        if row is None or not bytes(row[0]).hex().startswith(anchor.mac_hex[:PREFIX_HEX]):
            problem = (
                f"{_when(anchor)} 기준점(기록 {anchor.count:,}건, {anchor.mac_hex[:PREFIX_HEX]})과 "
                "저널이 다릅니다: 그 앞의 기록이 다시 쓰였습니다."
            )
            break
    return AnchorCheck(len(anchors), anchors[-1], problem)


def _when(anchor: Anchor) -> str:
    return anchor.at.replace("T", " ")[:16] if anchor.at else "이전"
