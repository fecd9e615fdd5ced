"""The table figures of one report as the clauses of an answer, topic by topic, and as amounts to compare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from knowledge.reports.model import APPLICATION_TABLE, FIGURES, REMEDY_TABLE, Report
from knowledge.statute import SUB_ROW_NAMES

ART20_TABLE = "主动公开政府信息情况"
# Art. 20 table rows by topic: (label, key) pairs, as the reports of 2021 and 2022 print them.
ART20_FIGURES: dict[str, tuple[tuple[str, str], ...]] = {
    "art20_licensing": (("行政许可本年处理决定数量", "licensing_decisions"),),
    "art20_penalties": (("行政处罚本年处理决定数量", "penalties_decisions"),),
    "art20_enforcement": (("行政强制本年处理决定数量", "enforcement_decisions"),),
    "art20_fees": (("行政事业性收费本年收费金额", "fees_amount"),),
    "art20_procurement": (("政府集中采购项目数量", "procurement_projects"), ("采购总金额", "procurement_amount")),
    "art20_documents": (
        ("行政规范性文件本年制发", "normative_documents_issued"),
        ("本年废止", "normative_documents_repealed"),
        ("现行有效", "normative_documents_in_force"),
    ),
}
_REMEDY_RESULTS = (
    ("维持", "reconsideration_upheld"),
    ("纠正", "reconsideration_corrected"),
    ("其他结果", "reconsideration_other"),
    ("尚未审结", "reconsideration_pending"),
)
_LITIGATION_PARTS = (("未经复议直接起诉", "litigation_direct"), ("复议后起诉", "litigation_after_reconsideration"))
_OUTCOME_KEYS = ("disclosed", "partly_disclosed", "withheld", "unavailable", "not_processed", "other")
_HEADLINE = (
    ("新收申请", "new"),
    ("上年结转", "carried_in"),
    ("予以公开", "disclosed"),
    ("部分公开", "partly_disclosed"),
    ("行政复议", "reconsideration"),
    ("行政诉讼", "litigation"),
)

# The FIGURES keys each topic's answer states: where the reports print one of them two ways, the answer says so.
GIVES: dict[str, tuple[str, ...]] = {
    "applications": ("new", "new_person", "new_org", "carried_in"),
    "disclosed": ("disclosed", "partly_disclosed", "handled"),
    "withheld": ("withheld", "handled"),
    "outcomes": (*_OUTCOME_KEYS, "handled"),
    "carried": ("carried_in", "carried_out"),
    "reconsideration": ("reconsideration", *(key for _, key in _REMEDY_RESULTS)),
    "litigation": ("litigation", *(key for _, key in _LITIGATION_PARTS)),
    "fee": ("fee_yuan",),
    "headline": tuple(key for _, key in _HEADLINE),
    **{topic: () for topic in ART20_FIGURES},
}
# What a comparison or a series of each topic is of: its name and the figure (a FIGURES or Art. 20 key).
MEASURES: dict[str, tuple[str, str]] = {
    "applications": ("区政府新收政府信息公开申请", "new"),
    "headline": ("区政府新收政府信息公开申请", "new"),
    "disclosed": ("予以公开", "disclosed"),
    "withheld": ("不予公开", "withheld"),
    "outcomes": ("办理结果总计", "handled"),
    "carried": ("结转下年度继续办理", "carried_out"),
    "reconsideration": ("政府信息公开行政复议", "reconsideration"),
    "litigation": ("政府信息公开行政诉讼", "litigation"),
    "fee": ("收取信息处理费", "fee_yuan"),
    **{topic: figures[0] for topic, figures in ART20_FIGURES.items()},
}
# The tables each topic's figures come from (the rest come from the applications table); none: the text.
TABLES: dict[str, tuple[str, ...]] = {
    "reconsideration": (REMEDY_TABLE,),
    "litigation": (REMEDY_TABLE,),
    "headline": (APPLICATION_TABLE, REMEDY_TABLE),
    "fee": (),
    **{topic: (ART20_TABLE,) for topic in ART20_FIGURES},
}


@dataclass(frozen=True)
class Amount:
    """One value of a measure in one report, to compare or list."""

    value: int | Decimal
    unit: str  # "件", "万元", "%", "条", "元"
    text: str  # as said: "341件", "3.6万余条"
    approximate: bool = False
    names: tuple[str, ...] = ()  # the figure names it is known by, for the printed discrepancies
    quote: str = ""  # for a number of the text: the clause it stands in


def amount(report: Report, topic: str) -> Amount | None:
    """The value a comparison of the topic uses in this report, if the report has it."""
    _, key = MEASURES[topic]
    if topic in ART20_FIGURES:
        cell = report.art20.get(key)
        if cell is None:
            return None
        unit = cell.unit or "件"
        return Amount(cell.value, unit, f"{cell.value}{unit}")
    value = report.value(key)
    if value is None:
        return None
    unit = "元" if key == "fee_yuan" else "件"
    return Amount(value, unit, f"{value}{unit}", names=(key,))


def _art20_renderer(topic: str) -> Callable[[Report], list[str]]:
    """A renderer for one row of the Art. 20 table."""

    def render(report: Report) -> list[str]:
        cells = [(label, report.art20[key]) for label, key in ART20_FIGURES[topic] if key in report.art20]
        # Counts are printed bare in the table; amounts carry their unit (万元).
        listed = [f"{label}{cell.text}{'' if cell.unit else '件'}" for label, cell in cells]
        return listed or ["年度报告的主动公开表格没有列出这项数字"]

    return render


def n(value: int | Decimal) -> str:
    """A count of applications or cases: "12件"."""
    return f"{value}件"


def _listed(pairs: list[tuple[str, int | None]], *, skip_zero: bool = False) -> list[str]:
    """'label N件' for each known figure."""
    return [f"{label}{n(value)}" for label, value in pairs if value is not None and not (skip_zero and value == 0)]


def _remarked(text: str, *remarks: str) -> str:
    """The text with its non-empty remarks in one pair of brackets."""
    kept = "；".join(r for r in remarks if r)
    return f"{text}（{kept}）" if kept else text


def _handled(report: Report) -> list[str]:
    handled = report.value("handled")
    return [f"全年办结{n(handled)}"] if handled is not None else []


# Each renderer gives a report's answer as clauses, so that clauses two versions share are said once.
def _applications(report: Report) -> list[str]:
    new = report.value("new")
    if new is None:
        return ["年度报告没有列出收到申请的数量"]
    verb = "新收" if "new" in report.table else "收到"
    person, org = report.value("new_person"), report.value("new_org")
    split = f"自然人{n(person)}，法人或其他组织{n(org)}" if person is not None and org is not None else ""
    text = _remarked(f"区政府{verb}政府信息公开申请{n(new)}", split)
    return [text, *_listed([("上年结转", report.value("carried_in"))])]


def _disclosed(report: Report) -> list[str]:
    disclosed = report.value("disclosed")
    if disclosed is None:
        return ["年度报告没有列出予以公开的数量"]
    partly = _listed([("部分公开", report.value("partly_disclosed"))])
    return [f"予以公开{n(disclosed)}", *partly, *_handled(report)]


# The sub-row "其他" of 其他处理 says nothing its outcome does not.
_UNNAMED = "其他"


def _parts(report: Report, group: str) -> str:
    """An outcome's sub-rows that have cases ("本机关不掌握相关政府信息44件"), as the table prints them since 2021."""
    return "、".join(
        f"{name}{n(cell.value)}"
        for index, name in enumerate(SUB_ROW_NAMES.get(group, ()), start=1)
        if (cell := report.cell(f"{group}_{index}")) is not None and cell.value and name != _UNNAMED
    )


