"""Free-text questions: answered from the guide and the calculators, in the context of the conversation."""

from __future__ import annotations

import asyncio
import logging

from handlers import stats
from handlers.context import Services
from handlers.menu import REMEDY_ACTION, REMEDY_LABEL, back_to_menu, menu_buttons
from handlers.messages import Button, Reply, text_replies
from handlers.session import Session
from handlers.state import Conversation
from knowledge.bank import ELSEWHERE
from knowledge.context import Focus
from knowledge.result import Answer

log = logging.getLogger(__name__)


def answer_replies(answer: Answer, *, remedy: bool = False) -> list[Reply]:
    """An answer as replies: candidates to choose from, the menu under an unknown one, a way back otherwise; under
    an answer about the remedies, the button that counts their last days."""
    if answer.clarify:
        buttons = tuple((Button(label, f"topic:{entry_id}"),) for label, entry_id in answer.clarify)
        return text_replies(answer.render(), (*buttons, *back_to_menu()))
    if not answer.matched:
        return text_replies(answer.render(), menu_buttons())
    count = ((Button(REMEDY_LABEL, REMEDY_ACTION),),) if remedy else ()
    return text_replies(answer.render(), (*count, *back_to_menu()))


def offers_remedy(answer: Answer, services: Services) -> bool:
    """Whether an answer is about the remedies, whose last days the remedy flow counts from a reply's date."""
    return answer.matched and services.answerer.calculator_of(answer.topic) == "remedy"


async def answer_off_loop(text: str, services: Services, focus: Focus | None = None) -> Answer:
    """The answer to a question, computed off the event loop: in the answering process where the server runs one,
    else in a worker thread."""
    if services.answer_elsewhere is not None:
        return await services.answer_elsewhere(text, focus)
    return await asyncio.to_thread(services.answerer.answer, text, focus)


def remember(session: Session, answer: Answer) -> None:
    """Keep what the conversation is about for the next follow-up; a new subject replaces it."""
    if not answer.invalid:
        session.state = None if answer.focus is None else Conversation(answer.focus)


async def on_text(text: str, session: Session, services: Services) -> list[Reply]:
    """Answer a question, with a chart where the answer compares years."""
    focus = session.state.focus if isinstance(session.state, Conversation) else None
    answer = await answer_off_loop(text, services, focus)
    remember(session, answer)
    if not answer.matched and not answer.clarify and answer.topic in (None, ELSEWHERE):
        log.info("unmatched question (%d chars)", len(text))
    chart = await stats.chart_for(answer.topic, services)
    if chart is None:
        return answer_replies(answer, remedy=offers_remedy(answer, services))
    # The way back goes under the picture, the last message.
    return [*text_replies(answer.render()), Reply("历年新收申请数见图。", files=(chart,), buttons=back_to_menu())]


async def on_topic(entry_id: str, session: Session, services: Services) -> list[Reply] | None:
    """Show a topic or place chosen from the menu or a clarifying question; None if the id is unknown."""
    answer = services.answerer.entry(entry_id)
    if answer is None:
        return None
    if session.flow is None:
        remember(session, answer)
    return answer_replies(answer, remedy=offers_remedy(answer, services))
