"""Parse the annual reports in the seed text into per-report figures, and write them as reviewable TOML.

Run as `python -m tools.report_parser SEED_PATH OUT_TOML`. Only this tool reads the seed; the bot
reads the TOML it writes.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from knowledge.reports.model import (
    APPLICATION_ROWS,
    ART20_COLUMNS,
    ART20_ROWS,
    COLUMNS,
    CONTACT_FIELDS,
    FIGURES,
    REMEDY_CELLS,
    Art20Figure,
    Contact,
    Figure,
    ProseFigure,
    Report,
    Statement,
    Subjects,
    TableRow,
    version_differences,
)
from knowledge.statute import OUTCOME_GROUPS, OUTCOME_TABLE, SUB_ROW_NAMES, TOTAL_ROW
from tools.report_text import prose_numbers
from tools.report_toml import render_toml

# Every report copied from the website starts with the page's font-size control.
REPORT_START = "字号:"
_YEAR = re.compile(r"统计期限(?:为|自)(\d{4})年1月1日")
_TITLE = "济南市历下区人民政府{year}年政府信息公开工作年度报告"

# The applications table: its first line, its column headers, and its rows' markers.
APPLICATION_START = "本列数据的勾稽关系"
_COLUMN_HEADERS = (("自然人", "法人或其他组织", "总计"), COLUMNS[1:6])
# Part 三's lines by their markers, (一) to (七): the outcome lines, then the total row.
_OUTCOMES = dict(
    zip(
        "一二三四五六七",
        [*((outcome.key, outcome.name) for outcome in OUTCOME_TABLE), ("handled", TOTAL_ROW)],
        strict=True,
    )
)
_OUTCOME_MARKER = re.compile(rf"\(([{''.join(_OUTCOMES)}])\)")
_SUB_ROW = re.compile(r"^(\d+)\.(.*)$")
# Sub-rows each outcome group has in the 2021 table format (国办公开办函〔2021〕30号).
SUB_ROWS = {group: len(names) for group, names in SUB_ROW_NAMES.items()}

# The reconsideration and litigation table: header rows and the order of its 15 numbers.
REMEDY_START = ("行政复议", "行政诉讼")
_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_REMEDY_HEADERS = (_RESULTS + ("未经复议直接起诉", "复议后起诉"), _RESULTS + _RESULTS)

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

# The Art. 20 proactive-disclosure table: an item line ("第二十条第(一)项"), a header line, then its rows.
ART20_ITEM = re.compile(r"^第二十条第\([一二三四五六七八九十]+\)项$")
ART20_HEADER = "信息内容"
_UNIT_IN_HEADER = re.compile(r"\(单位:(.+?)\)")
_ART20_CELL = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(\D*)$")


# The closing sentence naming whom to ask about the report, and its details ("地址:…,邮编:…;联系电话:…").
_CONTACT = re.compile(
    r"如对本(?:报告|年报)有(?:任何)?疑问[,，]\s*请与(?P<body>[^,，。()（）]+?)联系\s*[(（](?P<details>[^()（）]+)[)）]"
)
_CONTACT_SEPARATOR = re.compile(r"[,，;；]")
_CONTACT_LABELS = {
    "地址": "address",
    "邮政编码": "postcode",
    "邮编": "postcode",
    "电话": "phone",
    "联系电话": "phone",
    "邮箱": "email",
    "电子邮箱": "email",
}


class ParseError(ValueError):
    """The seed does not have the layout the parser knows; fix the parser rather than guess."""


@dataclass(frozen=True)
class Block:
    """The seed lines of one copy of one report."""

    start: int  # 1-based seed line number of lines[0]
    lines: tuple[str, ...]

    @property
    def end(self) -> int:
        """The last seed line of the block."""
        return self.start + len(self.lines) - 1

    def numbered(self, offset: int = 0) -> list[tuple[int, str]]:
        """The block's lines from offset on, with their seed line numbers."""
        return [(self.start + i, line) for i, line in enumerate(self.lines) if i >= offset]


