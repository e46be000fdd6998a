"""One API driver for every suite: sign-up and log-in (bearer tokens, the SPA's cookie
log-in, the log-in page's flow), boards, columns, cards, comments, invitations and
members, WebSocket tickets, any other call, and ``assert_problem``.

``Api`` awaits the operations over an ``httpx.AsyncClient``: one with
``httpx.ASGITransport`` keeps the backend tests in-process and fast, one with a base URL
drives a real server. ``SyncApi`` calls the same operations over an ``httpx.Client``,
for code that cannot await (next to Playwright's synchronous browser, in the
benchmarks). The operations themselves are devkit.flows, written once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, cast, overload

import httpx

from devkit.flows import (
    API,
    PASSWORD,
    PROBLEM,
    Call,
    Flow,
    Flows,
    Session,
    UnexpectedResponse,
    User,
    Who,
    assert_problem,
    bearer,
    expect,
)

__all__ = [
    "API",
    "PASSWORD",
    "PROBLEM",
    "Api",
    "Person",
    "Session",
    "SyncApi",
    "UnexpectedResponse",
    "User",
    "Who",
    "assert_problem",
    "bearer",
    "expect",
]

P = ParamSpec("P")
T = TypeVar("T")


def _request(call: Call) -> tuple[str, str, dict[str, Any]]:
    return call.method, call.url, call.options


class _Awaited(Generic[P, T]):
    """``Api.board = _Awaited(Flows.board)``: the flow, awaited over the driver's client."""

    def __init__(self, flow: Callable[Concatenate[Flows, P], Flow[T]]) -> None:
        self.flow = flow
        self.__doc__ = flow.__doc__

    @overload
    def __get__(self, api: None, owner: type) -> Self: ...
    @overload
    def __get__(self, api: Api, owner: type) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, api: Api | None, owner: type) -> Self | Callable[P, Awaitable[T]]:
        if api is None:
            return self
        flow = self.flow

        async def operation(*args: P.args, **kwargs: P.kwargs) -> T:
            return await api.run(flow(api.flows, *args, **kwargs))

        return operation


class _Called(Generic[P, T]):
    """``SyncApi.board = _Called(Flows.board)``: the flow, called over the driver's client."""

    def __init__(self, flow: Callable[Concatenate[Flows, P], Flow[T]]) -> None:
        self.flow = flow
        self.__doc__ = flow.__doc__

    @overload
    def __get__(self, api: None, owner: type) -> Self: ...
    @overload
    def __get__(self, api: SyncApi, owner: type) -> Callable[P, T]: ...
    def __get__(self, api: SyncApi | None, owner: type) -> Self | Callable[P, T]:
        if api is None:
            return self
        flow = self.flow

        def operation(*args: P.args, **kwargs: P.kwargs) -> T:
            return api.run(flow(api.flows, *args, **kwargs))

        return operation


class Api:
    """The driver over an ``httpx.AsyncClient`` (its cookie jar is the driver's)."""

    def __init__(self, client: httpx.AsyncClient, *, password: str = PASSWORD,
                 unique: bool = False) -> None:  # fmt: skip
        self.client = client
        self.flows = Flows(password=password, unique=unique)

    @classmethod
    def connect(
        cls, base_url: str, *, password: str = PASSWORD, timeout: float = 30, **options: Any
    ) -> Self:
        """A driver of its own client for a real server (``aclose()`` it); ``options``
        go to ``httpx.AsyncClient``."""
        client = httpx.AsyncClient(base_url=base_url, timeout=timeout, **options)
        return cls(client, password=password, unique=True)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def run(self, flow: Flow[T]) -> T:
        try:
            call = next(flow)
            while True:
                method, url, options = _request(call)
                call = flow.send(await self.client.request(method, url, **options))
        except StopIteration as done:
            return cast(T, done.value)

    sign_up = _Awaited(Flows.sign_up)
    tokens = _Awaited(Flows.tokens)
    browser_log_in = _Awaited(Flows.browser_log_in)
    page_log_in = _Awaited(Flows.page_log_in)
    call = _Awaited(Flows.call)
    board = _Awaited(Flows.board)
    column = _Awaited(Flows.column)
    card = _Awaited(Flows.card)
    comment = _Awaited(Flows.comment)
    checklist = _Awaited(Flows.checklist)
    add_member = _Awaited(Flows.add_member)
    invite = _Awaited(Flows.invite)
    accept_invitation = _Awaited(Flows.accept_invitation)
    ticket = _Awaited(Flows.ticket)


class SyncApi:
    """The driver over an ``httpx.Client``."""

    def __init__(self, client: httpx.Client, *, password: str = PASSWORD,
                 unique: bool = False) -> None:  # fmt: skip
        self.client = client
        self.flows = Flows(password=password, unique=unique)

    @classmethod
    def connect(
        cls, base_url: str, *, password: str = PASSWORD, timeout: float = 30, **options: Any
    ) -> Self:
        """A driver of its own client for a real server (``close()`` it, or use ``with``);
        ``options`` go to ``httpx.Client``."""
        client = httpx.Client(base_url=base_url, timeout=timeout, **options)
        return cls(client, password=password, unique=True)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def run(self, flow: Flow[T]) -> T:
        try:
            call = next(flow)
            while True:
                method, url, options = _request(call)
                call = flow.send(self.client.request(method, url, **options))
        except StopIteration as done:
            return cast(T, done.value)

    sign_up = _Called(Flows.sign_up)
    tokens = _Called(Flows.tokens)
    browser_log_in = _Called(Flows.browser_log_in)
    page_log_in = _Called(Flows.page_log_in)
    call = _Called(Flows.call)
    board = _Called(Flows.board)
    column = _Called(Flows.column)
    card = _Called(Flows.card)
    comment = _Called(Flows.comment)
    checklist = _Called(Flows.checklist)
    add_member = _Called(Flows.add_member)
    invite = _Called(Flows.invite)
    accept_invitation = _Called(Flows.accept_invitation)
    ticket = _Called(Flows.ticket)


class Person:
    """A user with a client of their own (their own cookie jar, like a browser tab), for
    tests against a real server: ``await Person.sign_up(url, "ada")``."""

    def __init__(self, api: Api, user: User) -> None:
        self.api = api
        self.user = user
        self.client = api.client
        self.id = user.id
        self.email = user.email
        self.headers = user.headers

    @classmethod
    async def sign_up(cls, base_url: str, name: str, **options: Any) -> Person:
        api = Api.connect(base_url, **options)
        return cls(api, await api.sign_up(name))

    async def call(self, method: str, path: str, **options: Any) -> Any:
        """Any request as this user (bearer token); its JSON, once it succeeded."""
        return await self.api.call(self.user, method, path, **options)

    async def log_in_browser(self) -> str:
        """Log in by cookie too; returns the Cookie header for a WebSocket handshake."""
        await self.api.browser_log_in(self.email, self.user.password)
        return "; ".join(f"{k}={v}" for k, v in self.client.cookies.items())

    async def ticket(self) -> str:
        return await self.api.ticket(self.user)

    async def aclose(self) -> None:
        await self.api.aclose()
