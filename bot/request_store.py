"""Requests, their append-only events, status lookups with lockouts, subscriptions and the notice outbox."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.crypto import VaultError
from bot.store import Store, stamp
from handlers.context import LookupOutcome
from handlers.messages import File
from knowledge import clock
from knowledge.lifecycle import (
    ACTIVE_STATUSES,
    EVENT_LABELS,
    OUTCOMES,
    RECEIPT_RULES,
    ClockState,
    Event,
    EventError,
    EventType,
    Status,
    evaluate,
    validate_next,
)
from knowledge.workdays import EARLIEST_DAY, LATEST_DAY, WorkCalendar, format_date, out_of_range

log = logging.getLogger(__name__)

TRACKING_PREFIX = "LX"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# scrypt makes a stolen database's codes slow to guess; a lookup pays ~tens of ms once.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
# Status lookups (README "Status lookups"). Each source — the chat, and its client: a web address or a Telegram user —
# may fail FREE_FAILURES times within FAILURE_WINDOW seconds; then it waits BACKOFF_SECONDS after its last failure,
# twice as long after each further one (at most 13 failures in any 24 hours).
FAILURE_WINDOW = 24 * 3600
FREE_FAILURES = 3
BACKOFF_SECONDS = 60
# A number that failed this often within the window is under attack: each source may then fail on it GUARDED_TRIES
# times in the window, and a right code from a source that has not still works.
NUMBER_UNDER_ATTACK = 20
GUARDED_TRIES = 2
# Threads hashing query codes yield the CPU to the event loop: they run this much nicer (Linux, where it is per thread).
HASH_NICE = 10
# Staff's daily list: requests overdue or due within this many working days.
ATTENTION_DAYS = 3
# A successful lookup lets the chat subscribe to that request for this long.
VERIFIED_SECONDS = 3600
MAX_TEXT = {"name": 100, "phone": 30, "description": 5000, "note": 1000, "default": 200}

APPLICANT_FIELDS = {
    "citizen": ("name", "phone", "id_type", "id_number", "work_unit", "address", "postcode", "email"),
    "organisation": (
        "name",
        "phone",
        "credit_code",
        "legal_representative",
        "contact_person",
        "address",
        "postcode",
        "email",
    ),
}
CHANNELS = {
    "in_person": "当面提交",
    "post": "邮寄（需签收）",
    "letter": "平常信函",
    "online": "网上申请",
    "fax": "传真",
}
_TRACKING_NO = re.compile(r"^LX(\d{4})-?(\d{1,6})$")
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Which optional fields each event type takes; anything else on an event is refused.
EVENT_FIELDS: dict[EventType, frozenset[str]] = {
    EventType.REQUEST_SUPPLEMENT: frozenset({"until"}),
    EventType.FEE_NOTICE: frozenset({"amount"}),
    EventType.REPLY: frozenset({"outcome"}),
}


class InputError(ValueError):
    """Invalid staff input; the message is Chinese then English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class RecordedEvent:
    event: Event
    recorded_at: str

    def to_json(self) -> dict[str, Any]:
        e = self.event
        data: dict[str, Any] = {"type": e.type.value, "label": EVENT_LABELS[e.type], "on": e.on.isoformat()}
        data.update(event_data(e))
        if e.outcome:
            data["outcome_label"] = OUTCOMES[e.outcome]
        data["recorded_at"] = self.recorded_at
        return data


@dataclass(frozen=True)
class RequestView:
    """A request with its history and what its clock says today."""

    tracking_no: str
    applicant_type: str
    applicant: dict[str, str]
    channel: str
    description: str
    created_at: str
    events: tuple[RecordedEvent, ...]
    clock: ClockState

    def to_json(self) -> dict[str, Any]:
        """The request as the admin API and export show it (no query code, ever)."""
        clock = self.clock
        return {
            "tracking_no": self.tracking_no,
            "status": clock.status.value,
            "status_label": clock.label,
            "received_on": _iso(clock.received_on),
            "due_on": _iso(clock.due_on),
            "due_explanation": "\n".join(clock.explanation),
            "receipt_rule": RECEIPT_RULES[self.channel],
            "overdue": clock.overdue,
            "lapsed": clock.lapsed,
            "working_days_left": clock.working_days_left,
            "applicant_deadline": _iso(clock.applicant_deadline),
            "outcome": clock.outcome,
            "outcome_label": OUTCOMES.get(clock.outcome or ""),
            "closed_on": _iso(clock.closed_on),
            "provisional": clock.provisional,
            "applicant_type": self.applicant_type,
            "applicant": self.applicant,
            "channel": self.channel,
            "description": self.description,
            "created_at": self.created_at,
            "events": [e.to_json() for e in self.events],
        }


