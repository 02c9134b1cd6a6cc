"""The 키인 결제 screen: the key-in card form, the charge flow, and the watch over an unknown result."""
