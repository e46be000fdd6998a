"""A throw-away self-signed certificate, so that the scale test and the nginx benchmark
run the template's TLS server blocks as production does."""

from __future__ import annotations

from pathlib import Path


def self_signed_command(cert: Path, key: Path, host: str) -> list[str]:
    """openssl's command writing a two-day certificate for the IP address ``host``."""
    return [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        str(key),
        "-out",
        str(cert),
        "-days",
        "2",
        "-subj",
        f"/CN={host}",
        "-addext",
        f"subjectAltName=IP:{host}",
    ]
