"""Matching a question to the numbers of the reports' text, by the character bigrams they share.

Each number of the text (`ProseFigure`) is known by its clause ("全区政府系统共承办人大代表建议96件"), its label
(the words just before it) and the clause before it on its line. A question, without its years and question
words, is split into character bigrams, each weighted by how rare it is among the text's clauses (IDF), and a
number is scored by the weighted share of the question's bigrams its clauses hold. The best-scoring numbers win
if they pass a floor; no list of keywords per figure is involved.

Where the text names what a number counts right after it ("65所学校、18家卫生机构"), a question naming that thing
in the unit it asks ("多少所学校") is answered by that number before any other of its clause or its line. The
months the text names ("定于10月为“政府开放月”") are matched the same way, for questions asking which month.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.bank import load_lexicon, tokenizer
from knowledge.reports.model import ProseFigure, Report

# The share of the question's weight a number's clauses must hold to answer it, and to win over a topic's answer.
FLOOR = 0.5
STRONG = 0.75
# What a bigram of the question across two of its words tells, if no text holds it, beside one within a word.
ACROSS_SHARE = 0.5
# Below this share a number is not even offered as the nearest one.
NEAREST = 0.3
# A number counted in the unit the question asks for ("多少所学校": 所) gains this much over others.
UNIT_BONUS = 0.15
# A label this short ("占比约", "办复率", "上升了") needs the clause before it to be read.
SHORT_LABEL = 3
# A longer label is read with the clause before it at this share of that clause's weight: "定于10月为“政府开放月”，
# 各部门街道共开展活动44次" answers "开放月搞了多少次活动" in part through the clause before.
CONTEXT_SHARE = 0.5
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A number long enough to name something rather than count it: a hotline, not the "3" of "3件" nor a year.
_LONG_NUMBER = re.compile(r"(?<![\d.])\d{5,}(?![\d.])")
# Marks the measure word a query was asked in, where it decides which numbers answer ("门户网站@条").
UNIT_MARK = "@"
# Measure words a number names the thing it counts after ("65所学校", "38个板块"); not %, 元, 分, 小时.
_COUNTING_UNITS = frozenset(("件", "条", "起", "次", "期", "个", "项", "名", "所", "家", "篇", "处", "页", "人次"))
# Where the thing counted ends: "18家卫生机构和1家供电企业", "4名同志组成的…", "13个" (nothing counted after it).
_NOUN_END = re.compile(r"以及|和|及|与|的|等|共|组成|[^\u4e00-\u9fff]")
# What follows a number without being a thing it counts.
_NOT_NOUNS = ("以上", "以下", "以内", "左右", "之多", "上下")
# A month the text names ("定于10月为“政府开放月”"), not a date ("12月31日").
_MONTH = re.compile(r"(?<![\d.])(1[0-2]|[1-9])月(?!份?\s*\d{1,2}\s*日)")


def with_unit(query: str, unit: str) -> str:
    """A query that keeps the measure word it was asked in ("门户网站@条"), for asking it again (a follow-up)."""
    return f"{query}{UNIT_MARK}{unit}" if unit else query


def split_unit(query: str) -> tuple[str, str]:
    """The words of a query and the measure word it is marked with ("" if none)."""
    words, mark, unit = query.rpartition(UNIT_MARK)
    return (words, unit) if mark else (query, "")


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of the Chinese runs of a text, and its long numbers ("12345" of a hotline)."""
    grams = {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}
    return frozenset(grams | set(_LONG_NUMBER.findall(text)))


@dataclass(frozen=True)
class Score:
    """How much of the question a number's words hold, as shares of the question's weight."""

    covered: float  # by its clause and label, and the clause before it (wholly where its label is too short)
    own: float  # by its own clause
    label: float  # by its label
    unit: bool = False  # whether it is counted in the unit the question asks for
    # Whether the question names the thing it counts, in the unit asked if any: "多少所学校" and "65所学校".
    counted: bool = False
    before: float = 0.0  # by the clause before it, besides its own clause's words, counted wholly
    short: bool = True  # whether its label is too short to be read without the clause before it

    @property
    def key(self) -> tuple[bool, float, float, float]:
        """For ordering; rounded so that equal shares compare equal. The thing asked for counted comes first."""
        bonus = UNIT_BONUS if self.unit else 0.0
        return (self.counted, round(self.covered + bonus, 6), round(self.own, 6), round(self.label, 6))


