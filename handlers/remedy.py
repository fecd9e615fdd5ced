"""Remedies with last dates: the day a reply came (or its period ran out), what it was, the last days, a letter.

The flow is one table (STEPS): what typed text does at each step and the buttons it accepts; what each step asks
is in handlers/remedy_steps.py. A button from an earlier step or a finished flow acts on nothing. The letter's
details live only in the session: 退出, 完成 or /cancel delete them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from handlers.ask import answer_off_loop, answer_replies
from handlers.context import Services
from handlers.flow import Chat, Flow, ending
from handlers.form import DOCX_MIME
from handlers.letters import COMPLAINT, FILE_NAMES, RECONSIDERATION, TITLES, render_letter_docx
from handlers.menu import REMEDY_ACTION, menu_buttons
from handlers.messages import Button, File, Incoming, Reply, with_note
from handlers.questions import is_question
from handlers.remedy_steps import (
    DATE,
    DATES,
    FLOW,
    KIND,
    LEFT,
    LETTER_FIELDS,
    LETTER_NOTICE,
    PREVIEW,
    Turn,
    ask,
    ask_date,
    ask_dates,
    ask_detail,
    ask_kind,
    ask_preview,
    facts,
    still_to_ask,
)
from handlers.session import Session
from handlers.state import RemedyState
from knowledge.lifecycle import Status
from knowledge.numbers import DateError, find_date
from knowledge.remedies import OutcomeKind, kind_of_outcome
from knowledge.statute import OUTCOMES
from knowledge.text import normalize
from knowledge.tracking import find_number
from knowledge.validation import ValidationError, validate_field
from knowledge.workdays import format_date

Handler = Callable[[Turn, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Step:
    """One step of the flow: what typed text does, and the button verbs it accepts."""

    on_text: Handler
    actions: Mapping[str, Handler]


# ---------------------------------------------------------------- entry points


def begin(session: Session, services: Services, *, channel: str, chat_id: str) -> list[Reply]:
    """Start the flow at its first question."""
    session.reset()
    session.flow = FLOW
    turn = Turn(session, RemedyState(), services, channel, chat_id)
    turn.go(DATE)
    return ask_date(turn, "")


async def on_text(chat: Chat, _: str) -> list[Reply]:
    """Take typed text at the current step, as typed: a letter keeps its Chinese punctuation."""
    message, session, services = chat.message, chat.session, chat.services
    if session.step not in STEPS:
        return begin(session, services, channel=message.channel, chat_id=message.chat_id)
    turn = _turn(message, session, services)
    return await STEPS[session.step].on_text(turn, (message.text or "").strip())


def starts(action: str, prefix: str) -> bool:
    """Whether a remedy button starts the flow (from the menu, or on the user's own request) rather than acting on
    one of its steps."""
    _, _, rest = action.partition(":")
    return rest == "start" or (rest.startswith("req:") and find_number(rest[4:], prefix=prefix) is not None)


async def on_action(chat: Chat, _: str) -> list[Reply]:
    """Handle a remedy button: one that starts the flow leaves another; one from an earlier step or a finished
    flow is refused as stale."""
    action = chat.message.action or ""
    note = chat.leave() if chat.session.flow != FLOW and starts(action, chat.services.prefix) else ""
    return with_note(note, await _press(action, chat.message, chat.session, chat.services))


async def _press(action: str, message: Incoming, session: Session, services: Services) -> list[Reply]:
    _, _, rest = action.partition(":")
    number = find_number(rest[4:], prefix=services.prefix) if rest.startswith("req:") else None
    if starts(action, services.prefix):
        replies = begin(session, services, channel=message.channel, chat_id=message.chat_id)
        return await _use_request(_turn(message, session, services), number) if number else replies
    if session.flow != FLOW or session.step not in STEPS:
        return [
            Reply(
                "这个按钮已失效（复议期限计算已结束或已退出）。",
                buttons=((Button("重新计算复议/诉讼期限", REMEDY_ACTION),), *menu_buttons()),
            )
        ]
    turn = _turn(message, session, services)
    step, rev, verb, argument = (rest.split(":", 3) + ["", "", "", ""])[:4]
    handler = STEPS[session.step].actions.get(verb)
    if step != session.step or rev != str(turn.state.rev) or handler is None:
        return ask(turn, "这个按钮来自较早的步骤，已失效。请按下面最新的提示操作：")
    return await handler(turn, argument)


def _turn(message: Incoming, session: Session, services: Services) -> Turn:
    """The flow as the session holds it (a session in the flow always holds its state)."""
    assert isinstance(session.state, RemedyState)
    return Turn(session, session.state, services, message.channel, message.chat_id)


# ---------------------------------------------------------------- date and kind


async def _take_date(turn: Turn, typed: str) -> list[Reply]:
    text = normalize(typed)
    number = find_number(text, prefix=turn.services.prefix)
    if number:
        return await _use_request(turn, number)
    try:
        day = find_date(text, today=turn.today)
    except DateError as exc:
        return ask(turn, str(exc))
    if day is None:
        return await _question_or_again(turn, text)
    if day > turn.today:
        return ask(turn, f"{format_date(day)}还没有到。请发送已经收到答复的日期。")
    turn.state.known_on = day.isoformat()
    turn.go(KIND)
    return ask_kind(turn, "")


async def _question_or_again(turn: Turn, text: str) -> list[Reply]:
    """Text that is no date: a question is answered and ends the flow; anything else asks again."""
    answer = await answer_off_loop(normalize(text), turn.services)
    if answer.matched:
        turn.session.reset()
        return with_note(LEFT, answer_replies(answer))
    return ask(turn, "没有看懂您发送的日期。")


async def _take_kind(turn: Turn, argument: str) -> list[Reply]:
    if argument not in {kind.value for kind in OutcomeKind}:
        return ask(turn, "请点选下面的按钮。")
    turn.state.kind = argument
    turn.go(DATES)
    return ask_dates(turn, "")


async def _buttons_only(turn: Turn, text: str) -> list[Reply]:
    if await is_question(text, turn.services):
        return await _question_or_again(turn, text)
    return ask(turn, "请点选下面的按钮。")


async def _date_again(turn: Turn, _: str) -> list[Reply]:
    turn.state = RemedyState(rev=turn.state.rev)
    turn.go(DATE)
    return ask_date(turn, "")


# ---------------------------------------------------------------- the store's dates


async def _use_request(turn: Turn, number: str) -> list[Reply]:
    """Take the dates, outcome and details of the user's own request, once this chat has looked it up."""
    book = turn.services.requests
    view = book.get(number) if book is not None and book.verified(turn.channel, turn.chat_id, number) else None
    if view is None:
        buttons = ((Button("查询申请进度", "status:start"),), (turn.button("退出", "quit"),))
        text = (
            f"要使用申请 {number} 记录中的日期，请先用申请编号和查询码查询该申请（查询后一小时内有效），"
            "再回到这里；也可以直接发送您收到答复的日期。"
        )
        return [Reply(text, buttons=buttons)]
    clock = view.clock
    if clock.status is Status.ANSWERED and clock.closed_on and clock.outcome:
        note = (
            f"申请 {number} 于{format_date(clock.closed_on)}作出答复（{OUTCOMES[clock.outcome]}），下面按这一天计算；"
            "您签收答复书的日期更晚的，以签收之日为准，可以点“换个日期重新算”。"
        )
        known_on, kind, outcome_label = clock.closed_on, kind_of_outcome(clock.outcome), OUTCOMES[clock.outcome]
    elif clock.overdue and clock.due_on:
        note = f"申请 {number} 的答复期限已于{format_date(clock.due_on)}届满，记录中还没有答复，下面按逾期未答复计算。"
        known_on, kind, outcome_label = clock.due_on, OutcomeKind.NO_ANSWER, ""
    else:
        due = f"，答复期限是{format_date(clock.due_on)}" if clock.due_on and not clock.final else ""
        turn.session.reset()
        return [
            Reply(
                f"申请 {number} 目前的状态是“{clock.label}”{due}，还没有可以计算复议期限的答复。",
                buttons=menu_buttons(),
            )
        ]
    details = {key: view.applicant[key] for key in ("name", "phone", "address", "id_number") if view.applicant.get(key)}
    if view.description:
        details["description"] = view.description
    turn.state = RemedyState(
        rev=turn.state.rev,
        known_on=known_on.isoformat(),
        kind=kind.value,
        tracking_no=number,
        applied_on=clock.received_on.isoformat() if clock.received_on else "",
        outcome_label=outcome_label,
        details=details,
    )
    turn.go(DATES)
    return ask_dates(turn, note)


# ---------------------------------------------------------------- the letters


async def _start_letter(turn: Turn, argument: str) -> list[Reply]:
    if argument not in TITLES:
        return ask(turn, "请点选下面的按钮。")
    turn.state.letter = argument
    missing = still_to_ask(turn.state)
    if not missing:
        turn.go(PREVIEW)
        return ask_preview(turn, "")
    turn.go(missing[0])
    return ask_detail(turn, LETTER_NOTICE.format(title=TITLES[argument]))


async def _take_detail(turn: Turn, text: str) -> list[Reply]:
    key = turn.session.step or ""
    if await is_question(text, turn.services, free_text=key == "description"):
        return ask(turn, "这看起来是一个问题，没有写进文书（如要提问，请先点“退出”）。")
    try:
        turn.state.details[key] = validate_field(key, text, {}, turn.services.answerer.guide.meta)
    except ValidationError as exc:
        return ask(turn, str(exc))
    turn.state.asked.append(key)
    return _next_detail(turn)


async def _skip_detail(turn: Turn, _: str) -> list[Reply]:
    key = turn.session.step or ""
    turn.state.blank.append(key)
    turn.state.asked.append(key)
    return _next_detail(turn)


def _next_detail(turn: Turn) -> list[Reply]:
    missing = still_to_ask(turn.state)
    turn.go(missing[0] if missing else PREVIEW)
    return ask(turn, "")


async def _back_to_dates(turn: Turn, _: str) -> list[Reply]:
    turn.state.letter = ""
    turn.go(DATES)
    return ask_dates(turn, "")


async def _make_letter(turn: Turn, _: str) -> list[Reply]:
    state = turn.state
    guide = turn.services.answerer.guide
    data = render_letter_docx(state.letter, facts(state, turn), guide, today=turn.today)
    document = File(name=FILE_NAMES[state.letter], mime=DOCX_MIME, data=data)
    title = TITLES[state.letter]
    state.letter = ""
    turn.go(DATES)
    made = Reply(f"《{title}》已生成（见附件）：空白处请手写补全，签名后提交。", files=(document,))
    buttons = (
        (
            turn.button(f"起草{TITLES[RECONSIDERATION]}", f"letter:{RECONSIDERATION}"),
            turn.button(f"起草{TITLES[COMPLAINT]}", f"letter:{COMPLAINT}"),
        ),
        (turn.button("完成（删除填写的内容）", "quit", primary=True),),
    )
    kept = Reply(
        "您填写的内容仍保留在本次对话中，可以再起草另一份文书；点“完成”或发送 /cancel 即删除。", buttons=buttons
    )
    return [made, kept]


async def _quit(turn: Turn, _: str) -> list[Reply]:
    turn.session.reset()
    return [Reply(LEFT, buttons=menu_buttons())]


async def _back_to_date(turn: Turn, _: str) -> list[Reply]:
    turn.go(DATE)
    return ask_date(turn, "")


async def _back_detail(turn: Turn, _: str) -> list[Reply]:
    state = turn.state
    if not state.asked:
        return await _back_to_dates(turn, "")
    previous = state.asked.pop()
    state.details.pop(previous, None)
    if previous in state.blank:
        state.blank.remove(previous)
    turn.go(previous)
    return ask_detail(turn, "")


_DETAIL = Step(on_text=_take_detail, actions={"skip": _skip_detail, "back": _back_detail, "quit": _quit})
STEPS: dict[str, Step] = {
    DATE: Step(on_text=_take_date, actions={"quit": _quit}),
    KIND: Step(on_text=_take_date, actions={"kind": _take_kind, "back": _back_to_date, "quit": _quit}),
    DATES: Step(on_text=_take_date, actions={"letter": _start_letter, "again": _date_again, "quit": _quit}),
    **dict.fromkeys(LETTER_FIELDS, _DETAIL),
    PREVIEW: Step(on_text=_buttons_only, actions={"make": _make_letter, "back": _back_to_dates, "quit": _quit}),
}

ROUTES = Flow(name=FLOW, actions={FLOW: on_action}, on_text=on_text, leave=ending(LEFT))
