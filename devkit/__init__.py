"""Test infrastructure shared by every suite: the backend tests, e2e/, bench/, the scale
test (deploy/scale_test.py) and the schemathesis run (security/).

One home, so that a fix to how PostgreSQL is started, a port is found or a user signs up
lands once and every suite gets it. Nothing here is shipped with the application.

- ``ports``: free loopback ports, and waiting until one listens;
- ``procs``: long-running processes in their own process groups, checked commands, the
  errors every part raises;
- ``postgres``: a throw-away PostgreSQL cluster (also stopped and started for outages);
- ``redis``: a throw-away redis-server;
- ``server``: ``teamboard serve`` in a subprocess, its settings and its CLI;
- ``nginx``: nginx running the rendered deploy/nginx templates on loopback;
- ``spa``: the split-origin SPA build (``VITE_API_URL``), built once and cached;
- ``flows`` and ``api``: one API driver, over an in-process ASGI transport or a real URL,
  awaited (``Api``) or called (``SyncApi``);
- ``smtp``: a real SMTP server (aiosmtpd) that keeps what it receives;
- ``verified``: addresses marked verified in a server's database (invitations need it);
- ``missing``: a binary that is not installed skips a test locally and fails it under CI.

The suites import it from the repository root: pytest's ``pythonpath`` setting puts the
root on ``sys.path`` for backend/ and e2e/, the scripts put it there themselves, and mypy
finds it through ``mypy_path`` in backend/pyproject.toml.
"""
