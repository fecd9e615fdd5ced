"""Tests for working-day counting across holidays, make-up days and unloaded years.

Past the last loaded year the statutory holidays of 《全国年节及纪念日放假办法》 still count; for 2027 (2025
version): 元旦 01-01 (Fri); 春节 02-05 (除夕, Fri) to 02-08 (初三, Mon); 清明 04-05; 劳动节 05-01, 05-02;
端午 06-09; 中秋 09-15; 国庆 10-01..03.
"""

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from knowledge.holiday_rule import RULES, rule_for, statutory_holidays
from knowledge.workdays import (
    DEFAULT_HOLIDAYS_PATH,
    PACKAGE_YEARS,
    DayInfo,
    HolidayDataError,
    WorkCalendar,
    default_calendar,
    festival_named,
    format_date,
    load_schedules,
)

# The literal dates below assume chinese_calendar's table ends with 2026; on upgrade, recheck them.
LAST_PACKAGE_YEAR = 2026
RULE_2025 = "《全国年节及纪念日放假办法》（2024年11月10日修订，2025年1月1日起施行）"
UNKNOWN = "调休安排（调休上班日、补假和调休放假日）尚不可知，其余日期按周一至周五计算，结果仅供参考。"

FICTIONAL_2099 = """
[[year]]
year = 2099
source = "测试用虚构安排"
holidays = [
  { date = "2099-01-01", name = "元旦" },
  { date = 2099-01-02, name = "元旦" },
]
workdays = [{ date = "2099-01-04", name = "元旦调休上班" }]
"""


def test_package_years_end_where_the_literal_dates_assume() -> None:
    assert PACKAGE_YEARS[-1] == LAST_PACKAGE_YEAR


def test_shipped_file_invents_no_year() -> None:
    assert load_schedules(DEFAULT_HOLIDAYS_PATH) == {}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 9, 28), DayInfo(date(2025, 9, 28), True, "国庆节调休上班（周日）")),
        (date(2025, 10, 4), DayInfo(date(2025, 10, 4), False, "国庆节")),
        (date(2025, 10, 6), DayInfo(date(2025, 10, 6), False, "中秋节")),
        (date(2025, 10, 11), DayInfo(date(2025, 10, 11), True, "国庆节调休上班（周六）")),
        (date(2026, 2, 14), DayInfo(date(2026, 2, 14), True, "春节调休上班（周六）")),
        (date(2026, 2, 17), DayInfo(date(2026, 2, 17), False, "春节")),
        (date(2026, 4, 5), DayInfo(date(2026, 4, 5), False, "清明节")),
        (date(2025, 11, 22), DayInfo(date(2025, 11, 22), False, "周六")),
        (date(2025, 11, 23), DayInfo(date(2025, 11, 23), False, "周日")),
        (date(2025, 11, 24), DayInfo(date(2025, 11, 24), True, "工作日")),
        # A year without a schedule: the 办法's holidays, else Monday–Friday, all provisional.
        (date(2027, 1, 1), DayInfo(date(2027, 1, 1), False, "元旦", provisional=True)),
        (date(2027, 1, 2), DayInfo(date(2027, 1, 2), False, "周六", provisional=True)),
        (date(2027, 1, 4), DayInfo(date(2027, 1, 4), True, "工作日", provisional=True)),
        (date(2027, 2, 5), DayInfo(date(2027, 2, 5), False, "春节", provisional=True)),
        (date(2027, 2, 6), DayInfo(date(2027, 2, 6), False, "春节", provisional=True)),
        (date(2027, 2, 8), DayInfo(date(2027, 2, 8), False, "春节", provisional=True)),
        (date(2027, 2, 9), DayInfo(date(2027, 2, 9), True, "工作日", provisional=True)),
        (date(2027, 4, 5), DayInfo(date(2027, 4, 5), False, "清明节", provisional=True)),
        (date(2027, 5, 2), DayInfo(date(2027, 5, 2), False, "劳动节", provisional=True)),
        (date(2027, 6, 9), DayInfo(date(2027, 6, 9), False, "端午节", provisional=True)),
        (date(2027, 9, 15), DayInfo(date(2027, 9, 15), False, "中秋节", provisional=True)),
        (date(2027, 10, 3), DayInfo(date(2027, 10, 3), False, "国庆节", provisional=True)),
        (date(2028, 10, 3), DayInfo(date(2028, 10, 3), False, "中秋节、国庆节", provisional=True)),
        # Before 2008 (not modelled) only Monday–Friday.
        (date(2003, 1, 1), DayInfo(date(2003, 1, 1), True, "工作日", provisional=True)),
    ],
)
def test_day_info(day: date, expected: DayInfo) -> None:
    assert default_calendar().day_info(day) == expected


