"""The SQLite store: one file, WAL mode, short write transactions, bound parameters only."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from handlers.session import Session
from knowledge import clock

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

# Each entry moves the schema one version up; existing files are migrated on open.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        channel TEXT NOT NULL, chat_id TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, chat_id)
    );
    """,
    """
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        tracking_no TEXT NOT NULL UNIQUE,
        code_salt BLOB NOT NULL,
        code_hash BLOB NOT NULL,
        applicant_type TEXT NOT NULL,
        applicant TEXT NOT NULL,
        channel TEXT NOT NULL,
        description TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL,
        received_on TEXT,
        due_on TEXT,
        applicant_deadline TEXT,
        closed_on TEXT,
        outcome TEXT
    );
    CREATE INDEX requests_status_due ON requests (status, due_on);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests (id),
        type TEXT NOT NULL,
        on_date TEXT NOT NULL,
        data TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX events_request ON events (request_id, id);
    -- The history is append-only: nothing may rewrite or remove what happened.
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TABLE subscriptions (
        channel TEXT NOT NULL, chat_id TEXT NOT NULL, request_id INTEGER NOT NULL REFERENCES requests (id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (channel, chat_id, request_id)
    );
    CREATE INDEX subscriptions_request ON subscriptions (request_id);
    CREATE TABLE lookup_attempts (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL, chat_id TEXT NOT NULL, tracking_no TEXT NOT NULL,
        ok INTEGER NOT NULL, at REAL NOT NULL
    );
    CREATE INDEX lookup_attempts_chat ON lookup_attempts (channel, chat_id, at);
    CREATE INDEX lookup_attempts_number ON lookup_attempts (tracking_no, at);
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL, chat_id TEXT NOT NULL, text TEXT NOT NULL,
        created_at TEXT NOT NULL, delivered_at TEXT
    );
    CREATE INDEX outbox_pending ON outbox (channel, chat_id) WHERE delivered_at IS NULL;
    CREATE TABLE jobs (name TEXT PRIMARY KEY, last_run TEXT NOT NULL);
    """,
    """
    ALTER TABLE requests ADD COLUMN id_upload TEXT;
    """,
    """
    -- Status lookups are limited per client (web address, Telegram user) too; the submitting chat is recognised.
    ALTER TABLE lookup_attempts ADD COLUMN client TEXT;
    CREATE INDEX lookup_attempts_client ON lookup_attempts (client, at);
    ALTER TABLE requests ADD COLUMN submitted_channel TEXT;
    ALTER TABLE requests ADD COLUMN submitted_chat TEXT;
    """,
)


def stamp(moment: datetime) -> str:
    """A moment as stored in *_at columns: ISO 8601 to the second in the agency's time, with its UTC offset."""
    return moment.isoformat(timespec="seconds")


class Store:
    """The connection, its transactions and migrations, and the chat sessions."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        # Autocommit: every write runs in an explicit BEGIN IMMEDIATE ... COMMIT (see write()).
        self.db.conn.isolation_level = None
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the database file at `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.enable_wal()
        # With WAL, NORMAL keeps every committed transaction across a crash of the process.
        db.execute("PRAGMA synchronous = NORMAL")
        return cls(db)

    @classmethod
    def in_memory(cls) -> Store:
        """A fresh private database, for tests and one-shot commands."""
        return cls(sqlite_utils.Database(memory=True))

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taking the write lock up front so it never fails half-way."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        if self.schema_version == len(MIGRATIONS):
            return
        # Checked again inside the write lock, so two processes opening a new file migrate it once.
        with self.write() as conn:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version:d}")
                log.info("store schema migrated to version %d", version)

    def load_session(self, channel: str, chat_id: str) -> Session:
        """The saved session of a chat, or a fresh one."""
        row = self.conn.execute(
            "SELECT state FROM sessions WHERE channel = ? AND chat_id = ?", [channel, chat_id]
        ).fetchone()
        return Session.from_json(row[0] if row else None)

    def has_session(self, channel: str, chat_id: str) -> bool:
        """Whether a chat has a saved session."""
        row = self.conn.execute("SELECT 1 FROM sessions WHERE channel = ? AND chat_id = ?", [channel, chat_id])
        return row.fetchone() is not None

    def create_session(self, channel: str, chat_id: str) -> None:
        """Register a new chat with an empty session, so its id is recognised when presented again."""
        self.save_session(channel, chat_id, Session())

    def save_session(self, channel: str, chat_id: str, session: Session) -> None:
        """Write a chat's session in one short transaction."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO sessions (channel, chat_id, state, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                [channel, chat_id, session.to_json(), stamp(clock.now())],
            )

    def purge_idle_flows(self, days: int) -> int:
        """Empty the sessions left in a flow or with a paused draft for `days` days; the number emptied."""
        now = clock.now()
        # The row stays, empty, so a web chat's id is still recognised and its notices still arrive.
        # Compared as instants: older rows were stamped in UTC, and the configured zone may change.
        with self.write() as conn:
            return conn.execute(
                "UPDATE sessions SET state = ?, updated_at = ? "
                "WHERE julianday(updated_at) < julianday(?) "
                "AND (json_extract(state, '$.flow') IS NOT NULL OR json_extract(state, '$.parked') IS NOT NULL)",
                [Session().to_json(), stamp(now), stamp(now - timedelta(days=days))],
            ).rowcount

    def backup(self, target: Path) -> None:
        """Copy the live database to `target` with SQLite's online backup."""
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target)
        try:
            self.conn.backup(destination)
        finally:
            destination.close()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        if line.strip().startswith("--"):
            continue
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
