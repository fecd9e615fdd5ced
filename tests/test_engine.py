"""The engine and the handlers, driven through the collecting channel, over Lixia and the fictional agency: what a
reply names (the agency, its phones, its guide) is the agency's own, read from its guide."""

import asyncio

import pytest

from bot.channels.collecting import CollectingChannel
from handlers.menu import MENU_ITEMS
from handlers.messages import MAX_REPLY_CHARS, Incoming
from handlers.router import STALE_BUTTON
from handlers.session import Session
from knowledge.reports.loading import load_reports
from tests import agencies_support
from tests.agencies_support import fictional_only, lixia_only

# The suite runs over both agencies: `agency` over AGENCIES, `answerer` the agency's.
agency = agencies_support.agency
answerer = agencies_support.agency_answerer


def all_actions(reply):
    return [button.action for row in reply.buttons for button in row]


async def test_start_shows_the_menu(chat, agency):
    [reply] = await chat.say("/start")
    assert f"{agency.meta.agency}信息公开助手" in reply.text and agency.foreign(reply.text) == []
    assert all_actions(reply) == [action for _, action in MENU_ITEMS]


async def test_help_lists_the_commands(chat):
    [reply] = await chat.say("/help")
    assert ["/start" in reply.text, "/help" in reply.text, "/cancel" in reply.text] == [True, True, True]


@pytest.mark.parametrize(("_label", "action"), MENU_ITEMS)
async def test_every_menu_button_answers(chat, agency, _label, action):
    replies = await chat.press(action)
    assert replies and STALE_BUTTON not in replies[0].text
    assert [agency.foreign(reply.text) for reply in replies] == [[]] * len(replies)


async def test_topic_button_gives_a_sourced_answer(chat, agency):
    [reply] = await chat.press("topic:receiving_office")
    office = agency.guide.place("receiving_office")
    assert office.fields["phone"] in reply.text and office.fields["address"] in reply.text
    assert f"来源：{agency.meta.guide}{office.section}（{agency.meta.updated}）" in reply.text


async def test_question_is_answered_with_a_way_back(chat, agency):
    [reply] = await chat.say("受理机构的电话是多少")
    assert agency.office_phone in reply.text and agency.foreign(reply.text) == []
    assert all_actions(reply) == ["menu"]


async def test_unknown_question_offers_the_menu_and_phone(chat, agency):
    [reply] = await chat.say("今天天气怎么样")
    assert "找不到答案" in reply.text and agency.meta.help_phone in reply.text
    assert all_actions(reply) == [action for _, action in MENU_ITEMS]


REPORT_QUESTION = "2022年收到多少政府信息公开申请"


@lixia_only  # the fictional agency holds no annual reports: its counterpart follows
async def test_a_report_question_is_answered_from_the_agency_s_annual_report(chat, agency):
    [report] = [report for report in load_reports(agency.name) if report.year == 2022]
    [reply] = await chat.say(REPORT_QUESTION)
    assert f"2022年，区政府新收政府信息公开申请{report.table['new'].value}件" in reply.text
    assert f"《{report.title}》" in reply.text
    [charts] = await chat.say("/stats")
    assert "stats:apps" in all_actions(charts) and f"stats:outcomes:{report.year}" in all_actions(charts)


@fictional_only  # without a reports.toml: its report questions are told so, not answered with another's figures
async def test_a_report_question_without_reports_says_none_are_held(chat, agency):
    assert not agency.has_reports and load_reports(agency.name) == ()
    [reply] = await chat.say(REPORT_QUESTION)
    assert reply.text.startswith("暂无年度报告数据") and agency.foreign(reply.text) == []
    [charts] = await chat.say("/stats")
    assert charts.text.startswith("暂无年度报告数据") and all_actions(charts) == ["menu"]


async def test_fee_calculator_flow(chat, store):
    await chat.press("calc:fee")
    assert store.load_session("test", "test") == Session(flow="calc", step="fee")
    [reply] = await chat.say("35")
    assert "件还是35页" in reply.text
    [reply] = await chat.say("-3件")
    assert "1到10000" in reply.text
    assert store.load_session("test", "test") == Session(flow="calc", step="fee")
    [reply] = await chat.say("３５件")
    assert "合计：3000元" in reply.text
    assert store.load_session("test", "test") == Session()


async def test_deadline_calculator_flow(chat, store):
    await chat.press("calc:deadline")
    [reply] = await chat.say("2月30日")
    assert "不存在" in reply.text
    [reply] = await chat.say("2026-11-25")
    assert "2026年12月23日" in reply.text and "2027年1月21日" in reply.text
    assert store.load_session("test", "test") == Session()


async def test_a_question_inside_a_calculator_leaves_it(chat, store, agency):
    await chat.press("calc:deadline")
    [reply] = await chat.say("投诉电话")
    assert agency.field("complaint_office", "phone") in reply.text
    assert store.load_session("test", "test") == Session()


