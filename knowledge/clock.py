"""The product's one clock: the current moment and date in the agency's time zone.

Every business date comes from here — the calculators' "today", the form's 申请日期, the request store's dates
and stamps, the daily notices — so a question asked at 00:30 in Beijing is answered for the Beijing date
whatever the machine's own zone. The zone is set once at start-up from the configuration; tests hand a
`Clock` with a fixed instant to the parts they build.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"
# China Standard Time (UTC+8, no daylight saving): the default zone, in which tests and the bench write moments.
CHINA = ZoneInfo(DEFAULT_ZONE)


def _machine_instant() -> datetime:
    """The machine's current instant, in UTC."""
    return datetime.now(UTC)


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone called `name`; ValueError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"未知的时区：{name}") from exc


class Clock:
    """Local time in one zone, read from a source of the current instant (the machine's, or a test's)."""

    def __init__(self, zone: str = DEFAULT_ZONE, *, instant: Callable[[], datetime] = _machine_instant) -> None:
        self.zone = zone_named(zone)
        self._instant = instant

    def now(self) -> datetime:
        """The current moment in the agency's time zone."""
        return self._instant().astimezone(self.zone)

    def today(self) -> date:
        """The agency's date now."""
        return self.now().date()


_product = Clock()


def set_product_clock(clock: Clock) -> None:
    """Make `clock` the product's clock (the CLI does this once with the configured zone)."""
    global _product
    _product = clock


def product_clock() -> Clock:
    """The product's clock."""
    return _product


def now() -> datetime:
    """The current moment in the agency's time zone, by the product's clock."""
    return _product.now()


def today() -> date:
    """The agency's date now, by the product's clock."""
    return _product.today()
