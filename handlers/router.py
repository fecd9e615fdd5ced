"""Routes one incoming message to the handler that owns it, and decides once how a flow is left."""

from __future__ import annotations

from dataclasses import replace

from handlers import apply, ask, calc, menu, remedy, stats, status
from handlers.context import Services
from handlers.messages import Button, Incoming, Reply, with_buttons, with_note
from handlers.session import Session
from handlers.wizard import RESUME
from knowledge.text import normalize
from knowledge.tracking import find_code, find_number

STALE_BUTTON = "这个按钮已失效（可能来自较早的消息）。请从下面的菜单重新选择。"
# Words that, typed alone, do what the button of the same name does: leave the flow and show the menu.
TYPED_ACTIONS = dict.fromkeys(("菜单", "主菜单", "返回主菜单", "退出", "取消"), menu.MENU_ACTION)
# Words that, typed alone, are a command.
TYPED_COMMANDS = {"上一步": "/back"}
# The line that says a flow was left; an application draft is set aside instead (apply.pause).
LEFT = {calc.FLOW: calc.LEFT, status.FLOW: status.LEFT, remedy.FLOW: remedy.LEFT}


def leave(session: Session) -> str:
    """End the current flow, or set an application draft aside; the one-line note saying so ('' if none)."""
    if session.flow is None:
        return ""
    if session.flow == apply.FLOW:
        return apply.pause(session)
    note = LEFT.get(session.flow, "")
    session.reset()
    return note


async def route(message: Incoming, session: Session, services: Services) -> list[Reply]:
    """Dispatch a message by its action, command or the chat's current flow."""
    text = normalize(message.text or "")
    if text in TYPED_ACTIONS:
        message = replace(message, text=None, action=TYPED_ACTIONS[text])
    if message.action is not None:
        return await _on_action(message, session, services)
    if message.upload is not None:
        return await apply.on_upload(message, session, services)
    text = TYPED_COMMANDS.get(text, text)
    if text.startswith("/"):
        return await _on_command(message, text, session, services)
    if not text:
        return [Reply("消息是空的。请输入您的问题，或发送 /start 查看菜单。")]
    if session.flow is not None:
        return await _in_flow(message, text, session, services)
    if find_number(text) and find_code(text):
        # A tracking number with its code, typed without /status, is a status check all the same.
        status.begin(session, services)
        return await status.on_text(
            text, session, services, channel=message.channel, chat_id=message.chat_id, client=message.client
        )
    return await ask.on_text(text, session, services)


async def _in_flow(message: Incoming, text: str, session: Session, services: Services) -> list[Reply]:
    """Typed text goes to the chat's flow, which decides whether it is an answer or a question."""
    if session.flow == calc.FLOW:
        return await calc.on_text(text, session, services)
    if session.flow == status.FLOW:
        return await status.on_text(
            text, session, services, channel=message.channel, chat_id=message.chat_id, client=message.client
        )
    if session.flow == apply.FLOW:
        # The form keeps Chinese punctuation as typed; its validators fold only what they must.
        return await apply.on_text(message.text or "", session, services)
    if session.flow == remedy.FLOW:
        return await remedy.on_text(message, session, services)
    return await ask.on_text(text, session, services)


async def _on_command(message: Incoming, text: str, session: Session, services: Services) -> list[Reply]:
    # Telegram appends the bot's name in groups: /start@gongkai_bot.
    command, _, rest = text.partition(" ")
    command = command.split("@")[0].lower()
    if command not in {name for name, _ in menu.COMMANDS}:
        known = "、".join(name for name, _ in menu.COMMANDS)
        return [Reply(f"不认识的命令 {command[:30]}。可用的命令：{known}。", buttons=menu.menu_buttons())]
    if command == "/back":
        if session.flow == apply.FLOW:
            return apply.back(session, services)
        return [Reply("当前没有可以返回的步骤。", buttons=menu.menu_buttons())]
    if command == "/cancel":
        return [Reply(_cancel(session), buttons=menu.menu_buttons())]
    if command == "/apply" and session.flow == apply.FLOW:
        return apply.resume(session, services, note="您有一份正在填写的申请，继续上次的步骤：")
    # Every other command leaves the current flow first.
    note = leave(session)
    return with_note(note, await _command(message, command, rest, session, services))


async def _command(message: Incoming, command: str, rest: str, session: Session, services: Services) -> list[Reply]:
    """Run a command outside any flow."""
    if command == "/apply":
        return apply.begin(session, services)
    if command == "/status":
        replies = status.begin(session, services)
        if rest.strip() and session.flow == status.FLOW:
            return await status.on_text(
                rest, session, services, channel=message.channel, chat_id=message.chat_id, client=message.client
            )
        return replies
    if command == "/stats":
        return stats.menu(services)
    if command == "/unsubscribe":
        return status.unsubscribe(services.requests, channel=message.channel, chat_id=message.chat_id)
    if command == "/start":
        return [menu.start()]
    return [menu.help_text()]


def _cancel(session: Session) -> str:
    """End the current flow; an application draft, current or set aside, is deleted."""
    if session.flow == apply.FLOW or (session.flow is None and session.parked is not None):
        return apply.discard(session)
    return leave(session) or "当前没有进行中的操作。"


async def _on_action(message: Incoming, session: Session, services: Services) -> list[Reply]:
    action = message.action or ""
    kind, _, argument = action.partition(":")
    if kind == apply.FLOW:
        # A live wizard button takes the chat back to its draft; a stale one changes nothing.
        note = leave(session) if session.flow not in (None, apply.FLOW) and apply.live(action, session) else ""
        return with_note(note, await apply.on_action(message, session, services))
    if kind == remedy.FLOW:
        # A button that starts the remedy flow leaves the current one; a stale one of its steps changes nothing.
        note = leave(session) if session.flow not in (None, remedy.FLOW) and remedy.starts(action) else ""
        return with_note(note, await remedy.on_action(message, session, services))
    if action == menu.MENU_ACTION:
        return with_note(leave(session), _menu(session))
    if action == "status:start":
        return with_note(leave(session), status.begin(session, services))
    number = find_number(argument[4:]) if kind == "status" and argument.startswith("sub:") else None
    if number:
        replies = status.subscribe(number, services.requests, channel=message.channel, chat_id=message.chat_id)
        # A refused subscription (the request not looked up in this chat) leaves the chat where it was.
        book = services.requests
        subscribed = book is not None and book.subscribed(message.channel, message.chat_id, number)
        return with_note(leave(session) if subscribed else "", replies)
    if kind == "topic" and services.answerer.entry(argument) is not None:
        note = leave(session)
        return with_note(note, await ask.on_topic(argument, session, services) or [menu.menu()])
    if kind == "stats" and (replies := await stats.on_action(argument, services)) is not None:
        return with_note(leave(session), replies)
    if kind == "calc" and argument in calc.PROMPTS:
        return with_note(leave(session), calc.begin(argument, session))
    return [Reply(STALE_BUTTON, buttons=menu.menu_buttons())]


def _menu(session: Session) -> list[Reply]:
    """The menu, with the way back to an application draft set aside."""
    if session.parked is None:
        return [menu.menu()]
    return with_buttons([menu.menu()], (Button("继续填写申请", RESUME, primary=True),))
