"""One running counter per data folder: a lock file in the folder, refused to a second instance.

Two processes on one journal would each run a settlement engine that believes it alone owns the open
operations, each look up and close the same rows, and each print a Z report from a journal the other is
writing. So ``run_window`` takes ``<data dir>/pos_app.lock`` (``QLockFile``: created exclusively, holding
the process id and host) before anything opens the journal; a second instance on the same folder is told
plainly which program holds it and ends. A lock left by a process that died (power cut, killed task) is
stale — its process id is no longer running on this host — and is taken over at once; a lock of a process
that is alive is never broken, however old. Two counters with two data folders never meet here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile

LOCK_NAME = "pos_app.lock"


@dataclass(frozen=True)
class Holder:
    """Who holds the folder's lock, as far as the lock file says."""

    pid: int
    host: str


class InstanceLock:
    """The data folder's lock; ``acquire`` once, ``release`` at the end (idempotent)."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / LOCK_NAME
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # age never makes a live holder's lock stale; a dead pid does

    def acquire(self) -> Holder | None:
        """Take the lock; None when taken, else the holder that keeps it."""
        if self._lock.tryLock(0):
            return None
        info = self._lock.getLockInfo()  # (pid, host, app); pid 0 when the file could not be read
        return Holder(int(info[0]), str(info[1]))

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def refusal_text(data_dir: Path, holder: Holder) -> str:
    """What the cashier reads when the folder is already in use."""
    text = QCoreApplication.translate(
        "InstanceLock",
        "이 계산대 프로그램이 이미 실행 중입니다 (프로세스 {pid}). "
        "같은 데이터 폴더({folder})를 두 프로그램이 함께 쓰면 결제 기록이 엉킬 수 있어 "
        "이 창은 열지 않습니다. 이미 열린 창을 사용하세요.",
    )
    return text.replace("{pid}", str(holder.pid) if holder.pid else "?").replace("{folder}", str(data_dir))
