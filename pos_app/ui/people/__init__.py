"""The people at the counter on screen: signing in, approvals on the spot, people and rules, the audit."""
