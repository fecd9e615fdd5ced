"""The web chat page in a real browser: Debian's Chromium driven by Playwright against a real server.

Needs `apt-get install chromium` and `pip install -e .[test]` (for `playwright`); never `playwright install`.
Without them the tests skip, except under CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from bot.config import Config
from bot.engine import Engine
from bot.store import Store
from bot.web import create_app
from handlers.context import Services
from knowledge.answer import Answerer

try:
    from playwright.async_api import Page, async_playwright, expect
except ImportError:  # pragma: no cover - depends on the environment
    async_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 375, "height": 667},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
LOCAL = {"127.0.0.1"}
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def chromium() -> Path:
    if async_playwright is None:
        _unavailable("the playwright package is missing: pip install -e .[test]")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        _unavailable(f"{CHROMIUM} is missing (found {found or 'nothing'} on PATH): apt-get install chromium")
    return CHROMIUM


@pytest.fixture
async def server(tmp_path: Path, answerer: Answerer) -> str:
    """A real `gongkai serve` web app over a SQLite file, on a free port of 127.0.0.1."""
    store = Store.open(tmp_path / "gongkai.db")
    engine = Engine(store, Services(answerer=answerer))
    runner = web.AppRunner(create_app(engine, Config()), handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}/"
    finally:
        await runner.cleanup()
        store.close()


@pytest.fixture
async def browser(chromium: Path):
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(chromium), headless=True, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def page(viewport: str, browser, server: str):
    """A page of one viewport size that records every URL it requests; checks they all stayed local."""
    context = await browser.new_context(**VIEWPORTS[viewport], locale="zh-CN", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    tab = await context.new_page()
    requested: list[str] = []
    tab.on("request", lambda req: requested.append(req.url))
    tab.on("websocket", lambda ws: requested.append(ws.url))
    try:
        yield tab
        await tab.wait_for_timeout(100)
        outside = [url for url in requested if urlsplit(url).scheme != "data" and urlsplit(url).hostname not in LOCAL]
        assert requested, "the page made no requests at all"
        assert not outside, f"requests left 127.0.0.1: {outside}"
        assert any(url.startswith("ws://127.0.0.1:") for url in requested), requested
    finally:
        await context.close()


async def open_chat(page: Page, url: str) -> None:
    """Load the page and wait for the welcome with its menu."""
    await page.goto(url)
    await expect(page.locator(".msg.bot").first).to_contain_text("历下区人民政府信息公开助手")
    await expect(page.locator(".buttons button", has_text="收费标准")).to_have_count(1)
    await expect(page.locator("#status")).to_have_attribute("data-state", "open")


async def ask(page: Page, text: str) -> None:
    await page.locator("#input").fill(text)
    await page.locator("#input").press("Enter")


async def test_page_shell(page: Page, server: str) -> None:
    await page.goto(server)
    assert await page.title() == "历下区政府信息公开助手"
    assert await page.locator("html").get_attribute("lang") == "zh-CN"
    await expect(page.locator("#input")).to_have_attribute("placeholder", "输入问题，如：受理机构电话")
    await expect(page.locator("#input")).to_have_attribute("maxlength", "500")
    await expect(page.locator("#menu")).to_have_text("菜单")
    await expect(page.locator("#send")).to_have_text("发送")
    # The conversation column is centered and capped on a desktop, full width on a phone.
    width = page.viewport_size["width"]
    box = await page.locator("#messages").bounding_box()
    assert box["width"] <= min(width, 760) + 1
    assert abs(box["x"] - (width - box["width"]) / 2) <= 1
    # The input sits at the bottom of the screen.
    composer = await page.locator("#input").bounding_box()
    assert composer["y"] + composer["height"] > page.viewport_size["height"] - 80


async def test_welcome_question_and_menu_chip(page: Page, server: str, viewport: str, tmp_path: Path) -> None:
    await open_chat(page, server)
    welcome = tmp_path / f"welcome-{viewport}.png"
    await page.screenshot(path=str(welcome))
    assert welcome.is_file() and welcome.stat().st_size > 0
    menu_chips = page.locator(".buttons").first.locator("button")
    assert await menu_chips.count() >= 8
    chip_box = await page.locator(".buttons button", has_text="收费标准").bounding_box()
    assert chip_box["height"] >= 40, "chips are too small to tap"

    await ask(page, "投诉电话")
    await expect(page.locator(".msg.user").last).to_have_text("投诉电话")
    await expect(page.locator(".msg.bot").last).to_contain_text("0531-88150105")
    await expect(page.locator("#input")).to_have_value("")

    await page.locator(".buttons").first.locator("button", has_text="收费标准").click()
    await expect(page.locator(".msg.user").last).to_have_text("收费标准")
    await expect(page.locator(".msg.bot").last).to_contain_text("超额累进")

    shot = tmp_path / f"chat-{viewport}.png"
    await page.screenshot(path=str(shot))
    assert shot.is_file() and shot.stat().st_size > 0


async def test_reload_continues_the_same_chat(page: Page, server: str) -> None:
    await open_chat(page, server)
    await ask(page, "投诉电话")
    await expect(page.locator(".msg.bot").last).to_contain_text("0531-88150105")
    chat = await page.evaluate("localStorage.getItem('gongkai.chat')")
    assert chat
    bot_before = await page.locator(".msg.bot").all_text_contents()

    await page.reload()
    await expect(page.locator("#status")).to_have_attribute("data-state", "open")
    await expect(page.locator(".msg.user")).to_have_text(["投诉电话"])
    await expect(page.locator(".msg.bot")).to_have_text(bot_before)
    assert await page.evaluate("localStorage.getItem('gongkai.chat')") == chat

    # The server still holds the chat: it keeps answering after the reload.
    await page.locator("#menu").click()
    await expect(page.locator(".msg.bot").last).to_have_text("请选择：")
    await expect(page.locator(".msg.bot")).to_have_count(len(bot_before) + 1)


async def test_text_is_never_html_and_empty_input_is_not_sent(page: Page, server: str) -> None:
    await open_chat(page, server)
    await ask(page, "   ")
    await page.locator("#send").click()
    await page.wait_for_timeout(200)
    await expect(page.locator(".msg.user")).to_have_count(0)

    markup = '<img src=x onerror="window.pwned=1"><b>粗体</b>'
    await ask(page, markup)
    await expect(page.locator(".msg.user").last).to_have_text(markup)
    await expect(page.locator(".msg.bot")).to_have_count(2)
    assert await page.locator("#messages img, #messages b").count() == 0
    assert await page.evaluate("window.pwned === undefined")


async def test_follow_ups_and_clarifying_choices(page: Page, server: str, viewport: str, tmp_path: Path) -> None:
    await open_chat(page, server)
    await ask(page, "档案馆在哪")
    await expect(page.locator(".msg.bot").last).to_contain_text("七家村19号")
    await ask(page, "电话呢")
    await expect(page.locator(".msg.bot").last).to_contain_text("0531-8655814")

    await ask(page, "申请政府信息公开由哪个机构受理")
    await expect(page.locator(".msg.bot").last).to_contain_text("您是想问")
    choices = page.locator(".buttons").last.locator("button")
    assert await choices.count() >= 3  # two or three candidates, and the way back to the menu
    shot = tmp_path / f"clarify-{viewport}.png"
    await page.screenshot(path=str(shot), full_page=True)
    label = await choices.first.text_content()
    await choices.first.click()
    await expect(page.locator(".msg.user").last).to_have_text(label)
    await expect(page.locator(".msg.bot").last).to_contain_text("来源：")
