"""Property: whatever single change is made to a chain of events, the verifier names the changed row
(or, for a row removed, the row after it) and nothing earlier."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.journal.chain import GENESIS, canonical_payload, event_hash, verify_rows

FIELDS = ("ts", "kind", "ref", "payload", "operator", "counter_id", "prev_hash", "hash")


def build(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    prev = GENESIS
    for i, payload in enumerate(payloads, start=1):
        body = canonical_payload(payload)
        digest = event_hash(prev, i, 1000.0 + i, "sale_intent", f"M-{i}", body, "김점원", "C01")
        rows.append({"id": i, "ts": 1000.0 + i, "kind": "sale_intent", "ref": f"M-{i}", "payload": body,
                     "operator": "김점원", "counter_id": "C01", "prev_hash": prev, "hash": digest})
        prev = digest
    return rows


payload_values = st.one_of(st.integers(-10**9, 10**9), st.text(max_size=12), st.none(), st.booleans())
payloads = st.lists(st.dictionaries(st.text(min_size=1, max_size=6), payload_values, max_size=4),
                    min_size=1, max_size=15)


@settings(max_examples=40, deadline=None)
@given(payloads)
def test_untouched_chain_verifies(items: list[dict[str, Any]]) -> None:
    report = verify_rows(build(items), high_water_id=len(items))
    assert report.ok
    assert report.checked == len(items)


@settings(max_examples=120, deadline=None)
@given(payloads, st.data())
def test_any_single_edit_is_found_at_its_row(items: list[dict[str, Any]], data: st.DataObject) -> None:
    rows = build(items)
    index = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from(FIELDS))
    original = rows[index][field]
    if field == "ts":
        changed: Any = original + data.draw(st.sampled_from([0.001, 1.0, -1.0, 3600.0]))
    else:
        suffix = data.draw(st.text(min_size=1, max_size=3))
        changed = str(original)[:-1] + suffix if data.draw(st.booleans()) else str(original) + suffix
    if changed == original:
        return
    rows[index] = {**rows[index], field: changed}
    report = verify_rows(rows, high_water_id=len(rows))
    assert not report.ok
    assert report.first_broken_id == index + 1
    assert report.checked == index


@settings(max_examples=40, deadline=None)
@given(payloads, st.data())
def test_a_removed_row_is_found_at_the_next_one(items: list[dict[str, Any]], data: st.DataObject) -> None:
    rows = build(items)
    index = data.draw(st.integers(0, len(rows) - 1))
    del rows[index]
    report = verify_rows(rows, high_water_id=len(items))
    assert not report.ok
    # a row removed from the middle breaks the next link; the last one removed is caught by the
    # high-water mark
    expected = index + 2 if index < len(items) - 1 else index + 1
    assert report.first_broken_id == expected