@dataclass(frozen=True)
class Parsed:
    """What one block yields, before copies are merged."""

    report: Report
    notes: tuple[str, ...]
    broken_at: int | None = None  # the seed line where the copy's text breaks off inside a table


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def _cells(line: str) -> list[str]:
    """The non-empty cells of a flattened table line, whitespace removed."""
    return [c for c in (_clean(cell) for cell in line.split("|")) if c]


def split_reports(lines: list[str]) -> list[Block]:
    """The report copies in the seed: each from its font-size control to the next one."""
    starts = [i for i, line in enumerate(lines) if line.strip() == REPORT_START]
    bounds = pairwise([*starts, len(lines)])
    return [Block(start=a + 1, lines=tuple(lines[a:b])) for a, b in bounds]


def _year(block: Block) -> int:
    for _, line in block.numbered():
        if match := _YEAR.search(line):
            return int(match.group(1))
    raise ParseError(f"report at line {block.start}: no statistics period (统计期限) found")


def _title(block: Block, year: int) -> tuple[str, list[str]]:
    title = _TITLE.format(year=year)
    if any(title in line for line in block.lines):
        return title, []
    return title, ["报告标题未出现在种子文本中，按其他年份报告的标题格式拟定。"]


def _find(block: Block, predicate: Callable[[str], bool]) -> int | None:
    """The index of the first line that satisfies predicate, or None."""
    for i, line in enumerate(block.lines):
        if predicate(line):
            return i
    return None


def _check_headers(block: Block, index: int, expected: tuple[tuple[str, ...], ...], what: str) -> None:
    for offset, want in enumerate(expected, start=1):
        got = tuple(_cells(block.lines[index + offset]))
        if got[: len(want)] != want:
            raise ParseError(f"{what} at line {block.start + index}: header row {offset} is {got}, expected {want}")


@dataclass
class _Group:
    key: str
    line: int
    end_line: int
    rows: list[list[int]]
    numbered: bool  # whether its rows carry sub-item numbers (1. 2. ...)


def _sum(rows: list[list[int]]) -> list[int]:
    return [sum(column) for column in zip(*rows, strict=True)]


def _row_kind(label: str, line: int) -> tuple[str, str | None]:
    """The figure key a table row feeds, and its numbered sub-item ("1.属于国家秘密") if it has one."""
    if "本年新收" in label:
        return "new", None
    if "上年结转" in label:
        return "carried_in", None
    if "结转下年度" in label:
        return "carried_out", None
    if match := _OUTCOME_MARKER.search(label):
        key, name = _OUTCOMES[match.group(1)]
        if not label[match.end() :].startswith(name):
            raise ParseError(f"line {line}: row {label!r} should be {match.group(0)}{name}")
        rest = label[match.end() + len(name) :]
        return key, rest if _SUB_ROW.match(rest) else None
    if _SUB_ROW.match(label):
        return "sub", label
    raise ParseError(f"line {line}: unknown row {label!r}")


def _row_key(kind: str, sub: str | None, line: int) -> str:
    """The [report.rows] key of a row: its kind, or "<group>_<n>" for a sub-row checked against its standard name."""
    key = kind
    if sub is not None:
        match = _SUB_ROW.match(sub)
        assert match is not None  # _row_kind only passes numbered sub-items
        n, name = int(match.group(1)), match.group(2)
        names = SUB_ROW_NAMES.get(kind, ())
        if not 1 <= n <= len(names) or names[n - 1] != name:
            raise ParseError(f"line {line}: sub-row {sub!r} is not item {n} of {kind} in the standard table")
        key = f"{kind}_{n}"
    if key not in APPLICATION_ROWS:
        raise ParseError(f"line {line}: row {key!r} is not a row of the standard table")
    return key


@dataclass(frozen=True)
class _Applications:
    """What the applications table yields: 总计 figures, every printed row, notes, and where it breaks off."""

    figures: dict[str, Figure]
    rows: dict[str, TableRow]
    notes: list[str]
    broken_at: int | None


