"""Checking an application's status with its tracking number and query code, and subscribing to it."""

from __future__ import annotations

from datetime import date

from handlers.ask import on_text as answer_question
from handlers.context import FoundRequest, LookupOutcome, LookupResult, RequestBook, Services
from handlers.flow import Chat, Command, Flow, ending
from handlers.menu import MENU_ACTION, REMEDY_LABEL, back_to_menu, menu_buttons
from handlers.messages import Button, Reply, text_replies, with_note
from handlers.questions import is_question
from handlers.session import Session
from handlers.state import STATUS, StatusState
from knowledge.guide import Guide
from knowledge.lifecycle import LAPSE, RECEIPT_RULES, ClockState, Status, applicant_action
from knowledge.remedies import AFTER_DECISION_DAYS, kind_of_outcome, place_line, remedy_dates
from knowledge.statute import OUTCOMES
from knowledge.tracking import CODE_LENGTH, find_code, find_number, format_number
from knowledge.workdays import WorkCalendar, format_date

FLOW = STATUS
START_ACTION = "status:start"
NUMBER_STEP = "number"
CODE_STEP = "code"
LEFT = "已退出进度查询。"

ASK_BOTH = (
    "请发送申请编号和查询码，例如：{example} ABCD2345。\n"
    f"也可以先发编号，再发查询码。查询码是登记申请时告知您的{CODE_LENGTH}位字母数字。"
)
ASK_CODE = f"请发送查询码（{CODE_LENGTH}位字母数字，大小写均可）。"
NOT_FOUND = "申请编号或查询码不正确，已退出进度查询。请核对后点“重新查询”，或发送 /status 编号 查询码。"
# Before receipt is confirmed there is no clock to explain (Art. 31).
NOT_STARTED = "答复期限：尚未开始计算。机关确认收到申请后，从收到之日起计算20个工作日（《条例》第三十三条）。"
NO_STORE = "暂时无法查询申请进度，请致电政务公开办公室查询。"


def ask_both(services: Services) -> str:
    """How to ask for a request's progress, with a tracking number of this agency as the example."""
    return ASK_BOTH.format(example=format_number(2026, 123, prefix=services.prefix))


def begin(session: Session, services: Services) -> list[Reply]:
    """Start the status check."""
    if services.requests is None:
        return [Reply(NO_STORE, buttons=back_to_menu())]
    session.reset()
    session.flow, session.step = FLOW, NUMBER_STEP
    return [Reply(ask_both(services), buttons=back_to_menu())]


async def on_text(chat: Chat, text: str) -> list[Reply]:
    """Collect the number and code, then look the request up for this chat and client (see Incoming.client)."""
    session, services, message = chat.session, chat.services, chat.message
    if services.requests is None:
        session.reset()
        return [Reply(NO_STORE, buttons=back_to_menu())]
    code, typed = find_code(text, prefix=services.prefix), find_number(text, prefix=services.prefix)
    if typed is None and code is None and await is_question(text, services):
        session.reset()
        return with_note(LEFT, await answer_question(text, session, services))
    earlier = session.state.number if isinstance(session.state, StatusState) else None
    number = typed or earlier
    if number is None:
        return [Reply(f"没有找到申请编号。{ask_both(services)}", buttons=back_to_menu())]
    if code is None:
        session.step = CODE_STEP
        session.state = StatusState(number)
        return [Reply(f"申请编号：{number}。{ASK_CODE}", buttons=back_to_menu())]
    channel, chat_id = message.channel, message.chat_id
    result = await services.requests.lookup(number, code, channel=channel, chat_id=chat_id, client=message.client)
    # Found or not, the lookup ends the status check: what is typed next is a new question.
    session.reset()
    if result.outcome is LookupOutcome.NOT_FOUND:
        return [Reply(NOT_FOUND, buttons=((Button("重新查询", START_ACTION), Button("返回主菜单", MENU_ACTION)),))]
    return _result_replies(result, services, channel=channel, chat_id=chat_id)


