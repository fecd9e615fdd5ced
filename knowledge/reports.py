"""Figures from the agency's annual OGI reports (政府信息公开工作年度报告), and short answers about them."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

from knowledge.guide import AGENCIES_DIR, DEFAULT_AGENCY

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
    "disclosed": "予以公开",
    "partly_disclosed": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
    "handled": "办理结果总计",
    "carried_out": "结转下年度继续办理",
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

# The outcome groups of the applications table with their sub-rows' names, as the standard table prints them
# (国办公开办函〔2021〕30号; the 2019 format has the same rows except a single 其他处理 row).
OUTCOME_GROUPS: dict[str, str] = {
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
SUB_ROW_NAMES: dict[str, tuple[str, ...]] = {
    "withheld": (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ),
    "unavailable": ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
    "not_processed": (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ),
    "other": (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ),
}
# Every row key [report.rows] may carry, with its standard name. Sub-rows are "<group>_<n>"; "other" alone
# is the 2019-format single 其他处理 row.
APPLICATION_ROWS: dict[str, str] = {
    "new": "本年新收政府信息公开申请数量",
    "carried_in": "上年结转政府信息公开申请数量",
    "disclosed": "予以公开",
    "partly_disclosed": "部分公开",
    **{
        f"{group}_{n}": f"{OUTCOME_GROUPS[group]}：{name}"
        for group, names in SUB_ROW_NAMES.items()
        for n, name in enumerate(names, start=1)
    },
    "other": "其他处理（2021年以前的表格格式，不分细项）",
    "handled": "办理结果总计",
    "carried_out": "结转下年度继续办理",
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


class ReportsError(ValueError):
    """The reports data file is malformed."""


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
    """A number the report's text prints, with the words just before it ("其中予以公开" 137 件)."""

    label: str
    value: int | Decimal
    unit: str  # "件", "条", "起", "%"
    line: int


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
        seen: dict[str, int] = {}
        for figure in self.prose_figures:
            n = seen[figure.label] = seen.get(figure.label, 0) + 1
            what = f"正文“{figure.label}”" + (f"（第{n}处）" if n > 1 else "")
            out[f"prose.{figure.label}#{n}"] = Printed(what, f"{figure.value}{figure.unit}", figure.line)
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


@dataclass(frozen=True)
class ReportReply:
    """A short answer about report figures, where it comes from, and which kind of question it was."""

    text: str
    source: str
    topic: str
    # False when the question asks for a figure the reports' data does not hold.
    known: bool = True


def _figures(raw: dict, where: str) -> dict[str, Figure]:
    unknown = set(raw) - set(FIGURES)
    if unknown:
        raise ReportsError(f"{where}: unknown figures {sorted(unknown)}")
    return {key: Figure(**raw[key]) for key in FIGURES if key in raw}


def _number(raw: int | str) -> int | Decimal:
    # Amounts with decimals are stored as strings so that 11609.06 stays exactly what was printed.
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise ReportsError(f"a decimal figure must be digits, got {raw!r}") from exc
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ReportsError(f"a figure's value must be an integer or a decimal string, got {raw!r}")
    return raw


def _rows(raw: dict, where: str) -> dict[str, TableRow]:
    unknown = set(raw) - set(APPLICATION_ROWS)
    if unknown:
        raise ReportsError(f"{where}: unknown rows {sorted(unknown)}")
    rows = {key: TableRow(label=r["label"], line=r["line"], values=tuple(r["values"])) for key, r in raw.items()}
    for key, row in rows.items():
        if len(row.values) != len(COLUMNS) or not all(isinstance(v, int) for v in row.values):
            raise ReportsError(f"{where}: row {key} needs {len(COLUMNS)} integers, got {row.values}")
    return rows


def _remedies(raw: dict, where: str) -> dict[str, Figure]:
    unknown = set(raw) - set(REMEDY_CELLS)
    if unknown:
        raise ReportsError(f"{where}: unknown cells {sorted(unknown)}")
    return {key: Figure(**raw[key]) for key in REMEDY_CELLS if key in raw}


