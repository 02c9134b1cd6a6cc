"""pos_app: a counter helper for phone-order key-in card payments through PortOne V1 with KSNET."""

__version__ = "0.1.0"
