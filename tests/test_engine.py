"""The engine and the handlers, driven through the collecting channel."""

import asyncio

import pytest

from bot.channels.collecting import CollectingChannel
from handlers.menu import MENU_ITEMS
from handlers.messages import MAX_REPLY_CHARS
from handlers.router import STALE_BUTTON
from handlers.session import Session


def all_actions(reply):
    return [button.action for row in reply.buttons for button in row]


async def test_start_shows_the_menu(chat):
    [reply] = await chat.say("/start")
    assert "信息公开助手" in reply.text
    assert all_actions(reply) == [action for _, action in MENU_ITEMS]


async def test_help_lists_the_commands(chat):
    [reply] = await chat.say("/help")
    assert ["/start" in reply.text, "/help" in reply.text, "/cancel" in reply.text] == [True, True, True]


@pytest.mark.parametrize(("_label", "action"), MENU_ITEMS)
async def test_every_menu_button_answers(chat, _label, action):
    replies = await chat.press(action)
    assert replies and STALE_BUTTON not in replies[0].text


async def test_topic_button_gives_a_sourced_answer(chat):
    [reply] = await chat.press("topic:receiving_office")
    assert "0531-88150105" in reply.text
    assert "来源：《济南市历下区人民政府信息公开指南》二(一)（2022年4月更新）" in reply.text


async def test_question_is_answered_with_a_way_back(chat):
    [reply] = await chat.say("受理机构的电话是多少")
    assert "0531-88150105" in reply.text
    assert all_actions(reply) == ["menu"]


async def test_unknown_question_offers_the_menu_and_phone(chat):
    [reply] = await chat.say("今天天气怎么样")
    assert "找不到答案" in reply.text and "0531-88150105" in reply.text
    assert all_actions(reply) == [action for _, action in MENU_ITEMS]


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


async def test_a_question_inside_a_calculator_leaves_it(chat, store):
    await chat.press("calc:deadline")
    [reply] = await chat.say("投诉电话")
    assert "0531-88150105" in reply.text
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


async def test_messages_of_one_chat_are_handled_in_order(engine, store, monkeypatch):
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
    assert "0531-88150105" in second.replies[0].text


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
