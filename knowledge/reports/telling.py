"""The figures of the annual reports said year by year: a measure's answer for each year asked, a report's contact
details, and what is said where the reports hold no such figure."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.guide import Meta, load_guide
from knowledge.reports import cells, words
from knowledge.reports.cells import Cell, cell_of
from knowledge.reports.check import check_reports
from knowledge.reports.compare import PROSE, Tagged, amounts
from knowledge.reports.contact import (
    CONTACT,
    Contacts,
    asks_printed,
    contact_details,
    contact_measure,
    same_street_number,
)
from knowledge.reports.loading import load_reports
from knowledge.reports.model import APPLICATION_TABLE, Report
from knowledge.reports.passages import PassageMatch, best_passage, content_bigrams
from knowledge.reports.prose import NEAREST, ProseIndex, ProseMatch
from knowledge.reports.render import GIVES, MEASURES, RENDER, TABLES, given, n
from knowledge.reports.replies import (
    MEASURE_SEPARATOR,
    MONTH,
    PASSAGE,
    REPORT_ENTRY,
    Part,
    ReportFocus,
    ReportReply,
    split_measures,
)
from knowledge.reports.vocabulary import vocabulary_words

_ASKABLE = (
    "可以查询各年的：收到申请数、办理结果、不予公开的原因、行政复议、行政诉讼、信息处理费，行政许可、行政处罚、"
    "行政强制决定数、行政事业性收费和规范性文件数，以及报告正文写明的数字（如人大代表建议、政协提案、主动公开信息条数）。"
)
# An agency whose data holds no annual reports (no reports.toml).
NO_REPORTS = (
    "暂无年度报告数据：本服务没有收入本机关的政府信息公开工作年度报告，无法回答报告中的数字，"
    "请查阅政府网站公布的年度报告。"
)
# A number in a passage, in digits or Chinese numerals.
_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万]+[件条个次项名所家篇处分元]")
# The topic of a reply saying that a year's text prints no such number.
PROSE_ABSENT = "report_prose_absent"
# The topics of a year's part that says the report does not say what was asked.
_ABSENT = (PROSE_ABSENT, "report_month_absent", "report_passage_absent")
# What a count of applications qualified by words no figure explains may be asking for.
_CHOICES = (("applications", "收到多少申请"), ("outcomes", "申请的办理结果"), ("carried", "结转的申请"))


class YearFigures:
    """The reports by year, and each year's answer to a measure."""

    def __init__(self, reports: tuple[Report, ...] | None = None, *, meta: Meta | None = None) -> None:
        self.reports = reports if reports is not None else load_reports()
        # The agency whose reports these are (the default agency's by default): it names the series, and its city
        # and district may lead the addresses printed.
        self.meta = meta or load_guide().meta
        # The words a question's figures are read past: the agency's own names among them, and its city, which names
        # no figure ("济南市历下区2022年收到多少申请"; the city's own figures are declined before the reports).
        self.vocabulary = vocabulary_words((self.meta.agency, self.meta.city, self.meta.district, *self.meta.home))
        self.by_year: dict[int, list[Report]] = {}
        for report in self.reports:
            self.by_year.setdefault(report.year, []).append(report)
        self.prose = ProseIndex(self.reports)
        # Where one figure is printed two ways: said wherever an answer gives that figure.
        self.findings = tuple(d for d in check_reports(self.reports) if d.printed)
        self.contacts = Contacts(self.reports, self.meta)

    def years(self) -> list[int]:
        """The years we have a report for, ascending."""
        return sorted(self.by_year)

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
        first = split_measures(measure)[0]
        if (cell := cell_of(first)) is not None:
            return "report_share" if cell.share else "report_cell"
        if first.startswith(PASSAGE):
            return "report_passage"
        return "report_prose" if first.startswith((PROSE, MONTH)) else f"report_{first}"

    def _year(self, measure: str, year: int) -> Part:
        versions = self.by_year.get(year)
        if not versions:
            return Part(self._missing(year), self._series_source(), "report_missing_year")
        if MEASURE_SEPARATOR in measure:
            return self._joined(year, [self._year(each, year) for each in split_measures(measure)])
        if measure.startswith(PROSE):
            return self._prose_year(year, measure.removeprefix(PROSE))
        if measure.startswith(MONTH):
            return self._month_year(year, measure.removeprefix(MONTH))
        if measure.startswith(PASSAGE):
            return self._passage_year(year, measure.removeprefix(PASSAGE))
        if (cell := cell_of(measure)) is not None:
            return self._cell_year(year, cell)
        return self._topic_year(year, measure)

    @staticmethod
    def _joined(year: int, parts: list[Part]) -> Part:
        """The answers to each thing a question asks of one year, as one: the text's numbers in one sentence."""
        lead = f"{year}年："
        texts = list(dict.fromkeys(part.text for part in parts))
        if all(text.startswith(lead) for text in texts):
            text = lead + "；".join(t.removeprefix(lead).removesuffix("。") for t in texts) + "。"
        else:
            text = "\n".join(texts)
        answered = [part for part in parts if part.topic not in _ABSENT]
        return Part(
            text,
            "；".join(dict.fromkeys(part.source for part in parts)),
            (answered or parts)[0].topic,
            frozenset().union(*(part.figures for part in parts)),
        )

    def _month_year(self, year: int, query: str) -> Part:
        versions = self.by_year[year]
        found = self.prose.months(query, versions)
        source = self._source(versions, "")
        if not found:
            return Part(f"{year}年的年度报告没有写到这个月份。", source, "report_month_absent")
        said = "、".join(dict.fromkeys(f"{m.month}月（报告正文：“{m.quote}”）" for m in found))
        return Part(f"{year}年：{said}。", source, "report_prose")

    def _passage_year(self, year: int, query: str) -> Part:
        """What the year's report says in words about the query: its passage, quoted with the seed line."""
        versions = self.by_year[year]
        found = best_passage(content_bigrams(query), versions)
        if found is None:
            return Part(f"{year}年的年度报告没有写到这一点。", self._source(versions, ""), "report_passage_absent")
        where = f"{self._source(list(found.reports), '')}（第{found.passage.line}行）"
        return Part(f"{year}年报告正文：“{found.passage.text}”。", where, "report_passage")

    def passage_years(self, query: str, years: list[int], *, number: bool = False) -> dict[int, PassageMatch]:
        """The years, of those asked, whose report says in words what the query asks, with the passage saying it (by
        best_passage); with number, only where the passage states a number."""
        bigrams = content_bigrams(query)
        found = [(year, best_passage(bigrams, self.by_year[year])) for year in years if year in self.by_year]
        return {
            year: match for year, match in found if match and (not number or _NUMBER.search(match.passage.text))
        }

    def passage_year(self, query: str) -> int | None:
        """The one year whose report alone says what a query naming no year asks, strongly, or None."""
        found = best_passage(content_bigrams(query), list(self.reports), one_year=True)
        return found.reports[0].year if found else None

    def _topic_year(self, year: int, topic: str) -> Part:
        versions = self.by_year[year]
        text = self._by_version(year, versions, [RENDER[topic](report) for report in versions])
        printed = list(dict.fromkeys(words for report in versions for words in _in_prose(report, topic)))
        if printed:
            text += "报告正文原话：" + "；".join(f"“{words}”" for words in printed) + "。"
        figures = frozenset().union(*(given(report, topic) for report in versions))
        return Part(text, self._source(versions, topic), f"report_{topic}", figures)

    def _cell_year(self, year: int, cell: Cell) -> Part:
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
        return Part(text, self._source(versions, cell.measure), topic, figures)

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

    def _prose_year(self, year: int, query: str) -> Part:
        versions = self.by_year[year]
        found = self.prose.best(query, versions) or self._as_printed(query, year)
        source = self._source(versions, "")
        if not found:
            others = [
                f"{other}年{self._quoted(matches)}"
                for other in self.years()
                if other != year and (matches := self.prose.best(query, self.by_year[other]))
            ]
            elsewhere = f"其他年份的报告有：{'；'.join(others)}。" if others else ""
            return Part(f"{year}年的年度报告没有写到这项数字。{elsewhere}", source, PROSE_ABSENT)
        figures = frozenset((m.report.label, name) for m in found for name in (m.key, m.figure.key) if name)
        quoted = self._quoted(found)
        return Part(f"{year}年{'，' if quoted.startswith('版本') else '：'}{quoted}。", source, "report_prose", figures)

    def _as_printed(self, query: str, year: int) -> list[ProseMatch]:
        """A year's numbers for what the nearest other year's text prints for the query, in its words: "2022年上级发来的
        协助调查函" then "2021年有几件" finds "收到上级政府信息协助调查函11件", which says no 发来."""
        for other in sorted(self.years(), key=lambda other: abs(other - year)):
            matches = self.prose.best(query, self.by_year[other]) if other != year else []
            if matches:
                return self.prose.best(matches[0].figure.clause, self.by_year[year])
        return []

    @staticmethod
    def _quoted(matches: list[ProseMatch]) -> str:
        """The matched numbers with their clauses, versions named only where they differ."""
        by_report: dict[str, list[str]] = {}
        for match in matches:
            said = f"{match.figure.text}（报告正文：“{match.quote}”）"
            by_report.setdefault(match.report.version, [])
            if said not in by_report[match.report.version]:
                by_report[match.report.version].append(said)
        versions = list(by_report.values())
        if all(s == versions[0] for s in versions):
            return "、".join(versions[0])
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
        if not self.by_year:
            return self.meta.report_series
        years = "、".join(str(y) for y in self.years())
        return f"{self.meta.report_series}（{years}年）"

    def _missing(self, year: int) -> str:
        """What is said of a year no report is held for: the years there are, or that the agency has none here."""
        if not self.by_year:
            return NO_REPORTS
        have = "、".join(str(y) for y in self.years())
        return f"没有{year}年的年度报告数据；现有：{have}年。"

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

    def floor_at(self, address: str) -> ReportReply | None:
        """The latest report's contact sentence with its floor, where its address is at the street number of `address`
        and names a floor ("…解放东路99号历下大厦2层"); None otherwise."""
        latest = self.contacts.latest()
        if latest is None:
            return None
        contact = self.contacts.of(latest)[0].contact
        if not contact.detail("floor") or not same_street_number(contact.address, address):
            return None
        return self._contact("", ("floor",), [])

    def _contact(self, text: str, details: tuple[str, ...], years: list[int]) -> ReportReply:
        """A report's contact details asked ("2019年年报上留的联系电话是多少"); the latest report's where no year is
        named; "有。"/"没有。" first where the question asks whether the report prints them."""
        latest = self.contacts.latest()
        if years:
            asked = years
        elif latest is not None:
            asked = [latest]
        else:
            return self._unknown(text)
        measure = contact_measure(details)
        reply = self._contact_years(measure, asked, latest=not years)
        prints = self.contacts.prints(reply.focus.years[0], details) if reply.focus and len(years) <= 1 else None
        if prints is not None and asks_printed(text):
            reply = replace(reply, text=("有。" if prints else "没有。") + reply.text)
        return reply

    def _contact_years(self, measure: str, years: list[int], *, latest: bool = False) -> ReportReply:
        """The contact details asked, year by year; for one year, how the other years print each."""
        details = contact_details(measure) or ()
        texts, sources = [], []
        topic = "report_contact"
        for year in years:
            if year not in self.by_year:
                texts.append(self._missing(year))
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

    def _values(self, measure: str, year: int) -> list[Tagged]:
        if measure.startswith(MONTH):
            return []  # a month is said, not counted
        versions = self.by_year.get(year, [])
        if (cell := cell_of(measure)) is not None:
            return amounts(measure, versions, self._said_in, lambda report: cells.amount(report, cell))
        return amounts(measure, versions, self._said_in)

    def _said_in(self, query: str, report: Report) -> list[ProseMatch]:
        """The numbers of a report's text a query matches, as a year's answer finds them (`_prose_year`): in the
        query's words, or in those another year prints it with."""
        return self.prose.best(query, [report]) or [
            match for match in self._as_printed(query, report.year) if match.report is report
        ]


