"""Builds what the handlers need from the configuration."""

from __future__ import annotations

from bot.config import Config, ConfigError
from bot.request_store import RequestStore
from bot.store import Store
from handlers.context import Services
from knowledge.answer import build_answerer
from knowledge.guide import AGENCIES_DIR
from knowledge.workdays import default_calendar


def build_services(config: Config, *, store: Store | None = None) -> Services:
    """The knowledge services for the configured agency, and the request store when there is a database."""
    agency = config.knowledge.agency
    if not (AGENCIES_DIR / agency / "guide.toml").is_file():
        raise ConfigError(f"配置项 knowledge.agency：没有机构“{agency}”的指南数据 (unknown agency {agency!r})")
    requests = RequestStore(store, calendar=default_calendar()) if store is not None else None
    return Services(answerer=build_answerer(agency=agency), requests=requests)
