"""Where the remedy flow stands (a `Turn`) and what each of its steps asks; what typed text and buttons do there is
in handlers/remedy.py.

Every button names its step and the flow's revision (remedy:<step>:<rev>:<verb>[:<arg>]), so a button from an
earlier message never acts on a later step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from handlers.context import Services
from handlers.letters import COMPLAINT, RECONSIDERATION, TITLES, LetterFacts, render_letter_text
from handlers.messages import Button, Reply, text_replies
from handlers.session import Session
from handlers.state import REMEDY, RemedyState
from knowledge.remedies import KIND_LABELS, OutcomeKind, describe, remedy_dates
from knowledge.workdays import WorkCalendar, format_date

FLOW = REMEDY
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
        self.session.state = self.state

    def button(self, label: str, verb: str, *, primary: bool = False) -> Button:
        """A button of the current step and revision."""
        return Button(label, f"{FLOW}:{self.session.step}:{self.state.rev}:{verb}", primary=primary)


def ask(turn: Turn, note: str) -> list[Reply]:
    """Ask the current step's question, after `note`."""
    return ASKS[turn.session.step or DATE](turn, note)


def prefixed(note: str, text: str) -> str:
    return f"{note}\n{text}" if note else text


def ask_date(turn: Turn, note: str) -> list[Reply]:
    return [Reply(prefixed(note, DATE_PROMPT), buttons=((turn.button("退出", "quit"),),))]


def ask_kind(turn: Turn, note: str) -> list[Reply]:
    known_on = date.fromisoformat(turn.state.known_on)
    buttons = tuple((turn.button(label, f"kind:{kind.value}"),) for kind, label in KIND_LABELS.items())
    text = prefixed(note, f"日期：{format_date(known_on)}。{KIND_PROMPT}")
    return [Reply(text, buttons=(*buttons, (turn.button("上一步", "back"), turn.button("退出", "quit"))))]


def ask_dates(turn: Turn, note: str) -> list[Reply]:
    state = turn.state
    dates = remedy_dates(date.fromisoformat(state.known_on), OutcomeKind(state.kind), _calendar(turn))
    text = prefixed(note, describe(dates, turn.services.answerer.guide, today=turn.today))
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


def still_to_ask(state: RemedyState) -> list[str]:
    """The letter's details still to ask."""
    return [key for key in LETTER_FIELDS if key not in state.details and key not in state.blank]


def ask_detail(turn: Turn, note: str) -> list[Reply]:
    key = turn.session.step or ""
    buttons = ((turn.button("留空，打印后手写", "skip"),), (turn.button("上一步", "back"), turn.button("退出", "quit")))
    return [Reply(prefixed(note, LETTER_FIELDS[key]), buttons=buttons)]


def facts(state: RemedyState, turn: Turn) -> LetterFacts:
    """What the letter says: the last days, the request and the details gathered."""
    dates = remedy_dates(date.fromisoformat(state.known_on), OutcomeKind(state.kind), _calendar(turn))
    return LetterFacts(
        dates=dates,
        applied_on=date.fromisoformat(state.applied_on) if state.applied_on else None,
        tracking_no=state.tracking_no,
        outcome_label=state.outcome_label,
        **{key: state.details.get(key, "") for key in ("name", "id_number", "address", "phone", "description")},
    )


def ask_preview(turn: Turn, note: str) -> list[Reply]:
    state = turn.state
    text = render_letter_text(state.letter, facts(state, turn), turn.services.answerer.guide)
    hidden = any(state.details.get(key) for key in ("id_number", "phone"))
    footer = "预览中证件号码和电话已部分隐藏，生成的文件中是完整内容。" if hidden else ""
    buttons = (
        (turn.button("生成文件（.docx）", "make", primary=True),),
        (turn.button("返回期限", "back"), turn.button("退出", "quit")),
    )
    return text_replies(prefixed(note, "请核对文书内容：\n" + text + (f"\n\n{footer}" if footer else "")), buttons)


# Each step's question.
ASKS: dict[str, Callable[[Turn, str], list[Reply]]] = {
    DATE: ask_date,
    KIND: ask_kind,
    DATES: ask_dates,
    **dict.fromkeys(LETTER_FIELDS, ask_detail),
    PREVIEW: ask_preview,
}