@dataclass(frozen=True)
class ProseMatch:
    """A number of a report's text that answers a question, with its score."""

    report: Report
    figure: ProseFigure
    score: Score
    key: str  # the figure's Report.printed() key

    @property
    def quote(self) -> str:
        """The clause, led by the clause before it where that is needed to read it ("承办政协提案108件，办复率100%"):
        where its label is short and the clause before holds words of the question, or where that clause holds more
        of them than its own ("定于10月为“政府开放月”，各部门街道共开展活动44次")."""
        figure, score = self.figure, self.score
        needed = score.before > 0 if score.short else score.before > score.own
        if figure.context and (needed or len(figure.context) <= 2):
            return f"{figure.context}，{figure.clause}"
        return figure.clause


@dataclass(frozen=True)
class _Entry:
    report: Report
    figure: ProseFigure
    key: str
    own: frozenset[str]
    context: frozenset[str]
    label: frozenset[str]
    short: bool  # whether the label is too short to read without the clause before it
    noun: str  # the thing the number counts, where the text names it just after ("学校" of "65所学校"), or ""


class ProseIndex:
    """Every number of the reports' text, ready to be matched to a question."""

    def __init__(self, reports: Iterable[Report]) -> None:
        self.entries = [
            _Entry(
                report,
                figure,
                key,
                bigrams(figure.clause),
                bigrams(figure.context),
                bigrams(figure.label),
                _short(figure),
                counted_noun(figure),
            )
            for report in reports
            for key, figure in zip(report.prose_keys(), report.prose_figures, strict=True)
        ]
        clauses = {entry.figure.clause: entry.own for entry in self.entries}
        self._df: dict[str, int] = {}
        for grams in clauses.values():
            for gram in grams:
                self._df[gram] = self._df.get(gram, 0) + 1
        self._n = max(len(clauses), 1)
        known = sorted(self._idf(df) for df in self._df.values())
        # A bigram the text never uses weighs like a typical one: it counts against a match, not overwhelmingly.
        self._unknown = known[len(known) // 2] if known else 1.0

    def weigh(self, query: str) -> dict[str, float]:
        """The bigrams of a question with what each tells. A bigram across two of its words that no text holds ("站上",
        "上主" of "网站上主动公开") tells less than one within a word, but still counts against a number that lacks
        what is asked ("收过" of "收过信息处理费吗"); one holding a function word ("就是") tells nothing."""
        _, stopwords = load_lexicon()
        within: set[str] = set()
        for token in tokenizer().lcut(query):
            if token not in stopwords:
                within |= bigrams(token)
        return {
            gram: self.weight(gram) * (1.0 if gram in within or gram in self._df else ACROSS_SHARE)
            for gram in bigrams(query)
            # "就是", "我想": a function word tells nothing of the figure asked.
            if gram in self._df or not stopwords.intersection(gram)
        }

    def _idf(self, df: int) -> float:
        return math.log(1 + self._n / df)

    def weight(self, gram: str) -> float:
        """How much a bigram of the question tells: rare in the text's clauses is much, unseen is typical."""
        df = self._df.get(gram)
        return self._idf(df) if df else self._unknown

    def score(self, query: dict[str, float], entry: _Entry, unit: str = "", runs: tuple[str, ...] = ()) -> Score:
        """The shares of the query's weight that the entry's clauses and label hold; runs are the query's words,
        to tell whether it names the thing the entry counts."""
        total = sum(query.values())
        if not total:
            return Score(0.0, 0.0, 0.0)

        def share(grams: frozenset[str]) -> float:
            return sum(query[gram] for gram in query.keys() & grams) / total

        own = share(entry.own)
        before = share(entry.context - entry.own)
        covered = own + (before if entry.short else CONTEXT_SHARE * before)
        unit_matches = entry.figure.unit == unit
        counted = bool(entry.noun) and _names(runs, entry.noun) and (not unit or unit_matches)
        return Score(covered, own, share(entry.label), bool(unit) and unit_matches, counted, before, entry.short)

    def best(self, query: str, reports: Iterable[Report], *, unit: str = "", floor: float = FLOOR) -> list[ProseMatch]:
        """The best-scoring numbers of these reports' text for the query (all of them where tied), if any passes.

        unit is the measure word the question asks in ("多少所" → "所"), if any; a query may carry it marked
        (`with_unit`)."""
        query, marked = split_unit(query)
        unit = unit or marked
        wanted = {id(report) for report in reports}
        weights = self.weigh(query)
        grams = frozenset(weights)
        if not grams:
            return []
        runs = tuple(_CJK_RUN.findall(query))
        scored = []
        for entry in self.entries:
            if id(entry.report) not in wanted:
                continue
            score = self.score(weights, entry, unit, runs)
            words = entry.own | entry.context
            # Two of the question's bigrams at least, or all of a one-bigram question ("访谈"), not "档案" of "档案馆".
            held = len(grams & words) >= min(2, len(grams))
            passes = score.own > 0 and score.covered >= floor and (held or floor == 0)
            # The thing asked for, counted as asked ("多少所学校": "65所学校"), with a word of the rest of the question
            # where it has more ("该专栏共覆盖65所学校" for "专栏覆盖多少所学校").
            rest = grams - bigrams(entry.noun)
            if passes or (score.counted and (not rest or rest & words)):
                scored.append(ProseMatch(entry.report, entry.figure, score, entry.key))
        if not scored:
            return []
        top = max(match.score.key for match in scored)
        best = [match for match in scored if match.score.key == top]
        alike = [
            ProseMatch(entry.report, entry.figure, self.score(weights, entry, unit, runs), entry.key)
            for entry in self.entries
            if all(entry.figure is not m.figure for m in best) and _said_alike(entry, best, grams)
        ]
        return best + alike

    def covers(self, match: ProseMatch, query: str) -> float:
        """The share of a query (such as the rest of a question besides a topic's words) a match's clauses hold."""
        entry = next(e for e in self.entries if e.figure is match.figure and e.report is match.report)
        return self.score(self.weigh(query), entry).covered

    def months(self, query: str, reports: Iterable[Report], *, floor: float = FLOOR) -> list[MonthMatch]:
        """The months the text of these reports names in the clauses that best match the query, if any passes."""
        wanted = {id(report) for report in reports}
        weights = self.weigh(query)
        total = sum(weights.values())
        if not total:
            return []
        scored: dict[tuple[int, str], tuple[float, MonthMatch]] = {}
        for entry in self.entries:
            if id(entry.report) not in wanted:
                continue
            for text in (entry.figure.context, entry.figure.clause):
                month = _MONTH.search(text)
                if month is None:
                    continue
                share = sum(weights[gram] for gram in weights.keys() & bigrams(text)) / total
                if share >= floor:
                    found = MonthMatch(entry.report, int(month.group(1)), text)
                    scored[(id(entry.report), text)] = (round(share, 6), found)
        if not scored:
            return []
        top = max(share for share, _ in scored.values())
        return [found for share, found in scored.values() if share == top]


@dataclass(frozen=True)
class MonthMatch:
    """A month the text of a report names ("定于10月为“政府开放月”"), with the clause naming it."""

    report: Report
    month: int
    quote: str


def _said_alike(entry: _Entry, best: list[ProseMatch], grams: frozenset[str]) -> bool:
    """Whether a number is a total or a part of a best one in the same words, printed in the same sentence ("共承办人大
    代表建议219件，其中，人大代表建议97件"): both are said, as either may be the one asked for."""
    label = entry.figure.label
    if len(entry.label & grams) < 2:
        return False
    return any(
        other.report is entry.report
        and other.figure.line == entry.figure.line
        and other.figure.unit == entry.figure.unit
        and (label in other.figure.label or other.figure.label in label)
        for other in best
    )


def _short(figure: ProseFigure) -> bool:
    """Whether a number's label is too short to say what it counts without the clause before it."""
    return sum(len(run) for run in _CJK_RUN.findall(figure.label)) <= SHORT_LABEL


def counted_noun(figure: ProseFigure) -> str:
    """The thing a number counts where the text names it right after the number: "学校" of "65所学校", "卫生机构"
    of "18家卫生机构和1家供电企业"; "" where nothing follows ("共开展活动44次") or the unit counts nothing (%, 元)."""
    if figure.unit not in _COUNTING_UNITS or not figure.printed:
        return ""
    clause = figure.clause
    at = clause.find(figure.label + figure.printed) if figure.label else -1
    start = at + len(figure.label) if at >= 0 else clause.find(figure.printed)
    if start < 0:
        return ""
    after = clause[start + len(figure.printed) :]
    end = _NOUN_END.search(after)
    noun = after[: end.start()] if end else after
    return "" if len(noun) < 2 or noun.startswith(_NOT_NOUNS) else noun


def _names(runs: tuple[str, ...], noun: str) -> bool:
    """Whether a question's words name the thing counted, as the end of one of them: "学校" in "专栏覆盖 学校", not
    "部分" in "部分公开占比"."""
    return any(run.endswith(noun) for run in runs)
