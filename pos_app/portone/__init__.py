"""PortOne V1 REST client: token cache, timeouts, envelope parsing, typed results and errors."""
