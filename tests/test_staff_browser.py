"""The staff console (/staff/) in a real browser: Debian's Chromium driven by Playwright against the real app over a
SQLite file, at a tablet's size and a desktop's. Logging in with the form and the lockout, the request list's
filters, recording events and seeing the due date move, 显示 and the audit trail, a tampered CSRF token refused,
and the yearly table.

Needs `apt-get install chromium` and `pip install -e .[test]`, as tests/test_browser.py; without them the tests skip,
except under CI, where they fail (the `chromium` fixture of tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.staff.accounts import MAX_FAILURES, Role, StaffAccounts
from tests.browser_support import DESKTOP, REQUEST, Server, local_page

try:
    from playwright.async_api import Page, expect
except ImportError:  # pragma: no cover - depends on the environment; the chromium fixture skips
    Page = None

VIEWPORTS = {"tablet": {"viewport": {"width": 1024, "height": 768}, "has_touch": True}, "desktop": DESKTOP}
CLERK, VIEWER, ADMIN = "王小明", "钱七", "孙管理"
PASSWORD = "correct horse battery"


@dataclass
class Console:
    """The running app with two accounts and four requests, by what each is for."""

    url: str
    server: Server
    pending: str  # registered, receipt not yet recorded
    running: str  # received 2026-11-02, due 2026-11-30 (REQUEST of browser_support)
    overdue: str  # received in October, past its due date
    waiting: str  # awaiting a supplement

    def at(self, path: str) -> str:
        return self.url.rstrip("/") + path


@pytest.fixture
def console(running: Server) -> Console:
    """Accounts made as `gongkai staff add` makes them, requests as staff register them, in the served database."""
    accounts = StaffAccounts(running.requests.store)
    accounts.add(CLERK, Role.CLERK, PASSWORD)
    accounts.add(VIEWER, Role.VIEWER, PASSWORD)
    accounts.add(ADMIN, Role.ADMIN, PASSWORD)
    store = running.requests

    def add(name: str, received_on: str | None) -> str:
        body = REQUEST | {"name": name, "received_on": received_on}
        return store.create({k: v for k, v in body.items() if v is not None}, by=CLERK).view.tracking_no

    numbers = {
        "overdue": add("李四", "2026-10-09"),
        "running": add(REQUEST["name"], REQUEST["received_on"]),
        "waiting": add("王五", "2026-11-10"),
        "pending": add("赵六", None),
    }
    store.add_event(numbers["waiting"], {"type": "request_supplement", "on": "2026-11-12", "until": "2026-12-10"})
    assert store.get(numbers["overdue"]).clock.overdue
    return Console(running.url, running, **numbers)


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def page(viewport: str, browser, console: Console):
    """A page of one viewport size; checks that every URL it requested stayed on 127.0.0.1."""
    async with local_page(browser, VIEWPORTS[viewport]) as (tab, _requested):
        yield tab


async def log_in(page: Page, console: Console, name: str = CLERK, password: str = PASSWORD) -> None:
    """Fill the login form and press 登录."""
    await page.goto(console.at("/staff/login"))
    await page.get_by_label("用户名").fill(name)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()


def fact(page: Page, label: str):
    """The value beside `label` in a request page's facts."""
    return page.locator(f'dl.facts dt:text-is("{label}") + dd')


async def numbers_listed(page: Page) -> list[str]:
    return await page.locator("table tbody tr td:first-child a").all_text_contents()


async def test_logging_in_shows_the_name_and_needs_the_form(page: Page, console: Console) -> None:
    await page.goto(console.at("/staff/"))
    await expect(page).to_have_url(console.at("/staff/login"))
    await expect(page.locator("h1")).to_have_text("工作人员登录")
    token = page.locator('form.login input[type="hidden"][name="csrf_token"]')
    assert len(await token.get_attribute("value") or "") >= 32
    await log_in(page, console)
    await expect(page).to_have_url(console.at("/staff/"))
    await expect(page.locator("header .who .name")).to_have_text(f"{CLERK}（经办人）")
    await expect(page.locator("h1")).to_have_text("总览")
    # The overdue tile counts the one overdue request and leads to the list of it.
    tile = page.locator("a.tile", has_text="已超期")
    await expect(tile.locator(".count")).to_have_text("1")
    await tile.click()
    assert await numbers_listed(page) == [console.overdue]
    # Logging out ends the session.
    await page.get_by_role("button", name="退出登录").click()
    await expect(page).to_have_url(console.at("/staff/login"))
    await page.goto(console.at("/staff/requests"))
    await expect(page).to_have_url(console.at("/staff/login"))


