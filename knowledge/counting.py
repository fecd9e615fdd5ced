"""Questions that count: a cost with counts of items or pages, a date with the period of the rule asked, and the
remedies' last days from the day a reply came.

The calculators run only when a question asks for a cost or a date (or follows one that did); a number in a
question about the rules starts none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from knowledge.calculators import DEADLINE, FEE, REMEDY, Calculators, fee_lead, fee_of
from knowledge.context import Focus
from knowledge.fees import fee_by_items, fee_by_pages, free_allowance
from knowledge.guide import Guide, Topic
from knowledge.numbers import SUPPLIED, Quantity, date_written
from knowledge.ranking import CLARIFY_FLOOR, Ranker, Ranking
from knowledge.remedies import LITIGATION_MONTHS, RECONSIDERATION_DAYS, OutcomeKind, remedy_dates
from knowledge.result import Answer
from knowledge.statute import ANSWER_DAYS, EXTENSION_DAYS
from knowledge.understand import Reader, Reading
from knowledge.workdays import festival_named, format_date

# What the reply complained of was: a refusal, or no reply in time (the remedies differ since 2024).
_REFUSED = re.compile(r"不予公开|不公开|拒绝")
# A lawsuit named, not reconsideration.
_SUED = re.compile(r"起诉|诉讼|打官司|法院")
_NO_ANSWER = re.compile(r"[不没未]答复|没有答复|逾期|超期|没[回音动]")
# A reconsideration decision received, from which a lawsuit has 15 days.
_DECISION = re.compile(r"复议决定")
# A message leaning on the one before ("要是…呢", "那最迟哪天", "换成…").
LEANS = re.compile(r"(?:^|[，,])(?:那|那么|要是|如果|假如|换成)|呢")
# The agency's reply itself (答复, the guide's word for it), whose period is the answer period whatever else the
# question names; "第三方最晚几号要回复" is another's reply, counted with its own rule.
_REPLY = re.compile(r"答复")
# The answer period counted again from the day a supplement or payment came ("补正交上去了，重新算截止到几号").
_RESTARTED = re.compile(r"重新")
# Words that add counts up ("3件和5件", "加上"); without them the counts are parts of one total.
_ADDED = re.compile(r"[和跟加另再又]|以及")
# Asking about an extension of the time limit.
_EXTENDED = re.compile(r"延期|延长|推迟|拖")
# A question about something other than a day: who, how, why.
_NOT_WHEN = re.compile(r"谁|什么人|哪个(?:部门|领导|人)|怎么|怎样|咋|如何|为什么|为啥|条件")
# The calculators' own answers, by the calculator a follow-up to them goes to.
_USED = {FEE: "fee", DEADLINE: "deadline", REMEDY: "remedy"}
# A clause naming a day: it says when, the other clauses which rule.
_DAY_NAMED = re.compile(r"\d{1,2}\s*[月号日]|[昨今明前后]天|[周礼拜星期][一二三四五六日天]")
# Asking for a day itself ("最晚哪天", "几号截止"), not only naming a period's subject (答复, 期限, 几天).
_ASKS_DAY = re.compile(r"哪一?天|几号|几月|什么时候|啥时候|何时|最晚|最迟|截止|到期|日期")
# A time asked, a day or a length ("对答复不服能申请复议吗" names the reply, and asks no time).
_TIME_ASKED = re.compile(_ASKS_DAY.pattern + r"|多久|多长时间|多少天|几天|几个月|多少日|期限|时限|时间限制")
# A day asked by a question word ("到期" alone may say that a period has run out: "到期了还没答复呢").
_WHICH_DAY = re.compile(r"哪一?天|几号|几月|什么时候|啥时候|何时|最晚|最迟")
# Whether a day is a working day or a day off, asked of a day named ("6月25号也算工作日？", "10月8号放假吗").
_WORKING = re.compile(r"工作日|上班")
_OFF = re.compile(r"放假|休息日?|假日|节假日|休假")
# A day asked to be left out of a period ("元旦那天给扣掉了吧"): whether it is a day off.
_LEFT_OUT = re.compile(r"扣|跳过|除去|排除|去掉|刨")
# A day asked to be counted in a period ("国庆那几天算进去吗"): whether it is a working day.
_COUNTED_IN = re.compile(r"算进|算在|计入|算不算|算入")
# The basis of a fee a question names ("按页算钱的话"), by the unit it counts.
_BASES = {"pages": re.compile(r"按(?:页|量|张)"), "items": re.compile(r"按件")}
# A day a reply is hoped for by ("年底前", "月底之前", "12月20号以前"): whether the answer period ends before it.
_BY_DAY = re.compile(r"(年底|年末|月底|月末|(?:(\d{1,2})月)?(\d{1,2})[日号])(?:之|以)?前")
# Whether the answer period has run out, asked of an application's day ("11月11号交的，超期了吗"; "那现在是不是已经
# 超期了" after its due date was counted).
_OVERDUE = re.compile(r"超期|过期|逾期|超时|超过了?(?:答复)?期限|过了(?:答复)?期限|超了?期限")
# A question about the reply itself, not the application ("能有答复吗", "能出结果吗", "能办完吗").
_REPLY_HOPED = re.compile(r"答复|回复|回信|结果|消息|办完|办结|给我")
# The clauses of a message.
CLAUSES = re.compile(r"[，,；;。？?！!]+|另外|还有|顺便问|以及")


class Counting:
    """Answers the questions that count, for one agency's guide."""

    def __init__(
        self, guide: Guide, calculators: Calculators, ranker: Ranker, reader: Reader, today: Callable[[], date]
    ) -> None:
        self.guide = guide
        self.calculators = calculators
        self.ranker = ranker
        self.reader = reader
        self.today = today
        self._topics = {topic.id: topic for topic in guide.topics}

    def answer(self, reading: Reading, focus: Focus | None) -> Answer | None:
        """A fee, a date or the remedies' last days where the question (or the one it follows) asks one; else
        None."""
        calculator = self.calculator_of(focus.topic) if focus is not None else None
        # A yes/no question of its own ("能延长吗", "国庆那几天也算进去吗", "双面一张算两页吗") asks a rule, unless it
        # asks the cost or the day itself; "那5件呢" after "要收费吗" asks the same of another count.
        rule = reading.yes_no and not reading.text.rstrip("？?。！! ").endswith("呢")
        asks_day = not rule or _ASKS_DAY.search(reading.text) is not None
        was_fee = calculator == "fee" and not rule
        if reading.more_items and (reading.asks_cost or was_fee):
            answer = self._next_items(reading, focus)
            if answer is not None:
                return answer
            reading = replace(reading, quantities=(*reading.quantities, Quantity(reading.more_items, "items")))
        if reading.more_pages and was_fee and focus is not None and focus.pages:
            reading = _pages_added(reading, focus.pages)
        if reading.quantities and (reading.asks_cost or was_fee) and _counts_basis_named(reading):
            return self._fee_answer(reading)
        if reading.edges and (reading.asks_cost or was_fee) and not reading.yes_no:
            # "31件以上怎么收费": the bands of the range; whether it is charged at all is a rule, asked of the guide.
            answer = self.calculators.rates(list(reading.edges))
            return replace(answer, focus=Focus(topic=FEE, question=reading.text))
        kind = self._kind_of_day(reading, focus, rule=rule)
        if kind is not None:
            return kind
        ruled = self._topics.get(focus.topic or "") if focus is not None else None
        was_deadline = calculator == "deadline" or (ruled is not None and ruled.period is not None)
        if was_deadline and asks_day and not reading.day and focus is not None and focus.question:
            again = self._again(reading, focus)
            if again is not None:
                return again
        start = reading.day or (focus.day if focus is not None and calculator == "deadline" else None)
        if start is not None and asks_overdue(reading) and self._overdue_asked(reading):
            return self._overdue(reading, start)
        by_day = self._by_day(reading) if reading.day and reading.yes_no else None
        if by_day is not None:
            return by_day
        # "已经三个多月了，还能申请复议吗": the time gone by asks whether it is still time.
        gone = reading.since is not None and reading.yes_no
        if (reading.day or reading.bad_date) and (reading.asks_when or was_deadline or calculator == "remedy" or gone):
            return self._dated(reading, focus, was_remedy=calculator == "remedy", asks_day=asks_day)
        return self._remedy_again(reading, focus, was_remedy=calculator == "remedy", asks_day=asks_day)

    def _remedy_again(
        self, reading: Reading, focus: Focus | None, *, was_remedy: bool, asks_day: bool
    ) -> Answer | None:
        """The remedies' last days asked without a day after a question that told one ("复议决定书11月18号收到的，不服
        还能起诉吗" then "最晚哪天"); None for anything else."""
        if not (was_remedy and asks_day) or reading.day or focus is None or not focus.question:
            return None
        told = self.reader.read(focus.question, today=self.today()).day
        return self._remedy(told, reading.text, focus, reading=reading) if told else None

    def calculator_of(self, topic_id: str | None) -> str | None:
        """The calculator of a topic: used ("fee_calculator"), or the one its rules go with."""
        if topic_id in _USED:
            return _USED[topic_id]
        topic = self._topics.get(topic_id or "")
        return topic.calculator if topic else None

    def periods_of_place(self, ranking: Ranking, reading: Reading) -> Ranking:
        """A period asked of a place that has its own ("想申请复议，要在多长时间内提"): the candidates counted with
        the place's calculator, where any is among them, not the answer period the words share."""
        kinds = {self.guide.place(p).calculator for p in reading.places} - {None}
        if not _TIME_ASKED.search(reading.text) or reading.day or len(kinds) != 1:
            return ranking
        kind = kinds.pop()
        kept = tuple(c for c in ranking.candidates if self.calculator_of(c.group) == kind)
        return replace(ranking, candidates=kept) if kept else ranking

    def _next_items(self, reading: Reading, focus: Focus | None) -> Answer | None:
        """ "已经交了10件，再交一件收多少": the next items' share of the month's cumulative fee, where the items done
        are known."""
        assert reading.more_items is not None
        done = sum(q.value for q in reading.quantities if q.unit == "items") or (focus.items if focus else None)
        if not done:
            return None
        answer = self.calculators.marginal_fee(done, reading.more_items)
        if answer.matched and reading.yes_no:
            charged = fee_by_items(done + reading.more_items).total > fee_by_items(done).total
            answer = replace(answer, text=fee_lead(charged, {"items"}, free_asked=reading.free) + "\n" + answer.text)
        return answer

    def _again(self, reading: Reading, focus: Focus) -> Answer | None:
        """A follow-up to a counted date that names no day: the same day counted again, extended ("如果他们延期了呢")
        or with another rule ("那正常答复最晚哪天"); "延期要谁批准" asks a rule, not a day, and "超了还没答复呢" what to
        do when no answer came."""
        if _NOT_WHEN.search(reading.text) or not (_EXTENDED.search(reading.text) or reading.asks_when):
            return None
        if _NO_ANSWER.search(reading.text) and not _WHICH_DAY.search(reading.text):
            return None
        assert focus.question is not None
        day = focus.day or self.reader.read(focus.question, today=self.today()).day
        if not day:
            return None
        if _EXTENDED.search(reading.text):
            # The date asked before, whose answer gives the extended date as well.
            return replace(self.calculators.deadline(day), focus=focus)
        rule = self.rule_of(reading)
        if rule is None and self._asks_other_rule(reading):
            return None
        answer = self.calculators.deadline(day, rule=rule)
        return replace(answer, focus=Focus(topic=rule.id if rule else DEADLINE, question=focus.question, day=day))

    def _asks_other_rule(self, reading: Reading) -> bool:
        """Whether a follow-up is, by itself, surely of a rule that counts no period ("要是用平信寄的，哪天算收到": the
        date of receipt), which the day before does not answer."""
        ranking = self.ranker.rank(reading)
        best = ranking.best
        topic = self._topics.get(best.group) if best is not None and ranking.confident else None
        return topic is not None and topic.period is None and topic.calculator is None

    def _day_kind(self, day: date, *, off: bool, focus: Focus | None) -> Answer:
        """Whether a day named is a working day ("6月25号是星期天，也算工作日？") or a day off, with its reason; the
        conversation keeps the day it counted from."""
        info = self.calculators.calendar.day_info(day)
        lead = "是" if info.workday != off else "不是"
        kind = "工作日" if info.workday else "非工作日"
        provisional = "（该年调休安排尚未载入，按法定节假日推算，仅供参考）" if info.provisional else ""
        return Answer(
            f"{lead}。{format_date(day)}是{kind}：{info.reason}{provisional}。期限按工作日计算时，"
            f"{'计入' if info.workday else '不计入'}这一天。",
            matched=True,
            source="国务院办公厅关于部分节假日安排的通知；《条例》第三十三条",
            topic=DEADLINE,
            focus=focus or Focus(topic=DEADLINE, question=format_date(day), day=day),
        )

    def _kind_of_day(self, reading: Reading, focus: Focus | None, *, rule: bool) -> Answer | None:
        """Whether a day named ("10月1号算工作日吗") or a festival ("中秋那天算工作日吗", "元旦那天给扣掉了吧" after a
        date counted) is a working day; None where none is asked."""
        text = reading.text
        if _ASKS_DAY.search(text):
            return None
        left_out = _LEFT_OUT.search(text) is not None
        counts_in = _COUNTED_IN.search(text) is not None
        named_off = _OFF.search(text) is not None
        working = _WORKING.search(text) is not None
        # "放假那天算不算工作日" asks whether it counts, "元旦那天给扣掉了吧" whether it is left out.
        off = left_out or (named_off and not counts_in)
        if reading.day is not None:
            dated = rule and date_written(text) and (working or left_out or named_off)
            return self._day_kind(reading.day, off=off, focus=focus) if dated else None
        festival = festival_named(text)
        if festival is None or not (rule or left_out):
            return None
        # A festival is asked of after a date counted, or of working days or days left out by name.
        counted = focus is not None and focus.day is not None
        if working or left_out or (counted and (named_off or counts_in)):
            return self._festival_kind(festival, off=off, focus=focus)
        return None

    def _festival_kind(self, name: str, *, off: bool, focus: Focus | None) -> Answer | None:
        """Whether a festival named is a day off, with its days: after a date counted in working days, the ones within
        that period (and the date again, which shows the days skipped); else the next ones from today. None where
        none falls within the period, or the period counted is not of working days (the remedies')."""
        calendar = self.calculators.calendar
        counted = focus.day if focus is not None else None
        days = calendar.festival_days(name, counted or self.today())
        rule = self._rule_before(focus) if focus is not None else None
        timed = rule if rule is not None and rule.period is not None else None
        if focus is not None and counted is not None:
            if self.calculator_of(focus.topic) != "deadline":
                return None
            length = timed.period.working_days if timed and timed.period else ANSWER_DAYS + EXTENSION_DAYS
            if days and days[0].date > calendar.working_days_after(counted, length).due:
                return None
        if not days:
            return None
        first, last = days[0].date, days[-1].date
        span = format_date(first) if first == last else f"{format_date(first)}至{format_date(last)}，都"
        provisional = "（该年调休安排尚未载入，按法定节假日推算，仅供参考）" if days[0].provisional else ""
        text = (
            f"{'是' if off else '不是'}。{first.year}年{name}放假{len(days)}天：{span}是非工作日{provisional}。"
            "期限按工作日计算时，不计入放假的日子。"
        )
        source = "国务院办公厅关于部分节假日安排的通知；《条例》第三十三条"
        if counted is not None:
            again = self.calculators.deadline(counted, rule=timed)
            text, source = f"{text}\n\n{again.text}", f"{source}；{again.source}"
        return Answer(
            text,
            matched=True,
            source=source,
            topic=DEADLINE,
            focus=focus or Focus(topic=DEADLINE, question=name, day=first),
        )

    def _dated(self, reading: Reading, focus: Focus | None, *, was_remedy: bool, asks_day: bool) -> Answer | None:
        """A day counted with the period of the rule asked (or asked before), or the remedies' last days (whether it is
        still time is asked with a yes or no); None for a yes/no question about another rule, which asks no day."""
        if reading.bad_date:
            return Answer(reading.bad_date, matched=False, invalid=True)
        if reading.since is not None and not reading.yes_no:
            return None  # "都10天了，最晚哪天答复": a day told roughly counts no date, only whether it is still time
        assert reading.day is not None
        rule = None if reading.days else self.rule_of(reading)
        # "要是…呢": the rule asked before, of another day (but "那最晚哪天答复" after 补正 asks the answer period).
        reply_asked = rule is None and names_answer_period(reading.text)
        # A day given in a follow-up naming no rule ("我6月1号交的，最晚哪天得通知我" after when a supplement is asked
        # for) is counted with the rule talked about, too.
        if focus is not None and (LEANS.search(reading.text) or rule is None) and not reply_asked:
            rule = self._rule_before(focus) or rule
        named = any(self.guide.place(p).calculator == "remedy" for p in reading.places)
        if was_remedy or named or (rule is not None and rule.calculator == "remedy"):
            return self._remedy(reading.day, reading.text, focus, reading=reading)
        if not asks_day:
            return None  # "今天收到延期答复的通知，这合规吗": whether the rule allows it
        answer = self.calculators.deadline(reading.day, days=reading.days or ANSWER_DAYS, rule=rule)
        # The rule counted with stays the subject: "那10月9号呢" is counted with it again.
        counted = rule.id if rule is not None and rule.period is not None else DEADLINE
        return replace(answer, focus=Focus(topic=counted, question=reading.text, day=reading.day))

    def _by_day(self, reading: Reading) -> Answer | None:
        """Whether a reply comes by a day, for an application of the day named ("12月1号交申请的话，年底前能有答复吗"):
        the answer period counted, and a plain yes where it ends by then, "不一定" where it ends later; None where
        the question names no such day, asks of no reply or of another rule's period."""
        assert reading.day is not None
        start = reading.day
        limits = [_limit(match, start) for match in _BY_DAY.finditer(reading.text)]
        by = next((day for day in reversed(limits) if day is not None and day > start), None)
        if by is None or not _REPLY_HOPED.search(reading.text) or self.rule_of(reading) is not None:
            return None  # "第三方11月2号收到的，月底前得回复吗": another rule's period
        hoped: date = by
        return self._answer_period_led(reading, start, lambda due: _by_day_lead(due, hoped))

    def _overdue_asked(self, reading: Reading) -> bool:
        """Whether the clause asking if the period has run out asks it of the answer period, not of a rule with its
        own ("补正通知是不是超期了"); a rule named in the story around it does not count ("一直没答复也没说延期，是不是
        超期了")."""
        asked = next((clause for clause in CLAUSES.split(reading.text) if _OVERDUE.search(clause)), reading.text)
        return self.rule_of(self.reader.read(asked, today=self.today())) is None

    def _overdue(self, reading: Reading, start: date) -> Answer:
        """Whether the answer period of an application received on start has run out by today: yes or no, the due
        date and, where it has, the extension's and what one can do."""
        today = self.today()
        told = f"按您说的“{reading.since}”推算收到申请之日，" if reading.since else ""

        def lead(due: date) -> str:
            if today <= due:
                return (
                    f"没有。{told}按{ANSWER_DAYS}个工作日的答复期限，最晚{format_date(due)}答复，"
                    f"今天是{format_date(today)}，还在期限内。"
                )
            extended = self.calculators.calendar.working_days_after(due, EXTENSION_DAYS).due
            return (
                f"是。{told}按{ANSWER_DAYS}个工作日的答复期限，最晚应在{format_date(due)}答复，现已超过；"
                f"如果行政机关书面告知了延长答复期限，最晚{format_date(extended)}。"
                "超过期限仍未答复的，可以投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。"
            )

        return self._answer_period_led(reading, start, lead)

    def _answer_period_led(self, reading: Reading, start: date, lead: Callable[[date], str]) -> Answer:
        """The answer period counted from start, led by the plain answer lead gives for its last day."""
        counted = self.calculators.deadline(start)
        if not counted.matched:
            return counted
        due = self.calculators.calendar.working_days_after(start, ANSWER_DAYS).due
        return replace(
            counted,
            text=f"{lead(due)}\n\n{counted.text}",
            focus=Focus(topic=DEADLINE, question=reading.text, day=start),
        )

    def rule_of(self, reading: Reading) -> Topic | None:
        """The topic whose own period a date question asks about ("要补正，最晚哪天通知我": 7 working days; "复议最晚
        到哪天": the remedies), if the question is plainly about one; else None, for the answer period."""
        best = self.ranker.rank(reading).best
        rest = _without_dated_clauses(reading.text)
        ruled = self._topics.get(best.group) if best is not None else None
        if rest and rest != reading.text and (ruled is None or ruled.period is None):
            # "11月16号他们收到的申请，如果要我补材料，最晚哪天告诉我": the day's own clause tells when, the rest which
            # rule ("收到申请" would rank the receipt date's topic first).
            best = self.ranker.rank(self.reader.read(rest, today=self.today())).best
        topic = self._topics.get(best.group) if best is not None and best.score >= CLARIFY_FLOOR else None
        if topic is None or topic.calculator == "remedy":
            return topic
        # "补正材料3月3日送到的，最晚哪天答复": the answer period, from the day the supplement came.
        answer_period = names_answer_period(reading.text)
        return topic if topic.period is not None and not answer_period else None

    def _rule_before(self, focus: Focus) -> Topic | None:
        """The rule with a period of its own that the conversation was about (or last counted a date with), if any."""
        topic = self._topics.get(focus.topic or "")
        return topic if topic is not None and (topic.period is not None or topic.calculator == "remedy") else None

    def _remedy(self, day: date, text: str, focus: Focus | None, *, reading: Reading | None = None) -> Answer:
        """The remedies' last days from the day a reply (or a reconsideration decision) was received; what the reply
        was is read from the question and the one before it. Asked whether it is still time ("还能申请复议吗"), the
        plain answer for the remedy named goes first."""
        told = f"{focus.question}。{text}" if focus is not None and focus.question else text
        kind = (
            OutcomeKind.REFUSED
            if _REFUSED.search(told)
            else OutcomeKind.NO_ANSWER
            if _NO_ANSWER.search(told)
            else OutcomeKind.OTHER
        )
        decision = bool(_DECISION.search(told))
        answer = self.calculators.remedy(day, kind, decision=decision, today=self.today())
        answer = replace(answer, focus=Focus(topic=REMEDY, question=text))
        if reading is None or not reading.yes_no or decision or not answer.matched:
            return answer
        return replace(answer, text=f"{self._still_time(day, kind, reading)}\n\n{answer.text}")

    def _still_time(self, day: date, kind: OutcomeKind, reading: Reading) -> str:
        """Whether the remedy a question names (a lawsuit, or else reconsideration) may still be sought today."""
        dates = remedy_dates(day, kind, self.calculators.calendar)
        today = self.today()
        told = f"按您说的“{reading.since}”推算，" if reading.since else ""
        if _SUED.search(reading.text):
            if dates.litigation is None:
                return "不能直接起诉：这种情形须先申请行政复议（修订后《行政复议法》第二十三条）。"
            end, what = dates.litigation.last, f"直接起诉的{LITIGATION_MONTHS}个月期限"
        else:
            end, what = dates.reconsideration.last, f"申请行政复议的{RECONSIDERATION_DAYS}日期限"
        if end >= today:
            return f"可以，还在期限内：{told}{what}到{format_date(end)}。"
        return f"不能了：{told}{what}已于{format_date(end)}届满。"

    def _asks_whether_charged(self, text: str) -> bool:
        """Whether a clause of the message asks, yes or no, whether it costs anything ("80页，要交钱吗，交多少")."""
        clauses = [self.reader.read(c, today=self.today()) for c in CLAUSES.split(text) if c]
        return len(clauses) > 1 and any(c.yes_no and c.asks_cost for c in clauses)

    def _fee_answer(self, reading: Reading) -> Answer:
        answer = self.calculators.fee(list(reading.quantities), cumulative=bool(_ADDED.search(reading.text)))
        pages = [q.value for q in reading.quantities if q.unit == "pages"]
        if answer.matched and reading.applications and len(pages) == 1:
            each = fee_by_pages(pages[0]).total
            answer = replace(
                answer,
                text=f"{answer.text}\n\n按量计收以单件申请为单位分别计算页数，多件申请不累加："
                f"{reading.applications}件申请各{pages[0]}页，每件{each}元，共{reading.applications}×{each}="
                f"{reading.applications * each}元。",
            )
        if answer.matched and (reading.yes_no or self._asks_whether_charged(reading.text)):
            # "0件1件收费吗": the calculation took the largest count; a count of none has no fee to tell.
            charged = any(fee_of(q).total > 0 for q in reading.quantities if q.value > 0)
            bases = {q.unit for q in reading.quantities}
            answer = replace(answer, text=fee_lead(charged, bases, free_asked=reading.free) + "\n" + answer.text)
        items = sum(q.value for q in reading.quantities if q.unit == "items")
        if answer.matched and reading.next_month and items:
            free = free_allowance("items")
            again = f"件数按同一申请人一个自然月内累计，下个月重新计算：每月累计{free}件以下（含）不收费。"
            answer = replace(answer, text=f"{answer.text}\n\n{again}")
        one = pages[0] if len(pages) == 1 and not reading.applications else None
        return replace(answer, focus=Focus(topic=FEE, items=items or None, pages=one, question=reading.text))


