"""The application wizard through the engine: every step, back/exit/edit, stale buttons, questions typed at a
step, honest ends (a form to sign, a confirmed online submission), restarts, concurrency, privacy; over Lixia and the
fictional agency, whose form, tracking numbers and example places are its own."""

from __future__ import annotations

import asyncio
import io
import logging
import shutil
from datetime import date, datetime, timedelta

import docx
import pytest
from PIL import Image

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.requests.repository import RequestStore
from handlers import pdf
from handlers.context import Services
from handlers.session import Session
from handlers.wizard import RESUME, START
from knowledge.answer import build_answerer
from knowledge.clock import CHINA
from knowledge.guide import Meta
from knowledge.workdays import default_calendar
from tests import agencies_support
from tests.apply_support import (
    AFTER_DESCRIPTION,
    CREDIT_CODE,
    ID_NUMBER,
    JPEG,
    PHONE,
    TO_DESCRIPTION,
    action_of,
    actions,
    answer,
    citizen_steps,
    fill_citizen,
    good_description,
    labels,
    press,
    to_description,
    to_description_steps,
    upload,
)

# The suite runs over both agencies: `agency` over AGENCIES, `answerer` the agency's.
agency = agencies_support.agency
answerer = agencies_support.agency_answerer

HANDED = "申请表已生成，尚未提交：请签名后当面或邮寄提交"
STALE = "这个按钮来自较早的步骤"


class Today:
    def __init__(self) -> None:
        self.value = date(2026, 11, 25)

    def __call__(self) -> date:
        return self.value


@pytest.fixture
def today() -> Today:
    return Today()


@pytest.fixture
def requests(store, tmp_path, today, agency) -> RequestStore:
    return RequestStore(
        store,
        calendar=default_calendar(),
        now=lambda: datetime.combine(today.value, datetime.min.time(), CHINA).replace(hour=10),
        uploads=tmp_path / "uploads",
        prefix=agency.meta.tracking_prefix,
    )


@pytest.fixture
def services(requests, today, agency) -> Services:
    """The agency's answerer on a day a test may move on (the session's `answerer` keeps 2026-11-25)."""
    return Services(answerer=build_answerer(agency=agency.name, today=today), requests=requests)


@pytest.fixture
def engine(store, services) -> Engine:
    return Engine(store, services)


@pytest.fixture
def user(engine) -> CollectingChannel:
    return CollectingChannel(engine)


def session(store) -> Session:
    return store.load_session("test", "test")


def text_of(replies) -> str:
    return "\n".join(reply.text for reply in replies)


async def test_notice_comes_first_and_explains_why(user):
    [notice] = await user.say("/apply")
    assert "第二十九条" in notice.text and "/cancel" in notice.text and "7天" in notice.text
    assert labels(notice) == ["同意，开始填写", "退出"]


async def test_citizen_wizard_to_review_masks_personal_data(user):
    await fill_citizen(user)
    review = user.last
    assert "请核对申请内容" in review.text
    assert "3701**********1238" in review.text and "138****5678" in review.text
    assert ID_NUMBER not in review.text and PHONE not in review.text
    assert {"生成申请表", "网上提交", "放弃申请（删除草稿）"} <= set(labels(review))
    assert [b.label for b in review.buttons[-1]] == ["上一步", "退出"]


async def walk(user: CollectingChannel, steps: list[tuple[str, str]]) -> list:
    """Answer step by step; the last reply after each answer (the step then asked)."""
    shown = [user.last]
    for step in steps:
        await answer(user, [step])
        shown.append(user.last)
    return shown


def landline(meta: Meta) -> str:
    """An office phone in the agency's city, with its area code."""
    return f"{meta.area_code}-88150105"


def organisation_steps(meta: Meta) -> list[tuple[str, str]]:
    """An organisation's answers from the notice to the review, asking for information of the agency's district."""
    return [
        ("press", "同意，开始填写"),
        ("press", "法人或者其他组织"),
        ("say", f"{meta.area_name}某某科技有限公司"),
        ("say", CREDIT_CODE),
        ("say", "李四"),
        ("say", "王五"),
        ("say", landline(meta)),
        ("say", f"{meta.city}{meta.district}1号"),
        ("say", meta.postcode),
        ("press", "跳过"),
        ("say", f"《{meta.district}2022年度政府集中采购目录》"),
        ("press", "跳过"),
        ("say", f"{meta.district}财政局2022年发布的政府集中采购目录及限额标准"),
        ("press", "跳过"),
        ("press", "电子"),
        ("press", "电子邮件"),
        ("say", "office@example.com"),
    ]


