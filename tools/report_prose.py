"""The figures an annual report's text states: the keyed numbers of the sentence on applications received, the
remedies and fee of prose-only reports, the subjects of requests, every other number, and where the text differs from
the table. Used by `report_parser`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.reports.model import FIGURES, Figure, ProseFigure, Statement, Subjects
from tools.report_blocks import Block, text_lines
from tools.report_text import prose_numbers

# Numbers the report's text states, all read from the sentence that gives the applications received.
_RECEIVED = re.compile(r"(?:收到|接收)政府信息(?:公开)?依?申请(?:条数)?(\d+)[件条]")
_PROSE = {
    "disclosed": re.compile(r"(?:予以公开|(?<![分意予])公开)(\d+)[件条]"),
    "partly_disclosed": re.compile(r"部分公开(\d+)件"),
    "withheld": re.compile(r"(?:不同意公开|不予公开)(\d+)件"),
    "unavailable": re.compile(r"无法提供(\d+)件"),
    "not_processed": re.compile(r"(?:不予处理|不予办理)(\d+)件"),
    "other": re.compile(r"其他处理(\d+)件"),
    "handled": re.compile(r"办结(\d+)件"),
    "carried_in": re.compile(r"结转上年(\d+)件"),
    "carried_out": re.compile(r"转下年(\d+)件"),
}
_CHANGE = re.compile(r"同比去年(增加|减少)了?(\d+)件")
# Older, prose-only reports state remedies and fees in sentences of their own.
_PROSE_RECONSIDERATION = re.compile(r"行政复议(\d+)起")
_PROSE_LITIGATION = re.compile(r"行政诉讼(\d+)起")
# "行政复议1起,尚未处理完毕": the cases are still pending.
_PENDING = re.compile(r"[,，]?\s*尚未(?:处理完毕|审结)")
_NO_LITIGATION = "无提起行政诉讼"
_NO_FEE = re.compile(r"未收取信息处理费|不存在收取信息处理费|没有发生政府信息公开收费")
# "申请内容主要涉及到土地征收、房屋拆迁安置、信访等内容": the subjects, one per 、.
_SUBJECTS = re.compile(r"[^,，。;；]*主要涉及到?([^,，。;；]+?)等(?:内容|方面)")


@dataclass(frozen=True)
class Prose:
    """The keyed figures the text states, and where on its line each one's digits start."""

    figures: dict[str, Figure]
    offsets: dict[int, dict[int, str]]  # seed line → offset on the line → FIGURES key


def prose_figures(block: Block, *, has_remedy_table: bool) -> Prose:
    """The numbers the report's text states."""
    figures: dict[str, Figure] = {}
    at: dict[str, int] = {}

    def found(key: str, value: int, line_no: int, match: re.Match[str], group: int = 1) -> None:
        figures[key] = Figure(value, line_no)
        at[key] = match.start(group)

    lines = list(text_lines(block).items())
    _received_prose(lines, found)
    _remedy_prose(lines, found, figures, has_remedy_table=has_remedy_table)
    offsets: dict[int, dict[int, str]] = {}
    for key in FIGURES:  # the first key in FIGURES order names a number that feeds several
        if key in at:
            offsets.setdefault(figures[key].line, {}).setdefault(at[key], key)
    return Prose({key: figures[key] for key in FIGURES if key in figures}, offsets)


def _received_prose(lines: list[tuple[int, str]], found: Callable[..., None]) -> None:
    """The sentence on applications received: the number, its change on last year, the numbers it names."""
    for line_no, line in lines:
        if match := _RECEIVED.search(line):
            found("new", int(match.group(1)), line_no, match)
            if change := _CHANGE.search(line):
                sign = 1 if change.group(1) == "增加" else -1
                found("change", sign * int(change.group(2)), line_no, change, 2)
            for key, pattern in _PROSE.items():
                if hit := pattern.search(line):
                    found(key, int(hit.group(1)), line_no, hit)
            break


def _remedy_prose(
    lines: list[tuple[int, str]],
    found: Callable[..., None],
    figures: dict[str, Figure],
    *,
    has_remedy_table: bool,
) -> None:
    """Reconsiderations and lawsuits where the report has no remedy table, and a statement that no fee was charged."""
    for line_no, line in lines:
        if not has_remedy_table and (match := _PROSE_RECONSIDERATION.search(line)):
            found("reconsideration", int(match.group(1)), line_no, match)
            if _PENDING.match(line, match.end()):
                found("reconsideration_pending", int(match.group(1)), line_no, match)
        if not has_remedy_table and (match := _PROSE_LITIGATION.search(line)):
            found("litigation", int(match.group(1)), line_no, match)
        elif not has_remedy_table and _NO_LITIGATION in line:
            figures["litigation"] = Figure(0, line_no)
        if "fee_yuan" not in figures and _NO_FEE.search(line):
            figures["fee_yuan"] = Figure(0, line_no)


@dataclass(frozen=True)
class Text:
    """What the report's text gives besides the keyed figures."""

    subjects: Subjects | None
    fee_statement: Statement | None
    numbers: tuple[ProseFigure, ...]


def text_figures(block: Block, prose: Prose) -> Text:
    """The subjects of requests, the fee sentence, and every number the text states."""
    lines = text_lines(block)
    subjects = None
    for line_no, line in lines.items():
        if match := _SUBJECTS.search(line.strip()):
            items = tuple(item for item in match.group(1).split("、") if item)
            subjects = Subjects(items=items, text=match.group(0), line=line_no)
            break
    fee = prose.figures.get("fee_yuan")
    fee_statement = Statement(text=lines[fee.line].strip(), line=fee.line) if fee else None
    numbers = tuple(figure for n, line in lines.items() for figure in prose_numbers(line, n, prose.offsets.get(n)))
    return Text(subjects=subjects, fee_statement=fee_statement, numbers=numbers)


def prose_notes(table: dict[str, Figure], prose: dict[str, Figure]) -> list[str]:
    """Where the text states another number than the table."""
    notes = []
    for key, stated in prose.items():
        if key in table and table[key].value != stated.value:
            remark = ""
            if key == "new" and "new_person" in table and table["new_person"].value == stated.value:
                remark = "（正文数字等于表中自然人一列）"
            notes.append(
                f"正文（第{stated.line}行）称{FIGURES[key]}{stated.value}件，"
                f"表格（第{table[key].line}行）为{table[key].value}件{remark}。"
            )
    return notes
