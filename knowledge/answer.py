"""Answering a free-text question: calculators first, then the guide's topics, else an honest no."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from knowledge.fees import QuantityError, fee_by_items, fee_by_pages
from knowledge.guide import DEFAULT_AGENCY, PLACE_FIELDS, Guide, Place, load_guide
from knowledge.lexicon import Lexicon
from knowledge.numbers import DateError, Quantity, find_date, quantities, working_days
from knowledge.ranking import Match, Ranker
from knowledge.reports import ReportAnswerer, load_reports
from knowledge.text import has_chinese, normalize
from knowledge.workdays import WorkCalendar, default_calendar, format_date

MAX_QUESTION_CHARS = 500
# Statutory answer period and its longest extension (《条例》第三十三条; 《指南》二(五)2).
ANSWER_DAYS = 20
EXTENSION_DAYS = 20

_DEADLINE_WORDS = (
    "答复",
    "回复",
    "期限",
    "什么时候",
    "哪天",
    "几号",
    "最晚",
    "截止",
    "到期",
    "工作日",
    "多久",
    "时限",
)


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, whether it knew, and where the answer comes from."""

    text: str
    matched: bool
    source: str | None = None
    topic: str | None = None
    # The question was understood but its input is unusable (a date that does not exist, -3件).
    invalid: bool = False

    def render(self) -> str:
        """The answer with its source line, as shown to the user."""
        return f"{self.text}\n\n来源：{self.source}" if self.source else self.text