@pytest.mark.parametrize(
    ("start", "n", "due", "provisional"),
    [
        # 国庆 2025: 10-01..10-08 off, Sun 09-28 and Sat 10-11 worked.
        (date(2025, 9, 26), 1, date(2025, 9, 28), False),
        (date(2025, 9, 26), 20, date(2025, 10, 30), False),
        (date(2025, 9, 30), 1, date(2025, 10, 9), False),
        (date(2025, 10, 10), 1, date(2025, 10, 11), False),
        # 春节 2026: 02-15..02-23 off, Sat 02-14 and Sat 02-28 worked.
        (date(2026, 2, 10), 10, date(2026, 3, 2), False),
        (date(2026, 2, 13), 1, date(2026, 2, 14), False),
        (date(2026, 2, 14), 1, date(2026, 2, 24), False),
        # The start day is never counted, whatever kind of day it is.
        (date(2025, 11, 24), 1, date(2025, 11, 25), False),
        (date(2025, 11, 22), 1, date(2025, 11, 24), False),
        (date(2025, 10, 1), 1, date(2025, 10, 9), False),
        (date(2026, 11, 25), 20, date(2026, 12, 23), False),
        # Past the last loaded year the statutory holidays still count: 2027-01-01 (元旦) is skipped.
        (date(2026, 12, 30), 1, date(2026, 12, 31), False),
        (date(2026, 12, 31), 1, date(2027, 1, 4), True),
        (date(2026, 12, 15), 20, date(2027, 1, 13), True),
        # 春节 2027: 02-01..04 (4), 02-05..08 off, 02-09..12 (8), 15..19 (13), 22..26 (18), 03-01, 03-02 (20).
        (date(2027, 1, 29), 20, date(2027, 3, 2), True),
    ],
)
def test_working_days_after(start: date, n: int, due: date, provisional: bool) -> None:
    deadline = default_calendar().working_days_after(start, n)
    assert (deadline.due, deadline.provisional) == (due, provisional)


def test_deadline_lists_skipped_and_makeup_days() -> None:
    deadline = default_calendar().working_days_after(date(2025, 9, 26), 20)
    skipped = [
        date(2025, 9, 27),
        *(date(2025, 10, day) for day in range(1, 9)),
        date(2025, 10, 12),
        date(2025, 10, 18),
        date(2025, 10, 19),
        date(2025, 10, 25),
        date(2025, 10, 26),
    ]
    assert [d.date for d in deadline.skipped] == skipped
    assert [d.date for d in deadline.makeup] == [date(2025, 9, 28), date(2025, 10, 11)]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (
            date(2025, 9, 26),
            20,
            "自2025年9月26日（不计当日）起算第20个工作日为2025年10月30日（星期四）。\n"
            "跳过的非工作日：周末6天；国庆节、中秋节 2025-10-01至2025-10-08（8天）。\n"
            "调休上班日计入：2025-09-28（周日）、2025-10-11（周六）。",
        ),
        (
            date(2025, 11, 24),
            1,
            "自2025年11月24日（不计当日）起算第1个工作日为2025年11月25日（星期二）。\n期间没有周末或节假日。",
        ),
        (
            date(2026, 12, 15),
            20,
            "自2026年12月15日（不计当日）起算第20个工作日为2027年1月13日（星期三）。\n"
            "跳过的非工作日：周末8天；元旦 2027-01-01（1天）。\n"
            f"注意：2027年的节假日安排尚未载入，该年按{RULE_2025}计算法定节假日，已跳过其中的元旦1天；"
            f"{UNKNOWN}",
        ),
        (
            date(2027, 1, 29),
            20,
            "自2027年1月29日（不计当日）起算第20个工作日为2027年3月2日（星期二）。\n"
            "跳过的非工作日：周末8天；春节 2027-02-05至2027-02-08（4天）。\n"
            f"注意：2027年的节假日安排尚未载入，该年按{RULE_2025}计算法定节假日，已跳过其中的春节4天；"
            f"{UNKNOWN}",
        ),
        (
            date(2027, 5, 6),
            5,
            "自2027年5月6日（不计当日）起算第5个工作日为2027年5月13日（星期四）。\n"
            "跳过的非工作日：周末2天。\n"
            f"注意：2027年的节假日安排尚未载入，该年按{RULE_2025}计算法定节假日，期间没有其规定的法定节假日；"
            f"{UNKNOWN}",
        ),
    ],
)
def test_explain(start: date, n: int, expected: str) -> None:
    assert default_calendar().working_days_after(start, n).explain() == expected


