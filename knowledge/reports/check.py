"""Consistency checks of the annual reports' figures: each table's arithmetic, text against table, year to year.

The published reports are checked as printed; what does not add up is reported with its seed lines, never
corrected. `gongkai reports check` prints what `check_reports` finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.reports.model import (
    APPLICATION_ROWS,
    BALANCE_ROWS,
    COLUMNS,
    FIGURES,
    REMEDY_PARTS,
    REMEDY_RESULTS,
    Figure,
    Report,
    version_differences,
)

# Kinds of finding, with the Chinese name printed for each.
IDENTITY = "identity"
ROW_TOTAL = "row_total"
COLUMN_TOTAL = "column_total"
REMEDY_TOTAL = "remedy_total"
PROSE_TABLE = "prose_table"
YEAR_CHANGE = "year_change"
CARRY_OVER = "carry_over"
VERSIONS = "versions"
UNVERIFIABLE = "unverifiable"
KINDS: dict[str, str] = {
    IDENTITY: "勾稽关系",
    ROW_TOTAL: "行合计",
    COLUMN_TOTAL: "列合计",
    REMEDY_TOTAL: "复议诉讼合计",
    PROSE_TABLE: "正文与表格",
    YEAR_CHANGE: "同比增减",
    CARRY_OVER: "结转衔接",
    VERSIONS: "版本差异",
    UNVERIFIABLE: "无法核对",
}
# A check that could not be made is said, not counted as an inconsistency.
INFORMATIONAL = frozenset({UNVERIFIABLE})

# Prose figures that have a table counterpart under the same key; the rest (change, fee) have none.
_PROSE_VS_TABLE = tuple(key for key in FIGURES if key not in ("change", "fee_yuan", "new_person", "new_org"))
PERSON = COLUMNS[0]


@dataclass(frozen=True)
class PrintedValue:
    """One side of a figure printed two ways: the value as printed (or as printed figures give it), and where."""

    where: str  # "2019年报告正文", "按2019年报告表格（215件）算"
    value: str  # "214件", "同比去年减少38件"
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Discrepancy:
    """One place where a report's figures disagree with each other, another version, or a neighbouring year."""

    report: str  # Report.label: "2021年版本B"
    kind: str  # a key of KINDS
    message: str  # in Chinese
    lines: tuple[int, ...]  # seed lines of the figures involved
    # Where one figure is printed two ways (text and table, two versions, the text's 同比 and the tables, two
    # years' carry-over): which figure, both values with where each is printed, and the figures involved as
    # (Report.label, FIGURES key or Report.printed() key). Empty for the tables' own arithmetic.
    what: str = ""
    printed: tuple[PrintedValue, ...] = ()
    figures: tuple[tuple[str, str], ...] = ()
    remark: str = ""

    @property
    def is_inconsistency(self) -> bool:
        """False for a check that could not be made (no previous report, no table)."""
        return self.kind not in INFORMATIONAL

    def say(self) -> str:
        """Both printed values and where each is printed, in one sentence the same for every kind; "" if none."""
        if len(self.printed) != 2:
            return ""
        first, second = self.printed
        remark = f"（{self.remark}）" if self.remark else ""
        return f"印刷不一致——{self.what}：{first.where}写作{first.value}，而{second.where}为{second.value}{remark}。"

    def render(self) -> str:
        """One line: report, kind, seed lines, message."""
        lines = "、".join(str(line) for line in self.lines)
        return f"[{self.report}] {KINDS[self.kind]}（第{lines}行）：{self.message}"


def check_reports(reports: Iterable[Report]) -> list[Discrepancy]:
    """Every inconsistency in the reports, report by report in the given order, and each check not possible."""
    reports = list(reports)
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    found: list[Discrepancy] = []
    for report in reports:
        previous = by_year.get(report.year - 1, [])
        found += _table(report)
        found += _remedies(report)
        found += _prose(report)
        found += _change(report, previous)
        found += _carry_over(report, previous)
        earlier = by_year[report.year][: by_year[report.year].index(report)]
        found += _versions(report, earlier)
    return found


