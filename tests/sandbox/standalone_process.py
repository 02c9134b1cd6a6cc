"""Start `python -m pos_app.sandbox` as a child process and read the lines it prints."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[2]


class StandaloneSandbox:
    def __init__(self, *extra_args: str) -> None:
        self.args = [
            sys.executable,
            "-m",
            "pos_app.sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            *extra_args,
        ]
        self.proc: subprocess.Popen[str] | None = None
        self.info: dict[str, str] = {}
        self.start_seconds = 0.0

    def __enter__(self) -> StandaloneSandbox:
        started = time.perf_counter()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            self.args,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        out = self._stdout()
        while "started_in_ms" not in self.info:
            line = out.readline()
            if not line:
                code = self.proc.wait()
                error = self._stderr().read()
                self.__exit__()
                raise RuntimeError(f"sandbox exited early with {code}: {error}")
            if ": " in line:
                key, value = line.rstrip("\n").split(": ", 1)
                self.info[key] = value
            if "base_url" in self.info and not self.start_seconds:
                self.start_seconds = time.perf_counter() - started
        return self

    def _stdout(self) -> IO[str]:
        assert self.proc is not None
        assert self.proc.stdout is not None
        return self.proc.stdout

    def _stderr(self) -> IO[str]:
        assert self.proc is not None
        assert self.proc.stderr is not None
        return self.proc.stderr

    @property
    def base_url(self) -> str:
        return self.info["base_url"]

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 20) -> tuple[int, str, str]:
        """Send the signal, wait for the exit, and return (exit code, rest of stdout, stderr)."""
        assert self.proc is not None
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate(timeout=20)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