@dataclass
class _TableScan:
    """The applications table read row by row: every printed row, the single rows, the outcome groups."""

    printed: dict[str, TableRow] = field(default_factory=dict)
    rows: dict[str, tuple[int, list[int]]] = field(default_factory=dict)
    groups: list[_Group] = field(default_factory=list)
    current: _Group | None = None
    notes: list[str] = field(default_factory=list)
    broken_at: int | None = None

    def add(self, line_no: int, cells: list[str]) -> bool:
        """Read one row; False where the table ends (the last row, or a row the text breaks off inside)."""
        numbers = [int(c) for c in cells if c.isdigit()]
        label = "".join(c for c in cells if not c.isdigit())
        if len(numbers) != len(COLUMNS):
            # A group the text breaks off inside is dropped: a partial sum would look like a real figure.
            self.broken_at, self.current = line_no, None
            return False
        if sum(numbers[:-1]) != numbers[-1]:
            self.notes.append(f"第{line_no}行“{label}”各列之和{sum(numbers[:-1])}与总计{numbers[-1]}不符。")
        kind, sub = _row_kind(label, line_no)
        if kind == "sub" and self.current is None:
            raise ParseError(f"line {line_no}: sub-row {label!r} outside an outcome group")
        key = _row_key(self.current.key if kind == "sub" and self.current else kind, sub, line_no)
        if key in self.printed:
            raise ParseError(f"line {line_no}: row {key!r} appears twice (first on line {self.printed[key].line})")
        row_label = " | ".join(c for c in cells if not c.isdigit())
        self.printed[key] = TableRow(label=row_label, line=line_no, values=tuple(numbers))
        if kind == "sub":
            assert self.current is not None
            self.current.rows.append(numbers)
            self.current.end_line = line_no
            return True
        self.close_group()
        if kind in OUTCOME_GROUPS:
            self.current = _Group(kind, line_no, line_no, [numbers], sub is not None)
        else:
            self.rows[kind] = (line_no, numbers)
        return kind != "carried_out"

    def close_group(self) -> None:
        if self.current is not None:
            self.groups.append(self.current)
            self.current = None


def _application_table(block: Block) -> _Applications:
    """The 总计 figures and every row of the applications table, notes on what did not add up, where it breaks."""
    index = _find(block, lambda line: APPLICATION_START in line)
    if index is None:
        return _Applications({}, {}, [], None)
    _check_headers(block, index, _COLUMN_HEADERS, "applications table")
    scan = _TableScan()
    for line_no, line in block.numbered(index + 3):
        if "|" not in line or not scan.add(line_no, _cells(line)):
            break
    scan.close_group()
    printed, rows, groups, notes, broken_at = scan.printed, scan.rows, scan.groups, scan.notes, scan.broken_at
    if broken_at is not None:
        notes.append(f"表格在第{broken_at}行中断（该行不完整），其后的数字缺失。")
    figures: dict[str, Figure] = {key: Figure(numbers[-1], line) for key, (line, numbers) in rows.items()}
    if "new" in rows:
        line, numbers = rows["new"]
        figures["new_person"] = Figure(numbers[0], line)
        figures["new_org"] = Figure(sum(numbers[1:6]), line)
    for group in groups:
        end_line = group.end_line if group.end_line != group.line else None
        figures[group.key] = Figure(_sum(group.rows)[-1], group.line, end_line)
        notes.extend(_group_notes(group))
    if broken_at is None:
        notes.extend(_balance_notes(rows, groups))
    return _Applications({key: figures[key] for key in FIGURES if key in figures}, printed, notes, broken_at)


def _group_notes(group: _Group) -> list[str]:
    name = OUTCOME_GROUPS[group.key]
    if len(group.rows) == 1 and not group.numbered:
        return [f"“{name}”为单行、没有细分项（第{group.line}行），是2021年以前的表格格式。"]
    if len(group.rows) != SUB_ROWS[group.key]:
        return [f"“{name}”有{len(group.rows)}个细分项，标准表格为{SUB_ROWS[group.key]}个。"]
    return []


