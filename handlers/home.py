"""The chat outside any flow: questions, the menu, its topics, /start and /help; a tracking number with its query
code typed here is looked up."""

from __future__ import annotations

from handlers import ask, menu, status
from handlers.flow import Chat, Command, Flow
from handlers.messages import Button, Reply, with_buttons, with_note
from handlers.wizard import RESUME
from knowledge.tracking import find_code, find_number


async def on_text(chat: Chat, text: str) -> list[Reply]:
    """A question, answered in the context of the conversation."""
    prefix = chat.services.prefix
    if find_number(text, prefix=prefix) and find_code(text, prefix=prefix):
        # A tracking number with its code, typed without /status, is a status check all the same.
        status.begin(chat.session, chat.services)
        return await status.on_text(chat, text)
    return await ask.on_text(text, chat.session, chat.services)


async def _menu(chat: Chat, _: str) -> list[Reply] | None:
    """The menu, with the way back to an application draft set aside."""
    if chat.message.action != menu.MENU_ACTION:
        return None
    note = chat.leave()
    if chat.session.parked is None:
        return with_note(note, [menu.menu()])
    return with_note(note, with_buttons([menu.menu()], (Button("继续填写申请", RESUME, primary=True),)))


async def _topic(chat: Chat, entry_id: str) -> list[Reply] | None:
    """A topic or place chosen from the menu or a clarifying question."""
    if chat.services.answerer.entry(entry_id) is None:
        return None
    note = chat.leave()
    return with_note(note, await ask.on_topic(entry_id, chat.session, chat.services) or [menu.menu()])


async def _start(chat: Chat, _: str) -> list[Reply]:
    return [menu.start(chat.services.answerer.guide.meta)]


async def _help(chat: Chat, _: str) -> list[Reply]:
    return [menu.help_text()]


ROUTES = Flow(
    commands={"/start": Command(_start), "/help": Command(_help)},
    actions={menu.MENU_ACTION: _menu, "topic": _topic},
    on_text=on_text,
)
