"""The OpenAPI document, with the two ways to authenticate declared once.

Security is documented here rather than through a per-route dependency: a dependency
would run on every request only to tell /docs about the Authorize button.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PUBLIC = {"/auth/signup", "/auth/login", "/auth/token", "/auth/refresh"}
SCHEMES = {
    "bearer": {
        "type": "oauth2",
        "description": "Access token from POST /api/v1/auth/token (15 minutes).",
        "flows": {"password": {"tokenUrl": "/api/v1/auth/token", "scopes": {}}},
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "tb_session",
        "description": "Browser session from POST /api/v1/auth/login; unsafe methods "
        "also need the X-CSRF-Token header.",
    },
}


def install_openapi(app: FastAPI, prefix: str) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            schema.setdefault("components", {})["securitySchemes"] = SCHEMES
            for path, operations in schema.get("paths", {}).items():
                if not path.startswith(prefix) or path.removeprefix(prefix) in PUBLIC:
                    continue
                for operation in operations.values():
                    operation["security"] = [{"bearer": []}, {"session": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
