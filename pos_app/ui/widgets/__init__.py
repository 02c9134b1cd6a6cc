"""Small input widgets of the counter forms: grouped amounts and card fields that keep card data in."""

# Importing the workers package applies the PySide6 emit() reference-count fix (pos_app.workers.pyside_fixes)
# before these widgets emit their first signal, also when a widget is used without the window.
import pos_app.workers  # noqa: F401
