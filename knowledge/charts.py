"""Charts of the annual reports' figures: report data in, PNG bytes out, Chinese set in a packaged font."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.reports import Report
from knowledge.statute import OUTCOME_TABLE

if TYPE_CHECKING:  # matplotlib is imported when the first chart is drawn
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.typing import RcKeyType

# The font ships inside a PyPI package (Noto Sans SC, the Simplified Chinese subset of Noto Sans CJK),
# so rendering never reaches the network and never depends on the machine's own fonts.
FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"

# The family name the packaged font is registered under in matplotlib.
FONT_NAME = "gongkai Noto Sans SC"

# 800×500 px: readable on a phone, small enough to send quickly.
SIZE_INCHES = (8.0, 5.0)
DPI = 100

# The bars of the outcomes chart: the lines of part 三 of the applications table.
OUTCOMES: tuple[tuple[str, str], ...] = tuple((outcome.key, outcome.name) for outcome in OUTCOME_TABLE)
REMEDIES: tuple[tuple[str, str], ...] = (("reconsideration", "行政复议"), ("litigation", "行政诉讼"))

_COLOURS = ("#b3261e", "#1f5fa8", "#e0a21b", "#4d8b31")
_MUTED = "#6b7280"
COUNT_WORDS = {2: "两", 3: "三", 4: "四", 5: "五"}
# matplotlib's global state (rcParams, the font list) is not thread-safe; one chart is drawn at a time.
_LOCK = threading.Lock()


class ChartError(ValueError):
    """The reports have nothing to chart for what was asked."""


def font_path() -> Path:
    """The packaged CJK font file."""
    resource = files(FONT_PACKAGE).joinpath(FONT_FILE)
    if not isinstance(resource, os.PathLike):
        raise ChartError(f"font {FONT_FILE} of {FONT_PACKAGE} is not a file on disk")
    path = Path(os.fspath(resource))
    if not path.is_file():
        raise ChartError(f"font {FONT_FILE} not found in the installed package {FONT_PACKAGE}")
    return path


@cache
def _matplotlib() -> str:
    """Import matplotlib on first use, register the packaged font, and return the name it goes by.

    Importing matplotlib reads and writes its own config and cache directories (the font list), wherever the
    environment puts them; the charts depend on neither: the font is registered here, and `_style` starts from
    matplotlib's defaults, not the user's matplotlibrc.
    """
    from dataclasses import replace

    from matplotlib import font_manager, ft2font

    # Registered under a name of our own, so that a system font called "Noto Sans SC" can never be picked instead.
    entry = font_manager.ttfFontProperty(ft2font.FT2Font(str(font_path())))
    font_manager.fontManager.ttflist.append(replace(entry, name=FONT_NAME))
    return FONT_NAME


def font_name() -> str:
    """The family name the charts ask matplotlib for; it resolves to the packaged font file."""
    return _matplotlib()


def _style(family: str) -> dict[RcKeyType, Any]:
    """matplotlib's defaults (not the machine's matplotlibrc) with the packaged font and a plain look."""
    import matplotlib

    style: dict[RcKeyType, Any] = {key: value for key, value in matplotlib.rcParamsDefault.items() if key != "backend"}
    style.update(
        {
            "font.family": "sans-serif",
            # Only the packaged font: a missing glyph shows up as a warning, not as a silent fallback.
            "font.sans-serif": [family],
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 15,
            "axes.labelsize": 11,
            "xtick.labelsize": 11,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.frameon": False,
            "svg.fonttype": "path",
        }
    )
    return style


@dataclass(frozen=True)
class _Column:
    """One year on a chart, or one version of a year where the versions' figures differ."""

    year: int
    version: str  # "" when all versions of the year agree on the charted figures
    values: dict[str, int | None]
    versions: tuple[str, ...]  # every version of the year, ("",) for a year with one report

    @property
    def tag(self) -> str:
        return f"版本{self.version}" if self.version else ""


