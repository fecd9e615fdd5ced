"""Working-day calendar and statutory deadline counting (State Council schedule incl. 调休).

A year whose schedule is neither in chinese_calendar nor in the agency's file still skips the statutory
holidays fixed by 《全国年节及纪念日放假办法》 (knowledge/holiday_rule.py); only its 调休 is unknown, so its
days are marked provisional.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
from chinese_calendar.constants import Holiday

from knowledge.holiday_rule import rule_for, statutory_holidays

DEFAULT_HOLIDAYS_PATH = Path(__file__).parent / "data" / "holidays.toml"

WEEKDAY_NAMES = "一二三四五六日"
MAX_WORKING_DAYS = 366

# chinese_calendar raises NotImplementedError outside the years of its holiday table, so derive the
# range the same way it does instead of hard-coding a year that goes stale on upgrade.
PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)

# The enum's Chinese names drop the 节 of a few festivals; applicants expect the full everyday name.
_FESTIVAL_NAMES = {
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.mid_autumn_festival.value: "中秋节",
}

# The statutory holidays by the names people call them ("过年", "五一"), each with the name the calendar gives its days.
_FESTIVALS = (
    ("元旦", ("元旦",)),
    ("春节", ("春节", "过年", "大年")),
    ("清明节", ("清明",)),
    ("劳动节", ("劳动节", "五一")),
    ("端午节", ("端午",)),
    ("中秋节", ("中秋",)),
    ("国庆节", ("国庆",)),
)
# How far ahead a festival named is looked for: its next days off fall within a year.
_FESTIVAL_SEARCH_DAYS = 400

_WEEKEND_REASONS = frozenset({"周六", "周日"})
_YEAR_KEYS = frozenset({"year", "source", "holidays", "workdays"})
_DAY_KEYS = frozenset({"date", "name"})


class HolidayDataError(ValueError):
    """The agency holiday file is missing or malformed."""


@dataclass(frozen=True)
class YearSchedule:
    """One year's official holiday schedule from the agency data file."""

    year: int
    source: str
    holidays: Mapping[date, str]
    workdays: Mapping[date, str]


@dataclass(frozen=True)
class DayInfo:
    """Whether a day is a working day, and why."""

    date: date
    workday: bool
    reason: str
    provisional: bool = False


@dataclass(frozen=True)
class Deadline:
    """The N-th working day after a start date, with the days that shaped it."""

    start: date
    days: int
    due: date
    skipped: tuple[DayInfo, ...]
    makeup: tuple[DayInfo, ...]
    provisional: bool
    provisional_years: tuple[int, ...] = ()

    def explain(self) -> str:
        """Explain in Chinese how the due date was reached."""
        lines = [f"自{_ymd(self.start)}（不计当日）起算第{self.days}个工作日为{format_date(self.due)}。"]
        lines.append(_skipped_line(self.skipped))
        if self.makeup:
            counted = "、".join(f"{d.date.isoformat()}（周{_weekday(d.date)}）" for d in self.makeup)
            lines.append(f"调休上班日计入：{counted}。")
        if self.provisional:
            lines.append(_provisional_line(self.provisional_years, self.skipped))
        return "\n".join(lines)


