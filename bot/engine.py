"""The engine: loads a chat's session, routes the message, saves the session, one chat at a time."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass

from bot.ratelimit import RateLimiter
from bot.store import Store
from handlers.context import Services
from handlers.messages import Incoming, Reply
from handlers.router import route
from handlers.session import Session

log = logging.getLogger(__name__)

FAILURE = Reply("抱歉，处理您的消息时出错了，请稍后再试。您的进度没有丢失。")
SLOW_DOWN = Reply("您发送得太快了，请稍等片刻再试。")


@dataclass(frozen=True)
class Turn:
    """A handled message's replies and the chat's session after it (None when the message was refused unread)."""

    replies: list[Reply]
    session: Session | None


class Engine:
    """Handles messages from every channel through the same conversation model."""

    def __init__(self, store: Store, services: Services, *, limiter: RateLimiter | None = None) -> None:
        self.store = store
        self.services = services
        self.limiter = limiter
        # One lock per chat, dropped once no message of that chat is in flight.
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, channel: str, chat_id: str) -> asyncio.Lock:
        key = (channel, chat_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, message: Incoming) -> list[Reply]:
        """Handle one message and return the replies; messages of one chat are handled in order."""
        return (await self.turn(message)).replies

    async def turn(self, message: Incoming) -> Turn:
        """Handle one message: its replies and the session the chat is left with (a channel showing the step the chat
        is at reads it here rather than from the store again)."""
        if self.limiter and not self.limiter.allow((message.channel, message.chat_id)):
            return Turn([SLOW_DOWN], None)
        async with self._lock(message.channel, message.chat_id):
            session = self.store.load_session(message.channel, message.chat_id)
            before = session.to_json()
            try:
                replies = await route(message, session, self.services)
                if session.to_json() != before:
                    self.store.save_session(message.channel, message.chat_id, session)
            except Exception:
                # Logged on one line (bot.logs); the chat keeps the state it had before this message.
                log.exception("handling a message of channel %s failed", message.channel)
                return Turn([FAILURE], Session.from_json(before))
            return Turn(replies, session)
