"""Matching a question to the numbers of the reports' text, by the character bigrams they share.

Each number of the text (`ProseFigure`) is known by its clause ("全区政府系统共承办人大代表建议96件"), its label
(the words just before it) and the clause before it on its line. A question, without its years and question
words, is split into character bigrams, each weighted by how rare it is among the text's clauses (IDF), and a
number is scored by the weighted share of the question's bigrams its clauses hold. The best-scoring numbers win
if they pass a floor; no list of keywords per figure is involved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.report_data import ProseFigure, Report

# The share of the question's weight a number's clauses must hold to answer it, and to win over a topic's answer.
FLOOR = 0.5
STRONG = 0.75
# Below this share a number is not even offered as the nearest one.
NEAREST = 0.3
# A number counted in the unit the question asks for ("多少所学校": 所) gains this much over others.
UNIT_BONUS = 0.15
# A label this short ("占比约", "办复率", "上升了") needs the clause before it to be read.
SHORT_LABEL = 3
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of the Chinese runs of a text."""
    return frozenset(run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1))


@dataclass(frozen=True)
class Score:
    """How much of the question a number's words hold, as shares of the question's weight."""

    covered: float  # by its clause and label, and the clause before it where its label is too short to read alone
    own: float  # by its own clause
    label: float  # by its label
    unit: bool = False  # whether it is counted in the unit the question asks for

    @property
    def key(self) -> tuple[float, float, float]:
        """For ordering; rounded so that equal shares compare equal."""
        bonus = UNIT_BONUS if self.unit else 0.0
        return (round(self.covered + bonus, 6), round(self.own, 6), round(self.label, 6))


@dataclass(frozen=True)
class ProseMatch:
    """A number of a report's text that answers a question, with its score."""

    report: Report
    figure: ProseFigure
    score: Score
    key: str  # the figure's Report.printed() key

    @property
    def quote(self) -> str:
        """The clause, led by the clause before it where that is needed to read it ("承办政协提案108件，办复率100%")."""
        figure = self.figure
        if figure.context and (self.score.covered > self.score.own or len(figure.context) <= 2):
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


class ProseIndex:
    """Every number of the reports' text, ready to be matched to a question."""

    def __init__(self, reports: Iterable[Report]) -> None:
        self.entries = [
            _Entry(report, figure, key, bigrams(figure.clause), _context(figure), bigrams(figure.label))
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

    def _idf(self, df: int) -> float:
        return math.log(1 + self._n / df)

    def weight(self, gram: str) -> float:
        """How much a bigram of the question tells: rare in the text's clauses is much, unseen is typical."""
        df = self._df.get(gram)
        return self._idf(df) if df else self._unknown

    def score(self, query: frozenset[str], entry: _Entry, unit: str = "") -> Score:
        """The shares of the query's weight that the entry's clauses and label hold."""
        total = sum(self.weight(gram) for gram in query)
        if not total:
            return Score(0.0, 0.0, 0.0)

        def share(grams: frozenset[str]) -> float:
            return sum(self.weight(gram) for gram in query & grams) / total

        covered = share(entry.own | entry.context)
        return Score(covered, share(entry.own), share(entry.label), bool(unit) and entry.figure.unit == unit)

    def best(self, query: str, reports: Iterable[Report], *, unit: str = "", floor: float = FLOOR) -> list[ProseMatch]:
        """The best-scoring numbers of these reports' text for the query (all of them where tied), if any passes.

        unit is the measure word the question asks in ("多少所" → "所"), if any."""
        wanted = {id(report) for report in reports}
        grams = bigrams(query)
        if not grams:
            return []
        scored = []
        for entry in self.entries:
            if id(entry.report) not in wanted:
                continue
            score = self.score(grams, entry, unit)
            # Two of the question's bigrams at least, or all of a one-bigram question ("访谈"), not "档案" of "档案馆".
            held = len(grams & (entry.own | entry.context)) >= min(2, len(grams))
            if score.own > 0 and score.covered >= floor and (held or floor == 0):
                scored.append(ProseMatch(entry.report, entry.figure, score, entry.key))
        if not scored:
            return []
        top = max(match.score.key for match in scored)
        return [match for match in scored if match.score.key == top]

    def covers(self, match: ProseMatch, query: str) -> float:
        """The share of a query (such as the rest of a question besides a topic's words) a match's clauses hold."""
        entry = next(e for e in self.entries if e.figure is match.figure and e.report is match.report)
        return self.score(bigrams(query), entry).covered


def _context(figure: ProseFigure) -> frozenset[str]:
    """The bigrams of the clause before a number, where its own label is too short to say what it counts."""
    short = sum(len(run) for run in _CJK_RUN.findall(figure.label)) <= SHORT_LABEL
    return bigrams(figure.context) if short else frozenset()
