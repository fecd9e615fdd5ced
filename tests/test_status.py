"""Status lookups in chat, lockouts, subscriptions and notices on the web and Telegram, over Lixia and the fictional
agency: tracking numbers carry the agency's prefix, remedies name its own reconsideration office and court."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.notify import Notifier
from bot.requests.lookups import BACKOFF_SECONDS, FREE_FAILURES
from bot.requests.repository import RequestStore
from bot.web import CHANNEL_KEY, create_app
from handlers.context import Services
from handlers.session import Session
from handlers.state import StatusState
from handlers.status import NOT_FOUND
from knowledge.clock import CHINA
from knowledge.tracking import find_code, find_number
from knowledge.workdays import default_calendar
from tests import agencies_support
from tests.agencies_support import Agency

# The suite runs over both agencies: `agency` over AGENCIES, `answerer` the agency's.
agency = agencies_support.agency
answerer = agencies_support.agency_answerer


def new_request(agency: Agency) -> dict:
    """A request as staff register it, about the agency's own district."""
    return {**NEW_REQUEST, "description": f"{agency.meta.district}2025年《老旧小区改造实施方案》"}


# Lixia's (tests/test_lookup_security.py uses it too).
NEW_REQUEST = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": "13800138000",
    "channel": "in_person",
    "description": "历下区2025年《老旧小区改造实施方案》",
    "received_on": "2026-11-02",
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def requests(store, clock, agency) -> RequestStore:
    return RequestStore(store, calendar=default_calendar(), now=clock, prefix=agency.meta.tracking_prefix)


@pytest.fixture
def engine(store, answerer, requests) -> Engine:
    return Engine(store, Services(answerer=answerer, requests=requests))


@pytest.fixture
def created(requests, agency):
    return requests.create(new_request(agency))


def chat(engine: Engine, chat_id: str = "c1", channel: str = "web") -> CollectingChannel:
    return CollectingChannel(engine, chat_id=chat_id, name=channel)


def typed(template: str, prefix: str) -> str:
    """A message as typed: {P} the agency's prefix, {p} in lower case; "wide:" on a full-width keyboard (ASCII to its
    full-width forms, a space to the ideographic space)."""
    text = template.removeprefix("wide:").format(P=prefix, p=prefix.lower())
    if not template.startswith("wide:"):
        return text
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(
    ("template", "number", "code"),
    [
        ("{P}2026-000001 ABCD2345", "{P}2026-000001", "ABCD2345"),
        ("wide:{p}2026-000001 abcd2345", "{P}2026-000001", "ABCD2345"),
        ("编号{p}2026-1，查询码 abcd 2345", "{P}2026-000001", "ABCD2345"),
        ("{P}2026-000001", "{P}2026-000001", None),
        ("ABCD2345", None, "ABCD2345"),
        ("我的申请怎么样了", None, None),
    ],
)
def test_number_and_code_are_found_in_a_message(agency, template, number, code):
    prefix = agency.meta.tracking_prefix
    text, expected = typed(template, prefix), number and typed(number, prefix)
    assert (find_number(text, prefix=prefix), find_code(text, prefix=prefix)) == (expected, code)


async def test_lookup_in_one_message_shows_status_dates_and_explanation(engine, created, agency):
    assert created.view.tracking_no == agency.number(2026, 1)
    user = chat(engine)
    await user.say("/status")
    [reply] = await user.say(f"{created.view.tracking_no.lower()} {created.query_code.lower()}")
    assert "状态：办理中" in reply.text
    assert "收到申请：2026年11月2日（星期一）（当面提交的，以提交之日为收到申请之日" in reply.text
    assert "答复期限：2026年11月30日（星期一），还剩3个工作日。" in reply.text
    assert "期限说明" in reply.text
    assert [b.action for row in reply.buttons for b in row] == [f"status:sub:{created.view.tracking_no}", "menu"]


async def test_lookup_asked_in_turn(engine, created, store):
    user = chat(engine)
    await user.press("status:start")
    [ask_code] = await user.say(created.view.tracking_no)
    assert "请发送查询码" in ask_code.text
    assert store.load_session("web", "c1").state == StatusState(created.view.tracking_no)
    [reply] = await user.say(created.query_code)
    assert "状态：办理中" in reply.text
    assert store.load_session("web", "c1") == Session()


async def test_unknown_number_and_wrong_code_get_the_same_reply(engine, created, agency):
    user = chat(engine)
    await user.say("/status")
    [wrong_code] = await user.say(f"{created.view.tracking_no} ZZZZZZZZ")
    [unknown] = await user.say(f"{agency.number(2026, 999999)} ABCD2345")
    assert wrong_code.text == unknown.text == NOT_FOUND