@pytest.mark.parametrize("start", [date(2003, 1, 3), date(2008, 4, 30), date(2101, 1, 1), date(9999, 12, 31)])
def test_no_deadline_is_counted_from_before_the_regulation_or_after_the_century(start: date) -> None:
    with pytest.raises(ValueError, match="超出可计算的范围：只能计算2008年5月1日（《条例》施行）至2100年12月31日"):
        default_calendar().working_days_after(start, 1)


def test_agency_file_supplies_a_later_year(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(FICTIONAL_2099, encoding="utf-8")
    calendar = WorkCalendar(path)
    deadline = calendar.working_days_after(date(2098, 12, 31), 2)
    assert (deadline.due, deadline.provisional) == (date(2099, 1, 5), False)
    assert [d.reason for d in deadline.skipped] == ["元旦", "元旦", "周六"]
    assert deadline.makeup == (DayInfo(date(2099, 1, 4), True, "元旦调休上班（周日）"),)
    assert (calendar.is_loaded(2099), default_calendar().is_loaded(2099)) == (True, False)
    assert calendar.loaded_years()[-1] == 2099


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (FICTIONAL_2099.replace('"2099-01-01"', '"2098-12-31"'), "2098-12-31 不在 2099 年内"),
        (FICTIONAL_2099.replace('"2099-01-04"', '"2099-01-05"'), "2099-01-05 不是周六或周日"),
        (FICTIONAL_2099.replace('"2099-01-01"', '"2099-1-1"'), "日期 '2099-1-1' 格式不对"),
        (FICTIONAL_2099.replace('source = "测试用虚构安排"\n', ""), "缺少 source"),
        (FICTIONAL_2099 + FICTIONAL_2099, "2099年重复出现"),
        (FICTIONAL_2099.replace("holidays =", "holiday ="), "无法识别的键 holiday"),
        ("[[year]\n", "不是有效的 TOML"),
    ],
)
def test_bad_agency_file(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "holidays.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HolidayDataError) as caught:
        WorkCalendar(path)
    assert expected in str(caught.value)


def test_missing_agency_file(tmp_path: Path) -> None:
    with pytest.raises(HolidayDataError) as caught:
        WorkCalendar(tmp_path / "absent.toml")
    assert "找不到节假日数据文件" in str(caught.value)


@pytest.mark.parametrize("n", [0, -1, 367, 1000, True, 2.5])
def test_invalid_day_count(n: object) -> None:
    with pytest.raises(ValueError) as caught:
        default_calendar().working_days_after(date(2025, 11, 24), n)
    assert str(caught.value) == f"工作日天数应为1到366之间的整数，您输入的是{n}。"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 23), "2026年12月23日（星期三）"),
        (date(2025, 10, 5), "2025年10月5日（星期日）"),
    ],
)
def test_format_date(day: date, expected: str) -> None:
    assert format_date(day) == expected