@pytest.mark.parametrize("steps", [citizen_steps, organisation_steps], ids=["citizen", "organisation"])
async def test_every_step_after_the_notice_has_back_and_exit(user, agency, steps):
    await user.say("/apply")
    shown = await walk(user, steps(agency.meta))
    await press(user, "生成申请表")
    shown.append(user.last)
    await press(user, "网上提交")
    shown.append(user.last)
    await press(user, "确认提交")
    shown.append(user.last)
    for reply in shown[1:]:
        assert [b.label for b in reply.buttons[-1]] == ["上一步", "退出"], reply.text
        # Every action names the draft's revision and its step, within Telegram's 64 bytes (Button checks).
        step_actions = [a for a in actions(reply) if a not in (START, RESUME)]
        assert all(a.startswith("apply:") and a.count(":") >= 3 for a in step_actions), step_actions
        assert len({a.split(":")[1] for a in step_actions}) == 1


async def test_a_button_of_an_earlier_step_never_acts_at_a_later_one(user, store, agency):
    await user.say("/apply")
    earlier: list[str] = []
    for step in citizen_steps(agency.meta):
        earlier += [a for a in actions(user.last) if a not in (START, RESUME)]
        await answer(user, [step])
        before = session(store)
        for action in earlier:
            [refused] = await user.press(action)
            assert refused.text.startswith(STALE), (action, refused.text)
            assert actions(refused) == [RESUME]
            assert session(store) == before, action
        await user.press(RESUME)
    assert "请核对申请内容" in user.last.text


async def test_the_email_steps_skip_no_longer_skips_the_title(user, store, agency):
    steps = to_description_steps(agency.meta)
    await user.say("/apply")
    await answer(user, steps[:9])
    email_skip = action_of(user.last, "跳过")
    await answer(user, [steps[9]])
    assert "所需政府信息的名称" in user.last.text
    [refused] = await user.press(email_skip)
    assert refused.text == f"{STALE}（“电子邮箱”），没有执行。申请现在在“所需信息的名称”这一步。"
    assert session(store).step == "info_title"


async def test_back_goes_to_the_step_before_and_keeps_what_was_typed(user):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:4])
    [back] = await press(user, "上一步")
    assert "请选择证件类型" in back.text
    await press(user, "居民身份证")
    assert "请输入证件号码" in user.last.text
    await press(user, "上一步")
    [typed] = await user.say("上一步")
    assert "请输入申请人姓名" in typed.text and "（当前：张三）" in typed.text
    await press(user, "不修改")
    assert "请选择证件类型" in user.last.text


async def test_first_step_cannot_go_back(user):
    await user.say("/apply")
    await press(user, "同意，开始填写")
    [notice] = await press(user, "上一步")
    assert "第二十九条" in notice.text
    [first] = await user.say("/back")
    assert first.text.startswith("已经是第一步了。")


async def test_exit_pauses_the_draft_which_resumes_or_is_deleted(user, store):
    await to_description(user)
    [paused] = await press(user, "退出")
    assert paused.text == "申请草稿已保存，发送 /apply 继续。"
    assert {"继续填写申请", "删除草稿"} <= set(labels(paused))
    assert session(store).flow is None and session(store).parked.step == "description"
    [resumed] = await user.say("/apply")
    assert "保存的申请草稿" in resumed.text and "请描述所需的政府信息" in resumed.text
    await press(user, "退出")
    [deleted] = await press(user, "删除草稿")
    assert deleted.text == "已放弃申请，草稿已删除。"
    assert session(store) == Session()


async def test_exit_at_the_notice_keeps_nothing(user, store):
    await user.say("/apply")
    [left] = await press(user, "退出")
    assert left.text.startswith("已退出申请填写。")
    assert session(store) == Session()


