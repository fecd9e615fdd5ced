"""The yearly table (bot.report_table) as people read it: aligned text for a terminal, CSV and JSON, and
`gongkai reports generate YEAR` (generate_command), which prints it; GET /admin/api/report/{year} serves the JSON and
CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from collections.abc import Callable
from typing import Any, TextIO

from bot.report_table import COLUMNS, LINES, TOTAL_LABEL, YearTable, check_year, yearly_table
from bot.requests.repository import RequestStore
from knowledge.statute import OUTCOME_GROUPS

TITLE = "收到和处理政府信息公开申请情况"
FORMATS = ("text", "csv", "json")
EXIT_OK, EXIT_VIOLATION, EXIT_USAGE = 0, 1, 2
IDENTITY_LABEL = "勾稽关系：第一项加第二项之和，等于第三项加第四项之和"


def _title(table: YearTable) -> str:
    return f"{table.year}年{TITLE}（由申请登记数据生成，数据截至{table.as_of.isoformat()}）"


def _cells(table: YearTable, key: str) -> list[int]:
    return [table.value(key, column) for column, _ in COLUMNS] + [table.value(key)]


def table_text(table: YearTable) -> str:
    """The table aligned for a terminal (CJK characters count two columns), then the identity and notes."""
    headers = [label for _, label in COLUMNS] + [TOTAL_LABEL]
    labels = ["  " * line.level + line.label for line in LINES]
    label_width = max(_width(label) for label in labels)
    widths = [max(_width(h), 6) for h in headers]
    out = [_title(table), ""]
    out.append(
        _pad("", label_width) + "  " + "  ".join(_pad(h, w, right=True) for h, w in zip(headers, widths, strict=True))
    )
    for line, label in zip(LINES, labels, strict=True):
        if line.key is None:
            out.append(label)
            continue
        cells = "  ".join(_pad(str(n), w, right=True) for n, w in zip(_cells(table, line.key), widths, strict=True))
        out.append(f"{_pad(label, label_width)}  {cells}")
    out.append("")
    out.append(f"{IDENTITY_LABEL}：")
    out += [f"  {check.describe()}" for check in table.identity()]
    problems = table.problems()
    if problems:
        out.append("")
        out.append("！！发现问题，以上数字不可直接发布：")
        out += [f"  {problem}" for problem in problems]
    out.append("")
    out.append("注：")
    out += [f"  {i}. {note}" for i, note in enumerate(table.notes(), start=1)]
    return "\n".join(out) + "\n"


def table_csv(table: YearTable) -> str:
    """A header row and one row per line of the table that carries numbers; then the notes and any problem,
    each as a row with its text in the first column and empty counts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["项目", *(label for _, label in COLUMNS), TOTAL_LABEL])
    for line in LINES:
        if line.key:
            writer.writerow([line.csv_label, *_cells(table, line.key)])
    for text in [*(f"问题：{p}" for p in table.problems()), *(f"注：{note}" for note in table.notes())]:
        writer.writerow([text, "", "", ""])
    return buffer.getvalue()


def table_json(table: YearTable) -> dict[str, Any]:
    """Every row (key, label, the two columns and the total), the group subtotals, the identity and notes."""

    def cells(key: str, count: Callable[[str, str], int]) -> dict[str, int]:
        return {column: count(key, column) for column, _ in COLUMNS} | {"total": count(key, "total")}

    return {
        "year": table.year,
        "title": f"{table.year}年{TITLE}",
        "as_of": table.as_of.isoformat(),
        "complete": table.complete,
        "columns": [{"key": column, "label": label} for column, label in COLUMNS]
        + [{"key": "total", "label": TOTAL_LABEL}],
        "rows": [
            {"key": line.key, "label": line.csv_label, **cells(line.key, table.value)} for line in LINES if line.key
        ],
        "groups": [{"key": key, "label": label, **cells(key, table.group)} for key, label in OUTCOME_GROUPS.items()],
        "identity": {
            "holds": not table.violations(),
            "columns": [check.to_json() for check in table.identity()],
        },
        "consistent": table.consistent,
        "problems": table.problems(),
        "anomalies": [{"zh": zh, "en": en} for zh, en in table.anomalies],
        "lapsed_not_abandoned": table.lapsed,
        "notes": table.notes(),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def render(table: YearTable, fmt: str) -> str:
    """The table as text, csv or json."""
    if fmt == "text":
        return table_text(table)
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return json.dumps(table_json(table), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"未知的格式：{fmt}（可用：{', '.join(FORMATS)}） (unknown format {fmt!r})")


def generate_command(requests: RequestStore, year: int, *, fmt: str, out: TextIO) -> int:
    """`gongkai reports generate YEAR`: print the table in `fmt` (text, csv or json) to `out`.

    Exit status: 0 when the identity holds and every request was placed; 1 when the table was printed but has a
    problem (listed in the output and repeated on stderr); 2 for a year out of range or an unknown format."""
    try:
        check_year(year)
        if fmt not in FORMATS:
            raise ValueError(f"未知的格式：{fmt}（可用：{', '.join(FORMATS)}） (unknown format {fmt!r})")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    table = yearly_table(requests, year)
    out.write(render(table, fmt))
    if table.consistent:
        return EXIT_OK
    for problem in table.problems():
        print(problem, file=sys.stderr)
    return EXIT_VIOLATION
