"""The figures of the agency's annual OGI reports (政府信息公开工作年度报告) as data: the model.

`tools/report_parser` writes the data file from the seed; `loading` reads it; `answerer` answers questions from it;
`check` checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from knowledge.statute import (
    CARRIED_IN_ROW,
    CARRIED_OUT_ROW,
    NEW_ROW,
    OUTCOME_GROUPS,
    OUTCOME_TABLE,
    SUB_ROW_NAMES,
)

APPLICATION_TABLE = "收到和处理政府信息公开申请情况"
REMEDY_TABLE = "政府信息公开行政复议、行政诉讼情况"

# Every figure key a report may carry, with what it counts. [report.table] uses the standard tables'
# 总计 column; [report.prose] uses the same keys for numbers the report's text states.
FIGURES: dict[str, str] = {
    "new": "本年新收政府信息公开申请",
    "new_person": "本年新收（自然人）",
    "new_org": "本年新收（法人或其他组织）",
    "change": "同比上年增减（正文，负数为减少）",
    "carried_in": "上年结转",
    **{outcome.key: outcome.name for outcome in OUTCOME_TABLE},
    "handled": "办理结果总计",
    "carried_out": CARRIED_OUT_ROW,
    "reconsideration": "行政复议",
    "reconsideration_upheld": "行政复议结果维持",
    "reconsideration_corrected": "行政复议结果纠正",
    "reconsideration_other": "行政复议其他结果",
    "reconsideration_pending": "行政复议尚未审结",
    "litigation": "行政诉讼",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_reconsideration": "复议后起诉",
    "fee_yuan": "收取信息处理费（元；0 = 报告称未收取）",
}

# The applications table's applicant-type columns, in printed order; the last is the row's total.
COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
TOTAL_COLUMN = "总计"
# Not a printed column: the five organisation columns together, as the table's header groups them.
ORG_COLUMN = "法人或其他组织"

# Every row key [report.rows] may carry, with its standard name (the table as `statute` defines it). Sub-rows
# are "<group>_<n>"; "other" alone is the 2019-format single 其他处理 row.
APPLICATION_ROWS: dict[str, str] = {
    "new": NEW_ROW,
    "carried_in": CARRIED_IN_ROW,
    **{outcome.key: outcome.name for outcome in OUTCOME_TABLE if not outcome.rows},
    **{
        f"{group}_{n}": f"{OUTCOME_GROUPS[group]}：{name}"
        for group, names in SUB_ROW_NAMES.items()
        for n, name in enumerate(names, start=1)
    },
    "other": "其他处理（2021年以前的表格格式，不分细项）",
    "handled": "办理结果总计",
    "carried_out": CARRIED_OUT_ROW,
}
# Rows that are not outcomes: what the identity new + carried_in = handled + carried_out is made of.
BALANCE_ROWS = ("new", "carried_in", "handled", "carried_out")

# The 15 cells of the reconsideration and litigation table, in printed order.
REMEDY_PARTS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
}
REMEDY_RESULTS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
REMEDY_CELLS: dict[str, str] = {
    f"{part}_{result}": f"{part_name}{result_name}"
    for part, part_name in REMEDY_PARTS.items()
    for result, result_name in REMEDY_RESULTS.items()
}

# The Art. 20 proactive-disclosure table: printed row and column names → the key parts of [report.art20].
# Two layouts: the 2021 format (本年制发/本年废止/现行有效, 本年处理决定数量, 本年收费金额) and the 2019 one
# (本年新制作/本年新公开/对外公开总数量, 上一年项目数量/本年增减/处理决定数量, 政府集中采购).
ART20_ROWS: dict[str, str] = {
    "规章": "rules",
    "行政规范性文件": "normative_documents",
    "规范性文件": "normative_documents",
    "行政许可": "licensing",
    "其他对外管理服务事项": "other_services",
    "行政处罚": "penalties",
    "行政强制": "enforcement",
    "行政事业性收费": "fees",
    "政府集中采购": "procurement",
}
ART20_COLUMNS: dict[str, str] = {
    "本年制发件数": "issued",
    "本年废止件数": "repealed",
    "现行有效件数": "in_force",
    "本年新制作数量": "made",
    "本年新公开数量": "published",
    "对外公开总数量": "public_total",
    "本年处理决定数量": "decisions",
    "处理决定数量": "decisions",
    "上一年项目数量": "items_last_year",
    "本年增/减": "items_change",
    "本年收费金额": "amount",
    "采购项目数量": "projects",
    "采购总金额": "amount",
}


@dataclass(frozen=True)
class Figure:
    """A number as printed in a report, with the seed line it came from."""

    value: int
    line: int
    end_line: int | None = None  # set when the value sums the rows line..end_line


@dataclass(frozen=True)
class TableRow:
    """One printed row of the applications table: a count per applicant type (COLUMNS order), with its seed line."""

    label: str  # as printed, cells joined by " | "
    line: int
    values: tuple[int, ...]

    def cell(self, column: str = TOTAL_COLUMN) -> Figure:
        """The row's count in one column (or ORG_COLUMN: the five organisation columns summed)."""
        return Figure(sum(self.values[i] for i in _column_indexes(column)), self.line)


