"""The staff console's screenshots for the README and docs/staff-manual.md, at 1280×800.

    .venv/bin/python -m tests.staff_screenshots [OUT_DIR]      # default docs/screenshots

Serves the real web app on 127.0.0.1 over a scratch database (tests/browser_support.serve) holding sample requests
in different states — one overdue, one extended, one waiting for a supplement, one for a fee, answered ones —
registered and recorded day by day by a named clerk, logs in through the form with Debian's Chromium driven by
Playwright, and writes staff-<screen>.png, palette-reduced as tests/screenshots.py does.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from bot.requests.repository import RequestStore
from bot.staff.accounts import Role, StaffAccounts
from knowledge.answer import build_answerer
from knowledge.clock import CHINA, Clock, set_product_clock
from knowledge.lifecycle import EVENT_LABELS, EventType
from knowledge.workdays import default_calendar
from tests.browser_support import CHROMIUM, DESKTOP, LAUNCH_ARGS, NOW, Server, expect
from tests.screenshots import capture, run

CLERK, ADMIN = "王小明", "李静"
PASSWORD = "correct horse battery"


def citizen(name: str, phone: str, channel: str, description: str) -> dict[str, str]:
    return {"applicant_type": "citizen", "name": name, "phone": phone, "channel": channel, "description": description}


# Each sample request: who asked, by which channel, what for, when it came in, and its events as (type, on, extra).
SAMPLES: list[tuple[dict[str, str], str | None, list[tuple[str, str, dict[str, Any]]]]] = [
    (
        citizen("孙丽", "13905318821", "in_person", "历下区2025年度财政预算执行情况和2026年预算草案的报告"),
        "2026-09-01",
        [("reply", "2026-09-21", {"outcome": "disclosed"})],
    ),
    (
        citizen("陈晨", "15866712043", "post", "泉城路街道2025年老旧小区改造项目的招标文件和中标结果"),
        "2026-10-13",
        [("reply", "2026-11-05", {"outcome": "partly_disclosed", "note": "涉及投标人商业秘密的部分不予公开"})],
    ),
    (
        citizen("李四", "13012345670", "letter", "文化东路拓宽工程房屋征收补偿方案及征收决定公告"),
        "2026-10-09",
        [],
    ),
    (
        citizen("刘芳", "18653177302", "post", "燕山街道2024年至2026年城市道路占用挖掘许可的审批记录"),
        "2026-10-20",
        [("extend", "2026-11-13", {"note": "涉及多个年度档案，需调取整理"})],
    ),
    (
        {
            "applicant_type": "organisation",
            "name": "济南泉安物业服务有限公司",
            "phone": "0531-86012345",
            "channel": "fax",
            "credit_code": "91370102MA3C8KX25T",
            "legal_representative": "周建国",
            "contact_person": "马宁",
            "description": "历下区2025年物业服务企业信用评价结果及评分细则",
        },
        "2026-11-03",
        [("fee_notice", "2026-11-16", {"amount": 100, "note": "申请内容超过规定数量，按件计收"})],
    ),
    (
        citizen("王五", "13573109986", "in_person", "我家小区门口的那个工程的所有文件"),
        "2026-11-10",
        [("request_supplement", "2026-11-12", {"until": "2026-12-10", "note": "请写明工程名称、地点和所需文件"})],
    ),
    (
        citizen("周强", "17605412268", "in_person", "千佛山南路电力管线迁改工程的环境影响评价批复"),
        "2026-11-16",
        [("consult_start", "2026-11-20", {"note": "征求建设单位意见"})],
    ),
    (
        citizen("张三", "13800138000", "in_person", "历下区2025年《老旧小区改造实施方案》"),
        "2026-10-30",
        [],
    ),
    (
        citizen("吴倩", "13655318874", "letter", "甸柳庄片区2026年棚户区改造安置房分配方案"),
        "2026-11-19",
        [("withdraw", "2026-11-23", {"note": "申请人来电撤回"})],
    ),
    (citizen("赵六", "15098765432", "letter", "历山路沿街商铺外立面改造工程的验收报告"), None, []),
]


class Moment:
    """A settable moment: the sample is registered and recorded on the days it happened, at office hours."""

    def __init__(self) -> None:
        self.at = NOW

    def on(self, day: str, hour: int = 9) -> None:
        self.at = datetime.combine(datetime.fromisoformat(day).date(), time(hour, 30), tzinfo=CHINA)

    def __call__(self) -> datetime:
        return self.at


def seed(server: Server) -> dict[str, str]:
    """The staff accounts and the sample requests, as the clerk would have recorded them; their numbers by name."""
    moment = Moment()
    accounts = StaffAccounts(server.requests.store, now=moment)
    moment.on("2026-08-28")
    accounts.add(ADMIN, Role.ADMIN, PASSWORD)
    accounts.add(CLERK, Role.CLERK, PASSWORD)
    requests = RequestStore(
        server.requests.store, calendar=default_calendar(), now=moment, prefix=server.requests.prefix
    )
    numbers = {}
    for raw, received_on, events in SAMPLES:
        moment.on(received_on or "2026-11-24", 10)
        body = raw | ({"received_on": received_on} if received_on else {})
        number = requests.create(body, by=CLERK).view.tracking_no
        accounts.audit(CLERK, "registered", tracking_no=number)
        numbers[raw["name"]] = number
        for kind, on, extra in events:
            moment.on(on, 15)
            requests.add_event(number, {"type": kind, "on": on, **extra}, by=CLERK)
            accounts.audit(CLERK, "event", tracking_no=number, detail=EVENT_LABELS[EventType(kind)])
    return numbers


async def log_in(page, server: Server) -> None:
    await page.goto(server.url + "staff/login")
    await page.get_by_label("用户名").fill(CLERK)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await expect(page.locator("header .who .name")).to_contain_text(CLERK)


async def scroll_to(page, element, margin: int = 12) -> None:
    """Scroll the window so that `element` is `margin` pixels below the top."""
    box = await element.bounding_box()
    await page.evaluate("y => window.scrollTo(0, y)", box["y"] - margin)


async def login(page, server: Server, numbers: dict[str, str]) -> None:
    """The login form, the name typed."""
    await page.goto(server.url + "staff/login")
    await page.get_by_label("用户名").fill(CLERK)


async def dashboard(page, server: Server, numbers: dict[str, str]) -> None:
    """What needs doing: due this week, overdue, waiting for the applicant, received this month."""
    await log_in(page, server)


async def request_list(page, server: Server, numbers: dict[str, str]) -> None:
    """Every request, newest first, the overdue one marked."""
    await log_in(page, server)
    await page.get_by_role("link", name="申请列表").click()
    await expect(page.locator(".pager")).to_contain_text(f"共{len(SAMPLES)}件")


async def request_page(page, server: Server, numbers: dict[str, str]) -> None:
    """The extended request (its applicant masked), scrolled to what was asked, the statutory clock, the timeline and
    the event form."""
    await log_in(page, server)
    await page.goto(server.url + f"staff/requests/{numbers['刘芳']}")
    await scroll_to(page, page.locator("h2", has_text="所需信息"))


async def report(page, server: Server, numbers: dict[str, str]) -> None:
    """The yearly table computed from the store, scrolled to its identity check."""
    await log_in(page, server)
    await page.get_by_role("link", name="年度报表").click()
    await expect(page.locator("table.year-table")).to_be_visible()
    # The end of the table, the downloads and the identity check at the bottom of the screen.
    checks = page.locator("ul.checks")
    box = await checks.bounding_box()
    await page.evaluate("y => window.scrollTo(0, y)", box["y"] + box["height"] + 24 - DESKTOP["viewport"]["height"])


SCREENS: dict[str, Callable[..., Awaitable[None]]] = {
    "login": login,
    "dashboard": dashboard,
    "list": request_list,
    "request": request_page,
    "report": report,
}


async def seeded(show: Callable[..., Awaitable[None]], page, server: Server) -> None:
    """A staff screen over the seeded requests."""
    await show(page, server, seed(server))


async def take(out: Path) -> list[Path]:
    """Every screen over its own scratch database; returns the files written."""
    from playwright.async_api import async_playwright

    out.mkdir(parents=True, exist_ok=True)
    # The audit trail's stamps and the request store's dates on the same day.
    set_product_clock(Clock(instant=lambda: NOW))
    answerer = build_answerer(today=NOW.date)
    written = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            for screen, show in SCREENS.items():
                path = out / f"staff-{screen}.png"
                written.append(await capture(browser, answerer, DESKTOP, path, partial(seeded, show)))
        finally:
            await browser.close()
    return written


def main(argv: list[str]) -> int:
    return run(take, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
