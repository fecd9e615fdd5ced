"""Whom each annual report says to ask about it, and how: the details its closing sentence prints ("如对本报告有疑问,
请与济南市历下区政府办公室联系(地址:…,邮政编码:…,电话:…,邮箱:…)"), said for a year and set against other years'.

The details differ by year (2019 prints 联系电话:88150922; 2020 and 2014 print no email); those are printed facts,
said as printed, never corrected. A question asks for them by the words at the end of this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge.guide import Meta
from knowledge.reports.model import CONTACT_FIELDS, Contact, Report
from knowledge.reports.words import MAX_FOLLOW_UP_CHARS, asked_unit

# A measure asking contact details is "contact:" and the details asked, comma-separated ("contact:phone,email").
CONTACT = "contact:"
DETAILS = ("floor", *CONTACT_FIELDS)
NAMES = {"floor": "楼层", **CONTACT_FIELDS}
_AREA_CODE = re.compile(r"^(?:\(0\d{2,3}\)|0\d{2,3}-)")


def contact_measure(details: tuple[str, ...]) -> str:
    """The measure of a focus asking these details."""
    return CONTACT + ",".join(details)


def contact_details(measure: str) -> tuple[str, ...] | None:
    """The details a contact measure asks, or None where it is not one this module knows."""
    if not measure.startswith(CONTACT):
        return None
    details = tuple(measure.removeprefix(CONTACT).split(","))
    return details if details and all(d in DETAILS for d in details) else None


def _same(key: str, a: str, b: str, area: re.Pattern[str]) -> bool:
    """Whether two printed details are the same: "88150105" is "0531-88150105", "历下区解放东路99号" is
    "济南市解放东路99号" (both say the same street number in Jinan's Lixia district: `area` is the agency's city and
    district leading an address)."""
    return _normal(key, a, area) == _normal(key, b, area)


def _normal(key: str, value: str, area: re.Pattern[str]) -> str:
    value = re.sub(r"\s+", "", value)
    if key == "phone":
        return _AREA_CODE.sub("", value)
    if key == "email":
        return value.lower()
    if key == "address":
        return area.sub("", value)
    return value


def _years(labels: list[str]) -> str:
    return "、".join(labels)


@dataclass(frozen=True)
class _Entry:
    """One year's contact sentence; one per version where a year's versions print different details."""

    label: str  # "2022年", "2021年版本A"
    year: int
    reports: tuple[Report, ...]
    contact: Contact

    @property
    def source(self) -> str:
        """The report's title, its versions where there are several, and the seed lines of the sentence."""
        report = self.reports[0]
        kinds = f"（{'、'.join('版本' + r.version for r in self.reports)}）" if len(self.reports) > 1 else ""
        lines = "、".join(str(r.contact.line) for r in self.reports if r.contact)
        return f"《{report.title}》{kinds}正文第{lines}行"


