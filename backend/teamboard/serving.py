"""``teamboard serve``: uvicorn, built here rather than by ``uvicorn.run`` so that shutdown
is graceful for WebSockets too.

On SIGTERM or SIGINT a worker stops accepting connections, tells every open WebSocket to
go away (1001, the app's own close through the hub) so that its client reconnects to
another instance at once, and only then lets uvicorn finish: in-flight HTTP requests
complete, and uvicorn's own close (1012, "service restart") is never what a client sees.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import tempfile
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process
from uvicorn.supervisors.multiprocess import logger as supervisor_log

from teamboard.core.config import Settings
from teamboard.core.logs import logging_config
from teamboard.core.metrics import MULTIPROC_ENV

log = logging.getLogger(__name__)
APP = "teamboard.asgi:app"


def _hub_of(app: Any) -> Any:
    """The Teamboard app under uvicorn's wrappers (proxy headers, …), and its hub."""
    for _ in range(10):
        state = getattr(app, "state", None)
        if state is not None and hasattr(state, "hub"):
            return state.hub
        app = getattr(app, "app", None)
    return None


class GracefulServer(uvicorn.Server):
    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in getattr(self, "servers", []):
            server.close()  # no new connections while the sockets are told to go
        hub = _hub_of(self.config.loaded_app)
        if hub is not None:
            try:
                await hub.close_all()
            except Exception:
                log.exception("closing WebSockets at shutdown failed")
        await super().shutdown(sockets)


class GracefulProcess(Process):
    """A worker running :class:`GracefulServer` (uvicorn's runs its plain ``Server``)."""

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = GracefulServer(config=self.config)
        return self._server


class GracefulMultiprocess(Multiprocess):
    """uvicorn's supervisor, starting (and restarting) :class:`GracefulProcess` workers.
    The three methods are uvicorn 0.55's, with the worker class swapped (uvicorn offers no
    way to choose it); tests/core/test_uvicorn_internals.py fails if upstream changes them."""

    def _new(self) -> Process:
        process = GracefulProcess(self.config, self.sockets)
        process.start()
        return process

    def init_processes(self) -> None:
        for _ in range(self.processes_num):
            self.processes.append(self._new())

    def restart_all(self) -> None:  # SIGHUP: replace each worker once its successor is up
        for idx, old_process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new_process = self._new()
            timeout = self.config.timeout_worker_healthcheck
            if not new_process.wait_until_ready(timeout, self.should_exit):
                new_process.kill()
                new_process.join()
                if not self.should_exit.is_set():
                    supervisor_log.error("new worker not ready in time; restart aborted")
                return
            old_process.terminate()
            old_process.join()
            self.processes[idx] = new_process

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for idx, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                supervisor_log.error(f"Child process [{process.pid}] failed to start, stopping.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            supervisor_log.info(f"Child process [{process.pid}] died")
            self.processes[idx] = self._new()


def _metrics_dir(workers: int) -> None:
    """Several workers: Prometheus' multiprocess mode, in a fresh folder unless one is
    configured (its files from a previous run would count as live). Set in the
    environment before any worker imports prometheus_client."""
    if workers < 2:
        return
    folder = os.environ.get(MULTIPROC_ENV)
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()
    else:
        os.environ[MULTIPROC_ENV] = tempfile.mkdtemp(prefix="teamboard-metrics-")


def serve(settings: Settings, *, host: str, port: int, workers: int, reload: bool) -> int:
    """Runs until stopped; returns the exit status."""
    _metrics_dir(1 if reload else workers)
    config = uvicorn.Config(
        APP,
        host=host,
        port=port,
        workers=1 if reload else workers,
        reload=reload,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=",".join(settings.trusted_proxies) or None,
        # WebSockets: compression would cost ~120 KB per connection for messages of a
        # few hundred bytes; the sans-I/O implementation halves what is left; a client
        # message is a small JSON command; a dead peer is found by ping.
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        ws_max_size=64 * 1024,
        ws_ping_interval=settings.ws_ping_seconds,
        ws_ping_timeout=settings.ws_ping_seconds,
        # asyncio, not uvloop: at saturation uvloop serves connections unevenly (some
        # wait many times longer than others); asyncio keeps the tail near the median.
        loop="asyncio",
        server_header=False,
        # Our logging (JSON lines by default); the app writes the access line itself,
        # with the request id, so uvicorn's is off.
        log_config=logging_config(settings),
        log_level=settings.log_level,
        access_log=False,
    )
    server = GracefulServer(config)
    if config.should_reload:
        from uvicorn.supervisors import ChangeReload

        ChangeReload(config, target=server.run, sockets=[config.bind_socket()]).run()
        return 0
    if config.workers > 1:
        GracefulMultiprocess(config, sockets=[config.bind_socket()]).run()
        return 0
    # After its graceful shutdown uvicorn raises the signal it caught again, for the
    # default action; by then everything is done, and the exit status should say so.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _already_stopped)
    server.run()
    return 0 if server.started else STARTUP_FAILURE


def _already_stopped(_sig: int, _frame: Any) -> None:
    return None
