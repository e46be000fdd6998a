"""What the API driver does, written once: each operation is a generator (a "flow")
that yields the requests it makes and receives their responses, so that the same code
runs awaited over an ``httpx.AsyncClient`` (the backend tests' in-process ASGI transport,
the real-time tests, the scale test) and called over an ``httpx.Client`` (e2e next to a
synchronous browser, the benchmarks). devkit.api runs them."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from devkit.procs import DevkitError

API = "/api/v1"
PASSWORD = "a long test password"  # noqa: S105 - throw-away accounts
PROBLEM = "application/problem+json"
PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}
SESSION_COOKIE, CSRF_COOKIE, PRE_LOGIN_COOKIE = "tb_session", "tb_csrf", "tb_form"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
_serial = itertools.count(1)  # one sequence per process: every driver's e-mails differ

T = TypeVar("T")


@dataclass(frozen=True)
class Call:
    """One request of a flow: ``client.request(method, url, **options)``."""

    method: str
    url: str
    options: dict[str, Any] = field(default_factory=dict)


Flow = Generator[Call, httpx.Response, T]


class UnexpectedResponse(DevkitError, AssertionError):
    """The server answered something else than the flow needed (an assertion in tests)."""


def expect(response: httpx.Response, status: int | None, what: str) -> Any:
    """The response's JSON (None when empty) if its status is ``status`` (any 2xx when
    None); UnexpectedResponse saying what was expected otherwise."""
    wanted = response.is_success if status is None else response.status_code == status
    if not wanted:
        raise UnexpectedResponse(
            f"{what}: expected {status or '2xx'}, got {response.status_code}: {response.text[:500]}"
        )
    return response.json() if response.content else None


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> Any:
    """An RFC 9457 problem document with ``status`` (and ``code``); returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    assert body.keys() >= PROBLEM_KEYS, body
    assert body["status"] == status, body
    if code is not None:
        assert body["code"] == code, body
    return body


@dataclass(frozen=True)
class User:
    """A signed-up account and, unless it was not logged in, its bearer tokens."""

    id: int
    email: str
    password: str
    name: str
    token: str = ""
    refresh: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


Who = User | Mapping[str, str]  # a user, or the headers that authenticate a request


def bearer(who: Who) -> dict[str, str]:
    return who.headers if isinstance(who, User) else {"Authorization": who["Authorization"]}


@dataclass(frozen=True)
class Session:
    """A browser's log-in: its cookies, and the CSRF token its writes must carry."""

    cookies: dict[str, str]
    csrf: str

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    @property
    def headers(self) -> dict[str, str]:
        """For API writes with the cookie: the cookie and the X-CSRF-Token header."""
        return {"Cookie": self.cookie_header, "X-CSRF-Token": self.csrf}