def _columns(reports: Iterable[Report], keys: Sequence[str]) -> list[_Column]:
    """The years in order; a year's versions collapse into one column when they agree on `keys`."""
    by_year: dict[int, list[Report]] = {}
    for report in sorted(reports, key=lambda r: (r.year, r.version)):
        by_year.setdefault(report.year, []).append(report)
    columns: list[_Column] = []
    for year, versions in sorted(by_year.items()):
        names = tuple(r.version for r in versions)
        values = [{key: r.value(key) for key in keys} for r in versions]
        if all(v == values[0] for v in values):
            columns.append(_Column(year, "", values[0], names))
        else:
            columns.extend(_Column(year, r.version, v, names) for r, v in zip(versions, values, strict=True))
    return columns


def year_ranges(years: Iterable[int]) -> str:
    """'2014、2019—2022' for a set of years."""
    ordered = sorted(set(years))
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}—{r[-1]}" for r in runs)


def _gaps(years: Iterable[int]) -> str:
    """The years without a report between the first and the last, as a note, or ''."""
    have = set(years)
    if not have:
        return ""
    missing = [y for y in range(min(have), max(have) + 1) if y not in have]
    return f"{year_ranges(missing)}年无年度报告数据" if missing else ""


def _version_note(columns: list[_Column], what: str) -> str:
    """A note per year with several versions: shown side by side, or the same in each."""
    notes = []
    for year in sorted({c.year for c in columns if len(c.versions) > 1}):
        names = next(c for c in columns if c.year == year).versions
        versions = "、".join(names)
        if any(c.year == year and c.version for c in columns):
            count = COUNT_WORDS.get(len(names), str(len(names)))
            notes.append(f"{year}年报告有{versions}{count}个数字不同的版本，{what}并列显示")
        else:
            notes.append(f"{year}年报告版本{versions}的{what}相同")
    return "；".join(notes)


def _render(
    draw: Callable[[Any], None], *, title: str, notes: Sequence[str], years: Iterable[int], source: str
) -> bytes:
    """Draw one chart with title, notes and source line, and return it as PNG bytes."""
    with _LOCK:
        family = _matplotlib()
        import matplotlib

        with matplotlib.rc_context(_style(family)):
            return _draw_png(draw, title=title, notes=[note for note in notes if note], years=years, source=source)


def _draw_png(
    draw: Callable[[Axes], None], *, title: str, notes: list[str], years: Iterable[int], source: str
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, pad=14)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    axes.set_axisbelow(True)
    draw(axes)
    # Room below for two-line year labels and the notes, above the tallest bar for its label and the legend.
    two_lines = any("\n" in label.get_text() for label in axes.get_xticklabels())
    figure.subplots_adjust(left=0.09, right=0.97, top=0.88, bottom=0.13 + 0.045 * (len(notes) + two_lines))
    axes.set_ylim(0, max(axes.get_ylim()[1] * (1.3 if axes.get_legend() else 1.12), 1))
    line = 0.015
    figure.text(0.01, line, f"数据来源：{source}（{year_ranges(years)}年）", fontsize=9, color=_MUTED)
    for note in reversed(notes):
        line += 0.045
        figure.text(0.01, line, "注：" + note, fontsize=9, color=_MUTED)
    out = io.BytesIO()
    # No "Software" entry: the bytes depend on the figures only, not on the matplotlib version's name.
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _label_bars(axes: Axes, bars: BarContainer, values: Sequence[int | None], *, tags: Sequence[str] = ()) -> None:
    """Write each bar's value above it ('—' where the report gives none), with its version tag below that."""
    tags = tags or [""] * len(values)
    labels = [("—" if v is None else str(v)) + (f"\n{t}" if t else "") for v, t in zip(values, tags, strict=True)]
    axes.bar_label(bars, labels=labels, padding=3, fontsize=10)


