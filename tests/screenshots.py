"""The README's screenshots: the web chat's main screens on a phone (390×844) and a desktop (1280×800).

    .venv/bin/python -m tests.screenshots [OUT_DIR]      # default docs/screenshots

Serves the real web app on 127.0.0.1 over a database in a temporary directory (with one registered request for
the status screen), drives Debian's Chromium through Playwright as the browser tests do, and writes
<screen>-<size>.png, each reduced to a 128-colour palette so it stays well under 150 KB.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

from PIL import Image

from knowledge.answer import build_answerer
from tests.apply_support import JPEG
from tests.browser_support import (
    CHROMIUM,
    DESKTOP,
    LAUNCH_ARGS,
    NOW,
    PHONE,
    REQUEST,
    Server,
    expect,
    fill_application,
    open_chat,
    press,
    say,
    serve,
)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SIZES = {"phone": {**PHONE, "device_scale_factor": 2}, "desktop": DESKTOP}
COLOURS = 128


async def start(page, server: Server) -> None:
    """The welcome with the menu."""


async def answer(page, server: Server) -> None:
    """A question answered with the office's phone as a tel: link."""
    await say(page, "受理机构在哪，电话多少")
    await expect(page.locator(".msg.bot").last.locator("a.link.tel").first).to_be_visible()


async def clarify(page, server: Server) -> None:
    """An unclear question: the choices offered."""
    await say(page, "区政府会主动把哪些东西放到网上")
    await expect(page.locator(".msg.bot").last).to_contain_text("您是想问")


async def review(page, server: Server) -> None:
    """The application's review, scrolled to its edit buttons and main actions."""
    await fill_application(page)
    await page.locator(".buttons").last.scroll_into_view_if_needed()
    await page.evaluate("document.getElementById('messages').scrollTop = 1e6")


async def submitted(page, server: Server) -> None:
    """An application submitted online: its tracking number and query code with copy buttons."""
    await fill_application(page)
    await press(page, "网上提交")
    await press(page, "确认提交")
    await expect(page.locator("#attach")).to_be_visible()
    await page.locator("#file").set_input_files({"name": "身份证.jpg", "mimeType": "image/jpeg", "buffer": JPEG})
    await expect(page.locator(".msg.bot .copy")).to_have_count(2)


async def status(page, server: Server) -> None:
    """A status lookup of a registered request."""
    created = server.requests.create(REQUEST)
    await say(page, "/status")
    await say(page, f"{created.view.tracking_no} {created.query_code}")
    await expect(page.locator(".msg.bot").last).to_contain_text(created.view.tracking_no)


SCREENS: dict[str, Callable[..., Awaitable[None]]] = {
    "start": start,
    "answer": answer,
    "clarify": clarify,
    "review": review,
    "submitted": submitted,
    "status": status,
}


def shrink(path: Path) -> None:
    """Rewrite the PNG with a palette: screenshots of text keep their look at a fraction of the size."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


async def take(out: Path) -> list[Path]:
    """Every screen at every size; returns the files written."""
    from playwright.async_api import async_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    answerer = build_answerer(today=NOW.date)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            for screen, show in SCREENS.items():
                for size, options in SIZES.items():
                    path = out / f"{screen}-{size}.png"
                    written.append(await capture(browser, answerer, options, path, partial(in_chat, show)))
        finally:
            await browser.close()
    return written


async def in_chat(show: Callable[..., Awaitable[None]], page, server: Server) -> None:
    """A chat screen: the chat opened, then `show`."""
    await open_chat(page, server.url)
    await show(page, server)


async def capture(browser, answerer, options: dict, path: Path, show: Callable[..., Awaitable[None]]) -> Path:
    """One screen over its own scratch database: a fresh server, a page with `options`, `show(page, server)`, then the
    picture at `path`, shrunk."""
    with tempfile.TemporaryDirectory() as scratch:
        async with serve(Path(scratch) / "gongkai.db", answerer) as server:
            context = await browser.new_context(**options, locale="zh-CN", service_workers="block")
            page = await context.new_page()
            await show(page, server)
            await shoot(page, path)
            await context.close()
    shrink(path)
    return path


async def shoot(page, path: Path) -> None:
    """The page as a picture at `path`, with no hover or focus ring left from the last click and pictures and the
    scroll position settled."""
    await page.mouse.move(0, 0)
    await page.evaluate("document.activeElement && document.activeElement.blur()")
    await page.wait_for_timeout(300)
    await page.screenshot(path=str(path))


def run(take: Callable[[Path], Awaitable[list[Path]]], argv: list[str]) -> int:
    """Write the screenshots `take` makes into the folder named in `argv` (default OUT) and list them."""
    if not CHROMIUM.is_file() or expect is None:
        print(f"需要 {CHROMIUM}（apt-get install chromium）和 playwright（pip install -e .[test]）", file=sys.stderr)
        return 1
    for path in asyncio.run(take(Path(argv[0]) if argv else OUT)):
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


def main(argv: list[str]) -> int:
    return run(take, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
