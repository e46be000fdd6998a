"""The tests' shared helpers: plain classes and functions, no fixtures (those are in
tests/conftest.py, or in a package's conftest.py when only that package uses them).
Processes, ports, PostgreSQL, Redis and the API driver are devkit's (at the repository
root); what is here adds the suite's own settings and checks on top.

- ``app``: the app in this process: its test settings, the database emptied between
  tests, the published events checked against the protocol, statements counted,
  Redis, metrics scraped, memory measured;
- ``api``: devkit's API driver as the suite uses it (a user is its bearer headers),
  and the card helpers (board layout, ranks, moves, labels);
- ``boards``: a small populated board built through the API, and the table of every
  board-scoped route with the smallest role it needs;
- ``sessions``: log-in through the API (the SPA's cookie session, the throttled
  attempts), administrators, checks of who is still logged in;
- ``pages``: a browser for the server-rendered pages (cookie jar, forms with their
  CSRF field), a board made through them, and what to look for in their HTML;
- ``oidc``: walking a browser through a log-in at a real OpenID provider;
- ``github``: a stand-in for GitHub's OAuth endpoints and API, in a thread;
- ``live``: ``teamboard serve`` with the real-time tests' settings, and its WebSockets.
"""
