"""Short answers about the figures of the agency's annual OGI reports (政府信息公开工作年度报告): reading the question,
and its follow-ups, to the measure and years asked."""

from __future__ import annotations

from dataclasses import replace

from knowledge.reports import cells, table_words, vocabulary, words
from knowledge.reports.cells import SHARE, Cell, cell_of
from knowledge.reports.compare import PROSE
from knowledge.reports.contact import CONTACT, asks_contact, contact_asked, contact_details
from knowledge.reports.model import Report
from knowledge.reports.passages import content_bigrams, whether_said
from knowledge.reports.prose import FLOOR, NEAREST, STRONG, ProseMatch, split_unit, with_unit
from knowledge.reports.render import ART20_FIGURES, GIVES, MEASURES, RENDER
from knowledge.reports.replies import (
    MEASURE_SEPARATOR,
    MONTH,
    PASSAGE,
    REPORT_ENTRY,
    ReportFocus,
    ReportReply,
    split_measures,
)
from knowledge.reports.series import Comparisons
from knowledge.reports.telling import PROSE_ABSENT


class _ReadOn:
    """What a step of reading a question gives where the question is not of its kind: read on (a text with previous
    focus that is a full question, not a follow-up; a question asking no contact details)."""


_READ_ON = _ReadOn()
# The topics whose figures are rows of the applications table, with the row an applicant type is asked of after
# them ("2020年收到多少申请" then "企业呢").
_TABLE_TOPICS = {
    "applications": "new",
    "headline": "new",
    "disclosed": "disclosed",
    "withheld": "withheld",
    "outcomes": "handled",
    "carried": "carried_out",
}


