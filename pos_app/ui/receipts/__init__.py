"""The 영수증 screen: one transaction, its slip (print/PDF), cancels and cash receipts."""
