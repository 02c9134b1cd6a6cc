"""Start-up imports Qt-using modules on the GUI thread only.

PySide6 (shiboken) creates its enum and wrapper types lazily and without a lock: a tab module imported
on the prefetch or build thread while the GUI thread was drawing crashed the process about one start in
twenty-five (SIGSEGV in ``enum._create_`` beside ``MainWindow.changeEvent``). The services, the journal
and requests may load off the GUI thread; ``pos_app.ui`` and ``PySide6`` may not. The real program is
started in a child process with an audit hook that records, for every module actually loaded, whether it
was loaded on the main thread; the bench probe hook quits it once the window is usable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE_HOOK = REPO / "build_scripts" / "pyinstaller_hooks" / "rth_bench_probe.py"

CHILD = r"""
import json, sys, threading
seen = []
def record(event, args):
    if event == "import":
        name = str(args[0])
        if name.startswith(("pos_app.ui", "PySide6")):
            seen.append([name, threading.current_thread() is threading.main_thread()])
sys.addaudithook(record)
hook, data, out = sys.argv[1:4]
exec(compile(open(hook, encoding="utf-8").read(), hook, "exec"), {"__name__": "rth"})
from pos_app.app import main
try:
    code = main(["--sandbox", "--data-dir", data])
finally:
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(seen, handle)
sys.exit(code)
"""


def test_no_qt_module_is_imported_off_the_gui_thread(tmp_path: Path) -> None:
    out = tmp_path / "imports.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "POS_APP_NO_KEYRING": "1",
        "HOME": str(tmp_path),
        "POS_APP_BENCH_PROBE": "ready",
        "POS_APP_BENCH_PROBE_OUT": str(tmp_path / "probe.txt"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(PROBE_HOOK), str(tmp_path / "data"), str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "probe=ready" in (tmp_path / "probe.txt").read_text(encoding="utf-8")
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert any(name == "pos_app.ui.keyin.tab" for name, _ in seen)  # the tabs were imported in this run
    off_thread = sorted({name for name, on_main in seen if not on_main})
    assert off_thread == []
