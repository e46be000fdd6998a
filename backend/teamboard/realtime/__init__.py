"""Live delivery of committed events over WebSockets, across processes (Redis) when set."""