class Flows:
    """Every operation of the driver. ``password`` is the default of the accounts it
    signs up; ``unique`` adds a timestamp to their e-mail addresses, for databases that
    are not emptied between tests (a live server's, the scale test's)."""

    def __init__(self, *, password: str = PASSWORD, unique: bool = False) -> None:
        self.password = password
        self.unique = unique

    def email_for(self, name: str) -> str:
        local = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "user"
        stamp = f"-{time.time_ns()}" if self.unique else ""
        return f"{local}{next(_serial)}{stamp}@example.com"

    def sign_up(
        self,
        name: str = "",
        *,
        email: str | None = None,
        password: str | None = None,
        log_in: bool = True,
    ) -> Flow[User]:
        """A new account through ``POST /auth/signup``; with ``log_in``, its bearer
        tokens from ``POST /auth/token`` (a log-in: it counts against the limits)."""
        email = email or self.email_for(name)
        password = password or self.password
        display = name or email.partition("@")[0]
        body = {"email": email, "password": password, "display_name": display}
        made = expect((yield Call("POST", f"{API}/auth/signup", {"json": body})), 201, "sign-up")
        user = User(int(made["id"]), email, password, display)
        if not log_in:
            return user
        pair = yield from self.tokens(email, password)
        return User(user.id, email, password, display, pair["access_token"], pair["refresh_token"])

    def tokens(self, email: str, password: str) -> Flow[dict[str, Any]]:
        """A bearer token pair (``POST /auth/token``, the OAuth 2 password form)."""
        form = {"username": email, "password": password}
        pair: dict[str, Any] = expect(
            (yield Call("POST", f"{API}/auth/token", {"data": form})), 200, "token"
        )
        return pair

    def browser_log_in(self, email: str, password: str, origin: str | None = None) -> Flow[Session]:
        """The SPA's log-in (``POST /auth/login``): the session cookie and CSRF token."""
        options: dict[str, Any] = {"json": {"email": email, "password": password}}
        if origin:
            options["headers"] = {"Origin": origin}
        r = yield Call("POST", f"{API}/auth/login", options)
        body = expect(r, 200, "cookie log-in")
        return Session(dict(r.cookies), str(body["csrf_token"]))

    def page_log_in(self, email: str, password: str, next_path: str = "") -> Flow[Session]:
        """The log-in page's flow: ``GET /login`` hands out the pre-login double-submit
        token (its cookie and the form's hidden field), ``POST /login`` with both answers
        303 with the session cookie. Cookies go in explicit headers: a test client's jar
        would hold back Secure ones on plain http."""
        params = {"next": next_path} if next_path else {}
        form_page = yield Call("GET", "/login", {"params": params})
        pre_login = form_page.cookies.get(PRE_LOGIN_COOKIE)
        found = _CSRF_FIELD.search(form_page.text)
        if form_page.status_code != 200 or not pre_login or found is None:
            raise UnexpectedResponse(
                f"GET /login: status {form_page.status_code}, {PRE_LOGIN_COOKIE} cookie "
                f"{'set' if pre_login else 'missing'}, csrf field {'found' if found else 'missing'}"
            )
        form = {"email": email, "password": password, "csrf_token": found.group(1)}
        if next_path:
            form["next"] = next_path
        headers = {"Cookie": f"{PRE_LOGIN_COOKIE}={pre_login}"}
        done = yield Call("POST", "/login", {"data": form, "headers": headers})
        cookie, csrf = done.cookies.get(SESSION_COOKIE), done.cookies.get(CSRF_COOKIE)
        where = next_path or None
        if (
            done.status_code != 303
            or not cookie
            or not csrf
            or (where and done.headers.get("location") != where)
        ):
            raise UnexpectedResponse(
                f"POST /login: expected 303{' to ' + where if where else ''} with "
                f"{SESSION_COOKIE} and {CSRF_COOKIE} cookies, got {done.status_code} to "
                f"{done.headers.get('location')!r}: {done.text[:300]}"
            )
        return Session({SESSION_COOKIE: cookie}, csrf)

    def call(
        self, /, who: Who | Session | None, method: str, path: str, *, status: int | None = None,
        **options: Any,
    ) -> Flow[Any]:  # fmt: skip
        """Any request, as ``who``; its JSON once the status is ``status`` (any 2xx when
        None)."""
        headers = dict(options.pop("headers", None) or {})
        if isinstance(who, Session):
            headers = who.headers | headers
        elif who is not None:
            headers = bearer(who) | headers
        r = yield Call(method, path, {**options, "headers": headers})
        return expect(r, status, f"{method} {path}")

    def board(self, /, who: Who, name: str = "Board", **fields: Any) -> Flow[dict[str, Any]]:
        """A new board (``fields``: description, columns …); returns it as GET shows it."""
        made = yield from self.call(who, "POST", f"{API}/boards", status=201,
                                    json={"name": name, **fields})  # fmt: skip
        board: dict[str, Any] = yield from self.call(who, "GET", f"{API}/boards/{made['id']}")
        return board

    def column(self, who: Who, board_id: int, name: str) -> Flow[dict[str, Any]]:
        column: dict[str, Any] = yield from self.call(
            who, "POST", f"{API}/boards/{board_id}/columns", status=201, json={"name": name}
        )
        return column

    def card(
        self, /, who: Who | Session, column_id: int, title: str = "Card", **fields: Any
    ) -> Flow[dict[str, Any]]:
        card: dict[str, Any] = yield from self.call(
            who, "POST", f"{API}/columns/{column_id}/cards", status=201,
            json={"title": title, **fields},
        )  # fmt: skip
        return card

    def comment(self, who: Who | Session, card_id: int, body: str) -> Flow[dict[str, Any]]:
        comment: dict[str, Any] = yield from self.call(
            who, "POST", f"{API}/cards/{card_id}/comments", status=201, json={"body": body}
        )
        return comment

    def checklist(
        self, who: Who | Session, card_id: int, title: str, items: Sequence[str] = ()
    ) -> Flow[dict[str, Any]]:
        """A new checklist with ``items``; returns it with them, as the card read shows it."""
        checklist: dict[str, Any] = yield from self.call(
            who, "POST", f"{API}/cards/{card_id}/checklists", status=201, json={"title": title}
        )
        for text in items:
            item = yield from self.call(
                who, "POST", f"{API}/checklists/{checklist['id']}/items", status=201,
                json={"text": text},
            )  # fmt: skip
            checklist["items"].append(item)
        return checklist

    def invite(self, owner: Who, board_id: int, email: str, role: str) -> Flow[dict[str, Any]]:
        """An owner invites ``email`` (``POST /boards/{id}/members``): 202, whoever the
        address belongs to; its owner is mailed a link."""
        sent: dict[str, Any] = yield from self.call(
            owner, "POST", f"{API}/boards/{board_id}/members", status=202,
            json={"email": email, "role": role},
        )  # fmt: skip
        return sent

    def accept_invitation(self, who: Who, board_id: int) -> Flow[dict[str, Any]]:
        """``who`` accepts their pending invitation to the board; returns the board as
        ``who`` now sees it. Their address must be verified (devkit.verified), or
        ``/me/invitations`` does not list it."""
        mine = yield from self.call(who, "GET", f"{API}/me/invitations")
        found = [i for i in mine if i["board_id"] == board_id]
        if not found:
            raise UnexpectedResponse(
                f"no invitation to board {board_id} in GET /me/invitations ({mine!r}): "
                "is the invitee's address verified?"
            )
        board: dict[str, Any] = yield from self.call(
            who, "POST", f"{API}/invitations/{found[0]['id']}/accept", status=200
        )
        return board

    def add_member(
        self, owner: Who, board_id: int, email: str, role: str, *, invitee: Who
    ) -> Flow[None]:
        """A member, the way people become one: ``owner`` invites ``email`` and its
        owner, ``invitee`` (signed in, the address verified), accepts."""
        yield from self.invite(owner, board_id, email, role)
        yield from self.accept_invitation(invitee, board_id)

    def ticket(self, who: Who) -> Flow[str]:
        """A one-time WebSocket ticket (how a client on another origin opens a socket)."""
        made = yield from self.call(who, "POST", f"{API}/ws-ticket", status=201)
        return str(made["ticket"])