class Answerer:
    """Answers questions about one agency's guide."""

    def __init__(
        self,
        guide: Guide,
        lexicon: Lexicon,
        *,
        calendar: WorkCalendar,
        reports: ReportAnswerer,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.guide = guide
        self.reports = reports
        self.ranker = Ranker(guide, lexicon)
        self.calendar = calendar
        self.today = today

    def answer(self, question: str) -> Answer:
        """Answer one question."""
        text = normalize(question)
        if not text:
            return Answer("请输入您的问题，例如“怎么申请政府信息公开”或“申请35件多少钱”。", matched=False, invalid=True)
        if len(text) > MAX_QUESTION_CHARS:
            return Answer(
                f"您的消息有{len(text)}字，太长了。请用一两句话（{MAX_QUESTION_CHARS}字以内）描述您的问题。",
                matched=False,
                invalid=True,
            )
        for calculator in (self._fee, self._deadline, self._report):
            answer = calculator(text)
            if answer:
                return answer
        match = self._default_place(text) or self.ranker.best(text)
        if match is None:
            return self.unknown(text)
        return self._from_match(match)

    def unknown(self, text: str) -> Answer:
        """The honest reply to a question the guide does not answer."""
        if text.lstrip("+-").isdigit():
            hint = "只看到一个数字。计算费用请写明单位，例如“35件”或“120页”。\n"
        elif not has_chinese(text) and any(ch.isascii() and ch.isalpha() for ch in text):
            hint = "目前只能理解中文提问。\n"
        else:
            hint = ""
        office = self.guide.place(self.guide.meta.default_place)
        return Answer(
            f"{hint}抱歉，这个问题我在{self.guide.meta.guide}里找不到答案。\n"
            "我可以回答：怎么提交申请、受理机构的地址电话、申请表和证件、收费标准、答复期限、"
            "不予公开的范围、投诉复议诉讼等；还可以计算信息处理费和答复期限。\n"
            f"需要人工咨询，请致电{office.name}：{self.guide.meta.help_phone}，"
            f"办公时间{office.fields['hours']}。",
            matched=False,
        )

    def _default_place(self, text: str) -> Match | None:
        # "电话" or "地址和传真" alone: the office that receives applications is meant.
        terms = self.ranker.lexicon.terms(text)
        if not terms or any(t not in self.ranker.lexicon.attributes for t in terms):
            return None
        entry = self.ranker.entry(self.guide.meta.default_place)
        return Match(entry=entry, score=1.0, coverage=1.0, question_terms=tuple(terms))

    def _fee(self, text: str) -> Answer | None:
        found = quantities(text)
        return self.fee(found) if found else None

    def fee(self, found: list[Quantity]) -> Answer:
        """The fee for counts of items or pages, each with its breakdown."""
        parts = []
        items = [q.value for q in found if q.unit == "items"]
        if len(items) > 1 and all(n > 0 for n in items):
            # Items are counted per applicant per calendar month, so several counts in one question add up.
            parts.append(f"按件计收按同一申请人一个自然月内累计件数计算：{'+'.join(map(str, items))}={sum(items)}件。")
            found = [q for q in found if q.unit != "items"] + [Quantity(value=sum(items), unit="items")]
        for quantity in found:
            compute = fee_by_items if quantity.unit == "items" else fee_by_pages
            try:
                parts.append(compute(quantity.value).describe())
            except QuantityError as exc:
                return Answer(f"{exc}请重新输入，例如“35件”或“120页”。", matched=False, invalid=True)
        return Answer(
            "\n\n".join(parts),
            matched=True,
            source=self.guide.cite("二(四)", "收费标准", source="国办函〔2020〕109号"),
            topic="fee_calculator",
        )

    def _report(self, text: str) -> Answer | None:
        reply = self.reports.answer(text)
        if reply is None:
            return None
        return Answer(reply.text, matched=reply.known, source=reply.source if reply.known else None, topic=reply.topic)

    def _deadline(self, text: str) -> Answer | None:
        if not any(word in text for word in _DEADLINE_WORDS):
            return None
        try:
            start = find_date(text, today=self.today())
        except DateError as exc:
            return Answer(str(exc), matched=False, invalid=True)
        if start is None:
            return None
        return self.deadline(start, days=working_days(text) or ANSWER_DAYS)

    def deadline(self, start: date, *, days: int = ANSWER_DAYS) -> Answer:
        """The N-th working day after `start`, and for the statutory period also its extension."""
        try:
            due = self.calendar.working_days_after(start, days)
        except ValueError as exc:
            return Answer(str(exc), matched=False, invalid=True)
        lines = [due.explain()]
        if days == ANSWER_DAYS:
            extended = self.calendar.working_days_after(due.due, EXTENSION_DAYS)
            lines.append(
                f"如经批准延长答复期限（最长{EXTENSION_DAYS}个工作日），最晚为{format_date(extended.due)}：\n"
                + extended.explain()
            )
            lines.append(
                "提醒：期限从收到申请之日起算（当面提交为提交当日，邮寄为签收之日，网上申请为双方确认之日）；"
                "要求补正、缴费或征求第三方意见时另行计算。"
            )
        return Answer(
            "\n\n".join(lines),
            matched=True,
            source=self.guide.cite("二(五)2", "办理期限", source="《条例》第三十三条"),
            topic="deadline_calculator",
        )

    def entry(self, entry_id: str) -> Answer | None:
        """The full answer of a topic or place by its id, or None if there is no such entry."""
        entry = self.ranker.entry(entry_id)
        if entry is None:
            return None
        return self._from_match(Match(entry=entry, score=1.0, coverage=1.0, question_terms=()))

    def _from_match(self, match: Match) -> Answer:
        entry = match.entry
        if entry.place is not None:
            return self._place_answer(entry.place, match.question_terms)
        topic = entry.topic
        assert topic is not None
        return Answer(
            topic.answer,
            matched=True,
            source=self.guide.cite(topic.section, topic.title, source=topic.source),
            topic=topic.id,
        )

    def _place_answer(self, place: Place, question_terms: tuple[str, ...]) -> Answer:
        attributes = self.ranker.lexicon.attributes
        asked = [attributes[t] for t in question_terms if attributes.get(t) in place.fields]
        # The phone goes with any other detail asked for: it is how a person checks or follows up.
        shown = [*asked, "phone"] if asked else list(place.fields)
        lines = [f"{place.name}（{place.role}）"]
        for field in PLACE_FIELDS:
            if field in shown:
                note = place.notes.get(field)
                lines.append(f"{PLACE_FIELDS[field]}：{place.fields[field]}" + (f"\n（{note}）" if note else ""))
        return Answer("\n".join(lines), matched=True, source=self.guide.cite(place.section), topic=place.id)


def build_answerer(*, agency: str = DEFAULT_AGENCY, today: Callable[[], date] = date.today) -> Answerer:
    """An answerer over an agency's guide with the packaged lexicon and calendar."""
    guide = load_guide(agency)
    lexicon = Lexicon.load(extra_words=[alias for place in guide.places for alias in place.aliases])
    reports = ReportAnswerer(load_reports(agency))
    return Answerer(guide, lexicon, calendar=default_calendar(), reports=reports, today=today)
