"""`teamboard mail test ADDRESS` and `teamboard worker`, run as real subprocesses."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from devkit.smtp import SmtpServer
from tests.support.app import BACKEND
from tests.support.cli import TEAMBOARD, Cli

pytestmark = pytest.mark.skipif(
    BACKEND == "postgres", reason="the CLI runs on its own SQLite file; once is enough"
)


def test_mail_test_sends_one_message_and_says_what_the_server_answered(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    cli = Cli(tmp_path)
    result = cli.run("mail", "test", "ops@example.com", env={"TEAMBOARD_SMTP_URL": smtp.url})
    assert f"127.0.0.1:{smtp.port} answered: " in result.stdout and "OK" in result.stdout
    [received] = smtp.wait_for(1)
    assert received.recipients == ["ops@example.com"]
    assert received.header("Subject") == "Teamboard: a test message"

    smtp.stop()
    down = cli.run(
        "mail", "test", "ops@example.com", ok=False, env={"TEAMBOARD_SMTP_URL": smtp.url}
    )
    assert down.returncode == 1 and "did not take it" in down.stderr
    unset = cli.run("mail", "test", "ops@example.com", ok=False)
    assert unset.returncode == 2 and "TEAMBOARD_SMTP_URL is not set" in unset.stderr


def test_the_worker_sends_what_the_app_queued_and_stops_cleanly(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    cli = Cli(tmp_path)
    cli.run("migrate")
    env = cli.env | {"TEAMBOARD_SMTP_URL": smtp.url, "TEAMBOARD_MAIL_POLL_SECONDS": "0.2"}
    # The app queues (here: the CLI's own user creation queues nothing, so queue directly
    # through the outbox's table as a committed change would have left it).
    cli.run("create-user", "w@example.com", env={"TEAMBOARD_NEW_PASSWORD": "a long password!"})
    with sqlite3.connect(tmp_path / "cli.db") as db:
        db.execute(
            "INSERT INTO mail_outbox (message_id, kind, to_address, subject, text_body,"
            " html_body, headers, created_at, send_after, attempts) VALUES"
            " ('<1@t>', 'test', 'w@example.com', 'Queued', 'Hi', '<p>Hi</p>', '{}',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)"
        )
    worker = subprocess.Popen(  # noqa: S603 - our own CLI
        [str(TEAMBOARD), "worker"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        [received] = smtp.wait_for(1, timeout=20)
        assert received.header("Subject") == "Queued"
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=20)
    assert worker.returncode == 0, err
    assert "running mail" in err
