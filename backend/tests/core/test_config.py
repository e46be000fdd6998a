"""Settings from the environment: wrong values stop start-up with one line naming the
variable; the secret key is generated once and kept private."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from teamboard.core.config import ConfigError, Settings, load_settings
from teamboard.core.security import AccessTokens


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean TEAMBOARD_* environment, and a working directory with no .env file."""
    for name in list(os.environ):
        if name.startswith("TEAMBOARD_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEAMBOARD_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def config_error(env: pytest.MonkeyPatch, **values: str) -> str:
    for name, value in values.items():
        env.setenv(f"TEAMBOARD_{name}", value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    # One line, not pydantic's report chained underneath.
    error = caught.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    return message


def test_defaults_load(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.access_token_minutes == 15
    assert settings.cors_origins == []
    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.data_dir == tmp_path / "data"
    assert not settings.secure_cookies


def test_values_are_read_from_the_environment(env: pytest.MonkeyPatch) -> None:
    env.setenv("TEAMBOARD_BASE_URL", "https://Board.Example.com/")
    env.setenv("TEAMBOARD_CORS_ORIGINS", "https://app.example.com, http://localhost:5173/")
    env.setenv("TEAMBOARD_ACCESS_TOKEN_MINUTES", "5")
    env.setenv("TEAMBOARD_DATABASE_URL", "postgresql+asyncpg://tb:pw@db/tb")
    settings = load_settings()
    assert settings.base_url == "https://Board.Example.com"
    assert settings.site_origin == "https://board.example.com"
    assert settings.cors_origins == ["https://app.example.com", "http://localhost:5173"]
    assert settings.allowed_origins == {
        "https://board.example.com",
        "https://app.example.com",
        "http://localhost:5173",
    }
    assert settings.access_token_minutes == 5
    assert settings.secure_cookies and not settings.is_sqlite


def test_wildcard_cors_with_credentials_is_refused(env: pytest.MonkeyPatch) -> None:
    message = config_error(env, CORS_ORIGINS="*")
    assert message.startswith("TEAMBOARD_CORS_ORIGINS")
    assert "credentials" in message
    message = config_error(env, CORS_ORIGINS="https://a.example, *", CORS_ALLOW_CREDENTIALS="1")
    assert message.startswith("TEAMBOARD_CORS_ORIGINS")


def test_a_replay_budget_smaller_than_the_longest_replay_is_refused(
    env: pytest.MonkeyPatch,
) -> None:
    message = config_error(env, WS_MAX_REPLAY="6000")
    assert message.startswith("TEAMBOARD_WS_REPLAY_PER_MINUTE must be at least")
    assert "(6000)" in message
    env.setenv("TEAMBOARD_WS_REPLAY_PER_MINUTE", "6000")
    assert load_settings().ws_replay_per_minute == 6000


def test_wildcard_cors_without_credentials_is_allowed_but_never_trusted(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("TEAMBOARD_CORS_ORIGINS", "*")
    env.setenv("TEAMBOARD_CORS_ALLOW_CREDENTIALS", "false")
    settings = load_settings()
    assert settings.cors_origins == ["*"]
    assert "*" not in settings.allowed_origins


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ACCESS_TOKEN_MINUTES", "99"),
        ("ACCESS_TOKEN_MINUTES", "0"),
        ("ACCESS_TOKEN_MINUTES", "fifteen"),
        ("DATABASE_URL", "mysql://root@localhost/tb"),
        ("DATABASE_URL", "sqlite:///teamboard.db"),
        ("BASE_URL", "not a url"),
        ("BASE_URL", "ftp://files.example"),
        ("CORS_ORIGINS", "https://ok.example, javascript:alert(1)"),
        ("SESSION_DAYS", "0"),
        ("MAX_BODY_BYTES", "10"),
        ("LOGIN_MAX_PER_ACCOUNT", "0"),
        ("SECRET_KEY", "too-short"),
        ("DB_POOL_SIZE", "0"),
        ("DB_MAX_OVERFLOW", "-1"),
        ("DB_POOL_TIMEOUT", "0"),
        ("LOG_FORMAT", "xml"),
        ("LOG_LEVEL", "loud"),
        ("METRICS_TOKEN", "too-short"),
    ],
)
def test_a_bad_value_names_its_variable(env: pytest.MonkeyPatch, name: str, value: str) -> None:
    message = config_error(env, **{name: value})
    assert message.startswith(f"TEAMBOARD_{name}: "), message
    assert len(message) > len(f"TEAMBOARD_{name}: ")
    assert "too-short" not in message  # never echo a secret


def test_operations_settings(env: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert (settings.db_pool_size, settings.db_max_overflow) == (10, 10)
    assert (settings.log_format, settings.log_level, settings.metrics_token) == ("json", "info", "")
    env.setenv("TEAMBOARD_LOG_FORMAT", "Text")
    env.setenv("TEAMBOARD_LOG_LEVEL", "WARNING")
    env.setenv("TEAMBOARD_METRICS_TOKEN", "a-scraper-token-0123456789")
    settings = load_settings()
    assert (settings.log_format, settings.log_level) == ("text", "warning")
    assert "a-scraper-token" not in repr(settings)


def test_bad_value_in_a_dotenv_file_is_named_too(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TEAMBOARD_ACCESS_TOKEN_MINUTES=99\n")
    assert config_error(env).startswith("TEAMBOARD_ACCESS_TOKEN_MINUTES: ")


def test_secret_key_is_generated_once_private_and_reused(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = load_settings()
    key = first.resolved_secret_key()
    path = tmp_path / "data" / "secret_key"
    assert path.read_text().strip() == key
    assert len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.resolved_secret_key() == key
    assert load_settings().resolved_secret_key() == key  # a restart keeps the key
    # ...so tokens issued before a restart still verify after it.
    token = AccessTokens(first).issue(1, 0)
    claims = AccessTokens(load_settings()).verify(token)
    assert claims is not None and claims.user_id == 1


def test_workers_starting_together_share_one_whole_key(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Several workers generating the key at once: none may read a half-written (empty)
    file or crash on the one that won; all must use the same key."""
    for attempt in range(20):
        env.setenv("TEAMBOARD_DATA_DIR", str(tmp_path / f"run{attempt}"))
        workers = [load_settings() for _ in range(8)]
        barrier = threading.Barrier(len(workers))
        keys: list[str] = []
        errors: list[BaseException] = []

        def start(settings: Settings) -> None:
            barrier.wait()
            try:
                keys.append(settings.resolved_secret_key())
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(w,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(set(keys)) == 1 and len(keys[0]) >= 32
        assert sorted(p.name for p in (tmp_path / f"run{attempt}").iterdir()) == ["secret_key"]


def test_an_empty_key_file_stops_start_up(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("\n")
    with pytest.raises(ConfigError, match="TEAMBOARD_SECRET_KEY"):
        load_settings().resolved_secret_key()


def test_another_data_dir_gets_another_key(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = load_settings().resolved_secret_key()
    env.setenv("TEAMBOARD_DATA_DIR", str(tmp_path / "elsewhere"))
    assert load_settings().resolved_secret_key() != key


def test_configured_secret_key_is_used_and_nothing_is_written(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.setenv("TEAMBOARD_SECRET_KEY", "k" * 40)
    settings = load_settings()
    assert settings.resolved_secret_key() == "k" * 40
    assert not (tmp_path / "data" / "secret_key").exists()
    assert "k" * 40 not in repr(settings)


@pytest.mark.parametrize("url", ["http://bucket", "s3://?endpoint=http://x", "ftp://files"])
def test_a_storage_url_must_name_a_folder_or_a_bucket(env: pytest.MonkeyPatch, url: str) -> None:
    message = config_error(env, STORAGE_URL=url)
    assert "TEAMBOARD_STORAGE_URL" in message


def test_a_storage_url_never_shows_its_credentials(env: pytest.MonkeyPatch) -> None:
    env.setenv("TEAMBOARD_STORAGE_URL", "s3://KEY:SECRET@files?endpoint=http://127.0.0.1:9000")
    settings = load_settings()
    assert "SECRET" not in repr(settings)
    assert settings.max_upload_bytes == 25 * 1024 * 1024
