"""The applications table of an annual report (part 三), read row by row: its 总计 figures, every printed row, and
notes on what does not add up. Used by `report_parser`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.reports.model import APPLICATION_ROWS, COLUMNS, FIGURES, Figure, TableRow
from knowledge.statute import OUTCOME_GROUPS, OUTCOME_TABLE, SUB_ROW_NAMES, TOTAL_ROW
from tools.report_blocks import Block, ParseError, check_headers, find_line, row_cells

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
class Applications:
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


def application_table(block: Block) -> Applications:
    """The 总计 figures and every row of the applications table, notes on what did not add up, where it breaks."""
    index = find_line(block, lambda line: APPLICATION_START in line)
    if index is None:
        return Applications({}, {}, [], None)
    check_headers(block, index, _COLUMN_HEADERS, "applications table")
    scan = _TableScan()
    for line_no, line in block.numbered(index + 3):
        if "|" not in line or not scan.add(line_no, row_cells(line)):
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
    return Applications({key: figures[key] for key in FIGURES if key in figures}, printed, notes, broken_at)


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
