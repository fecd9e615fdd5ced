"""Builds what the handlers need from the configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.config import Config, ConfigError
from handlers.context import Services
from knowledge.answer import build_answerer
from knowledge.clock import Clock, product_clock
from knowledge.guide import AGENCIES_DIR

if TYPE_CHECKING:
    from bot.store import Store


def build_services(config: Config, *, store: Store | None = None, clock: Clock | None = None) -> Services:
    """The knowledge services for the configured agency, and the request store when there is a database.

    One clock serves both, so the calculators, the form's date and the store agree on "today": the product's
    clock, or `clock` (tests fix the instant with it).
    """
    clock = clock or product_clock()
    agency = config.knowledge.agency
    if not (AGENCIES_DIR / agency / "guide.toml").is_file():
        raise ConfigError(f"配置项 knowledge.agency：没有机构“{agency}”的指南数据 (unknown agency {agency!r})")
    requests = None
    if store is not None:
        # Imported here: `gongkai ask` answers without a database and should not pay for loading it.
        from bot.request_store import RequestStore
        from knowledge.workdays import default_calendar

        uploads = config.store.path.parent / "uploads"
        requests = RequestStore(store, calendar=default_calendar(), now=clock.now, uploads=uploads)
    return Services(
        answerer=build_answerer(agency=agency, today=clock.today),
        requests=requests,
        apply_online=config.apply.online,
        draft_days=config.apply.draft_days,
    )
