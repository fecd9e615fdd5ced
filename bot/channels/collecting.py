"""A channel that keeps every reply in memory: how tests talk to the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import Engine
from handlers.messages import Incoming, Reply


@dataclass
class CollectingChannel:
    """Sends text or button presses for one chat and collects the replies."""

    engine: Engine
    chat_id: str = "test"
    name: str = "test"
    replies: list[Reply] = field(default_factory=list)

    async def say(self, text: str) -> list[Reply]:
        """Send typed text; return this message's replies."""
        return await self._send(Incoming(self.name, self.chat_id, text=text))

    async def press(self, action: str) -> list[Reply]:
        """Press a button by its action; return this message's replies."""
        return await self._send(Incoming(self.name, self.chat_id, action=action))

    async def _send(self, message: Incoming) -> list[Reply]:
        got = await self.engine.handle(message)
        self.replies.extend(got)
        return got

    @property
    def last(self) -> Reply:
        return self.replies[-1]
