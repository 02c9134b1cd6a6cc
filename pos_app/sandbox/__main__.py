"""Run the sandbox on its own: `python -m pos_app.sandbox --host 127.0.0.1 --port N [--state FILE]
[--live-channel] [--token-status 201]`.

Prints the base URL (with the port actually bound, so `--port 0` is usable) and the demo key/secret,
one `key: value` per line, flushed at once so a parent process can read them. Stops cleanly (exit 0)
on SIGTERM or Ctrl-C; with `--state` the ledger is in FILE and survives restarts.

`--live-channel` presents the KSNET channel as a live one (`sandbox: false` in `GET /users/pg` and on
every payment and billing key made through it), so a "real shop" configuration pointed at this server
(`POS_APP_PORTONE_BASE_URL`) behaves as on a real channel; without it the channel is a PortOne test
channel, as the embedded demo is. `--token-status 201` answers getToken with HTTP 201.
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
    parser.add_argument(
        "--state", type=Path, default=None, help="JSON file keeping the ledger across restarts"
    )
    parser.add_argument(
        "--live-channel",
        action="store_true",
        help="present the channel as a live one (sandbox: false) instead of a test channel",
    )
    parser.add_argument(
        "--token-status",
        type=int,
        choices=(200, 201),
        default=200,
        help="HTTP status of getToken replies (a public V1 test server uses 201)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    server = SandboxServer(
        host=args.host,
        port=args.port,
        state_file=args.state,
        live_channel=args.live_channel,
        token_http_status=args.token_status,
    )
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
    print(f"test_channel: {'true' if server.channel.test_channel else 'false'}")
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
