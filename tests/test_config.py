"""Configuration: defaults without a file, one-line errors naming the key."""

from pathlib import Path

import pytest

from bot.config import Config, ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_no_file_means_embedded_defaults(monkeypatch):
    monkeypatch.delenv("GONGKAI_CONFIG", raising=False)
    assert load_config() == Config()
    assert load_config().store.path == Path("data/gongkai.db")


def test_example_file_documents_the_defaults():
    assert load_config(ROOT / "config.example.toml") == Config()


def test_environment_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text('[store]\npath = "x/y.db"\n', encoding="utf-8")
    monkeypatch.setenv("GONGKAI_CONFIG", str(path))
    assert load_config().store.path == Path("x/y.db")


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ("[stor]\npath = 'a'\n", "[stor]"),
        ("[store]\npth = 'a'\n", "store.pth"),
        ("[store]\npath = 3\n", "store.path"),
        ("[log]\nlevel = 'LOUD'\n", "log.level"),
        ("store = 1\n", "store"),
        ("[web]\nport = 0\n", "web.port"),
        ("[web]\nport = 70000\n", "web.port"),
        ("[web]\nport = '80'\n", "web.port"),
        ("[telegram]\nmode = 'push'\n", "telegram.mode"),
        ("[telegram]\nbase_url = 'localhost:8081'\n", "telegram.base_url"),
        ("[telegram]\ntoken = 'x'\nmode = 'webhook'\n", "telegram.webhook_url"),
        ("[knowledge]\ntimezone = 'Asia/Nowhere'\n", "knowledge.timezone"),
        ("[knowledge]\ntimezone = '../etc/passwd'\n", "knowledge.timezone"),
        ("[store\n", "TOML"),
    ],
)
def test_bad_file_names_the_key(tmp_path, content, key):
    path = tmp_path / "c.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert key in str(error.value)
    assert "\n" not in str(error.value).strip() or key == "TOML"


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="找不到配置文件"):
        load_config(tmp_path / "absent.toml")


def test_secrets_come_from_the_environment(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[telegram]\ntoken = "from-file"\n', encoding="utf-8")
    environ = {"GONGKAI_TELEGRAM_TOKEN": "from-env", "GONGKAI_TELEGRAM_WEBHOOK_SECRET": "s3cret"}
    config = load_config(path, environ=environ)
    telegram = config.telegram
    assert (telegram.token, telegram.webhook_secret, telegram.enabled) == ("from-env", "s3cret", True)


def test_telegram_is_off_without_a_token():
    assert load_config(environ={}).telegram.enabled is False


def test_the_agency_time_zone_is_china_unless_configured(tmp_path):
    assert Config().knowledge.timezone == "Asia/Shanghai"
    path = tmp_path / "c.toml"
    path.write_text('[knowledge]\ntimezone = "Asia/Urumqi"\n', encoding="utf-8")
    assert load_config(path, environ={}).knowledge.timezone == "Asia/Urumqi"