async def test_generating_the_form_keeps_the_draft_and_online_submission_stays_possible(user, store, requests, agency):
    await fill_citizen(user)
    replies = await press(user, "生成申请表")
    text = text_of(replies)
    assert f"{agency.meta.agency}信息公开申请表" in text and ID_NUMBER in text and agency.foreign(text) == []
    assert HANDED in text and "申请已完成" not in text and "草稿已删除" not in text
    files = {file.name: file for reply in replies for file in reply.files}
    document = docx.Document(io.BytesIO(files["政府信息公开申请表.docx"].data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"张三", ID_NUMBER, PHONE, good_description(agency.meta)} <= cells
    assert agency.foreign("\n".join(cells)) == []
    if shutil.which("soffice") or shutil.which("libreoffice"):
        assert files["政府信息公开申请表.pdf"].data.startswith(b"%PDF-")
    assert session(store).flow == "apply" and session(store).step == "formed"
    assert "草稿保留到2026年12月2日" in user.last.text

    [summary] = await press(user, "网上提交")
    assert summary.text.startswith("请确认网上提交以下申请：") and "138****5678" in summary.text
    assert labels(summary)[:2] == ["确认提交", "返回修改"]
    assert list(requests.export()) == []
    [review] = await press(user, "返回修改")
    assert "请核对申请内容" in review.text
    await press(user, "网上提交")
    await press(user, "确认提交")
    assert "JPEG、PNG 或 PDF" in user.last.text
    assert list(requests.export()) == []
    [done, finished] = await user.engine.handle(upload(user, JPEG))
    [view] = list(requests.export())
    assert view.tracking_no == agency.number(2026, 1)
    assert done.copy == (view.tracking_no, done.copy[1])
    assert f"申请编号：{view.tracking_no}\n查询码：{done.copy[1]}" in done.text
    assert "只显示这一次" in done.text and "无法再次查看" in done.text
    assert "草稿已删除" in finished.text and session(store) == Session()


async def test_without_libreoffice_the_docx_comes_alone_with_a_reason(user, monkeypatch):
    monkeypatch.setattr(pdf, "SOFFICE_NAMES", ("no-such-office-suite",))
    await fill_citizen(user)
    replies = await press(user, "生成申请表")
    assert [file.name for reply in replies for file in reply.files] == ["政府信息公开申请表.docx"]
    assert "未能生成 PDF（本机没有安装 LibreOffice），附件只有 Word（.docx）文件。" in text_of(replies)


async def test_organisation_wizard(user, agency):
    await user.say("/apply")
    await answer(user, organisation_steps(agency.meta)[:15])
    replies = await press(user, "电子邮件")
    assert "需要填写电子邮箱" in replies[0].text
    await user.say("office@example.com")
    assert "统一社会信用代码：91350100M000100Y43" in user.last.text


@pytest.mark.parametrize("bad", ["3701021990030712", "370102199003071239", "370102199002301235"])
async def test_invalid_id_number_is_asked_again(user, store, bad):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:4])
    before = session(store)
    [reply] = await user.say(bad)
    assert "证件号码" in reply.text and [b.label for b in reply.buttons[-1]] == ["上一步", "退出"]
    assert session(store) == before


async def test_full_width_input_is_normalised(user):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:4])
    await user.say("３７０１０２ １９９００３０７１２３８")
    assert "工作单位" in user.last.text


@pytest.mark.parametrize(
    ("description", "issue_word"),
    [("相关文件", "建议"), ("投诉物业乱收费，请政府处理", "12345"), ("请把近三年的数据汇总统计后给我", "建议")],
)
async def test_checker_flags_the_description_and_offers_to_keep_it(user, store, description, issue_word):
    await to_description(user)
    [flagged] = await user.say(description)
    assert issue_word in flagged.text and "保留原样" in labels(flagged)
    await press(user, "保留原样")
    assert "用途" in user.last.text
    assert session(store).state.draft["description"] == description


async def test_multiple_items_split_into_separate_drafts(user):
    await to_description(user)
    [flagged] = await user.say("1.2020年某地块征地批复；2.2021年某项目环评批复；3.区长办公会纪要")
    await press(user, next(label for label in labels(flagged) if label.startswith("拆分为")))
    await answer(user, AFTER_DESCRIPTION)
    first = await press(user, "生成申请表")
    assert "2020年某地块征地批复" in first[0].text and "拆分出的申请还有2份待填写" in first[-1].text
    second = await press(user, "填写下一份（还剩2份）")
    assert "还剩1份未填" in second[0].text and "2021年某项目环评批复" in second[0].text
    await press(user, "网上提交")
    await press(user, "确认提交")
    submitted = await user.engine.handle(upload(user, JPEG))
    assert "已网上提交" in submitted[0].text and "区长办公会纪要" in submitted[-1].text
    assert "还剩0份未填" in submitted[-1].text


async def test_back_command_and_cancel_deletes_the_draft(user, store):
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:3])
    [back] = await user.say("/back")
    assert "申请人姓名" in back.text
    [cancelled] = await user.say("/cancel")
    assert cancelled.text == "已放弃申请，草稿已删除。"
    assert session(store) == Session()


async def test_edit_from_review_returns_to_review_and_old_buttons_are_stale(user, agency):
    await fill_citizen(user)
    old_review = user.last
    await press(user, "改电话")
    [review] = await user.say(landline(agency.meta))
    assert "请核对申请内容" in review.text and f"{agency.meta.area_code[:3]}******0105" in review.text
    [stale] = await user.press(action_of(old_review, "生成申请表"))
    assert stale.text.startswith(f"{STALE}（“核对申请内容”）")
    replies = await user.press(action_of(review, "生成申请表"))
    assert any(reply.files for reply in replies)


async def test_back_from_an_edit_returns_to_the_review(user):
    await fill_citizen(user)
    await press(user, "改地址")
    [review] = await press(user, "上一步")
    assert "请核对申请内容" in review.text


