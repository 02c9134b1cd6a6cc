"""The 거래내역 screen: the history table, its model, and the daily close (Z report)."""
