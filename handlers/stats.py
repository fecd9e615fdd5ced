"""The /stats conversation: charts of the annual reports' figures, each with its figures in words."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from functools import cache

from handlers.context import Services
from handlers.flow import Chat, Command, Flow
from handlers.menu import MENU_ACTION
from handlers.messages import Button, File, Reply, with_note
from knowledge import charts
from knowledge.reports import Report, ReportAnswerer

APPS = "stats:apps"
REMEDIES = "stats:remedies"
OUTCOMES_PREFIX = "stats:outcomes:"
_OUTCOMES_ARGUMENT = re.compile(r"outcomes:(\d{4})")

PROMPT = "年报统计图：选择要看的图表。图中数字均来自区政府历年政府信息公开工作年度报告。"
NO_REPORTS = "暂无年度报告数据，无法绘制统计图。"
# The charts' names, on their buttons and, with ".png", as their file names (downloads, saved files, Telegram).
APPS_LABEL = "历年申请数"
REMEDIES_LABEL = "历年复议诉讼"


def outcomes_label(year: int) -> str:
    """The name of a year's outcome chart."""
    return f"{year}年办理结果"


def _reports(services: Services) -> tuple[Report, ...]:
    return tuple(services.answerer.reports.reports)


@cache
def chart_png(kind: str, year: int | None, figures: ReportAnswerer) -> bytes:
    """A chart ("applications", "remedies", or "outcomes" of a year), rendered once per kind, year and set of
    reports (the answerer lives as long as the bot); the staff pages show the same ones."""
    reports, source = tuple(figures.reports), figures.meta.report_source
    if kind == "applications":
        return charts.applications_per_year(reports, source=source)
    if kind == "remedies":
        return charts.remedies_per_year(reports, source=source)
    return charts.outcomes_of_year(reports, year or 0, source=source)


async def _render(kind: str, year: int | None, services: Services) -> bytes:
    # Rendering takes a fraction of a second (the first one also imports matplotlib): keep the event loop free.
    return await asyncio.to_thread(chart_png, kind, year, services.answerer.reports)


def buttons(reports: tuple[Report, ...]) -> tuple[tuple[Button, ...], ...]:
    """The chart choices: two series, one outcome chart per year with the standard table, and the way back."""
    outcome = [Button(outcomes_label(year), f"{OUTCOMES_PREFIX}{year}") for year in charts.outcome_years(reports)]
    rows: list[tuple[Button, ...]] = [(Button(APPS_LABEL, APPS), Button(REMEDIES_LABEL, REMEDIES))]
    rows += [tuple(outcome[i : i + 2]) for i in range(0, len(outcome), 2)]
    rows.append((Button("返回主菜单", MENU_ACTION),))
    return tuple(rows)


def menu(services: Services) -> list[Reply]:
    """The chart menu."""
    reports = _reports(services)
    if not reports:
        return [Reply(NO_REPORTS, buttons=((Button("返回主菜单", MENU_ACTION),),))]
    return [Reply(PROMPT, buttons=buttons(reports))]


async def on_action(argument: str, services: Services) -> list[Reply] | None:
    """Answer a pressed stats button; None if the button is not (or no longer) one of ours."""
    reports, series = _reports(services), services.answerer.guide.meta.report_series
    if argument == "menu":
        return menu(services)
    if not reports:
        return None
    if argument == "apps":
        kind, summary, name, year = "applications", applications_summary(reports, series=series), APPS_LABEL, None
    elif argument == "remedies":
        kind, summary, name, year = "remedies", remedies_summary(reports, series=series), REMEDIES_LABEL, None
    elif (match := _OUTCOMES_ARGUMENT.fullmatch(argument)) and int(match[1]) in charts.outcome_years(reports):
        year = int(match[1])
        kind, summary, name = "outcomes", outcomes_summary(reports, year, series=series), outcomes_label(year)
    else:
        return None
    png = await _render(kind, year, services)
    return [
        Reply(summary, files=(File(name=f"{name}.png", mime="image/png", data=png),)),
        Reply("还可以查看：", buttons=buttons(reports)),
    ]


def _by_year(reports: tuple[Report, ...]) -> dict[int, list[Report]]:
    years: dict[int, list[Report]] = {}
    for report in sorted(reports, key=lambda r: (r.year, r.version)):
        years.setdefault(report.year, []).append(report)
    return years


def _source(series: str, years: list[int]) -> str:
    return f"来源：{series}（{charts.year_ranges(years)}年）"


