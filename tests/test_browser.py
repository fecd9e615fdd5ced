"""The web chat page in a real browser: Debian's Chromium driven by Playwright against a real server.

Needs `apt-get install chromium` and `pip install -e .[test]` (for `playwright`); never `playwright install`.
Without them the tests skip, except under CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.channels.web import LETTER_HINTS, input_hint
from handlers import apply, calc, remedy, status
from handlers.draft import FIELDS
from handlers.session import Session
from tests.apply_support import JPEG
from tests.browser_support import (
    DESKTOP,
    PHONE,
    ask,
    fill_application,
    local_page,
    open_chat,
    press,
)

try:
    from playwright.async_api import Page, expect
except ImportError:  # pragma: no cover - depends on the environment; the chromium fixture skips
    Page = None

VIEWPORTS = {"phone": {**PHONE, "device_scale_factor": 2}, "desktop": DESKTOP}


@pytest.fixture
def server(running) -> str:
    return running.url


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def page(viewport: str, browser, server: str):
    """A page of one viewport size; checks that every URL it requested stayed local, its socket included."""
    async with local_page(browser, VIEWPORTS[viewport]) as (tab, requested):
        yield tab
        await tab.wait_for_timeout(100)
        assert any(url.startswith("ws://127.0.0.1:") for url in requested), requested


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

    await ask(page, "区政府会主动把哪些东西放到网上")
    await expect(page.locator(".msg.bot").last).to_contain_text("您是想问")
    choices = page.locator(".buttons").last.locator("button")
    assert await choices.count() >= 3  # two or three candidates, and the way back to the menu
    shot = tmp_path / f"clarify-{viewport}.png"
    await page.screenshot(path=str(shot), full_page=True)
    label = await choices.first.text_content()
    await choices.first.click()
    await expect(page.locator(".msg.user").last).to_have_text(label)
    await expect(page.locator(".msg.bot").last).to_contain_text("来源：")


def hint(flow: str | None, step: str | None) -> str:
    return input_hint(Session(flow=flow, step=step))["placeholder"]


async def visible_in_messages(page: Page, element) -> tuple[float, float]:
    """The element's top and bottom relative to the visible part of the conversation."""
    area = await page.locator("#messages").bounding_box()
    box = await element.bounding_box()
    return box["y"] - area["y"], area["y"] + area["height"] - (box["y"] + box["height"])


async def test_phones_and_web_addresses_are_links_never_split(page: Page, server: str) -> None:
    await open_chat(page, server)
    await ask(page, "不服答复怎么办")
    reply = page.locator(".msg.bot").last
    await expect(reply).to_contain_text("0531-81691000")
    phones = reply.locator("a.link.tel")
    assert await phones.count() >= 3
    for link in await phones.all():
        number = await link.text_content()
        assert await link.get_attribute("href") == "tel:" + number.replace("-", "")
        # One box: the number is never broken across lines, wherever it falls in the bubble.
        assert await link.evaluate("a => a.getClientRects().length") == 1, number
        assert await link.evaluate("a => getComputedStyle(a).whiteSpace") == "nowrap"

    await ask(page, "政府网站网址")
    reply = page.locator(".msg.bot").last
    await expect(reply).to_contain_text("历下头条")
    urls = reply.locator("a.link.url")
    assert await urls.all_text_contents() == [
        "http://www.lixia.gov.cn/index.html",
        "http://www.lixia.gov.cn/art/2022/7/5/art_87364_373.html",
    ]
    for link in await urls.all():
        assert await link.get_attribute("href") == await link.text_content()
        assert await link.get_attribute("target") == "_blank"
        assert await link.get_attribute("rel") == "noopener noreferrer"
        assert await link.evaluate("a => a.getClientRects().length") == 1
        box, bubble = await link.bounding_box(), await reply.bounding_box()
        assert box["x"] + box["width"] <= bubble["x"] + bubble["width"], "the address sticks out of its bubble"
    # The text around the links is still all there, as text.
    assert "（http://www.lixia.gov.cn/index.html）；" in await reply.text_content()


async def test_a_long_reply_opens_at_its_first_line(page: Page, server: str, viewport: str) -> None:
    await open_chat(page, server)
    await ask(page, "不服答复怎么办")
    reply = page.locator(".msg.bot").last
    await expect(reply).to_contain_text("来源：")
    area = await page.locator("#messages").bounding_box()
    if viewport == "phone":
        assert (await reply.bounding_box())["height"] > area["height"], "the reply should not fit the screen"
    # The question, then the answer's first line, are in view.
    above, _ = await visible_in_messages(page, page.locator(".msg.user").last)
    first_line, _ = await visible_in_messages(page, reply)
    assert 0 <= above < first_line < area["height"] - 40

    # A short answer after it is shown whole, at the end.
    await ask(page, "投诉电话")
    await expect(page.locator(".msg.bot").last).to_contain_text("0531-88150105")
    _, below = await visible_in_messages(page, page.locator(".msg.bot").last)
    assert below >= -1


