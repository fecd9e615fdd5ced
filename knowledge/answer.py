"""Answering a free-text question: read its structure, resolve it against the conversation, decide, compose.

The decision, in order: another government → declined; a cost, a date or a period asked with a quantity or
a date → the calculators; a year or a report measure → the annual reports; a place with the attribute asked
→ its card; otherwise the topics, ranked by the lexical and the semantic signal together, with a question
back ("您是想问：") when two or three stay close and an honest no when nothing is close.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from knowledge import clock
from knowledge.bank import ELSEWHERE, Bank, Claim, Lexical, load_bank, load_lexicon
from knowledge.calculators import DEADLINE, FEE, Calculators, turned
from knowledge.context import Focus
from knowledge.counting import CLAUSES, LEANS, Counting, asks_overdue, names_answer_period
from knowledge.guide import DEFAULT_AGENCY, Guide, load_guide
from knowledge.memo import Memo
from knowledge.numbers import Length, date_written, find_date, lengths, years_in_digits
from knowledge.place_questions import FOLLOW_UP_SLACK, PlaceQuestions
from knowledge.places import field_of
from knowledge.ranking import (
    CLARIFY_SPAN,
    CLOSE_MARGIN,
    CONFIDENCE_FLOOR,
    WEAK_FLOOR,
    WHERE_SPAN,
    Candidate,
    Ranker,
    Ranking,
)
from knowledge.reports import REPORT_ENTRY, ReportAnswerer, ReportReply, load_reports
from knowledge.reports.contact import asks_floor
from knowledge.result import Answer
from knowledge.text import has_chinese, normalize
from knowledge.understand import Reader, Reading, set_aside
from knowledge.workdays import WorkCalendar, default_calendar

MAX_QUESTION_CHARS = 500
# Answers kept for repeated questions.
ANSWER_CACHE_SIZE = 4096
# A follow-up is short: "电话呢", "那2020年呢", "那按页呢，一份申请180页".
FOLLOW_UP_CHARS = 20
# A result said back to be confirmed ("那就是最晚12月23号对吧"), and where a count's answer states its result: the
# due date (workdays.Deadline) and the total (fees.FeeBreakdown), and an amount the question states.
_CONFIRMING = re.compile(r"对吧|是吧|对不对|是不是|没错吧|对吗|是吗|对么")
_DUE = re.compile(r"第\d+个工作日为(\d{4})年(\d{1,2})月(\d{1,2})日")
_TOTAL = re.compile(r"合计：(\d+)元")
_YUAN_STATED = re.compile(r"(\d+)\s*[块元]")
_FREE_STATED = re.compile(r"免费|不要钱|不收费|不收钱|不花钱|不用(?:交|花)?钱")
# A reason asked and nothing else ("为啥", "那是为什么呢").
_WHY = re.compile(
    r"(?:那|可|但是?)?(?:这|那)?(?:是)?(?:为啥|为什么|为何|凭什么|啥原因|什么原因|咋回事|怎么回事)[呢啊呀嘛]?[?？!！。\s]*"
)
# "那网上提交的呢", "如果他们延期了呢", "这段时间算吗": the previous question asked again, or pointed back to.
_POINTING_BACK = re.compile(r"^(?:这|那)(?:段|种|个|样|些)")
_ELLIPTICAL = re.compile(rf"^(?:那|那么|要是|如果|假如)?.{{0,10}}呢[\s?？。]*$|{_POINTING_BACK.pattern}")
# The ways an application is made, as people name them, the kinds of post before post itself: a follow-up naming
# another way ("那寄过去的呢" after "现场申请要带什么") asks the question before of it.
_WAYS = (
    re.compile(r"挂号信?|快递|ems"),
    re.compile(r"平信|普通信件?"),
    re.compile(r"当面|现场|窗口|跑一趟|上门"),
    re.compile(r"网上|在线|互联网"),
    re.compile(r"传真"),
    re.compile(r"邮寄|寄信|寄过去|寄去|寄的|信函"),
)
# A case pointed back to anywhere in a question ("2022年这种情况有多少件").
_THIS_CASE = re.compile(r"(?:这|那)(?:种|类|样的?)(?:情况|情形|申请)?")
# A clause this much of its message is read already with the whole: ranking it alone again adds little (a
# report question is still read alone: the text figures' matching is sensitive to the story around it).
NEARLY_WHOLE = 0.7
_YEAR_NAMED = re.compile(r"\d{2,4}\s*年")
# A question asking how long, and an answer stating a length of time.
_HOW_LONG = re.compile(
    r"多久|多长时间|期限是?多长|多少天|几天|几个?工作日|多少个?工作日|几个月|时间(?:上的?)?限制|时限"
)
# Asked by what means something is made known ("主动公开都有哪些渠道"): where one finds it, as asked where.
_BY_WHAT_MEANS = re.compile(r"渠道|途径|平台|什么形式|哪些形式|哪种形式")
# Asked from which day a period counts after something was done ("补完材料以后，那二十个工作日从哪天重新算", "交完钱
# 以后答复时间怎么算"): the rule that counts it again from that event, not the period itself.
_AFTER_DONE = re.compile(r"(?:以后|之后|完了|完后|后[，,])")
_COUNTED_FROM = re.compile(r"从哪天|哪天(?:开始|起)|怎么算|怎么计算|咋算|重新算|重新计算|起算|开始算")
_COUNTS_AGAIN = re.compile(r"起计算|重新计算|重新起算")
# A way of applying set aside: "除了当面交，还有什么办法", "不用跑一趟的办法".
# (The 不能 of 能不能 asks whether one may.)
_BESIDES = re.compile(r"除了|除去|以外|之外|不用|不想|(?<!能)不能|去不了|回不去|来不了")
# What may follow the way of applying a question names where the way is what it asks ("…能不能把申请寄过去？"), and no
# more of the application ("网上申请要钱吗" asks the fee).
_SUBMITTING = re.compile(
    r"(?:[把将]|政府|信息公开|申请[表书]?|提?交|递交?|送|办理?|寄|过去|过来|去|来|一?趟|直接|也|就|可以|能|行|吗|不|么|嘛|呢|啊|吧|呀|"
    r"[？?！!。，,\s])*"
)
# How a yes/no answer begins where the guide gives no plain yes or no.
_NO_DIRECT = "指南对这个问题没有直接的"
# The words before what a yes/no asks may be done or is needed ("要不要", "能不能", "需要").
_MODAL = re.compile(r"要不要|用不用|能不能|可不可以|可以|需要|必须|能|要")
# Where on the spot: a floor, a room, the way there; no website answers it.
_ON_THE_SPOT = re.compile(r"楼|层|房间|屋|门牌|怎么走|怎么去|哪条路|什么路")
_DURATION = re.compile(r"\d+\s*个?(?:工作日|日|天|月)")
# Counts of items or pages, taken out of a report question that quotes printed figures.
_COUNTS = re.compile(r"\d+\s*[件页张份]")
# "That year": the year the conversation is about.
_THAT_YEAR = re.compile(r"那一?年|当年|同一?年|这一年")
# ("比上一年多了多少" compares with the year before, which the reports answer themselves; a year a movement goes to
# or comes from, "结转至下一年度的", "从上一年转来的", is part of a measure's name, not the year asked.)
_YEAR_BEFORE = re.compile(r"(?<![比较从自])(?:(?:再往前|往前|前)一年|上一年)")
_YEAR_AFTER = re.compile(r"(?<![比较到至入])(?:(?:再往后|往后|后)一年|下一年|次年|第二年)")
# The reports' reply for a year without a report: honest, but no answer.
MISSING_YEAR = "report_missing_year"
# How claims cite the agency's guide ("《指南》二(四)").
GUIDE_SHORT = "《指南》"
# An answer text that already begins with a plain yes or no.
_LEADS = re.compile(r"^(?:不?(?:可以|能|会|需要|是|要|用|行)|有|没有|指南没有规定)")
# A clause that asks something of its own, rather than telling the story around the question (a final 不 asks yes
# or no: "图书馆能查政府信息不").
_QUESTION = re.compile(
    r"[吗呢么嘛?？]|多少|几|什么|哪|怎么|如何|为什么|啥|咋|谁|是否|能否|可否|(\w)不\1|有没有|多久|多长|\w不\s*$"
)
# A thing asked to exist is named by an answer holding it whole, and a single character is no name ("有人吗").
MIN_THING_CHARS = 2
# An interjection opening a message ("哦，", "好吧，", "嗯那…"): it says nothing about the question.
_INTERJECTION = re.compile(
    r"^(?:哦|噢|喔|嗯|呃|啊|好的|好吧|行吧|好|行|对了|另外|顺便问一?下)(?:[，,。!！~～\s]+|(?=那))"
)
# What a follow-up naming only this agency holds besides its name ("那换成历下区政府的呢", "那历下区自己的呢").
_NAMING_ONLY = re.compile(r"人民政府|政府|换成|改成|自己|咱们?|我们|[那么的呢吗啊呀？?。，,！!\s]")
# A message opening with a new subject ("对了，…", "顺便问下…", "另外…").
_ASIDE = re.compile(r"^(?:对了|另外|顺便|还有个事|题外话|换个话题)")
# A message of more clauses is answered whole, not clause by clause.
MAX_CLAUSES = 4


class Answerer:
    """Answers questions about one agency's guide, reports and calculators."""

    def __init__(
        self,
        guide: Guide,
        ranker: Ranker,
        *,
        calendar: WorkCalendar,
        reports: ReportAnswerer,
        today: Callable[[], date] = clock.today,
    ) -> None:
        self.guide = guide
        self._topics = {topic.id: topic for topic in guide.topics}
        self._places = {place.id: place for place in guide.places}
        self._memo: Memo[Answer] = Memo(ANSWER_CACHE_SIZE)
        self.calculate = Calculators(guide, calendar)
        self.ranker = ranker
        self.reader = Reader(guide)
        self.reports = reports
        self.today = today
        self.counting = Counting(guide, self.calculate, ranker, self.reader, today)
        self.places = PlaceQuestions(guide, ranker, self.reader, today)

    # ------------------------------------------------------------------ entry point

    def answer(self, question: str, focus: Focus | None = None) -> Answer:
        """Answer one question, resolving follow-ups against the conversation's focus.

        Answers are kept for repeated questions (with the same focus, on the same day): a menu's worth of common
        questions then costs no ranking at all."""
        return self._memo.get((question, focus, self.today()), lambda: self._answer(question, focus))

    def _answer(self, question: str, focus: Focus | None) -> Answer:
        text = years_in_digits(normalize(question))
        aside = _ASIDE.match(text) is not None
        text = _INTERJECTION.sub("", text) or text
        if not text:
            return Answer("请输入您的问题，例如“怎么申请政府信息公开”或“申请35件多少钱”。", matched=False, invalid=True)
        if len(text) > MAX_QUESTION_CHARS:
            return Answer(
                f"您的消息有{len(text)}字，太长了。请用一两句话（{MAX_QUESTION_CHARS}字以内）描述您的问题。",
                matched=False,
                invalid=True,
            )
        reading = self.reader.read(text, today=self.today())
        named = reading.foreign or (self._elsewhere_followed(reading, focus) if focus else None)
        if named:
            # "市中区的呢" after a question about applying: another government's. A short follow-up keeps the question
            # it leans on ("济南市政府信息公开办地址" then "那山东省政府呢"), so that "历下区的呢" can ask it of us.
            # A question of its own ("市中区政务公开办电话多少") leans on nothing.
            elliptical = len(text) <= FOLLOW_UP_CHARS and _ELLIPTICAL.search(text) is not None
            leaned = focus.question if focus is not None and focus.question and elliptical else None
            return self._elsewhere(named, leaned or text)
        asked_again = self._asked_again(text, focus)
        if asked_again is not None:
            return asked_again
        asking = _asking_clauses(text)
        if 2 <= len(asking) <= MAX_CLAUSES:
            self.ranker.embedder.prefetch([text, *asking])  # each clause may be ranked alone: embed them together
        if focus is not None and focus.question and focus.question != text and _CONFIRMING.search(text):
            confirmed = self._confirmed(reading, focus.question)
            if confirmed is not None:
                return confirmed
        if aside and focus is not None:
            # "顺便问下，身份证丢了在哪补办": a subject of its own, leaning on nothing before when it is none of ours.
            alone = self._respond(reading, None)
            if alone.topic == ELSEWHERE:
                return replace(alone, focus=focus)
        whole = self._respond(reading, focus)
        return self._carried(self._two_part(text, whole) or whole, reading, focus)

    def _carried(self, answer: Answer, reading: Reading, focus: Focus | None) -> Answer:
        """The answer with what the conversation carries on from the focus before it and from the message."""
        text = reading.text
        if not answer.matched and answer.focus is None and focus is not None and not answer.clarify:
            # A follow-up the guide cannot answer ("有几起还没判完") leaves the conversation on its subject ("复议呢").
            return replace(answer, focus=focus)
        talked = self._place_talked_about(focus)
        if talked is not None and len(text) <= FOLLOW_UP_CHARS and not reading.places:
            answer = self._place_kept(answer, talked)
        now = answer.focus
        if now is not None and now.report is not None and focus is not None and focus.report not in (None, now.report):
            # A figure after a figure: the one before is kept for "加起来多少".
            answer = replace(answer, focus=replace(now, earlier=focus.report))
        items = sum(q.value for q in reading.quantities if q.unit == "items")
        if items and (answer.focus is None or answer.focus.items is None):
            # "我已经申请了10件" is context for "再交一件收多少" even when it asks nothing itself.
            answer = replace(answer, focus=replace(answer.focus or Focus(question=text), items=items))
        return answer

    def _respond(self, reading: Reading, focus: Focus | None) -> Answer:
        # "要是2025年9月26号收到的申请呢，最晚哪天": a date put in place of the one before, however long.
        leans = reading.day is not None and LEANS.search(reading.text) is not None
        # "现在都11月底了，一直没答复，是不是超期了" after a date counted: whether that period ran out, however long.
        overdue = focus is not None and focus.day is not None and reading.day is None and asks_overdue(reading)
        follow_up = focus is not None and (len(reading.text) <= FOLLOW_UP_CHARS or leans or overdue)
        if follow_up and focus is not None and focus.day and reading.day and date_written(reading.text) == "month_day":
            # "6月25号也算工作日？" after a date of 2023 counted: a month and day of the year talked about.
            reading = replace(reading, day=_in_year(reading.day, focus.day.year))
        asks_value = any(a != "hours" for a in reading.attributes)  # "电话呢" after "周六开门吗" asks the number
        stated = reading
        if (
            follow_up
            and focus is not None
            and (focus.yes_no or self._listed(focus, reading))
            and not asks_value
            and reading.text.rstrip("？?。 ").endswith("呢")
        ):
            reading = replace(reading, yes_no=True)
        if follow_up and focus is not None and focus.topic in self._topics and _WHY.fullmatch(reading.text):
            # "为啥" after "开会的讨论记录能要吗": the rule the answer rests on, in full.
            return self._entry_answer(focus.topic, replace(reading, yes_no=False))
        answer = self._decide(reading, focus if follow_up else None)
        if reading is not stated and focus is not None and not focus.yes_no and answer.text.startswith(_NO_DIRECT):
            # A thing listed that no claim answers is asked as it was ("那过程稿呢": the list's rule, no lead).
            reading = stated
            answer = self._decide(reading, focus)
        elif reading is not stated and focus is not None and focus.question and answer.text.startswith(_NO_DIRECT):
            # "不动产登记资料呢" after "工商登记资料能申请拿到吗": the yes or no before, asked of the thing named now.
            answer = self._asked_of(reading, focus.question, answer)
        if reading.yes_no and answer.focus is not None:
            answer = replace(answer, focus=replace(answer.focus, yes_no=True))
        if follow_up and focus is not None and focus.day and answer.focus is not None and not answer.focus.day:
            if self.calculator_of(answer.focus.topic) == "deadline":
                # "能延长吗" after a counted date: a deadline's rule, the day still the one counted from.
                answer = self._recounted(replace(answer, focus=replace(answer.focus, day=focus.day)), focus, reading)
        return answer

    def _place_talked_about(self, focus: Focus | None) -> str | None:
        """The place a conversation is on: the one asked about, or the one place of the topic talked about."""
        if focus is None:
            return None
        topic = self._topics.get(focus.topic or "")
        one = topic.places[0] if topic is not None and len(topic.places) == 1 else None
        return focus.place or one

    def _place_kept(self, answer: Answer, place: str) -> Answer:
        """A short follow-up's answer naming the place talked about, though not by it, or naming what is done there
        ("具体哪个房间" after the library, answered by the reading points' list; "要带啥证件" after where to hand in an
        application, answered "当面申请的，应当出示…"), keeps the conversation on that place ("上午几点关",
        "周末能去吗")."""
        if not answer.matched or answer.focus is None or answer.focus.place is not None:
            return answer
        known = self.guide.place(place)
        if not any(name in answer.text for name in (known.name, *known.aliases, *known.roles)):
            return answer
        return replace(answer, focus=replace(answer.focus, place=place))

    def _asked_of(self, reading: Reading, asked: str, answer: Answer) -> Answer:
        """A yes/no follow-up naming only a thing ("X呢") read with the question it follows, where that leads the
        same topic's answer with a plain yes or no; the answer as it was otherwise."""
        joined = self._decide(self.reader.read(f"{asked}，{reading.text}", today=self.today()), None)
        if not joined.matched or joined.topic != answer.topic or not _LEADS.match(joined.text):
            return answer
        return joined

    def _confirmed(self, reading: Reading, asked: str) -> Answer | None:
        """A result just counted, said back to be confirmed ("那就是最晚11月30号对吧", "也就是1500块是吧"): yes or no,
        then the count again; None where the question states no date or amount, or the one before counted none. A
        day it starts from, named first ("我11月9号收到的通知，那就是最晚12月7号对吧"), is counted with the question
        before's rule."""
        said_day = reading.day
        dated = [clause for clause in CLAUSES.split(reading.text) if date_written(clause)]
        if len(dated) >= 2:
            asked, said_day = f"{asked}，{dated[0]}", find_date(dated[-1], today=self.today())
        counted = self.answer(asked)
        due = _DUE.search(counted.text)
        total = _TOTAL.search(counted.text)
        stated = _YUAN_STATED.search(reading.text)
        amount = int(stated.group(1)) if stated is not None else 0 if _FREE_STATED.search(reading.text) else None
        if said_day is not None and due is not None:
            said = (said_day.month, said_day.day)
            right = said == (int(due.group(2)), int(due.group(3)))
            what = f"最晚为{due.group(1)}年{due.group(2)}月{due.group(3)}日"
        elif amount is not None and total is not None:
            right = amount == int(total.group(1))
            what = f"合计{total.group(1)}元" if int(total.group(1)) else "不收费"
        else:
            return None
        return replace(counted, text=f"{'是的' if right else '不是'}，{what}。\n\n{counted.text}")

    def _recounted(self, answer: Answer, focus: Focus, reading: Reading) -> Answer:
        """A yes or no about a deadline's rule after a counted date ("五一那几天也算在里头吗"), with the date counted
        again, which shows the days skipped."""
        if not (reading.yes_no and answer.matched and _LEADS.match(answer.text)) or focus.day is None:
            return answer
        rule = self._topics.get(focus.topic or "")
        counted = self.calculate.deadline(focus.day, rule=rule if rule is not None and rule.period else None)
        if not counted.matched:
            return answer
        return replace(
            answer,
            text=f"{answer.text}\n\n{counted.text}",
            source="；".join(dict.fromkeys(s for s in (answer.source, counted.source) if s)),
        )

    def _decide(self, reading: Reading, focus: Focus | None) -> Answer:
        answer = self.counting.answer(reading, focus) or self._floor_added(self.places.answer(reading, focus), reading)
        if answer is not None:
            return answer
        report = self._report(reading, focus)
        if report is not None and (report.matched or report.clarify):
            return report
        if report is not None and report.topic == MISSING_YEAR and not reading.yes_no:
            return report  # "2018年收到多少件申请": that year's report is not held
        ranked = self._ranked(reading, focus)
        if report is None and not (ranked.matched or ranked.clarify or reading.years):
            # "历马办是什么时候上线的": what one year's report alone says in words, where the guide has nothing.
            said = self.reports.said(reading.text)
            return ranked if said is None else _from_report(said, reading.text)
        # "2024年以后还能直接起诉吗" names a year but asks a rule; a figure we lack is said only if nothing fits.
        return ranked if ranked.matched or report is None else report

    def _floor_added(self, card: Answer | None, reading: Reading) -> Answer | None:
        """A place's card asked for the floor ("政府办在历下大厦几楼"): the guide prints none, but a report's contact
        sentence may, for an address at the same street number; it goes first."""
        if card is None or not asks_floor(reading.text) or card.topic not in self._places:
            return card
        found = field_of(self.guide, self._places[card.topic], "address")
        reply = self.reports.floor_at(found[1]) if found is not None else None
        if reply is None:
            return card
        return replace(
            card, text=f"《指南》没有写楼层。{reply.text}\n\n{card.text}", source=f"{card.source}；{reply.source}"
        )

    def _two_part(self, text: str, whole: Answer) -> Answer | None:
        """The answer with what other clauses ask ("300页多少钱，多久能拿到"), each clause read alone."""
        clauses = [c for c in CLAUSES.split(text) if len(c) >= 2]
        asking = _asking_clauses(text)
        if len(clauses) < 2 or len(clauses) > MAX_CLAUSES or not asking:
            return None
        if whole.topic in (ELSEWHERE, MISSING_YEAR):
            return None  # "公积金怎么提取？要去哪个窗口", "2018年年报里收了多少件": a clause does not undo a decline
        nearly_whole = len(asking[0]) >= NEARLY_WHOLE * len(text) and not _YEAR_NAMED.search(asking[0])
        if len(asking) < 2 and (whole.matched or nearly_whole):
            # "请问，X": the story around one question, which the whole already read, but for the plain yes or no
            # its one asking clause leads with ("有没有传真？号码给一下").
            return self._led_by_clause(asking, whole)
        answers = [whole] if whole.matched else []
        focus = whole.focus  # a clause leans on the message it is part of, not on earlier ones
        for clause in asking:
            read = self.reader.read(clause, today=self.today())
            if whole.topic == FEE and read.asks_cost and not (read.quantities or read.yes_no):
                continue  # "80页，要交钱吗，交多少": the cost the whole message counted
            # Each clause may lean on the one before: "档案馆在哪，几点开门"; a yes or no asked of a subject of its own
            # stands alone ("能不能直接邮寄申请？寄到哪儿？" is whether one may, not the letter's card again).
            alone = self._respond(read, None) if read.yes_no else None
            answer = alone if alone is not None and alone.matched else self._respond(read, focus)
            focus = answer.focus or focus
            if not answer.matched:
                continue
            same = [i for i, a in enumerate(answers) if self._same(answer, a)]
            if not same:
                answers.append(answer)
            elif (
                answer.topic not in (FEE, DEADLINE)
                and _LEADS.match(answer.text)
                and not _LEADS.match(answers[same[0]].text)
            ):
                # "能不能在电脑上交申请？从哪进去": the clause's yes or no goes first, in place of the same topic's
                # answer, or before a calculation it does not repeat ("页数能合在一起算吗？一共要交多少").
                replaced = answers[same[0]].topic == answer.topic
                answers[same[0] : same[0] + int(replaced)] = [answer]
        if not answers or answers == [whole]:
            return None
        if not whole.matched and len(answers) < len(asking):
            return None  # "借书证怎么办？押金多少钱": half a question we cannot answer is no answer
        if len(answers) == 1:
            return answers[0] if _kept_alone(answers[0], whole, asking) else None
        focus = answers[-1].focus
        led = next((i for i, a in enumerate(answers) if _LEADS.match(a.text)), 0)
        # "图书馆能查政府信息吗？几点开门": the plain yes or no first, whichever clause asked it.
        answers.insert(0, answers.pop(led))
        return Answer(
            "\n\n".join(a.text for a in answers),
            matched=True,
            source="；".join(dict.fromkeys(a.source for a in answers if a.source)),
            topic=answers[0].topic,
            focus=focus,
        )

    def _led_by_clause(self, asking: list[str], whole: Answer) -> Answer | None:
        """The whole message's place card led by the plain answer of its one asking clause, where that asks whether
        the place has a detail ("有没有传真？号码给一下"); None otherwise."""
        place = whole.focus.place if whole.focus is not None else None
        if len(asking) != 1 or place is None or _LEADS.match(whole.text):
            return None
        lead = self.places.existence_lead(place, self.reader.read(asking[0], today=self.today()))
        return replace(whole, text=f"{lead}\n{whole.text}") if lead else None

    def _same(self, one: Answer, other: Answer) -> bool:
        """Whether two answers are about one thing: one topic (of a report, one measure), or a calculator and the
        topic of its rules."""
        if one.topic == other.topic:
            reports = [a.focus.report if a.focus is not None else None for a in (one, other)]
            return None in reports or reports[0] == reports[1]
        calculated = {one.topic, other.topic} & {FEE, DEADLINE}
        return bool(calculated) and self.calculator_of(one.topic) == self.calculator_of(other.topic)

    # ------------------------------------------------------------------ decisions

    def calculator_of(self, topic_id: str | None) -> str | None:
        """The calculator of a topic: used ("fee_calculator"), or the one its rules go with."""
        return self.counting.calculator_of(topic_id)

    def _report(self, reading: Reading, focus: Focus | None) -> Answer | None:
        previous = focus.report if focus is not None else None
        text = reading.text
        if previous is not None and len(previous.years) == 1:
            # "那年有人申请行政复议吗", "前一年呢", "再往前一年呢": years told from the one just answered.
            year = previous.years[0]
            text = _YEAR_BEFORE.sub(
                f"{year - 1}年", _YEAR_AFTER.sub(f"{year + 1}年", _THAT_YEAR.sub(f"{year}年", text))
            )
        if reading.yes_no and text == reading.text and not reading.years and previous is None:
            return None  # "能不能把近几年的数据汇总给我": a question about a rule, not a figure
        if reading.years and not reading.asks_cost:
            text = _COUNTS.sub("", text)  # "2019年到底收了214件还是215件": printed figures, not a fee
        asked = focus.question or "" if focus is not None else ""
        earlier = focus.earlier if focus is not None else None
        reply = self.reports.answer(text, previous=previous, asked=asked, yes_no=reading.yes_no, earlier=earlier)
        topic = self._topics.get(focus.topic or "") if focus is not None else None
        counted = topic.reported_as if topic is not None else None
        pointing = reading.years or _POINTING_BACK.search(text) or _THIS_CASE.search(text)
        if counted and previous is None and pointing and (reply is None or not reply.known):
            # "21年这种情况有多少件" after what happens to a request for information held elsewhere: the reports' row
            # that counts such cases, of the year named.
            again = self.reports.answer(f"{counted} {text}", yes_no=reading.yes_no)
            reply = again if again is not None and again.known else reply
        return None if reply is None else _from_report(reply, reading.text)

    def _ranked(self, reading: Reading, focus: Focus | None) -> Answer:
        ranking = self.ranker.rank(reading)
        bare = self.places.bare(reading, slack=FOLLOW_UP_SLACK)
        about_another = bool(reading.places) != bool(reading.attributes) and bare
        # "复议有期限吗" names a body and asks a subject of its own, sure enough alone.
        bare_place = about_another and not ranking.confident
        elliptical = _ELLIPTICAL.search(reading.text) is not None
        # A question close between strong candidates has a subject of its own; a weak one may be a follow-up.
        weak = ranking.best is None or ranking.best.score < CONFIDENCE_FLOOR
        # A message the ranking puts out of scope on its own ("帮我查下明天天气") is no follow-up, unless elliptical or
        # asking something of the subject before ("几点关门", "在几楼": short, so near other services' examples too).
        leaning = not ranking.out_of_scope or elliptical or bool(reading.attributes or reading.years)
        # "多长时间内要提" after the reconsideration office: a period asked of the place before, which has its own.
        # "他们多长时间内要回复" after the third party's say: a period asked of the topic before, which has its own.
        timed_place = (
            focus is not None
            and reading.asks_when
            and not reading.places
            and (
                (focus.place is not None and self.guide.place(focus.place).calculator is not None)
                or (
                    focus.topic in self._topics
                    and self._topics[focus.topic].period is not None
                    and not names_answer_period(reading.text)
                )
            )
        )
        together, alone = reading, ranking
        if focus is not None and focus.question and leaning and (weak or bare_place or elliptical or timed_place):
            # A short follow-up without its own subject: read it together with the previous question.
            together = self.reader.read(f"{focus.question} {reading.text}", today=self.today())
            again = self.ranker.rank(together)
            # "这段时间算吗" points back to the subject before; "那网上提交的呢" may name one of its own.
            pointing = _POINTING_BACK.search(reading.text) is not None
            # "那网上提交的呢" after the date of receipt by post: the same subject, of a case it speaks of.
            variant = (
                again.best is not None
                and again.best.group == focus.topic
                and not reading.yes_no
                and self.ranker.speaks_of(again.best.group, reading.text)
            )
            better = (
                not elliptical
                or pointing
                or variant
                or ranking.best is None
                or (again.best and again.best.score >= ranking.best.score)
            )
            found = again.best if again.confident else None
            if found is not None and _looks_where(reading) and not self._gives(reading, found.group):
                # "在哪能看" after how soon things are disclosed: the near topic of the subject that says where.
                found = self._giving(again, reading)
                again = again.narrowed((found,)) if found is not None else again
            # A question whose own reading already offers a choice of its own subjects asks among them, not about the
            # subject before: "去的时候要带啥" after how to apply online is about what to bring, not the online entry.
            own = {c.group for c in ranking.near} if ranking.plausible else set()
            strays = (
                found is not None
                and len(own) >= 2
                and found.group not in own
                and not (elliptical or pointing or variant or timed_place or about_another)
            )
            # "那补正呢" after the answer period, "那按页呢" after the fee by items: the same kind of rule (one
            # calculator's) of a subject of its own, which the topic before does not speak of, is asked of itself.
            kind = self.calculator_of(focus.topic)
            own_subject = (
                elliptical
                and not pointing
                and ranking.confident
                and ranking.best is not None
                and ranking.best.group != focus.topic
                and kind is not None
                and self.calculator_of(ranking.best.group) == kind
                and found is not None
                and found.group == focus.topic
                and not self.ranker.speaks_of(focus.topic, reading.text)
            )
            if found is not None and better and not strays and not own_subject and self._gives(reading, found.group):
                ranking = again
            else:
                together = reading
        if ranking.out_of_scope or ranking.best is None:
            return replace(self.unknown(reading.text), topic=ELSEWHERE)
        ranking = self.counting.periods_of_place(ranking, together)
        timed = self._period_of_place(ranking, reading, focus) if timed_place else None
        if timed is not None:
            # "有时间限制吗" after the reconsideration office's phone: the one rule of its calculator stating a period.
            return self._entry_answer(timed, replace(reading, yes_no=False))
        ranking = self._lengths_first(ranking, reading)
        ranking = self._where_first(ranking, reading)
        ranking = self._counted_again_first(ranking, reading)
        ranking = self.ranker.named_first(ranking, reading)
        ranking = self._beyond_year(ranking, reading)
        ranking = self._told_first(ranking, reading)
        ranking = self._beside_set_aside(ranking, reading)
        visit = self.places.visit(ranking, reading, focus)
        if visit is not None:
            # "国庆放假那几天能去现场交申请吗": whether the place the question is about is open then.
            group, lead = visit
            answer = self._entry_answer(group, replace(reading, yes_no=False))
            return replace(answer, text=f"{lead}\n\n{answer.text}")
        claim = self._claim(ranking, alone, reading, together=together is not reading)
        if claim is not None:
            return self._claimed(claim, reading)
        if ranking.best is not None and (ranking.confident or (ranking.close and self._covers(ranking))):
            return self._entry_answer(ranking.best.group, reading)
        if reading.attributes and self.places.bare(reading):
            return self.places.card([self.guide.meta.default_place], reading.attributes, reading)
        ongoing = self._ongoing(ranking, focus) or self._way_of_applying(ranking, reading)
        if ongoing is not None:
            # Unsure between candidates, one of them what the conversation is about ("要是不交会怎么样" after the
            # payment deadline), or the one rule of what it counted ("元旦那天给扣掉了吧" after a counted date), or the
            # way of applying the question names ("当面申请要带啥": going in person, whose answer says what to show).
            return self._entry_answer(ongoing, reading)
        if ranking.plausible:
            return self._clarify(ranking)
        return self.unknown(reading.text)

    def _claim(self, ranking: Ranking, alone: Ranking, reading: Reading, *, together: bool) -> Claim | None:
        """The yes/no claim a question gets, if any. Read together with the question before, the topic is the one
        ranked so, but which of its claims is asked, the follow-up's own words tell ("这段时间算进办理期限吗" after
        the third party's period)."""
        # A yes/no naming a year that no report answered is not a guide's claim unless it reaches a topic by more than
        # its year ("2022年区里收过信息处理肥没有", whose year alone points at the guide's edition).
        sure = not reading.years or (ranking.best is not None and ranking.best.score >= WEAK_FLOOR)
        claim = ranking.claim() if reading.yes_no and sure else None
        if claim is not None and together and claim.topic in alone.claims:
            return alone.claims[claim.topic][0]
        return self._of_way(claim, ranking, reading) if claim is not None else None

    def _listed(self, focus: Focus, reading: Reading) -> bool:
        """ "那执法案卷呢" after "哪些情况不予公开": a thing the answer before lists, asked whether it is one of
        them."""
        topic = self._topics.get(focus.topic or "")
        words = self.ranker.content_words(_THIS_CASE.sub(" ", reading.text))
        listed = topic is not None and bool(words) and all(w in topic.answer for w in words)
        return listed and not reading.places  # "审批中心呢" after the reading points' hours asks the place's

    def _claimed(self, claim: Claim, reading: Reading) -> Answer:
        """The answer a yes/no claim leads, unless what the question asks of the visit it allows is not said."""
        if self._asks_beside_visit(claim, reading):
            answer = self._entry_answer(claim.topic, replace(reading, yes_no=False))
            return replace(answer, text=f"{self._unsaid_lead(reading)}\n\n{answer.text}")
        return self._entry_answer(claim.id, reading)  # a yes/no fact is more specific than any topic

    def _unsaid_lead(self, reading: Reading) -> str:
        """The lead of an answer to a yes/no the guide says nothing of: whom to ask, the place named where it has a
        phone."""
        named = [self.guide.place(p) for p in reading.places]
        place = next((p for p in named if p.fields.get("phone")), None)
        whom = f"{place.name}（{place.fields['phone']}）" if place else self.guide.meta.help_phone
        note = place.notes.get("phone", "") if place else ""  # the archive's number as printed, one digit short
        return f"指南没有写到这一点，如需确认，请致电{whom}。{note}指南写到的是："

    def _asks_beside_visit(self, claim: Claim, reading: Reading) -> bool:
        """Whether a yes/no asks of a visit to a place it names something neither the claim allowing the visit nor
        its topic says ("去档案馆查阅需要提前预约吗", "在图书馆能用手机拍照吗": what is asked follows the last 能 or 要,
        and the guide says nothing of it)."""
        topic = self._topics.get(claim.topic)
        if topic is None or not topic.places or not reading.places or claim.lead != "yes":
            return False
        clause = [part for part in CLAUSES.split(reading.text) if part.strip()]
        modal = list(_MODAL.finditer(clause[-1])) if clause else []
        if not modal:
            return False
        asked = clause[-1][modal[-1].end() :]
        for name in reading.proper_names:
            asked = asked.replace(name, " ")
        words = self.ranker.content_words(asked)
        return bool(words) and len(self.ranker.unsaid(claim, asked)) == len(words)

    def _of_way(self, claim: Claim, ranking: Ranking, reading: Reading) -> Claim:
        """The claim of the way of applying a yes/no question names, where the claim found says nothing of that way
        ("能不能把信息公开申请寄过去" is whether a letter is taken, not who may apply)."""
        named = _way_named(reading.text)
        if named is None or _BESIDES.search(reading.text) or not _SUBMITTING.fullmatch(reading.text, named[1].end()):
            return claim
        if "不" in reading.text[max(0, named[1].start() - 2) : named[1].start()]:
            return claim  # "不跑一趟能申请吗": the way set aside
        way = _WAYS[named[0]]
        if way.search(self.ranker.label(claim.topic)) or any(way.search(said) for said in (claim.say, *claim.ask)):
            return claim
        titled = [group for group in ranking.claims if way.search(self.ranker.label(group))]
        if len(titled) != 1:
            return claim
        # Of that way's claims, the one saying what its topic says ("能寄过去不" asks whether a letter is taken, not
        # what its envelope needs).
        return self.ranker.restating(titled[0]) or ranking.claims[titled[0]][0]

    def _giving(self, ranking: Ranking, reading: Reading) -> Candidate | None:
        """The first runner-up topic sure enough to answer whose answer gives the attributes asked, if any."""
        return next(
            (
                c
                for c in ranking.candidates[1:]
                if c.group in self._topics and c.score >= WEAK_FLOOR and self._gives(reading, c.group)
            ),
            None,
        )

    def _gives(self, reading: Reading, group: str) -> bool:
        """Whether a topic's answer gives the attributes asked; where to look, asked alone, may be a website
        ("在哪能看"; not "几楼")."""
        looked = _looks_where(reading) and self.places.gives_where(group)
        return looked or self.places.gives(group, reading.attributes)

    def _period_of_place(self, ranking: Ranking, reading: Reading, focus: Focus | None) -> str | None:
        """The topic a period asked of the place just talked about goes to: the best candidate of the place's
        calculator whose answer states a length of time, the question read with the place's name where none is;
        None where there is none either way."""
        place = self.guide.place(focus.place) if focus is not None and focus.place is not None else None
        if place is None or place.calculator is None:
            return None

        def timed(candidates: tuple[Candidate, ...]) -> str | None:
            kind = place.calculator
            return next(
                (c.group for c in candidates if self.calculator_of(c.group) == kind and self._states_length(c.group)),
                None,
            )

        found = timed(ranking.candidates)
        if found is None:
            named = self.reader.read(f"{place.name}{reading.text}", today=self.today())
            found = timed(self.ranker.rank(named).candidates)
        return found

    def _ongoing(self, ranking: Ranking, focus: Focus | None) -> str | None:
        """The near candidate the conversation is about: its topic, or the only one of its calculator; None if none."""
        if not ranking.plausible or focus is None:
            return None
        near = [c.group for c in ranking.near]
        if focus.topic in near:
            return focus.topic
        calculator = self.calculator_of(focus.topic)
        counted = [group for group in near if calculator is not None and self.calculator_of(group) == calculator]
        return counted[0] if len(counted) == 1 else None

    def _way_of_applying(self, ranking: Ranking, reading: Reading) -> str | None:
        """Between candidates sure enough and close, the only one titled by the way of applying the question names,
        if it says as much of the question as any, unless the question sets that way aside ("除了本人跑一趟，还有什么
        办法")."""
        named = _way_named(reading.text)
        best = ranking.best
        if named is None or best is None or best.score < CONFIDENCE_FLOOR or _BESIDES.search(reading.text):
            return None
        way = _WAYS[named[0]]
        close = [c.group for c in ranking.candidates if c.score >= best.score - CLOSE_MARGIN]
        titled = [group for group in close if way.search(self.ranker.label(group))]
        if len(titled) != 1:
            return None
        # It says as much of the question as any other ("网上提交的申请，收到日期咋认定" is the date of receipt's).
        said = {group: self.ranker.words_said(group, reading.text) for group in close}
        return titled[0] if said[titled[0]] == max(said.values()) else None

    def _lengths_first(self, ranking: Ranking, reading: Reading) -> Ranking:
        """ "区政府的信息一般多久会主动公开": asked how long, the candidates (not too weak) whose answers state a length
        of time in place of those that state none, whether or not the best does ("政府文件出来以后多久会主动公开" is
        not the categories', which name 政府文件)."""
        if not _HOW_LONG.search(reading.text) or ranking.best is None:
            return ranking
        timed = tuple(c for c in ranking.candidates if c.score >= WEAK_FLOOR and self._states_length(c.group))
        if not timed:
            return ranking
        # The claims of the topics left out go with them ("申请复议有没有时间限制" is not whether one may apply).
        return ranking.narrowed(timed)

    def _where_first(self, ranking: Ranking, reading: Reading) -> Ranking:
        """ "政府主动公开的东西能在哪看到": asked where, naming no place, the candidates near the best whose answers say
        where (an address or a website), where the best's does not, in place of those that do not."""
        best = ranking.best
        asked = "address" in reading.attributes or _BY_WHAT_MEANS.search(reading.text) is not None
        if not asked or reading.places or reading.yes_no or best is None:
            return ranking
        if self.places.gives_where(best.group):
            return ranking
        near = best.score - WHERE_SPAN
        located = tuple(c for c in ranking.candidates if c.score >= near and self.places.gives_where(c.group))
        return ranking.narrowed(located) if located else ranking

    def _told_first(self, ranking: Ranking, reading: Reading) -> Ranking:
        """ "我申请写得不太清楚，会怎么处理": a message telling its case in clauses that ask nothing, then asking what
        comes of it, is about the case: the candidate near the best that the told clauses alone rank with confidence
        is the one kept."""
        clauses = [c for c in CLAUSES.split(reading.text) if len(c) >= 2]
        asking = _asking_clauses(reading.text)
        told = [c for c in clauses if c not in asking]
        if not told or not asking or len(clauses) > MAX_CLAUSES or ranking.best is None:
            return ranking
        if not all(self.ranker.generic(c) for c in asking):
            return ranking  # "现在决定不予公开了，我能不能直接去法院告" asks a subject of its own
        near = tuple(c for c in ranking.candidates if c.score >= ranking.best.score - CLARIFY_SPAN)
        if len(near) < 2:
            return ranking  # nothing near to choose instead: the told clauses need no ranking (no inference)
        alone = self.ranker.rank(self.reader.read("，".join(told), today=self.today()))
        if alone.best is None or not alone.confident or alone.out_of_scope:
            return ranking
        if alone.best.group == ranking.best.group and not ranking.close:
            return ranking
        kept = tuple(c for c in near if c.group == alone.best.group)
        return ranking.narrowed(kept) if kept else ranking

    def _beside_set_aside(self, ranking: Ranking, reading: Reading) -> Ranking:
        """ "除了复议和打官司，还能往哪反映": what a question sets aside is not what it asks. Where the words set
        aside rank the best candidate first, with confidence, and another near candidate strongly too, that other
        says what is set aside and more, and is kept unless the rest of the question ranks the best above it ("还能找谁"
        after "除了复议和起诉" is the ways of redress, whose answer names both). A yes or no is asked by the rest of the
        question ("还能投诉吗", not about suing)."""
        aside, rest = set_aside(reading.text)
        best = ranking.best
        if not aside or best is None:
            return ranking
        near = [c for c in ranking.candidates if c.score >= best.score - WHERE_SPAN]
        alone = self.ranker.rank(self.reader.read(aside, today=self.today())) if len(near) >= 2 else None
        if alone is not None and alone.confident and alone.best is not None and alone.best.group == best.group:
            strong = {c.group for c in alone.candidates if c.score >= CONFIDENCE_FLOOR} - {best.group}
            said = {c.group: c.score for c in self._rest_ranked(rest).candidates}
            kept = tuple(c for c in near if c.group in strong and said.get(c.group, 0.0) >= said.get(best.group, 0.0))
            ranking = ranking.narrowed(kept[:1]) if kept else ranking
        if not reading.yes_no:
            return ranking
        groups = {c.group for c in ranking.candidates}
        return replace(ranking, claims={g: c for g, c in self._rest_ranked(rest).claims.items() if g in groups})

    def _rest_ranked(self, rest: str) -> Ranking:
        """The ranking of what a question asks beside what it sets aside (one inference: Ranker.rank keeps it)."""
        return self.ranker.rank(self.reader.read(rest, today=self.today()))

    def _beyond_year(self, ranking: Ranking, reading: Reading) -> Ranking:
        """ "2022年这种情况有多少件", "换成2022年呢": a question naming a year keeps only the topics saying some other
        word of it; a year alone points at the guide's edition, not at what is asked."""
        if not reading.years:
            return ranking
        rest = _YEAR_NAMED.sub(" ", reading.text)
        kept = tuple(c for c in ranking.candidates if self.ranker.words_said(c.group, rest) > 0)
        return ranking if len(kept) == len(ranking.candidates) else ranking.narrowed(kept)

    def _counted_again_first(self, ranking: Ranking, reading: Reading) -> Ranking:
        """Asked from which day a period counts after something was done, the near candidate whose answer counts a
        period from such an event, where the best's does not: of several, the one nearest the event named."""
        best = ranking.best
        done = _AFTER_DONE.search(reading.text)
        if done is None or not _COUNTED_FROM.search(reading.text) or best is None or self._counts_again(best.group):
            return ranking
        near = [c for c in ranking.near if self._counts_again(c.group)]
        if len(near) > 1:
            # The one whose event the words before 以后 name ("补完材料" is the supplement, "交完钱" the fee's payment).
            event = self.ranker.rank(self.reader.read(reading.text[: done.start()], today=self.today()))
            order = [c.group for c in event.candidates]
            near.sort(key=lambda c: order.index(c.group) if c.group in order else len(order))
        return ranking.narrowed(tuple(near[:1])) if near else ranking

    def _counts_again(self, group: str) -> bool:
        topic = self._topics.get(group)
        return topic is not None and _COUNTS_AGAIN.search(topic.answer) is not None

    def _states_length(self, group: str) -> bool:
        topic = self._topics.get(group)
        return topic is not None and _DURATION.search(topic.answer) is not None

    def _entry_answer(self, entry_id: str, reading: Reading) -> Answer:
        bank = self.ranker.bank
        claim = bank.claims.get(entry_id)
        topic_id = claim.topic if claim else entry_id
        entry = bank.entries[topic_id]
        if entry.kind == "place":
            answer = self.places.card([topic_id], reading.attributes, reading)
        else:
            topic = self._topics[topic_id]
            # "行政审批中心能查阅政府信息吗": the one place named of those the answer gives is the one a following
            # "几点开门" asks of.
            named = [p for p in reading.places if p in topic.places]
            answer = self.places.contact_added(
                Answer(
                    topic.answer,
                    matched=True,
                    source=self.guide.cite_topic(topic),
                    topic=topic.id,
                    focus=Focus(topic=topic.id, question=reading.text, place=named[0] if len(named) == 1 else None),
                ),
                reading,
            )
        if claim is not None:
            say = _length_checked(claim, reading.text)
            if reading.free and claim.lead != "silent" and self.calculator_of(claim.topic) == "fee":
                say = turned(say, charged=claim.lead == "yes")  # "十件以内不用交钱？": 对，不需要…
            return replace(answer, text=f"{say}\n\n{answer.text}", source=self._claim_source(claim, answer))
        if reading.yes_no and entry.kind == "topic" and not _LEADS.match(answer.text):
            thing = reading.exists or ""
            if len(thing) >= MIN_THING_CHARS and thing in answer.text:
                return replace(answer, text=f"有。\n{answer.text}")  # "有新闻发布会吗": the answer names it
            phone = self.guide.meta.help_phone
            lead = f"{_NO_DIRECT}“是”或“否”的说法，相关规定如下（如需确认，请致电{phone}）："
            return replace(answer, text=f"{lead}\n{answer.text}")
        return answer

    def _claim_source(self, claim: Claim, answer: Answer) -> str:
        """The claim's sources (guide sections in full form, laws as named) before the supporting answer's."""
        shown = answer.source or ""
        parts = []
        for part in claim.source.split("；"):
            if part.startswith(GUIDE_SHORT):
                sections = part.removeprefix(GUIDE_SHORT)
                part = self.guide.cite(sections)
                if f"》{sections}" in shown or f"》{sections} " in shown:
                    continue
            if part not in shown:
                parts.append(part)
        return "；".join([*parts, shown] if shown else parts)

    def _covers(self, ranking: Ranking) -> bool:
        """Whether the best topic's answer already gives every close place ("不服可以复议吗": the remedies)."""
        best = ranking.best
        if best is None or self.ranker.bank.entries[best.group].kind != "topic":
            return False
        text = self._topics[best.group].answer
        others = [c for c in ranking.near if c.group != best.group]
        kinds = self.ranker.bank.entries
        return all(kinds[c.group].kind == "place" and self.guide.place(c.group).name in text for c in others)

    def _clarify(self, ranking: Ranking) -> Answer:
        options = tuple((self.ranker.label(c.id), self.ranker.topic_of(c.id)) for c in ranking.near)
        lines = "\n".join(f"· {label}" for label, _ in options)
        return Answer(f"我不确定您问的是哪一项，您是想问：\n{lines}", matched=False, clarify=options)

    def entry(self, entry_id: str) -> Answer | None:
        """The full answer of a topic or place by its id, or of report figures offered to choose from; None if there
        is no such entry."""
        if entry_id.startswith(REPORT_ENTRY):
            reply = self.reports.entry(entry_id)
            return None if reply is None else _from_report(reply, None)
        if entry_id not in self.ranker.bank.entries:
            return None
        title = self.ranker.label(entry_id)
        return self._entry_answer(entry_id, self.reader.read(title, today=self.today()))

    # ------------------------------------------------------------------ replies without a topic

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

    def _elsewhere_followed(self, reading: Reading, focus: Focus) -> str | None:
        """Another government, or another body, a short follow-up turns to: "市中区的呢", and after a place's details
        "公积金中心电话呢" (not the place talked about)."""
        if len(reading.text) > FOLLOW_UP_CHARS:
            return None
        named = self.reader.elsewhere_named(reading.text)
        if named is None and (focus.place is not None or reading.attributes):
            named = self.reader.other_body(reading.text)
        return named

    def _elsewhere(self, named: str, question: str) -> Answer:
        return Answer(
            f"您问的是“{named}”的事项。我只能回答{self.guide.meta.agency}的政府信息公开问题，"
            f"不能把{self.guide.meta.agency}的地址、电话当作其他机关的提供给您。"
            "请查询该机关自己的政府信息公开指南（一般在其门户网站的“政府信息公开”栏目）。",
            matched=False,
            focus=Focus(question=question),  # "那历下区的呢" asks it again of this agency
        )

    def _asked_again(self, text: str, focus: Focus | None) -> Answer | None:
        """A short follow-up that asks the question before again of something else it names: this agency, after
        another government's ("市中区政务公开办电话多少" declined, then "那历下区的呢"), or another way of applying
        ("现场申请要带什么" then "寄信呢": what to send with a letter); None where it does not."""
        if focus is None or not focus.question or len(text) > FOLLOW_UP_CHARS:
            return None
        ours = self._ours_instead(text, focus.question)
        if ours is not None:
            return self._answer(ours, None)
        other_way = _of_another_way(text, focus.question)
        answered = self._answer(other_way, None) if other_way is not None else None
        return answered if answered is not None and answered.matched else None

    def _ours_instead(self, text: str, question: str) -> str | None:
        """The question before, about another government, asked of this agency by a follow-up naming it ("那历下区的
        呢"); None if the follow-up names no home or the question before named no other government."""
        home = next((word for word in self.guide.meta.home if word in text), None)
        if home is None or not _ELLIPTICAL.search(text):
            return None
        own = re.search(re.escape(home) + "区?", text)
        assert own is not None
        if _NAMING_ONLY.sub("", text.replace(own.group(0), "")):
            return None  # "那历下的邮编呢" asks a detail of its own
        other = self.reader.read(question, today=self.today()).foreign
        return question.replace(other, own.group(0)) if other else None


