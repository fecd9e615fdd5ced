"""Routes one incoming message through tables built from the flows' registrations (handlers/flow.py), and decides
once how a flow is left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import TypeVar

from handlers import apply, calc, home, menu, remedy, stats, status
from handlers.context import Services
from handlers.flow import NO_UPLOAD, Chat, Flow
from handlers.messages import Incoming, Reply, with_note
from handlers.session import Session
from knowledge.text import normalize

STALE_BUTTON = "这个按钮已失效（可能来自较早的消息）。请从下面的菜单重新选择。"
# Words that, typed alone, do what the button of the same name does: leave the flow and show the menu.
TYPED_ACTIONS = dict.fromkeys(("菜单", "主菜单", "返回主菜单", "退出", "取消"), menu.MENU_ACTION)
# Words that, typed alone, are a command.
TYPED_COMMANDS = {"上一步": "/back"}

FLOWS: tuple[Flow, ...] = (home.ROUTES, apply.ROUTES, status.ROUTES, remedy.ROUTES, calc.ROUTES, stats.ROUTES)
K = TypeVar("K")
V = TypeVar("V")


def _table(entries: Iterable[tuple[K, V | None]]) -> dict[K, V]:
    """A dispatch table; two flows registering the same key is a mistake caught at import."""
    table: dict[K, V] = {}
    for key, value in entries:
        if value is None:
            continue
        if key in table:
            raise ValueError(f"{key!r} is registered by two flows")
        table[key] = value
    return table


# Command → what it does; action prefix → the button's handler; the session's flow → its text, files and leaving.
COMMANDS = _table((name, command) for flow in FLOWS for name, command in flow.commands.items())
ACTIONS = _table((prefix, handler) for flow in FLOWS for prefix, handler in flow.actions.items())
TEXT = _table((flow.name, flow.on_text) for flow in FLOWS)
UPLOADS = _table((flow.name, flow.on_upload) for flow in FLOWS)
LEAVES = _table((flow.name, flow.leave) for flow in FLOWS)


def leave(session: Session) -> str:
    """End the current flow, or set an application draft aside; the one-line note saying so ('' if none)."""
    if session.flow is None:
        return ""
    return LEAVES[session.flow](session)


async def route(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Dispatch a message by its action, command or the chat's current flow."""
    text = normalize(message.text or "")
    if text in TYPED_ACTIONS:
        message = replace(message, text=None, action=TYPED_ACTIONS[text])
    chat = Chat(message, session, services, partial(leave, session))
    if message.action is not None:
        return await _on_action(chat, message.action)
    if message.upload is not None:
        take = UPLOADS.get(session.flow)
        return await take(chat) if take else [Reply(NO_UPLOAD)]
    text = TYPED_COMMANDS.get(text, text)
    if text.startswith("/"):
        return await _on_command(chat, text)
    if not text:
        return [Reply("消息是空的。请输入您的问题，或发送 /start 查看菜单。")]
    return await TEXT[session.flow](chat, text)


async def _on_command(chat: Chat, text: str) -> list[Reply]:
    # Telegram appends the bot's name in groups: /start@gongkai_bot.
    name, _, rest = text.partition(" ")
    name = name.split("@")[0].lower()
    command = COMMANDS.get(name)
    if command is None:
        known = "、".join(listed for listed, _ in menu.COMMANDS)
        return [Reply(f"不认识的命令 {name[:30]}。可用的命令：{known}。", buttons=menu.menu_buttons())]
    note = leave(chat.session) if command.leaves else ""
    return with_note(note, await command.run(chat, rest))


async def _on_action(chat: Chat, action: str) -> list[Reply]:
    prefix, _, argument = action.partition(":")
    handler = ACTIONS.get(prefix)
    replies = await handler(chat, argument) if handler is not None else None
    if replies is None:
        return [Reply(STALE_BUTTON, buttons=menu.menu_buttons())]
    return replies