def _table(report: Report) -> list[Discrepancy]:
    """Row totals, column totals, and the identity new + carried in = handled + carried out, per column."""
    rows = report.rows
    if not rows:
        if report.table or report.remedies:
            return []
        where = report.prose.get("new")
        lines: tuple[int, ...] = (where.line,) if where else (report.copies[0][0],)
        message = "该年报告没有统计表格，只有正文数字；勾稽关系和行、列合计无从核对。"
        return [Discrepancy(report.label, UNVERIFIABLE, message, lines)]
    found = []
    for key, row in rows.items():
        parts = sum(row.values[:-1])
        if parts != row.values[-1]:
            message = f"“{APPLICATION_ROWS[key]}”一行各类申请人之和为{parts}，而总计列为{row.values[-1]}。"
            found.append(Discrepancy(report.label, ROW_TOTAL, message, (row.line,)))
    outcomes = [row for key, row in rows.items() if key not in BALANCE_ROWS]
    handled = rows.get("handled")
    if outcomes and handled:
        for i, column in enumerate(COLUMNS):
            total = sum(row.values[i] for row in outcomes)
            if total != handled.values[i]:
                message = (
                    f"“{column}”列各项办理结果（第{outcomes[0].line}–{outcomes[-1].line}行）之和为{total}，"
                    f"而“总计”行为{handled.values[i]}。"
                )
                found.append(Discrepancy(report.label, COLUMN_TOTAL, message, (outcomes[0].line, handled.line)))
    if all(key in rows for key in BALANCE_ROWS):
        new, carried_in, done, carried_out = (rows[key] for key in BALANCE_ROWS)
        for i, column in enumerate(COLUMNS):
            came = new.values[i] + carried_in.values[i]
            went = done.values[i] + carried_out.values[i]
            if came != went:
                message = (
                    f"“{column}”列本年新收{new.values[i]}+上年结转{carried_in.values[i]}={came}，"
                    f"而办理结果总计{done.values[i]}+结转下年度{carried_out.values[i]}={went}。"
                )
                lines = (new.line, carried_in.line, done.line, carried_out.line)
                found.append(Discrepancy(report.label, IDENTITY, message, lines))
    return found


def _remedies(report: Report) -> list[Discrepancy]:
    """Each part of the reconsideration/litigation table: 维持 + 纠正 + 其他 + 尚未审结 = 总计."""
    found = []
    for part, name in REMEDY_PARTS.items():
        cells = [report.remedies.get(f"{part}_{result}") for result in REMEDY_RESULTS]
        if any(cell is None for cell in cells):
            continue
        *results, total = (cell.value for cell in cells if cell is not None)
        if sum(results) != total:
            message = f"“{name}”维持、纠正、其他结果、尚未审结之和为{sum(results)}，而总计为{total}。"
            lines = tuple(dict.fromkeys(cell.line for cell in cells if cell is not None))
            found.append(Discrepancy(report.label, REMEDY_TOTAL, message, lines))
    return found


def _prose(report: Report) -> list[Discrepancy]:
    """Numbers the text states that differ from the table's."""
    found = []
    for key in _PROSE_VS_TABLE:
        stated, table = report.prose.get(key), report.table.get(key)
        if stated is None or table is None or stated.value == table.value:
            continue
        remark = ""
        # The 2019 text gives the 自然人 column for several totals; saying so explains the gap.
        person = report.cell(key, PERSON)
        if person is not None and person.value == stated.value:
            remark = f"正文数字等于表中“{PERSON}”一列"
        message = f"正文称{FIGURES[key]}{stated.value}件，表格为{table.value}件{'；' + remark if remark else ''}。"
        printed = (
            PrintedValue(f"{_named(report)}正文", f"{stated.value}件", (stated.line,)),
            PrintedValue(f"{_named(report)}表格", f"{table.value}件", (table.line,)),
        )
        found.append(
            Discrepancy(
                report.label,
                PROSE_TABLE,
                message,
                (stated.line, table.line),
                what=FIGURES[key],
                printed=printed,
                figures=((report.label, key),),
                remark=remark,
            )
        )
    return found


def _named(report: Report) -> str:
    """The report by year and version, as a place a figure is printed: "2019年报告", "2021年版本B报告"."""
    return f"{report.label}报告"


def _change_text(change: int) -> str:
    return f"{'增加' if change > 0 else '减少'}{abs(change)}件" if change else "持平"


def _new(report: Report) -> Figure | None:
    """The year's new applications: the table's, else what the text states."""
    return report.table.get("new") or report.prose.get("new")


def _change(report: Report, previous: list[Report]) -> list[Discrepancy]:
    """The text's "同比去年增加/减少N件" against the previous year's report."""
    change, stated = report.prose.get("change"), report.prose.get("new") or report.table.get("new")
    if change is None or stated is None:
        return []
    verb = "增加" if change.value > 0 else "减少"
    said = f"正文称收到{stated.value}件、同比去年{verb}{abs(change.value)}件"
    if not previous:
        message = f"{said}，但没有{report.year - 1}年的报告，无法核对。"
        return [Discrepancy(report.label, UNVERIFIABLE, message, (change.line,))]
    implied = stated.value - change.value
    found = []
    for earlier in previous:
        new = _new(earlier)
        if new is None or new.value == implied:
            continue
        told = earlier.prose.get("new")
        remark = ""
        if told is not None and told.value != new.value:
            agrees = "相符" if told.value == implied else "也不符"
            remark = f"（{earlier.label}正文所称{told.value}件与之{agrees}）"
        message = f"{said}，推算上年为{implied}件；而{earlier.label}报告表格为{new.value}件{remark}。"
        where = "表格" if new is earlier.table.get("new") else "正文"
        printed = (
            PrintedValue(f"{_named(report)}正文", f"同比去年{_change_text(change.value)}", (change.line,)),
            PrintedValue(
                f"按{_named(earlier)}{where}（{new.value}件）与本年{stated.value}件算",
                _change_text(stated.value - new.value),
                (new.line, stated.line),
            ),
        )
        found.append(
            Discrepancy(
                report.label,
                YEAR_CHANGE,
                message,
                (change.line, new.line),
                what=f"{report.year}年新收申请同比{report.year - 1}年的增减",
                printed=printed,
                figures=((report.label, "change"),),
            )
        )
    return found