async def test_a_chat_backs_off_after_three_failures(engine, created, clock):
    user = chat(engine)
    for _ in range(FREE_FAILURES):
        [failed] = await user.say(f"/status {created.view.tracking_no} ZZZZZZZZ")
        assert failed.text == NOT_FOUND
    [refused] = await user.say(f"/status {created.view.tracking_no} {created.query_code}")
    assert refused.text == "查询失败次数过多，请在10:01后再试。"
    clock.now += timedelta(seconds=BACKOFF_SECONDS)
    [reply] = await user.say(f"/status {created.view.tracking_no} {created.query_code}")
    assert "状态：办理中" in reply.text


async def test_attempts_are_logged_without_the_code(engine, created, store, caplog):
    caplog.set_level("INFO")
    await chat(engine).say(f"/status {created.view.tracking_no} {created.query_code}")
    rows = store.conn.execute("SELECT * FROM lookup_attempts").fetchall()
    assert all(created.query_code not in str(row) for row in rows)
    assert created.query_code not in caplog.text


async def test_answered_request_shows_outcome_and_remedies_with_their_last_days(engine, created, requests, agency):
    requests.add_event(created.view.tracking_no, {"type": "reply", "on": "2026-11-20", "outcome": "withheld_process"})
    [reply] = await chat(engine).say(f"/status {created.view.tracking_no} {created.query_code}")
    assert "办理结果：不予公开：属于四类过程性信息" in reply.text
    assert "申请行政复议最晚2027年1月19日（星期二）（60日内）" in reply.text
    assert agency.field("reconsideration", "phone") in reply.text
    # A refusal goes to reconsideration before any lawsuit since 2024.
    assert "须先申请行政复议，不能直接起诉" in reply.text and agency.field("court", "phone") in reply.text
    assert "6个月内" not in reply.text and agency.foreign(reply.text) == []


async def test_a_reply_other_than_a_refusal_may_be_taken_to_court_directly(engine, created, requests):
    requests.add_event(
        created.view.tracking_no, {"type": "reply", "on": "2026-11-20", "outcome": "unavailable_not_held"}
    )
    [reply] = await chat(engine).say(f"/status {created.view.tracking_no} {created.query_code}")
    assert "直接起诉最晚2027年5月20日（星期四）（6个月内）" in reply.text


async def test_next_step_for_the_applicant(engine, created, requests):
    requests.add_event(created.view.tracking_no, {"type": "fee_notice", "on": "2026-11-20", "amount": 300})
    [reply] = await chat(engine).say(f"/status {created.view.tracking_no} {created.query_code}")
    assert "下一步：请在2026年12月18日（星期五）前缴纳信息处理费" in reply.text


async def test_subscribing_needs_a_successful_lookup(engine, created, requests):
    stranger = chat(engine, chat_id="stranger")
    [refused] = await stranger.press(f"status:sub:{created.view.tracking_no}")
    assert "请先用申请编号和查询码查询" in refused.text
    assert requests.outbox.subscribers(created.view.tracking_no) == []


async def test_subscriber_gets_a_notice_on_the_web_now_or_at_next_connect(store, answerer, requests, created, agency):
    engine = Engine(store, Services(answerer=answerer, requests=requests))
    app = create_app(engine, agency.config(), requests=requests)
    web_channel = app[CHANNEL_KEY]
    notifier = Notifier(requests, {"web": web_channel.push})
    async with TestClient(TestServer(app)) as client:
        ws = await client.ws_connect("/ws")
        chat_id = (await ws.receive_json())["chat"]
        await ws.send_json({"type": "message", "text": f"/status {created.view.tracking_no} {created.query_code}"})
        await ws.receive_json()
        await ws.send_json({"type": "action", "action": f"status:sub:{created.view.tracking_no}"})
        assert "已订阅" in (await ws.receive_json())["text"]

        requests.add_event(created.view.tracking_no, {"type": "extend", "on": "2026-11-24"})
        assert await notifier.deliver_pending() == 1
        notice = await asyncio.wait_for(ws.receive_json(), timeout=5)
        assert "延长答复期限" in notice["text"] and "2026年12月28日" in notice["text"]
        await ws.close()

        requests.add_event(created.view.tracking_no, {"type": "reply", "on": "2026-11-25", "outcome": "disclosed"})
        assert await notifier.deliver_pending() == 0
        again = await client.ws_connect(f"/ws?chat={chat_id}")
        assert (await again.receive_json())["type"] == "hello"
        queued = await asyncio.wait_for(again.receive_json(), timeout=5)
        assert "办理结果：予以公开" in queued["text"]
        assert requests.outbox.pending_notices("web") == []
        await again.close()


async def test_unsubscribe_stops_notices(engine, created, requests):
    user = chat(engine)
    await user.say(f"/status {created.view.tracking_no} {created.query_code}")
    await user.press(f"status:sub:{created.view.tracking_no}")
    [reply] = await user.say("/unsubscribe")
    assert reply.text == "已取消1个申请的进度通知。"
    requests.add_event(created.view.tracking_no, {"type": "extend", "on": "2026-11-24"})
    assert requests.outbox.pending_notices("web") == []


