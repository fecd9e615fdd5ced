"""The last days for the remedies against a reply (or against no reply): reconsideration and litigation.

The rules, each with its source (DESIGN.md, and the texts quoted in the README's "Remedies and letters"):

- Reconsideration: within 60 days of knowing of the act (《行政复议法》第二十条), counted from the day the reply
  was served (《行政复议法实施条例》第十五条) or, when no answer came, from the day the answer period expired
  (第十六条).
- Litigation: within 6 months of knowing of the act (《行政诉讼法》第四十六条); after reconsideration, within 15
  days of receiving the decision (第四十五条).
- Reconsideration first (复议前置): since 2024-01-01 a refusal to disclose and a failure to perform a duty (no
  answer in time) go to reconsideration before any lawsuit (修订后《行政复议法》第二十三条).
- Counting periods (《民事诉讼法》第八十五条, applied by 《行政诉讼法》第一百零一条 and 《行政复议法》第八十八条): the
  first day is not counted; a period whose last day is a rest day (weekend or holiday, as the State Council's
  schedule has it, make-up working days included) ends on the first working day after it. A period of months
  ends on the same day of the final month, or on that month's last day when it has no such day (the rule of
  《民法典》第二百零二条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from knowledge.guide import Guide, Place
from knowledge.numbers import add_months
from knowledge.statute import GROUP_OF
from knowledge.workdays import DayInfo, WorkCalendar, format_date

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
AFTER_DECISION_DAYS = 15
# The revised Administrative Reconsideration Law (reconsideration first for these outcomes) took effect.
RECONSIDERATION_FIRST_SINCE = date(2024, 1, 1)

COUNTING_RULE = (
    "期限怎么算：开始的当天不计入，从次日起算；按月计算的，到期月的同一日为最后一天，该月没有这一日的，"
    "以该月最后一天为最后一天（同《民法典》第二百零二条）；最后一天是法定休假日（包括周末）的，"
    "以休假日后的第一个工作日为最后一天（《民事诉讼法》第八十五条，行政诉讼依《行政诉讼法》第一百零一条适用，"
    "行政复议依《行政复议法》第八十八条适用）。"
)


class OutcomeKind(StrEnum):
    """What the applicant is dissatisfied with; stored in chat sessions, so the values never change."""

    REFUSED = "refused"
    NO_ANSWER = "no_answer"
    OTHER = "other"


KIND_LABELS: dict[OutcomeKind, str] = {
    OutcomeKind.REFUSED: "不予公开（含部分不予公开）",
    OutcomeKind.NO_ANSWER: "逾期没有答复",
    OutcomeKind.OTHER: "其他答复（无法提供、不予处理等）",
}

# The day the periods count from, as the applicant knows it.
KNOWN_ON_LABELS: dict[OutcomeKind, str] = {
    OutcomeKind.REFUSED: "收到答复",
    OutcomeKind.NO_ANSWER: "答复期限届满",
    OutcomeKind.OTHER: "收到答复",
}

# What 第二十三条 calls the two outcomes that must go to reconsideration first.
_FIRST_GROUNDS: dict[OutcomeKind, str] = {
    OutcomeKind.REFUSED: "申请政府信息公开，行政机关不予公开的",
    OutcomeKind.NO_ANSWER: "认为行政机关不履行法定职责的（如逾期不答复）",
}


def kind_of_outcome(outcome: str) -> OutcomeKind:
    """The remedy kind of a recorded outcome code (knowledge.statute.OUTCOMES): a withheld part is a refusal."""
    if GROUP_OF.get(outcome) == "withheld" or outcome == "partly_disclosed":
        return OutcomeKind.REFUSED
    return OutcomeKind.OTHER


@dataclass(frozen=True)
class LastDay:
    """The end of a period: the day counted, and the working day it moves to when that day is a rest day."""

    counted: date
    last: date
    # The rest days the end moved over, the counted day first; empty when it is a working day.
    moved_over: tuple[DayInfo, ...]
    provisional: bool


@dataclass(frozen=True)
class RemedyDates:
    """The last days to apply for reconsideration and to sue, from the day the applicant knew of the act."""

    known_on: date
    kind: OutcomeKind
    reconsideration: LastDay
    # None when reconsideration must come first: a lawsuit then follows the decision, not this day.
    litigation: LastDay | None

    @property
    def reconsideration_first(self) -> bool:
        return self.litigation is None


def period_end(counted: date, calendar: WorkCalendar) -> LastDay:
    """A period's last day: `counted`, or the first working day after it when it is a rest day."""
    day, moved = counted, []
    info = calendar.day_info(day)
    provisional = info.provisional
    while not info.workday:
        moved.append(info)
        day += timedelta(days=1)
        info = calendar.day_info(day)
        provisional = provisional or info.provisional
    return LastDay(counted=counted, last=day, moved_over=tuple(moved), provisional=provisional)


def reconsideration_first(kind: OutcomeKind, known_on: date) -> bool:
    """Whether a lawsuit must wait for a reconsideration decision (修订后《行政复议法》第二十三条)."""
    return kind in _FIRST_GROUNDS and known_on >= RECONSIDERATION_FIRST_SINCE


def remedy_dates(known_on: date, kind: OutcomeKind, calendar: WorkCalendar) -> RemedyDates:
    """The last days for reconsideration (60 days) and a direct lawsuit (6 months) from `known_on`."""
    reconsideration = period_end(known_on + timedelta(days=RECONSIDERATION_DAYS), calendar)
    litigation = None
    if not reconsideration_first(kind, known_on):
        litigation = period_end(add_months(known_on, LITIGATION_MONTHS), calendar)
    return RemedyDates(known_on=known_on, kind=kind, reconsideration=reconsideration, litigation=litigation)