async def test_placeholders_fit_a_phone_and_follow_the_step(page: Page, server: str) -> None:
    await open_chat(page, server)
    await expect(page.locator("#input")).to_have_attribute("placeholder", hint(None, None))
    steps = [(None, None), (calc.FLOW, calc.FEE_STEP), (calc.FLOW, calc.DEADLINE_STEP)]
    steps += [(status.FLOW, status.NUMBER_STEP), (status.FLOW, status.CODE_STEP), (apply.FLOW, "upload")]
    steps += [(apply.FLOW, step) for step in ("notice", "applicant_type", "review", *(f.key for f in FIELDS))]
    assert set(LETTER_HINTS) == set(remedy.LETTER_FIELDS), "every detail of the remedy letter has its hint"
    remedy_steps = (remedy.DATE, remedy.KIND, remedy.DATES, remedy.PREVIEW, *remedy.LETTER_FIELDS)
    steps += [(remedy.FLOW, step) for step in remedy_steps]
    for flow, step in steps:
        shown = input_hint(Session(flow=flow, step=step))
        width, room = await page.evaluate(
            """([text, upload]) => {
                document.getElementById("attach").hidden = !upload;
                const input = document.getElementById("input");
                const style = getComputedStyle(input);
                const context = document.createElement("canvas").getContext("2d");
                context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                return [context.measureText(text).width, room];
            }""",
            [shown["placeholder"], shown["expect"] == "upload"],
        )
        assert width <= room, f"{shown['placeholder']!r} needs {width:.0f}px, the input has {room:.0f}px"
    await page.evaluate("document.getElementById('attach').hidden = true")

    await page.locator(".buttons button", has_text="计算信息处理费").first.click()
    await expect(page.locator("#input")).to_have_attribute("placeholder", hint(calc.FLOW, calc.FEE_STEP))
    await ask(page, "/cancel")
    await expect(page.locator("#input")).to_have_attribute("placeholder", hint(None, None))
    await page.locator(".buttons button", has_text="算复议/诉讼最后期限").first.click()
    await expect(page.locator("#input")).to_have_attribute("placeholder", hint(remedy.FLOW, remedy.DATE))


async def test_upload_is_offered_only_where_a_file_is_expected(page: Page, server: str) -> None:
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    await open_chat(page, server)
    await expect(page.locator("#attach")).to_be_hidden()
    await fill_application(page)
    await expect(page.locator("#attach")).to_be_hidden()
    await expect(page.locator("#input")).to_have_attribute("placeholder", hint(apply.FLOW, "review"))
    await press(page, "网上提交")
    await expect(page.locator(".msg.bot").last).to_contain_text("确认")
    await expect(page.locator("#attach")).to_be_hidden()
    await press(page, "确认提交")
    await expect(page.locator("#attach")).to_be_visible()
    await expect(page.locator("#input")).to_have_attribute("placeholder", hint(apply.FLOW, "upload"))
    # 上传, the input and 发送 share one row.
    boxes = [await page.locator(selector).bounding_box() for selector in ("#attach", "#input", "#send")]
    assert len({round(box["y"]) for box in boxes}) == 1
    await press(page, "返回修改")
    await expect(page.locator("#attach")).to_be_hidden()

    await press(page, "网上提交")
    await press(page, "确认提交")
    await expect(page.locator("#attach")).to_be_visible()
    await page.locator("#file").set_input_files({"name": "身份证.jpg", "mimeType": "image/jpeg", "buffer": JPEG})
    done = page.locator(".msg.bot", has_text="已网上提交")
    await expect(done).to_have_count(1)
    await expect(page.locator("#attach")).to_be_hidden()
    # The tracking number and the query code, each shown large with its copy button.
    copies = done.locator(".copy")
    await expect(copies.locator(".copy-label")).to_have_text(["申请编号", "查询码"])
    number, code = await copies.locator(".copy-value").all_text_contents()
    assert number.startswith("LX2026-") and len(code) == 8
    await copies.nth(1).get_by_role("button").click()
    await expect(copies.nth(1).get_by_role("button")).to_have_text("已复制")
    assert await page.evaluate("navigator.clipboard.readText()") == code


async def test_primary_actions_stand_apart_from_the_edits(page: Page, server: str) -> None:
    await open_chat(page, server)
    await fill_application(page)
    primary = page.locator(".buttons").last.locator("button.primary")
    await expect(primary).to_have_text(["生成申请表", "网上提交"])
    await page.mouse.move(0, 0)  # no chip hovered
    looks = "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.fontWeight]; }"
    edits = page.locator(".buttons").last.locator("button", has_text=re.compile("^改"))
    assert await edits.count() >= 10
    edit_looks = {tuple(await edit.evaluate(looks)) for edit in await edits.all()}
    assert len(edit_looks) == 1
    for button in await primary.all():
        assert tuple(await button.evaluate(looks)) not in edit_looks


async def test_a_chart_downloads_under_its_chinese_name(page: Page, server: str) -> None:
    await open_chat(page, server)
    await ask(page, "/stats")
    await press(page, "历年申请数")
    link = page.locator("a.file").last
    await expect(link).to_have_text("⬇ 历年申请数.png")
    async with page.expect_download() as started:
        await link.click()
    download = await started.value
    assert download.suggested_filename == "历年申请数.png"
    response = await page.request.get(await link.get_attribute("href"))
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''" + quote("历年申请数.png")