def _art20(raw: dict, where: str) -> dict[str, Art20Figure]:
    cells = {}
    for key, c in raw.items():
        column = re.sub(r"\(单位:.*?\)", "", c["column"])
        if c["row"] not in ART20_ROWS or column not in ART20_COLUMNS:
            raise ReportsError(f"{where}: unknown row or column in {key}: {c['row']!r}, {c['column']!r}")
        cells[key] = Art20Figure(c["item"], c["row"], c["column"], _number(c["value"]), c["unit"], c["line"])
    return cells


def _report(r: dict) -> Report:
    where = f"{r['year']}{r['version']}"
    subjects, fee = r.get("subjects"), r.get("fee_statement")
    return Report(
        year=r["year"],
        version=r["version"],
        title=r["title"],
        copies=tuple((start, end) for start, end in r["copies"]),
        table=_figures(r.get("table", {}), f"{where} table"),
        prose=_figures(r.get("prose", {}), f"{where} prose"),
        notes=tuple(r.get("notes", ())),
        rows=_rows(r.get("rows", {}), f"{where} rows"),
        remedies=_remedies(r.get("remedies", {}), f"{where} remedies"),
        art20=_art20(r.get("art20", {}), f"{where} art20"),
        subjects=Subjects(tuple(subjects["items"]), subjects["text"], subjects["line"]) if subjects else None,
        fee_statement=Statement(fee["text"], fee["line"]) if fee else None,
        prose_figures=tuple(
            ProseFigure(f["label"], _number(f["value"]), f["unit"], f["line"]) for f in r.get("prose_figures", ())
        ),
        differences=tuple(VersionDifference(**d) for d in r.get("differences", ())),
    )


def parse_reports(raw: dict) -> tuple[Report, ...]:
    """Build the reports from the parsed TOML."""
    try:
        reports = tuple(_report(r) for r in raw["report"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportsError(f"reports data is missing or has a wrong key: {exc}") from exc
    labels = [(r.year, r.version) for r in reports]
    if len(set(labels)) != len(labels):
        raise ReportsError("a year and version appear twice")
    return reports


@cache
def load_reports(agency: str = DEFAULT_AGENCY) -> tuple[Report, ...]:
    """The reports of an agency, read from knowledge/agencies/<agency>/reports.toml."""
    with (AGENCIES_DIR / agency / "reports.toml").open("rb") as fh:
        return parse_reports(tomllib.load(fh))


# A four-digit year that is not the start of a date ("2022年4月", "2022-04-01").
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*年?\s*\d{1,2}\s*[月/.-])")
# "22年" in a question about figures means 2022; only two-digit years of the reports' century qualify.
_SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)年(?!\s*\d)")
# A count of items or pages belongs to the fee calculator ("申请35件多少钱").
_QUANTITY = re.compile(r"(?<!\d)\d{1,3}\s*[件页张份]")

# Report questions are short; longer texts are descriptions of wanted information or other questions.
MAX_QUESTION_CHARS = 40
# Phrases of an application for information ("申请公开2021年…的方案"), which names years but asks no figure.
_REQUEST_WORDS = ("请公开", "申请公开", "要求公开", "申请获取", "请提供", "《", "〔")

_COUNT_WORDS = ("多少", "几件", "几个", "几起", "几次", "数量", "总数", "件数", "几")
_APPLICATION_WORDS = ("收到", "申请", "新收", "受理", "收件", "接收")
_HEADLINE_WORDS = ("情况", "概况", "总体", "数据", "年报", "年度报告", "报告", "统计", "汇总")
_HOW_TO_WORDS = ("怎么", "如何", "怎样", "在哪", "哪里", "流程", "步骤", "材料", "条件", "需要什么")
_COMPARE_WORDS = ("比", "对比", "较", "增加", "减少", "变化", "差", "增长", "下降")
_WHICH_YEAR = ("哪一年", "哪年", "哪个年", "哪一个年")
_SERIES_WORDS = ("历年", "每年", "各年", "逐年", "趋势", "这几年", "近几年", "每一年")
# Words where 公开 names the subject, not the outcome 予以公开.
_OPENNESS_PHRASES = ("政府信息公开", "信息公开", "政务公开", "依申请公开", "公开申请", "公开工作", "公开年报")

