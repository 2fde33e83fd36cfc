"""Settings layering: defaults < scanner.toml < environment < flags; validated and frozen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scanner.config import load_settings
from scanner.errors import ConfigError


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(env={})
    assert s.crawl.concurrency == 64 and s.crawl.per_host == 4
    assert s.state == "state/scanner.db"
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.state = "x"  # type: ignore[misc]


def test_layers_in_priority_order(tmp_path: Path) -> None:
    toml = tmp_path / "scanner.toml"
    toml.write_text(
        '[scan]\nstate = "file.db"\n[crawl]\nmax_pages = 10\nper_host = 2\n'
        '[email]\nhost = "smtp.file"\nto = ["a@x.go.id"]\n[report]\nlang = "en"\n'
    )
    s = load_settings(
        toml,
        env={"SCANNER_SMTP_HOST": "smtp.env", "SCANNER_EMAIL_TO": "b@x.go.id, c@x.go.id"},
        overrides={"crawl.max_pages": 3, "state": None},
    )
    assert s.state == "file.db"  # None flag does not win
    assert s.crawl.max_pages == 3  # flag wins over file
    assert s.crawl.per_host == 2  # file wins over default
    assert s.email.host == "smtp.env"  # env wins over file
    assert s.email.to == ("b@x.go.id", "c@x.go.id")
    assert s.lang == "en"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawl]\nmax_pagez = 3\n", "unknown setting 'max_pagez'"),
        ("[nope]\nx = 1\n", "unknown section"),
        ("[crawl]\nmax_pages = 'many'\n", "crawl].max_pages"),
        ("[email]\nsecurity = 'tls'\n", "starttls|ssl|none"),
        ("[crawl\n", "scanner.toml"),
    ],
)
def test_invalid_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    toml = tmp_path / "scanner.toml"
    toml.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("|", r"\|")):
        load_settings(toml, env={})


def test_password_not_in_repr() -> None:
    s = load_settings(env={"SCANNER_SMTP_PASSWORD": "rahasia-sekali"})
    assert s.email.password == "rahasia-sekali"
    assert "rahasia-sekali" not in repr(s)


def test_bad_env_value_names_variable() -> None:
    with pytest.raises(ConfigError, match="SCANNER_SMTP_PORT"):
        load_settings(env={"SCANNER_SMTP_PORT": "dua lima"})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("crawl.connect_timeout", 0),
        ("crawl.read_timeout", -1),
        ("crawl.total_timeout", float("nan")),
        ("crawl.total_timeout", float("inf")),
        ("crawl.retries", 100000000),
        ("crawl.retries", -1),
        ("crawl.max_decompressed_bytes", 0),
        ("crawl.max_redirects", -3),
        ("crawl.delay", -0.5),
        ("crawl.backoff", 1e9),
        ("crawl.query_variants", 0),
        ("crawl.concurrency", 10**7),
        ("email.port", 70000),
        ("email.timeout", 0),
        ("detect.max_assets", -1),
    ],
)
def test_out_of_range_settings_are_refused_naming_the_key(key: str, value: object) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(env={}, overrides={key: value})


def test_out_of_range_in_the_file_names_the_key(tmp_path: Path) -> None:
    toml = tmp_path / "scanner.toml"
    toml.write_text("[crawl]\nread_timeout = 0\n")
    with pytest.raises(ConfigError, match=r"crawl\.read_timeout must be > 0"):
        load_settings(toml, env={})


def test_address_policy_settings(tmp_path: Path) -> None:
    toml = tmp_path / "scanner.toml"
    toml.write_text("[crawl]\nallow_private = true\nallowed_ports = [8080, 8443]\n")
    crawl = load_settings(toml, env={}).crawl
    assert crawl.allow_private and crawl.allowed_ports == (8080, 8443)
    toml.write_text("[crawl]\nallowed_ports = [70000]\n")
    with pytest.raises(ConfigError, match="allowed_ports"):
        load_settings(toml, env={})
    assert load_settings(env={}).crawl.allow_private is False
