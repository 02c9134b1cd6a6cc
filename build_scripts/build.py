"""Build the shop executable with PyInstaller, prove it works, and say what it weighs and how fast it starts.

    python3 build_scripts/build.py [--onefile] [--reference] [--report FILE] [--runs N] [--no-build]

1. Sets up .venv from the pinned constraints and compiles the translations (build_scripts/dev.py), so a
   fresh clone needs nothing else.
2. Runs PyInstaller on build_scripts/pos_app.spec (onedir in dist/onedir/, or dist/onefile/).
3. Checks the bundle holds what the policy promises (platform, input-method and print plugins, CA bundle,
   compiled translations) and none of the excluded Qt modules.
4. Runs the frozen `--self-test` offscreen; a non-zero exit or any stderr line not known to be harmless
   fails the build.
5. Measures: output size, start-up time (median of N runs: spawn → main window shown and the event loop
   running once → exit, via the probe runtime hook; also split into "Python ready", "event loop
   entered" (the window is on screen) and "then exit", i.e. event loop entered → process gone), "tabs
   usable" (spawn → the window says it is ready: pos_app's tabs are built on the services), "quit →
   gone" (from the event loop being told to quit, once usable, to the process being gone: closing the
   window, joining its threads, stopping the sandbox, closing the journal, tearing down) and idle memory
   (VmRSS from /proc two seconds after the window became usable; for a onefile build that is the
   unpacked program, not the small bootloader process that waits for it).  Benchmark runs get a
   private home and data folder, no keyring, and the offscreen Qt platform.
With --reference the bare PySide6 window of build_scripts/reference_app.py is built and measured the same
way in the same run (start-up runs interleaved), and the ratios are printed.  The figures are reports,
not pass/fail checks; --report writes them as JSON.

Two builds on one machine wait for each other (a lock file in build/), because PyInstaller runs are
heavy and share the cache.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

BUILD_SCRIPTS = Path(__file__).resolve().parent
ROOT = BUILD_SCRIPTS.parent
sys.path.insert(0, str(BUILD_SCRIPTS))

import bundle_policy  # noqa: E402
import dev  # noqa: E402

WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if WINDOWS else ""
SELF_TEST_TIMEOUT_S = 180
PROBE_TIMEOUT_S = 60

# stderr lines the offscreen platform prints for every QMainWindow; they say nothing about the app.
HARMLESS_STDERR = (
    # QPlatformWindow::propagateSizeHints() default implementation, reached by QMainWindow.
    "This plugin does not support propagateSizeHints()",
)


@dataclass(frozen=True)
class Target:
    """One program to build and measure."""

    label: str
    spec: Path
    name: str  # executable / folder name
    onefile: bool

    @property
    def dist(self) -> Path:
        return ROOT / "dist" / f"{self.label}-{'onefile' if self.onefile else 'onedir'}"

    @property
    def work(self) -> Path:
        return ROOT / "build" / "pyinstaller" / f"{self.label}-{'onefile' if self.onefile else 'onedir'}"

    @property
    def output(self) -> Path:
        """The folder (onedir) or the single file (onefile) that is shipped."""
        return self.dist / (self.name + (EXE_SUFFIX if self.onefile else ""))

    def run_args(self, home: Path) -> list[str]:
        """Arguments for a benchmark run.  pos_app gets an explicit data folder: on Windows platformdirs
        asks the shell for the real AppData folder, whatever the environment says, and a benchmark must
        never touch a shop's journal."""
        return ["--data-dir", str(home / "pos_app-data")] if self.label == "pos_app" else []

    @property
    def test_executable(self) -> Path:
        # On Windows the windowed exe has no console; the debug twin runs the same code with one.
        name = self.name + ("_debug" if WINDOWS and self.label == "pos_app" else "")
        if self.onefile:
            return self.dist / (name + EXE_SUFFIX)
        return self.output / (name + EXE_SUFFIX)


