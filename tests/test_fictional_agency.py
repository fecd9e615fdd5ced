"""A second, fictional agency run end to end through its configuration: its data is Lixia's with every name, number
and prefix replaced (and no annual reports), served from a folder outside knowledge/agencies/ through `[knowledge]
agency` (tests/agencies_support.py). What it answers, the wizard's form, the tracking numbers and the status check
are its own; the end-to-end suites (test_engine, test_apply, test_status, test_web) run over it as well."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.channels.collecting import CollectingChannel
from bot.config import Config, KnowledgeConfig
from bot.engine import Engine
from bot.services import build_services, open_requests
from bot.store import Store
from knowledge.clock import CHINA, Clock
from knowledge.guide import load_guide
from knowledge.semantic import VECTORS_FILE
from tests.agencies_support import FICTIONAL_FILES, QINGHE, Agency
from tests.apply_support import labels, press
from tests.browser_support import PHONE, REQUEST, open_chat, say

try:
    from playwright.async_api import expect
except ImportError:  # pragma: no cover - depends on the environment; the chromium fixture skips (fails under CI)
    expect = None

OFFICE_PHONE = "0999-66660000"
FORM_TITLE = "云川市青禾区人民政府信息公开申请表"
NOW = datetime(2026, 11, 25, 10, tzinfo=CHINA)


@pytest.fixture
def folder(agencies: dict[str, Agency]) -> str:
    """The fictional agency's folder (a path, where Lixia's is a name under knowledge/agencies/)."""
    return agencies[QINGHE].name


@pytest.fixture
def answerer(answerers, agencies: dict[str, Agency]):
    """The fictional agency's answerer, which the `running` web app (tests/conftest.py) serves."""
    return answerers.of(agencies[QINGHE])


@pytest.fixture
def user(folder: str) -> CollectingChannel:
    config = Config(knowledge=KnowledgeConfig(agency=folder))
    store = Store.in_memory()
    clock = Clock(instant=lambda: NOW)
    requests = open_requests(config, store, clock=clock)
    return CollectingChannel(Engine(store, build_services(config, requests=requests, clock=clock)))


def test_the_fixture_holds_nothing_of_lixia(folder: str):
    # Its vectors are there: without them every run would embed its examples afresh (write_fictional).
    assert sorted(path.name for path in Path(folder).iterdir()) == sorted([*FICTIONAL_FILES, VECTORS_FILE])
    for name in FICTIONAL_FILES:
        text = (Path(folder) / name).read_text(encoding="utf-8")
        assert not any(word in text for word in ("历下", "济南", "山东", "0531", "88150105", '"LX"')), name
    meta = load_guide(folder).meta
    assert (meta.agency, meta.tracking_prefix, meta.help_phone) == ("云川市青禾区人民政府", "QH", OFFICE_PHONE)


async def test_an_answer_names_its_own_office_and_phone(user: CollectingChannel):
    [reply] = await user.say("受理机构电话多少")
    assert OFFICE_PHONE in reply.text and "0531" not in reply.text
    [welcome] = await user.say("/start")
    assert "云川市青禾区人民政府信息公开助手" in welcome.text and "历下" not in welcome.text


async def test_the_wizard_fills_its_own_form(user: CollectingChannel):
    [notice] = await user.say("/apply")
    assert f"《{FORM_TITLE}》" in notice.text and "历下" not in notice.text
    await press(user, "同意，开始填写")
    await press(user, "公民")
    await user.say("张三")
    await press(user, "居民身份证")
    await user.say("370102199003071238")
    [prompt] = await press(user, "跳过")  # work unit
    assert OFFICE_PHONE in prompt.text
    [refused] = await user.say("6666000")
    assert "云川为0999" in refused.text


async def test_tracking_numbers_use_its_prefix_and_status_works(user: CollectingChannel):
    [asked] = await user.say("/status")
    assert "QH2026-000123" in asked.text
    requests = user.engine.services.requests
    created = requests.create(
        {
            "applicant_type": "citizen",
            "name": "张三",
            "phone": "13812345678",
            "channel": "in_person",
            "description": "2025年青禾区某某路改造工程的立项批复文件",
            "received_on": "2026-11-20",
        }
    )
    number = created.view.tracking_no
    assert number.startswith("QH2026-")
    [reply] = await user.say(f"/status {number.lower()} {created.query_code}")
    assert number in reply.text and "订阅进度通知" in labels(reply)


async def test_a_report_question_says_no_reports_are_held(user: CollectingChannel):
    [reply] = await user.say("2022年收到多少政府信息公开申请")
    assert reply.text.startswith("暂无年度报告数据") and "历下" not in reply.text
    [charts] = await user.say("/stats")
    assert "暂无年度报告数据" in charts.text


async def test_one_round_trip_in_a_browser(browser, running):
    """The page in Chromium: its welcome, an answer with its phone, a status lookup of one of its numbers."""
    created = running.requests.create({**REQUEST, "description": "青禾区2025年《老旧小区改造实施方案》"})
    number = created.view.tracking_no
    assert number.startswith("QH2026-")
    context = await browser.new_context(**PHONE, locale="zh-CN", service_workers="block")
    context.set_default_timeout(10_000)
    try:
        tab = await context.new_page()
        await open_chat(tab, running.url, welcome="云川市青禾区人民政府信息公开助手")
        await say(tab, "受理机构电话多少")
        await expect(tab.locator(".msg.bot").last).to_contain_text(OFFICE_PHONE)
        await say(tab, f"/status {number} {created.query_code}")
        await expect(tab.locator(".msg.bot").last).to_contain_text(f"申请编号：{number}")
        await expect(tab.locator(".msg.bot").last).to_contain_text("状态：办理中")
        assert "历下" not in await tab.locator("#messages").inner_text()
    finally:
        await context.close()
