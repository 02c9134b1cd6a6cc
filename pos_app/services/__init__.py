"""Use cases of the counter: charge, register, cancel, receipts, reconcile, close the day.

The PortOne client and the journal come in as arguments; nothing here knows about Qt.
"""
