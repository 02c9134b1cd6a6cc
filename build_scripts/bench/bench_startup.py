"""Start-up, exit and idle memory of the frozen app against a bare PySide6 window frozen the same way.

Uses build_scripts/build.py's --reference machinery: both programs are built by PyInstaller from the
same bundle policy (build.py's own build lock serialises this with other builds), then run with the
probe runtime hook (pyinstaller_hooks/rth_bench_probe.py) in a private home, offscreen, without a
keyring, and alternated within each round (ours, then the reference). Per round and program:
  window on screen   spawn → the event loop entered with the window shown;
  tabs usable        spawn → the window says it is ready (pos_app: tabs built on the services);
  quit → gone        the event loop told to quit once usable → the process gone (the whole exit path);
  close in start-up  the event loop told to quit at its first iteration (the build still running) →
                     the process gone;
  idle RSS           VmRSS two seconds after the window became usable.
``quick`` runs the unfrozen programs the way the bootloader would (hook, then the entry script), with no
build: the smoke test's numbers say only that the measuring works.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from build_scripts.bench.figures import Figure

BUILD_SCRIPTS = Path(__file__).resolve().parent.parent
# What the frozen bootloader does: run the runtime hook, then the entry script as __main__.
RUN_LIKE_FROZEN = (
    "import runpy, sys\n"
    "exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'), {'__name__': 'rth'})\n"
    "sys.argv = sys.argv[2:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def _build_module() -> Any:
    if str(BUILD_SCRIPTS) not in sys.path:
        sys.path.insert(0, str(BUILD_SCRIPTS))
    import build

    return build


def _targets(build: Any) -> list[Any]:
    return [
        build.Target("pos_app", BUILD_SCRIPTS / "pos_app.spec", "pos_app", False),
        build.Target("reference", BUILD_SCRIPTS / "reference.spec", "reference_app", False),
    ]


def _commands(build: Any, targets: list[Any], quick: bool) -> dict[str, list[str] | None]:
    if quick:
        hook = str(BUILD_SCRIPTS / "pyinstaller_hooks" / "rth_bench_probe.py")
        entries = {"pos_app": "frozen_entry.py", "reference": "reference_app.py"}
        return {
            t.label: [sys.executable, "-c", RUN_LIKE_FROZEN, hook, str(BUILD_SCRIPTS / entries[t.label])]
            for t in targets
        }
    python = build.dev.ensure_environment()
    with build.build_lock():
        for target in targets:
            build.run_pyinstaller(python, target)
    return {t.label: None for t in targets}


def measure(rounds: int, quick: bool) -> list[Figure]:
    build = _build_module()
    targets = _targets(build)
    commands = _commands(build, targets, quick)
    series: dict[str, dict[str, list[float]]] = {
        t.label: {"window": [], "ready": [], "gone": [], "early": [], "rss": []} for t in targets
    }
    with tempfile.TemporaryDirectory(prefix="pos_app-bench-startup-") as tmp:
        homes = {t.label: Path(tmp) / t.label for t in targets}

        def run(target: Any, mode: str) -> Any:
            return build.probe(target, homes[target.label], mode, command=commands[target.label])

        for target in targets:
            run(target, "startup")  # warm-up: disk cache, the first run's data folder
        for _ in range(rounds):
            for target in targets:
                into = series[target.label]
                early = run(target, "startup")
                into["window"].append(_required(early.since_spawn("exec_at"), target, "exec_at"))
                into["early"].append(_required(early.until_gone("quit_at"), target, "quit_at"))
                ready = run(target, "ready")
                into["ready"].append(_required(ready.since_spawn("ready_at"), target, "ready_at"))
                into["gone"].append(_required(ready.until_gone("quit_at"), target, "quit_at"))
                idle = run(target, "idle")
                rss = idle.recorded.get("rss_kb", "")
                into["rss"].append(int(rss) / 1024 if rss.isdigit() else 0.0)
    ours, ref = series["pos_app"], series["reference"]
    how = "unfrozen (quick)" if quick else "frozen onedir"
    return [
        Figure(f"{how}: window on screen vs bare window", ours["window"], ref["window"], "s",
               1.3, "≤ 1.3×", before="1.43–1.68×"),
        Figure(f"{how}: tabs usable vs bare window", ours["ready"], ref["ready"], "s",
               2.0, "≤ 2×", before="3.9×"),
        Figure(f"{how}: quit → process gone vs bare window", ours["gone"], ref["gone"], "s",
               3.0, "≤ 3×", before="20× (0.8 s, quit during start-up)"),
        Figure(f"{how}: close during start-up → gone vs bare window", ours["early"], ref["early"], "s",
               3.0, "≤ 3×", before="20× (0.8 s)"),
        Figure(f"{how}: idle RSS vs bare window", ours["rss"], ref["rss"], "MiB",
               1.5, "≤ 1.5×", before="1.95× (102.7 vs 52.7 MiB)",
               extra={"ours_mib": sorted(ours["rss"])[len(ours["rss"]) // 2]}),
    ]  # fmt: skip


def _required(value: float | None, target: Any, key: str) -> float:
    if value is None:
        raise RuntimeError(f"{target.label}: the probe recorded no {key}")
    return max(value, 0.0)