def _looks_where(reading: Reading) -> bool:
    """Whether a question asks only where to look for something, which a website may answer."""
    return reading.attributes == ("address",) and not _ON_THE_SPOT.search(reading.text)


def _of_another_way(text: str, question: str) -> str | None:
    """The question before asked of the way of applying a "…呢" follow-up names instead of the one it named ("现场申请
    要带什么" then "寄信呢" → "寄信申请要带什么"); None where either names no way, or the same."""
    if not _ELLIPTICAL.search(text):
        return None
    new = _way_named(text)
    old = _way_named(question)
    if new is None or old is None or new[0] == old[0]:
        return None
    return question[: old[1].start()] + new[1].group(0) + question[old[1].end() :]


def _way_named(text: str) -> tuple[int, re.Match[str]] | None:
    """The way of applying a text names first in _WAYS' order, as (its index, where it is named)."""
    for index, way in enumerate(_WAYS):
        if (found := way.search(text)) is not None:
            return index, found
    return None


def _in_year(day: date, year: int) -> date:
    """The same month and day in another year, or the day itself where that year has no such day (2月29日)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day


def _kept_alone(answer: Answer, whole: Answer, asking: list[str]) -> bool:
    """Whether a clause's answer stands for its message, the other clauses a story around one question; not where the
    message offered topics to choose from and its one asking clause, read alone, answers another ("不服直接去法院起诉的
    话，期限是多长" loses what the story asked of), unless with a report's figure, no topic to offer."""
    offered = {topic for _, topic in whole.clarify}
    reported = answer.focus is not None and answer.focus.report is not None
    return not offered or len(asking) != 1 or answer.topic in offered or reported


def _asking_clauses(text: str) -> list[str]:
    """The clauses of a message that ask something of their own."""
    return [c for c in CLAUSES.split(text) if len(c) >= 2 and _QUESTION.search(c)]


def build_answerer(*, agency: str = DEFAULT_AGENCY, today: Callable[[], date] = clock.today) -> Answerer:
    """An answerer over an agency's guide, example bank, reports and calendar."""
    guide = load_guide(agency)
    bank: Bank = load_bank(agency)
    _, stopwords = load_lexicon()
    lexical = Lexical(bank, stopwords=stopwords)
    ranker = Ranker(bank, lexical, guide=guide, agency=agency)
    reports = ReportAnswerer(load_reports(agency), meta=guide.meta)
    return Answerer(guide, ranker, calendar=default_calendar(), reports=reports, today=today)


def _length_checked(claim: Claim, question: str) -> str:
    """A yes claim's sentence, or, where the question names a time limit the claim does not state while the claim
    states one ("是不是15个工作日内答复" of 20 working days), a no naming the limit asked. Days said of working days
    ("从头再来20天吗" of 20 working days) are the same length: people count both as 天; calendar days named as such
    ("20个自然日") are not."""
    asked = [length for length in lengths(question) if length.within]
    stated = {_loosely(length) for length in lengths(claim.say)}
    if claim.lead != "yes" or not asked or not stated or any(_loosely(a) in stated for a in asked):
        return claim.say
    lead, _, rest = claim.say.partition("。")
    return f"不是{asked[0].said}。{rest if _LEADS.fullmatch(lead) else claim.say}"


def _loosely(length: Length) -> tuple[int, str]:
    """A length as people compare them: days and working days alike, but calendar days named as such ("20个自然日")
    are not working days."""
    if length.unit == "months":
        return length.value, "months"
    return length.value, "calendar" if "自然日" in length.said else "days"


def _from_report(reply: ReportReply, question: str | None) -> Answer:
    """A report answer as an answer; figures to choose from as a question back."""
    if reply.options:
        lines = "\n".join(f"· {label}" for label, _ in reply.options)
        return Answer(f"{reply.text}\n{lines}", matched=False, topic=reply.topic, clarify=reply.options)
    known = reply.known and reply.topic != MISSING_YEAR
    return Answer(
        reply.text,
        matched=known,
        source=reply.source if known else None,
        topic=reply.topic,
        focus=Focus(report=reply.focus, question=question) if reply.focus else None,
    )
