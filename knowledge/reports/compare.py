"""A measure's values in one year's reports, put side by side: differences between years, and series."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from knowledge.reports.model import Report
from knowledge.reports.prose import ProseMatch
from knowledge.reports.render import MEASURES, Amount, amount

# A measure that is a number of the reports' text is "prose:" and the words asked ("prose:人大代表建议").
PROSE = "prose:"


@dataclass(frozen=True)
class Tagged:
    """A value of a year with what tells it apart from the year's other values ("版本A", or its clause)."""

    tag: str
    amount: Amount
    report: Report


def amounts(
    measure: str,
    versions: list[Report],
    said: Callable[[str, Report], list[ProseMatch]],
    own: Callable[[Report], Amount | None] | None = None,
) -> list[Tagged]:
    """The measure's values in one year's reports: one per version (said once where versions agree). said gives the
    numbers of a report's text a query matches; own gives a report's value of a measure neither a topic nor a number
    of the text (a cell of the applications table)."""
    found: list[Tagged] = []
    for report in versions:
        tag = f"版本{report.version}" if len(versions) > 1 else ""
        if measure.startswith(PROSE):
            matches = said(measure.removeprefix(PROSE), report)
            for match in matches:
                figure = match.figure
                names = (match.key, figure.key) if figure.key else (match.key,)
                value = Amount(figure.value, figure.unit, figure.text, figure.approximate, names, match.quote)
                # Several numbers of one report answer equally: each is named by itself.
                itself = figure.text if len(matches) > 1 else ""
                found.append(Tagged("，".join(t for t in (tag, itself) if t), value, report))
        elif own is not None:
            if (owned := own(report)) is not None:
                found.append(Tagged(tag, owned, report))
        elif (measured := amount(report, measure)) is not None:
            key = MEASURES[measure][1]
            remark = "据正文" if key not in report.table and key in report.prose else ""
            found.append(Tagged("，".join(t for t in (tag, remark) if t), measured, report))
    if len(versions) > 1:
        # Versions that agree on every value: each value once, no version named.
        kept: dict[tuple[str, str], Tagged] = {}
        for tagged in found:
            tag = tagged.tag.removeprefix(f"版本{tagged.report.version}").removeprefix("，")
            kept.setdefault((tagged.amount.text, tagged.amount.quote), replace(tagged, tag=tag))
        if len(kept) * len(versions) == len(found):
            found = list(kept.values())
    return found


def described(year: int, values: list[Tagged]) -> str:
    """A year's values for a sentence: "2021年341件（版本A）或339件（版本B）", clauses quoted for the text's."""
    parts = []
    for tagged in values:
        remarks = [part for part in tagged.tag.split("，") if part and part != tagged.amount.text]
        if tagged.amount.quote:
            remarks.append(f"报告正文：“{tagged.amount.quote}”")
        parts.append(tagged.amount.text + (f"（{'，'.join(remarks)}）" if remarks else ""))
    return f"{year}年" + "或".join(parts)


def _difference(a: Amount, b: Amount) -> str:
    """How a compares with b: "多165件", "少约1000条", "相同"."""
    if a.unit != b.unit:
        return f"单位不同（{a.text}与{b.text}），不能直接相减"
    about = "约" if a.approximate or b.approximate else ""
    gap: int | Decimal = a.value - b.value
    unit = "个百分点" if a.unit == "%" else a.unit
    if gap == 0:
        return "大致相同" if about else "相同"
    return f"{'多' if gap > 0 else '少'}{about}{abs(gap)}{unit}"


def differences(first: int, a: list[Tagged], second: int, b: list[Tagged]) -> str:
    """The differences between every pair of the two years' values, each named by its tags where there are several."""
    found = []
    for x in a:
        for y in b:
            tags = "、".join(t for t in (x.tag, y.tag) if t)
            how = _difference(x.amount, y.amount)
            found.append((f"按{tags}算" if tags and len(a) * len(b) > 1 else "") + how)
    joined = "，".join(dict.fromkeys(found))
    if all(f.endswith("相同") for f in found):
        return f"{first}年与{second}年{joined}"
    return f"{first}年比{second}年{joined}"


def peak(values: dict[int, list[Tagged]], *, fewest: bool) -> list[int] | None:
    """The years with the most (or fewest) of a measure; None where the values cannot be set against each other."""
    units = {t.amount.unit for tagged in values.values() for t in tagged}
    if len(units) != 1 or not values:
        return None
    pick = min if fewest else max
    peaks = {year: pick(t.amount.value for t in tagged) for year, tagged in values.items()}
    best = pick(peaks.values())
    return [year for year, value in peaks.items() if value == best]
