"""Builds what the handlers need from the configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.config import Config, ConfigError
from handlers.context import RequestBook, Services
from knowledge.answer import build_answerer
from knowledge.clock import Clock, product_clock
from knowledge.guide import AGENCIES_DIR, load_guide

if TYPE_CHECKING:
    from bot.requests.repository import RequestStore
    from bot.store import Store


def open_requests(config: Config, store: Store, *, clock: Clock | None = None) -> RequestStore:
    """The request store over `store`, on the product's clock (or `clock`), keeping ID images beside the database."""
    # Imported here: `gongkai ask` answers without a database and should not pay for loading it.
    from bot.requests.repository import RequestStore
    from knowledge.workdays import default_calendar

    clock = clock or product_clock()
    uploads = config.store.path.parent / "uploads"
    prefix = tracking_prefix(config)
    return RequestStore(store, calendar=default_calendar(), now=clock.now, uploads=uploads, prefix=prefix)


def tracking_prefix(config: Config) -> str:
    """What the configured agency's tracking numbers start with."""
    return load_guide(config.knowledge.agency).meta.tracking_prefix


def build_services(config: Config, *, requests: RequestBook | None = None, clock: Clock | None = None) -> Services:
    """The knowledge services for the configured agency, with the request store when there is one.

    One clock serves both, so the calculators, the form's date and the store agree on "today": the product's
    clock, or `clock` (tests fix the instant with it and open the request store on it too).
    """
    clock = clock or product_clock()
    agency = config.knowledge.agency
    if not (AGENCIES_DIR / agency / "guide.toml").is_file():
        raise ConfigError(f"配置项 knowledge.agency：没有机构“{agency}”的指南数据 (unknown agency {agency!r})")
    return Services(
        answerer=build_answerer(agency=agency, today=clock.today),
        requests=requests,
        apply_online=config.apply.online,
        draft_days=config.apply.draft_days,
    )
