"""The two calculators as short guided flows started from the menu."""

from __future__ import annotations

from handlers.ask import answer_off_loop, answer_replies
from handlers.flow import Chat, Flow, ending
from handlers.menu import back_to_menu
from handlers.messages import Reply, with_note
from handlers.questions import ends_asking
from handlers.session import Session
from handlers.state import CALC
from knowledge.answer import MAX_QUESTION_CHARS
from knowledge.numbers import DateError, find_date, quantities

FLOW = CALC
FEE_STEP = "fee"
DEADLINE_STEP = "deadline"
LEFT = "已退出计算。"

PROMPTS = {
    FEE_STEP: (
        "请输入件数或页数，例如“35件”或“120页”。\n"
        "按件：同一申请人一个自然月内累计的申请件数；按量：一件申请所需提供的页数。"
    ),
    DEADLINE_STEP: (
        "请输入收到申请的日期，例如“2026-11-25”或“11月25日”。\n"
        "当面提交以提交当日为准，邮寄以签收之日为准，网上申请以双方确认之日为准。"
    ),
}


def begin(step: str, session: Session) -> list[Reply]:
    """Start a calculator and ask for its input."""
    session.reset()
    session.flow, session.step = FLOW, step
    return [Reply(PROMPTS[step], buttons=back_to_menu())]


async def on_text(chat: Chat, text: str) -> list[Reply]:
    """Compute from the user's input; a question leaves the calculator and is answered; anything else asks again."""
    session, services = chat.session, chat.services
    answerer = services.answerer
    # Longer text is no count or date; the answerer refuses it below, unread.
    readable = len(text) <= MAX_QUESTION_CHARS
    # The calculator's two steps: the fee's count, else the deadline's date.
    step = FEE_STEP if session.step == FEE_STEP else DEADLINE_STEP
    if step == FEE_STEP:
        found = quantities(text) if readable else []
        if found:
            answer = answerer.calculate.fee(found)
            if answer.matched:
                session.reset()
            return answer_replies(answer)
    else:
        try:
            start = find_date(text, today=answerer.today()) if readable else None
        except DateError as exc:
            return [Reply(f"{exc}\n{PROMPTS[DEADLINE_STEP]}", buttons=back_to_menu())]
        if start is not None:
            session.reset()
            return answer_replies(answerer.calculate.deadline(start))
    answer = await answer_off_loop(text, services)
    if answer.matched or (ends_asking(text) and not answer.invalid):
        # The user moved on to another question: leave the calculator and answer it.
        session.reset()
        return with_note(LEFT, answer_replies(answer))
    if answer.invalid:
        return [Reply(f"{answer.text}\n{PROMPTS[step]}", buttons=back_to_menu())]
    if step == FEE_STEP and text.strip().lstrip("-").isdigit():
        unit = f"请注明单位：是{text.strip()}件还是{text.strip()}页？例如“35件”或“120页”。"
        return [Reply(unit, buttons=back_to_menu())]
    return [Reply(f"没有看懂您的输入。{PROMPTS[step]}", buttons=back_to_menu())]


async def _on_action(chat: Chat, argument: str) -> list[Reply] | None:
    """A calculator's button from the menu starts it afresh."""
    if argument not in PROMPTS:
        return None
    return with_note(chat.leave(), begin(argument, chat.session))


ROUTES = Flow(name=FLOW, actions={FLOW: _on_action}, on_text=on_text, leave=ending(LEFT))
