"""How a question names a cell of the applications table: its applicant types (columns) and its rows, by their
everyday words or the table's printed ones."""

from __future__ import annotations

import re
from functools import cache

from knowledge.reports.vocabulary import (
    APPLICATION_WORDS,
    COLUMN_NAMES,
    COLUMN_WORDS,
    NOT_APPLICANTS,
    OPENNESS_PHRASES,
    ROW_WORDS,
    SHARED_BY_ROWS,
    SUB_ROW_SHARED,
)
from knowledge.statute import SUB_ROW_NAMES


def asks_disclosed(text: str) -> bool:
    """Whether the text names 公开 as an outcome, not as the subject ("政府信息公开")."""
    for phrase in OPENNESS_PHRASES:
        text = text.replace(phrase, "")
    return "公开" in text


def columns(text: str) -> tuple[str, ...]:
    """The applicant types a question names ("律师事务所这类法律服务机构" → ("法律服务机构",)), in the order named;
    () if none."""
    for phrase in NOT_APPLICANTS:
        text = text.replace(phrase, " " * len(phrase))
    found: dict[str, int] = {}
    for column, names in COLUMN_WORDS:
        for name in names:
            at = text.find(name)
            if at >= 0:
                found[column] = min(at, found.get(column, at))
                text = text.replace(name, " " * len(name))
    return tuple(sorted(found, key=found.__getitem__))


def names_column(text: str) -> bool:
    """Whether the question names a column by its printed name ("法律服务机构"), not an everyday word ("律所")."""
    return any(name in text for name in COLUMN_NAMES)


def sub_row_group(text: str, vocabulary: re.Pattern[str]) -> str | None:
    """The outcome whose sub-row a question about applications or their disclosure names by the table's printed words
    ("申请里重复申请的有几件" → not_processed, "因为过程性信息没公开的" → withheld), or None ("信访多少件")."""
    if "申请" not in text and not asks_disclosed(text):
        return None
    asked = _own_words(text, vocabulary)
    for group, segments in _row_segments(vocabulary):
        if any(_shares(asked, segment) for segment in segments):
            return group
    return None


@cache
def _row_segments(vocabulary: re.Pattern[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each sub-row's own words, by outcome: computed once per agency vocabulary, not per question."""
    return tuple(
        (group, tuple(segment for name in names for segment in _own_words(name, vocabulary).split("|")))
        for group, names in SUB_ROW_NAMES.items()
    )


def _shares(asked: str, segment: str) -> bool:
    """Whether a question holds a segment of a sub-row's name: the whole of a two-character one ("重复"), else
    SUB_ROW_SHARED characters of it in a row ("过程性")."""
    if len(segment) < SUB_ROW_SHARED:
        return len(segment) == SUB_ROW_SHARED - 1 and segment in asked
    return any(segment[i : i + SUB_ROW_SHARED] in asked for i in range(len(segment) - SUB_ROW_SHARED + 1))


def _own_words(text: str, vocabulary: re.Pattern[str]) -> str:
    """A text without the words every row shares and the vocabulary (vocabulary_words), the gaps marked so that no
    run spans them."""
    return SHARED_BY_ROWS.sub("|", vocabulary.sub("|", text))


def row_named(text: str) -> str | None:
    """The ROW_WORDS key a question names, or None."""
    return next((key for key, names in ROW_WORDS if any(name in text for name in names)), None)


def row(text: str) -> str | None:
    """The applications-table row a question names: a ROW_WORDS key, "disclosed" for 公开 as an outcome, "new" for
    applications named without an outcome ("企业申请了几件"), or None where it names none ("那企业呢")."""
    named = row_named(text)
    if named is not None:
        return named
    if asks_disclosed(text):
        return "disclosed"
    if any(word in text for word in (*APPLICATION_WORDS, "提交", "提出")):
        return "new"
    return None
