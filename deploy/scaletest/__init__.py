"""`make scale-test`: PostgreSQL, Redis, two app instances and nginx on loopback, and the
checks run against them (see deploy/scale_test.py)."""
