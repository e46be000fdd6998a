"""The page baseline: the smallest server-rendered FastAPI page worth comparing against.

One GET route rendering a Jinja2 template: a complete HTML page with a 100-row table whose
cells are autoescaped (some of them hold ``<``, ``&`` and quotes). The environment is set up
like Teamboard's (autoescape, no auto-reload, unbounded cache) and the template is compiled
at start-up, so no request pays for compiling it. The rows are built once: Teamboard's
board page renders from a memoised board too. Served by the same uvicorn settings as
Teamboard; the board page's figures are quoted as a ratio to this one, measured in the
same run on the same machine.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import DictLoader, Environment, StrictUndefined

ROWS = 100

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<table>
<thead><tr><th>#</th><th>Title</th><th>Owner</th><th>Status</th><th>Due</th></tr></thead>
<tbody>
{% for row in rows %}
<tr id="row-{{ row.id }}">
<td>{{ row.id }}</td><td><a href="/items/{{ row.id }}">{{ row.title }}</a></td>
<td>{{ row.owner }}</td><td>{{ row.status }}</td><td>{{ row.due }}</td>
</tr>
{% endfor %}
</tbody>
</table>
</main>
</body>
</html>
"""

env = Environment(
    loader=DictLoader({"table.html": TEMPLATE}),
    autoescape=True,
    undefined=StrictUndefined,
    auto_reload=False,
    cache_size=-1,
    trim_blocks=True,
    lstrip_blocks=True,
)
page = env.get_template("table.html")  # compiled here, at start-up

STATUSES = ["To do", "In progress", "Review & test", "Done"]
rows: list[dict[str, Any]] = [
    {
        "id": n,
        "title": f'Item {n}: fix <b>"quoted"</b> & escaped text',
        "owner": f"User {n % 7} <user{n % 7}@example.com>",
        "status": STATUSES[n % len(STATUSES)],
        "due": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
    }
    for n in range(1, ROWS + 1)
]

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/table", response_class=HTMLResponse)
async def table() -> HTMLResponse:
    return HTMLResponse(page.render(title="A table of 100 rows", rows=rows))