async def test_daily_job_reminds_applicants_and_lists_for_staff(requests, created, clock, caplog, agency):
    number = created.view.tracking_no
    requests.add_event(number, {"type": "request_supplement", "on": "2026-11-05", "until": "2026-11-27"})
    overdue = requests.create({**new_request(agency), "received_on": "2026-10-20"}).view.tracking_no
    assert overdue == agency.number(2026, 2)
    requests.store.conn.execute(
        "INSERT INTO lookup_attempts (channel, chat_id, tracking_no, ok, at) VALUES ('web', 'c1', ?, 1, ?)",
        [number, clock.now.timestamp()],
    )
    requests.subscribe("web", "c1", number)
    notifier = Notifier(requests, {}, staff_chat=("telegram", "-100"))
    assert notifier.daily() is True
    [reminder] = requests.outbox.pending_notices("web", "c1")
    assert "2026年11月27日（星期五）前补正" in reminder.text
    [staff] = requests.outbox.pending_notices("telegram", "-100")
    assert overdue in staff.text and "已超期" in staff.text
    assert overdue in caplog.text
    assert notifier.daily() is False


def test_every_channel_has_its_receipt_rule():
    from bot.requests.intake import CHANNELS
    from knowledge.lifecycle import RECEIPT_RULES

    assert set(CHANNELS) == set(RECEIPT_RULES)


def labels(reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def empty_headings(text: str) -> list[str]:
    """Lines that end in "：" (a heading or a label) with nothing under or after them."""
    lines = text.split("\n")
    return [
        line for line, after in zip(lines, [*lines[1:], ""], strict=True) if line.endswith("：") and not after.strip()
    ]


# Event histories that reach each kind of status, after new_request's receipt on 2026-11-02.
HISTORIES = {
    "processing": [],
    "extended": [{"type": "extend", "on": "2026-11-20"}],
    "awaiting_supplement": [{"type": "request_supplement", "on": "2026-11-05", "until": "2026-11-27"}],
    "awaiting_payment": [{"type": "fee_notice", "on": "2026-11-20", "amount": 300}],
    "consulting": [{"type": "consult_start", "on": "2026-11-10"}],
    "answered": [{"type": "reply", "on": "2026-11-20", "outcome": "disclosed"}],
    "withdrawn": [{"type": "withdraw", "on": "2026-11-20"}],
}


@pytest.mark.parametrize("status", sorted(HISTORIES))
async def test_no_status_reply_has_an_empty_heading(engine, created, requests, status):
    for event in HISTORIES[status]:
        requests.add_event(created.view.tracking_no, event)
    [reply] = await chat(engine).say(f"/status {created.view.tracking_no} {created.query_code}")
    assert empty_headings(reply.text) == [], reply.text


async def test_a_request_submitted_online_says_the_clock_has_not_started(engine, requests, agency):
    submitted = requests.create({**new_request(agency), "channel": "online", "received_on": None})
    [reply] = await chat(engine).say(f"/status {submitted.view.tracking_no} {submitted.query_code}")
    assert "状态：已提交，等待机关确认收到" in reply.text
    assert "收到申请：尚未确认（通过互联网渠道提交的，以双方确认之日为收到申请之日" in reply.text
    assert "答复期限：尚未开始计算" in reply.text and "期限说明" not in reply.text
    assert empty_headings(reply.text) == []


async def test_subscription_is_offered_only_to_a_chat_not_yet_subscribed(engine, created, requests):
    user = chat(engine)
    number = created.view.tracking_no
    [first] = await user.say(f"/status {number} {created.query_code}")
    assert labels(first) == ["订阅进度通知", "返回主菜单"]
    await user.press(f"status:sub:{number}")
    [again] = await user.say(f"/status {number} {created.query_code}")
    assert labels(again) == ["返回主菜单"] and "您已订阅此申请的进度通知" in again.text
    [pressed] = await user.press(f"status:sub:{number}")
    assert pressed.text.startswith("您已订阅") and requests.outbox.subscribers(number) == [("web", "c1")]


async def test_a_number_and_code_typed_without_status_are_looked_up(engine, created):
    [reply] = await chat(engine).say(f"我的申请 {created.view.tracking_no} {created.query_code}")
    assert "状态：办理中" in reply.text


@pytest.mark.parametrize("question", ["办公时间是几点", "申请要收费吗？", "受理机构电话"])
async def test_a_question_in_status_mode_leaves_it_and_is_answered(engine, store, question):
    user = chat(engine)
    await user.say("/status")
    [answered] = await user.say(question)
    assert answered.text.startswith("已退出进度查询。\n") and "没有找到申请编号" not in answered.text
    assert store.load_session("web", "c1").flow is None


async def test_text_without_number_that_is_no_question_asks_again(engine, store):
    user = chat(engine)
    await user.say("/status")
    [again] = await user.say("编号我找一下")
    assert again.text.startswith("没有找到申请编号") and labels(again) == ["返回主菜单"]
    assert store.load_session("web", "c1").flow == "status"
