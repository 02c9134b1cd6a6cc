"""Replay: build the state tables from the events alone and compare them with the stored tables.

``replay_all`` runs ``projection.apply`` over every event into a ``MemState``; ``compare_all`` walks each
stored table in key order next to the replayed rows and names the first difference by the thing a person
knows (the sale's merchant_uid, the cancel, the customer, the receipt). ``replay_groups`` does the same for
a few groups only — every event of each sale, customer or receipt that changed since the last check, with
the writer in force at each event — which is what start-up runs, so a three-year journal opens in the
time of one day's events. Both stop early when ``should_stop()`` says so (closing the window).
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_app.journal.chain import GENESIS, ChainWalk, ChainWalker
from pos_app.journal.codec import decode
from pos_app.journal.projection import Event, ReplayError
from pos_app.journal.projection_cards_receipts import apply
from pos_app.journal.state import TABLES, MemState, Share, table_rows

NAMES = {
    "sales": "판매",
    "cancels": "취소",
    "customers": "등록 카드 고객",
    "receipts": "현금영수증",
    "operations": "작업",
    "meta": "저널 정보",
    "plans": "정기결제",
    "plan_payments": "정기결제 회차",
    "people": "사람",
    "audit": "감사 기록",
    "policy": "권한 표",
}


class Stopped(Exception):
    """``should_stop`` asked the replay to end (the window is closing)."""


@dataclass(frozen=True)
class Difference:
    """The first place where the stored tables and the replay disagree, in words for the owner."""

    table: str
    key: str
    text: str


def _events(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> Iterable[Event]:
    cursor = conn.execute(sql, tuple(params))
    while batch := cursor.fetchmany(4096):
        for event_id, ts, kind, group, body in batch:
            yield Event(event_id, ts, kind, group, decode(body))


def replay_all(
    conn: sqlite3.Connection, should_stop: Callable[[], bool] | None = None, share: Share | None = None
) -> MemState:
    """Every event applied in order — or, with ``share``, the events of the groups in that range and the
    journal's own events (groups are independent, so shares can run in parallel); ReplayError at the
    first that cannot be applied, Stopped when asked."""
    with _no_cyclic_gc():
        return _replay(conn, should_stop, share)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    # a replay makes millions of small dicts and no cycles: left on, the cyclic collector walks them
    # all again and again (minutes on a 1,000,000-sale journal)
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _replay(
    conn: sqlite3.Connection, should_stop: Callable[[], bool] | None, share: Share | None
) -> MemState:
    state = MemState()
    sql = "SELECT id, ts, k, g, b FROM events ORDER BY id"
    params: tuple[int, ...] = ()
    if share is not None:
        sql = (
            "SELECT id, ts, k, g, b FROM events WHERE k IN ('G', 'K', 'W') "
            "OR (coalesce(g, id) >= ?1 AND coalesce(g, id) < ?2) ORDER BY id"
        )
        params = share
    for count, event in enumerate(_events(conn, sql, params)):
        if should_stop is not None and count % 8192 == 0 and should_stop():
            raise Stopped
        apply(state, event)
    return state


def _describe(table: str, key: str, row: dict[str, Any] | None) -> str:
    name = NAMES.get(table, table)
    if table == "cancels" and row is not None:
        return f"{name} {key} (판매 {row.get('merchant_uid')})"
    return f"{name} {key}"


def _diff_text(table: str, key: str, stored: dict[str, Any] | None, replayed: dict[str, Any] | None) -> str:
    if stored is None:
        return f"{_describe(table, key, replayed)}: 기록(이벤트)에는 있는데 표에서 지워졌습니다."
    if replayed is None:
        return f"{_describe(table, key, stored)}: 표에만 있고 기록(이벤트)에는 없습니다."
    changed = [c for c in TABLES[table][1] if stored.get(c) != replayed.get(c)]
    parts = ", ".join(f"{c} 표={stored.get(c)!r} 기록={replayed.get(c)!r}" for c in changed[:3])
    return f"{_describe(table, key, stored)}: 표가 기록(이벤트)과 다릅니다 — {parts}"


def compare_table(
    conn: sqlite3.Connection, table: str, replayed: dict[str, dict[str, Any]], share: Share | None = None
) -> Difference | None:
    """Stored rows against replayed ones, in key order; a replayed row's values are in column order
    (``MemState`` builds them so), which makes each row one tuple comparison."""
    key_column, columns = TABLES[table]
    key_index = columns.index(key_column)
    seen = 0
    width = len(columns)
    for values in table_rows(conn, table, share):
        key = str(values[key_index])
        mine = replayed.get(key)
        if mine is None or len(mine) != width or values != tuple(mine.values()):
            stored = dict(zip(columns, values, strict=True))
            if mine is None or any(stored[c] != mine.get(c) for c in columns):
                return Difference(table, key, _diff_text(table, key, stored, mine))
        seen += 1
    if seen != len(replayed):
        missing = sorted(set(replayed) - {str(r[key_index]) for r in table_rows(conn, table, share)})
        key = missing[0] if missing else "?"
        return Difference(table, key, _diff_text(table, key, None, replayed.get(key)))
    return None


def compare_all(conn: sqlite3.Connection, state: MemState, share: Share | None = None) -> Difference | None:
    for table in TABLES:
        replayed = state.rows[table] if share is None or share[0] == 0 or table != "meta" else {}
        found = compare_table(conn, table, replayed, share)
        if found is not None:
            return found
    return None


def shares(head: int, parts: int) -> list[Share]:
    """``parts`` ranges of group ids covering every group of a journal whose last event is ``head``."""
    step = head // parts + 1
    return [(i * step, (i + 1) * step if i < parts - 1 else head + 1) for i in range(parts)]


def replay_share(
    path: str, share: Share, keys: dict[str, bytes | None]
) -> tuple[dict[str, int], Difference | None, str | None, ChainWalk]:
    """One process's share of a full check (top level, so a process pool can run it), in one pass over
    the events in its own read-only snapshot: the chain from event ``share[0]`` to ``share[1]`` (linked
    from the MAC stored before it) and the replay of the groups in ``share``, compared with their rows.
    Returns rows compared per table, the first difference, why the replay failed, and the chain's walk."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    lo, hi = share
    try:
        conn.execute("BEGIN")
        before = conn.execute("SELECT m FROM events WHERE id = ?", (lo - 1,)).fetchone()
        kid_row = conn.execute(
            "SELECT b FROM events WHERE k IN ('G', 'K') AND id < ? ORDER BY id DESC LIMIT 1", (max(lo, 1),)
        ).fetchone()
        walker = ChainWalker(
            keys.get,
            start_id=max(lo - 1, 0),
            start_mac=bytes(before[0]) if before else GENESIS,
            start_kid=str(decode(kid_row[0])["kid"]) if kid_row and lo > 1 else None,
        )
        state = MemState()
        error: str | None = None
        chain_open = True
        with _no_cyclic_gc():
            cursor = conn.execute(
                "SELECT id, ts, k, g, b, m FROM events WHERE (id >= ?1 AND id < ?2) OR k IN ('G', 'K', 'W') "
                "OR (coalesce(g, id) >= ?1 AND coalesce(g, id) < ?2) ORDER BY id",
                share,
            )
            while batch := cursor.fetchmany(4096):
                for event_id, ts, kind, group, body, seal in batch:
                    if chain_open and lo <= event_id < hi:
                        chain_open = walker.feed(event_id, ts, kind, group, body, seal)
                    mine = lo <= (group if group is not None else event_id) < hi
                    if error is None and (mine or kind in ("G", "K", "W")):
                        try:
                            apply(state, Event(event_id, ts, kind, group, decode(body)))
                        except ReplayError as exc:
                            error = str(exc)
        walk_result = walker.finish()
        if error is not None:
            return {}, None, error, walk_result
        counts = {t: len(rows) for t, rows in state.rows.items()}
        return counts, compare_all(conn, state, share), None, walk_result
    finally:
        conn.close()