def _result_replies(result: LookupResult, services: Services, *, channel: str, chat_id: str) -> list[Reply]:
    guide = services.answerer.guide
    if result.outcome is LookupOutcome.BACKOFF:
        return [Reply(f"查询失败次数过多，请在{_when(result, services)}后再试。", buttons=menu_buttons())]
    if result.outcome is LookupOutcome.NUMBER_LOCKED:
        return [
            Reply(
                f"该申请编号近期查询失败次数过多，已限制查询，请在{_when(result, services)}后再试。"
                "如您是申请人，在提交申请或已订阅进度通知的对话中查询不受此限制，"
                f"也可致电政务公开办公室 {guide.meta.help_phone}。",
                buttons=menu_buttons(),
            )
        ]
    view = result.view
    assert view is not None
    text = describe(view.tracking_no, view.clock, guide, services.answerer.calculate.calendar, channel=view.channel)
    remedy = _remedy_row(view)
    requests = services.requests
    if requests is not None and requests.subscribed(channel, chat_id, view.tracking_no):
        text += "\n您已订阅此申请的进度通知，发送 /unsubscribe 可取消。"
        return text_replies(text, (*remedy, *back_to_menu()))
    buttons = ((Button("订阅进度通知", f"status:sub:{view.tracking_no}"),), *remedy, *back_to_menu())
    return text_replies(text, buttons)


def _when(result: LookupResult, services: Services) -> str:
    """The moment a refused lookup may be tried again: its time today, else its date and time."""
    at = result.retry_at
    assert at is not None and services.requests is not None
    day = "" if at.date() == services.requests.today() else f"{at.month}月{at.day}日"
    return f"{day}{at:%H:%M}"


def _remedy_row(view: FoundRequest) -> tuple[tuple[Button, ...], ...]:
    """The remedy calculator on this request's dates, once it is answered or its answer period has run out."""
    clock = view.clock
    if (clock.status is Status.ANSWERED and clock.outcome) or clock.overdue:
        return ((Button(REMEDY_LABEL, f"remedy:req:{view.tracking_no}"),),)
    return ()


def describe(tracking_no: str, clock: ClockState, guide: Guide, calendar: WorkCalendar, *, channel: str) -> str:
    """An application's status in plain words, with dates, what to do next and, after a reply, remedies."""
    lines = [f"申请编号：{tracking_no}", f"状态：{clock.label}"]
    if clock.received_on:
        lines.append(f"收到申请：{format_date(clock.received_on)}（{RECEIPT_RULES[channel]}）")
    if clock.status is Status.SUBMITTED:
        lines += [f"收到申请：尚未确认（{RECEIPT_RULES[channel]}）", NOT_STARTED]
    if clock.due_on and not clock.final:
        left = clock.working_days_left or 0
        remaining = f"已超过期限{-left}个工作日" if clock.overdue else f"还剩{left}个工作日"
        lines.append(f"答复期限：{format_date(clock.due_on)}，{remaining}。")
    if clock.applicant_deadline and clock.status in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT):
        lines.append(_applicant_step(applicant_action(clock.status), clock.applicant_deadline, lapsed=clock.lapsed))
    if clock.status is Status.ANSWERED and clock.outcome and clock.closed_on:
        lines.append(f"答复日期：{format_date(clock.closed_on)}；办理结果：{OUTCOMES[clock.outcome]}")
        lines.append(_remedies(guide, clock, calendar))
    if clock.explanation:
        lines.append("期限说明：\n" + "\n".join(clock.explanation))
    if clock.provisional:
        lines.append(
            "注意：部分日期所在年份的放假调休安排尚未公布：已跳过《全国年节及纪念日放假办法》规定的节日，调休未计入，仅供参考。"
        )
    return "\n".join(lines)


def _applicant_step(action: str, deadline: date, *, lapsed: bool) -> str:
    if lapsed:
        return f"您需要在{format_date(deadline)}前{action}，该日期已过，依规定视为放弃申请。"
    return f"下一步：请在{format_date(deadline)}前{action}，{LAPSE}。"


