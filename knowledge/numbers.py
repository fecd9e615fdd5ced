"""Reading quantities and dates out of Chinese questions."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.workdays import out_of_range

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "俩": 2,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_CN_NUMBER = f"[{''.join(_DIGITS)}{''.join(_UNITS)}]+"
_NUMBER = rf"([-−]?\d+|{_CN_NUMBER})"

# "45份申请" counts applications, as "45件" does; "3份材料" counts copies, which no fee counts.
_QUANTITY = re.compile(_NUMBER + r"\s*(件|页|张|份(?=申请))")
_WORKING_DAYS = re.compile(_NUMBER + r"\s*个?工作日")
_FULL_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_RELATIVE_DAYS = {"前天": -2, "昨天": -1, "今天": 0, "今日": 0, "明天": 1, "后天": 2}
# "上礼拜五", "这周一", "下星期三": a weekday of last, this or next week.
_WEEKDAY = re.compile(r"(上上|上|这|本|下)?个?(?:周|礼拜|星期)([一二三四五六日天])")
_WEEKDAYS = "一二三四五六日"
# "上个月10号", "这个月5号", "下月1日": a day of last, this or next month.
_MONTH_OF = re.compile(r"(上上|上|这|本|下)个?月\s*(\d{1,2})\s*[日号]")
_OFFSET = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1}


# A number of more digits is read as 10**MAX_DIGITS, which every calculator refuses as too large: int() itself
# refuses a string of over 4,300 digits. The numbers of a message the chat reads (500 characters) are read exactly.
MAX_DIGITS = 1000


def _digits_to_int(digits: str) -> int:
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= MAX_DIGITS else 10**MAX_DIGITS


def chinese_to_int(text: str) -> int:
    """Read a number written with Chinese numerals, e.g. 三十五 → 35, 两百 → 200."""
    if text and all(ch in _DIGITS for ch in text) and len(text) > 1:
        return _digits_to_int("".join(str(_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        else:
            section += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + section + digit


def _to_int(token: str) -> int:
    token = token.replace("−", "-")
    digits = token.lstrip("-")
    if not digits.isdigit():
        return chinese_to_int(token)
    return -_digits_to_int(digits) if token.startswith("-") else _digits_to_int(digits)


@dataclass(frozen=True)
class Quantity:
    value: int
    unit: str  # "items" or "pages"


@dataclass(frozen=True)
class Edge:
    """A count named as the edge of a range ("超过200页的部分", "31件以上", "10件以内"): the units from `first` to
    `last` (None: on without end) are asked about, not a count to be billed."""

    first: int
    last: int | None
    unit: str  # "items" or "pages"


# Words that make a count the edge of a range: beyond it (超过10件, 10件以后), from it on (31件以上, 31件起), up to
# it (30页以下, 10件以内).
_BEYOND_BEFORE = re.compile(r"(?:超过|超出|多于|大于|高于)\s*$")
# Beyond it denied ("没超过30页", "不超过10件"): up to it.
_NOT_BEYOND_BEFORE = re.compile(r"(?:没有?|不|未)(?:超过|超出|多于|大于|高于)\s*$")
_BEYOND_AFTER = re.compile(r"\s*(?:以后|之后|以外|之外|后|多出)")
_FROM_AFTER = re.compile(r"\s*(?:及?以上|往上|开始|起)")
_UP_TO_AFTER = re.compile(r"\s*(?:及?以下|以内|之内|内(?!容))")
# A count that is the step of a scale ("每多10件", "以10件为一档"): neither a count nor an edge.
_STEP_BEFORE = re.compile(r"每(?:多|增加|加)?\s*$")
_STEP_AFTER = re.compile(r"\s*为?一档")


def quantities(text: str) -> list[Quantity]:
    """Counts of items (件, 份申请) or pages (页/张) named in the text; the edges of ranges are no counts."""
    found = []
    for match in _QUANTITY.finditer(text):
        number, unit = match.groups()
        # "一件申请" is "an application", not a count; "好几百件" and "五六件" are no counts at all.
        if number == "一" or text[max(0, match.start() - 1) : match.start()] == "几" or _approximate(number):
            continue
        if _edge_of(text, match) is not None or _step(text, match):
            continue
        value = _to_int(number)
        if unit == "张" and "双面" in text:
            value *= 2  # a sheet printed on both sides is two pages (A4 one side = 1 page)
        found.append(Quantity(value=value, unit="pages" if unit in "页张" else "items"))
    return found


def edges(text: str) -> list[Edge]:
    """The counts of items or pages named as the edges of ranges ("超过200页的部分每页多少钱")."""
    return [edge for match in _QUANTITY.finditer(text) if (edge := _edge_of(text, match)) is not None]


def _step(text: str, match: re.Match[str]) -> bool:
    return bool(_STEP_BEFORE.search(text[: match.start()]) or _STEP_AFTER.match(text[match.end() :]))


def _edge_of(text: str, match: re.Match[str]) -> Edge | None:
    number, unit = match.groups()
    value = _to_int(number)
    basis = "pages" if unit in "页张" else "items"
    before, after = text[: match.start()], text[match.end() :]
    if value < 1:
        return None
    if _NOT_BEYOND_BEFORE.search(before):
        return Edge(1, value, basis)
    if _BEYOND_BEFORE.search(before) or _BEYOND_AFTER.match(after):
        return Edge(value + 1, None, basis)
    if _FROM_AFTER.match(after):
        return Edge(value, None, basis)
    if _UP_TO_AFTER.match(after):
        return Edge(1, value, basis)
    return None


def _approximate(number: str) -> bool:
    """Two near Chinese digits, rising ("五六", "三四", "三五"), say "about", not 56, 34 or 35."""
    if len(number) != 2 or not all(ch in _DIGITS for ch in number):
        return False
    return 0 < _DIGITS[number[1]] - _DIGITS[number[0]] <= 2


# A length of time ("15个工作日", "60日内", "两周", "3个月", "半年"), not a date ("5月20日") nor a month named ("11月").
_PERIOD = re.compile(
    _NUMBER + r"\s*(多)?\s*(个?多?工作日|个?自然日|天|日|周|个?多?礼拜|个?多?星期|个多?月)|半个?月|半年"
)
_PERIOD_UNITS = {
    "工作日": ("working_days", 1),
    "自然日": ("days", 1),
    "天": ("days", 1),
    "日": ("days", 1),
    "周": ("days", 7),
    "礼拜": ("days", 7),
    "星期": ("days", 7),
    "个月": ("months", 1),
}
_WITHIN = re.compile(r"\s*(?:以内|之内|内)")
# A length said as what a limit is ("期限是15个工作日吗", "起诉时限为3个月"): a time limit too.
_LIMIT_IS = re.compile(r"[期时]限[是为有就只才得不]{0,4}\s*$")
# A period a thing is counted in ("算不算在20个工作日内") is no time limit asked.
_COUNTED_IN = re.compile(r"[算计][^，,。？?]*$")


@dataclass(frozen=True)
class Length:
    """A length of time as written ("3个月"), in working days, days or months."""

    value: int
    unit: str  # "working_days", "days" or "months"
    said: str
    within: bool  # a time limit: "60日内", "3个月以内", "期限是15天", not a period something is counted in
    more: bool = False  # "两个多月", "十多天": more than the value


def lengths(text: str) -> list[Length]:
    """The lengths of time named in the text; a day of a month ("5月20日") is none."""
    return [length for match in _PERIOD.finditer(text) if (length := _length(match)) is not None]


def _length(match: re.Match[str]) -> Length | None:
    """The length of time a match of _PERIOD names in its text, or None for a day of a month or "三四天"."""
    text, said = match.string, match.group(0)
    before = text[: match.start()]
    limit = _WITHIN.match(text, match.end()) is not None or _LIMIT_IS.search(before) is not None
    within = limit and not _COUNTED_IN.search(before)
    if said.startswith("半"):
        return Length(6, "months", said, within) if said.endswith("年") else Length(15, "days", said, within)
    number, more, unit = match.groups()
    if before.endswith("月") or _approximate(number):
        return None
    plain = unit.replace("多", "")
    kind, times = _PERIOD_UNITS[plain if plain == "个月" else plain.lstrip("个")]
    return Length(_to_int(number) * times, kind, said, within, more=bool(more) or "多" in unit)


# A length of time gone by: "已经两个多月了", "都10天了", "才俩礼拜".
_GONE_BEFORE = re.compile(r"(?:已经|已|都|才|有|过了)\s*$")
_GONE_AFTER = re.compile(r"\s*(?:了|啦)")


def elapsed_since(text: str, *, today: date) -> tuple[date, str] | None:
    """The day a length of time gone by up to today began ("收到答复已经两个多月了": before today by more than two
    months, so two months and a day), with the length as said; None where the text tells no such length."""
    for match in _PERIOD.finditer(text):
        gone = _GONE_BEFORE.search(text[: match.start()]) or _GONE_AFTER.match(text, match.end())
        length = _length(match)
        if not gone or length is None or length.within or length.unit == "working_days":
            continue
        if length.unit == "days":
            return today - timedelta(days=length.value + length.more), length.said
        return add_months(today, -length.value) - timedelta(days=length.more), length.said
    return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the last day of that month when it is shorter (08-31 + 6 →
    02-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def working_days(text: str) -> int | None:
    """The number of working days named in the text ("15个工作日"), if any."""
    match = _WORKING_DAYS.search(text)
    return _to_int(match.group(1)) if match else None


# A year written in Chinese digits: "二〇二〇年", and in a question about figures the short "二二年".
# Not a span of years ("二三年前", "一两年来").
_CHINESE_YEAR = re.compile(
    r"(?<![〇零一二三四五六七八九十])([一二][〇零一二三四五六七八九]{3}|[一二][〇零一二三四五六七八九])(?=年)(?!年[前后来多间内以左])"
)


def years_in_digits(text: str) -> str:
    """The text with its years in Chinese digits written in Arabic ones: "二〇二〇年" → "2020年", "二二年" → "22年"."""
    return _CHINESE_YEAR.sub(lambda match: "".join(str(_DIGITS[ch]) for ch in match.group(1)), text)


class DateError(ValueError):
    """A date in the question does not exist."""


def date_written(text: str) -> str | None:
    """How the date a text names is written, as find_date reads it: "full" (with its year), "month_day" (in the year
    it is read in), or None (a relative day, a weekday, or no date)."""
    if _FULL_DATE.search(text):
        return "full"
    return "month_day" if _MONTH_DAY.search(text) else None


# A clause telling that an application sent arrived ("11月4日他们签收的", "6号才寄到"): by post, the day of receipt is
# the day the agency signs for it, not the day it was sent (《条例》第三十一条).
_ARRIVED = re.compile(r"签收|签字收|寄到|送到|到达|送达")
# A supplement handed in ("把补正的材料交上去了", "我12月1号补上去的"): the answer period counts again from that day.
SUPPLIED = re.compile(r"补(?:正|充|齐)[^，,。？?]{0,12}?(?:交|送|递|寄)|补(?:上|交|齐)")
# Where a clause of a message ends.
CLAUSE_ENDS = re.compile(r"[，,；;。？?！!]")


def arrival_date(text: str, *, today: date) -> date | None:
    """The date of the clause telling that what was sent arrived, or that a supplement was handed in, where the text
    names another date before it ("11月2日寄的挂号信，11月4日他们签收的" → 11月4日, in the year of the date before it);
    else the first date named."""
    first = find_date(text, today=today)
    clauses = [
        c
        for c in CLAUSE_ENDS.split(text)
        if (_ARRIVED.search(c) or SUPPLIED.search(c)) and find_date(c, today=today) is not None
    ]
    if first is None or not clauses:
        return first
    arrived = find_date(clauses[0], today=first)
    if arrived is not None and arrived < first and date_written(clauses[0]) == "month_day":
        arrived = arrived.replace(year=arrived.year + 1)  # "12月30日寄的，1月4日签收": the year after
    return arrived


def find_date(text: str, *, today: date) -> date | None:
    """The first date named in the text; a month and day without a year is in today's year."""
    found = None
    said = ""  # the date as written, for the error
    try:
        if match := _FULL_DATE.search(text):
            said = match.group(0)
            year, month, day = (int(g) for g in match.groups())
            found = date(year, month, day)
        elif match := _MONTH_OF.search(text):
            said = match.group(0)
            month = today.month - 1 + _OFFSET[match.group(1)]
            found = date(today.year + month // 12, month % 12 + 1, int(match.group(2)))
        elif match := _MONTH_DAY.search(text):
            said = match.group(0)
            month, day = (int(g) for g in match.groups())
            found = date(today.year, month, day)
    except ValueError as exc:
        raise DateError(f"日期“{said}”不存在，请检查月份和日期。") from exc
    if found is not None:
        if (problem := out_of_range(found)) is not None:
            raise DateError(problem)
        return found
    for word, offset in _RELATIVE_DAYS.items():
        if word in text:
            return today + timedelta(days=offset)
    if match := _WEEKDAY.search(text):
        week, name = match.groups()
        weekday = _WEEKDAYS.index("日" if name == "天" else name)
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=_OFFSET.get(week or "这", 0))
        return monday + timedelta(days=weekday)
    return None
