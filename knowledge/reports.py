"""Short answers about the figures of the agency's annual OGI reports (政府信息公开工作年度报告)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge import report_cells as cells
from knowledge import report_words as words
from knowledge.report_cells import Cell, cell_of
from knowledge.report_check import check_reports
from knowledge.report_compare import PROSE, Tagged, amounts, described, differences, peak
from knowledge.report_contact import CONTACT, Contacts, contact_details, contact_measure
from knowledge.report_data import (
    AGENCIES_DIR,
    APPLICATION_ROWS,
    APPLICATION_TABLE,
    ART20_COLUMNS,
    ART20_ROWS,
    BALANCE_ROWS,
    COLUMNS,
    FIGURES,
    ORG_COLUMN,
    REMEDY_CELLS,
    REMEDY_PARTS,
    REMEDY_RESULTS,
    REMEDY_TABLE,
    TOTAL_COLUMN,
    Art20Figure,
    Contact,
    Figure,
    Printed,
    ProseFigure,
    Report,
    ReportsError,
    Statement,
    Subjects,
    TableRow,
    VersionDifference,
    load_reports,
    parse_reports,
    version_differences,
)
from knowledge.report_percent import changes, printed_change
from knowledge.report_prose import FLOOR, NEAREST, STRONG, ProseIndex, ProseMatch, with_unit
from knowledge.report_render import GIVES, MEASURES, RENDER, TABLES, given, n
from knowledge.statute import OUTCOME_GROUPS, SUB_ROW_NAMES

__all__ = [
    "AGENCIES_DIR",
    "APPLICATION_ROWS",
    "APPLICATION_TABLE",
    "ART20_COLUMNS",
    "ART20_ROWS",
    "BALANCE_ROWS",
    "COLUMNS",
    "FIGURES",
    "ORG_COLUMN",
    "OUTCOME_GROUPS",
    "REMEDY_CELLS",
    "REMEDY_PARTS",
    "REMEDY_RESULTS",
    "REMEDY_TABLE",
    "SUB_ROW_NAMES",
    "TOTAL_COLUMN",
    "Art20Figure",
    "Contact",
    "Figure",
    "Printed",
    "ProseFigure",
    "Report",
    "ReportAnswerer",
    "ReportFocus",
    "ReportReply",
    "ReportsError",
    "Statement",
    "Subjects",
    "TableRow",
    "VersionDifference",
    "load_reports",
    "parse_reports",
    "version_differences",
]


@dataclass(frozen=True)
class ReportFocus:
    """What a report answer was about, so that a follow-up ("那2020年呢", "行政诉讼呢") can reuse it."""

    measure: str  # what was asked: the internal topic key or a prose figure key
    years: tuple[int, ...]


@dataclass(frozen=True)
class ReportReply:
    """A short answer about report figures, where it comes from, and which kind of question it was."""

    text: str
    source: str
    topic: str
    # False when the question asks for a figure the reports' data does not hold.
    known: bool = True
    focus: ReportFocus | None = None
    # Figures to choose from where the question could be asking for any of them: (label, entry id) pairs.
    options: tuple[tuple[str, str], ...] = ()


_ASKABLE = (
    "可以查询各年的：收到申请数、办理结果、不予公开的原因、行政复议、行政诉讼、信息处理费，行政许可、行政处罚、"
    "行政强制决定数、行政事业性收费和规范性文件数，以及报告正文写明的数字（如人大代表建议、政协提案、主动公开信息条数）。"
)


@dataclass(frozen=True)
class _Part:
    """One year's answer before the years are joined: text, source, topic, and the figures it states."""

    text: str
    source: str
    topic: str
    figures: frozenset[tuple[str, str]] = frozenset()  # (Report.label, figure name) for the printed discrepancies


# The id of a choice between figures ("report:outcomes:2022"), answered by ReportAnswerer.entry.
REPORT_ENTRY = "report:"
# What a count of applications qualified by words no figure explains may be asking for.
_CHOICES = (("applications", "收到多少申请"), ("outcomes", "申请的办理结果"), ("carried", "结转的申请"))


