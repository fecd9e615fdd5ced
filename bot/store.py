"""The SQLite store: one file, WAL mode, short write transactions, bound parameters only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from handlers.session import Session

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def _create_sessions(db: sqlite_utils.Database) -> None:
    db["sessions"].create(
        {"channel": str, "chat_id": str, "state": str, "updated_at": str},
        pk=("channel", "chat_id"),
    )


# Each entry moves the schema one version up; existing files are migrated on open.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_create_sessions,)


class Store:
    """Named operations over the gongkai database."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._migrate()

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the database file at `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.enable_wal()
        return cls(db)

    @classmethod
    def in_memory(cls) -> Store:
        """A fresh private database, for tests and one-shot commands."""
        return cls(sqlite_utils.Database(memory=True))

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.db.conn:
                migration(self.db)
                self.db.execute(f"PRAGMA user_version = {version:d}")
            log.info("store schema migrated to version %d", version)

    def load_session(self, channel: str, chat_id: str) -> Session:
        """The saved session of a chat, or a fresh one."""
        row = self.db.execute(
            "SELECT state FROM sessions WHERE channel = ? AND chat_id = ?", [channel, chat_id]
        ).fetchone()
        return Session.from_json(row[0] if row else None)

    def has_session(self, channel: str, chat_id: str) -> bool:
        """Whether a chat has a saved session."""
        row = self.db.execute("SELECT 1 FROM sessions WHERE channel = ? AND chat_id = ?", [channel, chat_id]).fetchone()
        return row is not None

    def create_session(self, channel: str, chat_id: str) -> None:
        """Register a new chat with an empty session, so its id is recognised when presented again."""
        self.save_session(channel, chat_id, Session())

    def save_session(self, channel: str, chat_id: str, session: Session) -> None:
        """Write a chat's session in one short transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.conn:
            self.db.execute(
                "INSERT INTO sessions (channel, chat_id, state, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                [channel, chat_id, session.to_json(), now],
            )

    def close(self) -> None:
        """Close the connection."""
        self.db.close()