def _carry_over(report: Report, previous: list[Report]) -> list[Discrepancy]:
    """This year's 上年结转 against the previous year's 结转下年度继续办理, in total and per applicant type."""
    carried_in = report.table.get("carried_in")
    if carried_in is None:
        return []
    if not previous:
        message = f"本报告上年结转{carried_in.value}件；没有{report.year - 1}年的报告，无法与上一年的结转下年度核对。"
        return [Discrepancy(report.label, UNVERIFIABLE, message, (carried_in.line,))]
    found = []
    for earlier in previous:
        carried_out = earlier.table.get("carried_out")
        if carried_out is None:
            message = f"本报告上年结转{carried_in.value}件；{earlier.label}报告没有结转下年度的数字，无法核对。"
            found.append(Discrepancy(report.label, UNVERIFIABLE, message, (carried_in.line,)))
            continue
        here, there = report.rows.get("carried_in"), earlier.rows.get("carried_out")
        columns = []
        if here and there:
            columns = [
                f"“{column}”{a}与{b}"
                for column, a, b in zip(COLUMNS[:-1], here.values, there.values, strict=False)
                if a != b
            ]
        if carried_in.value == carried_out.value and not columns:
            continue
        detail = f"分列：{'，'.join(columns)}" if columns else ""
        message = (
            f"本报告上年结转{carried_in.value}件，而{earlier.label}报告结转下年度继续办理{carried_out.value}件"
            f"{'；' + detail if detail else ''}。"
        )
        printed = (
            PrintedValue(f"{_named(report)}表格“上年结转”", f"{carried_in.value}件", (carried_in.line,)),
            PrintedValue(f"{_named(earlier)}表格“结转下年度继续办理”", f"{carried_out.value}件", (carried_out.line,)),
        )
        found.append(
            Discrepancy(
                report.label,
                CARRY_OVER,
                message,
                (carried_in.line, carried_out.line),
                what=f"{earlier.year}年结转到{report.year}年的申请",
                printed=printed,
                figures=((report.label, "carried_in"), (earlier.label, "carried_out")),
                remark=detail,
            )
        )
    return found


def _versions(report: Report, earlier: list[Report]) -> list[Discrepancy]:
    """Each figure this version prints differently from an earlier version of the same year's report."""
    found = []
    for other in earlier:
        keys = {p.what: key for key, p in (report.printed() | other.printed()).items()}
        for difference in version_differences(report, other, other.version):
            message = (
                f"{difference.what}：{other.label}为{difference.other_value}，{report.label}为{difference.value}。"
            )
            lines = tuple(line for line in (difference.other_line, difference.line) if line)
            printed = (
                PrintedValue(_named(other), _counted(difference.other_value), (difference.other_line,)),
                PrintedValue(_named(report), _counted(difference.value), (difference.line,)),
            )
            names = _figure_names(keys[difference.what], (other, report))
            figures = tuple((r.label, name) for r in (other, report) for name in names)
            found.append(
                Discrepancy(
                    report.label, VERSIONS, message, lines, what=difference.what, printed=printed, figures=figures
                )
            )
    return found


def _counted(value: str) -> str:
    """A bare count of the standard tables with its unit ("341" → "341件"); text values carry their own."""
    return f"{value}件" if value.isdigit() else value


def _figure_names(printed_key: str, reports: tuple[Report, ...]) -> tuple[str, ...]:
    """The names an answer gives a printed figure by: its printed() key, and its FIGURES key where it has one."""
    names = [printed_key]
    part, _, rest = printed_key.partition(".")
    if part == "rows":
        # A row's cell is part of the row's total, which is what answers give.
        row, _, column = rest.partition(".")
        if row in FIGURES:
            names.append(row)
        if (row, column) == ("new", PERSON):
            names.append("new_person")
    elif part == "prose":
        for report in reports:
            for key, figure in zip(report.prose_keys(), report.prose_figures, strict=True):
                if key == printed_key and figure.key and figure.key not in names:
                    names.append(figure.key)
    return tuple(names)