def _remedies(guide: Guide, clock: ClockState, calendar: WorkCalendar) -> str:
    """The remedies against this reply with their last days, counted from the reply's date (the applicant's own
    date of receipt decides; the remedy calculator counts from it)."""
    assert clock.closed_on is not None and clock.outcome is not None
    dates = remedy_dates(clock.closed_on, kind_of_outcome(clock.outcome), calendar)
    complaint, review, court = (guide.place(p) for p in ("complaint_office", "reconsideration", "court"))
    if dates.litigation is None:
        sue = (
            f"须先申请行政复议，不能直接起诉（修订后《行政复议法》第二十三条）；对复议决定不服的，自收到决定书之日起"
            f"{AFTER_DECISION_DAYS}日内起诉"
        )
    else:
        sue = f"直接起诉最晚{format_date(dates.litigation.last)}（6个月内）"
    return (
        f"如对答复不服（以下按答复日期计算，以您实际收到答复之日为准；点“{REMEDY_LABEL}”可按收到日期重算并起草申请书）：\n"
        f"· 投诉举报：{place_line(complaint)}；\n"
        f"· 申请行政复议最晚{format_date(dates.reconsideration.last)}（60日内）：{place_line(review)}；\n"
        f"· 提起行政诉讼：{sue}：{place_line(court)}。"
    )


def subscribe(tracking_no: str, requests: RequestBook | None, *, channel: str, chat_id: str) -> list[Reply]:
    """Subscribe a chat that has just looked the request up."""
    if requests is None or not requests.verified(channel, chat_id, tracking_no):
        return [Reply("请先用申请编号和查询码查询，再订阅通知。", buttons=menu_buttons())]
    if requests.subscribed(channel, chat_id, tracking_no):
        return [Reply(f"您已订阅 {tracking_no} 的进度通知，发送 /unsubscribe 可取消。", buttons=back_to_menu())]
    requests.subscribe(channel, chat_id, tracking_no)
    return [
        Reply(
            f"已订阅 {tracking_no} 的进度通知：机关每记录一个办理环节，您都会收到消息。发送 /unsubscribe 可取消。",
            buttons=back_to_menu(),
        )
    ]


def unsubscribe(requests: RequestBook | None, *, channel: str, chat_id: str) -> list[Reply]:
    """Stop every notice for this chat."""
    removed = requests.unsubscribe(channel, chat_id) if requests is not None else 0
    text = f"已取消{removed}个申请的进度通知。" if removed else "您没有订阅任何申请的进度通知。"
    return [Reply(text, buttons=menu_buttons())]


# ---------------------------------------------------------------- commands and buttons


async def _status(chat: Chat, rest: str) -> list[Reply]:
    """/status, with the number and code on the same line or asked for."""
    replies = begin(chat.session, chat.services)
    if rest.strip() and chat.session.flow == FLOW:
        return await on_text(chat, rest)
    return replies


async def _unsubscribe(chat: Chat, _: str) -> list[Reply]:
    return unsubscribe(chat.services.requests, channel=chat.message.channel, chat_id=chat.message.chat_id)


async def _on_action(chat: Chat, argument: str) -> list[Reply] | None:
    """查询申请进度 starts the check; 订阅进度通知 subscribes to the request just looked up."""
    if argument == "start":
        return with_note(chat.leave(), begin(chat.session, chat.services))
    number = find_number(argument[4:], prefix=chat.services.prefix) if argument.startswith("sub:") else None
    if not number:
        return None
    channel, chat_id, book = chat.message.channel, chat.message.chat_id, chat.services.requests
    replies = subscribe(number, book, channel=channel, chat_id=chat_id)
    # A refused subscription (the request not looked up in this chat) leaves the chat where it was.
    subscribed = book is not None and book.subscribed(channel, chat_id, number)
    return with_note(chat.leave() if subscribed else "", replies)


ROUTES = Flow(
    name=FLOW,
    commands={"/status": Command(_status), "/unsubscribe": Command(_unsubscribe)},
    actions={FLOW: _on_action},
    on_text=on_text,
    leave=ending(LEFT),
)