# ---------------------------------------------------------------- the answer in words


def place_line(place: Place) -> str:
    """A body with its address and phone as printed in the guide."""
    parts = [place.name]
    if "address" in place.fields:
        parts.append(place.fields["address"])
    if "phone" in place.fields:
        parts.append(f"电话{place.fields['phone']}")
    return "，".join(parts)


def _left(last: date, today: date) -> str:
    days = (last - today).days
    if days > 0:
        return f"还有{days}天"
    if days == 0:
        return "就是今天"
    return f"已经过了{-days}天"


def _rest_name(info: DayInfo) -> str:
    return info.reason if info.reason.startswith("周") else f"{info.reason}假期"


def _end_explained(end: LastDay, what: str) -> str:
    if not end.moved_over:
        return f"{what}是{format_date(end.counted)}。"
    return (
        f"{what}是{format_date(end.counted)}，逢{_rest_name(end.moved_over[0])}，"
        f"顺延至其后的第一个工作日{format_date(end.last)}。"
    )


def _reconsideration(dates: RemedyDates, guide: Guide, today: date) -> list[str]:
    end = dates.reconsideration
    if dates.kind is OutcomeKind.NO_ANSWER:
        start = "自答复期限届满之日起计算（《行政复议法实施条例》第十六条）"
    else:
        start = "自知道该答复之日起计算，答复书送达的以签收之日为准（《行政复议法实施条例》第十五条）"
    lines = [
        f"一、申请行政复议：最后一天是{format_date(end.last)}，{_left(end.last, today)}。",
        f"应当在{RECONSIDERATION_DAYS}日内提出（《行政复议法》第二十条），{start}；"
        + _end_explained(end, f"第{RECONSIDERATION_DAYS}日"),
        f"受理机构：{place_line(guide.place('reconsideration'))}。",
    ]
    if end.last < today:
        lines.append("期限已过的，如因不可抗力或者其他正当理由耽误，请向行政复议办公室说明情况，询问能否继续计算。")
    return lines


def _litigation(dates: RemedyDates, guide: Guide, today: date) -> list[str]:
    court = f"法院：{place_line(guide.place('court'))}。"
    after_decision = (
        f"经复议的，对复议决定不服，自收到复议决定书之日起{AFTER_DECISION_DAYS}日内起诉（《行政诉讼法》第四十五条）"
    )
    guide_says = f"{guide.meta.guide}（{guide.meta.updated}）写的是“复议或者诉讼”"
    if dates.litigation is None:
        return [
            "二、提起行政诉讼：必须先申请行政复议，不能直接起诉。",
            f"2024年1月1日起施行的修订后《行政复议法》第二十三条规定，{_FIRST_GROUNDS[dates.kind]}，"
            f"应当先申请行政复议；{after_decision}。{guide_says}，这一点已按新法改变，建议向行政复议办公室确认。",
            court,
        ]
    end = dates.litigation
    lines = [
        f"二、提起行政诉讼：不经复议直接起诉的，最后一天是{format_date(end.last)}，{_left(end.last, today)}。",
        f"自知道之日起{LITIGATION_MONTHS}个月内提出（《行政诉讼法》第四十六条）；"
        + _end_explained(end, f"满{LITIGATION_MONTHS}个月之日")
        + f"{after_decision}。",
    ]
    if dates.kind in _FIRST_GROUNDS:
        lines.append(
            f"注意：{guide_says}；2024年1月1日起施行的修订后《行政复议法》第二十三条规定，{_FIRST_GROUNDS[dates.kind]}"
            "应当先申请行政复议。您的日期在新法施行之前，适用哪一规定请向行政复议办公室确认。"
        )
    else:
        lines.append(
            "2024年1月1日起，不予公开和逾期不答复须先申请复议（修订后《行政复议法》第二十三条）；"
            "您的情形是否属于这两种，建议向行政复议办公室确认。"
        )
    lines.append(court)
    return lines


def describe_after_decision(received_on: date, guide: Guide, calendar: WorkCalendar, *, today: date) -> str:
    """The last day to sue after a reconsideration decision received on `received_on` (15 days)."""
    end = period_end(received_on + timedelta(days=AFTER_DECISION_DAYS), calendar)
    return "\n".join(
        [
            f"收到复议决定书：{format_date(received_on)}。",
            f"对复议决定不服起诉的最后一天是{format_date(end.last)}，{_left(end.last, today)}。",
            f"自收到复议决定书之日起{AFTER_DECISION_DAYS}日内起诉（《行政诉讼法》第四十五条）；"
            + _end_explained(end, f"第{AFTER_DECISION_DAYS}日"),
            f"法院：{place_line(guide.place('court'))}。",
            "",
            COUNTING_RULE,
        ]
    )


def describe(dates: RemedyDates, guide: Guide, *, today: date) -> str:
    """The last days with their rules, sources, and the bodies' addresses and phones from the guide."""
    complaint = guide.place("complaint_office")
    lines = [
        f"{KNOWN_ON_LABELS[dates.kind]}：{format_date(dates.known_on)}；情形：{KIND_LABELS[dates.kind]}。",
        "",
        *_reconsideration(dates, guide, today),
        "",
        *_litigation(dates, guide, today),
        "",
        f"三、投诉、举报（《条例》第五十一条）：{place_line(complaint)}。投诉、举报没有法定期限；"
        "如要申请复议或起诉，请同时留意上面的期限。",
        "",
        COUNTING_RULE,
    ]
    if dates.reconsideration.provisional or (dates.litigation and dates.litigation.provisional):
        lines.append("注意：最后一天所在年份的节假日安排尚未公布，是否逢节假日按目前已知的休息日判断，仅供参考。")
    return "\n".join(lines)