class ReportAnswerer(Comparisons):
    """Answers questions about the figures in the agency's annual reports."""

    def answer(
        self,
        text: str,
        *,
        previous: ReportFocus | None = None,
        asked: str = "",
        yes_no: bool = False,
        earlier: ReportFocus | None = None,
    ) -> ReportReply | None:
        """Answer a question about report figures, or None if it is not one.

        With previous (what the last answer was about, asked by the question `asked`), a text naming only years
        answers the same measure for them ("那2020年呢"), one naming only a measure answers it for the same years
        ("行政诉讼呢"), and one naming a part of the last answer leads with that part ("纠正的呢"). With earlier (what
        the answer before it was about), "加起来多少" adds the two figures up, "差多少" sets them against each other."""
        text = words.normalise(text)
        if previous is not None:
            text = words.sibling_widened(text, previous.measure)
        if len(text) > words.MAX_QUESTION_CHARS or words.requests_information(text):
            return None
        if words.QUANTITY.search(words.YEAR.sub("", text)):
            return None
        years = words.year_range(text) or words.years(text)
        reply = self._contact_question(text, years, previous)
        if not isinstance(reply, _ReadOn):
            return reply
        if previous is not None and self._readable(previous):
            together = self._together(text, years, previous, earlier)
            together = together or self._both_again(text, years, previous, earlier)
            if together is not None:
                return together
            reply = self._follow_up(text, years, previous, asked, yes_no=yes_no)
            if reply is None:
                return self._part_of(text, years, previous, asked) or self._of_year_talked_about(text, years, previous)
            if not isinstance(reply, _ReadOn):
                return _led(reply, _parts_named(text, reply, asked)) if reply.focus == previous else reply
        table = self._cells(text, previous)
        if not years:
            # "企业申请的有多少", "哪一年企业申请最多": the cell over all years.
            figure = words.counts(text) or words.across_years(text) or words.asks_percent(text)
            return self._over_years(table, text) if table and figure else self._across_years(text)
        reply = self._of_years(text, years, table, yes_no=yes_no)
        unknown = reply is None or not reply.known
        if unknown and previous is not None and self._readable(previous):
            # "20年一共收了多少" after 2021's applications: a count of another year naming no figure of its own (after
            # a number of the text, no word at all besides the count: "2021年有几件" after 2022's 协助调查函).
            named = words.query(text) if previous.measure.startswith(PROSE) else ""
            if words.counts(text) and words.topic(text, self.vocabulary) in (None, vocabulary.UNKNOWN) and not named:
                again = self._answered(previous.measure, years, text, yes_no=yes_no)
                # A number of the text that year's report does not print is no answer to a count naming nothing.
                found = again is not None and again.known and again.topic != PROSE_ABSENT
                return again if found else reply
            return self._of_another_year(text, years, previous) or reply
        return reply

    def _together(
        self, text: str, years: list[int], previous: ReportFocus, earlier: ReportFocus | None
    ) -> ReportReply | None:
        """The figures just given added up ("加起来多少": a measure's two years, or the last two answers' figures), or
        set against each other ("差多少" after 2022's then 2021's 重点领域信息, or after 人大代表建议 then 政协提案)."""
        # "比前一年多了多少" names the year it is set against: the year before, not the one answered before.
        adds, sets_against = words.sum_only(text), words.change_only(text) and not words.than_previous_year(text)
        if years or not (adds or sets_against) or len(split_measures(previous.measure)) != 1:
            return None
        if adds and len(previous.years) == 2:
            return self._sum([(previous.measure, year) for year in previous.years])
        if earlier is None or not self._readable(earlier) or not len(earlier.years) == len(previous.years) == 1:
            return None
        first, second = earlier.years[0], previous.years[0]
        if first != second and self._values(previous.measure, first):
            # The same figure of another year, however the follow-up named it ("21年重点领域的呢").
            pair = [(previous.measure, first), (previous.measure, second)]
        else:
            pair = [(earlier.measure, first), (previous.measure, second)]
        if adds:
            return self._sum(pair)
        if pair[0][0] == pair[1][0]:
            return self._compare(previous.measure, max(first, second), min(first, second))
        return self._sum(pair, difference=True)

    def _both_again(
        self, text: str, years: list[int], previous: ReportFocus, earlier: ReportFocus | None
    ) -> ReportReply | None:
        """ "2020年呢" after 人大代表建议 and then "政协提案呢" of one year: both figures, of the year named."""
        if not years or earlier is None or not words.bare(text) or not self._readable(earlier):
            return None
        if len(previous.years) != 1 or earlier.years != previous.years or previous.years[0] in years:
            return None
        measures = [earlier.measure, previous.measure]
        if measures[0] == measures[1] or any(len(split_measures(m)) != 1 or m.startswith(SHARE) for m in measures):
            return None  # a share asked after its count ("占比多少") is of that count, not another figure beside it
        return self._for_years(MEASURE_SEPARATOR.join(measures), years)

    def _of_another_year(self, text: str, years: list[int], previous: ReportFocus) -> ReportReply | None:
        """A follow-up naming years and a part of the answer just given ("2020年纠正的呢" after 2019's reconsiderations,
        "2019年的金额" after 2020's procurement): that part, of the years named (the part may be the one just asked:
        the years are what is new)."""
        rest = words.without_years(text).strip()
        if not rest or previous.measure.startswith(PROSE):
            return None
        moved = replace(previous, years=tuple(years))
        again = self._follow_up(rest, [], moved)
        if isinstance(again, _ReadOn):
            return None
        reply = again if again is not None else self._part_of(rest, [], moved, "")
        return reply if reply is not None and reply.known else None

    def entry(self, entry_id: str) -> ReportReply | None:
        """The figures of a choice offered by a question back ("report:outcomes:2022"), or None if it names none."""
        measure, _, years = entry_id.removeprefix(REPORT_ENTRY).partition(":")
        asked = [int(y) for y in years.split(",") if y.isdigit() and int(y) in self.by_year]
        if not entry_id.startswith(REPORT_ENTRY) or measure not in RENDER or not asked:
            return None
        return self._for_years(measure, asked)

    # Reading the question.

    def _contact_question(
        self, text: str, years: list[int], previous: ReportFocus | None
    ) -> ReportReply | None | _ReadOn:
        """A report's contact details asked, None where the guide's are ("联系电话是多少"), or _READ_ON where the
        question asks none."""
        asked = contact_asked(text)
        if asked is None and previous is not None and contact_details(previous.measure) and previous.years:
            # "2019年年报的电话是多少" then "那邮箱呢": the same report's other detail.
            asked = contact_asked(text, follow_up=True)
            if asked is not None:
                return self._contact(text, asked, years or list(previous.years))
        if asked is not None:
            return self._contact(text, asked, years)
        if asks_contact(text):
            return None  # "联系电话是多少", "年报上留的传真": the guide's contact details, not a report's
        return _READ_ON

    def _of_years(self, text: str, years: list[int], table: str | None, *, yes_no: bool = False) -> ReportReply | None:
        """A question naming years: the measure it asks for them, or two of them compared."""
        # "降幅多少", "增长了百分之几": the change on the year before where one year is named.
        change = words.asks_percent(text) and not words.asks_share(text)
        if change and len(years) == 1:
            years = [years[0], years[0] - 1]
        comparing = len(years) >= 2 and (words.compares(text) or change)
        if comparing:
            years = list(words.compared_years(text, years))
        # "满意率是百分之多少": the figure, however it is counted; "加起来多少": the figures, however put together.
        asked = words.without_sum(words.without_percent(text))
        table = self._table_held(table, asked, years)
        measure = table or (None if comparing else self._several(asked, years))
        measure = measure or self._measure(asked, years)
        unsure_of_words = measure == vocabulary.UNSURE and not words.counts(text)
        if (measure in (None, vocabulary.UNKNOWN) or unsure_of_words) and not comparing:
            # "2019年政务公开考核分值怎么定的": no figure, but what the year's report says in words; so too where
            # the question names no figure surely and asks no count ("2022年申请主要涉及哪些方面").
            said = self._said(text, years, yes_no=yes_no)
            if said is not None:
                return said
        if measure is None:
            return None
        if measure == vocabulary.UNKNOWN:
            return self._unknown(text)
        if measure == vocabulary.UNSURE:
            return self._unsure(years)
        if comparing:
            way = words.direction(text) if words.asks_whether(text) else 0
            return self._compare(measure, years[0], years[1], percent=change, direction=way)
        reply = self._answered(measure, years, text, yes_no=yes_no)
        if words.asks_sum(text) and reply.known and reply.focus is not None:
            # "2021和2022两年收到的协助调查函加起来多少", "人大代表建议和政协提案加起来多少": the figures added up.
            pairs = [(each, year) for each in split_measures(reply.focus.measure) for year in reply.focus.years]
            summed = self._sum(pairs) if len(pairs) > 1 else None
            if summed is not None:
                return summed
        if reply.topic == PROSE_ABSENT:
            return self._said(text, years, yes_no=yes_no) or reply  # a number the text does not give, but words it does
        return reply

    def said(self, text: str) -> ReportReply | None:
        """What the one report that says it says in words, for a question naming no year ("历马办是什么时候上线的"),
        or None where no passage of exactly one year's report covers the question strongly."""
        text = words.normalise(text)
        if words.years(text) or len(text) > words.MAX_QUESTION_CHARS or words.requests_information(text):
            return None
        query = words.remainder(words.query(text), self.vocabulary)
        year = self.passage_year(query)
        return None if year is None else self._for_years(PASSAGE + query, [year])

    def _table_held(self, table: str | None, text: str, years: list[int]) -> str | None:
        """The cells asked, unless no asked year has the applications table to count an applicant type by and a
        number of those years' text counts what is asked: "2014年12345市民热线接听了多少件" is the hotline's, not
        市民's applications."""
        if not table or any(report.rows for report in self.reports if report.year in years):
            return table
        said = self._measure(text, years)
        found = said is not None and said.startswith(PROSE) and self._for_years(said, years).topic != PROSE_ABSENT
        return said if found else table

    def _said(self, text: str, years: list[int], *, yes_no: bool = False) -> ReportReply | None:
        """The passage of each asked year's report saying what the question asks, or None where none says it. A
        year no report is held for, asked what another year's report says, is told so. Asked whether it happened in
        one year ("2020年有人投诉举报吗"), the passage's plain answer leads."""
        query = words.remainder(words.query(text), self.vocabulary)
        held = [year for year in years if year in self.by_year]
        # "2020年财政资金多少": a count asked is not answered by a passage that states no number.
        found = self.passage_years(query, held, number=words.counts(text))
        if held and not found:
            return None
        if not held and not self.passage_years(query, self.years()):
            return None
        reply = self._for_years(PASSAGE + query, years)
        asked_whether = len(found) == 1 and (yes_no or words.yes_no(text))
        lead = whether_said(content_bigrams(query), *found.values()) if asked_whether else ""
        return replace(reply, text=lead + reply.text) if lead else reply

    def _readable(self, focus: ReportFocus) -> bool:
        """Whether a focus (perhaps read back from a stored session) names measures this answerer knows."""
        if focus.measure.startswith(CONTACT):
            return bool(focus.years) and contact_details(focus.measure) is not None
        return bool(focus.years) and all(
            measure in RENDER or measure.startswith((PROSE, MONTH, PASSAGE)) or cell_of(measure) is not None
            for measure in split_measures(focus.measure)
        )

    def _follow_up(
        self, text: str, years: list[int], previous: ReportFocus, asked: str = "", *, yes_no: bool = False
    ) -> ReportReply | None | _ReadOn:
        if years:
            against = self._against_year(text, years, previous)
            if against is not None:
                # "2021年复议多少件" then "比2019年多了几件": the year answered against the one named.
                way = words.direction(text) if words.asks_whether(text) else 0
                return self._compare(against, previous.years[0], years[0], direction=way)
            # "那2021年比上年又增加了多少": the change on the year before, of that year, is of the same measure (two
            # years named, "2022年比2021年少了多少件", are a question of their own).
            if not (words.bare(text) or (words.change_only(text) and words.than_previous_year(text))):
                return _READ_ON
            if len(years) >= 2 and words.compares(text):
                return self._compare(previous.measure, years[0], years[1])
            # "2022年收费了吗" then "2014年呢": asked whether again, of that year.
            return self._answered(self._unit_kept(previous), years, text, yes_no=yes_no)
        if words.across_years(text):
            return _READ_ON
        change = words.asks_percent(text) and not words.asks_share(text)
        changed = words.than_previous_year(text) or words.change_only(text)
        if len(previous.years) == 1 and (changed or (change and words.follow_up_shape(text))):
            # "2021年收到多少" then "比上一年多了多少" or "增长了百分之几": the same measure against the year before.
            year = previous.years[0]
            way = words.direction(text) if words.asks_whether(text) else 0
            return self._compare(previous.measure, year, year - 1, percent=change, direction=way)
        if len(previous.years) == 2 and change and words.follow_up_shape(text):
            # "比2019年少了多少" then "下降了百分之几": the two years just set against each other, in percent.
            return self._compare(previous.measure, previous.years[0], previous.years[1], percent=True)
        # "收信息处理费了吗", "收过费没": whether that year had any, too.
        asks_whether = (yes_no or words.yes_no(text)) and words.topic(text, self.vocabulary) in RENDER
        if not (words.follow_up_shape(text) or asks_whether or self._of_same_table(text, previous)):
            return None
        table = self._cells(text, previous, asked, follow_up=True)
        if table is not None:
            # "2020年收到多少申请" then "企业呢" or "予以公开占比多少": the same years, another cell of the table.
            return self._for_years(table, list(previous.years))
        # A yes/no names its figure with a verb ("有没有收过信息处理费"): more words than a bare follow-up.
        measure = self._measure(text, list(previous.years), follow_up=not asks_whether)
        if measure is None and yes_no and not self.vocabulary.search(words.query(text)):
            # "处理完了吗" after 2014's reconsiderations: asked of the figure just given, which says it with its parts.
            return self._for_years(previous.measure, list(previous.years))
        if measure is None or measure in (vocabulary.UNKNOWN, vocabulary.UNSURE):
            return None
        return self._answered(measure, list(previous.years), text, yes_no=yes_no)

    def _of_year_talked_about(self, text: str, years: list[int], previous: ReportFocus) -> ReportReply | None:
        """A count of another figure of the proactive-disclosure table named in full without a year ("规范性文件现行
        有效多少件" after 2022's 行政强制), which only the reports state: of the years the conversation is about; None
        for any other (the guide's rules answer "一个月申请多少件以内不收费")."""
        if years or not words.counts(text):
            return None
        measure = self._measure(text, list(previous.years))
        return self._answered(measure, list(previous.years), text) if measure in ART20_FIGURES else None

    def _unit_kept(self, previous: ReportFocus) -> str:
        """A number of the text just answered, asked of another year ("重点领域信息13150条" then "2020年呢"), is
        marked with the measure word it was given in, so that another year's number in another word ("八个") is not
        taken for it."""
        if not previous.measure.startswith(PROSE) or split_unit(previous.measure)[1] or len(previous.years) != 1:
            return previous.measure
        units = {tagged.amount.unit for tagged in self._values(previous.measure, previous.years[0])}
        return with_unit(previous.measure, units.pop()) if len(units) == 1 else previous.measure

    def _of_same_table(self, text: str, previous: ReportFocus) -> bool:
        """Whether a text names another figure of the applications table just answered, and nothing else: "2020年收到
        多少申请" then "这里面不予公开的" asks that year's 不予公开."""
        of_table = _table_cell(previous) is not None and words.topic(text, self.vocabulary) in _TABLE_TOPICS
        return of_table and words.names_figure_only(text, self.vocabulary)

    def _against_year(self, text: str, years: list[int], previous: ReportFocus) -> str | None:
        """The measure of a short follow-up that sets the one year answered against another it names: the measure
        it names ("比2019年诉讼多几件"), else the one answered ("比2019年多了几件"); None where it does not compare
        one named year with the year answered."""
        if len(years) != 1 or len(previous.years) != 1 or years[0] == previous.years[0] or not words.compares(text):
            return None
        if len(text) > words.MAX_FOLLOW_UP_CHARS:
            return None
        if not self.vocabulary.search(words.query(text, comparing=True)):
            return previous.measure
        measure = self._measure(text, [previous.years[0], years[0]])
        return None if measure in (None, vocabulary.UNKNOWN, vocabulary.UNSURE) else measure

    def _part_of(self, text: str, years: list[int], previous: ReportFocus, asked: str) -> ReportReply | None:
        """A follow-up naming part of the answer just given ("纠正的有几件", "金额呢", "上年结转过来的呢"): that
        answer again, led by the part named where it names one; None where it names none."""
        if years or not words.follow_up_shape(text) or previous.measure.startswith(CONTACT):
            return None
        reply = self._for_years(previous.measure, list(previous.years))
        named = _parts_named(text, reply, asked)
        if named:
            return _led(reply, named)
        # "收了多少件" in the message that named the figure, "件数呢" after its share: a count naming nothing is of it.
        bare = words.counts(text) and not (words.query(text) or words.compares(text) or words.sum_only(text))
        return reply if bare and reply.known else None

    def _cells(
        self, text: str, previous: ReportFocus | None, asked: str = "", *, follow_up: bool = False
    ) -> str | None:
        """The cells of the applications table a question asks for, as measures joined by MEASURE_SEPARATOR: a row
        for the applicant types it names ("2020年商业企业提交了多少件申请"), or a share ("予以公开占比多少"); None
        where it asks none.

        An applicant type is a column where the question is about the table: it names applications or one of the
        table's rows, a column by its printed name, or follows an answer from the table ("那企业呢"). The row is the
        one named, else the previous answer's, else new applications. A follow-up naming only a row keeps the
        previous answer's applicant type ("予以公开的呢")."""
        if words.asks_how(text):
            return None  # "个人怎么申请": how, not how many
        before = _table_cell(previous, asked)
        topic = words.topic(text, self.vocabulary)
        if topic is not None and topic not in _TABLE_TOPICS and topic != vocabulary.UNKNOWN:
            return None  # "企业提起行政诉讼多少件": a table without applicant types
        named = table_words.columns(text)
        row = table_words.row(text)
        share = words.asks_share(text)
        if named:
            about = (
                topic in _TABLE_TOPICS
                or row
                or before
                or table_words.names_column(text)
                or words.asked_unit(text) == "件"
            )
            if not about:
                return None
            kept = (row or (before.row if before else "new"),)
        elif share:
            kept = (row or (before.row if before else ""),)
            named = (before.column,) if before and before.column and not row else ("",)
        elif follow_up and before and before.column and row:
            kept, named = (row,), (before.column,)
        else:
            return None
        found = [cell_of(Cell(kept[0], column, share).measure) for column in named]
        if not found or None in found:
            return None  # a share of what is no outcome ("申请占比多少")
        return MEASURE_SEPARATOR.join(cell.measure for cell in found if cell is not None)

    def _measure(self, text: str, years: list[int], *, follow_up: bool = False, across: bool = False) -> str | None:
        """What the question asks for: a topic, PROSE + its words for a number of the text, UNKNOWN, or None.

        A follow-up must name nothing but its measure; a question over all years may name a number of the text
        without a question word ("历年人大代表建议"), as may a follow-up ("那人大建议呢")."""
        topic = words.topic(text, self.vocabulary)
        query = words.query(text, comparing=len(years) >= 2 and words.compares(text))
        if years and not across and words.asks_month(text) and query:
            return MONTH + query
        rest = words.remainder(query, self.vocabulary)
        if topic in RENDER and words.asks_account(text):
            return topic  # "2014年信息公开收费减免情况怎么样": how the topic went, told by its own figures
        if rest:
            # The asked years' numbers first; a measure only other years state is still that measure.
            unit = words.asked_unit(text)
            asked = [report for report in self.reports if report.year in years]
            query, found = self._prose_found(text, query, asked, unit=unit, of_table=topic in _TABLE_TOPICS)
            stated = {match.figure.key for match in found} & set(GIVES.get(topic or "", ()))
            # The words no topic explains must be the number's; where no topic answers at all ("各种渠道主动公开的
            # 政府信息多少条" for "不同渠道和方式主动公开政府信息"), some of them, or the very thing counted.
            floor = NEAREST if topic == vocabulary.UNKNOWN else FLOOR
            if found and not stated and (found[0].score.counted or self.prose.covers(found[0], rest) >= floor):
                # Words the topics do not explain, stated by a number of the text: "收到上级政府信息协助调查函".
                # Two years set against each other ("2022年人大建议比2021年多吗") ask for a figure, however long.
                # A short question names its figure ("2022年人大代表建议") unless it asks how something went ("…情况").
                short = (len(text) <= words.MAX_FOLLOW_UP_CHARS and not words.asks_account(text)) or (
                    len(years) >= 2 and words.compares(text)
                )
                if topic is not None or follow_up or across or short or found[0].score.covered >= STRONG:
                    # The measure word asked is kept where it decides the numbers ("门户网站公开多少条": not
                    # "栏目50余个").
                    within = asked or self.reports
                    unmarked = {id(match.figure) for match in self.prose.best(query, within)}
                    decides = unmarked != {id(match.figure) for match in self.prose.best(query, within, unit=unit)}
                    return PROSE + (with_unit(query, unit) if decides else query)
            if follow_up:
                return None  # "网上申请呢": more than a topic names, and not a number of the text
        if topic == "applications" and words.says_more(text, self.vocabulary):
            return vocabulary.UNSURE  # "有多少是不归区政府管的申请": some of the applications, but which is not known
        if topic == vocabulary.UNKNOWN and years and words.says_more(text, self.vocabulary, negated_only=True):
            # "2022年有多少是不归区政府管的": a count of what was not done names an outcome, not an absent figure.
            return vocabulary.UNSURE
        return topic

    def _prose_found(
        self, text: str, query: str, asked: list[Report], *, unit: str, of_table: bool
    ) -> tuple[str, list[ProseMatch]]:
        """The numbers of the text a question's query matches, the asked years' first, with the query they were
        matched by.

        Where the whole query matches none and the question qualifies the applications it counts (of_table: it asks
        a figure of the applications table) with words no topic explains, those words are matched alone in the asked
        years: "有多少件申请不属于本机关负责公开" is the text's "不属于本行政机关99件", though 公开 and 申请 name topics
        that number lacks."""
        found = self.prose.best(query, asked, unit=unit) or self.prose.best(query, self.reports, unit=unit)
        rest = words.remainder(query, self.vocabulary)
        if found or not of_table or rest == query or not asked or not words.says_more(text, self.vocabulary):
            return query, found
        alone = self.prose.best(rest, asked, unit=unit)
        return (rest, alone) if alone else (query, found)

    def _several(self, text: str, years: list[int]) -> str | None:
        """The measures of a question asking several counts ("人大代表建议和政协提案分别多少件", "多少所学校、多少家
        卫生机构", "开放月定在几月？一共搞了多少次活动"), joined; None where it asks one, or where not every part but
        one names a measure.

        Table figures asked in separate clauses ("收到多少申请，结转了多少") are left to the caller, which answers a
        question's clauses one by one: answered here too, they would be said twice."""
        clauses = words.parts(text)
        asked = [part for parts in clauses for part in parts]
        if len(asked) < 2:
            return None
        measures = [self._measure(part, years) for part in asked]
        if "applications" in measures and words.says_more(text, self.vocabulary):
            return None  # "没办完的申请和人大代表建议分别多少": the parts leave out what qualifies the applications
        known = list(
            dict.fromkeys(m for m in measures if m is not None and m not in (vocabulary.UNKNOWN, vocabulary.UNSURE))
        )
        if len(known) < 2 or len(known) < len(measures) - 1:
            return None
        if len(clauses) > 1 and not all(measure.startswith((PROSE, MONTH)) for measure in known):
            return None
        return MEASURE_SEPARATOR.join(known)

    def _answered(self, measure: str, years: list[int], text: str, *, yes_no: bool = False) -> ReportReply:
        """The measure for the years, after "有。" or "没有。" where one year is asked whether it has any."""
        reply = self._for_years(measure, years)
        if len(years) == 1 and (yes_no or words.yes_no(text)):
            lead = self._lead(measure, years[0])
            reply = replace(reply, text=lead + reply.text) if lead else reply
        return reply

    def _lead(self, measure: str, year: int) -> str:
        """The plain answer to a yes/no question about a year's figure: "有。" or "没有。" by its value, where every
        version agrees; "" where the figure is missing, not a count, or several."""
        counted = measure in MEASURES or measure.startswith((PROSE, cells.CELL))
        if not counted or measure == "headline" or MEASURE_SEPARATOR in measure:
            return ""  # a contact detail, a month, a share: no count to be had or not
        values = {tagged.amount.value > 0 for tagged in self._values(measure, year)}
        if len(values) != 1:
            return ""
        return "有。" if values.pop() else "没有。"

    def _across_years(self, text: str) -> ReportReply | None:
        """Questions over all years: which year had the most or fewest of a measure, or its series."""
        if not words.across_years(text):
            return None
        measure = self._measure(text, [], across=True)
        if measure == vocabulary.UNSURE:
            return None  # "哪一年没办完的申请最多": some of the applications, but which is not known
        if measure in (None, vocabulary.UNKNOWN):
            asks_applications = any(word in text for word in vocabulary.APPLICATION_WORDS + vocabulary.COUNT_WORDS)
            if not asks_applications:
                return None
            measure = "applications"
        assert measure is not None
        return self._over_years(measure, text)


