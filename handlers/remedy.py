"""Remedies with last dates: the day a reply came (or its period ran out), what it was, the last days, a letter.

The flow is one table (STEPS): each step's question, what typed text does there, and the buttons it accepts.
Every button names its step and the flow's revision (remedy:<step>:<rev>:<verb>[:<arg>]), so a button from an
earlier message never acts on a later step. The letter's details live only in the session: 退出, 完成 or /cancel
delete them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from handlers.ask import answer_in_thread, answer_replies
from handlers.context import Services
from handlers.form import DOCX_MIME
from handlers.letters import (
    COMPLAINT,
    FILE_NAMES,
    RECONSIDERATION,
    TITLES,
    LetterFacts,
    render_letter_docx,
    render_letter_text,
)
from handlers.menu import REMEDY_ACTION, menu_buttons
from handlers.messages import Button, File, Incoming, Reply, text_replies, with_note
from handlers.questions import is_question
from handlers.session import Session
from knowledge.lifecycle import OUTCOMES, Status
from knowledge.numbers import DateError, find_date
from knowledge.remedies import KIND_LABELS, OutcomeKind, describe, kind_of_outcome, remedy_dates
from knowledge.text import normalize
from knowledge.tracking import find_number
from knowledge.validation import ValidationError, validate_field
from knowledge.workdays import WorkCalendar, format_date

FLOW = "remedy"
DATE, KIND, DATES, PREVIEW = "date", "kind", "dates", "preview"
# The letter's details the chat asks for, in order, each with why it is needed.
LETTER_FIELDS: dict[str, str] = {
    "name": "请输入申请人的姓名或者名称（写在申请人一栏，由您署名）。",
    "phone": "请输入联系电话（复议机关或受理投诉的机关据此联系您）。",
    "address": "请输入通信地址（受理通知、决定书等文书据此寄给您）。",
    "description": "请简要写明您申请公开的政府信息，例如文件名称或内容（写入“事实和理由”）。",
}
LETTER_NOTICE = (
    "起草《{title}》需要：申请人的姓名或者名称、联系电话、通信地址，以及您申请公开的信息。"
    "我会逐项询问，每一项都可以点“留空”，打印后手写；身份证件号码不在对话中收集，请打印后手写。\n"
    "这些内容只保存在本次对话中，用于生成文件；点“退出”“完成”或发送 /cancel 即删除。预览中电话会部分隐藏。"
)
DATE_PROMPT = (
    "我来计算申请行政复议和提起行政诉讼的最后一天。\n"
    "请发送您收到答复（签收答复书）的日期，例如“2026年3月5日”“3月5日”“上周五”。"
    "机关逾期没有答复的，请发送答复期限的最后一天（可以先用菜单里的“计算答复日期”算出）。\n"
    "如果您刚用申请编号和查询码查询过自己的申请，也可以直接发送申请编号，我会使用申请记录中的日期。"
)
KIND_PROMPT = "您对哪种情形不服？"
LEFT = "已退出复议期限计算，您填写的内容已删除。"


@dataclass
class RemedyState:
    """What the flow has gathered; kept in the session as a plain dict."""

    rev: int = 0
    known_on: str = ""
    kind: str = ""
    letter: str = ""
    tracking_no: str = ""
    applied_on: str = ""
    outcome_label: str = ""
    # The letter's details (name, phone, address, description; id_number only from the request store).
    details: dict[str, str] = field(default_factory=dict)
    # Details the user chose to leave blank, never asked again in this flow.
    blank: list[str] = field(default_factory=list)
    # Details asked in this flow, in the order asked: 上一步 goes back through them.
    asked: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, session: Session) -> RemedyState:
        """The state saved in a session (keys of older versions are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in session.data.get(FLOW, {}).items() if key in known})


@dataclass
class Turn:
    """One handled message: the chat's session and state, what the handlers may use, and who sent it."""

    session: Session
    state: RemedyState
    services: Services
    channel: str
    chat_id: str

    @property
    def today(self) -> date:
        return self.services.answerer.today()

    def go(self, step: str) -> None:
        """Move to a step; every move makes the buttons shown before it stale."""
        self.state.rev += 1
        self.session.step = step
        self.session.data = {FLOW: asdict(self.state)}

    def button(self, label: str, verb: str, *, primary: bool = False) -> Button:
        """A button of the current step and revision."""
        return Button(label, f"{FLOW}:{self.session.step}:{self.state.rev}:{verb}", primary=primary)


