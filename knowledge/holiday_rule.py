"""The statutory holidays fixed by 《全国年节及纪念日放假办法》, for years without a State Council schedule.

The 办法 fixes which days are holidays; each year's schedule (国务院办公厅通知) then adds the make-up working
days and extra days off (调休, and 补假 for holidays falling on a weekend). For a year whose schedule is not
loaded, counting the fixed days is certain and only the 调休 is unknown.

Lunar dates (除夕, 正月初一, 端午, 中秋) and the 清明 solar term are computed by lunar-python (6tail), never read
from a hand-written table. Versions are modelled from 2008, the year the Regulation on Open Government
Information took effect; a version governs whole calendar years from the 1 January it took effect.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lunar_python import Lunar


@dataclass(frozen=True)
class HolidayRule:
    """One version of the 办法: the days off of every year from `first_year` until the next version."""

    first_year: int
    title: str
    # Days of 春节 counted from 正月初一 (除夕 is -1).
    spring_festival: tuple[int, ...]
    # 劳动节: May 1 and the days after it.
    labour_days: int

    def holidays(self, year: int) -> dict[date, str]:
        """The year's statutory days off with their festival names (two names where festivals coincide)."""
        first_moon = Lunar.fromYmd(year, 1, 1)
        new_year = _date(first_moon.getSolar())
        days: dict[date, list[str]] = {}
        fixed = [
            (date(year, 1, 1), "元旦"),
            *((new_year + timedelta(days=k), "春节") for k in self.spring_festival),
            # The solar term as lunar-python computes it for China (UTC+8); the lunar year's table holds this 清明.
            (_date(first_moon.getJieQiTable()["清明"]), "清明节"),
            *((date(year, 5, k), "劳动节") for k in range(1, self.labour_days + 1)),
            (_date(Lunar.fromYmd(year, 5, 5).getSolar()), "端午节"),
            (_date(Lunar.fromYmd(year, 8, 15).getSolar()), "中秋节"),
            *((date(year, 10, k), "国庆节") for k in (1, 2, 3)),
        ]
        for day, name in fixed:
            days.setdefault(day, []).append(name)
        return {day: "、".join(names) for day, names in sorted(days.items())}


RULES = (
    HolidayRule(2008, "《全国年节及纪念日放假办法》（2007年12月14日修订，2008年1月1日起施行）", (-1, 0, 1), 1),
    HolidayRule(2014, "《全国年节及纪念日放假办法》（2013年12月11日修订，2014年1月1日起施行）", (0, 1, 2), 1),
    HolidayRule(2025, "《全国年节及纪念日放假办法》（2024年11月10日修订，2025年1月1日起施行）", (-1, 0, 1, 2), 2),
)


def rule_for(year: int) -> HolidayRule | None:
    """The version of the 办法 governing a year; None before 2008."""
    governing = [rule for rule in RULES if rule.first_year <= year]
    return governing[-1] if governing else None


@functools.cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off the 办法 fixes for a year (none before 2008), with their names."""
    rule = rule_for(year)
    return rule.holidays(year) if rule else {}


def _date(solar: Any) -> date:  # a lunar_python Solar (the package has no type hints)
    """A lunar-python Solar day as a date."""
    return date(solar.getYear(), solar.getMonth(), solar.getDay())
