"""The unkeyed sha256 chain of journal formats 1–3, kept only to check an old file before it is upgraded.

hash = sha256(prev_hash + ``[id, ts, kind, ref, payload, operator, counter_id]`` as compact JSON), the
first event linking to 64 zeros. Anyone could recompute it, which is why format 4 seals with a key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from pos_app.journal.records import ChainReport

GENESIS = "0" * 64


def canonical_payload(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(
    prev_hash: str,
    event_id: int,
    ts: float,
    kind: str,
    ref: str,
    payload_json: str,
    operator: str,
    counter_id: str,
) -> str:
    content = json.dumps(
        [event_id, ts, kind, ref, payload_json, operator, counter_id],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8", "surrogatepass")).hexdigest()


def verify_rows(rows: Iterable[Mapping[str, Any]], high_water_id: int | None) -> ChainReport:
    """Walk old events in id order; report the first row whose prev_hash or own hash does not hold."""
    prev = GENESIS
    checked = 0
    last_id = 0
    for row in rows:
        row_id = int(row["id"])
        if row["prev_hash"] != prev:
            return ChainReport(False, checked, row_id, "prev_hash does not link")
        expected = event_hash(
            prev,
            row_id,
            float(row["ts"]),
            str(row["kind"]),
            str(row["ref"]),
            str(row["payload"]),
            str(row["operator"]),
            str(row["counter_id"]),
        )
        if row["hash"] != expected:
            return ChainReport(False, checked, row_id, "hash does not match")
        prev = expected
        last_id = row_id
        checked += 1
    if high_water_id is not None and high_water_id > last_id:
        return ChainReport(False, checked, last_id + 1, "events cut off the end")
    return ChainReport(True, checked)