async def test_cancel_leaves_a_flow(chat, store):
    await chat.press("calc:fee")
    [reply] = await chat.say("/cancel")
    assert reply.text.startswith("已退出")
    assert store.load_session("test", "test") == Session()
    [reply] = await chat.say("/cancel")
    assert reply.text == "当前没有进行中的操作。"


async def test_session_survives_a_new_engine(engine, store, answerer):
    await CollectingChannel(engine).press("calc:fee")
    from bot.engine import Engine
    from handlers.context import Services

    restarted = CollectingChannel(Engine(store, Services(answerer=answerer)))
    [reply] = await restarted.say("12件")
    assert "合计：200元" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "消息是空的"),
        ("   \t  ", "消息是空的"),
        ("\x00\x07\u200b", "消息是空的"),
        ("问" * 100_000, "太长了"),
        ("😀😀😀", "找不到答案"),
        ("How do I apply?", "只能理解中文"),
        ("/foo", "不认识的命令 /foo"),
        ("/START@gongkai_bot", "信息公开助手"),
        ("-3件", "件数应为1到10000之间的整数"),
        ("10000000页", "页数应为1到100000之间的整数"),
        ("2026年2月30日提交什么时候答复", "不存在"),
    ],
)
async def test_bad_input_gets_a_clear_reply_and_changes_nothing(chat, store, text, expected):
    replies = await chat.say(text)
    assert expected in replies[0].text
    assert all(len(reply.text) <= MAX_REPLY_CHARS for reply in replies)
    assert store.load_session("test", "test") == Session()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "消息是空的"),
        ("\x00\x1b[31m", "没有看懂"),
        ("问" * 100_000, "太长了"),
        ("😀😀😀", "没有看懂"),
        ("How do I apply?", "没有看懂"),
        ("/foo", "不认识的命令"),
        ("-3件", "件数应为1到10000之间的整数"),
        ("2026年2月30日", "不存在"),
    ],
)
async def test_bad_input_inside_a_calculator_keeps_it_open(chat, store, text, expected):
    await chat.press("calc:deadline")
    [reply] = await chat.say(text)
    assert expected in reply.text
    assert store.load_session("test", "test") == Session(flow="calc", step="deadline")


@pytest.mark.parametrize("action", ["topic:no_such_topic", "calc:nothing", "status:sub:nonsense", "x" * 64, ""])
async def test_stale_or_unknown_button_gets_a_notice(chat, store, action):
    [reply] = await chat.press(action)
    assert reply.text == STALE_BUTTON
    assert store.load_session("test", "test") == Session()


async def test_messages_of_one_chat_are_handled_in_order(engine, store, agency, monkeypatch):
    order = []
    original = store.load_session

    def slow_load(channel, chat_id):
        order.append(chat_id)
        return original(channel, chat_id)

    monkeypatch.setattr(store, "load_session", slow_load)
    first = CollectingChannel(engine, chat_id="a")
    second = CollectingChannel(engine, chat_id="b")
    await asyncio.gather(first.press("calc:fee"), first.say("35件"), second.say("电话"))
    assert first.replies[0].text.startswith("请输入件数")
    assert "合计：3000元" in first.replies[1].text
    assert agency.office_phone in second.replies[0].text


async def test_a_failing_handler_keeps_the_session(chat, store, monkeypatch):
    await chat.press("calc:fee")

    def boom(_text):
        raise RuntimeError("broken")

    monkeypatch.setattr("handlers.calc.quantities", boom)
    [reply] = await chat.say("35件")
    assert "出错" in reply.text
    assert store.load_session("test", "test") == Session(flow="calc", step="fee")


async def test_a_failing_save_is_a_polite_reply_and_the_old_state_stays(chat, store, monkeypatch):
    await chat.press("calc:fee")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "save_session", full_disk)
    [reply] = await chat.press("menu")
    assert reply.text.startswith("抱歉，处理您的消息时出错了")
    monkeypatch.undo()
    assert store.load_session("test", "test") == Session(flow="calc", step="fee")


async def test_a_turn_gives_the_session_the_chat_is_left_with(engine, store, monkeypatch):
    turn = await engine.turn(Incoming("test", "t", action="calc:fee"))
    assert turn.session == Session(flow="calc", step="fee") == store.load_session("test", "t")

    def boom(_text):
        raise RuntimeError("broken")

    monkeypatch.setattr("handlers.calc.quantities", boom)
    failed = await engine.turn(Incoming("test", "t", text="35件"))
    # A failed message leaves the chat where it was, and the turn says so.
    assert "出错" in failed.replies[0].text
    assert failed.session == Session(flow="calc", step="fee") == store.load_session("test", "t")
