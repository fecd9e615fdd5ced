"""Notices to applicants' chats: who subscribed to which request, the outbox of notices not yet delivered, the
notice each recorded event sends, and the daily jobs' once-a-day claims."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store import Store, stamp
from knowledge.lifecycle import ACTIVE_STATUSES, EVENT_LABELS, LAPSE, ClockState, Event, applicant_action
from knowledge.statute import OUTCOMES
from knowledge.tracking import normalize_number
from knowledge.workdays import format_date


@dataclass(frozen=True)
class Notice:
    id: int
    channel: str
    chat_id: str
    text: str


class Outbox:
    """Subscriptions, notices and job claims over the shared Store, dated by `now` (the product's clock)."""

    def __init__(self, store: Store, *, now: Callable[[], datetime], prefix: str) -> None:
        self.store = store
        # What the agency's tracking numbers start with.
        self.prefix = prefix
        self.now = now

    # -- subscriptions ----------------------------------------------------------------------------

    def subscribe(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Send this chat a notice on every event of the request; False if there is no such request."""
        request_id = self._request_id(tracking_no)
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
                    [channel, chat_id, normalize_number(tracking_no, prefix=self.prefix)],
                )
            return cursor.rowcount

    def subscribers(self, tracking_no: str) -> list[tuple[str, str]]:
        """The (channel, chat id) pairs subscribed to a request."""
        rows = self.store.conn.execute(
            "SELECT s.channel, s.chat_id FROM subscriptions s JOIN requests r ON r.id = s.request_id "
            "WHERE r.tracking_no = ?",
            [tracking_no],
        )
        return [(row[0], row[1]) for row in rows.fetchall()]

    def subscribed(self, channel: str, chat_id: str, tracking_no: str) -> bool:
        """Whether this chat already gets the request's notices."""
        return (channel, chat_id) in self.subscribers(normalize_number(tracking_no, prefix=self.prefix) or tracking_no)

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
        rows = self.store.conn.execute(sql + " ORDER BY id", params).fetchall()
        return [Notice(*row) for row in rows]

    def mark_delivered(self, notice_id: int) -> None:
        """Record that a notice reached its chat."""
        with self.store.write() as conn:
            conn.execute("UPDATE outbox SET delivered_at = ? WHERE id = ?", [stamp(self.now()), notice_id])

    def run_once_per_day(self, job: str) -> bool:
        """Claim today's run of a daily job; False if it already ran today (in any process)."""
        # The agency's date, as the statutory clock counts it.
        today = self.now().date().isoformat()
        with self.store.write() as conn:
            row = conn.execute("SELECT last_run FROM jobs WHERE name = ?", [job]).fetchone()
            if row and row[0] >= today:
                return False
            conn.execute(
                "INSERT INTO jobs (name, last_run) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_run = ?",
                [job, today, today],
            )
        return True

    def queue_for_subscribers(
        self, conn: sqlite3.Connection, request_id: int, tracking_no: str, event: Event, state: ClockState
    ) -> None:
        """Queue the event's notice for the request's subscribers, within the write transaction that records it."""
        text = event_notice(tracking_no, event, state)
        subscribers = conn.execute(
            "SELECT channel, chat_id FROM subscriptions WHERE request_id = ?", [request_id]
        ).fetchall()
        for channel, chat_id in subscribers:
            conn.execute(
                "INSERT INTO outbox (channel, chat_id, text, created_at) VALUES (?, ?, ?, ?)",
                [channel, chat_id, text, stamp(self.now())],
            )

    def _request_id(self, tracking_no: str) -> int | None:
        number = normalize_number(tracking_no, prefix=self.prefix)
        row = self.store.conn.execute("SELECT id FROM requests WHERE tracking_no = ?", [number]).fetchone()
        return row[0] if row else None


def event_notice(tracking_no: str, event: Event, state: ClockState) -> str:
    """The message a subscriber gets when staff record an event."""
    lines = [f"您的政府信息公开申请 {tracking_no} 有新进展：{format_date(event.on)} {EVENT_LABELS[event.type]}。"]
    lines.append(f"当前状态：{state.label}。")
    if state.outcome:
        lines.append(f"办理结果：{OUTCOMES[state.outcome]}。")
    if state.applicant_deadline:
        action = applicant_action(state.status, short=True)
        lines.append(f"请在{format_date(state.applicant_deadline)}前完成{action}，{LAPSE}。")
    if state.due_on and state.status in ACTIVE_STATUSES:
        lines.append(f"答复期限：{format_date(state.due_on)}。")
    lines.append("发送 /status 可查看详情；发送 /unsubscribe 可取消通知。")
    return "\n".join(lines)
