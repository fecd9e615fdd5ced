"""Builds what the handlers need from the configuration."""

from __future__ import annotations

from bot.config import Config, ConfigError
from handlers.context import Services
from knowledge.answer import build_answerer
from knowledge.guide import AGENCIES_DIR


def build_services(config: Config) -> Services:
    """The knowledge services for the configured agency."""
    agency = config.knowledge.agency
    if not (AGENCIES_DIR / agency / "guide.toml").is_file():
        raise ConfigError(f"配置项 knowledge.agency：没有机构“{agency}”的指南数据 (unknown agency {agency!r})")
    return Services(answerer=build_answerer(agency=agency))
