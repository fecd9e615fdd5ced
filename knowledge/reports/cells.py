"""Cells of the applications table as measures: a row for one applicant type ("2020年商业企业新收申请22件"), and
shares: an outcome's part of all applications handled ("予以公开占办理结果总计的62.6%"), or an applicant type's part
of a row ("商业企业占新收申请的12.5%")."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.reports.model import COLUMNS, ORG_COLUMN, TOTAL_COLUMN, Report
from knowledge.reports.percent import percent, printed_share
from knowledge.reports.render import Amount, n
from knowledge.reports.vocabulary import OUTCOME_ROWS

# A measure of one cell is "cell:<row>:<column>"; a share is "share:<row>:<column>", the column "" for the row's
# part of all applications handled.
CELL = "cell:"
SHARE = "share:"

# What each row counts, as an answer says it of an applicant type ("商业企业" + "新收政府信息公开申请").
_ROW_PHRASES: dict[str, str] = {
    "new": "新收政府信息公开申请",
    "carried_in": "上年结转的申请",
    "disclosed": "的申请予以公开",
    "partly_disclosed": "的申请部分公开",
    "withheld": "的申请不予公开",
    "unavailable": "的申请无法提供",
    "not_processed": "的申请不予处理",
    "other": "的申请其他处理",
    "handled": "的申请办结",
    "carried_out": "的申请结转下年度继续办理",
}
# A row's figure for all applicants, as a share's whole or the total beside a cell.
_ROW_NAMES: dict[str, str] = {
    "new": "新收申请",
    "carried_in": "上年结转",
    "disclosed": "予以公开",
    "partly_disclosed": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
    "handled": "办结",
    "carried_out": "结转下年度继续办理",
}
_COLUMNS = frozenset((*COLUMNS, ORG_COLUMN)) - {TOTAL_COLUMN}
# A column as an answer names its applicants, where its printed name does not read as one.
_APPLICANTS = {"其他": "其他类型申请人"}


@dataclass(frozen=True)
class Cell:
    """One row of the applications table for one applicant type, or a share of a row."""

    row: str  # a key of _ROW_PHRASES
    column: str  # a COLUMNS name or ORG_COLUMN; "" (shares only): the row's total
    share: bool = False

    @property
    def measure(self) -> str:
        return f"{SHARE if self.share else CELL}{self.row}:{self.column}"

    @property
    def counted(self) -> str:
        """What the cell counts: "商业企业新收政府信息公开申请"; the row's name for all applicants ("予以公开")."""
        if not self.column:
            return _ROW_NAMES[self.row]
        return f"{_APPLICANTS.get(self.column, self.column)}{_ROW_PHRASES[self.row]}"

    @property
    def name(self) -> str:
        """What the measure is, for a comparison or a series: "商业企业新收政府信息公开申请", "予以公开占办理结果总计的
        比例"."""
        if not self.share:
            return self.counted
        return f"{self.counted}占{'全部申请人' if self.column else '办理结果总计'}的比例"


def cell_of(measure: str) -> Cell | None:
    """The cell a measure names, or None where it names none (or one this table has not)."""
    share = measure.startswith(SHARE)
    if not share and not measure.startswith(CELL):
        return None
    row, _, column = measure.removeprefix(SHARE if share else CELL).partition(":")
    if row not in _ROW_PHRASES or not (column in _COLUMNS or (share and not column)):
        return None
    if share and not column and row not in OUTCOME_ROWS:
        return None  # a share of the applications handled is of an outcome
    return Cell(row, column, share)


def _names(report: Report, row: str, column: str) -> tuple[str, ...]:
    """The printed() keys of a cell ("rows.new.自然人"), for the discrepancies the reports print in it."""
    keys = [row] if row in report.rows else [k for k in report.rows if k.rpartition("_")[0] == row]
    columns = COLUMNS[1:6] if column == ORG_COLUMN else (column or TOTAL_COLUMN,)
    return tuple(f"rows.{key}.{c}" for key in keys for c in columns)


def amount(report: Report, cell: Cell) -> Amount | None:
    """The cell's value in this report (a percentage for a share), or None where the report has no such table."""
    part = report.cell(cell.row, cell.column or TOTAL_COLUMN) if report.rows else None
    if part is None:
        return None
    names = _names(report, cell.row, cell.column)
    if not cell.share:
        return Amount(part.value, "件", n(part.value), names=names)
    whole_row = cell.row if cell.column else "handled"
    whole = report.cell(whole_row, TOTAL_COLUMN)
    if whole is None or whole.value == 0:
        return None
    share = percent(part.value, whole.value)
    return Amount(share, "%", f"{share}%", names=names + _names(report, whole_row, ""))


def stated(report: Report, cell: Cell) -> tuple[str, ...]:
    """The printed() and FIGURES keys of every figure the cell's answer states from this report."""
    if not report.rows:
        return ()
    whole_row = cell.row if cell.column or not cell.share else "handled"
    keyed = () if cell.column or not cell.share else (cell.row, "handled")
    return _names(report, cell.row, cell.column) + _names(report, whole_row, "") + keyed


def clauses(report: Report, cell: Cell) -> list[str]:
    """The cell in this report as the clauses of an answer: the figure asked first, then what it is part of."""
    part = report.cell(cell.row, cell.column or TOTAL_COLUMN)
    whole_row = cell.row if cell.column or not cell.share else "handled"
    whole = report.cell(whole_row, TOTAL_COLUMN)
    if part is None or whole is None:
        return ["年度报告没有按申请人类型和办理结果分列的统计表格"]
    counted = cell.counted + n(part.value)
    if not cell.share:
        return [counted, f"全部申请人{_ROW_NAMES[cell.row]}合计{n(whole.value)}"]
    if whole.value == 0:
        return [counted, f"{_ROW_NAMES[whole_row]}为0件，无法计算比例"]
    share = percent(part.value, whole.value)
    if cell.column:
        of = f"全部申请人{_ROW_NAMES[whole_row]}{n(whole.value)}"
        return [f"{counted}，占{of}的{share}%"]
    said = [f"{counted}，占办理结果总计{n(whole.value)}的{share}%"]
    printed = printed_share(report, cell.row)
    return said + ([f"报告正文写作{printed}"] if printed else [])
