"""Answers about places: the fields asked for, and whether a place is open on a day or at an hour."""

from __future__ import annotations

import re

from knowledge.guide import PLACE_FIELDS, Guide, Place

_RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-—–~至到]\s*(\d{1,2})[:：](\d{2})")
_WORKDAYS_ONLY = ("工作日", "周一至周五", "节假日除外")


def family(guide: Guide, place: Place) -> list[Place]:
    """The place first, then the other roles of the same office (they share one building and phone)."""
    root = place.part_of or place.id
    return [place] + [p for p in guide.places if p is not place and (p.id == root or p.part_of == root)]


def field_of(guide: Guide, place: Place, field: str) -> tuple[Place, str] | None:
    """The value of a field for a place, taken from another role of the same office if it has none."""
    for holder in family(guide, place):
        if field in holder.fields:
            return holder, holder.fields[field]
    return None


def describe(guide: Guide, place: Place, asked: tuple[str, ...]) -> str:
    """A place's card: the fields asked (with the phone to check them, and for which body it is, where it is), or
    every field."""
    shown = [*asked, "phone", *(("address",) if "name" in asked else ())] if asked else list(place.fields)
    lines = [f"{place.name}（{place.role}）"]
    missing = []
    for field in PLACE_FIELDS:
        if field not in shown:
            continue
        found = field_of(guide, place, field)
        if found is None:
            missing.append(PLACE_FIELDS[field])
            continue
        holder, value = found
        note = holder.notes.get(field)
        lines.append(f"{PLACE_FIELDS[field]}：{value}" + (f"\n（{note}）" if note else ""))
        if field == "address":
            # "在哪栋楼": another role of the office may print the building too.
            lines.extend(
                f"（{other.role}：{other.fields['address']}）"
                for other in family(guide, place)
                if other.fields.get("address", value) != value and other.fields["address"].startswith(value)
            )
    if missing:
        lines.append(f"《指南》没有列出它的{'、'.join(missing)}。")
    return "\n".join(lines)


def ranges(hours: str) -> list[tuple[int, int]]:
    """Opening ranges of an hours text in minutes of the day ("8:30-12:00，13:00-17:00")."""
    return [(int(a) * 60 + int(b), int(c) * 60 + int(d)) for a, b, c, d in _RANGE.findall(hours)]


def open_lead(
    place: Place,
    *,
    weekend: bool,
    clock: tuple[int, int] | None,
    until: bool = False,
    closed: bool = False,
    weekdays: bool = False,
) -> str | None:
    """The plain yes or no to "can I go there then?", "is it open until then?" or, `closed`, "is it closed (do they
    rest) then?", of the weekend, a time of day or, naming neither, working days; or None when the hours do not
    decide it."""
    hours = place.fields.get("hours")
    if hours is None:
        return None
    workdays_only = any(word in hours for word in _WORKDAYS_ONLY)
    if weekend:
        if workdays_only:
            yes_no = "是" if closed else "不行"
            return f"{yes_no}。{place.name}只在工作日办公（周末和法定节假日不办公），时间：{hours}。"
        return None
    if clock is None:
        if weekdays and workdays_only:
            return f"{'不是' if closed else '是'}。{place.name}工作日办公，时间：{hours}。"
        return None
    minute = clock[0] * 60 + clock[1]
    spans = ranges(hours)
    if not spans:
        return None
    at = f"{clock[0]}:{clock[1]:02d}"
    closing = max(end for _, end in spans)
    if until and (not closed or minute == closing):
        close_at = f"{closing // 60}:{closing % 60:02d}"
        if minute == closing:
            return f"是。{place.name}工作日办公到{close_at}（{hours}）。"
        return f"不是。{place.name}工作日办公到{close_at}（{hours}）。"
    if any(start <= minute < end for start, end in spans):
        return f"{'不是' if closed else '可以'}。工作日{at}在{place.name}的办公时间内（{hours}）。"
    if closed:
        return f"是。工作日{at}不在{place.name}的办公时间内（{hours}）。"
    return f"不行。工作日{at}不在{place.name}的办公时间内（{hours}）。"
