"""The application wizard through the engine: every step, back/cancel/edit, restarts, concurrency, privacy."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import date, datetime, timedelta

import docx
import pytest

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.request_store import RequestStore
from handlers.context import Services
from handlers.messages import File
from handlers.session import Session
from knowledge.answer import build_answerer
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar

ID_NUMBER = "370102199003071238"
PHONE = "13812345678"
CREDIT_CODE = "91350100M000100Y43"
GOOD_DESCRIPTION = "历下区人民政府2021年关于泉城路街道旧村改造项目的拆迁补偿安置方案"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


class Today:
    def __init__(self) -> None:
        self.value = date(2026, 11, 25)

    def __call__(self) -> date:
        return self.value


@pytest.fixture
def today() -> Today:
    return Today()


@pytest.fixture
def requests(store, tmp_path, today) -> RequestStore:
    return RequestStore(
        store,
        calendar=default_calendar(),
        now=lambda: datetime.combine(today.value, datetime.min.time(), CHINA).replace(hour=10),
        uploads=tmp_path / "uploads",
    )


@pytest.fixture
def services(requests, today) -> Services:
    return Services(answerer=build_answerer(today=today), requests=requests)


@pytest.fixture
def engine(store, services) -> Engine:
    return Engine(store, services)


def actions(reply) -> list[str]:
    return [button.action for row in reply.buttons for button in row]


def action_like(reply, prefix: str) -> str:
    return next(action for action in actions(reply) if action.startswith(prefix))


async def fill_citizen(user: CollectingChannel, *, description: str = GOOD_DESCRIPTION) -> None:
    """Walk a citizen's application up to the review."""
    await to_description(user)
    await user.say(description)
    await finish(user)


async def finish(user: CollectingChannel) -> None:
    """From the purpose step to the review."""
    await user.press("apply:skip")  # purpose
    await user.press("apply:carrier:paper")
    await user.press("apply:delivery:post")


async def to_description(user: CollectingChannel) -> None:
    """A citizen's application up to the description step."""
    await user.say("/apply")
    await user.press("apply:agree")
    await user.press("apply:type:citizen")
    await user.say("张三")
    await user.press("apply:idtype:resident_id")
    await user.say(ID_NUMBER)
    await user.press("apply:skip")  # work unit
    await user.say(PHONE)
    await user.say("济南市历下区泉城路1号")
    await user.say("250000")
    await user.press("apply:skip")  # email
    await user.press("apply:skip")  # title
    await user.press("apply:skip")  # 文号


async def test_notice_comes_first_and_explains_why(engine):
    [notice] = await CollectingChannel(engine).say("/apply")
    assert "第二十九条" in notice.text and "/cancel" in notice.text and "7天" in notice.text
    assert actions(notice) == ["apply:agree", "apply:quit"]


async def test_citizen_wizard_to_review_masks_personal_data(engine):
    user = CollectingChannel(engine)
    await fill_citizen(user)
    review = user.last
    assert "请核对申请内容" in review.text
    assert "3701**********1238" in review.text and "138****5678" in review.text
    assert ID_NUMBER not in review.text and PHONE not in review.text
    assert "apply:confirm:form:0" in actions(review) and "apply:confirm:online:0" in actions(review)


