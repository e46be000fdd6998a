"""The benchmark's parts; ``bench/run.py`` is the entry point.

- ``common``: constants, targets, logging and the error type;
- ``wrk``: running wrk and reading its report;
- ``cpu``: who used how much CPU during a run;
- ``procs``: ports, uvicorn servers, temp folders, stopping what was started;
- ``postgres``: a throw-away PostgreSQL cluster;
- ``fixtures``: the benchmark board, built through the API, and its checks;
- ``pages``: logging in through the page flow and checking the board page;
- ``scenarios``: measuring one scenario, the API rows and the page row;
- ``report``: the table and the environment line.
"""
