"""Run the sandbox on its own: `python -m pos_app.sandbox --host 127.0.0.1 --port N [--state FILE]`.

Prints the base URL (with the port actually bound, so `--port 0` is usable) and the demo key/secret,
one `key: value` per line, flushed at once so a parent process can read them. Stops cleanly (exit 0)
on SIGTERM or Ctrl-C; with `--state` the ledger is in FILE and survives restarts.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG, SandboxServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos_app.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--state", type=Path, default=None,
                        help="JSON file keeping the ledger across restarts")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    server = SandboxServer(host=args.host, port=args.port, state_file=args.state)
    server.start()
    stop_requested = threading.Event()

    def _request_stop(signum: int, _frame: FrameType | None) -> None:
        stop_requested.set()

    signal.signal(signal.SIGTERM, _request_stop)
    signal.signal(signal.SIGINT, _request_stop)
    print(f"base_url: {server.base_url}", flush=True)
    print(f"port: {server.port}")
    print(f"imp_key: {server.imp_key}")
    print(f"imp_secret: {server.imp_secret}")
    print(f"pg: {DEMO_PG}")
    print(f"channel_key: {DEMO_CHANNEL_KEY}")
    print(f"started_in_ms: {(time.perf_counter() - started) * 1000:.1f}")
    print("PortOne V1 sandbox — no real money moves. Stop with Ctrl-C or SIGTERM.", flush=True)
    try:
        # Wake now and then so the signal handler gets to run on every platform.
        while not stop_requested.wait(0.5):
            pass
    finally:
        server.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