@dataclass
class Measurement:
    label: str
    output: str
    size_bytes: int
    self_test_ok: bool
    self_test_returncode: int | None
    unexpected_stderr: list[str]
    startup_runs_s: list[float] = field(default_factory=list)
    # Split of each start-up run: spawn → Python reached the runtime hooks, spawn → event loop entered.
    interpreter_ready_runs_s: list[float] = field(default_factory=list)
    event_loop_runs_s: list[float] = field(default_factory=list)
    # event loop entered → process gone: one loop iteration, closing the window (waiting for its background
    # work) and the program's own teardown; part of the start-up figure, reported so it is not mistaken
    # for time before the window is usable.
    shutdown_runs_s: list[float] = field(default_factory=list)
    # spawn → usable (probe "ready"), and that run's quit → process gone
    ready_runs_s: list[float] = field(default_factory=list)
    quit_to_gone_runs_s: list[float] = field(default_factory=list)
    idle_rss_kb: int | None = None
    bundle_problems: list[str] = field(default_factory=list)

    @property
    def startup_median_s(self) -> float | None:
        return _median(self.startup_runs_s)

    @property
    def interpreter_ready_median_s(self) -> float | None:
        return _median(self.interpreter_ready_runs_s)

    @property
    def event_loop_median_s(self) -> float | None:
        return _median(self.event_loop_runs_s)

    @property
    def shutdown_median_s(self) -> float | None:
        return _median(self.shutdown_runs_s)

    @property
    def ready_median_s(self) -> float | None:
        return _median(self.ready_runs_s)

    @property
    def quit_to_gone_median_s(self) -> float | None:
        return _median(self.quit_to_gone_runs_s)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """Serialise builds on this machine (the lock is released by the OS if the process dies)."""
    lock_path = ROOT / "build" / ".build.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        if WINDOWS:
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ~10 s; keep waiting for the other build
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def run_pyinstaller(python: Path, target: Target) -> None:
    cmd = [
        str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(target.dist), "--workpath", str(target.work), str(target.spec), "--",
    ]  # fmt: skip
    if target.onefile:
        cmd.append("--onefile")
    print(f"+ building {target.label} ({'onefile' if target.onefile else 'onedir'})", flush=True)
    started = time.perf_counter()
    if subprocess.call(cmd, cwd=ROOT) != 0:
        sys.exit(f"PyInstaller failed for {target.spec.name}; see its output above.")
    print(f"  built in {time.perf_counter() - started:.0f} s: {target.output}", flush=True)


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a frozen run: offscreen Qt, a private home/data folder, no real keyring."""
    env = dict(os.environ)
    for name in (
        "POS_APP_BENCH_PROBE",
        "POS_APP_BENCH_PROBE_OUT",
        "POS_APP_BENCH_QUIT_AFTER_MS",
        "PYTHONPATH",
        "PYTHONHOME",
    ):
        env.pop(name, None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        USERPROFILE=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        POS_APP_NO_KEYRING="1",
    )
    env.update(extra)
    return env


def unexpected_stderr_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and line.strip() not in HARMLESS_STDERR]


def run_self_test(target: Target, home: Path) -> tuple[int | None, str, str]:
    try:
        proc = subprocess.run(
            [str(target.test_executable), "--self-test"],
            env=isolated_env(home), capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=SELF_TEST_TIMEOUT_S,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        return None, _text(exc.stdout), _text(exc.stderr) + f"\n(self-test timed out after {exc.timeout} s)"
    return proc.returncode, proc.stdout, proc.stderr


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


@dataclass(frozen=True)
class ProbeRun:
    wall_s: float  # spawn → exit
    recorded: dict[str, str]  # key=value lines written by the probe hook
    spawned_at: float  # time.time() just before the spawn, to relate the hook's timestamps
    ended_at: float = 0.0  # time.time() once the process was gone

    def since_spawn(self, key: str) -> float | None:
        value = self.recorded.get(key)
        return round(float(value) - self.spawned_at, 4) if value else None

    def until_gone(self, key: str) -> float | None:
        """Seconds from the hook's ``key`` timestamp to the process being gone."""
        value = self.recorded.get(key)
        return round(self.ended_at - float(value), 4) if value and self.ended_at else None