# Topic → the phrases that ask for it, checked in this order (the first match wins).
_TOPIC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("art20_licensing", ("行政许可",)),
    ("art20_penalties", ("行政处罚",)),
    ("art20_enforcement", ("行政强制",)),
    ("art20_fees", ("行政事业性收费",)),
    ("art20_documents", ("规范性文件", "规章")),
    ("reconsideration", ("复议",)),
    ("litigation", ("诉讼", "起诉", "官司")),
    ("withheld", ("不予公开", "不公开", "拒绝公开", "不同意公开")),
    ("disclosed", ("部分公开",)),
    ("outcomes", ("无法提供", "不予处理", "其他处理", "办理结果", "答复结果", "处理结果", "办结")),
    ("carried", ("结转",)),
    ("fee", ("信息处理费", "收费", "收取")),
)


def _years(text: str) -> list[int]:
    """The distinct years named in the text, in order."""
    found: list[int] = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        if year not in found:
            found.append(year)
    return found


def _asks_disclosed(text: str) -> bool:
    for phrase in _OPENNESS_PHRASES:
        text = text.replace(phrase, "")
    return "公开" in text


def _topic(text: str) -> str | None:
    """Which figure the question asks for, or None if it asks for none."""
    counts = any(word in text for word in _COUNT_WORDS)
    if any(word in text for word in _HOW_TO_WORDS) and not counts:
        return None
    if "标准" in text:  # 收费标准 and the like are the guide's, not the reports'
        return None
    if "主动公开" in text:  # proactive-disclosure counts are not in this data; 予以公开 would mislead
        return UNKNOWN if counts else None
    for topic, words in _TOPIC_WORDS:
        if any(word in text for word in words):
            return topic
    if _asks_disclosed(text):
        return "disclosed"
    headline = any(word in text for word in _HEADLINE_WORDS)
    if headline and not counts:
        return "headline"
    # "2021年比2020年多多少": comparisons between years are of new applications.
    if any(word in text for word in _APPLICATION_WORDS) or (counts and any(w in text for w in _COMPARE_WORDS)):
        return "applications"
    if counts:
        # A count of something other than applications ("人大代表建议多少件"): not a figure we hold.
        return UNKNOWN
    return "headline" if headline else None


UNKNOWN = "unknown"
ART20_TABLE = "主动公开政府信息情况"
# Art. 20 table rows by topic: (label, key) pairs, as the reports of 2021 and 2022 print them.
_ART20_FIGURES: dict[str, tuple[tuple[str, str], ...]] = {
    "art20_licensing": (("行政许可本年处理决定数量", "licensing_decisions"),),
    "art20_penalties": (("行政处罚本年处理决定数量", "penalties_decisions"),),
    "art20_enforcement": (("行政强制本年处理决定数量", "enforcement_decisions"),),
    "art20_fees": (("行政事业性收费本年收费金额", "fees_amount"),),
    "art20_documents": (
        ("行政规范性文件本年制发", "normative_documents_issued"),
        ("本年废止", "normative_documents_repealed"),
        ("现行有效", "normative_documents_in_force"),
    ),
}


def _art20_renderer(topic: str) -> Callable[[Report], list[str]]:
    """A renderer for one row of the Art. 20 table."""

    def render(report: Report) -> list[str]:
        cells = [(label, report.art20[key]) for label, key in _ART20_FIGURES[topic] if key in report.art20]
        # Counts are printed bare in the table; amounts carry their unit (万元).
        listed = [f"{label}{cell.text}{'' if cell.unit else '件'}" for label, cell in cells]
        return listed or ["年度报告的主动公开表格没有列出这项数字"]

    return render


def _n(value: int) -> str:
    return f"{value}件"


def _listed(pairs: list[tuple[str, int | None]], *, skip_zero: bool = False) -> list[str]:
    """'label N件' for each known figure."""
    return [f"{label}{_n(value)}" for label, value in pairs if value is not None and not (skip_zero and value == 0)]


def _stated_otherwise(report: Report, key: str, label: str) -> str:
    """A remark where the report's text gives another number than its table, else ''."""
    table, stated = report.table.get(key), report.prose.get(key)
    if not (table and stated and table.value != stated.value):
        return ""
    if key == "new" and stated.value == report.value("new_person"):
        return f"报告正文写作{label}{_n(stated.value)}，与表中自然人申请数相同"
    return f"报告正文写作{label}{_n(stated.value)}，与表格不一致"


