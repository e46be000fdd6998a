"""Invitations live: the board's members see an invitation go out (without its address)
and the invitee join the moment they accept, through the event contract."""

from __future__ import annotations

from devkit.verified import mark_verified
from tests.support.live import Server, Users, join, open_socket, receive_until, subscribe


async def test_members_see_the_invitation_and_the_invitee_join_live(
    server: Server, users: Users
) -> None:
    owner, editor, ada = await users("owner"), await users("editor"), await users("ada")
    board = await owner.call("POST", "/api/v1/boards", json={"name": "Live invites"})
    board_id = board["id"]
    await join(server, owner, board_id, editor, "editor")
    await mark_verified(server.database_url, ada.email)
    async with (
        await open_socket(server, owner) as on_owner,
        await open_socket(server, editor) as on_editor,
    ):
        await subscribe(on_owner, board_id)
        await subscribe(on_editor, board_id)
        await owner.api.invite(owner.user, board_id, ada.email, "viewer")
        sent, _ = await receive_until(on_editor, lambda m: m["type"] == "invitation.sent")
        assert sent["data"]["role"] == "viewer" and ada.email not in str(sent)
        await owner.api.accept_invitation(ada.user, board_id)
        for ws in (on_owner, on_editor):
            added, _ = await receive_until(ws, lambda m: m["type"] == "member.added")
            assert added["data"]["user_id"] == ada.id and added["data"]["role"] == "viewer"
            assert added["actor"]["id"] == ada.id  # they added themselves, by accepting
