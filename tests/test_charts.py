"""Charts of the annual reports: valid PNGs set in the packaged CJK font, and /stats on every channel."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import struct
import subprocess
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import distribution
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image
from telegram_stub import TelegramStub

from bot.channels.console import ConsoleChannel
from bot.channels.telegram import TelegramChannel
from bot.config import Config, TelegramConfig
from bot.web import create_app
from handlers import stats
from handlers.menu import COMMANDS, MENU_ITEMS
from handlers.router import STALE_BUTTON
from knowledge import charts
from knowledge.guide import load_guide
from knowledge.reports import load_reports

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SIZE = (800, 500)
OUTCOME_YEARS = [2019, 2020, 2021, 2022]
PRIVATE = 5_550_101
# The default agency's name for its reports, on every chart's source line.
SOURCE = load_guide().meta.report_source
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    return struct.unpack(">II", data[16:24])


def assert_valid_png(data: bytes) -> None:
    assert png_size(data) == SIZE
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    # Not a blank canvas: bars, anti-aliased text and the background at least.
    assert colours is not None and len(colours) > 10


@contextmanager
def glyph_complaints(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Collect what matplotlib says about missing glyphs, whether as a warning or in the log."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG):
        warnings.simplefilter("always")
        yield found
    messages = [str(w.message) for w in caught] + [record.getMessage() for record in caplog.records]
    found.extend(m for m in messages if "missing from" in m or "Glyph" in m)


@dataclass(frozen=True)
class StubReport:
    """Just what the charts read of a report."""

    year: int
    version: str
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.year}年" + (f"版本{self.version}" if self.version else "")

    def value(self, key: str) -> int | None:
        return self.figures.get(key)


OUTCOME_KEYS = [key for key, _ in charts.OUTCOMES]
# Versions that differ in every charted figure, a missing litigation figure, a year with one outcome only.
DIFFERING = (
    StubReport(2020, "", {"new": 100, "reconsideration": 2, "litigation": 1} | dict.fromkeys(OUTCOME_KEYS, 5)),
    StubReport(2021, "A", {"new": 120, "reconsideration": 4, "litigation": 0} | dict.fromkeys(OUTCOME_KEYS, 7)),
    StubReport(2021, "B", {"new": 118, "reconsideration": 3} | dict.fromkeys(OUTCOME_KEYS, 6)),
    StubReport(2023, "", {"new": 90, "disclosed": 50}),
)

ONLY_NEW = (StubReport(2020, "", {"new": 1}),)


@pytest.fixture(scope="module")
def reports():
    return load_reports()


CHARTS = {
    "applications": lambda rs: charts.applications_per_year(rs, source=SOURCE),
    "remedies": lambda rs: charts.remedies_per_year(rs, source=SOURCE),
    **{
        f"outcomes_{year}": (lambda rs, year=year: charts.outcomes_of_year(rs, year, source=SOURCE))
        for year in OUTCOME_YEARS
    },
}


# -- rendering ------------------------------------------------------------------------------------


@pytest.mark.parametrize("render", CHARTS.values(), ids=CHARTS.keys())
def test_chart_is_a_png_of_phone_size_without_missing_glyphs(render, reports, caplog):
    with glyph_complaints(caplog) as complaints:
        data = render(reports)
    assert_valid_png(data)
    assert complaints == []


@pytest.mark.parametrize(
    "render",
    [
        lambda rs: charts.applications_per_year(rs, source=SOURCE),
        lambda rs: charts.remedies_per_year(rs, source=SOURCE),
        lambda rs: charts.outcomes_of_year(rs, 2021, source=SOURCE),
        lambda rs: charts.outcomes_of_year(rs, 2023, source=SOURCE),
    ],
    ids=["applications", "remedies", "outcomes_versions", "outcomes_partly_given"],
)
def test_differing_versions_and_missing_figures_render(render, caplog):
    with glyph_complaints(caplog) as complaints:
        data = render(DIFFERING)
    assert_valid_png(data)
    assert complaints == []


def test_rendering_is_deterministic(reports):
    assert charts.remedies_per_year(reports, source=SOURCE) == charts.remedies_per_year(reports, source=SOURCE)


@pytest.mark.parametrize(
    ("render", "message"),
    [
        (lambda: charts.outcomes_of_year(load_reports(), 2016, source=SOURCE), "没有2016年的年度报告数据"),
        (lambda: charts.outcomes_of_year(ONLY_NEW, 2020, source=SOURCE), "2020年的年度报告没有列出办理结果"),
        (lambda: charts.applications_per_year([], source=SOURCE), "年度报告没有列出收到申请的数量"),
        (lambda: charts.remedies_per_year(ONLY_NEW, source=SOURCE), "年度报告没有列出行政复议、行政诉讼的数量"),
    ],
)
def test_nothing_to_chart_says_so(render, message):
    with pytest.raises(charts.ChartError) as raised:
        render()
    assert str(raised.value) == message


def test_outcome_years_are_the_years_with_every_category(reports):
    assert charts.outcome_years(reports) == OUTCOME_YEARS
    assert charts.outcome_years(DIFFERING) == [2020, 2021]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([2014, 2019, 2020, 2021, 2022], "2014、2019—2022"),
        ([2022], "2022"),
        ([2020, 2018, 2019, 2015], "2015、2018—2020"),
    ],
)
def test_year_ranges(years, expected):
    assert charts.year_ranges(years) == expected


# -- the font -------------------------------------------------------------------------------------


def test_font_is_the_packaged_noto_sans_sc():
    from matplotlib import font_manager

    path = charts.font_path()
    package_dir = Path(distribution("pylopdf-fonts-zh-cn").locate_file(charts.FONT_PACKAGE))
    assert path.parent == package_dir
    assert "site-packages" in path.parts
    assert path.suffix == ".otf"
    assert font_manager.findfont(font_manager.FontProperties(family=charts.font_name())) == str(path)
    assert font_manager.FontProperties(fname=str(path)).get_name() == "Noto Sans SC"


def test_font_has_every_chinese_character_the_charts_use():
    from matplotlib.ft2font import FT2Font

    texts = [
        f"数据来源：{SOURCE}",
        "历年新收政府信息公开申请数新收申请（件）件数年版本两个数字不同的并列显示无年度报告数据注：",
        "政府信息公开申请办理结果历年政府信息公开行政复议、行政诉讼数相同“—”表示报告未列出此项（；）",
        *(label for _, label in charts.OUTCOMES + charts.REMEDIES),
    ]
    charmap = FT2Font(str(charts.font_path())).get_charmap()
    missing = {ch for text in texts for ch in text if ord(ch) not in charmap}
    assert missing == set()


def test_a_glyph_missing_from_the_font_would_be_caught(caplog):
    with glyph_complaints(caplog) as complaints:
        charts._render(lambda axes: axes.set_xlabel("\U00013000"), title="测试", notes=[], years=[2022], source=SOURCE)
    assert complaints and "missing from" in complaints[0]


def test_importing_the_bot_does_not_import_matplotlib():
    code = (
        "import sys, bot.cli, bot.web, handlers.router, handlers.stats, knowledge.charts; "
        "print('matplotlib' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def render_in_a_fresh_process(tmp_path: Path, **env: str) -> tuple[Path, Path, str]:
    """Render a chart in a new process with its own home and temporary directory: the two, and the PNG's digest."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir(exist_ok=True)
    temp.mkdir()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_"))}
    code = (
        "import hashlib, os; before = dict(os.environ); "
        "from knowledge import charts; from knowledge.reports import load_reports; "
        f"data = charts.applications_per_year(load_reports(), source={SOURCE!r}); "
        "print(len(data), dict(os.environ) == before, hashlib.sha256(data).hexdigest())"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=inherited | {"HOME": str(home), "TMPDIR": str(temp)} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    size, environment_unchanged, digest = run.stdout.split()
    assert int(size) > 10_000 and environment_unchanged == "True"
    assert "Matplotlib" not in run.stderr
    return home, temp, digest


def test_rendering_changes_no_environment_variable_and_makes_no_temporary_directory(tmp_path):
    home, temp, _ = render_in_a_fresh_process(tmp_path)
    assert list(temp.iterdir()) == []
    # matplotlib's own font list, in its usual cache; the charts do not depend on it.
    assert (home / ".cache" / "matplotlib").is_dir()


def test_matplotlib_keeps_its_files_where_the_operator_says(tmp_path):
    config = tmp_path / "mpl"
    home, temp, _ = render_in_a_fresh_process(tmp_path, MPLCONFIGDIR=str(config))
    assert list(home.iterdir()) == list(temp.iterdir()) == []
    assert any(config.glob("fontlist-*.json"))


def test_a_matplotlibrc_in_the_home_directory_changes_no_chart(tmp_path, reports):
    settings = tmp_path / "home" / ".config" / "matplotlib"
    settings.mkdir(parents=True)
    (settings / "matplotlibrc").write_text(
        "font.size: 30\nlines.linewidth: 5\naxes.facecolor: red\nfigure.facecolor: blue\nsavefig.dpi: 300\n",
        encoding="utf-8",
    )
    *_, digest = render_in_a_fresh_process(tmp_path)
    assert digest == hashlib.sha256(charts.applications_per_year(reports, source=SOURCE)).hexdigest()


# -- /stats through the engine ---------------------------------------------------------------------


def actions(reply) -> list[str]:
    return [button.action for row in reply.buttons for button in row]


STATS_ACTIONS = ["stats:apps", "stats:remedies", *(f"stats:outcomes:{year}" for year in OUTCOME_YEARS), "menu"]


def test_stats_is_in_the_menu_and_the_commands():
    assert ("年报统计图", "stats:menu") in MENU_ITEMS
    assert "/stats" in [command for command, _ in COMMANDS]


@pytest.mark.parametrize("how", ["command", "menu_button"])
async def test_stats_offers_the_charts(chat, how):
    [reply] = await (chat.say("/stats") if how == "command" else chat.press("stats:menu"))
    assert reply.text == stats.PROMPT
    assert actions(reply) == STATS_ACTIONS
    assert reply.files == ()


@pytest.mark.parametrize(
    ("action", "name", "words"),
    [
        (
            "stats:apps",
            "历年申请数.png",
            [
                "2014年9件；2019年215件；2020年176件；2021年341件（版本A），339件（版本B）；2022年215件。",
                "2022年报告的上年结转（12件）与2021年版本A的结转下年度继续办理一致，支持版本A。",
                "来源：《济南市历下区人民政府政府信息公开工作年度报告》（2014、2019—2022年）",
            ],
        ),
        (
            "stats:remedies",
            "历年复议诉讼.png",
            ["2021年行政复议10件、行政诉讼4件（版本A、B相同）；2022年行政复议3件、行政诉讼2件。"],
        ),
        (
            "stats:outcomes:2022",
            "2022年办理结果.png",
            [
                "2022年政府信息公开申请办理结果：予以公开137件，部分公开20件，不予公开15件，无法提供44件，"
                "不予处理0件，其他处理3件，共办结219件。",
                "来源：《济南市历下区人民政府政府信息公开工作年度报告》（2022年）",
            ],
        ),
    ],
)
async def test_pressing_a_chart_sends_the_png_with_its_figures_in_words(chat, action, name, words):
    chart, more = await chat.press(action)
    [file] = chart.files
    assert (file.name, file.mime) == (name, "image/png")
    assert_valid_png(file.data)
    assert [w for w in words if w not in chart.text] == []
    assert actions(more) == STATS_ACTIONS


async def test_every_offered_chart_answers(chat):
    [menu] = await chat.say("/stats")
    for action in actions(menu)[:-1]:
        chart, _ = await chat.press(action)
        assert chart.files[0].mime == "image/png"


async def test_charts_are_rendered_once(chat):
    first, _ = await chat.press("stats:outcomes:2020")
    again, _ = await chat.press("stats:outcomes:2020")
    assert again.files[0].data is first.files[0].data


@pytest.mark.parametrize(
    "action", ["stats:outcomes:2014", "stats:outcomes:2016", "stats:outcomes:20x2", "stats:outcomes:", "stats:pie"]
)
async def test_unknown_stats_button_is_stale(chat, action):
    [reply] = await chat.press(action)
    assert reply.text == STALE_BUTTON


# -- channels -------------------------------------------------------------------------------------


async def test_console_saves_the_chart_and_prints_its_path(engine, tmp_path):
    out = io.StringIO()
    console = ConsoleChannel(engine, chat_id="console-test", out=out, downloads=tmp_path)
    await console.send("/stats")
    await console.send("1")  # 历年申请数
    [line] = [line for line in out.getvalue().splitlines() if "[文件]" in line]
    saved = Path(line.split("[文件]", 1)[1].strip())
    assert saved == tmp_path / "历年申请数.png"
    assert_valid_png(saved.read_bytes())


async def test_web_reply_links_a_png_download(engine):
    async with TestClient(TestServer(create_app(engine, Config()))) as client:
        ws = await client.ws_connect("/ws")
        assert (await asyncio.wait_for(ws.receive_json(), 5))["type"] == "hello"
        await ws.send_json({"type": "action", "action": "stats:outcomes:2021"})
        chart = await asyncio.wait_for(ws.receive_json(), 5)
        more = await asyncio.wait_for(ws.receive_json(), 5)
        await ws.close()
        [file] = chart["files"]
        assert file["name"] == "2021年办理结果.png" and file["url"].startswith("/files/")
        assert "予以公开187件" in chart["text"]
        assert more["buttons"][0][0] == {"label": "历年申请数", "action": "stats:apps"}
        response = await client.get(file["url"])
        assert (response.status, response.content_type) == (200, "image/png")
        # RFC 6266/5987: the UTF-8 name percent-encoded, which browsers save as 2021年办理结果.png.
        expected = "attachment; filename*=UTF-8''2021%E5%B9%B4%E5%8A%9E%E7%90%86%E7%BB%93%E6%9E%9C.png"
        assert response.headers["Content-Disposition"] == expected
        assert_valid_png(await response.read())


def test_web_page_draws_images_without_inner_html():
    script = (ROOT / "bot" / "static" / "app.js").read_text(encoding="utf-8")
    assert 'document.createElement("img")' in script and 'setAttribute("src", href)' in script
    assert "innerHTML" not in script


@pytest.fixture
async def telegram(engine, monkeypatch) -> AsyncIterator[TelegramStub]:
    # httpx honours proxy variables; the stand-in Bot API must be reached directly.
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    stub = TelegramStub()
    await stub.start()
    channel = TelegramChannel(engine, TelegramConfig(token=stub.token, base_url=stub.base_url))
    try:
        await channel.start()
        yield stub
    finally:
        await channel.stop()
        await stub.close()


async def test_telegram_sends_the_chart_as_a_photo(telegram: TelegramStub):
    telegram.push_update(telegram.text_update(PRIVATE, "/stats"))
    [menu] = await telegram.wait_for("sendMessage")
    message_id = menu.response["result"]["message_id"]
    telegram.push_update(telegram.callback_update(PRIVATE, "stats:remedies", message_id))
    [photo] = await telegram.wait_for("sendPhoto")
    assert photo.response["ok"]
    assert photo.files["photo"].content_type == "image/png"
    assert photo.files["photo"].filename == "历年复议诉讼.png"
    assert_valid_png(photo.files["photo"].data)
    texts = [call.params["text"] for call in telegram.calls_of("sendMessage")]
    assert any("行政复议" in text and "来源：" in text for text in texts)


async def test_an_answer_comparing_years_comes_with_the_chart(chat):
    replies = await chat.say("哪一年申请最多")
    assert "2021年" in replies[0].text
    [chart] = replies[-1].files
    assert chart.mime == "image/png" and chart.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert [b.action for row in replies[-1].buttons for b in row] == ["menu"]


async def test_a_single_year_answer_has_no_chart(chat):
    replies = await chat.say("2022年行政复议几件")
    assert all(not reply.files for reply in replies)