def applications_per_year(reports: Iterable[Report], *, source: str) -> bytes:
    """A bar chart of new applications per year; differing versions of a year stand side by side."""
    columns = [c for c in _columns(reports, ("new",)) if c.values["new"] is not None]
    if not columns:
        raise ChartError("年度报告没有列出收到申请的数量")
    years = sorted({c.year for c in columns})

    def draw(axes: Axes) -> None:
        positions: list[float] = []
        widths: list[float] = []
        heights: list[int] = []
        colours: list[str] = []
        tags: list[str] = []
        for index, year in enumerate(years):
            group = [(c, new) for c in columns if c.year == year and (new := c.values["new"]) is not None]
            width = 0.7 / len(group)
            for offset, (column, new) in enumerate(group):
                positions.append(index - 0.35 + width * (offset + 0.5))
                widths.append(width * 0.92)
                heights.append(new)
                colours.append(_COLOURS[offset % len(_COLOURS)])
                tags.append(column.tag)
        bars = axes.bar(positions, heights, width=widths, color=colours)
        _label_bars(axes, bars, heights, tags=tags)
        axes.set_xticks(range(len(years)), [f"{year}年" for year in years])
        axes.set_ylabel("新收申请（件）")

    notes = [_version_note(columns, "新收申请数"), _gaps(years)]
    return _render(draw, title="历年新收政府信息公开申请数", notes=notes, years=years, source=source)


def outcomes_of_year(reports: Iterable[Report], year: int, *, source: str) -> bytes:
    """A bar chart of the year's applications by outcome category; differing versions side by side."""
    keys = [key for key, _ in OUTCOMES]
    columns = _columns([r for r in reports if r.year == year], keys)
    if not columns:
        raise ChartError(f"没有{year}年的年度报告数据")
    if all(column.values[key] is None for column in columns for key in keys):
        raise ChartError(f"{year}年的年度报告没有列出办理结果")

    def draw(axes: Axes) -> None:
        width = 0.8 / len(columns)
        for offset, column in enumerate(columns):
            values = [column.values[key] for key in keys]
            positions = [i - 0.4 + width * (offset + 0.5) for i in range(len(keys))]
            bars = axes.bar(
                positions,
                [v or 0 for v in values],
                width=width * 0.92,
                color=_COLOURS[offset % len(_COLOURS)],
                label=column.tag or None,
            )
            _label_bars(axes, bars, values)
        axes.set_xticks(range(len(keys)), [label for _, label in OUTCOMES])
        axes.set_ylabel("件数")
        if len(columns) > 1:
            axes.legend(loc="upper right", ncols=len(columns))

    notes = [_version_note(columns, "办理结果"), _missing_note(columns, OUTCOMES)]
    return _render(draw, title=f"{year}年政府信息公开申请办理结果", notes=notes, years=[year], source=source)


def remedies_per_year(reports: Iterable[Report], *, source: str) -> bytes:
    """Grouped bars of administrative reconsiderations and lawsuits about OGI per year."""
    keys = [key for key, _ in REMEDIES]
    columns = [c for c in _columns(list(reports), keys) if any(c.values[k] is not None for k in keys)]
    if not columns:
        raise ChartError("年度报告没有列出行政复议、行政诉讼的数量")
    years = sorted({c.year for c in columns})

    def draw(axes: Axes) -> None:
        width = 0.38
        for offset, (key, label) in enumerate(REMEDIES):
            values = [c.values[key] for c in columns]
            positions = [i - width / 2 + width * offset for i in range(len(columns))]
            bars = axes.bar(
                positions, [v or 0 for v in values], width=width * 0.95, color=_COLOURS[offset], label=label
            )
            _label_bars(axes, bars, values)
        axes.set_xticks(range(len(columns)), [f"{c.year}年" + (f"\n{c.tag}" if c.tag else "") for c in columns])
        axes.set_ylabel("件数")
        axes.legend(loc="upper right", ncols=2)

    notes = [_version_note(columns, "复议、诉讼数"), _gaps(years), _missing_note(columns, REMEDIES)]
    return _render(draw, title="历年政府信息公开行政复议、行政诉讼数", notes=notes, years=years, source=source)


def _missing_note(columns: list[_Column], labels: Sequence[tuple[str, str]]) -> str:
    """A note naming the figures a report does not give (drawn as '—'), or ''."""
    missing = []
    for column in columns:
        absent = [label for key, label in labels if column.values[key] is None]
        if absent:
            missing.append(f"{column.year}年{column.tag}：{'、'.join(absent)}")
    return f"“—”表示报告未列出此项（{'；'.join(missing)}）" if missing else ""


def outcome_years(reports: Iterable[Report]) -> list[int]:
    """The years whose reports give every outcome category (the standard table), ascending."""
    keys = [key for key, _ in OUTCOMES]
    return sorted({r.year for r in reports if all(r.value(key) is not None for key in keys)})
