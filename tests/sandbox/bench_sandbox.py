"""Benchmark the sandbox: start time and requests per second under the soak workload.

    .venv/bin/python tests/sandbox/bench_sandbox.py [--requests 10000] [--workers 8]

Not collected by pytest (the name does not start with test_). Prints the in-process start time, the
standalone process's time to its printed URL, and the throughput of both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from soak_load import run_load
from standalone_process import StandaloneSandbox

from pos_app.sandbox.server import SandboxServer


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    started = time.perf_counter()
    server = SandboxServer()
    server.start()
    start_ms = (time.perf_counter() - started) * 1000
    try:
        result = run_load(server.base_url, args.requests, args.workers)
    finally:
        server.stop()
    print(
        f"in-process: started in {start_ms:.1f} ms; {result.requests} requests from {args.workers} threads "
        f"in {result.seconds:.1f} s = {result.per_second:.0f} requests/s; errors: {len(result.errors)}"
    )

    with StandaloneSandbox() as sandbox:
        result = run_load(sandbox.base_url, args.requests, args.workers)
        code, _out, _err = sandbox.stop()
    print(
        f"standalone: URL printed {sandbox.start_seconds * 1000:.0f} ms after launch "
        f"({sandbox.info['started_in_ms']} ms inside the process); {result.requests} requests in "
        f"{result.seconds:.1f} s = {result.per_second:.0f} requests/s; errors: {len(result.errors)}; "
        f"exit {code}"
    )
    return 0 if not result.errors and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