def _per_year(reports: tuple[Report, ...], say: Callable[[Report], str | None]) -> tuple[list[str], list[int]]:
    """'2020年…' per year; a year whose versions say different things gets each version's words."""
    parts, years = [], []
    for year, versions in _by_year(reports).items():
        said = [(report, say(report)) for report in versions]
        said = [(report, words) for report, words in said if words]
        if not said:
            continue
        years.append(year)
        if len({words for _, words in said}) == 1:
            same = f"（版本{'、'.join(r.version for r, _ in said)}相同）" if len(said) > 1 else ""
            parts.append(f"{year}年{said[0][1]}{same}")
        else:
            parts.append(f"{year}年" + "，".join(f"{words}（版本{report.version}）" for report, words in said))
    return parts, years


def _supported(reports: tuple[Report, ...], year: int) -> str:
    """Which version of the year the next year's 上年结转 agrees with, if exactly one does, as a sentence."""
    following = {r.value("carried_in") for r in reports if r.year == year + 1} - {None}
    if len(following) != 1:
        return ""
    (carried,) = following
    agreeing = [r.version for r in reports if r.year == year and r.value("carried_out") == carried]
    if len(agreeing) != 1:
        return ""
    version = agreeing[0]
    return (
        f"{year + 1}年报告的上年结转（{carried}件）与{year}年版本{version}的结转下年度继续办理一致，支持版本{version}。"
    )


def _versions_note(reports: tuple[Report, ...], keys: tuple[str, ...], *, only: int | None = None) -> str:
    """Where a year's versions differ in `keys`: which version the following year supports."""
    notes = []
    for year, versions in _by_year(reports).items():
        if only not in (None, year):
            continue
        if len(versions) > 1 and len({tuple(r.value(k) for k in keys) for r in versions}) > 1:
            count = charts.COUNT_WORDS.get(len(versions), str(len(versions)))
            notes.append(f"{year}年报告有{count}个数字不同的版本，图中并列。" + _supported(reports, year))
    return "".join(notes)


def applications_summary(reports: tuple[Report, ...], *, series: str) -> str:
    """New applications per year in words, with the source."""
    parts, years = _per_year(reports, lambda r: f"{v}件" if (v := r.value("new")) is not None else None)
    text = f"区政府每年新收政府信息公开申请：{'；'.join(parts)}。" + _versions_note(reports, ("new",))
    return f"{text}\n\n{_source(series, years)}"


def remedies_summary(reports: tuple[Report, ...], *, series: str) -> str:
    """Reconsiderations and lawsuits per year in words, with the source."""

    def say(report: Report) -> str | None:
        words = [
            f"{label}{value}件"
            for key, label in (("reconsideration", "行政复议"), ("litigation", "行政诉讼"))
            if (value := report.value(key)) is not None
        ]
        return "、".join(words) or None

    parts, years = _per_year(reports, say)
    text = f"涉及政府信息公开的行政复议和行政诉讼：{'；'.join(parts)}。" + _versions_note(
        reports, ("reconsideration", "litigation")
    )
    return f"{text}\n\n{_source(series, years)}"


def outcomes_summary(reports: tuple[Report, ...], year: int, *, series: str) -> str:
    """The year's outcomes by category in words, with the source."""

    def say(report: Report) -> str | None:
        words = [f"{label}{v}件" for key, label in charts.OUTCOMES if (v := report.value(key)) is not None]
        handled = report.value("handled")
        return "，".join(words) + (f"，共办结{handled}件" if handled is not None else "") if words else None

    parts, years = _per_year(tuple(r for r in reports if r.year == year), say)
    keys = tuple(key for key, _ in charts.OUTCOMES)
    text = f"{year}年政府信息公开申请办理结果：{'；'.join(p.removeprefix(f'{year}年') for p in parts)}。"
    return f"{text}{_versions_note(reports, keys, only=year)}\n\n{_source(series, years)}"


# Answers about several years read better with the series beside them.
SERIES_TOPICS = frozenset({"report_extreme", "report_series", "report_compare"})


async def chart_for(topic: str | None, services: Services) -> File | None:
    """The applications chart for an answer that compares years, else None."""
    if topic not in SERIES_TOPICS or not _reports(services):
        return None
    return File(name=f"{APPS_LABEL}.png", mime="image/png", data=await _render("applications", None, services))


async def _stats(chat: Chat, _: str) -> list[Reply]:
    return menu(chat.services)


async def _on_action(chat: Chat, argument: str) -> list[Reply] | None:
    """A chart's button leaves the current flow; a stale one acts on nothing."""
    replies = await on_action(argument, chat.services)
    return None if replies is None else with_note(chat.leave(), replies)


ROUTES = Flow(commands={"/stats": Command(_stats)}, actions={"stats": _on_action})
