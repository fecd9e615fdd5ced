"""An agency's disclosure guide, loaded from its reviewable TOML file into typed records."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from types import SimpleNamespace
from typing import Any

# Where agencies' data lives: an agency is named by its folder here ("lixia"), or by the path of a folder elsewhere
# (a test's fixture), which `AGENCIES_DIR / agency` is when the path is absolute.
AGENCIES_DIR = Path(__file__).parent / "agencies"
# The one default: the agency a configuration without `[knowledge] agency` serves.
DEFAULT_AGENCY = "lixia"

# The fields a place may carry, in display order, with their Chinese labels.
PLACE_FIELDS: dict[str, str] = {
    "address": "地址",
    "postcode": "邮政编码",
    "hours": "办公时间",
    "phone": "联系电话",
    "fax": "传真",
    "email": "电子信箱",
    "online": "网上申请入口",
}


class GuideError(ValueError):
    """The guide's data file is malformed."""


@dataclass(frozen=True)
class Meta:
    agency: str
    guide: str
    updated: str
    help_phone: str
    website: str
    default_place: str
    # The names the agency's texts use: a shorter name for itself, its province, city and district; the city as
    # said with its phone area code; a postcode and a document number shown as examples.
    short_name: str
    province: str
    city: str
    district: str
    area_name: str
    area_code: str
    postcode: str
    doc_number_example: str
    # The annual reports as a series (the sources of answers and charts) and as a chart's data source.
    report_series: str
    report_source: str
    # What the agency's tracking numbers start with (LX2026-000123).
    tracking_prefix: str
    # The agency's own place names, and names of other governments it must not answer for.
    home: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()
    other_levels: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    # A whole wider area ("全市", "全省"): a question over it is about another government's figures.
    wider: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """An office, reading point or court with its contact details as printed in the guide."""

    id: str
    section: str
    role: str
    name: str
    aliases: tuple[str, ...]
    fields: dict[str, str]
    notes: dict[str, str]
    # The office this place is one role of (the same office receives letters and complaints).
    part_of: str | None = None
    # Words for what is done there ("投诉", "起诉"), which name the place only in a question within the guide.
    roles: tuple[str, ...] = ()
    # The calculator a date asked of this place goes to ("复议最晚哪天": "remedy"), if any.
    calculator: str | None = None


@dataclass(frozen=True)
class Period:
    """A period of working days a topic's rule sets, counted from a day the applicant can name: a date asked with
    the topic ("9月26日收到的申请，最晚哪天通知补正") is counted with it."""

    working_days: int
    what: str  # what must happen within it ("告知补正")
    start: str  # the day it counts from ("收到申请")


@dataclass(frozen=True)
class Topic:
    """One answerable topic: how people ask about it and what the guide says."""

    id: str
    section: str
    title: str
    ask: tuple[str, ...]
    answer: str
    source: str | None = None
    # False where the answer comes from the Regulation or a law and the guide does not state it.
    from_guide: bool = True
    # The calculator a follow-up with a count or a date goes to: "fee" or "deadline".
    calculator: str | None = None
    period: Period | None = None
    # The places the answer gives the details of ("{in_person_point.address}"): where a visit it describes goes.
    places: tuple[str, ...] = ()
    # The annual reports' printed words for the row that counts this topic's cases ("重复申请"): "这种情况有多少件".
    reported_as: str | None = None


@dataclass(frozen=True)
class Guide:
    meta: Meta
    places: tuple[Place, ...]
    topics: tuple[Topic, ...]

    def place(self, place_id: str) -> Place:
        """The place with this id."""
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)

    def cite_topic(self, topic: Topic) -> str:
        """Where a topic's answer comes from: the guide's section, the Regulation or law, or both."""
        if not topic.from_guide and topic.source:
            return topic.source
        return self.cite(topic.section, topic.title, source=topic.source)

    def cite(self, section: str, title: str = "", *, source: str | None = None) -> str:
        """The source line every answer ends with."""
        where = f"{self.meta.guide}{section}{(' ' + title) if title else ''}（{self.meta.updated}）"
        return f"{source}；{where}" if source else where


def _place(raw: dict[str, Any]) -> Place:
    unknown = (
        set(raw)
        - set(PLACE_FIELDS)
        - {"id", "section", "role", "name", "aliases", "notes", "part_of", "roles", "calculator"}
    )
    if unknown:
        raise GuideError(f"place {raw.get('id')!r}: unknown keys {sorted(unknown)}")
    notes = raw.get("notes", {})
    if set(notes) - set(PLACE_FIELDS):
        raise GuideError(f"place {raw['id']!r}: notes for unknown fields {sorted(set(notes) - set(PLACE_FIELDS))}")
    return Place(
        id=raw["id"],
        section=raw["section"],
        role=raw["role"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        fields={key: raw[key] for key in PLACE_FIELDS if key in raw},
        notes=dict(notes),
        part_of=raw.get("part_of"),
        roles=tuple(raw.get("roles", ())),
        calculator=raw.get("calculator"),
    )


def _places_in(template: str) -> tuple[str, ...]:
    """The place ids a template's placeholders name, in order ("{archive.phone}" → "archive")."""
    named = (field.partition(".")[0] for _, field, _, _ in Formatter().parse(template) if field)
    return tuple(dict.fromkeys(name for name in named if name != "meta"))


def _fill(template: str, values: dict[str, SimpleNamespace], topic_id: str) -> str:
    try:
        return template.format_map(values)
    except (KeyError, AttributeError) as exc:
        raise GuideError(f"topic {topic_id!r}: unknown placeholder {exc}") from exc


def parse_guide(raw: dict[str, Any]) -> Guide:
    """Build a Guide from the parsed TOML, filling answer placeholders from the places."""
    try:
        meta_fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw["meta"].items()}
        meta = Meta(**meta_fields)
        places = tuple(_place(p) for p in raw["place"])
        values = {p.id: SimpleNamespace(name=p.name, **p.fields) for p in places}
        values["meta"] = SimpleNamespace(**raw["meta"])
        topics = tuple(
            Topic(
                id=t["id"],
                section=t["section"],
                title=t["title"],
                ask=tuple(t["ask"]),
                answer=_fill(t["answer"].strip(), values, t["id"]),
                source=t.get("source"),
                from_guide=t.get("from_guide", True),
                calculator=t.get("calculator"),
                period=Period(**t["period"]) if "period" in t else None,
                places=_places_in(t["answer"]),
                reported_as=t.get("reported_as"),
            )
            for t in raw["topic"]
        )
    except (KeyError, TypeError) as exc:
        raise GuideError(f"guide data is missing or has a wrong key: {exc}") from exc
    if meta.default_place not in {p.id for p in places}:
        raise GuideError(f"meta.default_place {meta.default_place!r} is not a place")
    unknown_parts = {p.part_of for p in places if p.part_of} - {p.id for p in places}
    if unknown_parts:
        raise GuideError(f"part_of names no place: {sorted(unknown_parts)}")
    ids = [p.id for p in places] + [t.id for t in topics]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise GuideError(f"duplicate ids: {sorted(duplicates)}")
    return Guide(meta=meta, places=places, topics=topics)


@cache
def load_guide(agency: str = DEFAULT_AGENCY) -> Guide:
    """The guide of an agency, read from knowledge/agencies/<agency>/guide.toml."""
    path = AGENCIES_DIR / agency / "guide.toml"
    with path.open("rb") as fh:
        return parse_guide(tomllib.load(fh))
