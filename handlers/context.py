"""What handlers may use besides the message and the session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from handlers.messages import File
from knowledge.answer import Answerer
from knowledge.context import Focus
from knowledge.lifecycle import ClockState
from knowledge.result import Answer


class LookupOutcome(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    # The chat or its client failed too often lately and must wait (`retry_at`).
    BACKOFF = "backoff"
    # The number is under attack and this chat or client has used its tries at it (`retry_at`).
    NUMBER_LOCKED = "number_locked"


# The request store's results are frozen: handlers read these members and never set them.
class FoundRequest(Protocol):
    @property
    def tracking_no(self) -> str: ...

    @property
    def channel(self) -> str: ...

    @property
    def clock(self) -> ClockState: ...

    @property
    def applicant(self) -> dict[str, str]: ...

    @property
    def description(self) -> str: ...


class Submitted(Protocol):
    @property
    def view(self) -> FoundRequest: ...

    @property
    def query_code(self) -> str: ...


class LookupResult(Protocol):
    @property
    def outcome(self) -> LookupOutcome: ...

    @property
    def view(self) -> FoundRequest | None: ...

    @property
    def retry_at(self) -> datetime | None: ...


class RequestBook(Protocol):
    """The part of the request store the chat flows use (bot.requests.repository.RequestStore implements it)."""

    def today(self) -> date: ...

    async def lookup(
        self, tracking_no: str, code: str, *, channel: str, chat_id: str, client: str | None = None
    ) -> LookupResult: ...

    def verified(self, channel: str, chat_id: str, tracking_no: str) -> bool: ...

    def get(self, tracking_no: str) -> FoundRequest | None: ...

    def submit_online(self, raw: dict[str, str], upload: File, *, channel: str, chat_id: str) -> Submitted: ...

    def subscribe(self, channel: str, chat_id: str, tracking_no: str) -> bool: ...

    def subscribed(self, channel: str, chat_id: str, tracking_no: str) -> bool: ...

    def unsubscribe(self, channel: str, chat_id: str, tracking_no: str | None = None) -> int: ...


@dataclass(frozen=True)
class Services:
    """The knowledge and the request store a handler consults."""

    answerer: Answerer
    requests: RequestBook | None = None
    # Whether an application may be submitted through the bot; how long an unfinished draft is kept.
    apply_online: bool = True
    draft_days: int = 7
    # Where questions are answered off the event loop: a worker process's answerer (bot/answering.py) when set,
    # else `answerer` in a worker thread.
    answer_elsewhere: Callable[[str, Focus | None], Awaitable[Answer]] | None = None

    @property
    def prefix(self) -> str:
        """What the agency's tracking numbers start with, to make, read and find them."""
        return self.answerer.guide.meta.tracking_prefix
