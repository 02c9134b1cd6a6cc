"""The one background-work API: work runs off the GUI thread, results come back by queued signals."""