def _balance_notes(rows: dict[str, tuple[int, list[int]]], groups: list[_Group]) -> list[str]:
    """Check the table's own arithmetic: outcomes add up to 总计, and new + carried = handled + carried."""
    notes = []
    single = [rows[key][1] for key in ("disclosed", "partly_disclosed") if key in rows]
    outcomes = _sum(single + [_sum(group.rows) for group in groups])
    handled = rows.get("handled", (0, []))[1]
    for column, got, want in zip(COLUMNS, outcomes, handled, strict=False):
        if got != want:
            notes.append(f"“{column}”列各项办理结果之和为{got}，而“总计”行为{want}。")
    needed = ("new", "carried_in", "handled", "carried_out")
    if all(key in rows for key in needed):
        new, carried_in, handled, carried_out = (rows[key][1] for key in needed)
        for i, column in enumerate(COLUMNS):
            if new[i] + carried_in[i] != handled[i] + carried_out[i]:
                notes.append(
                    f"勾稽关系不符：“{column}”列本年新收{new[i]}+上年结转{carried_in[i]}="
                    f"{new[i] + carried_in[i]}，而办理结果{handled[i]}+结转下年度{carried_out[i]}="
                    f"{handled[i] + carried_out[i]}。"
                )
    return notes


def _remedy_table(block: Block) -> tuple[dict[str, Figure], dict[str, Figure], list[str]]:
    """Reconsideration and litigation totals, all 15 cells, and notes on what did not add up."""
    index = _find(block, lambda line: tuple(_cells(line)) == REMEDY_START)
    if index is None or index + 3 >= len(block.lines):
        return {}, {}, []
    _check_headers(block, index, _REMEDY_HEADERS, "remedy table")
    line = block.start + index + 3
    numbers = [int(c) for c in _cells(block.lines[index + 3]) if c.isdigit()]
    if len(numbers) != 15:
        raise ParseError(f"line {line}: expected 15 numbers in the remedy table, got {numbers}")
    notes = []
    for name, part in (("行政复议", numbers[0:5]), ("未经复议直接起诉", numbers[5:10]), ("复议后起诉", numbers[10:15])):
        if sum(part[:4]) != part[4]:
            notes.append(f"第{line}行“{name}”各结果之和{sum(part[:4])}与总计{part[4]}不符。")
    figures = {
        "reconsideration": numbers[4],
        "reconsideration_upheld": numbers[0],
        "reconsideration_corrected": numbers[1],
        "reconsideration_other": numbers[2],
        "reconsideration_pending": numbers[3],
        "litigation": numbers[9] + numbers[14],
        "litigation_direct": numbers[9],
        "litigation_after_reconsideration": numbers[14],
    }
    cells = {key: Figure(value, line) for key, value in zip(REMEDY_CELLS, numbers, strict=True)}
    return {key: Figure(value, line) for key, value in figures.items()}, cells, notes


def _art20_value(text: str, line: int) -> tuple[int | Decimal, str]:
    """A printed Art. 20 cell as a number and the unit printed after it ("41亿元" → 41, "亿元")."""
    match = _ART20_CELL.match(text)
    if match is None:
        raise ParseError(f"line {line}: Art. 20 cell {text!r} is not a number")
    sign, digits, unit = match.groups()
    value: int | Decimal = Decimal(digits) if "." in digits else int(digits)
    return (-value if sign == "-" else value), unit


