# Tests of the markdown-on-event-loop rule: `semgrep --test security/semgrep`.
import anyio
import jinja2
from markdown_it import MarkdownIt

from teamboard.web.markdown import render_markdown

_md = MarkdownIt("commonmark")
env = jinja2.Environment(autoescape=True)

# ruleid: markdown-on-event-loop
env.filters.update(markdown=render_markdown, when=str)
# ruleid: markdown-on-event-loop
env.filters["markdown"] = render_markdown


async def card_page(text: str) -> str:
    # ruleid: markdown-on-event-loop
    return str(render_markdown(text))


async def comment(text: str) -> str:
    # ruleid: markdown-on-event-loop
    return _md.render(text)


async def preview(text: str) -> str:
    # ruleid: markdown-on-event-loop
    return MarkdownIt("commonmark").render(text)


async def bounded(text: str) -> str:
    # ok: markdown-on-event-loop
    return str(await anyio.to_thread.run_sync(render_markdown, text[:20_000]))


def in_a_worker_thread(text: str) -> str:
    # ok: markdown-on-event-loop
    return str(render_markdown(text))


async def not_markdown(template: jinja2.Template) -> str:
    # ok: markdown-on-event-loop
    return template.render(name="x")
