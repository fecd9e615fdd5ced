"""The request store: requests and their append-only events in SQLite, the ID images of online applications, and
the applicants' details sealed, purged after retention and re-sealed after a key rotation. Lookups by query code and
the notices' outbox are its parts (`lookups`, `outbox`); the chat flows use it through handlers.context.RequestBook.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.crypto import VaultError
from bot.requests.intake import InputError, parse_event, parse_new_request
from bot.requests.lookups import Lookup, Lookups, hash_code
from bot.requests.names import NO_NAME, ApplicantIndex
from bot.requests.outbox import Outbox
from bot.requests.records import (
    REMOVED,
    UNREADABLE_KEY,
    Created,
    RecordedEvent,
    RequestView,
    event_data,
    stored_event,
    summary_columns,
)
from bot.store import Store, stamp
from handlers.messages import File
from knowledge import clock
from knowledge.guide import load_guide
from knowledge.lifecycle import ClockState, Event, EventError, EventType, Status, evaluate, validate_next
from knowledge.tracking import format_number, new_code, normalize_number
from knowledge.workdays import WorkCalendar

log = logging.getLogger(__name__)

# Staff's daily list: requests overdue or due within this many working days.
ATTENTION_DAYS = 3
# Rows rewritten per write transaction by the retention purge and re-sealing, so others never wait long.
RESEAL_BATCH = 500
UPLOAD_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


class RequestStore:
    """Named operations on requests over the shared Store."""

    def __init__(
        self,
        store: Store,
        *,
        calendar: WorkCalendar,
        now: Callable[[], datetime] = clock.now,
        uploads: Path | None = None,
        prefix: str | None = None,
    ) -> None:
        self.store = store
        # What the agency's tracking numbers start with: the default agency's unless the configured one is given.
        self.prefix = prefix or load_guide().meta.tracking_prefix
        self.calendar = calendar
        # The current moment in the agency's time zone (the product's clock; tests fix it).
        self.now = now
        # Where ID images of online applications are kept, readable by the service's user only.
        self.uploads = uploads
        self.outbox = Outbox(store, now=now, prefix=self.prefix)
        self.lookups = Lookups(store, now=now, view=self._view, prefix=self.prefix)
        self.names = ApplicantIndex(store)

    def today(self) -> date:
        """The agency's date now: the statutory clock counts local dates."""
        return self.now().date()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    # -- staff ------------------------------------------------------------------------------------

    def create(self, raw: Any, *, by: str | None = None) -> Created:
        """Register a request from staff input (`by` who entered it); the query code is returned here and never
        again."""
        applicant_type, applicant, channel, description, received_on = parse_new_request(raw)
        code = new_code()
        salt = secrets.token_bytes(16)
        code_hash = hash_code(code, salt)
        name_key = self.names.key(applicant["name"])
        today = self.today()
        receive = Event(EventType.RECEIVE, received_on) if received_on else None
        events = [receive] if receive else []
        if receive:
            try:
                validate_next([], receive, today=today, calendar=self.calendar)
            except EventError as exc:
                raise InputError(exc.zh, exc.en) from exc
        with self.store.write() as conn:
            year = today.year
            counter = f"tracking:{year}"
            conn.execute(
                "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1",
                [counter],
            )
            number = conn.execute("SELECT value FROM counters WHERE name = ?", [counter]).fetchone()[0]
            tracking_no = format_number(year, number, prefix=self.prefix)
            cursor = conn.execute(
                "INSERT INTO requests (tracking_no, code_salt, code_hash, applicant_type, applicant, channel, "
                "description, created_at, status, applicant_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    tracking_no,
                    salt,
                    code_hash,
                    applicant_type,
                    self.store.vault.seal(json.dumps(applicant, ensure_ascii=False)),
                    channel,
                    description,
                    stamp(self.now()),
                    Status.SUBMITTED.value,
                    name_key,
                ],
            )
            request_id = cursor.lastrowid
            if request_id is None:  # sqlite3 sets it after every INSERT into a rowid table
                raise RuntimeError("no row id after inserting a request")
            for event in events:
                self._insert_event(conn, request_id, event, by)
            self._update_summary(conn, request_id, evaluate(events, today=today, calendar=self.calendar))
        log.info("request %s registered", tracking_no)
        return Created(view=self._require(tracking_no), query_code=code)

    def submit_online(self, raw: Any, upload: File, *, channel: str, chat_id: str) -> Created:
        """Register an application made through the bot, keep its ID image and subscribe the chat to it.

        The upload's content was checked by the wizard to be JPEG, PNG or PDF (its `mime`)."""
        if self.uploads is None:
            raise InputError("未配置上传目录，无法网上提交", "no upload folder configured")
        created = self.create({**raw, "channel": "online"})
        number = created.view.tracking_no
        self.uploads.mkdir(parents=True, exist_ok=True)
        os.chmod(self.uploads, 0o700)
        target = self.uploads / f"{number}-id{UPLOAD_SUFFIXES[upload.mime]}"
        # Created with owner-only permissions before any byte is written.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(upload.read_bytes())
        with self.store.write() as conn:
            # The submitting chat is recognised by status lookups of this number (see Lookups._refusal).
            conn.execute(
                "UPDATE requests SET id_upload = ?, submitted_channel = ?, submitted_chat = ? WHERE tracking_no = ?",
                [target.name, channel, chat_id, number],
            )
        self.subscribe(channel, chat_id, number)
        return created

    def purge_uploads(self, retention_days: int) -> int:
        """Delete ID images of requests closed more than `retention_days` days ago; the number deleted."""
        if self.uploads is None:
            return 0
        cutoff = (self.today() - timedelta(days=retention_days)).isoformat()
        rows = self.conn.execute(
            "SELECT id, id_upload FROM requests WHERE id_upload IS NOT NULL AND closed_on IS NOT NULL "
            "AND closed_on < ?",
            [cutoff],
        ).fetchall()
        for request_id, name in rows:
            (self.uploads / name).unlink(missing_ok=True)
            with self.store.write() as conn:
                conn.execute("UPDATE requests SET id_upload = NULL WHERE id = ?", [request_id])
        return len(rows)

    def purge_personal(self, retention_days: int) -> int:
        """Replace the applicant's details of requests closed more than `retention_days` days ago with a marker,
        {"removed_on": date}, and delete their ID images; the number purged. The request's number, type, dates,
        description and history stay (the annual report counts them)."""
        cutoff = (self.today() - timedelta(days=retention_days)).isoformat()
        rows = self.conn.execute(
            "SELECT id, id_upload FROM requests WHERE closed_on IS NOT NULL AND closed_on < ? "
            f"AND (CASE WHEN json_valid(applicant) THEN json_extract(applicant, '$.{REMOVED}') END) IS NULL",
            [cutoff],
        ).fetchall()
        marker = json.dumps({REMOVED: self.today().isoformat()})
        for first in range(0, len(rows), RESEAL_BATCH):
            batch = rows[first : first + RESEAL_BATCH]
            for _, name in batch:
                if name and self.uploads is not None:
                    (self.uploads / name).unlink(missing_ok=True)
            with self.store.write() as conn:
                conn.executemany(
                    "UPDATE requests SET applicant = ?, id_upload = NULL, applicant_key = ? WHERE id = ?",
                    [(marker, NO_NAME, request_id) for request_id, _ in batch],
                )
        if rows:
            self.store.wipe()
            log.info("personal details of %d closed requests removed", len(rows))
        return len(rows)

    def reseal_applicants(self) -> int:
        """Seal every applicant's details again with the first key (after a rotation, or rows stored in the clear
        before sealing); the number of rows rewritten. VaultError if a row opens with none of the keys."""
        rows = self.conn.execute("SELECT id, tracking_no, applicant FROM requests ORDER BY id").fetchall()
        updates = []
        for request_id, tracking_no, applicant in rows:
            if applicant.startswith("{"):
                if REMOVED in json.loads(applicant):
                    continue
                sealed = self.store.vault.seal(applicant)
            else:
                try:
                    sealed = self.store.vault.rotate(applicant)
                except VaultError as exc:
                    raise VaultError(f"申请 {tracking_no}：{exc}") from exc
            updates.append((sealed, request_id, applicant))
        for first in range(0, len(updates), RESEAL_BATCH):
            with self.store.write() as conn:
                # Only rows unchanged since they were read: a concurrent purge wins.
                conn.executemany(
                    "UPDATE requests SET applicant = ? WHERE id = ? AND applicant = ?",
                    updates[first : first + RESEAL_BATCH],
                )
        self.names.reseal()
        self.store.wipe()
        return len(updates)

    def add_event(self, tracking_no: str, raw: Any, *, by: str | None = None) -> RequestView:
        """Append a staff event (`by` who entered it) after checking it against the history; subscribers are queued
        a notice."""
        event = parse_event(raw)
        number = normalize_number(tracking_no, prefix=self.prefix)
        if not number:
            raise KeyError(tracking_no)
        with self.store.write() as conn:
            row = conn.execute("SELECT id FROM requests WHERE tracking_no = ?", [number]).fetchone()
            if row is None:
                raise KeyError(tracking_no)
            history = [e.event for e in self._events(row[0])]
            try:
                state = validate_next(history, event, today=self.today(), calendar=self.calendar)
            except EventError as exc:
                raise InputError(exc.zh, exc.en) from exc
            self._insert_event(conn, row[0], event, by)
            self._update_summary(conn, row[0], state)
            self.outbox.queue_for_subscribers(conn, row[0], number, event, state)
        log.info("request %s: %s recorded", number, event.type.value)
        return self._require(number)

    def _require(self, tracking_no: str) -> RequestView:
        """A request this store has just written, which therefore exists."""
        view = self.get(tracking_no)
        if view is None:
            raise KeyError(tracking_no)
        return view

    def get(self, tracking_no: str) -> RequestView | None:
        """A request by its tracking number, or None."""
        number = normalize_number(tracking_no, prefix=self.prefix)
        if number is None:
            return None
        row = self.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at "
            "FROM requests WHERE tracking_no = ?",
            [number],
        ).fetchone()
        return self._view(row) if row else None

    def find(
        self, *, status: str | None = None, overdue: bool = False, due_within_days: int | None = None
    ) -> list[RequestView]:
        """Requests by status, those overdue, or those due within N working days, soonest due first."""
        if status is not None and status not in {s.value for s in Status}:
            names = ", ".join(s.value for s in Status)
            raise InputError(f"status 必须是 {names} 之一", f"status must be one of {names}")
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            clauses.append("status = ?")
            params.append(status)
        today = self.today()
        if overdue or due_within_days is not None:
            limits, limit_params = [], []
            if overdue:
                limits.append("due_on < ?")
                limit_params.append(today.isoformat())
            if due_within_days is not None:
                until = self.calendar.working_days_after(today, due_within_days).due if due_within_days else today
                limits.append("(due_on >= ? AND due_on <= ?)")
                limit_params.extend([today.isoformat(), until.isoformat()])
            # Only a running clock can be overdue; paused and closed requests are not.
            clauses.append(f"status IN (?, ?) AND ({' OR '.join(limits)})")
            params.extend([Status.PROCESSING.value, Status.EXTENDED.value, *limit_params])
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at FROM requests "
            f"{where} ORDER BY due_on IS NULL, due_on, id",
            params,
        ).fetchall()
        return [self._view(row) for row in rows]

    def export(self) -> Iterator[RequestView]:
        """Every request, oldest first."""
        rows = self.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at "
            "FROM requests ORDER BY id"
        )
        for row in rows.fetchall():
            yield self._view(row)

    def attention(self, days: int = ATTENTION_DAYS) -> list[RequestView]:
        """What staff must act on: requests overdue or due within `days` working days, soonest first."""
        return self.find(overdue=True) + self.find(due_within_days=days)

    def applicant_deadlines_within(self, days: int) -> list[RequestView]:
        """Requests waiting for a supplement or payment whose deadline is within `days` working days."""
        today = self.today()
        until = self.calendar.working_days_after(today, days).due
        rows = self.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at FROM requests "
            "WHERE status IN (?, ?) AND applicant_deadline >= ? AND applicant_deadline <= ? "
            "ORDER BY applicant_deadline",
            [Status.AWAITING_SUPPLEMENT.value, Status.AWAITING_PAYMENT.value, today.isoformat(), until.isoformat()],
        ).fetchall()
        return [self._view(row) for row in rows]

    # -- applicants (handlers.context.RequestBook) ------------------------------------------------

    async def lookup(
        self, tracking_no: str, code: str, *, channel: str, chat_id: str, client: str | None = None
    ) -> Lookup:
        """A chat's lookup by number and query code (see Lookups.lookup)."""
        return await self.lookups.lookup(tracking_no, code, channel=channel, chat_id=chat_id, client=client)

    def verified(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Whether this chat looked the request up with its code within the last hour."""
        return self.lookups.verified(channel, chat_id, tracking_no)

    def subscribe(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Send this chat a notice on every event of the request; False if there is no such request."""
        return self.outbox.subscribe(channel, chat_id, tracking_no)

    def subscribed(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Whether this chat already gets the request's notices."""
        return self.outbox.subscribed(channel, chat_id, tracking_no)

    def unsubscribe(self, channel: str, chat_id: str, tracking_no: str | None = None) -> int:
        """Stop notices for one request, or for all of a chat's requests; the number removed."""
        return self.outbox.unsubscribe(channel, chat_id, tracking_no)

    # -- internals --------------------------------------------------------------------------------

    def _events(self, request_id: int) -> list[RecordedEvent]:
        rows = self.conn.execute(
            "SELECT type, on_date, data, recorded_at, recorded_by FROM events WHERE request_id = ? ORDER BY id",
            [request_id],
        ).fetchall()
        return [stored_event(*row) for row in rows]

    def _view(self, row: tuple) -> RequestView:
        request_id, tracking_no, applicant_type, applicant, channel, description, created_at = row
        events = tuple(self._events(request_id))
        clock = evaluate([e.event for e in events], today=self.today(), calendar=self.calendar)
        return RequestView(
            tracking_no=tracking_no,
            applicant_type=applicant_type,
            applicant=self._open_applicant(tracking_no, applicant),
            channel=channel,
            description=description,
            created_at=created_at,
            events=events,
            clock=clock,
        )

    def _open_applicant(self, tracking_no: str, stored: str) -> dict[str, str]:
        """The applicant's details: sealed, in the clear (rows from before sealing), or the retention marker."""
        if stored.startswith("{"):
            return json.loads(stored)
        try:
            return json.loads(self.store.vault.open(stored))
        except VaultError as exc:
            # The request stays usable (status, clock, history); staff see why its applicant is missing.
            log.warning("request %s: the applicant's details could not be decrypted", tracking_no)
            return {UNREADABLE_KEY: str(exc)}

    def _insert_event(self, conn: sqlite3.Connection, request_id: int, event: Event, by: str | None) -> None:
        conn.execute(
            "INSERT INTO events (request_id, type, on_date, data, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
            [
                request_id,
                event.type.value,
                event.on.isoformat(),
                json.dumps(event_data(event), ensure_ascii=False),
                stamp(self.now()),
                by,
            ],
        )

    @staticmethod
    def _update_summary(conn: sqlite3.Connection, request_id: int, state: ClockState) -> None:
        # Denormalised for listing and overdue queries; always rewritten from the full history.
        conn.execute(
            "UPDATE requests SET status = ?, received_on = ?, due_on = ?, applicant_deadline = ?, closed_on = ?, "
            "outcome = ? WHERE id = ?",
            [*summary_columns(state), request_id],
        )
