"""One entry point for a fresh clone: set up the virtual environment, then run the app or the checks.

    python3 build_scripts/dev.py run [app arguments]   # sets up .venv, starts the app (sandbox if no keys)
    python3 build_scripts/dev.py test [pytest args]    # sets up .venv, runs ruff, mypy, import-linter, pytest
    python3 build_scripts/dev.py bench [--quick] [--only NAME[,NAME]] [--rounds N] [--json FILE]
                                                       # sets up .venv, runs the benchmarks, prints one table

Set-up is idempotent: the environment is rebuilt only when pyproject.toml or the constraints change.
Only the standard library is used here, because this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CONSTRAINTS = ROOT / "build_scripts" / "constraints.txt"
STAMP = VENV / ".pos_app-setup"
I18N = ROOT / "resources" / "i18n"


def _venv_bin(name: str) -> Path:
    scripts = VENV / ("Scripts" if os.name == "nt" else "bin")
    suffix = ".exe" if os.name == "nt" else ""
    return scripts / f"{name}{suffix}"


def _setup_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", CONSTRAINTS):
        if path.exists():
            digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _run(cmd: list[str | Path], **kwargs: object) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_environment() -> Path:
    """Create .venv and install the project with its dev extras, unless it is already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this runs before the venv, on any python3
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    python = _venv_bin("python")
    if not python.exists():
        print(f"Creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    fingerprint = _setup_fingerprint()
    if not STAMP.exists() or STAMP.read_text() != fingerprint:
        cmd: list[str | Path] = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        if CONSTRAINTS.exists():
            cmd += ["-c", CONSTRAINTS]
        cmd += ["-e", f"{ROOT}[dev]"]
        if _run(cmd) != 0:
            sys.exit("Installing the dependencies failed; see the pip output above.")
        STAMP.write_text(fingerprint)
    compile_translations()
    return python


def compile_translations() -> None:
    """Turn resources/i18n/*.ts into .qm files when the source is newer (lrelease ships with PySide6)."""
    lrelease = _venv_bin("pyside6-lrelease")
    for ts in sorted(I18N.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        if _run([lrelease, "-silent", ts, "-qm", qm]) != 0:
            sys.exit(f"Compiling the translation {ts.name} failed.")


def run_app(python: Path, args: list[str]) -> int:
    return _run([python, "-m", "pos_app", *args])


def run_tests(python: Path, args: list[str]) -> int:
    checks: list[list[str | Path]] = [
        [python, "-m", "ruff", "check", "pos_app", "tests", "build_scripts"],
        [python, "-m", "mypy"],
        [_venv_bin("lint-imports")],
        [python, "-m", "pytest", *args],
    ]
    failed = []
    for cmd in checks:
        if _run(cmd) != 0:
            failed.append(Path(str(cmd[0])).name + " " + " ".join(str(c) for c in cmd[1:3]))
    if failed:
        print("FAILED: " + "; ".join(failed), flush=True)
        return 1
    print("All checks passed.", flush=True)
    return 0


def run_bench(python: Path, args: list[str]) -> int:
    """build_scripts/bench/run.py in the virtual environment (see its docstring)."""
    return _run([python, ROOT / "build_scripts" / "bench" / "run.py", *args])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "setup"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    if argv[0] == "run":
        return run_app(python, argv[1:])
    if argv[0] == "test":
        return run_tests(python, argv[1:])
    if argv[0] == "bench":
        return run_bench(python, argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
