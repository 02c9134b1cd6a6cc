"""The model-based test: Hypothesis drives ``rel_model.CounterWorld`` through thousands of steps.

CI runs are reproducible (``derandomize``: the same examples every run, no database needed); the
examples, steps and kills of the run go into the figures table. ``POS_APP_MODEL_EXAMPLES`` and
``POS_APP_MODEL_STEPS`` raise the counts for a longer hunt (``POS_APP_MODEL_SEED`` then picks a fresh
random sequence: ``derandomize`` is off). Every failure found and shrunk is kept as a plain test in
``test_model_regressions.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from rel_figures import FIGURES
from rel_model import STATS, CounterWorld
from rel_plans import PLAN_STATS

EXAMPLES = int(os.environ.get("POS_APP_MODEL_EXAMPLES", "64"))
STEPS = int(os.environ.get("POS_APP_MODEL_STEPS", "40"))
SEED = os.environ.get("POS_APP_MODEL_SEED")


def test_the_counter_keeps_its_promises_whatever_the_world_does() -> None:
    config = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        derandomize=SEED is None,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    if SEED is not None:
        from hypothesis import seed

        seed(int(SEED))(CounterWorld.TestCase)
    try:
        run_state_machine_as_test(CounterWorld, settings=config)
    finally:
        FIGURES.add("model", "runs (examples)", STATS.runs)
        FIGURES.add("model", "steps (every rule)", STATS.all_steps - STATS.runs, "≥ 2000")
        FIGURES.add("model", "cashier actions among them", STATS.steps)
        FIGURES.add("model", "faults injected", STATS.faults)
        FIGURES.add("model", "kills mid-call / in start-up", STATS.kills)
        FIGURES.add("model", "clean restarts", STATS.restarts)
        FIGURES.add("model", "settlements checked", STATS.settles)
        FIGURES.add("model", "plans made / paused, resumed or ended",
                    f"{PLAN_STATS.made} / {PLAN_STATS.changes}")  # fmt: skip
        FIGURES.add("model", "scheduled payments PortOne ran: paid / failed",
                    f"{PLAN_STATS.runs_paid} / {PLAN_STATS.runs_failed}")  # fmt: skip
