"""The hash chain over the append-only ``events`` table: how a row's hash is made and how it is checked.

hash = sha256(prev_hash + canonical content), canonical content being the compact JSON array
``[id, ts, kind, ref, payload, operator, counter_id]`` (payload is itself stored as canonical JSON:
sorted keys, no spaces, UTF-8). The first event links to ``GENESIS``. Editing, inserting or deleting a
row in the middle breaks the link of the row after it; cutting rows off the end is caught by comparing
the last id with SQLite's AUTOINCREMENT high-water mark.
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
    prev_hash: str, event_id: int, ts: float, kind: str, ref: str, payload_json: str, operator: str,
    counter_id: str,
) -> str:
    content = json.dumps(
        [event_id, ts, kind, ref, payload_json, operator, counter_id], ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def verify_rows(rows: Iterable[Mapping[str, Any]], high_water_id: int | None) -> ChainReport:
    """Walk events in id order; report the first row whose prev_hash or own hash does not hold."""
    prev = GENESIS
    checked = 0
    last_id = 0
    for row in rows:
        row_id = int(row["id"])
        if row["prev_hash"] != prev:
            return ChainReport(False, checked, row_id, "이전 기록과의 연결(prev_hash)이 맞지 않습니다: "
                               "앞의 기록이 지워졌거나 바뀌었습니다.")
        expected = event_hash(
            prev, row_id, float(row["ts"]), str(row["kind"]), str(row["ref"]), str(row["payload"]),
            str(row["operator"]), str(row["counter_id"]),
        )
        if row["hash"] != expected:
            return ChainReport(False, checked, row_id,
                               "기록 내용이 저장된 해시와 다릅니다: 기록이 바뀌었습니다.")
        prev = expected
        last_id = row_id
        checked += 1
    if high_water_id is not None and high_water_id > last_id:
        return ChainReport(False, checked, last_id + 1, "마지막 기록 뒤의 기록들이 지워졌습니다.")
    return ChainReport(True, checked)
