"""Questions about a place: its card with the attributes asked, whether it is open at a time, and follow-ups that
name another place or only an attribute ("电话呢", "那图书馆呢", "周六去行吗")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from knowledge.context import Focus
from knowledge.guide import PLACE_FIELDS, Guide
from knowledge.places import describe, field_of, open_lead
from knowledge.ranking import Ranker, Ranking
from knowledge.result import Answer
from knowledge.understand import ATTRIBUTE_WORDS, Reader, Reading, without_days

# How much else a follow-up about the same place may say ("周六去行吗").
FOLLOW_UP_SLACK = 3
# Being open asked ("开门", "办公", "上班", "只有工作日吗"), not a disclosure (公开).
_OPENING = re.compile(r"(?<!公)开|办公|上班|营业|只有|只在")
# What may surround place names and attributes in a question that asks for nothing else ("那档案馆呢", "几点到几点").
# The agency addressed as "你们" or "贵单位" names no place of its own: the one a bare detail asks for.
_FILLER = re.compile(
    r"[你您他她咱]们|贵单位|贵机关|[那这][边儿里]|[那呢吗啊呀的是和跟与及到？?。！!，,、\s]|请问|一下|多少|什么|号码|在|有|[去行不能会要]"
    r"|可以"
)
# What a value of each attribute looks like in an answer text.
_VALUE_SHAPES = {
    "phone": r"\d{3,4}-\d{7,8}",
    "fax": r"传真",
    "email": r"@",
    "online": r"https?://|www\.|入口",
    "postcode": r"(?<!\d)\d{6}(?!\d)",
    "hours": r"\d{1,2}:\d{2}",
    "address": r"[路街村]\d+号",
}
# Where a topic's answer sends one: a street address, a web address, or a website named ("门户网站信息公开平台").
_WHERE_SHAPE = "|".join((_VALUE_SHAPES["address"], _VALUE_SHAPES["online"], "网站|平台"))
# Two places asked whether they share a detail ("是同一个吗", "一样吗"), or a road ("在同一条路上").
_SAME = re.compile(r"同一个|一样|相同|是一个")
_ONE_ROAD = re.compile(r"同一条(?:路|街|马路)")
# The road of an address, after its city and district ("济南市历下区历山路151号" → 历山路).
_ROAD = re.compile(r"(?:区|市)?([^区市\d]{1,6}?[路街])\d+号")
# A pronoun standing for the place just talked about ("它上午几点结束", "他们在哪办公", "那边周六开吗").
_PLACE_PRONOUN = re.compile(r"[它他她]们?|那[里儿边]|这[里儿边]|[那这]个?地方|该(?:单位|机构|办公室|部门)")
# The contact details of an office, asked of the agency by its own name ("历下区政府信息公开的传真号多少").
_CONTACTS = frozenset({"phone", "postcode", "fax", "email"})
# The details a place may print or not, asked whether it has one ("政务公开办有传真吗").
_LISTED = ("phone", "postcode", "fax", "email", "online")
# A request to be given something ("号码能给我一下不", "能告诉我地址吗"): yes/no in form only.
_REQUEST = re.compile(r"给我|发我|告诉我|[给发说]一下|提供一下")


class PlaceQuestions:
    """Answers what is asked of the guide's places."""

    def __init__(self, guide: Guide, ranker: Ranker, reader: Reader, today: Callable[[], date]) -> None:
        self.guide = guide
        self.ranker = ranker
        self.reader = reader
        self.today = today
        self._topics = {topic.id: topic for topic in guide.topics}
        self._places_by_id = {place.id: place for place in guide.places}

    def answer(self, reading: Reading, focus: Focus | None) -> Answer | None:
        """The card of the place asked about (or followed up on) with what was asked, or None where the question is
        not about a place's details."""
        places = self._places(reading, focus)
        if places is None:
            return None
        same = self._same(places, reading)
        if same is not None:
            return same
        attributes = reading.attributes
        if reading.years and not attributes:
            return None  # "对了，2022年行政复议有几起": a year asks the reports, not the office's card
        bare = self.bare(reading)
        if places and not attributes and reading.asks_when and not reading.day and self._counts_periods(places):
            return None  # "复议的期限呢": the remedy's period, which the topics give, not the office's card
        if places and not attributes and focus is not None and focus.place and focus.question and bare:
            again = self._asked_of(focus.question, focus.place, reading)
            if again is not None:
                return again  # "审批中心中午12点有人吗" then "那图书馆呢": the same question of the library
        if places and not attributes and focus is not None and focus.attributes and not reading.yes_no:
            attributes = tuple(dict.fromkeys(("address", *focus.attributes)))  # "那档案馆呢": where, and what was asked
        topic = self._topics.get(focus.topic or "") if focus is not None else None
        if places and not attributes and bare and topic is not None and set(places) <= set(topic.places):
            return self.card(places, (), reading)  # "图书馆呢" after the reading points: the one named, in full
        if not attributes and focus is not None and (focus.report or topic is not None):
            return None  # "复议期限多久" then "行政诉讼呢": the same question about another body
        if not places or not (attributes or reading.weekend or self._days_asked(reading) or reading.clock or bare):
            return None
        if reading.by_role and not bare and self.ranker.rank(reading).out_of_scope:
            return None  # "楼上装修太吵了打哪个电话投诉": a complaint, but not about disclosure
        return self._timed(places, attributes, reading)

    def _same(self, places: list[str], reading: Reading) -> Answer | None:
        """Whether two places share a detail ("投诉的电话跟行政复议的电话是同一个吗", "法院和复议办是不是在同一条路上"):
        yes or no, then both cards; None where the question does not ask that of two places."""
        on_road = _ONE_ROAD.search(reading.text) is not None
        asked = ("address",) if on_road else reading.attributes
        if len(places) != 2 or len(asked) != 1 or not reading.yes_no or not (on_road or _SAME.search(reading.text)):
            return None
        values = []
        for place in places:
            found = field_of(self.guide, self.guide.place(place), asked[0])
            if found is None:
                return None
            value = found[1]
            road = _ROAD.search(value) if on_road else None
            values.append(road.group(1) if road is not None else value)
        field = PLACE_FIELDS[asked[0]]
        if values[0] == values[1]:
            lead = f"是，{'在同一条路上' if on_road else f'是同一个{field}'}（{values[0]}）。"
        else:
            lead = f"不是，{'不在同一条路上' if on_road else f'两处的{field}不同'}。"
        answer = self.card(places, asked, reading)
        return replace(answer, text=f"{lead}\n{answer.text}")

    def card(
        self, places: list[str], attributes: tuple[str, ...], reading: Reading, *, leads: list[str | None] | None = None
    ) -> Answer:
        """The places' cards with the attributes asked (all where none), each after its plain lead if any."""
        cards = [describe(self.guide, self.guide.place(p), attributes) for p in places]
        if leads:
            cards = [f"{lead}\n{card}" for lead, card in zip(leads, cards, strict=True)]
        sections = "、".join(dict.fromkeys(self.guide.place(p).section for p in places))
        return Answer(
            "\n\n".join(cards),
            matched=True,
            source=self.guide.cite(sections),
            topic=places[0],
            focus=Focus(place=places[-1], others=tuple(places[:-1]), attributes=attributes, question=reading.text),
        )

    def _days_asked(self, reading: Reading) -> bool:
        """Whether working days are asked as days a place is open ("工作日都开门吗", "周一呢" after "周六开吗"), not
        named beside something else asked of them ("周三去人多吗")."""
        return reading.weekdays and (self.bare(reading) or _OPENING.search(reading.text) is not None)

    def bare(self, reading: Reading, *, slack: int = 1) -> bool:
        """Whether the question is little more than place names and attributes ("档案馆", "电话多少"): at most
        `slack` other characters."""
        rest = without_days(reading.text.lower())
        for name in reading.place_names:
            rest = rest.replace(name.lower(), "")
        for words in ATTRIBUTE_WORDS.values():
            for word in words:
                rest = rest.replace(word, "")
        return len(_FILLER.sub("", rest)) <= slack

    def contact_added(self, answer: Answer, reading: Reading) -> Answer:
        """A topic's answer with the contact details asked that it does not give ("更正的事打哪个电话问"): the office
        that receives applications answers for the agency."""
        missing = tuple(a for a in reading.attributes if a in _CONTACTS and not self.gives(answer.topic or "", (a,)))
        if not missing:
            return answer
        card = self.card([self.guide.meta.default_place], missing, reading)
        return replace(answer, text=f"{answer.text}\n\n{card.text}", source=f"{answer.source}；{card.source}")

    def gives(self, group: str, attributes: tuple[str, ...]) -> bool:
        """Whether a topic's answer holds a value of every attribute asked ("网站呢" after the disclosure channels)."""
        topic = self._topics.get(group)
        if topic is None:
            return True
        return all(re.search(_VALUE_SHAPES[a], topic.answer) for a in attributes if a in _VALUE_SHAPES)

    def gives_where(self, group: str) -> bool:
        """Whether a topic's answer says where: an address, or a website by its address or its name (a place is where
        it is)."""
        topic = self._topics.get(group)
        return topic is None or re.search(_WHERE_SHAPE, topic.answer) is not None

    def visit(self, ranking: Ranking, reading: Reading, focus: Focus | None) -> tuple[str, str] | None:
        """Yes or no to going at a time ("周末能去交吗", "礼拜天去区政府递申请行不行"): the first near candidate that is
        a place, or a topic about a visit to one place, whose hours decide it, as (candidate, plain answer); None
        where the question asks no time of a visit or no such candidate is near. Naming no place, where the near
        candidates are visits to several, it is of the place talked about ("中午12点去能查吗" after the approval
        center)."""
        weekdays = self._days_asked(reading)
        if not (reading.yes_no and (reading.weekend or reading.clock or weekdays)):
            return None
        groups = [candidate.group for candidate in ranking.near]
        visited = {self._visited(group) for group in groups} - {None}
        if focus is not None and focus.place and not reading.places and len(visited) > 1:
            groups = [focus.place]
        for group in groups:
            place_id = self._visited(group)
            place = self._places_by_id.get(place_id) if place_id is not None else None
            if place is not None:
                lead = open_lead(
                    place,
                    weekend=reading.weekend,
                    clock=reading.clock,
                    until=reading.until,
                    closed=reading.closed,
                    weekdays=weekdays,
                )
                return (group, lead) if lead else None
        return None

    def _visited(self, group: str) -> str | None:
        """The place a candidate is about a visit to: the place itself, or the one place a topic's answer names."""
        topic = self._topics.get(group)
        if topic is not None:
            return topic.places[0] if len(topic.places) == 1 else None
        return group if group in self._places_by_id else None

    def _places(self, reading: Reading, focus: Focus | None) -> list[str] | None:
        """The places asked about: named, or the one followed up on ("电话呢"), or the receiving office for a bare
        attribute ("电话多少"); None where a bare attribute follows a topic ("网站呢"), which the topics read."""
        places = list(reading.places)
        if places or not (reading.attributes or reading.weekend or self._days_asked(reading) or reading.clock):
            return places
        pointed = _PLACE_PRONOUN.search(reading.text) is not None
        if focus is not None and focus.place and (pointed or self.bare(reading, slack=FOLLOW_UP_SLACK)):
            return [*focus.others, focus.place]  # "电话呢", "几点开门", "周六去行吗", "它俩的地址呢"
        bare = self.bare(reading)
        home = any(word in reading.text for word in self.guide.meta.home)
        if home and _CONTACTS.intersection(reading.attributes) and not self.ranker.rank(reading).out_of_scope:
            return [self.guide.meta.default_place]  # the agency's own: its office that receives applications
        topic = self._topics.get(focus.topic or "") if focus is not None else None
        offices = {self._office_of(p) for p in topic.places} if topic is not None else set()
        # A follow-up to a topic about one place asks little else of it ("下午几点下班").
        of_topic = pointed or self.bare(reading, slack=FOLLOW_UP_SLACK)
        if of_topic and topic is not None and len(topic.places) == 1:
            return list(topic.places)  # "几点到几点" after where to hand an application in: that place's hours
        if of_topic and len(offices) == 1:
            return list(offices)  # "几点上班" after the ways to apply, all at one office: the office's hours
        if bare and focus is not None and (topic is not None or focus.report is not None):
            # "网站呢" after a topic or a report's figure: read together with it, else the office (with the topics)
            return None
        return [self.guide.meta.default_place] if bare else []  # "电话多少": the office that receives applications

    def _office_of(self, place: str) -> str:
        """The office a place is part of ("当面提交的受理点" of the receiving office), or the place itself."""
        return self._places_by_id[place].part_of or place

    def _timed(self, places: list[str], attributes: tuple[str, ...], reading: Reading) -> Answer | None:
        """The cards, with whether each place is open at the time asked where the question asks one."""
        weekdays = self._days_asked(reading)
        if reading.yes_no or reading.weekend or weekdays or reading.clock:
            leads = [
                open_lead(
                    self.guide.place(p),
                    weekend=reading.weekend,
                    clock=reading.clock,
                    until=reading.until,
                    closed=reading.closed,
                    weekdays=weekdays,
                )
                for p in places
            ]
            if all(leads):
                return self.card(places, ("hours",), reading, leads=leads)
            listed = self._asked_to_exist(reading)
            if listed:
                return self.card(places, listed, reading, leads=[self._has_lead(p, listed) for p in places])
            if reading.yes_no and not (attributes and _REQUEST.search(reading.text)):
                # "能在档案馆申请吗", "传真和电话是一个号吗": a question about a rule or a claim, for the topics; but
                # "号码能给我一下不" asks for the number.
                return None
        return self.card(places, attributes, reading)

    def existence_lead(self, place_id: str, reading: Reading) -> str | None:
        """The plain answer to whether a place has the details a question asks to exist ("有没有传真"), if it asks."""
        listed = self._asked_to_exist(reading) if reading.yes_no else ()
        return self._has_lead(place_id, listed) if listed else None

    def _asked_to_exist(self, reading: Reading) -> tuple[str, ...]:
        """The details a question asks whether a place has ("有没有传真", "有邮箱吗")."""
        thing = reading.exists or ""
        return tuple(a for a in _LISTED if any(word in thing for word in ATTRIBUTE_WORDS[a]))

    def _has_lead(self, place_id: str, listed: tuple[str, ...]) -> str:
        """Yes where the guide prints every detail asked of the place; else that it prints none."""
        place = self.guide.place(place_id)
        missing = [PLACE_FIELDS[a] for a in listed if field_of(self.guide, place, a) is None]
        return f"指南没有写{place.name}的{'、'.join(missing)}。" if missing else "有。"

    def _counts_periods(self, places: list[str]) -> bool:
        """Whether a place has periods of its own (the reconsideration office, the court)."""
        return any(self.guide.place(p).calculator for p in places)

    def _asked_of(self, question: str, place: str, reading: Reading) -> Answer | None:
        """An earlier question about a time at one place ("中午12点有人吗", "周六开门吗") asked again of the place
        a follow-up names, or None where the earlier question was no such question."""
        earlier = self.reader.read(question, today=self.today())
        if earlier.places not in ((place,), ()) or not (earlier.clock or earlier.weekend) or len(reading.places) != 1:
            return None
        # "周六能去吗" was itself a follow-up about the place before: asked now of the one named.
        again = question if earlier.places else reading.place_names[0] + question
        for name in earlier.place_names:
            again = again.replace(name, reading.place_names[0])
        asked = self.reader.read(again, today=self.today())
        return self.answer(asked, None) if asked.places == reading.places else None
