"""``[apprise]`` and ``report.base_url``: validated, errors name the setting, never a URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import load_settings
from scanner.config_apprise import AppriseTarget
from scanner.errors import ConfigError

TOKEN = "123456789:AAHsecretTokenValue"


def load(tmp_path: Path, text: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "scanner.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, env=env or {})


def test_targets_and_variables_from_the_environment(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        '[report]\nbase_url = "https://scanner.jatimprov.go.id/laporan"\n'
        '[apprise]\nurls = ["tgram://${SCANNER_TELEGRAM_TOKEN}/-1001234567890"]\n'
        'policy = "always"\nformat = "markdown"\n'
        '[apprise.targets.jatim]\nurls = ["json://hooks.jatimprov.go.id/s"]\ntags = ["jatim"]\n'
        '[apprise.targets.lampung]\nurls = ["discord://1/abc"]\n'
        'owners = ["Pemkot Bandar Lampung"]\n'
        'policy = "never"\n',
        {"SCANNER_TELEGRAM_TOKEN": TOKEN},
    )
    a = settings.apprise
    assert a.urls == (f"tgram://{TOKEN}/-1001234567890",)
    assert a.policy == "always" and a.format == "markdown" and a.configured
    assert a.targets == (
        AppriseTarget("jatim", ("json://hooks.jatimprov.go.id/s",), tags=("jatim",)),
        AppriseTarget(
            "lampung", ("discord://1/abc",), owners=("Pemkot Bandar Lampung",), policy="never"
        ),
    )
    assert settings.base_url == "https://scanner.jatimprov.go.id/laporan"
    assert TOKEN not in repr(settings)  # a logged Settings shows no token


def test_the_url_list_from_the_environment_is_split_on_spaces(tmp_path: Path) -> None:
    urls = "tgram://a:b/-100 mailto://u:p@mail.example.go.id?to=a@x.go.id,b@x.go.id"
    settings = load(tmp_path, "", {"SCANNER_APPRISE_URLS": urls})
    assert settings.apprise.urls == tuple(urls.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[apprise]\nurls = ["tgram://${NOPE}/-100"]',
            "apprise.urls[1]: environment variable NOPE",
        ),
        (f'[apprise]\nurls = ["tgram://x/-1", "{TOKEN}"]', "apprise.urls[2]: not an Apprise URL"),
        ('[apprise]\npolicy = "sometimes"', "apprise.policy must be always|on-new|never"),
        ('[apprise]\nformat = "html"', "apprise.format must be text|markdown"),
        ("[apprise]\nmax_incidents = 0", "apprise.max_incidents must be between 1 and 50"),
        ("[apprise]\nchannels = []", "unknown setting 'channels'"),
        (
            f'[apprise.targets.jatim]\nurls = ["{TOKEN}"]\ntags = ["jatim"]',
            "apprise.targets.jatim.urls[1]: not an Apprise URL",
        ),
        ('[apprise.targets.jatim]\nurls = ["json://h/x"]', "needs tags or owners"),
        ('[apprise.targets.team]\nurls = ["json://h/x"]\ntags = ["a"]', "not 'team'"),
        ('[apprise.targets.x]\nurls = ["json://h/x"]\ntag = ["a"]', "unknown setting 'tag'"),
        ('[report]\nbase_url = "scanner.jatimprov.go.id"', "report.base_url must start with"),
    ],
)
def test_mistakes_name_the_setting_and_never_echo_a_url(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as error:
        load(tmp_path, text)
    assert expected in str(error.value)
    assert TOKEN not in str(error.value) and "secret" not in str(error.value)