async def test_five_wrong_passwords_lock_the_account(page: Page, console: Console) -> None:
    for _ in range(MAX_FAILURES):
        await log_in(page, console, password="not the password")
        await expect(page.locator("p.error")).to_have_text("用户名或密码错误")
    # The name stays in the form, the password does not.
    await expect(page.get_by_label("用户名")).to_have_value(CLERK)
    await expect(page.get_by_label("密码")).to_have_value("")
    await log_in(page, console)
    await expect(page.locator("p.error")).to_contain_text("已锁定")
    await expect(page).to_have_url(console.at("/staff/login"))
    # Another account is not held up.
    await log_in(page, console, name=VIEWER)
    await expect(page.locator("header .who .name")).to_have_text(f"{VIEWER}（查看员）")


async def test_the_list_filters_by_status_overdue_and_name(page: Page, console: Console) -> None:
    await log_in(page, console)
    await page.get_by_role("link", name="申请列表").click()
    await expect(page.locator(".pager")).to_contain_text("共4件")
    assert await numbers_listed(page) == [console.pending, console.waiting, console.running, console.overdue]
    await expect(page.locator("tbody tr", has_text=console.overdue).locator(".bad")).to_have_text("已超期")
    # Numbers and dates are never broken across lines, even on a tablet.
    for cell in await page.locator("tbody td:first-child a").all():
        assert await cell.evaluate("a => a.getClientRects().length") == 1

    filters = page.locator("form.filters")
    await filters.get_by_label("状态").select_option(label="等待申请人补正")
    await filters.get_by_role("button", name="筛选").click()
    await expect(page.locator(".pager")).to_contain_text("共1件")
    assert await numbers_listed(page) == [console.waiting]
    assert "status=awaiting_supplement" in page.url

    await page.get_by_role("link", name="清除").click()
    await page.get_by_label("只看已超期").check()
    await page.get_by_role("button", name="筛选").click()
    await expect(page.get_by_label("只看已超期")).to_be_checked()
    assert await numbers_listed(page) == [console.overdue]

    await page.get_by_role("link", name="清除").click()
    # By the applicant's exact name (shown masked), then by the number typed loosely.
    await page.get_by_label("申请编号或申请人姓名").fill("王五")
    await page.get_by_role("button", name="筛选").click()
    assert await numbers_listed(page) == [console.waiting]
    await expect(page.locator("tbody")).to_contain_text("王*")
    await expect(page.locator("tbody")).not_to_contain_text("王五")
    await page.get_by_label("申请编号或申请人姓名").fill(console.running.lower())
    await page.get_by_role("button", name="筛选").click()
    assert await numbers_listed(page) == [console.running]
    await page.get_by_label("申请编号或申请人姓名").fill("没有这个人")
    await page.get_by_role("button", name="筛选").click()
    await expect(page.locator("p.empty")).to_have_text("没有符合条件的申请。")


async def test_receipt_then_extension_move_the_due_date(page: Page, console: Console) -> None:
    requests = console.server.requests
    await log_in(page, console)
    await page.goto(console.at(f"/staff/requests/{console.pending}"))
    await expect(fact(page, "状态")).to_have_text("已提交，等待机关确认收到")
    await expect(fact(page, "答复期限")).to_have_count(0)

    form = page.locator("form.event")
    # Each event's own field shows only with its event (staff.css).
    own = {"告知补正": "补正期限", "发出收费通知": "金额", "作出答复": "答复结果"}
    for event, field in own.items():
        await form.get_by_label("事件").select_option(label=event)
        for other in own.values():
            shown = expect(form.get_by_label(other))
            await (shown.to_be_visible() if other == field else shown.to_be_hidden())
    await form.get_by_label("事件").select_option(label="收到申请")
    await form.get_by_label("日期").fill("2026-11-02")
    await form.get_by_role("button", name="记录").click()
    await expect(page.locator("p.ok")).to_have_text("已记录。")
    received = requests.get(console.pending).clock.due_on
    assert received is not None and received.isoformat() == "2026-11-30"
    await expect(fact(page, "答复期限")).to_contain_text("2026-11-30")
    await expect(fact(page, "状态")).to_have_text("办理中")

    await form.get_by_label("事件").select_option(label="延长答复期限")
    await form.get_by_label("备注").fill("需调取档案")
    await form.get_by_role("button", name="记录").click()
    extended = requests.get(console.pending).clock
    assert extended.due_on is not None and extended.due_on > received
    await expect(fact(page, "答复期限")).to_contain_text(extended.due_on.isoformat())
    await expect(fact(page, "状态")).to_have_text("办理中（已延长答复期限）")
    timeline = page.locator("table", has=page.locator("th", has_text="记录人"))
    await expect(timeline.locator("tbody tr")).to_have_count(2)
    await expect(timeline.locator("tbody tr").last).to_contain_text("延长答复期限")
    await expect(timeline.locator("tbody tr").last).to_contain_text(CLERK)
    await expect(page.locator("ul.explain")).to_contain_text("延长答复期限20个工作日")

    # A second extension is refused with the reason, and the due date stays.
    await form.get_by_label("事件").select_option(label="延长答复期限")
    await form.get_by_role("button", name="记录").click()
    await expect(page.locator("p.error")).to_contain_text("只能延长一次")
    assert requests.get(console.pending).clock.due_on == extended.due_on


