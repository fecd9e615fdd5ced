"""The fee and deadline calculators as answers: breakdowns, the next items' share of a month, due dates."""

from __future__ import annotations

from datetime import date

from knowledge.context import Focus
from knowledge.fees import (
    FeeBreakdown,
    QuantityError,
    band_step,
    bands_within,
    basis_heading,
    fee_by_items,
    fee_by_pages,
    free_allowance,
    unit_of,
)
from knowledge.guide import Guide, Period, Topic
from knowledge.numbers import Edge, Quantity
from knowledge.remedies import OutcomeKind, describe, describe_after_decision, remedy_dates
from knowledge.result import Answer
from knowledge.statute import ANSWER_DAYS, EXTENSION_DAYS
from knowledge.workdays import WorkCalendar, format_date, out_of_range

# The calculators' answers, as topics.
FEE = "fee_calculator"
DEADLINE = "deadline_calculator"
REMEDY = "remedy_calculator"


class Calculators:
    """Fees (国办函〔2020〕109号, the guide's tiers) and statutory due dates (《条例》第三十三条) for one agency."""

    def __init__(self, guide: Guide, calendar: WorkCalendar) -> None:
        self.guide = guide
        self.calendar = calendar

    def fee(self, found: list[Quantity], *, cumulative: bool = True) -> Answer:
        """The fee for counts of items or pages, each with its breakdown; several item counts add up, or when
        they are not `cumulative` ("申请了12件，是不是只对超出的那2件收钱") the largest is the month's count."""
        parts = []
        items = [q.value for q in found if q.unit == "items"]
        if len(items) > 1 and not cumulative:
            found = [q for q in found if q.unit != "items"] + [Quantity(value=max(items), unit="items")]
        elif len(items) > 1 and all(n > 0 for n in items):
            # Items are counted per applicant per calendar month, so several counts in one question add up.
            parts.append(f"按件计收按同一申请人一个自然月内累计件数计算：{'+'.join(map(str, items))}={sum(items)}件。")
            found = [q for q in found if q.unit != "items"] + [Quantity(value=sum(items), unit="items")]
        for quantity in found:
            compute = fee_by_items if quantity.unit == "items" else fee_by_pages
            try:
                parts.append(compute(quantity.value).describe())
            except QuantityError as exc:
                return Answer(f"{exc}请重新输入，例如“35件”或“120页”。", matched=False, invalid=True)
        return Answer("\n\n".join(parts), matched=True, source=self._fee_source(), topic=FEE)

    def marginal_fee(self, done: int, more: int) -> Answer:
        """What `more` further items cost after `done` items in the same month (the items are cumulative)."""
        try:
            before, after = fee_by_items(done), fee_by_items(done + more)
        except QuantityError as exc:
            return Answer(f"{exc}请重新输入，例如“35件”或“120页”。", matched=False, invalid=True)
        extra = after.total - before.total
        text = (
            "按件计收按同一申请人一个自然月内累计件数计算："
            f"已申请{done}件，再申请{more}件，累计{done}+{more}={done + more}件。\n"
            f"这{more}件（第{done + 1}" + (f"—{done + more}" if more > 1 else "") + f"件）应交{extra}元"
            f"（累计{done + more}件共{after.total}元，减去前{done}件的{before.total}元）。\n\n{after.describe()}"
        )
        return Answer(
            text,
            matched=True,
            source=self._fee_source(),
            topic=FEE,
            focus=Focus(topic=FEE, items=done + more),
        )

    def rates(self, edges: list[Edge]) -> Answer:
        """The rates of the bands a range of items or pages falls in ("超过200页的部分每页多少钱": 40元/页)."""
        parts = []
        for edge in edges:
            unit = unit_of(edge.unit)
            bands = bands_within(edge.unit, edge.first, edge.last)
            said = "；".join(
                f"{_span(low, high, unit)}{f'{rate}元/{unit}' if rate else '不收费'}" for low, high, rate in bands
            )
            step = band_step(edge.unit)
            if edge.last is None and step is not None:
                width, rise = step
                said += f"；此后每{width}{unit}为一档，每增加一档提高{rise}元/{unit}，依此类推"
            parts.append(f"{basis_heading(edge.unit)}：{said}。")
        text = "\n".join(parts) + "\n可以直接问“申请35件多少钱”或“120页收费多少”来计算总额。"
        return Answer(text, matched=True, source=self._fee_source(), topic=FEE)

    def _fee_source(self) -> str:
        return self.guide.cite("二(四)", "收费标准", source="国办函〔2020〕109号")

    def deadline(self, start: date, *, days: int = ANSWER_DAYS, rule: Topic | None = None) -> Answer:
        """The N-th working day after `start`, and for the statutory period also its extension; with the `rule` of
        a topic that sets a period of its own (补正, 第三方意见, 缴费), that period."""
        if rule is not None and rule.period is not None:
            return self._period(start, rule, rule.period)
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
            topic=DEADLINE,
        )

    def _period(self, start: date, rule: Topic, period: Period) -> Answer:
        try:
            due = self.calendar.working_days_after(start, period.working_days)
        except ValueError as exc:
            return Answer(str(exc), matched=False, invalid=True)
        lead = (
            f"{period.what}的期限：自{period.start}之日起{period.working_days}个工作日内"
            f"（{rule.source or self.guide.meta.guide + rule.section}）。"
            f"{period.start}为{format_date(start)}的，最晚为{format_date(due.due)}。"
        )
        return Answer(f"{lead}\n{due.explain()}", matched=True, source=self.guide.cite_topic(rule), topic=DEADLINE)

    def remedy(self, known_on: date, kind: OutcomeKind, *, decision: bool, today: date) -> Answer:
        """The last days to apply for reconsideration and to sue from the day a reply was known, or to sue from the
        day a reconsideration `decision` was received."""
        if (problem := out_of_range(known_on)) is not None:
            return Answer(problem, matched=False, invalid=True)
        if decision:
            text = describe_after_decision(known_on, self.guide, self.calendar, today=today)
            source = "《行政诉讼法》第四十五条"
        else:
            text = describe(remedy_dates(known_on, kind, self.calendar), self.guide, today=today)
            source = "《行政复议法》第二十条、第二十三条；《行政诉讼法》第四十六条"
        return Answer(text, matched=True, source=f"{source}；《民事诉讼法》第八十五条", topic=REMEDY)


