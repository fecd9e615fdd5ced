"""Notices to applicants and staff: the outbox dispatcher and the daily reminders."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.requests.repository import ATTENTION_DAYS, RequestStore
from bot.staff.accounts import StaffAccounts
from knowledge.lifecycle import LAPSE, applicant_action
from knowledge.workdays import format_date

log = logging.getLogger(__name__)

# How soon before an applicant's deadline (supplement or payment) the reminder goes out, in working days.
REMIND_DAYS = 3
# How often the outbox is checked for notices written by other processes (the CLI, a second server).
POLL_SECONDS = 2.0
# How often the daily job checks whether today's run is still due.
DAILY_CHECK_SECONDS = 600.0

# Delivers a notice to a chat; False means "not now, keep it for later".
Sender = Callable[[str, str], Awaitable[bool]]


class Notifier:
    """Delivers queued notices through the channels that can push, and runs the daily job.

    "Daily" and every date in a notice follow the request store's clock, the product's one clock: the day
    turns at midnight in the agency's time zone, not the server's.
    """

    def __init__(
        self,
        requests: RequestStore,
        senders: dict[str, Sender],
        *,
        staff_chat: tuple[str, str] | None = None,
        draft_days: int = 7,
        upload_retention_days: int = 30,
        retain_personal_days: int = 365,
        idle_session_days: int = 90,
        lookup_days: int = 30,
        delivered_notice_days: int = 30,
        staff: StaffAccounts | None = None,
    ) -> None:
        self.requests = requests
        self.senders = senders
        self.staff_chat = staff_chat
        self.draft_days = draft_days
        self.upload_retention_days = upload_retention_days
        self.retain_personal_days = retain_personal_days
        self.idle_session_days = idle_session_days
        self.lookup_days = lookup_days
        self.delivered_notice_days = delivered_notice_days
        # Staff accounts, whose sessions left idle are deleted by the daily job.
        self.staff = staff
        self.wake = asyncio.Event()

    async def deliver_pending(self) -> int:
        """Send every undelivered notice a channel can take now; the number delivered."""
        delivered = 0
        for channel, send in self.senders.items():
            for notice in self.requests.outbox.pending_notices(channel):
                try:
                    sent = await send(notice.chat_id, notice.text)
                except Exception as exc:
                    log.warning("delivering a notice on %s failed: %s", channel, type(exc).__name__)
                    sent = False
                if sent:
                    self.requests.outbox.mark_delivered(notice.id)
                    delivered += 1
        return delivered

    def remind_applicants(self) -> int:
        """Queue one reminder per subscriber for each supplement or payment deadline due soon."""
        queued = 0
        outbox = self.requests.outbox
        for view in self.requests.applicant_deadlines_within(REMIND_DAYS):
            deadline = view.clock.applicant_deadline
            if deadline is None or not outbox.run_once_per_day(f"remind:{view.tracking_no}:{deadline}"):
                continue
            action = applicant_action(view.clock.status)
            text = (
                f"提醒：您的政府信息公开申请 {view.tracking_no} 需要在{format_date(deadline)}前{action}，"
                f"{LAPSE}。发送 /status 查看详情。"
            )
            for channel, chat_id in outbox.subscribers(view.tracking_no):
                outbox.queue_notice(channel, chat_id, text)
                queued += 1
        return queued

    def staff_list(self) -> str | None:
        """The day's list of requests overdue or due within 3 working days, logged and queued for staff."""
        attention = self.requests.attention()
        if not attention:
            return None
        today = format_date(self.requests.today())
        lines = [f"{today}需关注的政府信息公开申请（{len(attention)}件，已超期或{ATTENTION_DAYS}个工作日内到期）："]
        for view in attention:
            if view.clock.due_on is None:  # attention() selects by due date: every request in it has one
                continue
            mark = "已超期" if view.clock.overdue else f"剩{view.clock.working_days_left}个工作日"
            lines.append(f"{view.tracking_no} 答复期限{view.clock.due_on.isoformat()}（{mark}）")
        text = "\n".join(lines)
        log.warning("staff attention: %s", ", ".join(view.tracking_no for view in attention))
        if self.staff_chat is not None:
            self.requests.outbox.queue_notice(*self.staff_chat, text)
        return text

    def daily(self) -> bool:
        """Run today's reminders, staff list and clean-up unless another process already did."""
        if not self.requests.outbox.run_once_per_day("daily"):
            return False
        self.remind_applicants()
        self.staff_list()
        # The planner's statistics first: the purges after it scrub the WAL (Store.wipe) of what they removed.
        self.requests.store.analyze()
        drafts = self.requests.store.purge_idle_flows(self.draft_days)
        uploads = self.requests.purge_uploads(self.upload_retention_days)
        personal = self.requests.purge_personal(self.retain_personal_days)
        log.info(
            "daily clean-up: %d expired drafts, %d ID uploads deleted, %d applicants' details removed",
            drafts,
            uploads,
            personal,
        )
        store = self.requests.store
        sessions = store.purge_idle_sessions(self.idle_session_days)
        lookups = store.purge_lookup_attempts(self.lookup_days)
        notices = store.purge_delivered_notices(self.delivered_notice_days)
        log.info("daily purge: %d idle sessions, %d lookup attempts, %d sent notices", sessions, lookups, notices)
        if self.staff is not None:
            log.info("daily purge: %d idle staff sessions", self.staff.purge_idle_sessions())
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver notices as they appear and run the daily job, until `stop` is set."""
        next_daily = 0.0
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            if loop.time() >= next_daily:
                self.daily()
                next_daily = loop.time() + DAILY_CHECK_SECONDS
            await self.deliver_pending()
            self.wake.clear()
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.wake.wait())]
            await asyncio.wait(waiters, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
