"""Values and rules of a counter sale: amounts, card input, KSNET limits, outcomes. Plain Python, no I/O."""
