"""Use cases of the counter: charge, register, cancel, receipts, reconcile, close the day.

The PortOne client and the journal come in as arguments; nothing here knows about Qt. The window gets
one ``counter.CounterServices`` (built in app.py). Where things live: ``charging`` (key-in and
billing-key charges, duplicate warning, manual retry), ``billing_keys``, ``cancels``, ``cash_receipts``,
``reconcile`` (every non-final journal row), ``day_close`` (Z report, diff with PortOne, CSV),
``resolution`` (lookups and polling after a lost reply), ``results`` and ``errors`` (what comes back),
``context`` (settings, time, the in-flight guard), ``facts`` (PortOne objects → journal records).
"""
