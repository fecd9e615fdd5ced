"""What handlers may use besides the message and the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from knowledge.answer import Answerer


class RequestBook(Protocol):
    """The part of the request store the chat flows use (bot.request_store.RequestStore implements it)."""

    def lookup(self, tracking_no: str, code: str, *, channel: str, chat_id: str): ...

    def subscribe(self, channel: str, chat_id: str, tracking_no: str) -> bool: ...

    def unsubscribe(self, channel: str, chat_id: str, tracking_no: str | None = None) -> int: ...

    def subscriptions(self, channel: str, chat_id: str) -> list[str]: ...


@dataclass(frozen=True)
class Services:
    """The knowledge and the request store a handler consults."""

    answerer: Answerer
    requests: RequestBook | None = None
