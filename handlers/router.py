"""Routes one incoming message to the handler that owns it."""

from __future__ import annotations

from handlers import ask, calc, menu
from handlers.context import Services
from handlers.messages import Incoming, Reply
from handlers.session import Session
from knowledge.text import normalize

STALE_BUTTON = "这个按钮已失效（可能来自较早的消息）。请从下面的菜单重新选择。"


async def route(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Dispatch a message by its action, command or the chat's current flow."""
    if message.action is not None:
        return await _on_action(message.action, session, services)
    text = normalize(message.text or "")
    if text.startswith("/"):
        return _on_command(text, session)
    if not text:
        return [Reply("消息是空的。请输入您的问题，或发送 /start 查看菜单。")]
    if session.flow == calc.FLOW:
        return await calc.on_text(text, session, services)
    return await ask.on_text(text, services)


def _on_command(text: str, session: Session) -> list[Reply]:
    # Telegram appends the bot's name in groups: /start@gongkai_bot.
    command = text.split()[0].split("@")[0].lower()
    if command == "/start":
        session.reset()
        return [menu.start()]
    if command == "/help":
        return [menu.help_text()]
    if command == "/cancel":
        if session.flow is None:
            return [Reply("当前没有进行中的操作。", buttons=menu.menu_buttons())]
        session.reset()
        return [Reply("已退出当前操作。", buttons=menu.menu_buttons())]
    known = "、".join(name for name, _ in menu.COMMANDS)
    return [Reply(f"不认识的命令 {command[:30]}。可用的命令：{known}。", buttons=menu.menu_buttons())]


async def _on_action(action: str, session: Session, services: Services) -> list[Reply]:
    kind, _, argument = action.partition(":")
    if action == menu.MENU_ACTION:
        return [menu.menu()]
    if kind == "topic":
        replies = await ask.on_topic(argument, services)
        if replies is not None:
            return replies
    if kind == "calc" and argument in calc.PROMPTS:
        return calc.begin(argument, session)
    return [Reply(STALE_BUTTON, buttons=menu.menu_buttons())]