class Contacts:
    """Every report's contact sentence, newest first, ready to be said and compared."""

    def __init__(self, reports: tuple[Report, ...], meta: Meta) -> None:
        # The agency's city and district, which an address may print or leave out.
        self.area = re.compile(rf"^(?:{re.escape(meta.city)})?(?:{re.escape(meta.district)})?")
        by_year: dict[int, list[Report]] = {}
        for report in reports:
            if report.contact is not None:
                by_year.setdefault(report.year, []).append(report)
        self.entries: list[_Entry] = []
        for year in sorted(by_year, reverse=True):
            versions = by_year[year]
            said = {replace(r.contact, line=0) for r in versions if r.contact}
            if len(said) == 1:
                contact = versions[0].contact
                assert contact is not None
                self.entries.append(_Entry(f"{year}年", year, tuple(versions), contact))
                continue
            for report in versions:
                assert report.contact is not None
                self.entries.append(_Entry(report.label, year, (report,), report.contact))

    def latest(self) -> int | None:
        """The newest year whose report prints a contact sentence."""
        return self.entries[0].year if self.entries else None

    def of(self, year: int) -> list[_Entry]:
        """The year's entries: one, or one per version that prints other details."""
        return [entry for entry in self.entries if entry.year == year]

    def prints(self, year: int, details: tuple[str, ...]) -> bool | None:
        """Whether the year's report prints every detail asked; None where its versions differ on it."""
        found = {all(entry.contact.detail(d) for d in details) for entry in self.of(year)}
        return found.pop() if len(found) == 1 else None

    def said(self, year: int, details: tuple[str, ...], *, latest: bool = False, compared: bool = True) -> str:
        """The year's contact sentence with the details asked; compared: then how the other years print each."""
        entries = self.of(year)
        lines = [_said(entry, details, latest=latest) for entry in entries]
        notes = [note for key in details if (note := self._compared(entries[0], key))] if compared else []
        if len(entries) == 1 and len(notes) == 1:
            lines.append(f"其他年份的报告中，{notes[0]}")
        elif len(entries) == 1 and notes:
            lines += ["其他年份的报告中：", *notes]
        return "\n".join(lines)

    def source(self, year: int) -> str:
        return "；".join(entry.source for entry in self.of(year))

    def _compared(self, entry: _Entry, key: str) -> str:
        """How the other years print one detail: the same (as printed otherwise, if so), something else, or nothing;
        "" where there is no other year."""
        value = entry.contact.detail(key)
        same: list[str] = []
        written: dict[str, list[str]] = {}  # a printed form → the years printing it, for the same detail
        other: dict[str, dict[str, list[str]]] = {}  # the first printed form → printed forms → years
        missing: list[str] = []
        for each in self.entries:
            if each is entry:
                continue
            printed = each.contact.detail(key)
            if not printed:
                (same if not value else missing).append(each.label)
            elif value and _same(key, printed, value, self.area):
                same.append(each.label)
                if printed != value:
                    written.setdefault(printed, []).append(each.label)
            else:
                first = next((f for f in other if _same(key, f, printed, self.area)), printed)
                other.setdefault(first, {}).setdefault(printed, []).append(each.label)
        if not (same or other or missing):
            return ""
        parts = []
        if same:
            variants = "；".join(f"{_years(labels)}写作{printed}" for printed, labels in written.items())
            parts.append(f"{_years(same)}{'相同' if value else '也没有写'}" + (f"（{variants}）" if variants else ""))
        for first, forms in other.items():
            labels = [label for years in forms.values() for label in years]
            variants = "；".join(f"{_years(ys)}写作{printed}" for printed, ys in forms.items() if printed != first)
            parts.append(f"{_years(labels)}为{first}" + (f"（{variants}）" if variants else ""))
        if missing:
            parts.append(f"{_years(missing)}没有写")
        return f"{NAMES[key]}：{'；'.join(parts)}。"


def _said(entry: _Entry, details: tuple[str, ...], *, latest: bool) -> str:
    """The sentence with the details asked ("2019年的年度报告写明，…请与…联系，电话：88150922。"); what it does not
    print is said too."""
    contact = entry.contact
    which = f"最新的{entry.label}年度报告" if latest else f"{entry.label}的年度报告"
    head = f"{which}写明，如对报告有疑问，请与{contact.body}联系"
    printed = [_detail(contact, key) for key in details if contact.detail(key)]
    missing = "、".join(NAMES[key] for key in details if not contact.detail(key))
    if not missing:
        return f"{head}，{'，'.join(printed)}。"
    if printed:
        return f"{head}，{'，'.join(printed)}；没有写{missing}。"
    # Nothing asked is printed: what the sentence does give (for the floor, the address it stops at).
    given = ("address",) if details == ("floor",) else tuple(CONTACT_FIELDS)
    instead = "，".join(_detail(contact, key) for key in given if contact.detail(key))
    return f"{head}，没有写{missing}" + (f"，只写了{instead}" if instead else "") + "。"


def _detail(contact: Contact, key: str) -> str:
    """One detail as said: "电话：88150922"; the floor with the address it is part of."""
    if key == "floor":
        return f"地址：{contact.address}，即在{contact.detail('floor')}"
    return f"{NAMES[key]}：{contact.detail(key)}"