def _who_before(conn: sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT b FROM events WHERE k = 'W' AND id < ? ORDER BY id DESC LIMIT 1", (event_id,)
    ).fetchone()
    return decode(row[0]) if row else None


# the stored rows of a set of groups (a JSON array of group ids, ?1), table by table
_IDS = "SELECT value FROM json_each(?1)"
_OF_GROUPS = {
    "sales": f"id IN ({_IDS})",
    "customers": f"id IN ({_IDS})",
    "receipts": f"id IN ({_IDS})",
    "plans": f"id IN ({_IDS})",
    "plan_payments": f"plan_id IN (SELECT plan_id FROM plans WHERE id IN ({_IDS}))",  # noqa: S608
    "cancels": f"merchant_uid IN (SELECT merchant_uid FROM sales WHERE id IN ({_IDS}))",  # noqa: S608
    "operations": (
        f"(kind = 'cancel' AND sale_ref IN (SELECT merchant_uid FROM sales WHERE id IN ({_IDS}))) "  # noqa: S608
        f"OR (kind LIKE 'billing%' AND coalesce(ref, op_id) IN (SELECT customer_uid FROM customers "
        f"WHERE id IN ({_IDS}))) OR (kind LIKE 'receipt%' AND coalesce(ref, op_id) IN "
        f"(SELECT receipt_id FROM receipts WHERE id IN ({_IDS}))) OR (kind LIKE 'schedule%' AND ref IN "
        f"(SELECT slot_id FROM plan_payments WHERE plan_id IN "
        f"(SELECT plan_id FROM plans WHERE id IN ({_IDS}))))"
    ),
    "people": f"id IN ({_IDS})",
    "audit": f"grp IN ({_IDS})",
    "policy": f"id IN ({_IDS})",
}


