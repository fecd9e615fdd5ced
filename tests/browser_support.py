"""A real `gongkai serve` web app and Debian's Chromium, shared by the browser tests and the README screenshots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.config import Config
from bot.engine import Engine
from bot.requests.repository import RequestStore
from bot.store import Store
from bot.web import create_app
from handlers.context import Services
from knowledge.answer import Answerer
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar

try:
    from playwright.async_api import expect
except ImportError:  # pragma: no cover - the browser tests skip, the screenshot script says what to install
    expect = None

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
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# The request store's clock: the same day as the answerer's in the tests.
NOW = datetime(2026, 11, 25, 10, tzinfo=CHINA)
# A request as staff register it, for status lookups.
REQUEST = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": "13800138000",
    "channel": "in_person",
    "description": "历下区2025年《老旧小区改造实施方案》",
    "received_on": "2026-11-02",
}
# The application wizard from its notice to the review, as a user answers it: a button's label or typed text.
APPLICATION = [
    ("press", "同意，开始填写"),
    ("press", "公民"),
    ("say", "张三"),
    ("press", "居民身份证"),
    ("say", "370102199003071238"),
    ("press", "跳过"),
    ("say", "13812345678"),
    ("say", "济南市历下区泉城路1号"),
    ("say", "250000"),
    ("press", "跳过"),
    ("say", "《济南市历下区2022年政府信息公开工作年度报告》"),
    ("press", "跳过"),
    ("say", "历下区人民政府办公室2023年发布的2022年度政府信息公开工作年度报告全文"),
    ("press", "跳过"),
    ("press", "电子"),
    ("press", "邮寄"),
]


@dataclass
class Server:
    """The running app: its address and its request store."""

    url: str
    requests: RequestStore


@asynccontextmanager
async def serve(database: Path, answerer: Answerer) -> AsyncIterator[Server]:
    """The web app over a SQLite file and a request store, on a free port of 127.0.0.1, for the answerer's agency."""
    store = Store.open(database)
    prefix = answerer.guide.meta.tracking_prefix
    uploads = database.parent / "uploads"
    requests = RequestStore(store, calendar=default_calendar(), now=lambda: NOW, uploads=uploads, prefix=prefix)
    engine = Engine(store, Services(answerer=answerer, requests=requests))
    runner = web.AppRunner(create_app(engine, Config(), requests=requests), handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        yield Server(f"http://{host}:{port}/", requests)
    finally:
        await runner.cleanup()
        store.close()


async def open_chat(page, url: str, *, welcome: str = "历下区人民政府信息公开助手") -> None:
    """Load the page and wait for the welcome (Lixia's, or another agency's) with its menu."""
    await page.goto(url)
    await expect(page.locator(".msg.bot").first).to_contain_text(welcome)
    await expect(page.locator(".buttons button", has_text="收费标准")).to_have_count(1)
    await expect(page.locator("#status")).to_have_attribute("data-state", "open")


async def ask(page, text: str) -> None:
    """Type a message and send it with Enter."""
    await page.locator("#input").fill(text)
    await page.locator("#input").press("Enter")


async def answered(page, count: int) -> None:
    """Wait until the page shows more than `count` bot replies."""
    await page.wait_for_function("n => document.querySelectorAll('.msg.bot').length > n", arg=count)


async def say(page, text: str) -> None:
    """Send `text` and wait for its answer."""
    seen = await page.locator(".msg.bot").count()
    await ask(page, text)
    await answered(page, seen)


async def press(page, label: str) -> None:
    """Press the latest button called exactly `label` and wait for its answer (so the next press finds the new one)."""
    seen = await page.locator(".msg.bot").count()
    await page.locator("#messages").get_by_role("button", name=label, exact=True).last.click()
    await answered(page, seen)


async def fill_application(page) -> None:
    """Start /apply and answer every step up to the review."""
    await say(page, "/apply")
    for kind, value in APPLICATION:
        await (press(page, value) if kind == "press" else say(page, value))
    await expect(page.locator(".msg.bot").last).to_contain_text("请核对申请内容")


# How long a browser test waits for anything on a page.
TIMEOUT_MS = 10_000


@asynccontextmanager
async def local_page(browser, size: dict) -> AsyncIterator[tuple[object, list[str]]]:
    """A page of `size` in a fresh context and the URLs it requests (web sockets included); on leaving, checks that it
    requested something and nothing beyond 127.0.0.1 (data: URLs aside)."""
    context = await browser.new_context(**size, locale="zh-CN", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    tab = await context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on("websocket", lambda ws: requested.append(ws.url))
    try:
        yield tab, requested
        outside = [url for url in requested if urlsplit(url).scheme != "data" and urlsplit(url).hostname != "127.0.0.1"]
        assert requested, "the page made no requests at all"
        assert not outside, f"requests left 127.0.0.1: {outside}"
    finally:
        await context.close()