def _remarked(text: str, *remarks: str) -> str:
    """The text with its non-empty remarks in one pair of brackets."""
    kept = "；".join(r for r in remarks if r)
    return f"{text}（{kept}）" if kept else text


def _handled(report: Report) -> list[str]:
    handled = report.value("handled")
    return [f"全年办结{_n(handled)}"] if handled is not None else []


# Each renderer gives a report's answer as clauses, so that clauses two versions share are said once.
def _applications(report: Report) -> list[str]:
    new = report.value("new")
    if new is None:
        return ["年度报告没有列出收到申请的数量"]
    verb = "新收" if "new" in report.table else "收到"
    person, org = report.value("new_person"), report.value("new_org")
    split = f"自然人{_n(person)}，法人或其他组织{_n(org)}" if person is not None and org is not None else ""
    text = _remarked(f"区政府{verb}政府信息公开申请{_n(new)}", split, _stated_otherwise(report, "new", ""))
    return [text, *_listed([("上年结转", report.value("carried_in"))])]


def _disclosed(report: Report) -> list[str]:
    disclosed = report.value("disclosed")
    if disclosed is None:
        return ["年度报告没有列出予以公开的数量"]
    partly = _listed([("部分公开", report.value("partly_disclosed"))])
    stated = _stated_otherwise(report, "disclosed", "予以公开")
    return [_remarked(f"予以公开{_n(disclosed)}", stated), *partly, *_handled(report)]


def _withheld(report: Report) -> list[str]:
    withheld = report.value("withheld")
    if withheld is None:
        return ["年度报告没有列出不予公开的数量"]
    # The reasons are the table's eight sub-rows; only those with cases are worth saying.
    reasons = [
        f"{name}{_n(cell.value)}"
        for index, name in enumerate(SUB_ROW_NAMES["withheld"], start=1)
        if (cell := report.cell(f"withheld_{index}")) is not None and cell.value
    ]
    stated = _stated_otherwise(report, "withheld", "不予公开")
    return [_remarked(f"不予公开{_n(withheld)}", "、".join(reasons) if reasons else "", stated), *_handled(report)]


def _outcomes(report: Report) -> list[str]:
    keys = ("disclosed", "partly_disclosed", "withheld", "unavailable", "not_processed", "other")
    listed = _listed([(FIGURES[key], report.value(key)) for key in keys])
    if not listed:
        return ["年度报告没有列出办理结果"]
    return listed + [f"共办结{_n(v)}" for v in [report.value("handled")] if v is not None]


def _carried(report: Report) -> list[str]:
    listed = _listed([("上年结转", report.value("carried_in")), ("结转下年度继续办理", report.value("carried_out"))])
    return listed or ["年度报告没有列出结转的申请数"]


def _remedy(report: Report, key: str, label: str, parts: tuple[tuple[str, str], ...]) -> list[str]:
    """A reconsideration or litigation total with its non-zero results."""
    total = report.value(key)
    if total is None:
        return [f"年度报告没有列出政府信息公开{label}的数量"]
    listed = _listed([(name, report.value(part)) for name, part in parts], skip_zero=True)
    return [_remarked(f"政府信息公开{label}{_n(total)}", "，".join(listed))]


def _reconsideration(report: Report) -> list[str]:
    results = (
        ("维持", "reconsideration_upheld"),
        ("纠正", "reconsideration_corrected"),
        ("其他结果", "reconsideration_other"),
        ("尚未审结", "reconsideration_pending"),
    )
    return _remedy(report, "reconsideration", "行政复议", results)


def _litigation(report: Report) -> list[str]:
    results = (("未经复议直接起诉", "litigation_direct"), ("复议后起诉", "litigation_after_reconsideration"))
    return _remedy(report, "litigation", "行政诉讼", results)


def _fee(report: Report) -> list[str]:
    fee = report.value("fee_yuan")
    if fee is None:
        return ["年度报告没有说明信息处理费的收取情况"]
    return ["年度报告称未收取信息处理费" if fee == 0 else f"收取信息处理费{fee}元"]


