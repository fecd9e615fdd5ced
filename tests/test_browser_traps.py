"""The conversation traps of issue 10 (items 1–4), walked in a real browser on a phone-sized page, each gone.

Debian's Chromium through Playwright against the real web app, as tests/test_browser.py does (fixtures in
conftest.py); skipped where Chromium or Playwright is missing, failed under CI.
"""

from __future__ import annotations

import pytest

from tests.apply_support import JPEG
from tests.browser_support import (
    APPLICATION,
    PHONE,
    REQUEST,
    TIMEOUT_MS,
    answered,
    fill_application,
    open_chat,
    press,
    say,
)

try:
    from playwright.async_api import Page, expect
except ImportError:  # pragma: no cover - depends on the environment
    Page = None


@pytest.fixture
async def phone(browser, running):
    """A 390×844 phone page on the running app."""
    context = await browser.new_context(**PHONE, locale="zh-CN", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    tab = await context.new_page()
    try:
        await open_chat(tab, running.url)
        yield tab
    finally:
        await context.close()


def last_bot(page: Page):
    return page.locator(".msg.bot").last


async def test_a_failed_status_lookup_does_not_trap_later_questions(phone: Page) -> None:
    await press(phone, "查询申请进度")
    await say(phone, "LX2026-999999 ABCD2345")
    await expect(last_bot(phone)).to_contain_text("已退出进度查询")
    await say(phone, "办公时间是几点")
    await expect(last_bot(phone)).to_contain_text("8:30")
    await expect(last_bot(phone)).not_to_contain_text("没有找到申请编号")


async def test_the_menu_leaves_the_wizard_and_a_question_is_never_a_name(phone: Page) -> None:
    await say(phone, "/apply")
    await press(phone, "同意，开始填写")
    await press(phone, "公民")
    await say(phone, "申请要收费吗？")
    await expect(last_bot(phone)).to_contain_text("这句话像是一个问题，没有填入“姓名”")
    await press(phone, "继续填写申请")
    await expect(last_bot(phone)).to_contain_text("请输入申请人姓名")
    for label in ("上一步", "退出"):
        await expect(phone.locator(".buttons").last.get_by_role("button", name=label, exact=True)).to_be_visible()

    seen = await phone.locator(".msg.bot").count()
    await phone.locator("#menu").click()
    await answered(phone, seen)
    await expect(last_bot(phone)).to_contain_text("申请草稿已保存，发送 /apply 继续")
    await say(phone, "办公时间是几点")
    await expect(last_bot(phone)).to_contain_text("8:30")
    await say(phone, "/apply")
    await expect(last_bot(phone)).to_contain_text("请输入申请人姓名")


async def test_an_earlier_steps_button_acts_on_nothing(phone: Page) -> None:
    await say(phone, "/apply")
    for kind, value in APPLICATION[:9]:  # up to the e-mail step
        await (press(phone, value) if kind == "press" else say(phone, value))
    email_skip = await phone.locator("#messages button", has_text="跳过").last.get_attribute("data-action")
    await press(phone, "跳过")
    await expect(last_bot(phone)).to_contain_text("所需政府信息的名称")

    seen = await phone.locator(".msg.bot").count()
    await phone.locator(f'#messages button[data-action="{email_skip}"]').click()
    await answered(phone, seen)
    await expect(last_bot(phone)).to_contain_text("这个按钮来自较早的步骤（“电子邮箱”），没有执行")
    await press(phone, "继续填写申请")
    await expect(last_bot(phone)).to_contain_text("所需政府信息的名称")


async def test_a_generated_form_is_not_a_submission_and_online_submission_is_confirmed(phone: Page, running) -> None:
    await fill_application(phone)
    await press(phone, "生成申请表")
    await expect(phone.locator(".msg.bot", has_text="申请表已生成，尚未提交")).to_have_count(1)
    await expect(phone.locator(".file", has_text="政府信息公开申请表.docx")).to_have_count(1)
    await expect(phone.locator(".file", has_text="政府信息公开申请表.pdf")).to_have_count(1)
    await expect(phone.locator("#messages")).not_to_contain_text("草稿已删除")

    await press(phone, "网上提交")
    await expect(last_bot(phone)).to_contain_text("请确认网上提交以下申请")
    assert list(running.requests.export()) == []
    await press(phone, "确认提交")
    await expect(phone.locator("#attach")).to_be_visible()
    seen = await phone.locator(".msg.bot").count()
    await phone.locator("#file").set_input_files(files=[{"name": "id.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    await answered(phone, seen)
    [view] = list(running.requests.export())
    done = phone.locator(".msg.bot", has_text="已网上提交")
    await expect(done.locator(".copy-value")).to_have_count(2)
    await expect(done.locator(".copy-value").first).to_have_text(view.tracking_no)
    await expect(done).to_contain_text("只显示这一次")
    await expect(done.get_by_role("button", name="复制申请编号")).to_be_visible()


async def test_status_replies_are_complete_and_subscription_offered_once(phone: Page, running) -> None:
    created = running.requests.create(REQUEST)
    submitted = running.requests.create({**REQUEST, "channel": "online", "received_on": None})
    await say(phone, f"/status {submitted.view.tracking_no} {submitted.query_code}")
    await expect(last_bot(phone)).to_contain_text("答复期限：尚未开始计算")
    await expect(last_bot(phone)).not_to_contain_text("期限说明")

    await say(phone, f"{created.view.tracking_no} {created.query_code}")
    await expect(last_bot(phone)).to_contain_text("期限说明")
    await press(phone, "订阅进度通知")
    await expect(last_bot(phone)).to_contain_text("已订阅")
    await say(phone, f"/status {created.view.tracking_no} {created.query_code}")
    await expect(last_bot(phone)).to_contain_text("您已订阅此申请的进度通知")
    await expect(phone.locator(".buttons").last.get_by_role("button", name="订阅进度通知")).to_have_count(0)