def _column_indexes(column: str) -> tuple[int, ...]:
    if column == ORG_COLUMN:
        return tuple(range(1, 6))
    if column not in COLUMNS:
        raise ValueError(f"unknown column {column!r}; expected one of {COLUMNS} or {ORG_COLUMN!r}")
    return (COLUMNS.index(column),)


@dataclass(frozen=True)
class Art20Figure:
    """One cell of the Art. 20 proactive-disclosure table, as printed."""

    item: str  # "第二十条第(一)项"
    row: str  # "规章"
    column: str  # "本年制发件数", "本年收费金额(单位:万元)"
    value: int | Decimal  # "+43" is 43; amounts with decimals are Decimal
    unit: str  # "" for counts; "万元", "亿元" for amounts
    line: int

    @property
    def text(self) -> str:
        """The value with its unit, as printed ("+43" in the 本年增/减 column)."""
        sign = "+" if ART20_COLUMNS.get(self.column) == "items_change" and self.value > 0 else ""
        return f"{sign}{self.value}{self.unit}"


@dataclass(frozen=True)
class Subjects:
    """What the year's requests were mainly about, as the report's text lists them."""

    items: tuple[str, ...]  # ("土地征收", "房屋拆迁安置", "信访")
    text: str  # the clause as printed
    line: int


@dataclass(frozen=True)
class Statement:
    """A sentence of the report's text, as printed, with its seed line."""

    text: str
    line: int


@dataclass(frozen=True)
class ProseFigure:
    """A number the report's text prints, with the words just before it ("其中予以公开" 137 件) and its clause."""

    label: str
    value: int | Decimal  # "3.6万余条" is 36000
    unit: str  # "件", "条", "起", "次", "%", ...
    line: int
    clause: str = ""  # the clause it stands in, as printed ("其中予以公开137件")
    printed: str = ""  # the number and unit as printed ("137件", "3.6万余条", "上万次")
    context: str = ""  # the clause before it on the same line, "" if none
    key: str = ""  # the FIGURES key this number is, where the text states a keyed figure ("disclosed")

    @property
    def approximate(self) -> bool:
        """Whether the text gives the number as an approximation ("500余条", "上万次", "近三百条", "约360小时")."""
        return any(mark in self.printed for mark in _APPROXIMATE) or self.label.endswith(("约", "近", "上"))

    @property
    def text(self) -> str:
        """The number as printed, or value and unit where the data file does not say."""
        return self.printed or f"{self.value}{self.unit}"


# Words that make a printed number approximate.
_APPROXIMATE = ("余", "多", "近", "上", "约", "左右")


# A report's contact details, in the order its closing sentence prints them, with their names in answers.
CONTACT_FIELDS: dict[str, str] = {"address": "地址", "postcode": "邮政编码", "phone": "电话", "email": "邮箱"}
# "历下大厦2层": the building and floor an address names, if it names one.
_FLOOR = re.compile(r"[\u4e00-\u9fff]*?大厦\d+[层楼]|\d+[层楼]")


@dataclass(frozen=True)
class Contact:
    """Whom a report says to ask about it, as its closing sentence prints it ("如对本报告有疑问,请与济南市历下区政府
    办公室联系(地址:…,邮政编码:…,电话:…,邮箱:…)"): each detail as printed, "" where the report prints none."""

    body: str  # "济南市历下区政府办公室"
    text: str  # the sentence as printed, from 如对本 to its closing bracket
    line: int
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""

    def detail(self, key: str) -> str:
        """A detail by its CONTACT_FIELDS key, or "floor": the building and floor of the address ("历下大厦2层")."""
        if key == "floor":
            match = _FLOOR.search(self.address.rpartition("号")[2] or self.address)
            return match.group() if match else ""
        if key not in CONTACT_FIELDS:
            raise ValueError(f"unknown contact detail {key!r}; expected one of {list(CONTACT_FIELDS)} or 'floor'")
        value: str = getattr(self, key)
        return value


@dataclass(frozen=True)
class VersionDifference:
    """A figure this version of a report prints differently from another version of the same year."""

    what: str  # which figure, in Chinese
    value: str
    line: int
    other_version: str
    other_value: str
    other_line: int


@dataclass(frozen=True)
class Printed:
    """One printed figure of a report, flattened for comparing copies and versions."""

    what: str
    value: str
    line: int


