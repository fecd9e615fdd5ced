"""Free-text questions: answered from the guide and the calculators."""

from __future__ import annotations

import logging

from handlers import stats
from handlers.context import Services
from handlers.menu import back_to_menu, menu_buttons
from handlers.messages import Reply, text_replies
from knowledge.answer import Answer

log = logging.getLogger(__name__)


def answer_replies(answer: Answer) -> list[Reply]:
    """An answer as replies: the menu under an unknown one, a way back under a known one."""
    return text_replies(answer.render(), back_to_menu() if answer.matched else menu_buttons())


async def on_text(text: str, services: Services) -> list[Reply]:
    """Answer a question, with a chart where the answer compares years."""
    answer = services.answerer.answer(text)
    if answer.topic is None and not answer.matched:
        log.info("unmatched question (%d chars)", len(text))
    chart = await stats.chart_for(answer.topic, services)
    if chart is None:
        return answer_replies(answer)
    # The way back goes under the picture, the last message.
    return [*text_replies(answer.render()), Reply("历年新收申请数见图。", files=(chart,), buttons=back_to_menu())]


async def on_topic(entry_id: str, services: Services) -> list[Reply] | None:
    """Show a topic or place chosen from the menu; None if the id is unknown."""
    answer = services.answerer.entry(entry_id)
    return answer_replies(answer) if answer else None