class _Full:
    """A text with previous focus that is a full question, not a follow-up."""


_FULL = _Full()
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
# A question asking in which month ("开放月定在几月") is "month:" and its words; several measures asked in one
# question ("人大代表建议和政协提案分别多少件") are joined by "|".
MONTH = "month:"
MEASURE_SEPARATOR = "|"


class ReportAnswerer:
    """Answers questions about the figures in the agency's annual reports."""

    def __init__(self, reports: tuple[Report, ...] | None = None) -> None:
        self.reports = reports if reports is not None else load_reports()
        self.by_year: dict[int, list[Report]] = {}
        for report in self.reports:
            self.by_year.setdefault(report.year, []).append(report)
        self.prose = ProseIndex(self.reports)
        # Where one figure is printed two ways: said wherever an answer gives that figure.
        self.findings = tuple(d for d in check_reports(self.reports) if d.printed)
        self.contacts = Contacts(self.reports)

    def answer(self, text: str, *, previous: ReportFocus | None = None, yes_no: bool = False) -> ReportReply | None:
        """Answer a question about report figures, or None if it is not one.

        With previous (what the last answer was about), a text naming only years answers the same measure for
        them ("那2020年呢"), and one naming only a measure answers it for the same years ("行政诉讼呢")."""
        text = words.normalise(text)
        if len(text) > words.MAX_QUESTION_CHARS or words.requests_information(text):
            return None
        if words.QUANTITY.search(words.YEAR.sub("", text)):
            return None
        years = words.years(text)
        asked = words.contact_asked(text)
        if asked is None and previous is not None and contact_details(previous.measure) and previous.years:
            # "2019年年报的电话是多少" then "那邮箱呢": the same report's other detail.
            asked = words.contact_asked(text, follow_up=True)
            if asked is not None:
                return self._contact(text, asked, years or list(previous.years))
        if asked is not None:
            return self._contact(text, asked, years)
        if words.asks_contact(text):
            return None  # "联系电话是多少", "年报上留的传真": the guide's contact details, not a report's
        if previous is not None and self._readable(previous):
            reply = self._follow_up(text, years, previous, yes_no=yes_no)
            if not isinstance(reply, _Full):
                return reply
        table = self._cells(text, previous)
        if not years:
            # "企业申请的有多少", "哪一年企业申请最多": the cell over all years.
            figure = words.counts(text) or words.across_years(text) or words.asks_percent(text)
            return self._over_years(table, text) if table and figure else self._across_years(text)
        # "降幅多少", "增长了百分之几": the change on the year before where one year is named.
        change = words.asks_percent(text) and not words.asks_share(text)
        if change and len(years) == 1:
            years = [years[0], years[0] - 1]
        comparing = len(years) >= 2 and (words.compares(text) or change)
        if comparing:
            years = list(words.compared_years(text, years))
        asked = words.without_percent(text)  # "满意率是百分之多少": the figure, however it is counted
        measure = table or (None if comparing else self._several(asked, years))
        measure = measure or self._measure(asked, years)
        if measure is None:
            return None
        if measure == words.UNKNOWN:
            return self._unknown(text)
        if measure == words.UNSURE:
            return self._unsure(years)
        if comparing:
            way = words.direction(text) if words.asks_whether(text) else 0
            return self._compare(measure, years[0], years[1], percent=change, direction=way)
        return self._answered(measure, years, text)

    def entry(self, entry_id: str) -> ReportReply | None:
        """The figures of a choice offered by a question back ("report:outcomes:2022"), or None if it names none."""
        measure, _, years = entry_id.removeprefix(REPORT_ENTRY).partition(":")
        asked = [int(y) for y in years.split(",") if y.isdigit() and int(y) in self.by_year]
        if not entry_id.startswith(REPORT_ENTRY) or measure not in RENDER or not asked:
            return None
        return self._for_years(measure, asked)

    def years(self) -> list[int]:
        """The years we have a report for, ascending."""
        return sorted(self.by_year)

    # Reading the question.

    def _readable(self, focus: ReportFocus) -> bool:
        """Whether a focus (perhaps read back from a stored session) names measures this answerer knows."""
        if focus.measure.startswith(CONTACT):
            return bool(focus.years) and contact_details(focus.measure) is not None
        return bool(focus.years) and all(
            measure in RENDER or measure.startswith((PROSE, MONTH)) or cell_of(measure) is not None
            for measure in _measures(focus.measure)
        )

    def _follow_up(
        self, text: str, years: list[int], previous: ReportFocus, *, yes_no: bool = False
    ) -> ReportReply | None | _Full:
        if years:
            if not words.bare(text):
                return _FULL
            if len(years) >= 2 and words.compares(text):
                return self._compare(previous.measure, years[0], years[1])
            # "2022年收费了吗" then "2014年呢": asked whether again, of that year.
            return self._answered(previous.measure, years, text, yes_no=yes_no)
        if words.across_years(text):
            return _FULL
        change = words.asks_percent(text) and not words.asks_share(text)
        if len(previous.years) == 1 and (words.than_previous_year(text) or (change and words.follow_up_shape(text))):
            # "2021年收到多少" then "比上一年多了多少" or "增长了百分之几": the same measure against the year before.
            year = previous.years[0]
            way = words.direction(text) if words.asks_whether(text) else 0
            return self._compare(previous.measure, year, year - 1, percent=change, direction=way)
        asks_whether = words.yes_no(text) and words.topic(text) in RENDER  # "收信息处理费了吗": that year's, too
        if not (words.follow_up_shape(text) or asks_whether):
            return None
        table = self._cells(text, previous, follow_up=True)
        if table is not None:
            # "2020年收到多少申请" then "企业呢" or "予以公开占比多少": the same years, another cell of the table.
            return self._for_years(table, list(previous.years))
        # A yes/no names its figure with a verb ("有没有收过信息处理费"): more words than a bare follow-up.
        measure = self._measure(text, list(previous.years), follow_up=not asks_whether)
        if measure is None or measure in (words.UNKNOWN, words.UNSURE):
            return None
        return self._answered(measure, list(previous.years), text)

    def _cells(self, text: str, previous: ReportFocus | None, *, follow_up: bool = False) -> str | None:
        """The cells of the applications table a question asks for, as measures joined by MEASURE_SEPARATOR: a row
        for the applicant types it names ("2020年商业企业提交了多少件申请"), or a share ("予以公开占比多少"); None
        where it asks none.

        An applicant type is a column where the question is about the table: it names applications or one of the
        table's rows, a column by its printed name, or follows an answer from the table ("那企业呢"). The row is the
        one named, else the previous answer's, else new applications. A follow-up naming only a row keeps the
        previous answer's applicant type ("予以公开的呢")."""
        if words.asks_how(text):
            return None  # "个人怎么申请": how, not how many
        before = _table_cell(previous)
        topic = words.topic(text)
        if topic is not None and topic not in _TABLE_TOPICS and topic != words.UNKNOWN:
            return None  # "企业提起行政诉讼多少件": a table without applicant types
        named = words.columns(text)
        row = words.row(text)
        share = words.asks_share(text)
        if named:
            about = (
                topic in _TABLE_TOPICS or row or before or words.names_column(text) or words.asked_unit(text) == "件"
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
        topic = words.topic(text)
        query = words.query(text, comparing=len(years) >= 2 and words.compares(text))
        if years and not across and words.asks_month(text) and query:
            return MONTH + query
        rest = words.remainder(query)
        if topic in RENDER and words.asks_account(text):
            return topic  # "2014年信息公开收费减免情况怎么样": how the topic went, told by its own figures
        if rest:
            # The asked years' numbers first; a measure only other years state is still that measure.
            unit = words.asked_unit(text)
            asked = [report for report in self.reports if report.year in years]
            found = self.prose.best(query, asked, unit=unit) or self.prose.best(query, self.reports, unit=unit)
            stated = {match.figure.key for match in found} & set(GIVES.get(topic or "", ()))
            # The words no topic explains must be the number's; where no topic answers at all ("各种渠道主动公开的
            # 政府信息多少条" for "不同渠道和方式主动公开政府信息"), some of them, or the very thing counted.
            floor = NEAREST if topic == words.UNKNOWN else FLOOR
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
        if topic == "applications" and words.says_more(text):
            return words.UNSURE  # "有多少是不归区政府管的": some of the applications, but which is not known
        return topic

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
        if "applications" in measures and words.says_more(text):
            return None  # "没办完的申请和人大代表建议分别多少": the parts leave out what qualifies the applications
        known = list(dict.fromkeys(m for m in measures if m is not None and m not in (words.UNKNOWN, words.UNSURE)))
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

    # Answering.

    def _for_years(self, measure: str, years: list[int]) -> ReportReply:
        if measure.startswith(CONTACT):
            return self._contact_years(measure, years)
        parts = [self._year(measure, year) for year in years]
        figures = frozenset().union(*(part.figures for part in parts))
        topic = parts[0].topic if len(parts) == 1 else self._topic_of(measure)
        return ReportReply(
            text=self._noted("\n".join(part.text for part in parts), figures),
            source="；".join(dict.fromkeys(part.source for part in parts)),
            topic=topic,
            focus=ReportFocus(measure, tuple(years)),
        )

    @staticmethod
    def _topic_of(measure: str) -> str:
        first = _measures(measure)[0]
        if (cell := cell_of(first)) is not None:
            return "report_share" if cell.share else "report_cell"
        return "report_prose" if first.startswith((PROSE, MONTH)) else f"report_{first}"

    def _year(self, measure: str, year: int) -> _Part:
        versions = self.by_year.get(year)
        if not versions:
            have = "、".join(str(y) for y in self.years())
            return _Part(f"没有{year}年的年度报告数据；现有：{have}年。", self._series_source(), "report_missing_year")
        if MEASURE_SEPARATOR in measure:
            return self._joined(year, [self._year(each, year) for each in _measures(measure)])
        if measure.startswith(PROSE):
            return self._prose_year(year, measure.removeprefix(PROSE))
        if measure.startswith(MONTH):
            return self._month_year(year, measure.removeprefix(MONTH))
        if (cell := cell_of(measure)) is not None:
            return self._cell_year(year, cell)
        return self._topic_year(year, measure)

    @staticmethod
    def _joined(year: int, parts: list[_Part]) -> _Part:
        """The answers to each thing a question asks of one year, as one: the text's numbers in one sentence."""
        lead = f"{year}年："
        texts = list(dict.fromkeys(part.text for part in parts))
        if all(text.startswith(lead) for text in texts):
            text = lead + "；".join(t.removeprefix(lead).removesuffix("。") for t in texts) + "。"
        else:
            text = "\n".join(texts)
        answered = [part for part in parts if part.topic not in ("report_prose_absent", "report_month_absent")]
        return _Part(
            text,
            "；".join(dict.fromkeys(part.source for part in parts)),
            (answered or parts)[0].topic,
            frozenset().union(*(part.figures for part in parts)),
        )

    def _month_year(self, year: int, query: str) -> _Part:
        versions = self.by_year[year]
        found = self.prose.months(query, versions)
        source = self._source(versions, "")
        if not found:
            return _Part(f"{year}年的年度报告没有写到这个月份。", source, "report_month_absent")
        said = "、".join(dict.fromkeys(f"{m.month}月（报告正文：“{m.quote}”）" for m in found))
        return _Part(f"{year}年：{said}。", source, "report_prose")

    def _topic_year(self, year: int, topic: str) -> _Part:
        versions = self.by_year[year]
        text = self._by_version(year, versions, [RENDER[topic](report) for report in versions])
        printed = list(dict.fromkeys(words for report in versions for words in _in_prose(report, topic)))
        if printed:
            text += "报告正文原话：" + "；".join(f"“{words}”" for words in printed) + "。"
        figures = frozenset().union(*(given(report, topic) for report in versions))
        return _Part(text, self._source(versions, topic), f"report_{topic}", figures)

    def _cell_year(self, year: int, cell: Cell) -> _Part:
        """A cell of the applications table ("商业企业新收申请") or a share, with what it is part of."""
        versions = self.by_year[year]
        said = [cells.clauses(report, cell) for report in versions]
        if not any(report.rows for report in versions):
            what = "无法计算这一比例" if cell.share else "无从得知这项数字"
            text = f"{year}年的年度报告没有按申请人类型和办理结果分列的统计表格，{what}。"
        else:
            text = self._by_version(year, versions, said, asked_first=True)
        figures = frozenset((report.label, name) for report in versions for name in cells.stated(report, cell))
        topic = "report_share" if cell.share else "report_cell"
        return _Part(text, self._source(versions, cell.measure), topic, figures)

    def _by_version(
        self, year: int, versions: list[Report], clauses: list[list[str]], *, asked_first: bool = False
    ) -> str:
        """A year's clauses as one sentence, or version by version where the versions differ. With asked_first, the
        first clause is the figure asked: where every version gives it alike, it is said first, then the rest."""
        if all(c == clauses[0] for c in clauses):
            return f"{year}年，{'，'.join(clauses[0])}。"
        if asked_first and all(c[0] == clauses[0][0] for c in clauses):
            each = "；".join(f"版本{r.version}：{'，'.join(own[1:])}" for r, own in zip(versions, clauses, strict=True))
            return f"{year}年，{clauses[0][0]}（各版本相同）；各版本不同的是：{each}。{self._support(year)}"
        shared = [c for c in clauses[0] if all(c in other for other in clauses)]
        each = "".join(
            f"版本{r.version}：{'，'.join(c for c in own if c not in shared)}。"
            for r, own in zip(versions, clauses, strict=True)
        )
        same = f"各版本相同的是：{'，'.join(shared)}。" if shared else ""
        return f"{year}年的年度报告有{len(versions)}个数字不同的版本。{each}{same}{self._support(year)}"

    def _prose_year(self, year: int, query: str) -> _Part:
        versions = self.by_year[year]
        found = self.prose.best(query, versions)
        source = self._source(versions, "")
        if not found:
            others = [
                f"{other}年{self._quoted(matches)}"
                for other in self.years()
                if other != year and (matches := self.prose.best(query, self.by_year[other]))
            ]
            elsewhere = f"其他年份的报告有：{'；'.join(others)}。" if others else ""
            return _Part(f"{year}年的年度报告没有写到这项数字。{elsewhere}", source, "report_prose_absent")
        figures = frozenset((m.report.label, name) for m in found for name in (m.key, m.figure.key) if name)
        quoted = self._quoted(found)
        return _Part(
            f"{year}年{'，' if quoted.startswith('版本') else '：'}{quoted}。", source, "report_prose", figures
        )

    @staticmethod
    def _quoted(matches: list[ProseMatch]) -> str:
        """The matched numbers with their clauses, versions named only where they differ."""
        by_report: dict[str, list[str]] = {}
        for match in matches:
            said = f"{match.figure.text}（报告正文：“{match.quote}”）"
            by_report.setdefault(match.report.version, [])
            if said not in by_report[match.report.version]:
                by_report[match.report.version].append(said)
        said = list(by_report.values())
        if all(s == said[0] for s in said):
            return "、".join(said[0])
        return "；".join(f"版本{version}：{'、'.join(s)}" for version, s in by_report.items())

    def _noted(self, text: str, figures: frozenset[tuple[str, str]]) -> str:
        """The text, then each discrepancy in how the reports print a figure it gives."""
        notes = dict.fromkeys(d.say() for d in self.findings if figures & set(d.figures))
        return "\n".join([text, *notes])

    def _support(self, year: int) -> str:
        """Which version the next year's 上年结转 agrees with, if exactly one does."""
        following = self.by_year.get(year + 1, [])
        carried_in = {r.table["carried_in"].value for r in following if "carried_in" in r.table}
        if len(carried_in) != 1:
            return ""
        (value,) = carried_in
        agreeing = [r for r in self.by_year[year] if r.value("carried_out") == value]
        if len(agreeing) != 1:
            return ""
        version = agreeing[0].version
        return (
            f"{year + 1}年报告的上年结转（{n(value)}）与版本{version}的结转下年度继续办理（{n(value)}）一致，"
            f"支持版本{version}。"
        )

    def _source(self, versions: list[Report], topic: str) -> str:
        report = versions[0]
        tables = TABLES.get(topic, (APPLICATION_TABLE,)) if report.table and topic else ()
        where = "表格" + "".join(f"“{table}”" for table in tables) if tables else "正文"
        kinds = f"（{'、'.join('版本' + r.version for r in versions)}）" if len(versions) > 1 else ""
        return f"《{report.title}》{kinds}{where}"

    def _series_source(self) -> str:
        years = "、".join(str(y) for y in self.years())
        return f"《济南市历下区人民政府政府信息公开工作年度报告》（{years}年）"

    def _unsure(self, years: list[int]) -> ReportReply:
        """A count of applications qualified by words no figure explains: the years' figures to choose from."""
        years = sorted(years)
        named = "、".join(f"{year}年" for year in years)
        key = ",".join(str(year) for year in years)
        options = tuple((f"{named}{label}", f"{REPORT_ENTRY}{measure}:{key}") for measure, label in _CHOICES)
        return ReportReply(
            text=f"我不确定您问的是{named}报告里的哪项数字，您是想问：",
            source="",
            topic="report_unsure",
            known=False,
            options=options,
        )

    def _unknown(self, text: str) -> ReportReply:
        """A figure the reports do not state: said so, with the nearest number of the text if there is one."""
        near = self.prose.best(words.query(text), self.reports, floor=NEAREST)
        nearest = ""
        if near:
            match = near[0]
            nearest = f"与问题最接近的是{match.report.year}年报告正文：“{match.quote}”。"
        return ReportReply(
            text=f"年度报告中没有找到这项数字。{nearest}{_ASKABLE}",
            source=self._series_source(),
            topic="report_unknown",
            known=False,
        )

    # Contact details.

    def _contact(self, text: str, details: tuple[str, ...], years: list[int]) -> ReportReply:
        """A report's contact details asked ("2019年年报上留的联系电话是多少"); the latest report's where no year is
        named; "有。"/"没有。" first where the question asks whether the report prints them."""
        latest = self.contacts.latest()
        if not years and latest is None:
            return self._unknown(text)
        measure = contact_measure(details)
        reply = self._contact_years(measure, years or [latest], latest=not years)
        prints = self.contacts.prints(reply.focus.years[0], details) if reply.focus and len(years) <= 1 else None
        if prints is not None and words.asks_printed(text):
            reply = replace(reply, text=("有。" if prints else "没有。") + reply.text)
        return reply

    def _contact_years(self, measure: str, years: list[int], *, latest: bool = False) -> ReportReply:
        """The contact details asked, year by year; for one year, how the other years print each."""
        details = contact_details(measure) or ()
        texts, sources = [], []
        topic = "report_contact"
        have = "、".join(str(y) for y in self.years())
        for year in years:
            if year not in self.by_year:
                texts.append(f"没有{year}年的年度报告数据；现有：{have}年。")
                sources.append(self._series_source())
                topic = "report_missing_year" if len(years) == 1 else topic
            elif not self.contacts.of(year):
                texts.append(f"{year}年的年度报告没有写联系方式。")
                sources.append(self._source(self.by_year[year], ""))
            else:
                texts.append(self.contacts.said(year, details, latest=latest, compared=len(years) == 1))
                sources.append(self.contacts.source(year))
        return ReportReply(
            text="\n".join(texts),
            source="；".join(dict.fromkeys(sources)),
            topic=topic,
            focus=ReportFocus(measure, tuple(years)),
        )

    # Years side by side.

    def _values(self, measure: str, year: int) -> list[Tagged]:
        if measure.startswith(MONTH):
            return []  # a month is said, not counted
        versions = self.by_year.get(year, [])
        if (cell := cell_of(measure)) is not None:
            return amounts(measure, versions, self.prose, lambda report: cells.amount(report, cell))
        return amounts(measure, versions, self.prose)

    def _name(self, measure: str) -> str:
        if (cell := cell_of(measure)) is not None:
            return f"{cell.name}："
        return "" if measure.startswith((PROSE, MONTH)) else f"{MEASURES[measure][0]}："

    def _compare(
        self, measure: str, first: int, second: int, *, percent: bool = False, direction: int = 0
    ) -> ReportReply:
        """The measure in two years and the difference; a year without a report or without the figure is said.

        With percent, the change in percent too, and the later report's own where it prints one; with direction
        (+1 where the question asks whether the first year has more, -1 fewer), "是。" or "不是。" first."""
        if MEASURE_SEPARATOR in measure:
            replies = [
                self._compare(each, first, second, percent=percent, direction=direction) for each in _measures(measure)
            ]
            return ReportReply(
                text="\n".join(reply.text for reply in replies),
                source="；".join(dict.fromkeys(reply.source for reply in replies)),
                topic=replies[0].topic,
                focus=ReportFocus(measure, (first, second)),
            )
        if measure.startswith(CONTACT):
            return self._contact_years(measure, [first, second])  # contact details are said, not subtracted
        focus = ReportFocus(measure, (first, second))
        if first not in self.by_year or second not in self.by_year:
            reply = self._for_years(measure, [first, second])
            text = f"{reply.text}\n因此无法比较两年的这项数字。"
            return replace(reply, text=text, topic="report_missing_year", focus=focus)
        a, b = self._values(measure, first), self._values(measure, second)
        lead = ""
        if a and b:
            said = f"{described(first, a)}，{described(second, b)}。{differences(first, a, second, b)}。"
            if percent:
                said += self._percent_change(measure, first, a, second, b)
            lead = _lead_of(a, b, direction)
        else:
            each = [described(y, v) if v else f"{y}年的年度报告没有写到这项数字" for y, v in ((first, a), (second, b))]
            said = f"{'；'.join(each)}。因此无法比较两年的这项数字。"
        # Which version the next year supports matters only where the versions give different values.
        split = [y for y, v in ((first, a), (second, b)) if self._split(v)]
        figures = self._named(a + b)
        textual = measure.startswith((PROSE, MONTH))
        if abs(first - second) == 1 and not textual and MEASURES.get(measure, ("", ""))[1] == "new":
            # The later report's text states the change against the year before: where it differs, say so.
            figures |= {(report.label, "change") for report in self.by_year[max(first, second)]}
        return ReportReply(
            text=self._noted(lead + self._name(measure) + said + "".join(self._support(y) for y in split), figures),
            source="；".join(
                self._source(self.by_year[y], "" if measure.startswith((PROSE, MONTH)) else measure)
                for y in (first, second)
            ),
            topic="report_compare",
            focus=focus,
        )

    def _percent_change(self, measure: str, first: int, a: list[Tagged], second: int, b: list[Tagged]) -> str:
        """The change between the years in percent, and the later report's own statement of it where it prints one
        ("同比去年减少38件，下降17.8%")."""
        computed = changes(first, a, second, b)
        said = f"按百分比，{computed}。" if computed else ""
        if abs(first - second) != 1 or cell_of(measure) is not None or measure.startswith(MONTH):
            return said
        later, values = (first, a) if first > second else (second, b)
        key = "" if measure.startswith(PROSE) else MEASURES[measure][1]
        versions = self.by_year[later]
        printed = {report.version: printed_change(report, values, key) for report in versions}
        quotes = list(dict.fromkeys(q for q in printed.values() if q))
        if len(quotes) == 1 and all(printed.values()):
            said += f"{later}年报告正文写作{quotes[0]}。"
        elif quotes:
            said += f"{later}年报告正文：" + "；".join(f"版本{v}写作{q}" for v, q in printed.items() if q) + "。"
        return said

    @staticmethod
    def _split(values: list[Tagged]) -> bool:
        """Whether a year's values differ between its versions."""
        return len({t.report.version for t in values if t.tag}) > 1

    @staticmethod
    def _named(values: list[Tagged]) -> frozenset[tuple[str, str]]:
        return frozenset((t.report.label, name) for t in values for name in t.amount.names)

    def _across_years(self, text: str) -> ReportReply | None:
        """Questions over all years: which year had the most or fewest of a measure, or its series."""
        if not words.across_years(text):
            return None
        measure = self._measure(text, [], across=True)
        if measure == words.UNSURE:
            return None  # "哪一年没办完的申请最多": some of the applications, but which is not known
        if measure in (None, words.UNKNOWN):
            asks_applications = any(word in text for word in words.APPLICATION_WORDS + words.COUNT_WORDS)
            if not asks_applications:
                return None
            measure = "applications"
        assert measure is not None
        return self._over_years(measure, text)

    def _over_years(self, measure: str, text: str) -> ReportReply:
        """A measure over all years: which year had the most or fewest of it, or its series."""
        if MEASURE_SEPARATOR in measure:
            replies = [self._over_years(each, text) for each in _measures(measure)]
            return ReportReply(
                text="\n".join(reply.text for reply in replies),
                source=self._series_source(),
                topic=replies[0].topic,
                focus=ReportFocus(measure, tuple(sorted({y for r in replies if r.focus for y in r.focus.years}))),
            )
        values = {year: found for year in self.years() if (found := self._values(measure, year))}
        if not values:
            return self._unknown(text)
        series = "；".join(described(year, found) for year, found in values.items())
        figures = self._named([t for found in values.values() for t in found])
        focus = ReportFocus(measure, tuple(values))
        missing = [year for year in self.years() if year not in values]
        absent = f"{'、'.join(f'{y}年' for y in missing)}的报告没有这项数字。" if missing else ""
        name = f"年度报告的{self._name(measure).rstrip('：')}" if self._name(measure) else "年度报告正文所写的这项数字"
        if any(word in text for word in words.WHICH_YEAR):
            fewest = any(word in text for word in ("最少", "最低"))
            tied = peak(values, fewest=fewest)
            if tied is None:
                said = f"各年的{name}单位不同，不能比较多少。各年：{series}。"
            else:
                which = "、".join(f"{year}年" for year in tied)
                said = f"按{name}，{which}{'最少' if fewest else '最多'}。各年：{series}。"
            support = "".join(self._support(y) for y in tied or [] if self._split(values[y]))
            return ReportReply(
                text=self._noted(said + absent + support, figures),
                source=self._series_source(),
                topic="report_extreme",
                focus=focus,
            )
        return ReportReply(
            text=self._noted(
                f"各年{name.removeprefix('年度报告的').removeprefix('年度')}：{series}。{absent}", figures
            ),
            source=self._series_source(),
            topic="report_series",
            focus=focus,
        )


def _in_prose(report: Report, topic: str) -> list[str]:
    """The text's own words for a topic's figures where a report states them in its text only (2014 has no tables):
    "行政复议1起", "没有发生…收费及减免情况"."""
    keys = [key for key in GIVES.get(topic, ()) if key not in report.table]
    said = [figure.clause for figure in report.prose_figures if figure.key and figure.key in keys]
    if "fee_yuan" in keys and report.fee_statement is not None:
        said.append(report.fee_statement.text.removesuffix("。"))
    return said


def _measures(measure: str) -> list[str]:
    """The measures a focus names: one, or those of a question asking several."""
    return measure.split(MEASURE_SEPARATOR)


def _table_cell(focus: ReportFocus | None) -> Cell | None:
    """The cell of the applications table a previous answer was about: its row and applicant type ("" for all)."""
    if focus is None or MEASURE_SEPARATOR in focus.measure:
        return None
    if (cell := cell_of(focus.measure)) is not None:
        return cell
    row = _TABLE_TOPICS.get(focus.measure)
    return Cell(row, "") if row else None


def _lead_of(a: list[Tagged], b: list[Tagged], direction: int) -> str:
    """The plain answer to a yes/no comparison: "是。" where every pair of the two years' values differs the way the
    question asks (direction: +1 more, -1 fewer), "不是。" where none does; "" where it asks neither way or the
    versions disagree."""
    if not direction:
        return ""
    signs = {
        (x.amount.value > y.amount.value) - (x.amount.value < y.amount.value)
        for x in a
        for y in b
        if x.amount.unit == y.amount.unit
    }
    if len(signs) != 1:
        return ""
    return "是。" if signs.pop() == direction else "不是。"