def probe(
    target: Target,
    home: Path,
    mode: str,
    command: list[str] | None = None,
    extra_args: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> ProbeRun:
    """Run the binary with the bench probe (pyinstaller_hooks/rth_bench_probe.py) and collect its record.

    ``command`` replaces the frozen executable (the benchmarks run the unfrozen program the same way);
    ``extra_args`` replace the data-folder arguments of ``target.run_args``; ``extra_env`` adds to the
    isolated environment."""
    with tempfile.TemporaryDirectory(prefix="pos_app-probe-") as tmp:
        out = Path(tmp) / "probe.txt"
        env = isolated_env(
            home, POS_APP_BENCH_PROBE=mode, POS_APP_BENCH_PROBE_OUT=str(out), **(extra_env or {})
        )
        args = extra_args if extra_args is not None else target.run_args(home)
        spawned_at = time.time()
        started = time.perf_counter()
        proc = subprocess.run(
            [*(command or [str(target.test_executable)]), *args],
            env=env,
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
        elapsed = time.perf_counter() - started
        ended_at = time.time()
        lines = out.read_text("utf-8").splitlines() if out.exists() else []
        recorded = dict(line.split("=", 1) for line in lines if "=" in line)
    if proc.returncode != 0 or recorded.get("probe") != mode:
        raise RuntimeError(
            f"{target.label}: the {mode} probe did not run (exit {proc.returncode}): "
            + proc.stderr.decode("utf-8", "replace")[-2000:]
        )
    return ProbeRun(wall_s=elapsed, recorded=recorded, spawned_at=spawned_at, ended_at=ended_at)


def verify_bundle(target: Target) -> list[str]:
    """Problems with the onedir bundle's contents (empty list = as the policy promises)."""
    if target.onefile:
        return []  # same Analysis as onedir; its archive is checked there
    internal = target.output / "_internal"
    root = internal if internal.is_dir() else target.output
    plugins = root / "PySide6" / "Qt" / "plugins"
    if not plugins.is_dir():
        plugins = root / "PySide6" / "plugins"  # Windows wheels keep plugins beside the DLLs
    problems = []

    def need(path: Path, why: str) -> None:
        if not path.exists():
            problems.append(f"missing {path.relative_to(target.output)} ({why})")

    platform_plugin = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    for plugin in ("qoffscreen", platform_plugin):
        if not any(plugins.glob(f"platforms/*{plugin}.*")):
            problems.append(f"missing platform plugin {plugin}")
    if sys.platform.startswith("linux") and not any(plugins.glob("platforminputcontexts/*ibus*")):
        problems.append("missing the ibus input-method plugin (Korean typing on Linux)")
    if target.label == "pos_app":
        if sys.platform.startswith("linux") and not any(plugins.glob("printsupport/*cups*")):
            problems.append("missing the CUPS print support plugin")
        need(root / "certifi" / "cacert.pem", "requests verifies TLS with it")
        if not any(root.rglob("_ssl.*")):
            problems.append("missing the _ssl extension (HTTPS to PortOne)")
        if not any(root.rglob("_sqlite3.*")):
            problems.append("missing the _sqlite3 extension (the journal)")
        need(root / "resources" / "icons" / "app.ico", "window icon")
        for ts in sorted((ROOT / "resources").rglob("*.ts")):
            qm = ts.with_suffix(".qm").relative_to(ROOT)
            need(root / qm, "compiled translation")
        excluded = {name.split(".", 1)[1] for name in bundle_policy.qt_module_excludes()}
        for module_file in (root / "PySide6").glob("Qt*.*"):
            if module_file.name.split(".", 1)[0] in excluded and module_file.suffix in {".so", ".pyd"}:
                problems.append(f"excluded Qt module present: {module_file.name}")
    return problems


def measure(target: Target, build: bool, python: Path) -> Measurement:
    if build:
        run_pyinstaller(python, target)
    if not target.test_executable.exists():
        sys.exit(f"{target.test_executable} does not exist; build it first (drop --no-build).")
    with tempfile.TemporaryDirectory(prefix=f"{target.label}-home-") as tmp:
        home = Path(tmp)
        returncode, stdout, stderr = run_self_test(target, home / "self-test")
        unexpected = unexpected_stderr_lines(stderr)
        print(f"  {target.label} --self-test: exit {returncode}", flush=True)
        if stdout.strip():
            print("    " + stdout.strip().replace("\n", "\n    "), flush=True)
        if unexpected:
            print("    unexpected stderr:\n      " + "\n      ".join(unexpected), flush=True)
        return Measurement(
            label=target.label,
            output=str(target.output.relative_to(ROOT)),
            size_bytes=tree_size(target.output),
            self_test_ok=returncode == 0 and not unexpected,
            self_test_returncode=returncode,
            unexpected_stderr=unexpected,
            bundle_problems=verify_bundle(target),
        )


def benchmark(targets: list[tuple[Target, Measurement]], runs: int) -> None:
    """Start-up (interleaved across targets, after one untimed warm-up each) and idle memory."""
    with tempfile.TemporaryDirectory(prefix="pos_app-bench-") as tmp:
        homes = {t.label: Path(tmp) / t.label for t, _ in targets}
        for target, _ in targets:
            probe(target, homes[target.label], "startup")  # warm-up: disk cache, first-run data folder
        for _ in range(runs):
            for target, result in targets:
                run = probe(target, homes[target.label], "startup")
                result.startup_runs_s.append(round(run.wall_s, 4))
                for key, series in (
                    ("hook_at", result.interpreter_ready_runs_s),
                    ("exec_at", result.event_loop_runs_s),
                ):
                    value = run.since_spawn(key)
                    if value is not None:
                        series.append(value)
                entered = run.since_spawn("exec_at")
                if entered is not None:
                    result.shutdown_runs_s.append(round(run.wall_s - entered, 4))
                ready = probe(target, homes[target.label], "ready")
                for value, series in (
                    (ready.since_spawn("ready_at"), result.ready_runs_s),
                    (ready.until_gone("quit_at"), result.quit_to_gone_runs_s),
                ):
                    if value is not None:
                        series.append(value)
        for target, result in targets:
            rss = probe(target, homes[target.label], "idle").recorded.get("rss_kb", "")
            result.idle_rss_kb = int(rss) if rss.isdigit() else None


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def ms(seconds: float | None) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds is not None else "n/a"


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def summary(results: dict[str, Measurement], onefile: bool) -> dict[str, object]:
    app, ref = results["pos_app"], results.get("reference")
    lines = [f"== {'onefile' if onefile else 'onedir'} =="]
    for m in results.values():
        rss = f"{m.idle_rss_kb / 1024:.1f} MiB" if m.idle_rss_kb else "n/a"
        lines.append(
            f"{m.label:10} size {mib(m.size_bytes):>10}   start-up median {ms(m.startup_median_s):>7}"
            f" (Python ready {ms(m.interpreter_ready_median_s)}, event loop {ms(m.event_loop_median_s)},"
            f" then exit {ms(m.shutdown_median_s)}; tabs usable {ms(m.ready_median_s)},"
            f" quit → gone {ms(m.quit_to_gone_median_s)})"
            f"   idle RSS {rss:>9}   self-test {'ok' if m.self_test_ok else 'FAILED'}"
        )
    ratios: dict[str, float | None] = {}
    if ref is not None:
        ratios = {
            "size": ratio(app.size_bytes, ref.size_bytes),
            "startup": ratio(app.startup_median_s, ref.startup_median_s),
            "startup_to_event_loop": ratio(app.event_loop_median_s, ref.event_loop_median_s),
            "tabs_usable": ratio(app.ready_median_s, ref.ready_median_s),
            "quit_to_gone": ratio(app.quit_to_gone_median_s, ref.quit_to_gone_median_s),
            "idle_rss": ratio(app.idle_rss_kb, ref.idle_rss_kb),
        }
        lines.append(
            "ratios vs reference: "
            + ", ".join(f"{k} {v:.2f}x" if v is not None else f"{k} n/a" for k, v in ratios.items())
        )
    print("\n".join(lines), flush=True)
    return {
        "variant": "onefile" if onefile else "onedir",
        "platform": sys.platform,
        "results": {
            k: {
                **asdict(v),
                "startup_median_s": v.startup_median_s,
                "interpreter_ready_median_s": v.interpreter_ready_median_s,
                "event_loop_median_s": v.event_loop_median_s,
                "shutdown_median_s": v.shutdown_median_s,
                "ready_median_s": v.ready_median_s,
                "quit_to_gone_median_s": v.quit_to_gone_median_s,
            }
            for k, v in results.items()
        },
        "ratios": ratios,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build pos_app with PyInstaller and check the result.")
    parser.add_argument("--onefile", action="store_true", help="one self-extracting file instead of a folder")
    parser.add_argument("--reference", action="store_true", help="also measure a bare PySide6 window")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per binary (median is reported)")
    parser.add_argument("--no-build", action="store_true", help="measure the binaries already in dist/")
    parser.add_argument("--no-bench", action="store_true", help="build and self-test only")
    parser.add_argument("--report", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)

    python = dev.ensure_environment()  # venv from pinned constraints + compiled translations
    targets = [Target("pos_app", BUILD_SCRIPTS / "pos_app.spec", "pos_app", args.onefile)]
    if args.reference:
        targets.append(Target("reference", BUILD_SCRIPTS / "reference.spec", "reference_app", args.onefile))
    with build_lock():
        measured = [(t, measure(t, not args.no_build, python)) for t in targets]
        failed = [m for _, m in measured if not m.self_test_ok or m.bundle_problems]
        if not failed and not args.no_bench:
            benchmark(measured, args.runs)
    report = summary({m.label: m for _, m in measured}, args.onefile)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for m in failed:
        for problem in m.bundle_problems:
            print(f"FAILED {m.label}: {problem}", file=sys.stderr)
        if not m.self_test_ok:
            print(f"FAILED {m.label}: the frozen self-test (exit {m.self_test_returncode})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
