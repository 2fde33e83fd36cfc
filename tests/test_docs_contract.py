"""The docs are checked against the code, so they cannot drift again.

- docs/cli.md names every command and every option of the real CLI (walked from Typer);
- every option has help text, and ``--help`` shows no ``<int>``/``<bool>`` type labels;
- docs/configuration.md and ``scanner init``'s template name every setting of config.py, and
  their values load.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from scanner.cli import app
from scanner.cli.init import TEMPLATE
from scanner.config import CrawlSettings, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
CONFIG_MD = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
SHARED = ("--help", "--config", "--state", "-c", "-q", "-v")
"""Options documented once, in docs/cli.md's "Options every command takes" section."""
runner = CliRunner()


def commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(``scanner a b``, click command) for every leaf command of the real CLI."""
    command = command or typer.main.get_command(app)
    subs = getattr(command, "commands", None)
    if subs is None:
        yield " ".join(("scanner", *path)), command
        return
    for name, sub in sorted(subs.items()):
        yield from commands(sub, (*path, name))


def options(command: Any) -> Iterator[Any]:
    for param in command.params:
        if param.param_type_name == "option":
            yield param


def section(doc: str, name: str) -> str:
    """Every line of ``doc`` that names ``name`` (rows), plus its ``## `name` options`` part."""
    pattern = re.compile(rf"`{re.escape(name)}(?:[ `\]]|$)")
    rows = [line for line in doc.splitlines() if pattern.search(line)]
    match = re.search(
        rf"^## `{re.escape(name)}` options\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL
    )
    return "\n".join(rows) + (match.group(1) if match else "")


ALL = list(commands())


def test_the_cli_has_the_commands_the_issue_found_missing() -> None:
    names = {name for name, _c in ALL}
    assert {"scanner baseline accept", "scanner hashes add", "scanner init"} <= names


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _c in ALL])
def test_docs_cli_md_lists_the_command_and_each_of_its_options(name: str, command: Any) -> None:
    text = section(CLI_MD, name)
    assert text, f"docs/cli.md does not list `{name}`"
    missing = [
        opt
        for param in options(command)
        for opt in param.opts
        if opt.startswith("--") and opt not in SHARED and opt not in text
    ]
    assert not missing, f"docs/cli.md: `{name}` does not document {missing}"


def test_the_shared_options_are_documented_once() -> None:
    shared = CLI_MD.split("## Options every command takes", 1)[1].split("\n## ", 1)[0]
    for opt in ("--config", "--state", "--help", "--version"):
        assert opt in shared, opt


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _c in ALL])
def test_every_option_has_help_text(name: str, command: Any) -> None:
    bare = [p.opts[0] for p in options(command) if not (p.help or "").strip()]
    assert not bare, f"{name}: options without help text: {bare}"


@pytest.mark.parametrize("name", ["", *(n.removeprefix("scanner").strip() for n, _c in ALL)])
def test_help_shows_no_type_placeholders(name: str) -> None:
    result = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(?:int|bool|str|float|path|list)[^>]*>", result.output), result.output


def test_version_option() -> None:
    from scanner import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_shell_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.output and "--show-completion" in result.output


# ------------------------------------------------------------------------------ settings


def every_setting() -> list[tuple[str, str]]:
    """(table, key) of every setting ``scanner.toml`` can hold."""
    from scanner.config import _SECTIONS

    top = {"lang": "report", "timezone": "report", "min_severity": "report", "base_url": "report"}
    top["summarise_above"] = "report"
    out = [(top.get(f.name, "scan"), f.name) for f in fields(Settings) if f.name not in _SECTIONS]
    for table, kind in _SECTIONS.items():
        out += [(table, f.name) for f in fields(kind)]
    return out


SECRETS = {("email", "password")}
"""Documented as living in the environment, never in the file: named in a comment only."""
DOC_ENV = {"SCANNER_TELEGRAM_TOKEN": "123456789:test-token"}
"""The variables the documented Apprise URLs expand (``${SCANNER_TELEGRAM_TOKEN}``)."""


def toml_block(text: str) -> str:
    match = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    assert match, "no ```toml block"
    return match.group(1)


def check_covers_and_loads(document: str, raw: str, tmp_path: Path) -> None:
    data = tomllib.loads(document)
    missing = [
        f"[{t}] {k}"
        for t, k in every_setting()
        if k not in data.get(t, {}) and not ((t, k) in SECRETS and k in raw)
    ]
    assert not missing, f"settings not documented: {missing}"
    path = tmp_path / "scanner.toml"
    path.write_text(document, encoding="utf-8")
    load_settings(path, env=DOC_ENV)  # every documented value is accepted


def test_docs_configuration_md_names_every_setting(tmp_path: Path) -> None:
    block = toml_block(CONFIG_MD)
    check_covers_and_loads(block, block, tmp_path)


def test_configuration_md_lists_every_environment_variable() -> None:
    from scanner.config import _ENV

    assert [v for v in _ENV if v not in CONFIG_MD] == []


def test_init_writes_a_commented_template_of_every_setting(tmp_path: Path) -> None:
    target = tmp_path / "etc" / "scanner.toml"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text() == TEMPLATE
    # Commented out, it changes nothing; uncommented, every value loads.
    assert load_settings(target, env={}).crawl == CrawlSettings()
    uncommented = re.sub(r"^# ([a-z_]+ = )", r"\1", TEMPLATE, flags=re.MULTILINE)
    check_covers_and_loads(uncommented, TEMPLATE, tmp_path)
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "exists" in again.output
