"""Percentages of report figures: a change between two years ("减少18.1%") and a share of a whole ("占…的62.6%"),
computed from the figures, and the percentages the reports' text prints for them ("下降17.8%", "占比约60%")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from knowledge.reports.compare import Tagged
from knowledge.reports.model import ProseFigure, Report
from knowledge.reports.render import Amount

_TENTH = Decimal("0.1")
# The label of a printed percentage of change ("上升了93%", "下降17.8%"), and of the count of change it follows
# ("同比去年减少38件").
_CHANGE_LABEL = re.compile(r"上升|下降|增长|减少|增加|提高|降低")
_YEAR_ON_YEAR = re.compile(r"同比|比上年|较上年|比去年|较去年")


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """part as a percentage of whole, to one decimal, halves rounded up (93.75 → 93.8)."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _change(a: Amount, b: Amount, base_year: int) -> str:
    """How a changed against b in percent, with the figures used: "减少18.1%（少39件÷2019年215件）"."""
    if a.unit != b.unit:
        return f"单位不同（{a.text}与{b.text}），不能计算增减百分比"
    if b.value == 0:
        return f"不能计算增减百分比（{base_year}年为0）"
    gap = a.value - b.value
    size = gap if gap > 0 else -gap  # abs(), which mypy cannot type over int | Decimal
    about = "约" if a.approximate or b.approximate else ""
    if gap == 0:
        return f"{about}持平（增减0%）"
    way, by = ("增加", "多") if gap > 0 else ("减少", "少")
    return f"{way}{about}{percent(size, b.value)}%（{by}{size}{a.unit}÷{base_year}年{b.text}）"


def changes(first: int, a: list[Tagged], second: int, b: list[Tagged]) -> str:
    """The change in percent from the second year to the first for every pair of their values, each named by its
    tags where there are several: "2020年比2019年减少18.1%（少39件÷2019年215件）"; "" for percentages, whose
    difference is already said in percentage points."""
    if all(t.amount.unit == "%" for t in a + b):
        return ""
    if all(t.amount.value == 0 for t in b):
        return f"{second}年为0，不能计算{first}年比{second}年增减的百分比"
    found = []
    for x in a:
        for y in b:
            tags = "、".join(t for t in (x.tag, y.tag) if t)
            named = f"按{tags}算" if tags and len(a) * len(b) > 1 else ""
            found.append(named + _change(x.amount, y.amount, second))
    return f"{first}年比{second}年{'，'.join(dict.fromkeys(found))}"


def printed_change(report: Report, values: list[Tagged], key: str, *, needs_percent: bool = True) -> str:
    """The report's own statement of the measure's change on the year before with its percentage ("同比去年减少38件，
    下降17.8%"), quoted; without needs_percent also one that prints no percentage ("同比去年增加500余条"); "" where
    it prints none. key is the measure's figure key ("new"), "" for a number of the text, whose own clause the
    statement follows."""
    counted = [f for f in report.prose_figures if _YEAR_ON_YEAR.search(f.label)]
    if key:
        counted = [f for f in counted if f.key == "change" and key == "new"]
    else:
        own = [_figure(report, t.amount) for t in values if t.report is report]
        clauses = {(f.line, f.clause) for f in own if f is not None}
        counted = [f for f in counted if (f.line, f.context) in clauses]
    for change in counted:
        for figure in report.prose_figures:
            follows = (figure.line, figure.context) == (change.line, change.clause)
            if follows and figure.unit == "%" and _CHANGE_LABEL.search(figure.label):
                return f"“{change.clause}，{figure.clause}”"
        if not needs_percent:
            return f"“{change.clause}”"
    return ""


def printed_share(report: Report, key: str) -> str:
    """The report's own share of a keyed figure ("其中予以公开137件，占比约60%"), quoted; "" where it prints none."""
    for stated in (f for f in report.prose_figures if f.key == key):
        for figure in report.prose_figures:
            follows = (figure.line, figure.context) == (stated.line, stated.clause)
            if follows and figure.unit == "%" and "占" in figure.label:
                return f"“{stated.clause}，{figure.clause}”"
    return ""


def _figure(report: Report, amount: Amount) -> ProseFigure | None:
    """The number of the report's text an amount of the text stands for."""
    for figure in report.prose_figures:
        if figure.clause and figure.clause in amount.quote and figure.value == amount.value:
            return figure
    return None
