"""Status lookups by tracking number and query code: the codes' hash, and the limits on failed tries
(README "Status lookups")."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.requests.records import RequestView
from bot.store import Store
from handlers.context import LookupOutcome
from knowledge.tracking import normalize_code, normalize_number

log = logging.getLogger(__name__)

# scrypt makes a stolen database's codes slow to guess; a lookup pays ~tens of ms once.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
# Each source — the chat, and its client: a web address or a Telegram user — may fail FREE_FAILURES times within
# FAILURE_WINDOW seconds; then it waits BACKOFF_SECONDS after its last failure, twice as long after each further one
# (at most 13 failures in any 24 hours).
FAILURE_WINDOW = 24 * 3600
FREE_FAILURES = 3
BACKOFF_SECONDS = 60
# A number that failed this often within the window is under attack: each source may then fail on it GUARDED_TRIES
# times in the window, and a right code from a source that has not still works.
NUMBER_UNDER_ATTACK = 20
GUARDED_TRIES = 2
# Threads hashing query codes yield the CPU to the event loop: they run this much nicer (Linux, where it is per thread).
HASH_NICE = 10
# A successful lookup lets the chat subscribe to that request for this long.
VERIFIED_SECONDS = 3600


@dataclass(frozen=True)
class Lookup:
    outcome: LookupOutcome
    view: RequestView | None = None
    retry_at: datetime | None = None


def hash_code(code: str, salt: bytes) -> bytes:
    """A query code's stored hash."""
    return hashlib.scrypt(code.encode(), salt=salt, **SCRYPT)


def _yield_to_the_loop() -> None:
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICE)


# Query codes are hashed here, off the event loop; one core is left to the loop.
HASHER = ThreadPoolExecutor(
    max_workers=max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="query-code", initializer=_yield_to_the_loop
)


def backoff_until(failures: list[float]) -> float:
    """When a source whose failures within the window are `failures` (oldest first) may try again; 0: at once."""
    beyond = len(failures) - FREE_FAILURES
    if beyond < 0:
        return 0.0
    return failures[-1] + min(BACKOFF_SECONDS * 2**beyond, FAILURE_WINDOW)


def _failure_times(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[float]:
    rows = conn.execute(f"SELECT at FROM lookup_attempts WHERE ok = 0 AND {where} ORDER BY at", params)
    return [row[0] for row in rows.fetchall()]


class Lookups:
    """Applicants' lookups over the shared Store; a found request is read by `view` from its row (id, tracking_no,
    applicant_type, applicant, channel, description, created_at)."""

    def __init__(
        self,
        store: Store,
        *,
        now: Callable[[], datetime],
        view: Callable[[tuple[Any, ...]], RequestView],
        prefix: str,
    ) -> None:
        self.store = store
        self.prefix = prefix
        self.now = now
        self.view = view

    async def lookup(
        self, tracking_no: str, code: str, *, channel: str, chat_id: str, client: str | None = None
    ) -> Lookup:
        """Check a number and query code from a chat and its client (web address, Telegram user), within the limits
        of README "Status lookups"; unknown and wrong look the same.

        The limits are checked and the attempt recorded as failed before the code is hashed, so concurrent guesses
        cannot outrun them; the hash runs on HASHER, off the event loop. A right code then marks the attempt ok."""
        now = self.now()
        number = normalize_number(tracking_no, prefix=self.prefix) or re.sub(r"\s", "", tracking_no)[:40].upper()
        source = f"{channel}:{client}" if client else None
        with self.store.write() as conn:
            refusal = self._refusal(conn, number, channel=channel, chat_id=chat_id, client=source, now=now)
            if refusal is not None:
                return refusal
            attempt = conn.execute(
                "INSERT INTO lookup_attempts (channel, chat_id, client, tracking_no, ok, at) VALUES (?, ?, ?, ?, 0, ?)",
                [channel, chat_id, source, number, now.timestamp()],
            ).lastrowid
        row = self.store.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at, code_salt, "
            "code_hash FROM requests WHERE tracking_no = ?",
            [number],
        ).fetchone()
        # Hash even for an unknown number so both answers take the same time.
        salt, expected = (row[7], row[8]) if row else (b"\0" * 16, b"")
        digest = await asyncio.get_running_loop().run_in_executor(HASHER, hash_code, normalize_code(code), salt)
        ok = row is not None and hmac.compare_digest(digest, expected)
        log.info("status lookup for %s from %s: %s", number, channel, "ok" if ok else "failed")
        if not ok:
            return Lookup(LookupOutcome.NOT_FOUND)
        with self.store.write() as conn:
            conn.execute("UPDATE lookup_attempts SET ok = 1 WHERE id = ?", [attempt])
        return Lookup(LookupOutcome.FOUND, view=self.view(row[:7]))

    def _refusal(
        self, conn: sqlite3.Connection, number: str, *, channel: str, chat_id: str, client: str | None, now: datetime
    ) -> Lookup | None:
        """Why this lookup may not be tried now, or None: the backoff of the chat or client, or the guard on a number
        under attack. A chat that submitted or subscribed to the request is never refused its own number."""
        recognised = conn.execute(
            "SELECT 1 FROM requests r WHERE r.tracking_no = ? AND ((r.submitted_channel = ? AND r.submitted_chat = ?) "
            "OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.request_id = r.id AND s.channel = ? AND s.chat_id = ?))",
            [number, channel, chat_id, channel, chat_id],
        ).fetchone()
        if recognised:
            return None
        since = now.timestamp() - FAILURE_WINDOW
        sources = [("channel = ? AND chat_id = ?", [channel, chat_id])]
        if client is not None:
            sources.append(("client = ?", [client]))
        waits = [
            backoff_until(_failure_times(conn, f"{where} AND at > ?", [*params, since])) for where, params in sources
        ]
        if max(waits) > now.timestamp():
            return Lookup(LookupOutcome.BACKOFF, retry_at=datetime.fromtimestamp(max(waits), now.tzinfo))
        failed_on_number = conn.execute(
            "SELECT COUNT(*) FROM lookup_attempts WHERE ok = 0 AND tracking_no = ? AND at > ?", [number, since]
        ).fetchone()[0]
        if failed_on_number < NUMBER_UNDER_ATTACK:
            return None
        where = " OR ".join(f"({clause})" for clause, _ in sources)
        mine = _failure_times(
            conn, f"tracking_no = ? AND at > ? AND ({where})", [number, since, *(p for _, ps in sources for p in ps)]
        )
        if len(mine) < GUARDED_TRIES:
            return None
        retry = datetime.fromtimestamp(mine[-GUARDED_TRIES] + FAILURE_WINDOW, now.tzinfo)
        return Lookup(LookupOutcome.NUMBER_LOCKED, retry_at=retry)

    def verified(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Whether this chat looked the request up with its code within the last hour."""
        row = self.store.conn.execute(
            "SELECT 1 FROM lookup_attempts WHERE channel = ? AND chat_id = ? AND tracking_no = ? AND ok = 1 "
            "AND at > ? LIMIT 1",
            [
                channel,
                chat_id,
                normalize_number(tracking_no, prefix=self.prefix),
                self.now().timestamp() - VERIFIED_SECONDS,
            ],
        )
        return row.fetchone() is not None