def _led(reply: ReportReply, named: list[str]) -> ReportReply:
    """A reply of one year led by the part of it a follow-up names ("2021年，纠正3件。"), where it names one."""
    if reply.focus is None or len(reply.focus.years) != 1 or len(named) != 1:
        return reply
    return replace(reply, text=f"{reply.focus.years[0]}年，{named[0]}。\n{reply.text}")


def _parts_named(text: str, reply: ReportReply, asked: str) -> list[str]:
    """The parts of a reply's first line that a follow-up names (words.parts_named)."""
    return words.parts_named(text, reply.text.split("\n", 1)[0], asked)


def _table_cell(focus: ReportFocus | None, asked: str = "") -> Cell | None:
    """The cell of the applications table a previous answer was about: its row and applicant type ("" for all). An
    answer giving several rows ("disclosed": 予以公开 and 部分公开) is about the one its question named."""
    if focus is None or MEASURE_SEPARATOR in focus.measure:
        return None
    if (cell := cell_of(focus.measure)) is not None:
        return cell
    named = table_words.row_named(asked)
    if named is not None and vocabulary.ROW_TOPICS.get(named) == focus.measure:
        return Cell(named, "")
    row = _TABLE_TOPICS.get(focus.measure)
    return Cell(row, "") if row else None
