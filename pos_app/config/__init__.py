"""Typed settings declared once; data paths from platformdirs; API secrets in the OS keyring."""
