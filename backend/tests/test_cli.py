"""The ``teamboard`` command, run as a real subprocess against its own SQLite file. (What
export, import and the demo data hold is tests/portability/'s.)"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.support.app import BACKEND
from tests.support.cli import DEMO, Cli
from tests.support.files import image

pytestmark = pytest.mark.skipif(
    BACKEND == "postgres", reason="the CLI runs on its own SQLite file; once is enough"
)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def boards(cli: Cli) -> int:
    with sqlite3.connect(cli.dir / "cli.db") as db:
        count: int = db.execute("SELECT count(*) FROM boards").fetchone()[0]
    return count


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str]:
    """One migrated database with the demo loaded, shared by this module's tests (each
    ``teamboard`` run costs a process start)."""
    cli = Cli(tmp_path_factory.mktemp("cli"))
    assert cli.run("migrate").stdout.strip() == "database is up to date"
    return cli, cli.run("seed-demo").stdout


def test_migrate_again_is_a_no_op(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    assert cli.run("migrate").stdout.strip() == "database is up to date"


def test_seed_demo_once(seeded: tuple[Cli, str]) -> None:
    cli, first = seeded
    assert f"log in as {DEMO} / teamboard-demo" in first
    demo = cli.export(1)
    assert demo["name"] == "Teamboard launch"
    before = boards(cli)
    assert "not loaded" in cli.run("seed-demo").stdout
    assert boards(cli) == before
    assert cli.export(1) == demo
    missing = cli.run("export-board", "999", "--as", DEMO, ok=False)
    assert "No such board" in one_line_error(missing)


def test_export_with_the_activity(seeded: tuple[Cli, str]) -> None:
    cli, _first = seeded
    doc = json.loads(cli.run("export", "1", "--as", DEMO, "--activity").stdout)
    assert doc["activity_complete"] is True and doc["activity"][0]["seq"] == 1
    assert {entry["by"] for entry in doc["activity"]} >= {DEMO}
    doc.pop("activity"), doc.pop("activity_complete")
    assert doc == cli.export(1)  # the rest as ever


def test_create_user(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    env = {"TEAMBOARD_NEW_PASSWORD": "a perfectly fine password"}
    result = cli.run("create-user", "Zoe@Example.com", "--name", "Zoë", "--admin", env=env)
    assert result.stdout.startswith("created user ")
    again = cli.run("create-user", "zoe@example.com", ok=False, env=env)
    assert "already exists" in one_line_error(again)
    weak = cli.run(
        "create-user", "new@example.com", ok=False, env={"TEAMBOARD_NEW_PASSWORD": "short"}
    )
    one_line_error(weak)
    bad = cli.run("create-user", "not-an-email", ok=False, env=env)
    assert "email" in one_line_error(bad)
    # The new account can own an imported board (found by its lower-cased e-mail).
    path = cli.dir / "tiny.json"
    path.write_text(json.dumps({"format": "teamboard.board/1", "name": "Tiny"}), "utf-8")
    imported = cli.run("import-board", str(path), "--owner", "zoe@example.com").stdout
    exported = cli.export(int(imported.split()[-1]), "ZOE@example.com")
    assert exported["name"] == "Tiny"
    assert exported["members"] == [{"email": "zoe@example.com", "role": "owner"}]


def test_export_import_export_is_identical(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    original = cli.run("export-board", "1", "--as", DEMO, "-o", str(cli.dir / "one.json"))
    assert original.stdout == ""
    text = (cli.dir / "one.json").read_text("utf-8")
    imported = cli.run("import-board", str(cli.dir / "one.json"), "--owner", DEMO).stdout
    assert imported.startswith("imported board ")
    copy = int(imported.split()[-1])
    assert copy != 1
    assert cli.run("export-board", str(copy), "--as", DEMO).stdout == text
    # A member of the demo board is a member of the copy too, with the same role: an
    # editor, who may not take it out.
    refused = cli.run("export-board", str(copy), "--as", "ana@example.com", ok=False)
    assert refused.stderr.strip() == "error: Only board owners may do this"


def test_invalid_imports_fail_with_one_line(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    good = cli.export(1)
    bad: dict[str, str] = {
        "not-json.json": "{not json",
        "array.json": "[1, 2]",
        "format.json": json.dumps(good | {"format": "other/9"}),
        "title.json": json.dumps(good | {"columns": [{"name": "C", "cards": [{"title": ""}]}]}),
    }
    before = boards(cli)
    for name, content in bad.items():
        (cli.dir / name).write_text(content, "utf-8")
        result = cli.run("import-board", str(cli.dir / name), "--owner", DEMO, ok=False)
        assert result.returncode == 1, name
        one_line_error(result)
    (cli.dir / "latin1.json").write_bytes(b'{"name": "caf\xe9"}')
    for path in (cli.dir / "latin1.json", cli.dir / "missing.json"):
        one_line_error(cli.run("import-board", str(path), "--owner", DEMO, ok=False))
    (cli.dir / "good.json").write_text(json.dumps(good), "utf-8")
    stranger = cli.run("import-board", str(cli.dir / "good.json"), "--owner", "x@y.z", ok=False)
    assert "x@y.z" in one_line_error(stranger)
    assert boards(cli) == before


def _archive(path: Path, document: dict[str, Any], files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("board.json", json.dumps(document))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_an_archive_round_trip_restores_the_files(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    files = {"files/1/cat.png": image(), "files/2/todo.txt": b"feed the cat\n"}
    listed: list[dict[str, Any]] = [
        {"name": "cat.png", "created_at": "2030-01-02T03:04:05Z", "cover": True},
        {"name": "todo.txt", "created_at": "2030-01-02T03:04:06Z", "uploader": DEMO},
    ]
    card = {"title": "Cat", "attachments": [a | {"file": f} for a, f in zip(listed, files)]}
    document = {
        "format": "teamboard.board/2",
        "name": "Pets",
        "columns": [{"name": "To do", "cards": [card]}],
    }
    made = cli.run(
        "import-board", str(_archive(cli.dir / "pets.zip", document, files)), "--owner", DEMO
    )
    assert made.stdout.startswith("imported board ") and made.stdout.count("\n") == 1
    assert made.stderr == "note: 2 files restored\n"
    board = made.stdout.split()[-1]
    out = cli.dir / "out.zip"
    assert cli.run("export-board", board, "--as", DEMO, "--archive", str(out)).stdout == ""
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["board.json", *files]
        assert {name: archive.read(name) for name in files} == files
        exported = json.loads(archive.read("board.json"))
    [attachments] = [c["attachments"] for c in exported["columns"][0]["cards"]]
    assert [(a["content_type"], a["uploader"], a["cover"]) for a in attachments] == [
        ("image/png", None, True),  # nobody named (an account since deleted): nobody
        ("text/plain", DEMO, False),
    ]
    assert cli.export(int(board)) == exported  # the JSON export is the archive's document
    again = cli.run("import-board", str(out), "--owner", DEMO).stdout.split()[-1]
    cli.run("export-board", again, "--as", DEMO, "--archive", str(cli.dir / "again.zip"))
    with zipfile.ZipFile(cli.dir / "again.zip") as archive:
        assert json.loads(archive.read("board.json")) == exported
    # The document alone: the files are listed, and left out of the import, which says so.
    (cli.dir / "pets.json").write_text(json.dumps(exported), "utf-8")
    alone = cli.run("import-board", str(cli.dir / "pets.json"), "--owner", DEMO)
    assert alone.stderr.startswith("note: 2 attachments left out: a JSON export lists files")
    assert cli.export(int(alone.stdout.split()[-1]))["columns"][0]["cards"][0]["attachments"] == []


def test_a_bad_archive_fails_with_one_line(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    before = boards(cli)
    document = {"format": "teamboard.board/2", "name": "Evil"}
    evil = _archive(cli.dir / "evil.zip", document, {"../../etc/cron.d/x": b"* * * * * boom"})
    error = one_line_error(cli.run("import-board", str(evil), "--owner", DEMO, ok=False))
    assert "'../../etc/cron.d/x', outside its own folder" in error
    broken = _archive(cli.dir / "broken.zip", {"format": "teamboard.board/2"}, {})
    assert "name" in one_line_error(cli.run("import-board", str(broken), "--owner", DEMO, ok=False))
    assert boards(cli) == before
    both = cli.run(
        "export-board", "1", "--as", DEMO, "-o", "a.json", "--archive", "a.zip", ok=False
    )
    assert one_line_error(both) == "error: give --archive or --output, not both"
    assert not (cli.dir / "a.zip").exists() and not (cli.dir / "a.json").exists()
    missing = cli.run("export-board", "999", "--as", DEMO, "--archive", "gone.zip", ok=False)
    assert "No such board" in one_line_error(missing)
    assert sorted(p.name for p in cli.dir.glob("*gone.zip*")) == []


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TEAMBOARD_CORS_ORIGINS", "*"),
        ("TEAMBOARD_DATABASE_URL", "mysql://localhost/teamboard"),
        ("TEAMBOARD_SECRET_KEY", "too-short"),
    ],
)
def test_bad_setting_stops_with_one_line(tmp_path: Path, variable: str, value: str) -> None:
    result = Cli(tmp_path).run("migrate", ok=False, env={variable: value})
    assert result.returncode != 0
    assert variable in one_line_error(result)
    assert not (tmp_path / "cli.db").exists()


def test_search_reindex_rebuilds_a_lost_index(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    with sqlite3.connect(cli.dir / "cli.db") as db:
        cards: int = db.execute("SELECT count(*) FROM cards").fetchone()[0]
        db.execute("DELETE FROM search_documents")
    assert cards > 0
    out = cli.run("search", "reindex").stdout.strip()
    assert out == f"search index rebuilt: {cards} cards"
    with sqlite3.connect(cli.dir / "cli.db") as db:
        assert db.execute("SELECT count(*) FROM search_documents").fetchone()[0] == cards
        # FTS5's own check that its index matches the documents.
        db.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        title = db.execute("SELECT title FROM cards ORDER BY id LIMIT 1").fetchone()[0]
        word = max(title.split(), key=len)
        query = "SELECT rowid FROM search_fts WHERE search_fts MATCH ?"
        assert db.execute(query, ['"' + word.replace('"', '""') + '"']).fetchall()


def test_export_in_each_format(seeded: tuple[Cli, str]) -> None:
    cli, _ = seeded
    table = cli.run("export", "1", "--as", DEMO, "--format", "csv").stdout
    assert table.startswith("\ufeffboard,column,title,description,labels,assignees,")
    assert (
        cli.run("export", "1", "--as", DEMO).stdout
        == cli.run("export-board", "1", "--as", DEMO).stdout
    )
    assert cli.run("export", "1", "--as", DEMO, "--format", "zip", ok=False).returncode == 2
    cli.run("export", "1", "--as", DEMO, "--format", "zip", "-o", str(cli.dir / "b.zip"))
    with zipfile.ZipFile(cli.dir / "b.zip") as archive:
        assert "board.json" in archive.namelist()
    refused = cli.run("export", "1", "--as", DEMO, "--format", "xlsx", ok=False)
    assert refused.stderr.strip() == "error: --format is json, zip or csv, not 'xlsx'"


def test_export_without_as_acts_for_the_boards_owner(seeded: tuple[Cli, str]) -> None:
    """``teamboard export BOARD_ID --format …``: the operator names nobody, and the board
    is taken out as its longest-standing owner would take it."""
    cli, _ = seeded
    for form in ("csv", "json"):
        assert (
            cli.run("export", "1", "--format", form).stdout
            == cli.run("export", "1", "--as", DEMO, "--format", form).stdout
        )
    missing = cli.run("export", "999", "--format", "csv", ok=False)
    assert (missing.returncode, missing.stderr.strip()) == (1, "error: No board 999")