def _art20_table(block: Block) -> dict[str, Art20Figure]:
    """Every cell of the Art. 20 proactive-disclosure table, in printed order."""
    cells: dict[str, Art20Figure] = {}
    item = None
    columns: list[str] = []
    inside = False
    for line_no, line in block.numbered():
        row = _cells(line)
        if row and ART20_ITEM.match(row[0]):
            item, columns, inside = row[0], [], True
            continue
        if not inside:
            continue
        if "|" not in line or APPLICATION_START in line or not row:
            # The table ends where the text resumes or the applications table starts.
            inside = False
            continue
        if row[0] == ART20_HEADER:
            columns = row[1:]
            continue
        if item is None or not columns or len(row) - 1 != len(columns):
            raise ParseError(f"line {line_no}: Art. 20 row {row} does not fit the header {columns}")
        for column, text in zip(columns, row[1:], strict=True):
            name = _UNIT_IN_HEADER.sub("", column)
            if row[0] not in ART20_ROWS or name not in ART20_COLUMNS:
                raise ParseError(f"line {line_no}: unknown Art. 20 row or column {row[0]!r}, {column!r}")
            key = f"{ART20_ROWS[row[0]]}_{ART20_COLUMNS[name]}"
            if key in cells:
                raise ParseError(f"line {line_no}: Art. 20 cell {key!r} appears twice")
            value, unit = _art20_value(text, line_no)
            header_unit = _UNIT_IN_HEADER.search(column)
            unit = unit or (header_unit.group(1) if header_unit else "")
            cells[key] = Art20Figure(item=item, row=row[0], column=column, value=value, unit=unit, line=line_no)
    return cells


def _text_lines(block: Block) -> dict[int, str]:
    """The block's text lines (not table rows), NFKC-normalised, by seed line."""
    return {n: unicodedata.normalize("NFKC", line) for n, line in block.numbered() if "|" not in line}


@dataclass(frozen=True)
class _Prose:
    """The keyed figures the text states, and where on its line each one's digits start."""

    figures: dict[str, Figure]
    offsets: dict[int, dict[int, str]]  # seed line → offset on the line → FIGURES key


def _prose(block: Block, *, has_remedy_table: bool) -> _Prose:
    """The numbers the report's text states."""
    figures: dict[str, Figure] = {}
    at: dict[str, int] = {}

    def found(key: str, value: int, line_no: int, match: re.Match[str], group: int = 1) -> None:
        figures[key] = Figure(value, line_no)
        at[key] = match.start(group)

    text_lines = list(_text_lines(block).items())
    _received_prose(text_lines, found)
    _remedy_prose(text_lines, found, figures, has_remedy_table=has_remedy_table)
    offsets: dict[int, dict[int, str]] = {}
    for key in FIGURES:  # the first key in FIGURES order names a number that feeds several
        if key in at:
            offsets.setdefault(figures[key].line, {}).setdefault(at[key], key)
    return _Prose({key: figures[key] for key in FIGURES if key in figures}, offsets)


def _received_prose(text_lines: list[tuple[int, str]], found: Callable[..., None]) -> None:
    """The sentence on applications received: the number, its change on last year, the numbers it names."""
    for line_no, line in text_lines:
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
    text_lines: list[tuple[int, str]],
    found: Callable[..., None],
    figures: dict[str, Figure],
    *,
    has_remedy_table: bool,
) -> None:
    """Reconsiderations and lawsuits where the report has no remedy table, and a statement that no fee was charged."""
    for line_no, line in text_lines:
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
class _Text:
    """What the report's text gives besides the keyed figures."""

    subjects: Subjects | None
    fee_statement: Statement | None
    numbers: tuple[ProseFigure, ...]


def _text(block: Block, prose: _Prose) -> _Text:
    """The subjects of requests, the fee sentence, and every number the text states."""
    lines = _text_lines(block)
    subjects = None
    for line_no, line in lines.items():
        if match := _SUBJECTS.search(line.strip()):
            items = tuple(item for item in match.group(1).split("、") if item)
            subjects = Subjects(items=items, text=match.group(0), line=line_no)
            break
    fee = prose.figures.get("fee_yuan")
    fee_statement = Statement(text=lines[fee.line].strip(), line=fee.line) if fee else None
    numbers = tuple(figure for n, line in lines.items() for figure in prose_numbers(line, n, prose.offsets.get(n)))
    return _Text(subjects=subjects, fee_statement=fee_statement, numbers=numbers)


