"""Short-lived download links for files handed to web users."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from handlers.messages import File


@dataclass(frozen=True)
class Download:
    name: str
    mime: str
    data: bytes


class FileStore:
    """Keeps files in memory behind random tokens until they expire."""

    def __init__(self, ttl_seconds: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl_seconds
        self.clock = clock
        self._files: dict[str, tuple[float, Download]] = {}

    def add(self, file: File) -> str:
        """Store a file; return its unguessable token."""
        self._expire()
        data = file.read_bytes()
        token = secrets.token_urlsafe(24)
        self._files[token] = (self.clock() + self.ttl, Download(file.name, file.mime, data))
        return token

    def get(self, token: str) -> Download | None:
        """The file behind a token, unless it is unknown or expired."""
        entry = self._files.get(token)
        if entry is None or entry[0] <= self.clock():
            self._files.pop(token, None)
            return None
        return entry[1]

    def _expire(self) -> None:
        now = self.clock()
        for token in [t for t, (expires, _) in self._files.items() if expires <= now]:
            del self._files[token]