async def test_changing_the_id_type_asks_the_document_again(user):
    await fill_citizen(user)
    await press(user, "改证件类型")
    await press(user, "其他有效身份证件")
    assert "证件名称" in user.last.text
    await user.say("护照")
    await user.say("E12345678")
    assert "证件类型：护照" in user.last.text and "E123*5678" in user.last.text and "证件名称" not in user.last.text


async def test_draft_survives_a_restart(store, services, engine):
    user = CollectingChannel(engine)
    await user.say("/apply")
    await answer(user, TO_DESCRIPTION[:2])
    restarted = CollectingChannel(Engine(store, services))
    [reply] = await restarted.say("张三")
    assert "证件类型" in reply.text


async def test_expired_draft_is_deleted(user, store, today):
    await user.say("/apply")
    await press(user, "同意，开始填写")
    today.value += timedelta(days=8)
    [reply] = await user.say("张三")
    assert "已被删除" in reply.text
    assert session(store) == Session()


async def test_two_chats_draft_at_once(engine):
    first, second = CollectingChannel(engine, chat_id="a"), CollectingChannel(engine, chat_id="b")
    await asyncio.gather(fill_citizen(first), fill_citizen(second))
    assert "请核对申请内容" in first.last.text and "请核对申请内容" in second.last.text


async def test_online_submission_creates_one_request_even_on_double_press(user, engine, requests, tmp_path):
    await fill_citizen(user)
    await press(user, "网上提交")
    await press(user, "确认提交")
    assert "JPEG、PNG 或 PDF" in user.last.text
    [wrong] = await user.say("这是我的身份证")
    assert "上传证件" in wrong.text
    bad = await engine.handle(upload(user, b"GIF89a not an id"))
    assert "只接受 JPEG、PNG 图片或 PDF" in bad[0].text
    done_a, done_b = await asyncio.gather(engine.handle(upload(user, JPEG)), engine.handle(upload(user, JPEG)))
    assert sum("已网上提交" in reply.text for reply in done_a + done_b) == 1
    [view] = list(requests.export())
    assert (view.channel, view.clock.status.value) == ("online", "submitted")
    assert requests.outbox.subscribers(view.tracking_no) == [("test", "test")]
    [stored] = (tmp_path / "uploads").iterdir()
    assert Image.open(stored).format == "JPEG" and stored.stat().st_mode & 0o777 == 0o600


async def test_upload_when_none_is_expected(user, engine):
    replies = await engine.handle(upload(user, JPEG))
    assert "现在不需要上传文件" in replies[0].text


async def test_stale_wizard_button_after_cancel(user):
    [notice] = await user.say("/apply")
    await user.say("/cancel")
    [reply] = await user.press(action_of(notice, "同意，开始填写"))
    assert "已失效" in reply.text


async def test_personal_data_never_reaches_the_logs(user, engine, caplog):
    caplog.set_level(logging.DEBUG)
    await fill_citizen(user)
    await press(user, "网上提交")
    await press(user, "确认提交")
    await engine.handle(upload(user, JPEG))
    assert ID_NUMBER not in caplog.text and PHONE not in caplog.text


async def test_daily_clean_up_empties_stale_drafts_paused_ones_and_old_uploads(
    user, engine, store, requests, today, tmp_path
):
    from bot.notify import Notifier

    await fill_citizen(user)
    await press(user, "网上提交")
    await press(user, "确认提交")
    await engine.handle(upload(user, JPEG))
    [view] = list(requests.export())
    drafting, paused = CollectingChannel(engine, chat_id="drafting"), CollectingChannel(engine, chat_id="paused")
    await drafting.say("/apply")
    await to_description(paused)
    await paused.say("菜单")
    assert store.load_session("test", "paused").parked is not None
    store.conn.execute("UPDATE sessions SET updated_at = '2000-01-01T00:00:00+00:00' WHERE chat_id <> 'test'")
    requests.add_event(view.tracking_no, {"type": "receive", "on": "2026-11-25"})
    requests.add_event(view.tracking_no, {"type": "reply", "on": "2026-11-25", "outcome": "disclosed"})
    today.value += timedelta(days=31)
    assert Notifier(requests, {}, draft_days=7, upload_retention_days=30).daily() is True
    assert store.load_session("test", "drafting") == Session() == store.load_session("test", "paused")
    assert store.has_session("test", "drafting")
    assert list((tmp_path / "uploads").iterdir()) == []


async def test_text_typed_at_a_choice_asks_for_the_buttons_again(chat):
    await chat.say("/apply")
    [reply] = await chat.say("好的")
    assert reply.text.startswith("请点选下面的按钮。")
    assert labels(reply) == ["同意，开始填写", "退出"]
    [reply] = await chat.say("/apply")
    assert "继续上次的步骤" in reply.text