def _contact(block: Block) -> Contact | None:
    """The report's closing contact sentence, each detail as printed; None where the report has none."""
    for line_no, line in _text_lines(block).items():
        match = _CONTACT.search(line)
        if match is None:
            continue
        details: dict[str, str] = {}
        for item in _CONTACT_SEPARATOR.split(match.group("details")):
            label, colon, value = item.partition(":")
            key = _CONTACT_LABELS.get(label.strip())
            if not colon or key is None or not value.strip():
                raise ParseError(f"line {line_no}: unknown contact detail {item.strip()!r}")
            if key in details:
                raise ParseError(f"line {line_no}: contact detail {key!r} appears twice")
            details[key] = value.strip()
        return Contact(body=match.group("body").strip(), text=match.group(0), line=line_no, **details)
    return None


def _prose_notes(table: dict[str, Figure], prose: dict[str, Figure]) -> list[str]:
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


def parse_block(block: Block) -> Parsed:
    """The figures of one report copy, as a one-copy report."""
    year = _year(block)
    title, notes = _title(block, year)
    applications = _application_table(block)
    remedies, remedy_cells, remedy_notes = _remedy_table(block)
    table = applications.figures | remedies
    found = _prose(block, has_remedy_table=bool(remedies))
    prose = found.figures
    text = _text(block, found)
    if not table:
        notes.append("该年报告没有统计表格，只有正文所述的数字；正文未提及的数字缺失（不是0）。")
    notes += applications.notes + remedy_notes + _prose_notes(table, prose)
    report = Report(
        year=year,
        version="",
        title=title,
        copies=((block.start, block.end),),
        table={key: table[key] for key in FIGURES if key in table},
        prose=prose,
        rows=applications.rows,
        remedies=remedy_cells,
        art20=_art20_table(block),
        subjects=text.subjects,
        fee_statement=text.fee_statement,
        prose_figures=text.numbers,
        contact=_contact(block),
    )
    return Parsed(report=report, notes=tuple(notes), broken_at=applications.broken_at)


def _values(report: Report) -> dict[tuple[str, str], int | str]:
    figures: dict[tuple[str, str], int | str] = {("table", k): f.value for k, f in report.table.items()}
    figures |= {("prose", k): f.value for k, f in report.prose.items()}
    if report.contact:  # copies that print other contact details are not the same report
        figures |= {("contact", k): report.contact.detail(k) for k in CONTACT_FIELDS}
    return figures | {("printed", k): p.value for k, p in report.printed().items()}


def _same_report(a: Report, b: Report) -> bool:
    """Whether two copies agree on every figure both have, and one's figures include the other's."""
    va, vb = _values(a), _values(b)
    shared = va.keys() & vb.keys()
    nested = va.keys() <= vb.keys() or vb.keys() <= va.keys()
    return nested and all(va[key] == vb[key] for key in shared)


def merge_copies(parsed: list[Parsed]) -> list[Report]:
    """Collapse copies that agree into one report, keeping the first (complete) copy's line numbers."""
    kept: list[tuple[Parsed, list[Parsed]]] = []
    for item in parsed:
        for i, (first, copies) in enumerate(kept):
            if first.report.year == item.report.year and _same_report(first.report, item.report):
                copies.append(item)
                if len(_values(item.report)) > len(_values(first.report)):
                    kept[i] = (item, [first, *copies[:-1]])
                break
        else:
            kept.append((item, []))
    reports = []
    for first, copies in kept:
        notes = list(first.notes)
        for copy in copies:
            start, end = copy.report.copies[0]
            missing = len(first.report.printed().keys() - copy.report.printed().keys())
            if missing:
                where = f"在第{copy.broken_at}行中断，" if copy.broken_at else ""
                notes.append(f"第{start}–{end}行的副本不完整（{where}缺{missing}个数字），其已有数字与本副本一致。")
        all_copies = first.report.copies + tuple(c.report.copies[0] for c in copies)
        reports.append(replace(first.report, copies=all_copies, notes=tuple(notes)))
    return _label_versions(reports)