class WorkCalendar:
    """Working days from chinese_calendar plus the agency's file of later years."""

    def __init__(self, extra_path: Path | None = None) -> None:
        self._extra = load_schedules(extra_path if extra_path is not None else DEFAULT_HOLIDAYS_PATH)
        # Deadlines are recomputed on every status lookup; a day's classification never changes.
        self._days: dict[date, DayInfo] = {}
        self._years: dict[int, list[int]] = {}

    def is_loaded(self, year: int) -> bool:
        """Tell whether the official schedule of a year is known."""
        return year in self._extra or year in PACKAGE_YEARS

    def loaded_years(self) -> tuple[int, ...]:
        """Return every year whose official schedule is known, ascending."""
        return tuple(sorted(set(PACKAGE_YEARS) | set(self._extra)))

    def is_workday(self, d: date) -> bool:
        """Tell whether a day is a working day."""
        return self.day_info(d).workday

    def day_info(self, d: date) -> DayInfo:
        """Classify a day as working or not, with its reason."""
        d = _as_date(d)
        info = self._days.get(d)
        if info is None:
            info = self._days[d] = self._classify(d)
        return info

    def _classify(self, d: date) -> DayInfo:
        # The agency file wins over the package so a wrong or late package year can be corrected in data.
        if d.year in self._extra:
            return _from_schedule(d, self._extra[d.year])
        if d.year in PACKAGE_YEARS:
            return _from_package(d)
        return _by_rule(d)

    def festival_days(self, name: str, start: date) -> tuple[DayInfo, ...]:
        """The days off of the festival named (a _FESTIVALS name), the first on or after start: "国庆节" from
        2026-09-24 is 2026-10-01 to 10-07; () where none falls within a year and a bit."""
        found: list[DayInfo] = []
        for offset in range(_FESTIVAL_SEARCH_DAYS):
            info = self.day_info(start + timedelta(days=offset))
            if not info.workday and info.reason == name:
                found.append(info)
            elif found:
                break
        return tuple(found)

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days after `start` up to and including `end` (negative if `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        full_years = sum(self._running_count(year)[-1] for year in range(start.year, end.year))
        return full_years + self._count_to(end) - self._count_to(start)

    def _count_to(self, d: date) -> int:
        """Working days from 1 January of d's year up to and including d."""
        return self._running_count(d.year)[d.timetuple().tm_yday]

    def _running_count(self, year: int) -> list[int]:
        # Listing overdue requests asks this for every request; one pass per year answers it in O(1).
        counts = self._years.get(year)
        if counts is None:
            counts = [0]
            day = date(year, 1, 1)
            while day.year == year:
                counts.append(counts[-1] + self.is_workday(day))
                day += timedelta(days=1)
            self._years[year] = counts
        return counts

    def working_days_after(self, start: date, n: int) -> Deadline:
        """Find the n-th working day after start; start itself never counts."""
        _check_days(n)
        start = _as_date(start)
        if (problem := out_of_range(start)) is not None:
            raise ValueError(problem)
        day, counted = start, 0
        skipped: list[DayInfo] = []
        makeup: list[DayInfo] = []
        provisional_years: set[int] = set()
        while counted < n:
            day += timedelta(days=1)
            info = self.day_info(day)
            if info.provisional:
                provisional_years.add(day.year)
            if not info.workday:
                skipped.append(info)
                continue
            counted += 1
            if day.weekday() >= 5:
                makeup.append(info)
        return Deadline(
            start=start,
            days=n,
            due=day,
            skipped=tuple(skipped),
            makeup=tuple(makeup),
            provisional=bool(provisional_years),
            provisional_years=tuple(sorted(provisional_years)),
        )


@functools.cache
def default_calendar() -> WorkCalendar:
    """Return the shared calendar built from the packaged data file."""
    return WorkCalendar()


def format_date(d: date) -> str:
    """Format a date as '2026年12月23日（星期三）'."""
    return f"{_ymd(d)}（星期{_weekday(d)}）"


def load_schedules(path: Path) -> dict[int, YearSchedule]:
    """Read and validate the agency holiday file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise HolidayDataError(f"找不到节假日数据文件：{path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise HolidayDataError(f"节假日数据文件 {path} 不是有效的 TOML：{exc}") from exc
    unknown = set(raw) - {"year"}
    if unknown:
        raise HolidayDataError(f"节假日数据文件 {path} 含有无法识别的键：{'、'.join(sorted(unknown))}")
    entries = raw.get("year", [])
    if not isinstance(entries, list):
        raise HolidayDataError(f"节假日数据文件 {path} 中的 year 应写成 [[year]] 表数组")
    schedules: dict[int, YearSchedule] = {}
    for index, entry in enumerate(entries, start=1):
        schedule = _parse_year(entry, where=f"{path} 第{index}个 [[year]]")
        if schedule.year in schedules:
            raise HolidayDataError(f"{path}：{schedule.year}年重复出现")
        schedules[schedule.year] = schedule
    return schedules


def _parse_year(entry: object, *, where: str) -> YearSchedule:
    """Validate one [[year]] table."""
    if not isinstance(entry, dict):
        raise HolidayDataError(f"{where}：应为表")
    unknown = set(entry) - _YEAR_KEYS
    if unknown:
        raise HolidayDataError(f"{where}：无法识别的键 {'、'.join(sorted(unknown))}")
    year = entry.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise HolidayDataError(f"{where}：year 应为整数年份")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise HolidayDataError(f"{where}：缺少 source（国务院办公厅通知的名称和文号）")
    holidays = _parse_days(entry.get("holidays"), year=year, where=f"{where} holidays")
    if not holidays:
        raise HolidayDataError(f"{where}：holidays 不能为空")
    workdays = _parse_days(entry.get("workdays", []), year=year, where=f"{where} workdays")
    for d in workdays:
        # A make-up working day only exists to replace a weekend rest day.
        if d.weekday() < 5:
            raise HolidayDataError(f"{where} workdays：{d.isoformat()} 不是周六或周日，不能作为调休上班日")
        if d in holidays:
            raise HolidayDataError(f"{where}：{d.isoformat()} 同时列为放假日和上班日")
    return YearSchedule(year=year, source=source.strip(), holidays=holidays, workdays=workdays)


def _parse_days(items: object, *, year: int, where: str) -> dict[date, str]:
    """Validate a list of { date, name } tables that must fall inside year."""
    if not isinstance(items, list):
        raise HolidayDataError(f'{where}：应为 {{ date = "YYYY-MM-DD", name = "..." }} 的列表')
    days: dict[date, str] = {}
    for item in items:
        if not isinstance(item, dict) or set(item) != _DAY_KEYS:
            raise HolidayDataError(f"{where}：每一项应恰好包含 date 和 name，实际为 {item!r}")
        d = _parse_date(item["date"], where=where)
        name = item["name"]
        if not isinstance(name, str) or not name.strip():
            raise HolidayDataError(f"{where}：{d.isoformat()} 缺少名称")
        if d.year != year:
            raise HolidayDataError(f"{where}：{d.isoformat()} 不在 {year} 年内")
        if d in days:
            raise HolidayDataError(f"{where}：{d.isoformat()} 重复出现")
        days[d] = name.strip()
    return days


def _parse_date(value: object, *, where: str) -> date:
    """Accept an ISO date string or a bare TOML date."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise HolidayDataError(f"{where}：日期 {value!r} 格式不对，应为 YYYY-MM-DD")


def _from_schedule(d: date, schedule: YearSchedule) -> DayInfo:
    """Classify a day of a year from the agency file."""
    if d in schedule.holidays:
        return DayInfo(date=d, workday=False, reason=schedule.holidays[d])
    if d in schedule.workdays:
        return DayInfo(date=d, workday=True, reason=f"{schedule.workdays[d]}（周{_weekday(d)}）")
    return _plain_week(d, provisional=False)


def _from_package(d: date) -> DayInfo:
    """Classify a day of a year chinese_calendar covers."""
    on_holiday, festival = chinese_calendar.get_holiday_detail(d)
    if festival is None:
        return _plain_week(d, provisional=False)
    name = _festival_name(festival)
    if on_holiday:
        return DayInfo(date=d, workday=False, reason=name)
    if d.weekday() >= 5:
        return DayInfo(date=d, workday=True, reason=f"{name}调休上班（周{_weekday(d)}）")
    return DayInfo(date=d, workday=True, reason="工作日")


def _by_rule(d: date) -> DayInfo:
    """Classify a day of a year without a schedule: the 办法's statutory holidays, else Monday–Friday."""
    name = statutory_holidays(d.year).get(d)
    if name is not None:
        return DayInfo(date=d, workday=False, reason=name, provisional=True)
    return _plain_week(d)


def _plain_week(d: date, *, provisional: bool = True) -> DayInfo:
    """Classify a day by Monday–Friday alone."""
    if d.weekday() >= 5:
        return DayInfo(date=d, workday=False, reason=f"周{_weekday(d)}", provisional=provisional)
    return DayInfo(date=d, workday=True, reason="工作日", provisional=provisional)


def _festival_name(value: str) -> str:
    """Turn chinese_calendar's holiday value into the everyday Chinese name."""
    return _FESTIVAL_NAMES.get(value) or Holiday(value).chinese


def festival_named(text: str) -> str | None:
    """The statutory holiday a text names by any of its everyday names ("过年那几天" → 春节), or None."""
    return next((name for name, words in _FESTIVALS if any(word in text for word in words)), None)


def _skipped_line(skipped: tuple[DayInfo, ...]) -> str:
    """Summarise skipped days: weekends as a count, holidays as date runs."""
    weekends = sum(1 for d in skipped if d.reason in _WEEKEND_REASONS)
    holidays = [d for d in skipped if d.reason not in _WEEKEND_REASONS]
    parts = [f"周末{weekends}天"] if weekends else []
    parts.extend(_holiday_run_text(run) for run in _runs(holidays))
    if not parts:
        return "期间没有周末或节假日。"
    return f"跳过的非工作日：{'；'.join(parts)}。"


def _provisional_line(years: tuple[int, ...], skipped: tuple[DayInfo, ...]) -> str:
    """Say whose schedule is missing, which statutory holidays were skipped all the same, and what is unknown."""
    named = "、".join(f"{y}年" for y in years)
    which = "该年" if len(years) == 1 else "上述年份"
    rules = "、".join(dict.fromkeys(rule.title for year in years if (rule := rule_for(year))))
    if not rules:
        return f"注意：{named}的节假日安排尚未载入，{which}按周一至周五计算，结果仅供参考。"
    festivals: dict[str, int] = {}
    for day in skipped:
        if day.provisional and day.reason not in _WEEKEND_REASONS:
            for name in day.reason.split("、"):
                festivals[name] = festivals.get(name, 0) + 1
    held = "、".join(f"{name}{n}天" for name, n in festivals.items())
    counted = f"已跳过其中的{held}" if festivals else "期间没有其规定的法定节假日"
    return (
        f"注意：{named}的节假日安排尚未载入，{which}按{rules}计算法定节假日，{counted}；"
        "调休安排（调休上班日、补假和调休放假日）尚不可知，其余日期按周一至周五计算，结果仅供参考。"
    )


def _runs(days: list[DayInfo]) -> list[list[DayInfo]]:
    """Split days into runs of consecutive dates."""
    runs: list[list[DayInfo]] = []
    for day in days:
        if runs and day.date - runs[-1][-1].date == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _holiday_run_text(run: list[DayInfo]) -> str:
    """Render a run of holidays as '国庆节、中秋节 2025-10-01至2025-10-08（8天）'."""
    # A run can mix festivals (国庆 and 中秋 in 2025), so name each once in order of appearance.
    names = "、".join(dict.fromkeys(d.reason for d in run))
    first, last = run[0].date.isoformat(), run[-1].date.isoformat()
    span = first if len(run) == 1 else f"{first}至{last}"
    return f"{names} {span}（{len(run)}天）"


# The days a date may be: from the Regulation's entry into force to the end of the century (beyond it a year of
# working days would run past what dates can hold, and nothing real is asked about).
EARLIEST_DAY = date(2008, 5, 1)
LATEST_DAY = date(2100, 12, 31)


def out_of_range(day: date) -> str | None:
    """Why a date cannot be counted from, in Chinese, or None if it can."""
    if EARLIEST_DAY <= _as_date(day) <= LATEST_DAY:
        return None
    return (
        f"日期{_ymd(_as_date(day))}超出可计算的范围：只能计算{_ymd(EARLIEST_DAY)}（《条例》施行）"
        f"至{_ymd(LATEST_DAY)}之间的日期。"
    )


def _check_days(n: object) -> None:
    """Raise ValueError unless n is a whole number of working days from 1 to MAX_WORKING_DAYS."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_WORKING_DAYS:
        raise ValueError(f"工作日天数应为1到{MAX_WORKING_DAYS}之间的整数，您输入的是{n}。")


def _as_date(d: date) -> date:
    """Drop the time of a datetime, which chinese_calendar ignores too."""
    return d.date() if isinstance(d, datetime) else d


def _ymd(d: date) -> str:
    """Format a date as '2026年11月25日'."""
    return f"{d.year}年{d.month}月{d.day}日"


def _weekday(d: date) -> str:
    """Return the Chinese weekday character, e.g. '三'."""
    return WEEKDAY_NAMES[d.weekday()]
