"""The one background-work API: work runs off the GUI thread, results come back by queued signals."""

from pos_app.workers.runner import BackgroundRunner, RunnerShutDown, WorkKind

__all__ = ["BackgroundRunner", "RunnerShutDown", "WorkKind"]