async def test_confirm_hands_over_docx_and_text(engine, store):
    user = CollectingChannel(engine)
    await fill_citizen(user)
    replies = await user.press("apply:confirm:form:0")
    text = "\n".join(reply.text for reply in replies)
    assert "济南市历下区人民政府信息公开申请表" in text and ID_NUMBER in text
    [form] = [file for reply in replies for file in reply.files]
    assert form.name.endswith(".docx")
    document = docx.Document(io.BytesIO(form.data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"张三", ID_NUMBER, PHONE, GOOD_DESCRIPTION} <= cells
    assert store.load_session("test", "test") == Session()


async def test_organisation_wizard(engine):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.press("apply:agree")
    await user.press("apply:type:organisation")
    for answer in ("济南某某科技有限公司", CREDIT_CODE, "李四", "王五", "0531-88150105", "济南市历下区1号", "250000"):
        await user.say(answer)
    await user.press("apply:skip")  # email
    await user.say("《历下区2022年度政府集中采购目录》")
    await user.press("apply:skip")
    await user.say("历下区财政局2022年发布的政府集中采购目录及限额标准")
    await user.press("apply:skip")
    await user.press("apply:carrier:electronic")
    replies = await user.press("apply:delivery:email")
    assert "需要填写电子邮箱" in replies[0].text
    await user.say("office@example.com")
    assert "统一社会信用代码：91350100M000100Y43" in user.last.text


@pytest.mark.parametrize(
    ("step_answers", "bad", "message"),
    [
        ((), "3701021990030712", "18位"),
        ((), "370102199003071239", "校验码"),
        ((), "370102199002301235", "出生日期"),
    ],
)
async def test_invalid_id_number_is_asked_again(engine, store, step_answers, bad, message):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.press("apply:agree")
    await user.press("apply:type:citizen")
    await user.say("张三")
    await user.press("apply:idtype:resident_id")
    before = store.load_session("test", "test")
    [reply] = await user.say(bad)
    assert message in reply.text
    assert store.load_session("test", "test") == before


async def test_full_width_input_is_normalised(engine):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.press("apply:agree")
    await user.press("apply:type:citizen")
    await user.say("张三")
    await user.press("apply:idtype:resident_id")
    await user.say("３７０１０２ １９９００３０７１２３８")
    assert "工作单位" in user.last.text


@pytest.mark.parametrize(
    ("description", "issue_word"),
    [("相关文件", "建议"), ("投诉物业乱收费，请政府处理", "12345"), ("请把近三年的数据汇总统计后给我", "建议")],
)
async def test_checker_flags_the_description_and_offers_to_keep_it(engine, store, description, issue_word):
    user = CollectingChannel(engine)
    await to_description(user)
    [flagged] = await user.say(description)
    assert issue_word in flagged.text and "apply:keep" in actions(flagged)
    await user.press("apply:keep")
    assert "用途" in user.last.text
    assert store.load_session("test", "test").data["draft"]["description"] == description


async def test_multiple_items_split_into_separate_drafts(engine):
    user = CollectingChannel(engine)
    await to_description(user)
    [flagged] = await user.say("1.2020年某地块征地批复；2.2021年某项目环评批复；3.区长办公会纪要")
    assert "apply:split" in actions(flagged)
    await user.press("apply:split")
    await finish(user)
    first = await user.press(action_like(user.last, "apply:confirm:form:"))
    assert "2020年某地块征地批复" in first[0].text
    second_review = first[-1]
    assert "还剩1份" in second_review.text and "2021年某项目环评批复" in second_review.text
    second = await user.press(action_like(second_review, "apply:confirm:form:"))
    assert "2021年某项目环评批复" in second[0].text and "还剩0份" in second[-1].text


async def test_back_steps_back_and_cancel_deletes_the_draft(engine, store):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.press("apply:agree")
    await user.press("apply:type:citizen")
    await user.say("张三")
    [back] = await user.say("/back")
    assert "申请人姓名" in back.text
    [cancelled] = await user.say("/cancel")
    assert cancelled.text == "已放弃申请，草稿已删除。"
    assert store.load_session("test", "test") == Session()


async def test_edit_from_review_returns_to_review_and_old_confirm_is_stale(engine):
    user = CollectingChannel(engine)
    await fill_citizen(user)
    await user.press("apply:edit:phone")
    [review] = await user.say("0531-88150105")
    assert "请核对申请内容" in review.text and "053******0105" in review.text
    [stale] = await user.press("apply:confirm:form:0")
    assert "修改之前的预览" in stale.text
    replies = await user.press(action_like(review, "apply:confirm:form:"))
    assert any(reply.files for reply in replies)


async def test_changing_the_id_type_asks_the_document_again(engine):
    user = CollectingChannel(engine)
    await fill_citizen(user)
    await user.press("apply:edit:id_type")
    await user.press("apply:idtype:other")
    assert "证件名称" in user.last.text
    await user.say("护照")
    await user.say("E12345678")
    assert "证件类型：护照" in user.last.text and "E123*5678" in user.last.text and "证件名称" not in user.last.text


async def test_draft_survives_a_restart(store, services, engine):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.press("apply:agree")
    await user.press("apply:type:citizen")
    restarted = CollectingChannel(Engine(store, services))
    [reply] = await restarted.say("张三")
    assert "证件类型" in reply.text


async def test_expired_draft_is_deleted(engine, store, today):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.press("apply:agree")
    today.value += timedelta(days=8)
    [reply] = await user.say("张三")
    assert "已被删除" in reply.text
    assert store.load_session("test", "test") == Session()


async def test_two_chats_draft_at_once(engine):
    first, second = CollectingChannel(engine, chat_id="a"), CollectingChannel(engine, chat_id="b")
    await asyncio.gather(fill_citizen(first), fill_citizen(second))
    assert "请核对申请内容" in first.last.text and "请核对申请内容" in second.last.text


async def test_online_submission_creates_one_request_even_on_double_press(engine, requests, tmp_path):
    user = CollectingChannel(engine)
    await fill_citizen(user)
    await user.press("apply:confirm:online:0")
    assert "JPEG、PNG 或 PDF" in user.last.text
    [wrong] = await user.say("这是我的身份证")
    assert "上传证件" in wrong.text
    bad = await engine.handle(_upload(user, b"GIF89a not an id"))
    assert "只接受 JPEG、PNG 图片或 PDF" in bad[0].text
    done_a, done_b = await asyncio.gather(engine.handle(_upload(user, JPEG)), engine.handle(_upload(user, JPEG)))
    texts = [reply.text for reply in done_a + done_b]
    assert sum("已网上提交" in text for text in texts) == 1
    [view] = list(requests.export())
    assert (view.channel, view.clock.status.value) == ("online", "submitted")
    assert requests.subscribers(view.tracking_no) == [("test", "test")]
    [stored] = (tmp_path / "uploads").iterdir()
    assert stored.read_bytes() == JPEG and stored.stat().st_mode & 0o777 == 0o600


def _upload(user: CollectingChannel, data: bytes):
    from handlers.messages import Incoming

    return Incoming(user.name, user.chat_id, upload=File(name="id.jpg", mime="image/jpeg", data=data))


async def test_upload_when_none_is_expected(engine):
    user = CollectingChannel(engine)
    replies = await engine.handle(_upload(user, JPEG))
    assert "现在不需要上传文件" in replies[0].text


async def test_stale_wizard_button_after_cancel(engine):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await user.say("/cancel")
    [reply] = await user.press("apply:type:citizen")
    assert "已失效" in reply.text


async def test_personal_data_never_reaches_the_logs(engine, caplog):
    caplog.set_level(logging.DEBUG)
    user = CollectingChannel(engine)
    await fill_citizen(user)
    await user.press("apply:confirm:online:0")
    await engine.handle(_upload(user, JPEG))
    assert ID_NUMBER not in caplog.text and PHONE not in caplog.text


async def test_daily_clean_up_empties_stale_drafts_and_old_uploads(engine, store, requests, today, tmp_path):
    from bot.notify import Notifier

    user = CollectingChannel(engine)
    await fill_citizen(user)
    await user.press("apply:confirm:online:0")
    await engine.handle(_upload(user, JPEG))
    [view] = list(requests.export())
    drafting = CollectingChannel(engine, chat_id="drafting")
    await drafting.say("/apply")
    store.conn.execute("UPDATE sessions SET updated_at = '2000-01-01T00:00:00+00:00' WHERE chat_id = 'drafting'")
    requests.add_event(view.tracking_no, {"type": "receive", "on": "2026-11-25"})
    requests.add_event(view.tracking_no, {"type": "reply", "on": "2026-11-25", "outcome": "disclosed"})
    today.value += timedelta(days=31)
    assert Notifier(requests, {}, draft_days=7, upload_retention_days=30).daily() is True
    assert store.load_session("test", "drafting") == Session()
    assert store.has_session("test", "drafting")
    assert list((tmp_path / "uploads").iterdir()) == []


async def test_text_typed_at_the_notice_asks_for_the_buttons_again(chat):
    await chat.say("/apply")
    [reply] = await chat.say("电话呢")
    assert reply.text.startswith("请点选下面的按钮。")
    assert [b.action for row in reply.buttons for b in row] == ["apply:agree", "apply:quit"]
    [reply] = await chat.say("/apply")
    assert "继续上次的步骤" in reply.text