# The applicant's details after the retention period: {"removed_on": "YYYY-MM-DD"}; details no key opens.
REMOVED = "removed_on"
UNREADABLE_KEY = "unreadable"
# Rows rewritten per write transaction by the retention purge and re-sealing, so others never wait long.
RESEAL_BATCH = 500

UPLOAD_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


@dataclass(frozen=True)
class Created:
    view: RequestView
    query_code: str


@dataclass(frozen=True)
class Lookup:
    outcome: LookupOutcome
    view: RequestView | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True)
class Notice:
    id: int
    channel: str
    chat_id: str
    text: str


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def event_data(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if event.note:
        data["note"] = event.note
    if event.until:
        data["until"] = event.until.isoformat()
    if event.amount is not None:
        data["amount"] = event.amount
    if event.outcome:
        data["outcome"] = event.outcome
    return data


def normalize_tracking_no(raw: str) -> str | None:
    """A tracking number as stored (LX2026-000123), tolerating case, spaces and full-width forms."""
    text = re.sub(r"[\s_—－–]", "", unicodedata.normalize("NFKC", raw)).upper().replace("－", "-")
    match = _TRACKING_NO.match(text)
    return f"{TRACKING_PREFIX}{match.group(1)}-{int(match.group(2)):06d}" if match else None


def normalize_code(raw: str) -> str:
    """A query code as generated: upper case, no spaces or dashes, full-width folded."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw)).upper()


def _hash_code(code: str, salt: bytes) -> bytes:
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


def parse_date(value: Any, key: str) -> date:
    """A YYYY-MM-DD date from input, or InputError naming the key."""
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise InputError(f"{key} 必须是 YYYY-MM-DD 格式的日期", f"{key} must be a YYYY-MM-DD date")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{key} 不是有效日期：{value[:20]}", f"{key} is not a valid date") from exc
    if (problem := out_of_range(day)) is not None:
        raise InputError(f"{key}：{problem}", f"{key} is outside {EARLIEST_DAY}…{LATEST_DAY}")
    return day


def parse_event(raw: Any) -> Event:
    """An event from staff input (API or CLI), checked for shape; order is checked against the history."""
    if not isinstance(raw, dict):
        raise InputError("事件必须是 JSON 对象", "an event must be a JSON object")
    kind_name = raw.get("type")
    if not isinstance(kind_name, str) or kind_name not in {t.value for t in EventType}:
        names = ", ".join(t.value for t in EventType)
        raise InputError(f"未知的事件类型，可用：{names}", f"unknown event type; use one of {names}")
    kind = EventType(kind_name)
    allowed = {"type", "on", "note", *EVENT_FIELDS.get(kind, ())}
    unknown = set(raw) - allowed
    if unknown:
        listed = ", ".join(sorted(unknown))
        raise InputError(f"事件 {kind.value} 不接受字段：{listed}", f"{kind.value} does not take: {listed}")
    note = _text(raw, "note", required=False)
    amount = raw.get("amount")
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount < 10**8):
        raise InputError("amount 必须是正整数（元）", "amount must be a positive integer (yuan)")
    outcome = raw.get("outcome")
    if outcome is not None and (not isinstance(outcome, str) or outcome not in OUTCOMES):
        raise InputError(f"未知的办理结果：{str(outcome)[:40]}", "unknown outcome")
    return Event(
        type=kind,
        on=parse_date(raw.get("on"), "on"),
        note=note,
        until=parse_date(raw["until"], "until") if raw.get("until") is not None else None,
        amount=amount,
        outcome=outcome,
    )


def _text(raw: dict, key: str, *, required: bool) -> str | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"缺少必填字段 {key}", f"missing required field {key}")
        return None
    if not isinstance(value, str):
        raise InputError(f"{key} 必须是文字", f"{key} must be a string")
    value = unicodedata.normalize("NFKC", value).strip()
    limit = MAX_TEXT.get(key, MAX_TEXT["default"])
    # Free-text fields may span lines; no field may carry other control characters.
    allowed = "\n\t" if key in ("description", "note") else ""
    if len(value) > limit or any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        raise InputError(f"{key} 过长（最多{limit}字）或含控制字符", f"{key} is too long or has control characters")
    return value


def parse_new_request(raw: Any) -> tuple[str, dict[str, str], str, str, date | None]:
    """Applicant type, applicant fields, channel, description and receipt date from staff input."""
    if not isinstance(raw, dict):
        raise InputError("请求体必须是 JSON 对象", "the body must be a JSON object")
    applicant_type = raw.get("applicant_type")
    if not isinstance(applicant_type, str) or applicant_type not in APPLICANT_FIELDS:
        raise InputError(
            "applicant_type 必须是 citizen 或 organisation", "applicant_type must be citizen or organisation"
        )
    allowed = {"applicant_type", "channel", "description", "received_on", *APPLICANT_FIELDS[applicant_type]}
    unknown = set(raw) - allowed
    if unknown:
        raise InputError(f"未知字段：{', '.join(sorted(unknown))}", f"unknown fields: {sorted(unknown)}")
    channel = raw.get("channel")
    if not isinstance(channel, str) or channel not in CHANNELS:
        names = ", ".join(CHANNELS)
        raise InputError(f"channel 必须是 {names} 之一", f"channel must be one of {names}")
    applicant = {}
    for key in APPLICANT_FIELDS[applicant_type]:
        value = _text(raw, key, required=key in ("name", "phone"))
        if value is not None:
            applicant[key] = value
    if not _PHONE.match(applicant["phone"]):
        raise InputError("phone 不是有效的电话号码", "phone is not a valid phone number")
    description = _text(raw, "description", required=True)
    received_on = parse_date(raw["received_on"], "received_on") if raw.get("received_on") is not None else None
    return applicant_type, applicant, channel, description, received_on


class RequestStore:
    """Named operations on requests over the shared Store."""

    def __init__(
        self,
        store: Store,
        *,
        calendar: WorkCalendar,
        now: Callable[[], datetime] = clock.now,
        uploads: Path | None = None,
    ) -> None:
        self.store = store
        self.calendar = calendar
        # The current moment in the agency's time zone (the product's clock; tests fix it).
        self.now = now
        # Where ID images of online applications are kept, readable by the service's user only.
        self.uploads = uploads

    def today(self) -> date:
        """The agency's date now: the statutory clock counts local dates."""
        return self.now().date()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    # -- staff ------------------------------------------------------------------------------------

    def create(self, raw: Any) -> Created:
        """Register a request from staff input; the query code is returned here and never again."""
        applicant_type, applicant, channel, description, received_on = parse_new_request(raw)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        salt = secrets.token_bytes(16)
        code_hash = _hash_code(code, salt)
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
            tracking_no = f"{TRACKING_PREFIX}{year}-{number:06d}"
            cursor = conn.execute(
                "INSERT INTO requests (tracking_no, code_salt, code_hash, applicant_type, applicant, channel, "
                "description, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ],
            )
            request_id = cursor.lastrowid
            for event in events:
                self._insert_event(conn, request_id, event)
            self._update_summary(conn, request_id, evaluate(events, today=today, calendar=self.calendar))
        log.info("request %s registered", tracking_no)
        return Created(view=self.get(tracking_no), query_code=code)

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
            fh.write(upload.data)
        with self.store.write() as conn:
            # The submitting chat is recognised by status lookups of this number (see _refusal).
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
                    "UPDATE requests SET applicant = ?, id_upload = NULL WHERE id = ?",
                    [(marker, request_id) for request_id, _ in batch],
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
        self.store.wipe()
        return len(updates)

    def add_event(self, tracking_no: str, raw: Any) -> RequestView:
        """Append a staff event after checking it against the history; subscribers are queued a notice."""
        event = parse_event(raw)
        number = normalize_tracking_no(tracking_no)
        with self.store.write() as conn:
            row = conn.execute("SELECT id FROM requests WHERE tracking_no = ?", [number]).fetchone() if number else None
            if row is None:
                raise KeyError(tracking_no)
            history = [e.event for e in self._events(row[0])]
            try:
                state = validate_next(history, event, today=self.today(), calendar=self.calendar)
            except EventError as exc:
                raise InputError(exc.zh, exc.en) from exc
            self._insert_event(conn, row[0], event)
            self._update_summary(conn, row[0], state)
            self._queue_for_subscribers(conn, row[0], number, event, state)
        log.info("request %s: %s recorded", number, event.type.value)
        return self.get(number)

    def get(self, tracking_no: str) -> RequestView | None:
        """A request by its tracking number, or None."""
        number = normalize_tracking_no(tracking_no)
        if number is None:
            return None
        row = self.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at "
            "FROM requests WHERE tracking_no = ?",
            [number],
        ).fetchone()
        return self._view(row) if row else None

    def list(
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

    # -- applicants -------------------------------------------------------------------------------

    async def lookup(
        self, tracking_no: str, code: str, *, channel: str, chat_id: str, client: str | None = None
    ) -> Lookup:
        """Check a number and query code from a chat and its client (web address, Telegram user), within the limits
        of README "Status lookups"; unknown and wrong look the same.

        The limits are checked and the attempt recorded as failed before the code is hashed, so concurrent guesses
        cannot outrun them; the hash runs on HASHER, off the event loop. A right code then marks the attempt ok."""
        now = self.now()
        number = normalize_tracking_no(tracking_no) or re.sub(r"\s", "", tracking_no)[:40].upper()
        source = f"{channel}:{client}" if client else None
        with self.store.write() as conn:
            refusal = self._refusal(conn, number, channel=channel, chat_id=chat_id, client=source, now=now)
            if refusal is not None:
                return refusal
            attempt = conn.execute(
                "INSERT INTO lookup_attempts (channel, chat_id, client, tracking_no, ok, at) VALUES (?, ?, ?, ?, 0, ?)",
                [channel, chat_id, source, number, now.timestamp()],
            ).lastrowid
        row = self.conn.execute(
            "SELECT id, tracking_no, applicant_type, applicant, channel, description, created_at, code_salt, "
            "code_hash FROM requests WHERE tracking_no = ?",
            [number],
        ).fetchone()
        # Hash even for an unknown number so both answers take the same time.
        salt, expected = (row[7], row[8]) if row else (b"\0" * 16, b"")
        digest = await asyncio.get_running_loop().run_in_executor(HASHER, _hash_code, normalize_code(code), salt)
        ok = row is not None and hmac.compare_digest(digest, expected)
        log.info("status lookup for %s from %s: %s", number, channel, "ok" if ok else "failed")
        if not ok:
            return Lookup(LookupOutcome.NOT_FOUND)
        with self.store.write() as conn:
            conn.execute("UPDATE lookup_attempts SET ok = 1 WHERE id = ?", [attempt])
        return Lookup(LookupOutcome.FOUND, view=self._view(row[:7]))

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
        row = self.conn.execute(
            "SELECT 1 FROM lookup_attempts WHERE channel = ? AND chat_id = ? AND tracking_no = ? AND ok = 1 "
            "AND at > ? LIMIT 1",
            [channel, chat_id, normalize_tracking_no(tracking_no), self.now().timestamp() - VERIFIED_SECONDS],
        )
        return row.fetchone() is not None

    def subscribe(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Send this chat a notice on every event of the request; False if there is no such request."""
        request_id = self._id(tracking_no)
        if request_id is None:
            return False
        with self.store.write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO subscriptions (channel, chat_id, request_id, created_at) VALUES (?, ?, ?, ?)",
                [channel, chat_id, request_id, stamp(self.now())],
            )
        return True

    def unsubscribe(self, channel: str, chat_id: str, tracking_no: str | None = None) -> int:
        """Stop notices for one request, or for all of a chat's requests; the number removed."""
        with self.store.write() as conn:
            if tracking_no is None:
                cursor = conn.execute("DELETE FROM subscriptions WHERE channel = ? AND chat_id = ?", [channel, chat_id])
            else:
                cursor = conn.execute(
                    "DELETE FROM subscriptions WHERE channel = ? AND chat_id = ? AND request_id = "
                    "(SELECT id FROM requests WHERE tracking_no = ?)",
                    [channel, chat_id, normalize_tracking_no(tracking_no)],
                )
            return cursor.rowcount

    # -- notices ----------------------------------------------------------------------------------

    def queue_notice(self, channel: str, chat_id: str, text: str) -> None:
        """Put a notice in the outbox for a chat."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO outbox (channel, chat_id, text, created_at) VALUES (?, ?, ?, ?)",
                [channel, chat_id, text, stamp(self.now())],
            )

    def pending_notices(self, channel: str, chat_id: str | None = None) -> list[Notice]:
        """Undelivered notices of a channel (or of one chat), oldest first."""
        sql = "SELECT id, channel, chat_id, text FROM outbox WHERE delivered_at IS NULL AND channel = ?"
        params: list[Any] = [channel]
        if chat_id is not None:
            sql += " AND chat_id = ?"
            params.append(chat_id)
        rows = self.conn.execute(sql + " ORDER BY id", params).fetchall()
        return [Notice(*row) for row in rows]

    def mark_delivered(self, notice_id: int) -> None:
        """Record that a notice reached its chat."""
        with self.store.write() as conn:
            conn.execute("UPDATE outbox SET delivered_at = ? WHERE id = ?", [stamp(self.now()), notice_id])

    def run_once_per_day(self, job: str) -> bool:
        """Claim today's run of a daily job; False if it already ran today (in any process)."""
        today = self.today().isoformat()
        with self.store.write() as conn:
            row = conn.execute("SELECT last_run FROM jobs WHERE name = ?", [job]).fetchone()
            if row and row[0] >= today:
                return False
            conn.execute(
                "INSERT INTO jobs (name, last_run) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_run = ?",
                [job, today, today],
            )
        return True

    def attention(self, days: int = ATTENTION_DAYS) -> list[RequestView]:
        """What staff must act on: requests overdue or due within `days` working days, soonest first."""
        return self.list(overdue=True) + self.list(due_within_days=days)

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

    def subscribers(self, tracking_no: str) -> list[tuple[str, str]]:
        """The (channel, chat id) pairs subscribed to a request."""
        rows = self.conn.execute(
            "SELECT s.channel, s.chat_id FROM subscriptions s JOIN requests r ON r.id = s.request_id "
            "WHERE r.tracking_no = ?",
            [tracking_no],
        )
        return [(row[0], row[1]) for row in rows.fetchall()]

    def subscribed(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Whether this chat already gets the request's notices."""
        return (channel, chat_id) in self.subscribers(normalize_tracking_no(tracking_no) or tracking_no)

    # -- internals --------------------------------------------------------------------------------

    def _id(self, tracking_no: str) -> int | None:
        number = normalize_tracking_no(tracking_no)
        row = self.conn.execute("SELECT id FROM requests WHERE tracking_no = ?", [number]).fetchone()
        return row[0] if row else None

    def _events(self, request_id: int) -> list[RecordedEvent]:
        rows = self.conn.execute(
            "SELECT type, on_date, data, recorded_at FROM events WHERE request_id = ? ORDER BY id", [request_id]
        ).fetchall()
        recorded = []
        for kind, on, data, recorded_at in rows:
            extra = json.loads(data)
            event = Event(
                type=EventType(kind),
                on=date.fromisoformat(on),
                note=extra.get("note"),
                until=date.fromisoformat(extra["until"]) if extra.get("until") else None,
                amount=extra.get("amount"),
                outcome=extra.get("outcome"),
            )
            recorded.append(RecordedEvent(event, recorded_at))
        return recorded

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

    def _insert_event(self, conn: sqlite3.Connection, request_id: int, event: Event) -> None:
        conn.execute(
            "INSERT INTO events (request_id, type, on_date, data, recorded_at) VALUES (?, ?, ?, ?, ?)",
            [
                request_id,
                event.type.value,
                event.on.isoformat(),
                json.dumps(event_data(event), ensure_ascii=False),
                stamp(self.now()),
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

    def _queue_for_subscribers(
        self, conn: sqlite3.Connection, request_id: int, tracking_no: str, event: Event, state: ClockState
    ) -> None:
        text = event_notice(tracking_no, event, state)
        subscribers = conn.execute(
            "SELECT channel, chat_id FROM subscriptions WHERE request_id = ?", [request_id]
        ).fetchall()
        for channel, chat_id in subscribers:
            conn.execute(
                "INSERT INTO outbox (channel, chat_id, text, created_at) VALUES (?, ?, ?, ?)",
                [channel, chat_id, text, stamp(self.now())],
            )


def summary_columns(state: ClockState) -> tuple[str, str | None, str | None, str | None, str | None, str | None]:
    """The requests table's status, received_on, due_on, applicant_deadline, closed_on and outcome columns."""
    return (
        state.status.value,
        _iso(state.received_on),
        _iso(state.due_on),
        _iso(state.applicant_deadline),
        _iso(state.closed_on),
        state.outcome,
    )


def event_notice(tracking_no: str, event: Event, state: ClockState) -> str:
    """The message a subscriber gets when staff record an event."""
    lines = [f"您的政府信息公开申请 {tracking_no} 有新进展：{format_date(event.on)} {EVENT_LABELS[event.type]}。"]
    lines.append(f"当前状态：{state.label}。")
    if state.outcome:
        lines.append(f"办理结果：{OUTCOMES[state.outcome]}。")
    if state.applicant_deadline:
        action = "补正" if state.status is Status.AWAITING_SUPPLEMENT else "缴费"
        lines.append(f"请在{format_date(state.applicant_deadline)}前完成{action}，逾期视为放弃申请。")
    if state.due_on and state.status in ACTIVE_STATUSES:
        lines.append(f"答复期限：{format_date(state.due_on)}。")
    lines.append("发送 /status 可查看详情；发送 /unsubscribe 可取消通知。")
    return "\n".join(lines)