def _by_day_lead(due: date, by: date) -> str:
    """Whether a reply due on due comes by the day hoped for: "能。" or "不一定。", with both days."""
    if due <= by:
        return (
            f"能。按{ANSWER_DAYS}个工作日的答复期限，最晚{format_date(due)}答复，在{format_date(by)}之前"
            "（如经批准延长答复期限，则可能更晚）。"
        )
    return (
        f"不一定。按{ANSWER_DAYS}个工作日的答复期限，最晚{format_date(due)}答复，晚于{format_date(by)}；"
        "行政机关也可能提前答复。"
    )


def _limit(match: re.Match[str], start: date) -> date | None:
    """The day a "…前" names, read from the day an application was made: the year's or the month's last day, or a
    day (of the month named, else of the start's month; of the year after where it would come before the start)."""
    said, month, day = match.groups()
    if said in ("年底", "年末"):
        return date(start.year, 12, 31)
    if said in ("月底", "月末"):
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    try:
        limit = date(start.year, int(month) if month else start.month, int(day))
    except ValueError:
        return None
    return limit if limit >= start or not month else limit.replace(year=start.year + 1)


def _pages_added(reading: Reading, before: int) -> Reading:
    """The pages asked about before, with those a follow-up adds ("那再多印50页呢" after 80页: 130页)."""
    counts = tuple(Quantity(q.value + before, q.unit) if q.unit == "pages" else q for q in reading.quantities)
    return replace(reading, quantities=counts)


def _counts_basis_named(reading: Reading) -> bool:
    """Whether the counts are of the basis the question names, if it names one: "按页算钱的话，我交了三份申请，页数
    合起来算吗" gives no pages to bill, and asks a rule."""
    named = {unit for unit, words in _BASES.items() if words.search(reading.text)}
    return not named or bool(named & {q.unit for q in reading.quantities})


def _without_dated_clauses(text: str) -> str:
    """The clauses of a message that name no day ("如果要我补材料，最晚哪天告诉我" of "11月16号收到的申请，…")."""
    return "，".join(c for c in CLAUSES.split(text) if c and not _DAY_NAMED.search(c))


def asks_overdue(reading: Reading) -> bool:
    """Whether a yes/no asks if a period has run out ("是不是超期了", "过了期限没")."""
    return reading.yes_no and _OVERDUE.search(reading.text) is not None


def names_answer_period(text: str) -> bool:
    """Whether a question names the agency's reply (答复) or the answer period counted again (重新, or a supplement
    handed in): the answer period, whatever other rule the conversation was about."""
    return bool(_REPLY.search(text) or _RESTARTED.search(text) or SUPPLIED.search(text))
