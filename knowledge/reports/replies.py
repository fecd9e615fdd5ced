"""What a report answer says and what it was about: the reply, its focus, one year's part of it, and how a measure
is spelled in a focus."""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class Part:
    """One year's answer before the years are joined: text, source, topic, and the figures it states."""

    text: str
    source: str
    topic: str
    figures: frozenset[tuple[str, str]] = frozenset()  # (Report.label, figure name) for the printed discrepancies


# The id of a choice between figures ("report:outcomes:2022"), answered by ReportAnswerer.entry.
REPORT_ENTRY = "report:"
# A question asking in which month ("开放月定在几月") is "month:" and its words; several measures asked in one
# question ("人大代表建议和政协提案分别多少件") are joined by "|".
MONTH = "month:"
# What a report says in words, asked by a question no figure answers, is "passage:" and the question's words.
PASSAGE = "passage:"
MEASURE_SEPARATOR = "|"


def split_measures(measure: str) -> list[str]:
    """The measures a focus names: one, or those of a question asking several."""
    return measure.split(MEASURE_SEPARATOR)