@dataclass(frozen=True)
class Report:
    """One annual report (one version of it where differing versions were published)."""

    year: int
    version: str  # "" when the year has one version; "A", "B", ... in order of appearance
    title: str
    copies: tuple[tuple[int, int], ...]  # seed line ranges of identical copies, the kept one first
    table: dict[str, Figure]
    prose: dict[str, Figure]
    notes: tuple[str, ...] = ()
    # Everything below is every printed figure; table/prose above keep their older, summarised keys.
    rows: dict[str, TableRow] = field(default_factory=dict)  # APPLICATION_ROWS keys, printed order
    remedies: dict[str, Figure] = field(default_factory=dict)  # REMEDY_CELLS keys
    art20: dict[str, Art20Figure] = field(default_factory=dict)  # "<ART20_ROWS>_<ART20_COLUMNS>" keys
    subjects: Subjects | None = None
    fee_statement: Statement | None = None
    prose_figures: tuple[ProseFigure, ...] = ()  # every number on the text lines the prose figures come from
    differences: tuple[VersionDifference, ...] = ()  # against the year's other versions
    contact: Contact | None = None  # whom to ask about the report, from its closing sentence
    passages: tuple[Statement, ...] = ()  # the sentences of its text, for what it says in words

    @property
    def label(self) -> str:
        """The year, plus the version where there are several."""
        return f"{self.year}年" + (f"版本{self.version}" if self.version else "")

    def figure(self, key: str) -> Figure | None:
        """The table's figure, else the one the text states, else None."""
        return self.table.get(key) or self.prose.get(key)

    def value(self, key: str) -> int | None:
        """The figure's value, if the report has it."""
        found = self.figure(key)
        return found.value if found else None

    def cell(self, row: str, column: str = TOTAL_COLUMN) -> Figure | None:
        """A count of the applications table by row and applicant type; a group key sums its sub-rows."""
        if row in self.rows:
            return self.rows[row].cell(column)
        group = [r for key, r in self.rows.items() if key.rpartition("_")[0] == row and key[-1].isdigit()]
        if not group:
            return None
        total = sum(r.cell(column).value for r in group)
        return Figure(total, group[0].line, group[-1].line if len(group) > 1 else None)

    def prose_keys(self) -> list[str]:
        """The printed() key of each prose figure, in order: "prose.<label>#<n-th with that label>"."""
        seen: dict[str, int] = {}
        keys = []
        for figure in self.prose_figures:
            n = seen[figure.label] = seen.get(figure.label, 0) + 1
            keys.append(f"prose.{figure.label}#{n}")
        return keys

    def printed(self) -> dict[str, Printed]:
        """Every printed figure, keyed so that copies and versions of one report line up."""
        out: dict[str, Printed] = {}
        for key, row in self.rows.items():
            for column, value in zip(COLUMNS, row.values, strict=True):
                what = f"表格“{APPLICATION_ROWS[key]}”（{column}）"
                out[f"rows.{key}.{column}"] = Printed(what, str(value), row.line)
        for key, figure in self.remedies.items():
            out[f"remedies.{key}"] = Printed(f"表格“{REMEDY_CELLS[key]}”", str(figure.value), figure.line)
        for key, cell in self.art20.items():
            out[f"art20.{key}"] = Printed(f"第二十条表格“{cell.row}”{cell.column}", cell.text, cell.line)
        for key, prose in zip(self.prose_keys(), self.prose_figures, strict=True):
            n = int(key.rpartition("#")[2])
            what = f"正文“{prose.label}”" + (f"（第{n}处）" if n > 1 else "")
            out[key] = Printed(what, prose.text, prose.line)
        if self.subjects:
            out["subjects"] = Printed("正文所列申请主要内容", "、".join(self.subjects.items), self.subjects.line)
        if self.fee_statement:
            out["fee"] = Printed("正文关于信息处理费的说明", self.fee_statement.text, self.fee_statement.line)
        return out


def version_differences(report: Report, other: Report, other_version: str) -> list[VersionDifference]:
    """Every printed figure that report and other (labelled other_version) give differently or only one gives."""
    mine, theirs = report.printed(), other.printed()
    differences = []
    for key in [*mine, *(k for k in theirs if k not in mine)]:
        a, b = mine.get(key), theirs.get(key)
        if a is not None and b is not None and a.value == b.value:
            continue
        shown = a if a is not None else b
        assert shown is not None  # key comes from one of the two
        differences.append(
            VersionDifference(
                what=shown.what,
                value=a.value if a else "（无）",
                line=a.line if a else 0,
                other_version=other_version,
                other_value=b.value if b else "（无）",
                other_line=b.line if b else 0,
            )
        )
    return differences
