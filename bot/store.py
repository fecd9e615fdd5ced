"""The SQLite store: one file, WAL mode, short write transactions, bound parameters only."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from bot.config import StoreConfig
from bot.crypto import Vault, VaultError, key_file_for, load_vault
from bot.private import create_private, private_dir, shared_with_others, tighten
from handlers.session import Session
from knowledge import clock

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
# Rows the daily purge deletes per write transaction.
PURGE_BATCH = 5_000
# How often to retry switching a new database to WAL while another process opening it holds the lock.
WAL_RETRY_SECONDS = 0.05


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch to WAL. SQLite answers "database is locked" at once, without its busy handler, while another process
    opening the same new file switches it: wait for that, within the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)
# Flows whose data holds a person's details: the application draft (handlers.wizard) and the remedy letter's
# requester (handlers.remedy). When a chat leaves one, the old pages are scrubbed from the files (wipe()).
PERSONAL_FLOWS = frozenset({"apply", "remedy"})
# The parts of a session row sealed with the store's keys: a flow's data (the draft) and a flow set aside.
SEALED_STATE = ("data", "parked")

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
    """
    -- Named staff accounts (bot/staff): passwords as scrypt hashes, browser sessions and API tokens as SHA-256 of
    -- their random values; who recorded each event, and an append-only audit trail of what staff did and saw.
    CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        password TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until REAL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE staff_sessions (
        token_hash BLOB PRIMARY KEY,
        staff_id INTEGER NOT NULL REFERENCES staff (id),
        csrf TEXT NOT NULL,
        created_at REAL NOT NULL,
        seen_at REAL NOT NULL
    );
    CREATE TABLE staff_tokens (
        token_hash BLOB PRIMARY KEY,
        staff_id INTEGER NOT NULL REFERENCES staff (id),
        created_at TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        action TEXT NOT NULL,
        tracking_no TEXT,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_request ON audit (tracking_no, id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    ALTER TABLE events ADD COLUMN recorded_by TEXT;
    -- The staff list's filters and search: the applicant's name as a keyed hash (its key sealed in `settings`), so
    -- a name is found without opening every sealed row and without storing it in the clear.
    CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    ALTER TABLE requests ADD COLUMN applicant_key BLOB;
    CREATE INDEX requests_applicant_key ON requests (applicant_key);
    CREATE INDEX requests_received ON requests (received_on);
    CREATE INDEX requests_channel ON requests (channel, id);
    """,
)


def stamp(moment: datetime) -> str:
    """A moment as stored in *_at columns: ISO 8601 to the second in the agency's time, with its UTC offset."""
    return moment.isoformat(timespec="seconds")


class Store:
    """The connection, its transactions and migrations, and the chat sessions."""

    def __init__(self, db: sqlite_utils.Database, *, vault: Vault) -> None:
        self.db = db
        # Seals personal data: session drafts here, applicants' details in the request store.
        self.vault = vault
        # Autocommit: every write runs in an explicit BEGIN IMMEDIATE ... COMMIT (see write()).
        self.db.conn.isolation_level = None
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys = ON")
        # Deleted and overwritten content is zeroed in the pages, not left in free space.
        self.db.execute("PRAGMA secure_delete = ON")
        self._migrate()

    @classmethod
    def from_config(cls, settings: StoreConfig) -> Store:
        """The configured database, sealed with the configured keys (or the key file beside it)."""
        key_file = settings.key_file or key_file_for(settings.path)
        return cls.open(settings.path, vault=load_vault(key_file, keys=settings.key))

    @classmethod
    def open(cls, path: Path, *, vault: Vault | None = None) -> Store:
        """Open (creating if needed) the database file at `path`, readable by the service's user only.

        Without `vault` the keys come from the key file beside the database, generated when missing."""
        private_dir(path.parent)
        if shared_with_others(path.parent):
            log.warning("the database folder %s may be read by other users; make it 0700", path.parent)
        if not path.exists():
            # SQLite gives the -wal and -shm files the mode of the database file: 0600 for all three. Another
            # process opening the same new file may create it first; then it is there, as wanted.
            with suppress(FileExistsError), open(create_private(path), "wb"):
                pass
        for part in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
            tighten(part)
        vault = vault or load_vault(key_file_for(path))
        db = sqlite_utils.Database(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(db)
        # With WAL, NORMAL keeps every committed transaction across a crash of the process.
        db.execute("PRAGMA synchronous = NORMAL")
        return cls(db, vault=vault)

    @classmethod
    def in_memory(cls) -> Store:
        """A fresh private database, for tests and one-shot commands."""
        return cls(sqlite_utils.Database(memory=True), vault=Vault.ephemeral())

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
        return Session.from_json(self._open_state(row[0]) if row else None)

    def has_session(self, channel: str, chat_id: str) -> bool:
        """Whether a chat has a saved session."""
        row = self.conn.execute("SELECT 1 FROM sessions WHERE channel = ? AND chat_id = ?", [channel, chat_id])
        return row.fetchone() is not None

    def create_session(self, channel: str, chat_id: str) -> None:
        """Register a new chat with an empty session, so its id is recognised when presented again."""
        self.save_session(channel, chat_id, Session())

    def save_session(self, channel: str, chat_id: str, session: Session) -> None:
        """Write a chat's session in one short transaction; a draft left behind is scrubbed from the files."""
        with self.write() as conn:
            before = conn.execute(
                "SELECT CASE WHEN json_valid(state) THEN json_extract(state, '$.flow') END, "
                "CASE WHEN json_valid(state) THEN json_extract(state, '$.parked') IS NOT NULL END "
                "FROM sessions WHERE channel = ? AND chat_id = ?",
                [channel, chat_id],
            ).fetchone()
            conn.execute(
                "INSERT INTO sessions (channel, chat_id, state, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                [channel, chat_id, self._seal_state(session), stamp(clock.now())],
            )
        if before and _personal(*before) - _personal(session.flow, session.parked is not None):
            self.wipe()

    def purge_idle_flows(self, days: int) -> int:
        """Empty the sessions left in a flow or with a paused draft for `days` days; the number emptied."""
        now = clock.now()
        # The row stays, empty, so a web chat's id is still recognised and its notices still arrive.
        # Compared as instants: older rows were stamped in UTC, and the configured zone may change.
        with self.write() as conn:
            emptied = conn.execute(
                "UPDATE sessions SET state = ?, updated_at = ? "
                "WHERE julianday(updated_at) < julianday(?) "
                "AND (json_extract(state, '$.flow') IS NOT NULL OR json_extract(state, '$.parked') IS NOT NULL)",
                [Session().to_json(), stamp(now), stamp(now - timedelta(days=days))],
            ).rowcount
        if emptied:
            self.wipe()
        return emptied

    def purge_idle_sessions(self, days: int) -> int:
        """Delete the sessions unchanged for `days` days, but not those of chats subscribed to a request (their
        notices must still find them); the number deleted. A web chat presenting a deleted id gets a fresh chat."""
        cutoff = stamp(clock.now() - timedelta(days=days))
        return self._purge(
            "sessions",
            "julianday(updated_at) < julianday(?) AND NOT EXISTS (SELECT 1 FROM subscriptions AS s "
            "WHERE s.channel = sessions.channel AND s.chat_id = sessions.chat_id)",
            [cutoff],
        )

    def purge_lookup_attempts(self, days: int) -> int:
        """Delete status lookup attempts older than `days` days; the number deleted."""
        return self._purge("lookup_attempts", "at < ?", [(clock.now() - timedelta(days=days)).timestamp()])

    def purge_delivered_notices(self, days: int) -> int:
        """Delete notices delivered more than `days` days ago; the number deleted. Undelivered ones stay."""
        cutoff = stamp(clock.now() - timedelta(days=days))
        return self._purge("outbox", "delivered_at IS NOT NULL AND julianday(delivered_at) < julianday(?)", [cutoff])

    def _purge(self, table: str, where: str, params: list) -> int:
        """Delete the rows of `table` matching `where`, PURGE_BATCH at a time, each batch its own short
        transaction, so the server's writes wait for one batch at most."""
        deleted = 0
        while True:
            with self.write() as conn:
                count = conn.execute(
                    f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {where} LIMIT ?)",
                    [*params, PURGE_BATCH],
                ).rowcount
            deleted += count
            if count < PURGE_BATCH:
                return deleted

    def wipe(self) -> None:
        """Scrub what was deleted or overwritten from the files: with secure_delete on, the old content is
        already zeroed in the database's pages; a TRUNCATE checkpoint copies them over the old ones and empties
        the WAL, which still held every earlier version of the changed pages."""
        busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            # A reader in another process holds an old snapshot; the next wipe (or the daily job's) finishes it.
            log.info("WAL checkpoint postponed: the database is in use")

    def reseal_sessions(self) -> int:
        """Seal every session's draft again with the first key (after a rotation, or rows from before sealing)."""
        rows = self.conn.execute("SELECT channel, chat_id, state FROM sessions").fetchall()
        changed = 0
        for channel, chat_id, state in rows:
            session = Session.from_json(self._open_state(state))
            if session == Session():
                continue
            with self.write() as conn:
                conn.execute(
                    "UPDATE sessions SET state = ? WHERE channel = ? AND chat_id = ? AND state = ?",
                    [self._seal_state(session), channel, chat_id, state],
                )
            changed += 1
        self.wipe()
        return changed

    def _seal_state(self, session: Session) -> str:
        """A session as stored: flow and step in the clear (the purges read them), its data sealed."""
        state = json.loads(session.to_json())
        for key in SEALED_STATE:
            if state.get(key):
                state[key] = self.vault.seal(json.dumps(state[key], ensure_ascii=False))
        return json.dumps(state, ensure_ascii=False)

    def _open_state(self, raw: str) -> str | None:
        """A stored session row as Session.from_json reads it; a row no key opens is a fresh session."""
        try:
            state = json.loads(raw)
            for key in SEALED_STATE:
                if isinstance(state.get(key), str):
                    state[key] = json.loads(self.vault.open(state[key]))
        except (json.JSONDecodeError, AttributeError):
            return None
        except VaultError:
            log.warning("a session could not be decrypted with the configured keys; it starts afresh")
            return None
        return json.dumps(state, ensure_ascii=False)

    def analyze(self, *, unless_done: bool = False) -> bool:
        """Refresh the query planner's statistics (ANALYZE: a fraction of a second for a million requests), so that
        the staff list's filters use the index that selects fewest rows; with `unless_done`, only if there are none
        yet. Whether it ran."""
        has_stats = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        if unless_done and has_stats:
            return False
        with self.write() as conn:
            conn.execute("ANALYZE")
        return True

    def backup(self, target: Path) -> None:
        """Copy the live database to a new file `target` (0600, in a folder created 0700) with the online backup."""
        private_dir(target.parent)
        with open(create_private(target), "wb"):
            pass
        destination = sqlite3.connect(target)
        try:
            self.conn.backup(destination)
        finally:
            destination.close()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


def _personal(flow: str | None, parked: bool) -> set[str]:
    """What of a person's details a session holds: a personal flow's data, a flow set aside."""
    held = {flow} & PERSONAL_FLOWS if flow is not None else set()
    return held | {"parked"} if parked else held


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
