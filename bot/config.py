"""Configuration: embedded defaults, overridden by an optional TOML file."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_ENV = "GONGKAI_CONFIG"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or has a wrong key or value."""


@dataclass(frozen=True)
class StoreConfig:
    path: Path = Path("data/gongkai.db")


@dataclass(frozen=True)
class KnowledgeConfig:
    agency: str = "lixia"


@dataclass(frozen=True)
class LogConfig:
    level: str = "WARNING"


@dataclass(frozen=True)
class Config:
    store: StoreConfig = field(default_factory=StoreConfig)
    knowledge: KnowledgeConfig = field(default_factory=KnowledgeConfig)
    log: LogConfig = field(default_factory=LogConfig)


def _string(section: dict, name: str, key: str) -> str:
    value = section[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"配置项 {name}.{key} 必须是非空字符串 (config key {name}.{key} must be a non-empty string)")
    return value


def parse_config(raw: dict) -> Config:
    """Build a Config from parsed TOML, refusing unknown sections and keys."""
    known = {"store": {"path"}, "knowledge": {"agency"}, "log": {"level"}}
    for name, section in raw.items():
        if name not in known:
            raise ConfigError(f"未知的配置节 [{name}] (unknown config section [{name}])")
        if not isinstance(section, dict):
            raise ConfigError(f"配置项 {name} 必须是一个配置节 (config key {name} must be a table)")
        for key in section:
            if key not in known[name]:
                raise ConfigError(f"未知的配置项 {name}.{key} (unknown config key {name}.{key})")
    store = raw.get("store", {})
    knowledge = raw.get("knowledge", {})
    log = raw.get("log", {})
    config = Config(
        store=StoreConfig(path=Path(_string(store, "store", "path"))) if "path" in store else StoreConfig(),
        knowledge=KnowledgeConfig(agency=_string(knowledge, "knowledge", "agency"))
        if "agency" in knowledge
        else KnowledgeConfig(),
        log=LogConfig(level=_string(log, "log", "level").upper()) if "level" in log else LogConfig(),
    )
    if config.log.level not in LOG_LEVELS:
        raise ConfigError(f"配置项 log.level 必须是 {'/'.join(LOG_LEVELS)} 之一 (config key log.level is invalid)")
    return config


def load_config(path: Path | None = None) -> Config:
    """The configuration from `path`, else $GONGKAI_CONFIG, else the embedded defaults."""
    if path is None and os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
    if path is None:
        return Config()
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"找不到配置文件 {path} (config file not found)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 格式错误：{exc} (config file is not valid TOML)") from exc
    return parse_config(raw)
