"""Every number the text of an annual report states, with its unit, clause and label: read by `report_prose`.

A number counts when a unit (a measure word or %) follows it: "96件", "3.6万余条", "99.68%", "上万次", "近三百条".
Years, dates, document numbers, phone numbers, postcodes, addresses, web addresses and ordinals ("第54次") are
not figures and are skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from knowledge.reports.model import ProseFigure

# Measure words a figure of the reports' text is counted in; longer ones first so that 人次 wins over 人.
UNITS = (
    *("人次", "小时", "分钟", "件", "条", "起", "次", "期", "个", "项"),
    *("名", "所", "家", "篇", "处", "页", "分", "元", "%"),
)
_UNIT = "|".join(re.escape(unit) for unit in UNITS)
# An Arabic number, not part of a code, an address or an ordinal ("第3期"), with 万/亿, 余/多 and its unit.
_ARABIC = re.compile(
    rf"(?<![0-9A-Za-z._/+\-第])(?P<digits>\d+(?:\.\d+)?)(?P<magnitude>[万亿]?)(?P<about>余|多)?(?P<unit>{_UNIT})"
)
# A number in Chinese numerals: "上万次", "近三百条", "十二个部分", "两个路径".
_CHINESE_UNITS = ("人次", "件", "条", "次", "期", "个", "项", "名", "所", "家", "篇", "处")
_CHINESE = re.compile(
    r"(?<![第每一二两三四五六七八九十百千万])(?P<prefix>上|近)?(?P<digits>[一二两三四五六七八九十百千万]+)"
    rf"(?P<about>余|多)?(?P<unit>{'|'.join(_CHINESE_UNITS)})"
)
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = {"": 1, "万": 10_000, "亿": 100_000_000}
# Web and email addresses: digits inside them are not figures.
_ADDRESS = re.compile(r"(?:https?://|www\.)[\w./%?=&#:~+-]+|[\w.+-]+@[\w.-]+")
# A clause: the text between commas, semicolons, colons and full stops.
_CLAUSE = re.compile(r"[^,，;；。:：!！?？]+")
# A label's piece: the text between clause breaks, 、 and brackets ("政协提案122件(省2件、市8件)" → "省", "市").
_LABEL_PIECE = re.compile(r"[^,，。;；、:：()（）]+")


def chinese_number(text: str) -> int:
    """The value of Chinese numerals without 零 gaps: "三百" → 300, "十二" → 12, "万" → 10000."""
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[char]
        elif char in _CHINESE_POWERS:
            section += (digit or 1) * _CHINESE_POWERS[char]
            digit = 0
        elif char == "万":
            total += (section + digit or 1) * 10_000
            section, digit = 0, 0
    return total + section + digit


def _value(digits: str, magnitude: str) -> int | Decimal:
    """A printed number as a value: "3.6" with 万 is 36000; decimals that stay decimals are Decimal."""
    number = Decimal(digits) * _MAGNITUDES[magnitude]
    return int(number) if number == number.to_integral_value() else number


def _matches(line: str) -> list[tuple[int, int, int | Decimal, str]]:
    """(start, end, value, unit) of every number with a unit on the line, in order, outside web addresses."""
    skipped = [match.span() for match in _ADDRESS.finditer(line)]
    found = []
    for match in _ARABIC.finditer(line):
        found.append((match.start(), match.end(), _value(match["digits"], match["magnitude"]), match["unit"]))
    for match in _CHINESE.finditer(line):
        digits = match["digits"]
        if digits == "万" and not match["prefix"]:
            continue  # the 万 of "3.6万余条", read with its digits
        found.append((match.start(), match.end(), chinese_number(digits), match["unit"]))
    kept = [m for m in found if not any(a <= m[0] < b for a, b in skipped)]
    return sorted(kept)


def _span(pattern: re.Pattern[str], line: str, at: int) -> tuple[int, int]:
    """The span of the pattern's run that holds position at."""
    for match in pattern.finditer(line):
        if match.start() <= at < match.end():
            return match.span()
    return at, at


def prose_numbers(line: str, line_no: int, keys: dict[int, str] | None = None) -> list[ProseFigure]:
    """Every number with a unit on a text line: its label (the words of its clause just before it), the clause,
    the clause before it, and the FIGURES key given in keys by the number's offset on the line."""
    keys = keys or {}
    figures = []
    clauses = [match for match in _CLAUSE.finditer(line) if match.group().strip()]
    previous_end: dict[tuple[int, int], int] = {}
    for start, end, value, unit in _matches(line):
        piece = _span(_LABEL_PIECE, line, start)
        label_from = max(piece[0], previous_end.get(piece, piece[0]))
        previous_end[piece] = end
        clause = next((c for c in clauses if c.start() <= start < c.end()), None)
        index = clauses.index(clause) if clause is not None else -1
        figures.append(
            ProseFigure(
                label=line[label_from:start].strip(),
                value=value,
                unit=unit,
                line=line_no,
                clause=clause.group().strip() if clause is not None else "",
                printed=line[start:end],
                context=clauses[index - 1].group().strip() if index > 0 else "",
                key=keys.get(start, ""),
            )
        )
    return figures
