"""ASGI entry point for uvicorn/gunicorn workers: ``teamboard.asgi:app``."""

from teamboard.app import create_app

app = create_app()