Handler = Callable[[Turn, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Step:
    """One step of the flow: its question, what typed text does, and the button verbs it accepts."""

    ask: Callable[[Turn, str], list[Reply]]
    on_text: Handler
    actions: Mapping[str, Handler]


# ---------------------------------------------------------------- entry points


def begin(session: Session, services: Services, *, channel: str, chat_id: str) -> list[Reply]:
    """Start the flow at its first question."""
    session.reset()
    session.flow = FLOW
    turn = Turn(session, RemedyState(), services, channel, chat_id)
    turn.go(DATE)
    return _ask_date(turn, "")


async def on_text(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Take typed text at the current step, as typed: a letter keeps its Chinese punctuation."""
    if session.step not in STEPS:
        return begin(session, services, channel=message.channel, chat_id=message.chat_id)
    turn = _turn(message, session, services)
    return await STEPS[session.step].on_text(turn, (message.text or "").strip())


def starts(action: str) -> bool:
    """Whether a remedy button starts the flow (from the menu, or on the user's own request) rather than acting on
    one of its steps."""
    _, _, rest = action.partition(":")
    return rest == "start" or (rest.startswith("req:") and find_number(rest[4:]) is not None)


async def on_action(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Handle a remedy button; one from an earlier step or a finished flow is refused as stale."""
    _, _, rest = (message.action or "").partition(":")
    number = find_number(rest[4:]) if rest.startswith("req:") else None
    if starts(message.action or ""):
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
        return _ask(turn, "这个按钮来自较早的步骤，已失效。请按下面最新的提示操作：")
    return await handler(turn, argument)


def _turn(message: Incoming, session: Session, services: Services) -> Turn:
    return Turn(session, RemedyState.of(session), services, message.channel, message.chat_id)


def _ask(turn: Turn, note: str) -> list[Reply]:
    return STEPS[turn.session.step or DATE].ask(turn, note)


def _prefixed(note: str, text: str) -> str:
    return f"{note}\n{text}" if note else text


# ---------------------------------------------------------------- date and kind


def _ask_date(turn: Turn, note: str) -> list[Reply]:
    return [Reply(_prefixed(note, DATE_PROMPT), buttons=((turn.button("退出", "quit"),),))]


async def _take_date(turn: Turn, typed: str) -> list[Reply]:
    text = normalize(typed)
    number = find_number(text)
    if number:
        return await _use_request(turn, number)
    try:
        day = find_date(text, today=turn.today)
    except DateError as exc:
        return _ask(turn, str(exc))
    if day is None:
        return await _question_or_again(turn, text)
    if day > turn.today:
        return _ask(turn, f"{format_date(day)}还没有到。请发送已经收到答复的日期。")
    turn.state.known_on = day.isoformat()
    turn.go(KIND)
    return _ask_kind(turn, "")


async def _question_or_again(turn: Turn, text: str) -> list[Reply]:
    """Text that is no date: a question is answered and ends the flow; anything else asks again."""
    answer = await answer_in_thread(normalize(text), turn.services)
    if answer.matched:
        turn.session.reset()
        return with_note(LEFT, answer_replies(answer))
    return _ask(turn, "没有看懂您发送的日期。")


def _ask_kind(turn: Turn, note: str) -> list[Reply]:
    known_on = date.fromisoformat(turn.state.known_on)
    buttons = tuple((turn.button(label, f"kind:{kind.value}"),) for kind, label in KIND_LABELS.items())
    text = _prefixed(note, f"日期：{format_date(known_on)}。{KIND_PROMPT}")
    return [Reply(text, buttons=(*buttons, (turn.button("上一步", "back"), turn.button("退出", "quit"))))]


async def _take_kind(turn: Turn, argument: str) -> list[Reply]:
    if argument not in {kind.value for kind in OutcomeKind}:
        return _ask(turn, "请点选下面的按钮。")
    turn.state.kind = argument
    turn.go(DATES)
    return _ask_dates(turn, "")


async def _buttons_only(turn: Turn, text: str) -> list[Reply]:
    if await is_question(text, turn.services):
        return await _question_or_again(turn, text)
    return _ask(turn, "请点选下面的按钮。")


async def _date_again(turn: Turn, _: str) -> list[Reply]:
    turn.state = RemedyState(rev=turn.state.rev)
    turn.go(DATE)
    return _ask_date(turn, "")


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
    return _ask_dates(turn, note)


# ---------------------------------------------------------------- the last days and the letters


def _ask_dates(turn: Turn, note: str) -> list[Reply]:
    state = turn.state
    dates = remedy_dates(date.fromisoformat(state.known_on), OutcomeKind(state.kind), _calendar(turn))
    text = _prefixed(note, describe(dates, turn.services.answerer.guide, today=turn.today))
    text += "\n\n需要的话，我可以起草行政复议申请书或投诉书（.docx），填好已知内容，空白处打印后手写，签名即可提交。"
    buttons = (
        (
            turn.button(f"起草{TITLES[RECONSIDERATION]}", f"letter:{RECONSIDERATION}", primary=True),
            turn.button(f"起草{TITLES[COMPLAINT]}", f"letter:{COMPLAINT}", primary=True),
        ),
        (turn.button("换个日期重新算", "again"), turn.button("完成", "quit")),
    )
    return text_replies(text, buttons)


def _calendar(turn: Turn) -> WorkCalendar:
    return turn.services.answerer.calculate.calendar


def _missing(state: RemedyState) -> list[str]:
    return [key for key in LETTER_FIELDS if key not in state.details and key not in state.blank]


async def _start_letter(turn: Turn, argument: str) -> list[Reply]:
    if argument not in TITLES:
        return _ask(turn, "请点选下面的按钮。")
    turn.state.letter = argument
    missing = _missing(turn.state)
    if not missing:
        turn.go(PREVIEW)
        return _ask_preview(turn, "")
    turn.go(missing[0])
    return _ask_detail(turn, LETTER_NOTICE.format(title=TITLES[argument]))


def _ask_detail(turn: Turn, note: str) -> list[Reply]:
    key = turn.session.step or ""
    buttons = ((turn.button("留空，打印后手写", "skip"),), (turn.button("上一步", "back"), turn.button("退出", "quit")))
    return [Reply(_prefixed(note, LETTER_FIELDS[key]), buttons=buttons)]


async def _take_detail(turn: Turn, text: str) -> list[Reply]:
    key = turn.session.step or ""
    if await is_question(text, turn.services, free_text=key == "description"):
        return _ask(turn, "这看起来是一个问题，没有写进文书（如要提问，请先点“退出”）。")
    try:
        turn.state.details[key] = validate_field(key, text, {})
    except ValidationError as exc:
        return _ask(turn, str(exc))
    turn.state.asked.append(key)
    return _next_detail(turn)


async def _skip_detail(turn: Turn, _: str) -> list[Reply]:
    key = turn.session.step or ""
    turn.state.blank.append(key)
    turn.state.asked.append(key)
    return _next_detail(turn)


def _next_detail(turn: Turn) -> list[Reply]:
    missing = _missing(turn.state)
    turn.go(missing[0] if missing else PREVIEW)
    return _ask(turn, "")


async def _back_to_dates(turn: Turn, _: str) -> list[Reply]:
    turn.state.letter = ""
    turn.go(DATES)
    return _ask_dates(turn, "")


def _facts(state: RemedyState, turn: Turn) -> LetterFacts:
    dates = remedy_dates(date.fromisoformat(state.known_on), OutcomeKind(state.kind), _calendar(turn))
    return LetterFacts(
        dates=dates,
        applied_on=date.fromisoformat(state.applied_on) if state.applied_on else None,
        tracking_no=state.tracking_no,
        outcome_label=state.outcome_label,
        **{key: state.details.get(key, "") for key in ("name", "id_number", "address", "phone", "description")},
    )


def _ask_preview(turn: Turn, note: str) -> list[Reply]:
    state = turn.state
    text = render_letter_text(state.letter, _facts(state, turn), turn.services.answerer.guide)
    hidden = any(state.details.get(key) for key in ("id_number", "phone"))
    footer = "预览中证件号码和电话已部分隐藏，生成的文件中是完整内容。" if hidden else ""
    buttons = (
        (turn.button("生成文件（.docx）", "make", primary=True),),
        (turn.button("返回期限", "back"), turn.button("退出", "quit")),
    )
    return text_replies(_prefixed(note, "请核对文书内容：\n" + text + (f"\n\n{footer}" if footer else "")), buttons)


async def _make_letter(turn: Turn, _: str) -> list[Reply]:
    state = turn.state
    guide = turn.services.answerer.guide
    data = render_letter_docx(state.letter, _facts(state, turn), guide, today=turn.today)
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
    return _ask_date(turn, "")


async def _back_detail(turn: Turn, _: str) -> list[Reply]:
    state = turn.state
    if not state.asked:
        return await _back_to_dates(turn, "")
    previous = state.asked.pop()
    state.details.pop(previous, None)
    if previous in state.blank:
        state.blank.remove(previous)
    turn.go(previous)
    return _ask_detail(turn, "")


_DETAIL = Step(
    ask=_ask_detail,
    on_text=_take_detail,
    actions={"skip": _skip_detail, "back": _back_detail, "quit": _quit},
)
STEPS: dict[str, Step] = {
    DATE: Step(ask=_ask_date, on_text=_take_date, actions={"quit": _quit}),
    KIND: Step(
        ask=_ask_kind,
        on_text=_take_date,
        actions={"kind": _take_kind, "back": _back_to_date, "quit": _quit},
    ),
    DATES: Step(
        ask=_ask_dates,
        on_text=_take_date,
        actions={"letter": _start_letter, "again": _date_again, "quit": _quit},
    ),
    **dict.fromkeys(LETTER_FIELDS, _DETAIL),
    PREVIEW: Step(
        ask=_ask_preview,
        on_text=_buttons_only,
        actions={"make": _make_letter, "back": _back_to_dates, "quit": _quit},
    ),
}
