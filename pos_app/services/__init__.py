"""Use cases of the counter (charge, register, cancel, receipts, reconcile, close): the client and journal come in as arguments."""
