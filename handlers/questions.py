"""Whether text typed in a flow is a question rather than the value the flow's step asked for.

Decided from the sentence's structure, never from a list of sentences: a question mark or a sentence-final
particle (吗, 呢, 么, 嘛) asks by its form; a question word (什么, 怎么, 几, 多少, 哪 …), a yes/no form or a place
named with an attribute ("受理机构电话") asks only when the answerer also understands it. Free text (a
description of the information wanted, its title, its purpose) may itself contain question words, so there only
a sentence that ends asking and that the answerer answers confidently counts.
"""

from __future__ import annotations

import re

from handlers.ask import answer_off_loop
from handlers.context import Services
from knowledge.answer import MAX_QUESTION_CHARS
from knowledge.text import has_chinese, normalize

_ENDS_ASKING = re.compile(r"(?:[?？]|(?<![什怎这那多要])[吗呢么嘛])[\s?？!！。~～]*$")
_QUESTION_WORDS = re.compile(
    r"什么|怎么|怎样|如何|为什么|为啥|啥|多少|多久|多长|几[点号天个件页月年时]|哪|谁|是否|能否|可否"
    r"|有没有|是不是|能不能|可不可以|要不要|会不会|行不行"
)


def ends_asking(text: str) -> bool:
    """Whether a Chinese sentence ends as a question does: a question mark or a final 吗, 呢, 么 or 嘛."""
    return has_chinese(text) and bool(_ENDS_ASKING.search(text))


def has_question_word(text: str) -> bool:
    """Whether a question word or an A-not-A form appears anywhere in the text."""
    return bool(_QUESTION_WORDS.search(text))


async def is_question(text: str, services: Services, *, free_text: bool = False) -> bool:
    """Whether `text` is clearly a question, not a value; `free_text` for steps that take sentences."""
    text = normalize(text)
    if len(text) > MAX_QUESTION_CHARS:
        # The answerer refuses it as too long, unread (reading a long run of digits takes seconds): the step's
        # own checks answer it.
        return False
    if free_text:
        return ends_asking(text) and (await answer_off_loop(text, services)).matched
    if ends_asking(text):
        return True
    answerer = services.answerer
    reading = answerer.reader.read(text, today=answerer.today())
    if not (has_question_word(text) or reading.yes_no or (reading.places and reading.attributes)):
        return False
    answer = await answer_off_loop(text, services)
    return answer.matched or bool(answer.clarify)
