"""Every flow can be left: by a menu or topic button, by 菜单 typed or pressed, by a command or by a question.
Text that is clearly a question is answered, never stored as the answer to a step."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.requests.repository import RequestStore
from handlers.context import Services
from handlers.questions import ends_asking
from handlers.wizard import RESUME
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar
from tests.apply_support import GOOD_DESCRIPTION, TO_DESCRIPTION, action_of, answer, labels, press, to_description

PAUSED = "申请草稿已保存，发送 /apply 继续。"


@pytest.fixture
def requests(store, tmp_path) -> RequestStore:
    now = datetime(2026, 11, 25, 10, tzinfo=CHINA)
    return RequestStore(store, calendar=default_calendar(), now=lambda: now, uploads=tmp_path / "uploads")


@pytest.fixture
def engine(store, answerer, requests) -> Engine:
    return Engine(store, Services(answerer=answerer, requests=requests))


@pytest.fixture
def user(engine) -> CollectingChannel:
    return CollectingChannel(engine)


async def enter_apply(user: CollectingChannel) -> None:
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:3])  # at the 证件类型 step, a name given


# How each flow is entered, and the note that says it was left.
MODES = {
    "calc": (lambda user: user.press("calc:fee"), "已退出计算。"),
    "status": (lambda user: user.press("status:start"), "已退出进度查询。"),
    "apply": (enter_apply, PAUSED),
}
# How a user leaves, and a word of what comes after the note.
EXITS = {
    "menu button": (lambda user: user.press("menu"), "请选择："),
    "typed 菜单": (lambda user: user.say("菜单"), "请选择："),
    "typed 返回主菜单": (lambda user: user.say("返回主菜单"), "请选择："),
    "typed 退出": (lambda user: user.say("退出"), "请选择："),
    "topic button": (lambda user: user.press("topic:fee_overview"), "信息处理费"),
    "stats button": (lambda user: user.press("stats:menu"), "年报统计图"),
    "/start": (lambda user: user.say("/start"), "您好"),
    "/help": (lambda user: user.say("/help"), "使用方法"),
    "question": (lambda user: user.say("办公时间是几点"), "8:30"),
    "question with 吗": (lambda user: user.say("申请要收费吗？"), "信息处理费"),
    "place and attribute": (lambda user: user.say("受理机构电话"), "0531-88150105"),
}


@pytest.mark.parametrize("exit_name", sorted(EXITS))
@pytest.mark.parametrize("mode", sorted(MODES))
async def test_every_mode_is_left_with_a_note(user, store, mode, exit_name):
    enter, note = MODES[mode]
    leave, after = EXITS[exit_name]
    await enter(user)
    assert store.load_session("test", "test").flow == mode
    replies = await leave(user)
    assert replies[0].text.split("\n")[0].endswith(note), replies[0].text
    assert after in "\n".join(reply.text for reply in replies)
    assert store.load_session("test", "test").flow is None


@pytest.mark.parametrize("mode", ["calc", "status"])
async def test_another_flow_started_from_a_flow_leaves_it(user, store, mode):
    enter, note = MODES[mode]
    await enter(user)
    [started] = await user.press("calc:deadline" if mode == "status" else "status:start")
    assert started.text.startswith(f"{note}\n")


@pytest.mark.parametrize("start", ["status:start", "calc:fee", "calc:deadline"])
async def test_a_paused_draft_resumes_where_it_stopped(user, store, start):
    await enter_apply(user)
    [left] = await user.press(start)
    assert left.text.startswith(f"{PAUSED}\n")
    [menu] = await user.say("菜单")
    assert "继续填写申请" in labels(menu)
    [resumed] = await press(user, "继续填写申请")
    assert "请选择证件类型" in resumed.text
    assert store.load_session("test", "test").state.draft["name"] == "张三"


async def test_the_menus_apply_button_resumes_the_paused_draft(user):
    await enter_apply(user)
    await user.press("menu")
    [resumed] = await user.press("apply:start")
    assert "保存的申请草稿" in resumed.text and "请选择证件类型" in resumed.text


async def test_cancel_deletes_a_paused_draft(user, store):
    await enter_apply(user)
    await user.say("菜单")
    [cancelled] = await user.say("/cancel")
    assert cancelled.text == "已放弃申请，草稿已删除。"
    assert store.load_session("test", "test").parked is None


async def test_unknown_command_and_stale_menu_button_keep_the_flow(user, store):
    await enter_apply(user)
    before = store.load_session("test", "test")
    await user.say("/foo")
    await user.press("topic:no_such_topic")
    assert store.load_session("test", "test") == before


async def test_a_failed_status_lookup_ends_status_mode(user, store):
    await user.press("status:start")
    [failed] = await user.say("LX2026-999999 ABCD2345")
    assert "已退出进度查询" in failed.text and labels(failed) == ["重新查询", "返回主菜单"]
    [answered] = await user.say("办公时间是几点")
    assert "没有找到申请编号" not in answered.text and "8:30" in answered.text


# Steps reached by the first n answers, with the step's name.
FIELD_STEPS = {"name": 2, "id_number": 4, "address": 7, "info_title": 10, "description": 12}


@pytest.mark.parametrize("question", ["申请要收费吗？", "办公时间是几点", "受理机构电话", "怎么网上申请呢"])
@pytest.mark.parametrize("step", ["name", "id_number", "address"])
async def test_a_question_at_a_field_step_is_answered_not_stored(user, store, step, question):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[: FIELD_STEPS[step]])
    before = store.load_session("test", "test").state.draft
    [answered] = await user.say(question)
    assert answered.text.startswith("这句话像是一个问题，没有填入"), answered.text
    assert PAUSED in answered.text and "继续填写申请" in labels(answered)
    parked = store.load_session("test", "test").parked
    assert parked.step == step and parked.state.draft == before
    [resumed] = await press(user, "继续填写申请")
    assert store.load_session("test", "test").step == step and "上一步" in labels(resumed)


@pytest.mark.parametrize("command", ["/help", "/stats", "/start"])
async def test_a_command_at_a_field_step_pauses_the_draft(user, store, command):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:2])
    [reply, *_] = await user.say(command)
    assert reply.text.startswith(f"{PAUSED}\n")
    assert "name" not in store.load_session("test", "test").parked.state.draft


@pytest.mark.parametrize(
    "value",
    [
        "张三",
        "什么时候都行科技有限公司",  # a name may hold a question word; the answerer does not take it for a question
        "济南市历下区哪吒路8号",
    ],
)
async def test_values_with_question_words_are_still_taken(user, store, value):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:2])
    [reply] = await user.say(value)
    assert "像是一个问题" not in reply.text


async def test_description_with_question_words_is_a_description(user, store):
    await to_description(user)
    description = "2021年历下区泉城路街道旧村改造项目拆迁补偿标准是多少的文件，以及安置房在哪里的规划批复"
    [reply, *_] = await user.say(description)
    assert "像是一个问题" not in reply.text
    session = store.load_session("test", "test")
    assert description in (session.state.draft.get("description"), session.state.pending_description)


async def test_a_question_at_the_description_can_still_be_kept_as_it_is(user, store):
    await to_description(user)
    [answered] = await user.say("申请要收费吗？")
    assert "没有填入“所需信息的内容描述”" in answered.text
    await user.press(action_of(answered, "这不是问题，填入“所需信息的内容描述”"))
    session = store.load_session("test", "test")
    assert session.flow == "apply" and "申请要收费吗？" in (
        session.state.draft.get("description"),
        session.state.pending_description,
    )


async def test_a_question_at_the_title_step_then_the_right_value(user, store):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:10])
    await user.say("文号是什么意思？")
    await user.press(RESUME)
    await user.say("《历下区2022年度政府集中采购目录》")
    assert store.load_session("test", "test").state.draft["info_title"] == "《历下区2022年度政府集中采购目录》"
    await answer(user, [("press", "跳过")])
    await user.say(GOOD_DESCRIPTION)
    assert "描述清楚" in user.last.text


@pytest.mark.parametrize(
    ("text", "asks"),
    [("申请要收费吗？", True), ("怎么申请呢", True), ("这样可以么", True), ("张三", False), ("How?", False)],
)
def test_a_sentence_ends_asking_by_its_form(text, asks):
    assert ends_asking(text) is asks
