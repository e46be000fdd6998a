"""ASGI entry point for uvicorn/gunicorn workers: ``teamboard.asgi:app``."""

import gc

from teamboard.app import create_app

# The cycle collector's young generation is collected every YOUNG container objects
# (Python's default: 700). Under load each young collection found every in-flight
# request's objects alive (64 requests at 64 connections) and moved them on, so the old
# generations filled with short-lived garbage and a full collection (60-100 ms with the
# loop stopped) ran about once a second: 13 in a 10-second run of the board mix. At this
# size a few MB of garbage wait at most, and the run had one (p99 113-144 -> 89-97 ms).
YOUNG = 50_000
gc.set_threshold(YOUNG, 20, 20)

app = create_app()

# What exists now (modules, routes, mappers, compiled statements, templates) lives as long
# as the process. Frozen, the cycle collector stops re-scanning it in every full
# collection: those pauses were the slowest 5 % of requests under load (p99 230 -> 48 ms
# for card moves at 16 connections).
gc.freeze()