def _withheld(report: Report) -> list[str]:
    withheld = report.value("withheld")
    if withheld is None:
        return ["年度报告没有列出不予公开的数量"]
    return [_remarked(f"不予公开{n(withheld)}", _parts(report, "withheld")), *_handled(report)]


def _outcomes(report: Report) -> list[str]:
    listed = [
        _remarked(f"{FIGURES[key]}{n(value)}", _parts(report, key))
        for key in _OUTCOME_KEYS
        if (value := report.value(key)) is not None
    ]
    if not listed:
        return ["年度报告没有列出办理结果"]
    return listed + [f"共办结{n(v)}" for v in [report.value("handled")] if v is not None]


def _carried(report: Report) -> list[str]:
    listed = _listed([("上年结转", report.value("carried_in")), ("结转下年度继续办理", report.value("carried_out"))])
    return listed or ["年度报告没有列出结转的申请数"]


def _remedy(report: Report, key: str, label: str, parts: tuple[tuple[str, str], ...]) -> list[str]:
    """A reconsideration or litigation total with its non-zero results."""
    total = report.value(key)
    if total is None:
        return [f"年度报告没有列出政府信息公开{label}的数量"]
    listed = _listed([(name, report.value(part)) for name, part in parts], skip_zero=True)
    return [_remarked(f"政府信息公开{label}{n(total)}", "，".join(listed))]


def _reconsideration(report: Report) -> list[str]:
    return _remedy(report, "reconsideration", "行政复议", _REMEDY_RESULTS)


def _litigation(report: Report) -> list[str]:
    return _remedy(report, "litigation", "行政诉讼", _LITIGATION_PARTS)


def _fee(report: Report) -> list[str]:
    fee = report.value("fee_yuan")
    if fee is None:
        return ["年度报告没有说明信息处理费的收取情况"]
    return ["年度报告称未收取信息处理费" if fee == 0 else f"收取信息处理费{fee}元"]


def _headline(report: Report) -> list[str]:
    listed = _listed([(label, report.value(key)) for label, key in _HEADLINE])
    return listed or ["年度报告没有列出申请办理的数字"]


RENDER: dict[str, Callable[[Report], list[str]]] = {
    "applications": _applications,
    "disclosed": _disclosed,
    "withheld": _withheld,
    "outcomes": _outcomes,
    "carried": _carried,
    "reconsideration": _reconsideration,
    "litigation": _litigation,
    "fee": _fee,
    "headline": _headline,
    **{topic: _art20_renderer(topic) for topic in ART20_FIGURES},
}


def given(report: Report, topic: str) -> set[tuple[str, str]]:
    """The figures a topic's answer states from this report, as (Report.label, FIGURES key)."""
    return {(report.label, key) for key in GIVES[topic] if report.figure(key) is not None}
