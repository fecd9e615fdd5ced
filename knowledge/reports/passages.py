"""What a year's report says in words: the passage (a sentence of its text, `Report.passages`) that best covers the
distinctive words of a question no figure answers ("2019年政务公开考核分值怎么定的").

A question's content is its query (words.query, words.remainder: no years, question phrases or the topics' measure
words) without the words that only ask ("什么", "哪个", "怎么") and function characters; it is scored against a
passage as the share of its character bigrams the passage holds. A passage answers when it clears COVERED and leads
the next passage by MARGIN. A question naming no year is answered only by a passage one year's report alone prints,
and only where it names a name the passage prints in quotes or book-title marks ("历马办").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.reports.model import Report, Statement

# Words that only ask (whether anyone did a thing too: "有人投诉吗"), and characters that qualify nothing on their
# own: they break the content into runs.
_ASKING = re.compile(
    r"什么时候|什么|哪一?[个些年天种项份家类条]?|怎么样|怎么|怎样|如何|多少|是否|是不是|有没有人?|有人|有谁|没人|吗|呢|请问|"
    r"叫做?|[几啥]"
)
_FUNCTION = re.compile(r"[是的了过在用把被给也都就还又才和与及吧啊呀么]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# The share of the content's bigrams a passage must hold, and its lead over the next passage.
COVERED = 0.65
MARGIN = 0.15
# A name the report prints as one ("“历马办”", "《依申请公开规范答复指南》").
_NAMED = re.compile(r"“([^”]{2,20})”|《([^》]{2,40})》")
# Content shorter than this many bigrams names too little to pick one sentence of a report.
MIN_BIGRAMS = 3
# A clause of a passage saying a thing did not happen ("全年未收到…举报、投诉", "没有发生…收费", "无提起行政诉讼").
_NEGATED = re.compile(r"未|没有|无(?!论|缝|纸|证明)")
_CLAUSES = re.compile(r"[,，;；。]")


@dataclass(frozen=True)
class PassageMatch:
    """A passage that answers, the reports (versions) printing it, and how much of the question it covers."""

    passage: Statement
    reports: tuple[Report, ...]
    score: float


def content_bigrams(query: str) -> frozenset[str]:
    """The character bigrams of a query's content, within its runs."""
    runs = _HAN_RUN.findall(_FUNCTION.sub(" ", _ASKING.sub(" ", query)))
    return frozenset(run[i : i + 2] for run in runs for i in range(len(run) - 1))


def _share(bigrams: frozenset[str], text: str) -> float:
    return sum(bigram in text for bigram in bigrams) / len(bigrams)


def _windows(report: Report) -> list[tuple[Statement, tuple[int, ...]]]:
    """Each passage, and each two passages running on one seed line (a sentence and the one saying its detail:
    "全力打造“历马办”微平台…" then "系统自2020年9月份上线运行以来…"), with the passages' indexes."""
    passages = report.passages
    windows: list[tuple[Statement, tuple[int, ...]]] = [(passage, (i,)) for i, passage in enumerate(passages)]
    for i, (a, b) in enumerate(zip(passages, passages[1:], strict=False)):
        if a.line == b.line:
            windows.append((Statement(f"{a.text}。{b.text}", a.line), (i, i + 1)))
    return windows


def _one_year_names(bigrams: frozenset[str], printed_by: list[tuple[Report, Statement]]) -> bool:
    """Whether one year's report alone prints the passage, and the question names a name it prints ("历马办"): a
    question naming no year must name what only that report is about, not a common matter ("营业执照在哪办理")."""
    if len({report.year for report, _ in printed_by}) > 1:
        return False
    names = [a or b for a, b in _NAMED.findall(printed_by[0][1].text)]
    return any(bigram in name for name in names for bigram in bigrams)


def best_passage(bigrams: frozenset[str], reports: list[Report], *, one_year: bool = False) -> PassageMatch | None:
    """The passage of these reports that covers the content clearly best (ahead of every passage not overlapping
    it), or None. With one_year, a passage printed in more than one year's report does not answer (the question
    names no year to choose by)."""
    if len(bigrams) < MIN_BIGRAMS:
        return None
    held: dict[str, list[tuple[Report, Statement]]] = {}
    spans: dict[str, set[tuple[int, str, int]]] = {}
    for report in reports:
        for passage, indexes in _windows(report):
            held.setdefault(passage.text, []).append((report, passage))
            spans.setdefault(passage.text, set()).update((report.year, report.version, i) for i in indexes)
    # The best first; of equal scores, the shorter (one sentence rather than two).
    scored = sorted((-_share(bigrams, text), len(text), text) for text in held)
    if not scored or -scored[0][0] < COVERED:
        return None
    score, _, text = scored[0]
    runner_up = next((-other for other, _, t in scored[1:] if not spans[t] & spans[text]), 0.0)
    printed_by = held[text]
    if -score - runner_up < MARGIN or (one_year and not _one_year_names(bigrams, printed_by)):
        return None
    reports_of = tuple({id(report): report for report, _ in printed_by}.values())
    return PassageMatch(printed_by[0][1], reports_of, -score)


def whether_said(bigrams: frozenset[str], match: PassageMatch) -> str:
    """The plain answer a passage gives to whether what a question names happened: "没有。" where every clause of it
    holding the question's words says it did not, "有。" where none does, "" where its clauses differ."""
    holding = [clause for clause in _CLAUSES.split(match.passage.text) if any(bigram in clause for bigram in bigrams)]
    negated = {_NEGATED.search(clause) is not None for clause in holding}
    if len(negated) != 1:
        return ""
    return "没有。" if negated.pop() else "有。"
