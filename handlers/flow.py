"""The common interface of the chat's flows: what each registers with the router (handlers/router.py).

A flow registers its commands, its buttons by the action's prefix (the part before the first ":"), its typed text
and files while the chat is in it, and how it is left. The router builds its tables from these registrations; the
handlers get the message as a `Chat`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from handlers.context import Services
from handlers.messages import Incoming, Reply
from handlers.session import Session

NO_UPLOAD = "现在不需要上传文件。请用文字回答，或发送 /start 查看菜单。"


@dataclass(frozen=True)
class Chat:
    """One handled message: what came, the chat's session and what the handlers may use."""

    message: Incoming
    session: Session
    services: Services
    # Ends the current flow, or sets an application draft aside; the one-line note saying so ('' if none).
    leave: Callable[[], str]


# Typed text (normalised), a command's rest of the line, or a button's argument (the action after its prefix).
Handler = Callable[[Chat, str], Awaitable[list[Reply]]]
# A button's handler; None for an argument it does not know (a stale button, acting on nothing).
ActionHandler = Callable[[Chat, str], Awaitable[list[Reply] | None]]


@dataclass(frozen=True)
class Command:
    """A slash command; unless it decides for itself (`leaves=False`), the current flow is left first."""

    run: Handler
    leaves: bool = True


@dataclass(frozen=True)
class Flow:
    """What one flow registers with the router."""

    # The session's flow while the chat is in it; None for the chat outside any flow (its text) or for a part
    # that is no flow of its own (its commands and buttons only).
    name: str | None = None
    commands: Mapping[str, Command] = field(default_factory=dict)
    actions: Mapping[str, ActionHandler] = field(default_factory=dict)
    # Typed text while the chat is in the flow.
    on_text: Handler | None = None
    # A file sent while the chat is in the flow.
    on_upload: Callable[[Chat], Awaitable[list[Reply]]] | None = None
    # Ends the flow (or sets it aside); the note saying so.
    leave: Callable[[Session], str] | None = None


def ending(note: str) -> Callable[[Session], str]:
    """A flow's `leave` that ends it and forgets its state, with `note`."""

    def leave(session: Session) -> str:
        session.reset()
        return note

    return leave
