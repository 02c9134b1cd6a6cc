"""A PortOne-V1-compatible server on loopback: demo mode, every test, and fault injection."""
