"""PySide6 widgets of the counter window; they reach PortOne and the journal only through services."""