# A contact detail the reports print in their preamble (the guide answers those), not a figure.
_CONTACT = re.compile(r"电话|邮箱|电子邮件|邮件地址|邮编|邮政编码|传真|网址|联系方式|联系人|地址|怎么联系|如何联系")


def asks_contact(text: str) -> bool:
    """Whether the question asks for a phone number, email, address and the like ("年报上留的联系电话是多少"),
    not a count ("2022年电话咨询多少次" counts in 次)."""
    return bool(_CONTACT.search(text)) and not asked_unit(text)


# A question about the contact details a report prints in its closing sentence ("如对本报告有疑问,请与…联系(地址:…)")
# names the report; one that does not is the guide's.
_REPORT = re.compile(r"年报|报告")
# Email words first: "邮件地址" asks for an email, not an address.
_EMAIL = re.compile(r"电子(?:邮箱|邮件)地址|(?:邮箱|邮件)地址|电子邮箱|电子邮件|邮箱|邮件|电邮|信箱|e-?mail", re.I)
# Detail → the words that ask for it ("floor": the building and floor of the address), in CONTACT_FIELDS order.
_FLOOR_ASKED = re.compile(r"几层|几楼|哪层|哪一层|哪个楼层|楼层|哪一楼")
_CONTACT_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("floor", _FLOOR_ASKED),
    ("address", re.compile(r"地址|门牌|办公地点|(?:办公室|单位|部门|机关)设?在哪|在什么地方|[哪什][个么]大厦|哪栋楼")),
    ("postcode", re.compile(r"邮编|邮政编码")),
    ("phone", re.compile(r"电话|号码|手机|座机|致电|打给")),
    ("email", _EMAIL),
)
# Asking how to reach whom the report names: every detail it prints.
_EVERY_DETAIL = re.compile(
    r"联系方式|联系信息|联络方式|联系渠道|(?:怎么|怎样|如何)联系|联系人"
    r"|(?:联系|找|问)(?:谁|哪里|哪儿|哪个(?:部门|单位|机关|办公室)|什么(?:部门|单位|机关))"
)
EVERY_DETAIL = ("address", "postcode", "phone", "email")
# "2020年的年报有没有写邮箱": whether the report prints the detail at all.
_PRINTS = re.compile(r"有没有|有无|是否(?:有|留|写|提供|公布|印)|[写留印]没[写留印]|有没[写留印]")


def contact_asked(text: str, *, follow_up: bool = False) -> tuple[str, ...] | None:
    """The contact details a question asks of a report ("2019年年报上留的联系电话是多少" → ("phone",); "怎么联系"
    → every detail), in printed order; None where it does not name a report or asks no contact detail.

    A follow-up to an answer about a report's contact details ("那邮箱呢") need not name the report, but must be short.
    "floor" (the building and floor: "办公室在历下大厦第几层") stands for the address. A count ("2022年报告电话咨询多少
    次") is no contact detail."""
    named = len(text) <= MAX_FOLLOW_UP_CHARS if follow_up else bool(_REPORT.search(text))
    if not named or asked_unit(text):
        return None
    if _EVERY_DETAIL.search(text):
        return EVERY_DETAIL
    rest = _EMAIL.sub(" ", text)
    asked = [key for key, pattern in _CONTACT_DETAILS if pattern.search(text if key == "email" else rest)]
    if "floor" in asked and "address" in asked:
        asked.remove("address")  # "地址在几楼": the floor's answer gives the address
    return tuple(asked) or None


def asks_floor(text: str) -> bool:
    """Whether the question asks on which floor of a building something is ("政府办在历下大厦几楼")."""
    return bool(_FLOOR_ASKED.search(text))


def same_street_number(one: str, other: str) -> bool:
    """Whether two addresses are at one street number ("…解放东路99号" and "…解放东路99号历下大厦2层")."""
    return _street_number(one) == _street_number(other) != ""


def _street_number(address: str) -> str:
    head, number, _ = re.sub(r"\s+", "", address).partition("号")
    return head + number if number else ""


def asks_printed(text: str) -> bool:
    """Whether the question asks if a report prints a detail at all ("2020年的年报有没有写邮箱")."""
    return bool(_PRINTS.search(text))