def _headline(report: Report) -> list[str]:
    listed = _listed(
        [
            ("新收申请", report.value("new")),
            ("上年结转", report.value("carried_in")),
            ("予以公开", report.value("disclosed")),
            ("部分公开", report.value("partly_disclosed")),
            ("行政复议", report.value("reconsideration")),
            ("行政诉讼", report.value("litigation")),
        ]
    )
    return listed or ["年度报告没有列出申请办理的数字"]


_RENDER = {
    "applications": _applications,
    "disclosed": _disclosed,
    "withheld": _withheld,
    "outcomes": _outcomes,
    "carried": _carried,
    "reconsideration": _reconsideration,
    "litigation": _litigation,
    "fee": _fee,
    "headline": _headline,
    **{topic: _art20_renderer(topic) for topic in _ART20_FIGURES},
}
# The tables each topic's figures come from (the rest come from the applications table); none: the text.
_TABLES: dict[str, tuple[str, ...]] = {
    "reconsideration": (REMEDY_TABLE,),
    "litigation": (REMEDY_TABLE,),
    "headline": (APPLICATION_TABLE, REMEDY_TABLE),
    "fee": (),
    **{topic: (ART20_TABLE,) for topic in _ART20_FIGURES},
}


class ReportAnswerer:
    """Answers questions about the figures in the agency's annual reports."""

    def __init__(self, reports: tuple[Report, ...] | None = None) -> None:
        self.reports = reports if reports is not None else load_reports()
        self.by_year: dict[int, list[Report]] = {}
        for report in self.reports:
            self.by_year.setdefault(report.year, []).append(report)

    def answer(self, text: str) -> ReportReply | None:
        """Answer a question about report figures, or None if it is not one."""
        text = _SHORT_YEAR.sub(r"20\1年", text)
        if len(text) > MAX_QUESTION_CHARS or any(word in text for word in _REQUEST_WORDS):
            return None
        if _QUANTITY.search(_YEAR.sub("", text)):
            return None
        years = _years(text)
        if not years:
            return self._across_years(text)
        topic = _topic(text)
        if topic is None:
            return None
        if topic == UNKNOWN:
            return ReportReply(
                text="年度报告数据中没有这项数字。可以查询各年的：收到申请数、办理结果、不予公开的原因、行政复议、"
                "行政诉讼、信息处理费，以及行政许可、行政处罚、行政强制决定数、行政事业性收费和规范性文件数。",
                source=self._series_source(),
                topic="report_unknown",
                known=False,
            )
        # Comparisons are of new applications only; other figures are listed year by year.
        compares = topic in ("applications", "headline") and any(word in text for word in _COMPARE_WORDS)
        if len(years) >= 2 and compares:
            return self._compare(years[0], years[1])
        replies = [self._for_year(year, topic) for year in years]
        return ReportReply(
            text="\n".join(r.text for r in replies),
            source="；".join(dict.fromkeys(r.source for r in replies)),
            topic=replies[0].topic if len(replies) == 1 else f"report_{topic}",
        )

    def years(self) -> list[int]:
        """The years we have a report for, ascending."""
        return sorted(self.by_year)

    def _missing(self, year: int) -> ReportReply:
        have = "、".join(str(y) for y in self.years())
        return ReportReply(
            text=f"没有{year}年的年度报告数据；现有：{have}年。",
            source=self._series_source(),
            topic="report_missing_year",
        )

    def _for_year(self, year: int, topic: str) -> ReportReply:
        versions = self.by_year.get(year)
        if not versions:
            return self._missing(year)
        clauses = [_RENDER[topic](report) for report in versions]
        if all(c == clauses[0] for c in clauses):
            text = f"{year}年，{'，'.join(clauses[0])}。"
        else:
            shared = [c for c in clauses[0] if all(c in other for other in clauses)]
            each = "".join(
                f"版本{r.version}：{'，'.join(c for c in own if c not in shared)}。"
                for r, own in zip(versions, clauses, strict=True)
            )
            same = f"各版本相同的是：{'，'.join(shared)}。" if shared else ""
            text = f"{year}年的年度报告有{len(versions)}个数字不同的版本。{each}{same}{self._support(year)}"
        return ReportReply(text=text, source=self._source(versions, topic), topic=f"report_{topic}")

    def _support(self, year: int) -> str:
        """Which version the next year's 上年结转 agrees with, if exactly one does."""
        following = self.by_year.get(year + 1, [])
        carried_in = {r.table["carried_in"].value for r in following if "carried_in" in r.table}
        if len(carried_in) != 1:
            return ""
        (value,) = carried_in
        agreeing = [r for r in self.by_year[year] if r.value("carried_out") == value]
        if len(agreeing) != 1:
            return ""
        version = agreeing[0].version
        return (
            f"{year + 1}年报告的上年结转（{_n(value)}）与版本{version}的结转下年度继续办理（{_n(value)}）一致，"
            f"支持版本{version}。"
        )

    def _source(self, versions: list[Report], topic: str) -> str:
        report = versions[0]
        tables = _TABLES.get(topic, (APPLICATION_TABLE,)) if report.table else ()
        where = "表格" + "".join(f"“{table}”" for table in tables) if tables else "正文"
        kinds = f"（{'、'.join('版本' + r.version for r in versions)}）" if len(versions) > 1 else ""
        return f"《{report.title}》{kinds}{where}"

    def _series_source(self) -> str:
        years = "、".join(str(y) for y in self.years())
        return f"《济南市历下区人民政府政府信息公开工作年度报告》（{years}年）"

    def _new_values(self, year: int) -> list[tuple[str, int]]:
        """The year's new applications, one per version that states them."""
        return [(r.version, v) for r in self.by_year.get(year, []) if (v := r.value("new")) is not None]

    def _described(self, year: int) -> str:
        """The year's new applications for a list: '2020年176件', with versions and text-only figures marked."""
        parts = []
        for report in self.by_year.get(year, []):
            new = report.value("new")
            if new is None:
                continue
            remarks = [f"版本{report.version}"] if report.version else []
            stated = report.prose.get("new")
            if "new" not in report.table:
                remarks.append("据正文")
            elif stated and stated.value != new:
                remarks.append(f"正文写作{_n(stated.value)}")
            parts.append(_n(new) + (f"（{'，'.join(remarks)}）" if remarks else ""))
        return f"{year}年" + "或".join(parts)

    def _compare(self, first: int, second: int) -> ReportReply:
        for year in (first, second):
            if not self._new_values(year):
                return self._missing(year)
        differences = []
        for version_a, a in self._new_values(first):
            for version_b, b in self._new_values(second):
                labels = "、".join(f"版本{v}" for v in (version_a, version_b) if v)
                how = f"多{_n(a - b)}" if a >= b else f"少{_n(b - a)}"
                differences.append((f"按{labels}" if labels else "") + how)
        text = (
            f"区政府新收政府信息公开申请：{self._described(first)}，{self._described(second)}。"
            f"{first}年比{second}年{'，'.join(differences)}。"
        )
        support = "".join(self._support(y) for y in (first, second) if len(self.by_year[y]) > 1)
        titles = "；".join(f"《{self.by_year[y][0].title}》" for y in (first, second))
        return ReportReply(text=text + support, source=f"{titles}表格“{APPLICATION_TABLE}”", topic="report_compare")

    def _across_years(self, text: str) -> ReportReply | None:
        """Questions over all years: which year had most or fewest applications, or the series."""
        asks_applications = any(word in text for word in _APPLICATION_WORDS + _COUNT_WORDS)
        if not asks_applications:
            return None
        series = "；".join(self._described(year) for year in self.years() if self._new_values(year))
        if any(word in text for word in _WHICH_YEAR):
            fewest = any(word in text for word in ("最少", "最低"))
            pick = min if fewest else max
            peaks = {year: pick(v for _, v in values) for year in self.years() if (values := self._new_values(year))}
            best = pick(peaks, key=lambda year: peaks[year])
            tied = [year for year, value in peaks.items() if value == peaks[best]]
            which = "、".join(f"{year}年" for year in tied)
            text = f"按年度报告的新收申请数，{which}{'最少' if fewest else '最多'}。各年：{series}。"
            support = "".join(self._support(y) for y in tied if len(self.by_year[y]) > 1)
            return ReportReply(text=text + support, source=self._series_source(), topic="report_extreme")
        if any(word in text for word in _SERIES_WORDS):
            return ReportReply(
                text=f"各年新收政府信息公开申请：{series}。", source=self._series_source(), topic="report_series"
            )
        return None