def test_default_calendar_is_shared() -> None:
    assert default_calendar() is default_calendar()


def test_working_days_between_agrees_with_counting_day_by_day():
    calendar = WorkCalendar()
    rng = random.Random(7)
    for _ in range(500):
        a = date(2025, 1, 1) + timedelta(days=rng.randint(0, 900))
        b = date(2025, 1, 1) + timedelta(days=rng.randint(0, 900))
        first, last = min(a, b), max(a, b)
        by_day = sum(calendar.is_workday(first + timedelta(days=i)) for i in range(1, (last - first).days + 1))
        assert calendar.working_days_between(a, b) == (by_day if a <= b else -by_day)


@pytest.mark.parametrize(
    ("year", "first_year"), [(2007, None), (2008, 2008), (2013, 2008), (2014, 2014), (2024, 2014), (2025, 2025)]
)
def test_rule_versions(year: int, first_year: int | None) -> None:
    rule = rule_for(year)
    assert (rule.first_year if rule else None) == first_year


@pytest.mark.parametrize(
    ("year", "spring_festival", "labour_day"),
    [
        (2013, [date(2013, 2, 9), date(2013, 2, 10), date(2013, 2, 11)], [date(2013, 5, 1)]),  # 除夕, 初一, 初二
        (2024, [date(2024, 2, 10), date(2024, 2, 11), date(2024, 2, 12)], [date(2024, 5, 1)]),  # 初一 to 初三
        (
            2027,
            [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)],  # 除夕 to 初三
            [date(2027, 5, 1), date(2027, 5, 2)],
        ),
    ],
)
def test_each_version_has_its_own_spring_festival_and_labour_day(year, spring_festival, labour_day) -> None:
    days = statutory_holidays(year)
    assert [d for d, name in days.items() if name == "春节"] == spring_festival
    assert [d for d, name in days.items() if name == "劳动节"] == labour_day
    # 元旦, 清明, 端午, 中秋 one day each and 国庆 three; in these years no two festivals share a day.
    assert len(days) == 7 + len(spring_festival) + len(labour_day)


@pytest.mark.parametrize("year", [y for y in PACKAGE_YEARS if y >= RULES[0].first_year])
def test_rule_agrees_with_the_official_schedules(year: int) -> None:
    """Every statutory day the rule gives is off in the State Council schedule; other days differ only by 调休."""
    official = default_calendar()
    rule = statutory_holidays(year)
    day = date(year, 1, 1)
    while day.year == year:
        info = official.day_info(day)
        if day in rule:
            # A holiday on a weekend may carry no festival name in chinese_calendar.
            assert not info.workday and (info.reason in rule[day].split("、") or info.reason in ("周六", "周日")), day
        elif info.workday == (day.weekday() >= 5):
            # 调休: a weekend worked for a named festival, or a weekday off as part of one (补假, bridges).
            assert info.reason not in ("工作日", "周六", "周日"), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "name"),
    [("过年那几天", "春节"), ("五一放假", "劳动节"), ("中秋那天", "中秋节"), ("国庆假期", "国庆节"), ("周末", None)],
)
def test_festival_named_by_its_everyday_name(text: str, name: str | None) -> None:
    assert festival_named(text) == name


def test_festival_days_are_the_next_run_on_or_after_the_start() -> None:
    calendar = default_calendar()
    national = calendar.festival_days("国庆节", date(2026, 9, 24))
    assert [d.date for d in national] == [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]
    # Once this year's has passed, the next year's; a year without a schedule by the 办法, marked provisional.
    later = calendar.festival_days("国庆节", date(2026, 10, 8))
    assert later[0].date == date(LAST_PACKAGE_YEAR + 1, 10, 1) and all(d.provisional for d in later)
    assert [d.date for d in calendar.festival_days("元旦", date(2024, 12, 20))] == [date(2025, 1, 1)]
