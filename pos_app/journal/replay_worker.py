"""One share of a full check split over processes: ``python -m pos_app.journal.replay_worker``.

The parent (``checks.full_check`` with ``workers`` > 1, never in the frozen app) starts one of these per
share with the same interpreter and writes the request to its standard input — the journal's path, the
share (a range of event and group ids) and the sealing keys (on a pipe between our own processes, never
on the command line) — and reads the result as JSON from its standard output: rows compared, the first
difference, why the replay failed, and the walk of the chain over the share.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pos_app.journal.chain import ChainWalk, KeyStretch
from pos_app.journal.replay import Difference, replay_share


def walk_to_json(walk: ChainWalk) -> dict[str, Any]:
    return {
        "checked": walk.checked,
        "head_id": walk.head_id,
        "head_mac": walk.head_mac.hex(),
        "first_broken_id": walk.first_broken_id,
        "reason": walk.reason,
        "stopped": walk.stopped,
        "stretches": [[s.kid, s.first, s.last, s.first_ts, s.checked, s.why] for s in walk.stretches],
    }


def walk_from_json(data: dict[str, Any]) -> ChainWalk:
    return ChainWalk(
        checked=int(data["checked"]),
        head_id=int(data["head_id"]),
        head_mac=bytes.fromhex(data["head_mac"]),
        first_broken_id=data["first_broken_id"],
        reason=data["reason"],
        stopped=bool(data["stopped"]),
        stretches=[
            KeyStretch(str(k), int(f), int(la), float(t), bool(c), w)
            for k, f, la, t, c, w in data["stretches"]
        ],
    )


def main() -> int:
    request = json.loads(sys.stdin.read())
    keys = {kid: bytes.fromhex(secret) if secret else None for kid, secret in request["keys"].items()}
    counts, difference, error, walk = replay_share(request["path"], tuple(request["share"]), keys)
    json.dump(
        {
            "counts": counts,
            "error": error,
            "walk": walk_to_json(walk),
            "difference": [difference.table, difference.key, difference.text] if difference else None,
        },
        sys.stdout,
        ensure_ascii=False,
    )
    return 0


def result_from_json(data: dict[str, Any]) -> tuple[dict[str, int], Difference | None, str | None, ChainWalk]:
    found = data["difference"]
    return (
        {str(k): int(v) for k, v in data["counts"].items()},
        Difference(*found) if found else None,
        data["error"],
        walk_from_json(data["walk"]),
    )


if __name__ == "__main__":
    raise SystemExit(main())
