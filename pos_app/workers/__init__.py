"""The one background-work API: work runs off the GUI thread, results come back by queued signals."""

from pos_app.workers import pyside_fixes

pyside_fixes.apply()  # before anything emits a signal; see the module for the PySide6 bug it covers

from pos_app.workers.runner import BackgroundRunner, RunnerShutDown, WorkKind  # noqa: E402

__all__ = ["BackgroundRunner", "RunnerShutDown", "WorkKind"]
