"""The other tables of an annual report and its contact details: the reconsideration and litigation table, the
Art. 20 proactive-disclosure table, and the closing sentence naming whom to ask. Used by `report_parser`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from knowledge.reports.model import ART20_COLUMNS, ART20_ROWS, REMEDY_CELLS, Art20Figure, Contact, Figure
from tools.report_applications import APPLICATION_START
from tools.report_blocks import Block, ParseError, check_headers, find_line, row_cells, text_lines

# The reconsideration and litigation table: header rows and the order of its 15 numbers.
REMEDY_START = ("行政复议", "行政诉讼")
_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_REMEDY_HEADERS = (_RESULTS + ("未经复议直接起诉", "复议后起诉"), _RESULTS + _RESULTS)

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


def remedy_table(block: Block) -> tuple[dict[str, Figure], dict[str, Figure], list[str]]:
    """Reconsideration and litigation totals, all 15 cells, and notes on what did not add up."""
    index = find_line(block, lambda line: tuple(row_cells(line)) == REMEDY_START)
    if index is None or index + 3 >= len(block.lines):
        return {}, {}, []
    check_headers(block, index, _REMEDY_HEADERS, "remedy table")
    line = block.start + index + 3
    numbers = [int(c) for c in row_cells(block.lines[index + 3]) if c.isdigit()]
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


def art20_table(block: Block) -> dict[str, Art20Figure]:
    """Every cell of the Art. 20 proactive-disclosure table, in printed order."""
    cells: dict[str, Art20Figure] = {}
    item = None
    columns: list[str] = []
    inside = False
    for line_no, line in block.numbered():
        row = row_cells(line)
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


def contact(block: Block) -> Contact | None:
    """The report's closing contact sentence, each detail as printed; None where the report has none."""
    for line_no, line in text_lines(block).items():
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
