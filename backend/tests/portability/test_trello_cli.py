"""``teamboard import trello FILE --owner EMAIL --member-map user=email …``: the command
as a real subprocess, with its progress bar and the report the API gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import Cli
from tests.support.trello import small_export

OWNER = "owner@example.com"


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("trello-cli"))
    cli.run("migrate")
    env = {"TEAMBOARD_NEW_PASSWORD": "a-long-enough-password-42"}
    cli.run("create-user", OWNER, "--name", "Owen", env=env)
    return cli


def test_the_command_imports_the_board_and_prints_the_report(cli: Cli) -> None:
    path = cli.dir / "board.json"
    path.write_text(json.dumps(small_export()), encoding="utf-8")
    args = ("import", "trello", str(path), "--owner", OWNER)
    maps = ("--member-map", f"alice={OWNER}", "--member-map", "bob=bob@example.com")
    out = cli.run(*args, *maps).stdout
    assert "imported board 1" in out
    assert "Importing" in out and "4/4" in out  # the progress bar, at its end
    for line in ("  columns: 3", "  cards: 4", "  comments: 2", "  invitations: 1"):
        assert line in out
    assert "member Carol King (@carol): not in the member map" in out
    assert "note: Each import makes a new board" in out
    document = json.loads(cli.run("export-board", "1", "--as", OWNER).stdout)
    assert [c["name"] for c in document["columns"]] == ["To do", "Doing", "Done"]
    again = cli.run(*args).stdout
    assert "imported board 2" in again and "You imported this file before, into board 1" in again


def test_a_file_that_is_not_an_export_fails_with_words(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"title": "not a board"}', encoding="utf-8")
    result = cli.run("import", "trello", str(path), "--owner", OWNER, ok=False)
    assert result.returncode == 1
    assert result.stderr.startswith("error: This file is not a Trello board export: it has no")
    bad_map = cli.run(
        "import", "trello", str(path), "--owner", OWNER, "--member-map", "bob", ok=False
    )
    assert "as a Trello username, “=” and an e-mail address" in bad_map.stderr
    missing = cli.run("import", "trello", str(tmp_path / "none.json"), "--owner", OWNER, ok=False)
    assert missing.stderr.startswith("error: cannot read")