def _span(low: int, high: int | None, unit: str) -> str:
    """ "第31—40件", "第201页起", "第11件"."""
    if high is None:
        return f"第{low}{unit}起"
    return f"第{low}{unit}" if high == low else f"第{low}—{high}{unit}"


def fee_of(quantity: Quantity) -> FeeBreakdown:
    """The fee of one count of items or pages."""
    return fee_by_items(quantity.value) if quantity.unit == "items" else fee_by_pages(quantity.value)


def fee_lead(charged: bool, bases: set[str], *, free_asked: bool = False) -> str:
    """The plain answer to "要交钱吗", with the allowance that decides it; asked whether it is free ("不用交钱吧"),
    the answer to that first."""
    rules = {
        "items": f"按件计收每月累计{free_allowance('items')}件以下（含）不收费",
        "pages": f"按量计收每件申请{free_allowance('pages')}页以下（含）不收费",
    }
    said = "，".join(rules[basis] for basis in ("items", "pages") if basis in bases)
    lead = f"要收费（{said}，超出的部分收费）。" if charged else f"不用交钱：{said}。"
    return turned(lead, charged=charged) if free_asked else lead


def turned(lead: str, *, charged: bool) -> str:
    """A plain answer about paying turned to answer whether it is free: "不，" before a fee, "对，" before none; an
    answer that it depends ("不一定收费") answers both alike."""
    if lead.startswith("不一定"):
        return lead
    return f"不，{lead}" if charged else f"对，{lead}"
