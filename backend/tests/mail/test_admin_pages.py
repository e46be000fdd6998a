"""/admin/mail: what an administrator reads of the outbox, links clickable; nobody else."""

from __future__ import annotations

from teamboard.core.runtime import Runtime
from teamboard.mail.compose import Letter
from teamboard.mail.outbox import queue
from teamboard.mail.pages import linked
from tests.support.pages import NewBrowser, make_admin


async def test_the_outbox_lists_messages_and_shows_one_with_its_links(
    new_browser: NewBrowser, runtime: Runtime
) -> None:
    admin = await (await new_browser()).signup("Admin")
    await make_admin(runtime, admin.id)
    link = "http://testserver/verify/abc?x=1&y=2"
    async with runtime.db.session() as db, db.transaction():
        message = queue(
            db,
            runtime.settings,
            Letter(
                to="ada@example.com",
                subject="Confirm <your> address",
                text=f"Open {link} now",
                html="<p>x</p>",
            ),
            kind="test",
        )
    page = await admin.get("/admin/mail")
    assert page.status_code == 200
    assert "ada@example.com" in page.text and "Confirm &lt;your&gt; address" in page.text
    assert "Waiting" in page.text
    one = await admin.get(f"/admin/mail/{message.id}")
    assert one.status_code == 200
    anchor = '<a href="http://testserver/verify/abc?x=1&amp;y=2" rel="noopener noreferrer">'
    assert anchor in one.text

    other = await (await new_browser()).signup("Member")
    assert (await other.get("/admin/mail")).status_code == 403
    assert (await other.get(f"/admin/mail/{message.id}")).status_code == 403
    assert (await admin.get("/admin/mail/999")).status_code == 404


def test_an_address_that_ends_a_sentence_is_linked_without_its_punctuation() -> None:
    html = linked("Go to http://testserver/a, then http://testserver/b?x=1. Or http://t.test/c")
    assert '<a href="http://testserver/a" rel' in html
    assert '<a href="http://testserver/b?x=1" rel' in html
    assert '<a href="http://t.test/c" rel' in html
    assert "</a>, then" in html and "</a>. Or" in html
