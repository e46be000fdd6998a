"""The benchmark's parts; ``bench/run.py`` is the entry point.

- ``common``: constants, targets, logging and the error type;
- ``wrk``: running wrk and reading its report;
- ``cpu``: who used how much CPU during a run;
- ``procs``: uvicorn servers and the PostgreSQL cluster, with the benchmark's settings
  (devkit, at the repository root, starts, waits for and stops every process);
- ``fixtures``: the benchmark board, built through the API, and its checks;
- ``pages``: logging in through the page flow and checking the board page;
- ``scenarios``: measuring one scenario, the API rows and the page row;
- ``report``: the table and the environment line.
"""
