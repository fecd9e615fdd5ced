"""Remedies with last dates: the date rules, 复议前置, the flow through the engine, and the letters as .docx."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import docx
import pytest

from bot.channels.collecting import CollectingChannel
from bot.engine import Engine
from bot.requests.repository import RequestStore
from handlers.context import Services
from handlers.letters import COMPLAINT, RECONSIDERATION, LetterFacts, render_letter_docx, render_letter_text
from handlers.menu import REMEDY_ACTION
from handlers.session import Session
from knowledge.guide import load_guide
from knowledge.numbers import add_months
from knowledge.remedies import (
    OutcomeKind,
    describe,
    kind_of_outcome,
    place_line,
    reconsideration_first,
    remedy_dates,
)
from knowledge.workdays import default_calendar

GUIDE = load_guide()
CALENDAR = default_calendar()
TODAY = date(2026, 11, 25)
REFUSED, NO_ANSWER, OTHER = OutcomeKind.REFUSED, OutcomeKind.NO_ANSWER, OutcomeKind.OTHER
ID_NUMBER = "370102199003071238"
PHONE = "13812345678"
REQUEST = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": PHONE,
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "address": "济南市历下区泉城路1号",
    "channel": "in_person",
    "description": "历下区2025年《老旧小区改造实施方案》",
    "received_on": "2026-09-01",
}


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2027, 8, 30), 6, date(2028, 2, 29)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 7, 31), 6, date(2027, 1, 31)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
    ],
)
def test_months_end_on_the_same_day_or_the_months_last(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("known_on", "kind", "reconsideration", "litigation"),
    [
        # 60 calendar days, the first not counted; a working day stays.
        (date(2026, 8, 31), OTHER, date(2026, 10, 30), date(2027, 3, 1)),
        # 2026-02-28 is a Saturday worked for the Spring Festival (调休): a working day, not moved.
        (date(2025, 8, 31), OTHER, date(2025, 10, 30), date(2026, 2, 28)),
        # Leap year: 6 months after 08-31 is 02-29.
        (date(2023, 8, 31), OTHER, date(2023, 10, 30), date(2024, 2, 29)),
        # Day 60 is Saturday 10-31: the first working day after is Monday 11-02.
        (date(2026, 9, 1), OTHER, date(2026, 11, 2), date(2027, 3, 1)),
        # Day 60 is 05-03 in the Labour Day holiday (05-01…05-05): moved to 05-06.
        (date(2026, 3, 4), REFUSED, date(2026, 5, 6), None),
        # Day 60 is 10-02 in the National Day holiday (10-01…10-07): moved to 10-08.
        (date(2026, 8, 3), NO_ANSWER, date(2026, 10, 8), None),
        # Before 2024-01-01 a refusal could still go straight to court; 6 months end on Saturday 06-29.
        (date(2023, 12, 29), REFUSED, date(2024, 2, 27), date(2024, 7, 1)),
    ],
)
def test_last_days(known_on, kind, reconsideration, litigation):
    dates = remedy_dates(known_on, kind, CALENDAR)
    assert dates.reconsideration.last == reconsideration
    assert (dates.litigation.last if dates.litigation else None) == litigation


def test_a_moved_last_day_names_the_holiday_and_the_counted_day():
    text = describe(remedy_dates(date(2026, 3, 4), REFUSED, CALENDAR), GUIDE, today=date(2026, 3, 10))
    assert "最后一天是2026年5月6日（星期三），还有57天。" in text
    assert "第60日是2026年5月3日（星期日），逢劳动节假期，顺延至其后的第一个工作日2026年5月6日（星期三）。" in text
    assert "《民事诉讼法》第八十五条" in text


def test_a_year_without_a_schedule_is_marked_provisional():
    dates = remedy_dates(date(2026, 12, 1), OTHER, CALENDAR)
    assert (dates.reconsideration.counted, dates.reconsideration.last) == (date(2027, 1, 30), date(2027, 2, 1))
    assert dates.reconsideration.provisional
    assert "节假日安排尚未公布" in describe(dates, GUIDE, today=TODAY)


@pytest.mark.parametrize(("today", "expected"), [(date(2026, 5, 6), "就是今天"), (date(2026, 5, 8), "已经过了2天")])
def test_days_left_or_past(today, expected):
    text = describe(remedy_dates(date(2026, 3, 4), REFUSED, CALENDAR), GUIDE, today=today)
    assert f"2026年5月6日（星期三），{expected}。" in text


# ---------------------------------------------------------------- reconsideration first


@pytest.mark.parametrize(
    ("kind", "known_on", "first"),
    [
        (REFUSED, date(2024, 1, 1), True),
        (NO_ANSWER, date(2026, 3, 4), True),
        (OTHER, date(2026, 3, 4), False),
        (REFUSED, date(2023, 12, 31), False),
        (NO_ANSWER, date(2023, 12, 31), False),
    ],
)
def test_reconsideration_first_since_2024_for_refusals_and_no_answer(kind, known_on, first):
    assert reconsideration_first(kind, known_on) is first
    assert (remedy_dates(known_on, kind, CALENDAR).litigation is None) is first


@pytest.mark.parametrize(
    ("kind", "ground"), [(REFUSED, "行政机关不予公开的"), (NO_ANSWER, "不履行法定职责的（如逾期不答复）")]
)
def test_reconsideration_first_is_said_with_the_guides_older_wording(kind, ground):
    text = describe(remedy_dates(date(2026, 3, 4), kind, CALENDAR), GUIDE, today=TODAY)
    assert "二、提起行政诉讼：必须先申请行政复议，不能直接起诉。" in text
    assert "修订后《行政复议法》第二十三条规定，" in text and ground in text
    assert "写的是“复议或者诉讼”" in text
    assert "自收到复议决定书之日起15日内起诉（《行政诉讼法》第四十五条）" in text


def test_other_outcomes_may_sue_directly_within_six_months():
    text = describe(remedy_dates(date(2026, 8, 31), OTHER, CALENDAR), GUIDE, today=date(2026, 9, 1))
    assert "不经复议直接起诉的，最后一天是2027年3月1日（星期一）" in text
    assert "满6个月之日是2027年2月28日（星期日），逢周日" in text
    assert "《行政诉讼法》第四十六条" in text


def test_bodies_come_from_the_guide():
    text = describe(remedy_dates(date(2026, 8, 31), OTHER, CALENDAR), GUIDE, today=TODAY)
    for place_id in ("reconsideration", "court", "complaint_office"):
        place = GUIDE.place(place_id)
        assert place_line(place) in text
        assert place.fields["phone"] in text


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [
        ("withheld_third_party", REFUSED),
        ("partly_disclosed", REFUSED),
        ("unavailable_not_held", OTHER),
        ("not_processed_duplicate", OTHER),
        ("disclosed", OTHER),
    ],
)
def test_recorded_outcomes_map_to_remedy_kinds(outcome, kind):
    assert kind_of_outcome(outcome) is kind


# ---------------------------------------------------------------- letters


def _paragraphs(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_reconsideration_letter_is_filled_with_blanks_for_the_rest():
    facts = LetterFacts(
        dates=remedy_dates(date(2026, 3, 4), REFUSED, CALENDAR), name="张三", phone=PHONE, description="某某文件"
    )
    text = _paragraphs(render_letter_docx(RECONSIDERATION, facts, GUIDE, today=TODAY))
    assert "行政复议申请书" in text
    assert "张三" in text and PHONE in text and "某某文件" in text
    assert "申请人于2026年3月4日收到答复，答复结果为：不予公开。" in text
    assert "申请人于＿＿＿＿年＿＿月＿＿日向济南市历下区人民政府提出政府信息公开申请" in text
    assert GUIDE.place("reconsideration").name in text
    assert "申请行政复议的最后一天是2026年5月6日，请在此之前提交。" in text
    assert "申请人（签名或者盖章）：" in text
    document = docx.Document(io.BytesIO(render_letter_docx(RECONSIDERATION, facts, GUIDE, today=TODAY)))
    person = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert person == {"姓名或者名称": "张三", "身份证件号码": "＿" * 12, "通信地址": "＿" * 12, "联系电话": PHONE}


def test_complaint_letter_for_no_answer_goes_to_the_guides_complaint_office():
    facts = LetterFacts(dates=remedy_dates(date(2026, 10, 8), NO_ANSWER, CALENDAR), tracking_no="LX2026-000001")
    text = _paragraphs(render_letter_docx(COMPLAINT, facts, GUIDE, today=TODAY))
    assert "政府信息公开投诉书" in text
    assert "被投诉机关未在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复" in text
    assert "答复期限于2026年10月8日届满" in text
    assert "（申请编号LX2026-000001）" in text
    assert "第五十一条" in text
    assert GUIDE.place("complaint_office").name in text


def test_preview_masks_id_number_and_phone():
    facts = LetterFacts(dates=remedy_dates(date(2026, 3, 4), REFUSED, CALENDAR), id_number=ID_NUMBER, phone=PHONE)
    text = render_letter_text(RECONSIDERATION, facts, GUIDE)
    assert "3701**********1238" in text and "138****5678" in text
    assert ID_NUMBER not in text and PHONE not in text


# ---------------------------------------------------------------- the flow through the engine


@pytest.fixture
def requests(store) -> RequestStore:
    moment = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    return RequestStore(store, calendar=CALENDAR, now=lambda: moment)


@pytest.fixture
def engine(store, answerer, requests) -> Engine:
    return Engine(store, Services(answerer=answerer, requests=requests))


@pytest.fixture
def user(engine) -> CollectingChannel:
    return CollectingChannel(engine, chat_id="c1", name="web")


def actions(reply) -> list[str]:
    return [button.action for row in reply.buttons for button in row]


def action(reply, verb: str) -> str:
    return next(a for a in actions(reply) if a.split(":")[3:] and ":".join(a.split(":")[3:]) == verb)


def action_like(reply, prefix: str) -> str:
    return next(a for a in actions(reply) if a.startswith(prefix))


async def _to_dates(user: CollectingChannel, typed: str, kind: str) -> list:
    await user.press(REMEDY_ACTION)
    [ask_kind] = await user.say(typed)
    return await user.press(action(ask_kind, f"kind:{kind}"))


async def test_status_offers_the_calculator_only_once_there_is_something_to_challenge(user, requests):
    created = requests.create({**REQUEST, "received_on": "2026-11-10"})
    number = created.view.tracking_no
    [processing] = await user.say(f"/status {number} {created.query_code}")
    assert "还剩" in processing.text
    assert not [a for a in actions(processing) if a.startswith("remedy:")]
    requests.add_event(number, {"type": "reply", "on": "2026-11-20", "outcome": "disclosed"})
    [answered] = await user.say(f"/status {number} {created.query_code}")
    assert action_like(answered, "remedy:req:") == f"remedy:req:{number}"


async def test_menu_offers_the_remedy_calculator(user):
    [menu] = await user.say("/start")
    assert REMEDY_ACTION in actions(menu)
    [prompt] = await user.press(REMEDY_ACTION)
    assert "请发送您收到答复（签收答复书）的日期" in prompt.text


@pytest.mark.parametrize(
    ("typed", "known_on"),
    [("２０２６年３月４日", "2026年3月4日"), ("2026-03-04", "2026年3月4日"), ("上周五收到的", "2026年11月20日")],
)
async def test_typed_dates_in_the_forms_people_use(user, typed, known_on):
    await user.press(REMEDY_ACTION)
    [ask_kind] = await user.say(typed)
    assert f"日期：{known_on}" in ask_kind.text
    assert [a.split(":")[3:] for a in actions(ask_kind)][:3] == [["kind", k.value] for k in OutcomeKind]


async def test_refusal_states_dates_and_reconsideration_first(user):
    replies = await _to_dates(user, "2026年3月4日", "refused")
    text = "\n".join(r.text for r in replies)
    assert "一、申请行政复议：最后一天是2026年5月6日（星期三），已经过了203天。" in text
    assert "必须先申请行政复议" in text
    assert GUIDE.place("court").fields["address"] in text
    assert action(replies[-1], f"letter:{RECONSIDERATION}")


async def test_a_future_date_and_a_date_that_does_not_exist_are_asked_again(user, store):
    await user.press(REMEDY_ACTION)
    [future] = await user.say("2026年12月1日")
    assert "还没有到" in future.text
    [bad] = await user.say("2月30日")
    assert "不存在" in bad.text
    assert store.load_session("web", "c1").step == "date"


async def test_letter_collects_only_what_it_needs_masks_and_renders(user, store):
    replies = await _to_dates(user, "2026年11月20日", "refused")
    [notice] = await user.press(action(replies[-1], f"letter:{RECONSIDERATION}"))
    assert "身份证件号码不在对话中收集" in notice.text and "请输入申请人的姓名或者名称" in notice.text
    [ask_phone] = await user.say("张三")
    assert "联系电话" in ask_phone.text
    [ask_address] = await user.say(PHONE)
    [ask_description] = await user.press(action(ask_address, "skip"))
    assert "申请公开的政府信息" in ask_description.text
    [preview] = await user.say("2025年《老旧小区改造实施方案》，含附件。")
    assert "138****5678" in preview.text and PHONE not in preview.text
    assert "张三" in preview.text and "2025年《老旧小区改造实施方案》，含附件。" in preview.text
    made, kept = await user.press(action(preview, "make"))
    [letter] = made.files
    assert letter.name == "行政复议申请书.docx"
    text = _paragraphs(letter.data)
    assert "张三" in text and PHONE in text and "2025年《老旧小区改造实施方案》，含附件。" in text
    assert "申请人于2026年11月20日收到答复" in text
    assert store.load_session("web", "c1").state.details["name"] == "张三"
    # The other letter reuses what was typed: straight to its preview.
    [complaint] = await user.press(action(kept, f"letter:{COMPLAINT}"))
    assert "《政府信息公开投诉书》" in complaint.text
    [done] = await user.press(action(kept, "quit"))
    assert "这个按钮来自较早的步骤" in done.text


async def test_cancel_deletes_the_draft(user, store):
    replies = await _to_dates(user, "2026年11月20日", "other")
    await user.press(action(replies[-1], f"letter:{COMPLAINT}"))
    await user.say("张三")
    assert store.load_session("web", "c1").state.details == {"name": "张三"}
    [left] = await user.say("/cancel")
    assert left.text == "已退出复议期限计算，您填写的内容已删除。"
    assert store.load_session("web", "c1") == Session()


async def test_finishing_deletes_the_draft(user, store):
    replies = await _to_dates(user, "2026年11月20日", "other")
    [left] = await user.press(action(replies[-1], "quit"))
    assert "您填写的内容已删除" in left.text
    assert store.load_session("web", "c1") == Session()


async def test_stale_buttons_act_on_nothing(user, store):
    await user.press(REMEDY_ACTION)
    [ask_kind] = await user.say("2026年11月20日")
    refused = action(ask_kind, "kind:refused")
    replies = await user.press(refused)
    before = store.load_session("web", "c1")
    [again] = await user.press(refused)
    assert "这个按钮来自较早的步骤，已失效" in again.text
    [other_step] = await user.press(action(ask_kind, "back"))
    assert "这个按钮来自较早的步骤" in other_step.text
    assert store.load_session("web", "c1") == before
    await user.press(action(replies[-1], "quit"))
    [ended] = await user.press(action(replies[-1], f"letter:{RECONSIDERATION}"))
    assert "已失效" in ended.text and REMEDY_ACTION in actions(ended)
    assert store.load_session("web", "c1") == Session()


async def test_back_steps_through_the_details_asked(user, store):
    replies = await _to_dates(user, "2026年11月20日", "other")
    [ask_name] = await user.press(action(replies[-1], f"letter:{COMPLAINT}"))
    [ask_phone] = await user.say("张三")
    [again_name] = await user.press(action(ask_phone, "back"))
    assert "请输入申请人的姓名或者名称" in again_name.text
    assert store.load_session("web", "c1").state.details == {}
    [dates] = await user.press(action(again_name, "back"))
    assert "一、申请行政复议" in dates.text


async def test_a_question_is_not_written_into_the_letter(user, store):
    replies = await _to_dates(user, "2026年11月20日", "other")
    await user.press(action(replies[-1], f"letter:{COMPLAINT}"))
    [refused] = await user.say("申请要收费吗？")
    assert "这看起来是一个问题" in refused.text
    assert store.load_session("web", "c1").state.details == {}


async def test_a_question_instead_of_a_date_leaves_the_flow(user, store):
    await user.press(REMEDY_ACTION)
    left, *answer = await user.say("受理机构电话是多少")
    assert left.text.startswith("已退出复议期限计算")
    assert GUIDE.place("receiving_office").fields["phone"] in "\n".join(r.text for r in [left, *answer])
    assert store.load_session("web", "c1").flow is None


async def _answered_request(requests, outcome: str = "withheld_third_party"):
    created = requests.create(REQUEST)
    requests.add_event(created.view.tracking_no, {"type": "reply", "on": "2026-09-20", "outcome": outcome})
    return created


async def test_the_users_own_request_gives_dates_and_details(user, requests):
    created = await _answered_request(requests)
    number = created.view.tracking_no
    [refused] = await user.say(f"/status {number} AAAAAAAA")
    assert "请先用申请编号" not in refused.text
    await user.press(REMEDY_ACTION)
    [not_yet] = await user.say(number)
    assert "请先用申请编号和查询码查询该申请" in not_yet.text
    [status] = await user.say(f"/status {number} {created.query_code}")
    replies = await user.press(action_like(status, "remedy:req:"))
    text = "\n".join(r.text for r in replies)
    assert "于2026年9月20日（星期日）作出答复（不予公开：保护第三方合法权益）" in text
    assert "必须先申请行政复议" in text
    [preview] = await user.press(action(replies[-1], f"letter:{RECONSIDERATION}"))
    assert "3701**********1238" in preview.text and "138****5678" in preview.text
    assert ID_NUMBER not in preview.text
    made, _ = await user.press(action(preview, "make"))
    text = _paragraphs(made.files[0].data)
    assert ID_NUMBER in text and PHONE in text and REQUEST["address"] in text
    assert f"（申请编号{number}）" in text and "申请人于2026年9月1日向" in text
    assert "答复结果为：不予公开：保护第三方合法权益" in text


async def test_an_overdue_request_counts_from_the_end_of_its_answer_period(user, requests):
    created = requests.create(REQUEST)
    number = created.view.tracking_no
    [status] = await user.say(f"/status {number} {created.query_code}")
    replies = await user.press(action_like(status, "remedy:req:"))
    text = "\n".join(r.text for r in replies)
    due = created.view.clock.due_on
    assert f"答复期限已于{due.year}年{due.month}月{due.day}日" in text
    assert "情形：逾期没有答复" in text and "自答复期限届满之日起计算（《行政复议法实施条例》第十六条）" in text