def replay_groups(
    conn: sqlite3.Connection, groups: Iterable[int], should_stop: Callable[[], bool] | None = None
) -> Difference | None:
    """Replay the given groups from their own events (with the writer in force at each) and compare their
    stored rows; the first difference. A handful of indexed queries whatever the number of groups."""
    wanted = sorted(set(groups))
    if not wanted:
        return None
    ids = json.dumps(wanted)
    state = MemState()
    who = _who_before(conn, wanted[0])
    if who is not None:
        state.insert("meta", {"k": "o", "v": str(who.get("o", ""))})
        state.insert("meta", {"k": "c", "v": str(who.get("c", ""))})
        if "a" in who:
            state.insert("meta", {"k": "a", "v": str(who["a"])})
    sql = (
        f"SELECT id, ts, k, g, b FROM events WHERE id IN ({_IDS}) OR g IN ({_IDS}) "  # noqa: S608
        "UNION ALL SELECT id, ts, k, g, b FROM events WHERE k = 'W' AND id > ?2 ORDER BY 1"
    )
    with _no_cyclic_gc():
        for count, event in enumerate(_events(conn, sql, (ids, wanted[0]))):
            if should_stop is not None and not count & 0xFFF and should_stop():
                raise Stopped
            try:
                apply(state, event)
            except ReplayError as exc:
                return Difference(
                    "events", str(event.id), f"기록 #{event.id}을(를) 적용할 수 없습니다: {exc}"
                )
    for table, where in _OF_GROUPS.items():
        key_column, columns = TABLES[table]
        key_index = columns.index(key_column)
        replayed = state.rows[table]
        stored = {
            str(r[key_index]): dict(zip(columns, r, strict=True))
            for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", (ids,))  # noqa: S608
        }
        for key in sorted(set(replayed) | set(stored)):
            if stored.get(key) != replayed.get(key):
                return Difference(table, key, _diff_text(table, key, stored.get(key), replayed.get(key)))
    return None