def _in_prose(report: Report, topic: str) -> list[str]:
    """The text's own words for a topic's figures where a report states them in its text only (2014 has no tables):
    "行政复议1起", "没有发生…收费及减免情况", and a none said in words, "本年度无提起行政诉讼情况"."""
    keys = [key for key in GIVES.get(topic, ()) if key not in report.table]
    said = [figure.clause for figure in report.prose_figures if figure.key and figure.key in keys]
    if "fee_yuan" in keys and report.fee_statement is not None:
        said.append(report.fee_statement.text.removesuffix("。"))
    if topic in MEASURES and topic in keys and not any(figure.key == topic for figure in report.prose_figures):
        said.extend(_none_said(report, topic))
    return said


# A none said in words ("无提起", "没有发生", "未收到").
_NONE = re.compile(r"无|没有|未")
# The clauses of a report's sentence.
_CLAUSE = re.compile(r"[,，;；]")


def _none_said(report: Report, topic: str) -> list[str]:
    """The clause of the text saying a topic's figure is none where the text gives it no number ("本年度无提起行政
    诉讼情况"): on the line the figure is read from, naming the figure by the last words of its name."""
    figure = report.prose.get(topic)
    if figure is None or figure.value != 0:
        return []
    named = MEASURES[topic][0][-4:]
    sentences = [passage.text for passage in report.passages if passage.line == figure.line]
    return [
        clause
        for sentence in sentences
        for clause in _CLAUSE.split(sentence)
        if named in clause and _NONE.search(clause)
    ][:1]
