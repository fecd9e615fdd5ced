"""Routes one incoming message to the handler that owns it."""

from __future__ import annotations

from handlers import apply, ask, calc, menu, stats, status
from handlers.context import Services
from handlers.messages import Incoming, Reply
from handlers.session import Session
from knowledge.text import normalize

STALE_BUTTON = "这个按钮已失效（可能来自较早的消息）。请从下面的菜单重新选择。"


async def route(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Dispatch a message by its action, command or the chat's current flow."""
    if message.action is not None:
        return await _on_action(message, session, services)
    if message.upload is not None:
        return await apply.on_upload(message, session, services)
    text = normalize(message.text or "")
    if text.startswith("/"):
        return await _on_command(message, text, session, services)
    if not text:
        return [Reply("消息是空的。请输入您的问题，或发送 /start 查看菜单。")]
    if session.flow == calc.FLOW:
        return await calc.on_text(text, session, services)
    if session.flow == status.FLOW:
        return await status.on_text(text, session, services, channel=message.channel, chat_id=message.chat_id)
    if session.flow == apply.FLOW:
        # The form keeps Chinese punctuation as typed; its validators fold only what they must.
        return await apply.on_text(message, message.text or "", session, services)
    return await ask.on_text(text, session, services)


async def _on_command(message: Incoming, text: str, session: Session, services: Services) -> list[Reply]:
    # Telegram appends the bot's name in groups: /start@gongkai_bot.
    command, _, rest = text.partition(" ")
    command = command.split("@")[0].lower()
    if command == "/status":
        replies = status.begin(session, services)
        if rest.strip() and session.flow == status.FLOW:
            return await status.on_text(rest, session, services, channel=message.channel, chat_id=message.chat_id)
        return replies
    if command == "/apply":
        if session.flow == apply.FLOW:
            return apply.ask(session, services, note="您有一份正在填写的申请，继续上次的步骤（/cancel 可放弃）：")
        return apply.begin(session, services)
    if command == "/back":
        if session.flow == apply.FLOW:
            return apply.back(session, services)
        return [Reply("当前没有可以返回的步骤。", buttons=menu.menu_buttons())]
    if command == "/stats":
        return stats.menu(services)
    if command == "/unsubscribe":
        return status.unsubscribe(services.requests, channel=message.channel, chat_id=message.chat_id)
    if command == "/start":
        session.reset()
        return [menu.start()]
    if command == "/help":
        return [menu.help_text()]
    if command == "/cancel":
        if session.flow is None:
            return [Reply("当前没有进行中的操作。", buttons=menu.menu_buttons())]
        left = "已放弃申请，草稿已删除。" if session.flow == apply.FLOW else "已退出当前操作。"
        session.reset()
        return [Reply(left, buttons=menu.menu_buttons())]
    known = "、".join(name for name, _ in menu.COMMANDS)
    return [Reply(f"不认识的命令 {command[:30]}。可用的命令：{known}。", buttons=menu.menu_buttons())]


async def _on_action(message: Incoming, session: Session, services: Services) -> list[Reply]:
    action = message.action or ""
    kind, _, argument = action.partition(":")
    if action == menu.MENU_ACTION:
        return [menu.menu()]
    if kind == "apply":
        return await apply.on_action(message, session, services)
    if action == "status:start":
        return status.begin(session, services)
    if kind == "status" and argument.startswith("sub:"):
        number = status.find_number(argument[4:])
        if number:
            return status.subscribe(number, services.requests, channel=message.channel, chat_id=message.chat_id)
    if kind == "topic":
        replies = await ask.on_topic(argument, session, services)
        if replies is not None:
            return replies
    if kind == "stats":
        replies = await stats.on_action(argument, services)
        if replies is not None:
            return replies
    if kind == "calc" and argument in calc.PROMPTS:
        return calc.begin(argument, session)
    return [Reply(STALE_BUTTON, buttons=menu.menu_buttons())]