def _label_versions(reports: list[Report]) -> list[Report]:
    """Name differing versions of one year A, B, ... in order of appearance, each listing how it differs."""
    versions = {}
    for report in reports:
        same_year = [r for r in reports if r.year == report.year]
        if len(same_year) > 1:
            versions[id(report)] = "ABCDEFGH"[same_year.index(report)]
    labelled = []
    for report in reports:
        if id(report) not in versions:
            labelled.append(report)
            continue
        same_year = [r for r in reports if r.year == report.year]
        others = "、".join(f"第{r.copies[0][0]}–{r.copies[0][1]}行" for r in same_year if r is not report)
        note = f"{report.year}年报告有{len(same_year)}个数字不同的版本；另见{others}。"
        differences = tuple(
            difference
            for other in same_year
            if other is not report
            for difference in version_differences(report, other, versions[id(other)])
        )
        labelled.append(
            replace(report, version=versions[id(report)], notes=(note, *report.notes), differences=differences)
        )
    return labelled


def _carry_notes(report: Report, following: list[Report], *, versions: int) -> list[str]:
    """Whether this report's 结转下年度 matches the next year's 上年结转 (stated when it decides a version)."""
    carried_out = report.table.get("carried_out")
    notes = []
    for later in following:
        if carried_out is None or "carried_in" not in later.table:
            continue
        value = later.table["carried_in"].value
        if value != carried_out.value or versions > 1:
            verdict = "一致" if value == carried_out.value else "不一致"
            notes.append(f"本报告结转下年度{carried_out.value}件，{later.label}报告的上年结转为{value}件：{verdict}。")
    return notes


def _change_notes(report: Report, earlier: list[Report]) -> list[str]:
    """Whether the text's 同比去年增加/减少 N件 fits the previous year's report."""
    change, new = report.prose.get("change"), report.prose.get("new")
    if not (change and new and earlier):
        return []
    implied = new.value - change.value
    compared = []
    for previous in earlier:
        table_new, stated = previous.table.get("new"), previous.prose.get("new")
        for where, figure in (("表格", table_new), ("正文", stated)):
            if figure is None or (where == "正文" and table_new and table_new.value == figure.value):
                continue
            verdict = "相符" if figure.value == implied else "不符"
            compared.append(f"{previous.label}{where}{figure.value}件（{verdict}）")
    verb = "增加" if change.value > 0 else "减少"
    return [
        f"正文称同比去年{verb}{abs(change.value)}件，由本报告正文{new.value}件推算上年为{implied}件；"
        + "，".join(compared)
        + "。"
    ]


def _chain_notes(reports: list[Report]) -> list[Report]:
    """Cross-check each report against its neighbours: carried-over counts and the stated change."""
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    checked = []
    for report in reports:
        versions = len(by_year[report.year])
        notes = _carry_notes(report, by_year.get(report.year + 1, []), versions=versions)
        notes += _change_notes(report, by_year.get(report.year - 1, []))
        checked.append(replace(report, notes=report.notes + tuple(notes)))
    return checked


def parse_seed(text: str) -> tuple[Report, ...]:
    """Every report in the seed text, copies merged, versions labelled, sorted by year (newest first)."""
    blocks = split_reports(text.splitlines())
    if not blocks:
        raise ParseError(f"no report found (no line {REPORT_START!r})")
    reports = _chain_notes(merge_copies([parse_block(block) for block in blocks]))
    return tuple(sorted(reports, key=lambda r: (-r.year, r.version)))


def generate(seed_path: Path) -> str:
    """The TOML text for the seed file at seed_path."""
    data = seed_path.read_bytes()
    reports = parse_seed(data.decode("utf-8"))
    return render_toml(reports, seed_name=seed_path.name, seed_sha256=hashlib.sha256(data).hexdigest())


def main(argv: list[str] | None = None) -> int:
    """Write OUT_TOML from SEED_PATH."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m tools.report_parser SEED_PATH OUT_TOML", file=sys.stderr)
        return 2
    seed_path, out_path = Path(args[0]), Path(args[1])
    out_path.write_text(generate(seed_path), encoding="utf-8")
    print(f"wrote {out_path} from {seed_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
