"""A measure's figures in two years set against each other, and over all the years: the most, the fewest, the series."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.reports import vocabulary
from knowledge.reports.cells import cell_of
from knowledge.reports.compare import PROSE, Tagged, described, differences, peak
from knowledge.reports.contact import CONTACT
from knowledge.reports.percent import changes, printed_change
from knowledge.reports.render import MEASURES
from knowledge.reports.replies import MEASURE_SEPARATOR, MONTH, ReportFocus, ReportReply, split_measures
from knowledge.reports.telling import YearFigures


class Comparisons(YearFigures):
    """The reports' figures of one measure across years."""

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
                self._compare(each, first, second, percent=percent, direction=direction)
                for each in split_measures(measure)
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
            else:
                # "网站主动公开比上一年多了多少条", "申请比前一年降了多少": the later report's own statement of the
                # change, where it prints one, with its percentage where it prints that.
                said += self._printed_change(measure, first, a, second, b, needs_percent=False)
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

    def _sum(self, asked: list[tuple[str, int]], *, difference: bool = False) -> ReportReply | None:
        """Figures just given, added up ("加起来多少") or, with difference, set against each other: each with its year,
        then the total or the difference; None where one of them is not a single value (versions that differ, a
        figure not printed) or their units differ."""
        found: list[tuple[str, int, Tagged]] = []
        for measure, year in asked:
            values = [] if MEASURE_SEPARATOR in measure else self._values(measure, year)
            if len(values) != 1:
                return None
            found.append((measure, year, values[0]))
        if len({tagged.amount.unit for _, _, tagged in found}) != 1:
            return None
        numbers = [Decimal(tagged.amount.value) for _, _, tagged in found]
        total = abs(numbers[0] - numbers[1]) if difference else sum(numbers, Decimal(0))
        about = "约" if any(tagged.amount.approximate for _, _, tagged in found) else ""
        each = "；".join(f"{self._name(measure)}{described(year, [tagged])}" for measure, year, tagged in found)
        measures = list(dict.fromkeys(measure for measure, _ in asked))
        years = tuple(sorted({year for _, year in asked}))
        return ReportReply(
            text=f"{each}。\n{'相差' if difference else '合计'}{about}{_plain(total)}{found[0][2].amount.unit}。",
            source="；".join(
                dict.fromkeys(
                    self._source(self.by_year[year], "" if measure.startswith((PROSE, MONTH)) else measure)
                    for measure, year in asked
                )
            ),
            topic="report_difference" if difference else "report_sum",
            focus=ReportFocus(MEASURE_SEPARATOR.join(measures), years),
        )

    def _percent_change(self, measure: str, first: int, a: list[Tagged], second: int, b: list[Tagged]) -> str:
        """The change between the years in percent, and the later report's own statement of it where it prints one
        ("同比去年减少38件，下降17.8%")."""
        computed = changes(first, a, second, b)
        said = f"按百分比，{computed}。" if computed else ""
        return said + self._printed_change(measure, first, a, second, b)

    def _printed_change(
        self, measure: str, first: int, a: list[Tagged], second: int, b: list[Tagged], *, needs_percent: bool = True
    ) -> str:
        """The later report's own statement of the change on the year before, where two adjacent years are set
        against each other ("2022年报告正文写作“同比去年增加500余条”。"); with needs_percent, only one that prints
        the percentage too; "" where it prints none."""
        if abs(first - second) != 1 or cell_of(measure) is not None or measure.startswith(MONTH):
            return ""
        later, values = (first, a) if first > second else (second, b)
        key = "" if measure.startswith(PROSE) else MEASURES[measure][1]
        versions = self.by_year[later]
        printed = {
            report.version: printed_change(report, values, key, needs_percent=needs_percent) for report in versions
        }
        quotes = list(dict.fromkeys(q for q in printed.values() if q))
        if len(quotes) == 1 and all(printed.values()):
            return f"{later}年报告正文写作{quotes[0]}。"
        if quotes:
            return f"{later}年报告正文：" + "；".join(f"版本{v}写作{q}" for v, q in printed.items() if q) + "。"
        return ""

    @staticmethod
    def _split(values: list[Tagged]) -> bool:
        """Whether a year's values differ between its versions."""
        return len({t.report.version for t in values if t.tag}) > 1

    @staticmethod
    def _named(values: list[Tagged]) -> frozenset[tuple[str, str]]:
        return frozenset((t.report.label, name) for t in values for name in t.amount.names)

    def _over_years(self, measure: str, text: str) -> ReportReply:
        """A measure over all years: which year had the most or fewest of it, or its series."""
        if MEASURE_SEPARATOR in measure:
            replies = [self._over_years(each, text) for each in split_measures(measure)]
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
        if any(word in text for word in vocabulary.WHICH_YEAR):
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


def _lead_of(a: list[Tagged], b: list[Tagged], direction: int) -> str:
    """The plain answer to a yes/no comparison: "是。" where every pair of the two years' values differs the way the
    question asks (direction: +1 more, -1 fewer, SAME not at all), "不是。" where none does; "" where it asks neither
    way or the versions disagree."""
    if not direction:
        return ""
    signs = {
        (x.amount.value > y.amount.value) - (x.amount.value < y.amount.value)
        for x in a
        for y in b
        if x.amount.unit == y.amount.unit
    }
    if direction == vocabulary.SAME:
        return "是。" if signs == {0} else "不是。"
    if len(signs) != 1:
        return ""
    return "是。" if signs.pop() == direction else "不是。"


def _plain(value: Decimal) -> str:
    """A total as people write it: "14", "3.6", "27.5951"."""
    return format(value.normalize(), "f")