async def test_reveal_and_login_are_in_the_audit_trail(page: Page, console: Console) -> None:
    await log_in(page, console)
    await page.goto(console.at(f"/staff/requests/{console.running}"))
    applicant = page.locator("dl.facts").first
    await expect(applicant).to_contain_text("张*")
    await expect(applicant).not_to_contain_text(REQUEST["phone"])
    await page.get_by_role("button", name="显示").click()
    await expect(applicant).to_contain_text(REQUEST["name"])
    await expect(applicant).to_contain_text(REQUEST["phone"])
    await expect(page.get_by_role("button", name="显示")).to_have_count(0)
    # The whole trail is the administrator's to see.
    await expect(page.get_by_role("link", name="审计记录")).to_have_count(0)
    await page.get_by_role("button", name="退出登录").click()
    await log_in(page, console, ADMIN)
    await page.get_by_role("link", name="审计记录").click()
    await expect(page.locator("h1")).to_have_text("审计记录")
    rows = page.locator("tbody tr")
    await expect(rows.filter(has_text="显示申请人信息")).to_have_count(1)
    reveal = rows.filter(has_text="显示申请人信息")
    await expect(reveal).to_contain_text(CLERK)
    await expect(reveal).to_contain_text(console.running)
    logins = rows.filter(has=page.locator("td:text-is(\"登录\")"))
    await expect(logins.filter(has_text=CLERK)).to_have_count(1)
    # Filtered by the request's number, only its entry is left.
    await page.get_by_label("申请编号").fill(console.running)
    await page.get_by_role("button", name="筛选").click()
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text("显示申请人信息")


async def test_a_tampered_csrf_token_is_refused(page: Page, console: Console) -> None:
    requests = console.server.requests
    before = len(requests.get(console.running).events)
    await log_in(page, console)
    await page.goto(console.at(f"/staff/requests/{console.running}"))
    form = page.locator("form.event")
    await form.get_by_label("事件").select_option(label="延长答复期限")
    await page.evaluate("document.querySelector('form.event input[name=csrf_token]').value = 'forged-token'")
    async with page.expect_response(lambda response: response.url.endswith("/events")) as posted:
        await form.get_by_role("button", name="记录").click()
    assert (await posted.value).status == 403
    await expect(page.locator("h1")).to_have_text("操作被拒绝")
    await expect(page.locator("p.error")).to_contain_text("表单已失效")
    assert len(requests.get(console.running).events) == before
    # The session itself still works: back on the page, the real token records the event.
    await page.goto(console.at(f"/staff/requests/{console.running}"))
    await form.get_by_label("事件").select_option(label="延长答复期限")
    await form.get_by_role("button", name="记录").click()
    await expect(page.locator("p.ok")).to_have_text("已记录。")
    assert len(requests.get(console.running).events) == before + 1


async def test_the_yearly_table_and_its_identity(page: Page, console: Console) -> None:
    await log_in(page, console, name=VIEWER)
    await page.get_by_role("link", name="年度报表").click()
    await expect(page.locator("h1")).to_have_text("年度报表")
    await expect(page.get_by_label("年份")).to_have_value("2026")
    table = page.locator("table.year-table")
    await expect(table).to_be_visible()
    await expect(table.locator("thead th").first).to_have_text("项目")
    assert await table.locator("tbody tr").count() > 10
    checks = page.locator("ul.checks li")
    assert await checks.count() >= 1
    for check in await checks.all():
        await expect(check).to_contain_text("相符")
    await expect(page.locator("ul.checks li.error")).to_have_count(0)
    # The table is wider than a tablet: it scrolls inside its box, the page itself does not.
    overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
