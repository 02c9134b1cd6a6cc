"""What happens in the sandbox by itself as its clock moves: late approvals land, schedules run.

`run_due` does everything whose time has come, in time order, each stamped at its own due time (not at
the moment it was noticed). The server calls it before every request (admin ones too) and after every
clock change, so a test that advances the clock sees the result on its next call — no sleeping, no
background thread, and the same outcome however long the real machine took.
"""

from __future__ import annotations

from pos_app.sandbox import late, schedules
from pos_app.sandbox.context import SandboxContext


def run_due(ctx: SandboxContext) -> int:
    """Process every due late approval and schedule; how many were processed."""
    store = ctx.store
    done = 0
    with store.lock:
        now = store.now_s()
        while True:
            landing = late.due(ctx, now)[:1]
            running = schedules.due(ctx, now)[:1]
            if not landing and not running:
                return done
            # the earlier one first; on a tie the card company's answer lands before the next charge
            if landing and (not running or int(landing[0]["due_at"]) <= int(running[0]["schedule_at"])):
                late.land(ctx, landing[0], int(landing[0]["due_at"]))
            else:
                schedules.execute(ctx, running[0], int(running[0]["schedule_at"]))
            done += 1
