"""The window frame and what every screen shares: main window, message boxes, crash, language, formats."""
