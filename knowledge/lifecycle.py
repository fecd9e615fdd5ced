"""A request's life: the staff's events, their order rules, and the statutory clock derived from them.

The clock (the periods are in `statute`): answer within ANSWER_DAYS working days of receipt, at most
EXTENSION_DAYS more on extension; a request for supplement stops the clock and a new period counts from the
supplement's receipt (Art. 30); a fee notice stops it and a new period counts from the day after payment
(国办函〔2020〕109号), payment being due within PAYMENT_DAYS working days from the day after the notice;
consultation time is not counted (Art. 33), so its working days are added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from knowledge.statute import ANSWER_DAYS, EXTENSION_DAYS, OUTCOMES, PAYMENT_DAYS, SUPPLEMENT_NOTICE_DAYS
from knowledge.workdays import WorkCalendar, format_date


class EventType(StrEnum):
    RECEIVE = "receive"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT_RECEIVED = "supplement_received"
    EXTEND = "extend"
    CONSULT_START = "consult_start"
    CONSULT_END = "consult_end"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    REPLY = "reply"
    WITHDRAW = "withdraw"
    ABANDON = "abandon"


EVENT_LABELS: dict[EventType, str] = {
    EventType.RECEIVE: "收到申请",
    EventType.REQUEST_SUPPLEMENT: "告知补正",
    EventType.SUPPLEMENT_RECEIVED: "收到补正",
    EventType.EXTEND: "延长答复期限",
    EventType.CONSULT_START: "开始征求第三方或其他机关意见",
    EventType.CONSULT_END: "征求意见结束",
    EventType.FEE_NOTICE: "发出收费通知",
    EventType.FEE_PAID: "申请人缴费",
    EventType.REPLY: "作出答复",
    EventType.WITHDRAW: "申请人撤回申请",
    EventType.ABANDON: "视为放弃申请",
}

# Art. 31: which day counts as the day of receipt, by how the application came in.
RECEIPT_RULES: dict[str, str] = {
    "in_person": "当面提交的，以提交之日为收到申请之日（《条例》第三十一条）",
    "post": "以需要签收的邮寄方式提交的，以机关签收之日为收到申请之日（《条例》第三十一条）",
    "letter": "以平常信函等无需签收的方式提交的，以机关与申请人确认之日为收到申请之日（《条例》第三十一条）",
    "online": "通过互联网渠道提交的，以双方确认之日为收到申请之日（《条例》第三十一条）",
    "fax": "通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日（《条例》第三十一条）",
}


class Status(StrEnum):
    """Where a request stands; stored in the database, so the values never change."""

    SUBMITTED = "submitted"
    PROCESSING = "processing"
    EXTENDED = "extended"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    CONSULTING = "consulting"
    AWAITING_PAYMENT = "awaiting_payment"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"
    ABANDONED = "abandoned"


STATUS_LABELS: dict[Status, str] = {
    Status.SUBMITTED: "已提交，等待机关确认收到",
    Status.PROCESSING: "办理中",
    Status.EXTENDED: "办理中（已延长答复期限）",
    Status.AWAITING_SUPPLEMENT: "等待申请人补正",
    Status.CONSULTING: "办理中（正在征求第三方或其他机关意见，期限暂停计算）",
    Status.AWAITING_PAYMENT: "等待申请人缴纳信息处理费",
    Status.ANSWERED: "已答复",
    Status.WITHDRAWN: "申请人已撤回",
    Status.ABANDONED: "视为放弃申请",
}

# What missing the applicant's deadline means (Art. 30; 国办函〔2020〕109号), in every reply, notice and reminder.
LAPSE = "逾期视为放弃申请"


def applicant_action(status: Status, *, short: bool = False) -> str:
    """What the applicant must do by their deadline: the supplement asked for, else pay the fee (short: 缴费)."""
    if status is Status.AWAITING_SUPPLEMENT:
        return "补正"
    return "缴费" if short else "缴纳信息处理费"


ACTIVE_STATUSES = frozenset(
    {Status.PROCESSING, Status.EXTENDED, Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_PAYMENT}
)


class EventError(ValueError):
    """An event that cannot happen at this point of a request's life; the message is Chinese then English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Event:
    """One step recorded by staff, dated `on`."""

    type: EventType
    on: date
    note: str | None = None
    until: date | None = None
    amount: int | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class ClockState:
    """What the events say about a request today."""

    status: Status
    received_on: date | None
    due_on: date | None
    explanation: tuple[str, ...]
    # The applicant's own deadline while the clock waits for them (supplement or payment); None in any other status,
    # so a request withdrawn, abandoned or answered during the wait owes nothing.
    applicant_deadline: date | None = None
    outcome: str | None = None
    closed_on: date | None = None
    overdue: bool = False
    # Waiting for the applicant past their deadline: deemed abandoned by law, though staff have not recorded it.
    lapsed: bool = False
    working_days_left: int | None = None
    provisional: bool = False
    extended: bool = False

    @property
    def final(self) -> bool:
        return self.status in (Status.ANSWERED, Status.WITHDRAWN, Status.ABANDONED)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class _Run:
    """The clock while events are replayed."""

    calendar: WorkCalendar
    status: Status = Status.SUBMITTED
    received_on: date | None = None
    due_on: date | None = None
    lines: list[str] = field(default_factory=list)
    last_explain: str = ""
    applicant_deadline: date | None = None
    paused_due: date | None = None
    consult_since: date | None = None
    extended: bool = False
    supplement_asked: bool = False
    outcome: str | None = None
    closed_on: date | None = None
    provisional: bool = False

    def deadline(self, start: date, days: int) -> date:
        """The n-th working day after `start`, remembering whether an unloaded year was involved."""
        found = self.calendar.working_days_after(start, days)
        self.provisional = self.provisional or found.provisional
        self.last_explain = found.explain()
        return found.due

    def count_from(self, start: date, days: int, why: str) -> date:
        due = self.deadline(start, days)
        self.lines.append(f"{why}：{format_date(due)}。")
        return due

    def resume(self) -> None:
        """The clock runs again after a stop: processing, or extended if it was; the applicant owes nothing."""
        self.status, self.applicant_deadline = Status.EXTENDED if self.extended else Status.PROCESSING, None

    def late_note(self, on: date, note: str) -> str:
        """The note for an applicant's step taken after the deadline they were given, else ""."""
        return note if on > _held(self.applicant_deadline, "applicant_deadline") else ""

    def refuse_after_due(self, on: date, what: str, what_en: str) -> None:
        # The agency must act within the answer period (Art. 30, Art. 33, 国办函〔2020〕109号).
        if self.due_on is not None and on > self.due_on:
            due = self.due_on.isoformat()
            raise _refuse(f"已超过答复期限（{due}），不能再{what}", f"cannot {what_en} after the due date {due}")


def _refuse(zh: str, en: str) -> EventError:
    return EventError(zh, en)


def _held(value: date | None, name: str) -> date:
    """A date of the run that its status guarantees is set (each event checks the status first)."""
    if value is None:
        raise RuntimeError(f"the clock has no {name} in this state")
    return value


def _apply(run: _Run, event: Event) -> None:
    """Advance the clock by one event, refusing what cannot happen now."""
    kind = event.type
    if run.status in (Status.ANSWERED, Status.WITHDRAWN, Status.ABANDONED):
        raise _refuse("该申请已经办结，不能再记录事件", "the request is closed; no further events")
    if kind is EventType.WITHDRAW:
        run.status, run.closed_on = Status.WITHDRAWN, event.on
        run.lines.append(f"{format_date(event.on)} 申请人撤回申请。")
        return
    if kind is EventType.RECEIVE:
        if run.received_on is not None:
            raise _refuse("已经记录过收到申请", "receive was already recorded")
        run.received_on = event.on
        run.status = Status.PROCESSING
        why = f"{format_date(event.on)} 收到申请，自次日起第{ANSWER_DAYS}个工作日为答复期限"
        run.due_on = run.count_from(event.on, ANSWER_DAYS, why)
        return
    if run.received_on is None:
        raise _refuse("请先记录收到申请（receive）", "receive must come first")
    if kind is EventType.REPLY:
        if event.outcome not in OUTCOMES:
            raise _refuse("答复必须注明办理结果 outcome，且为规定的类别之一", "reply needs a known outcome")
        run.status, run.outcome, run.closed_on = Status.ANSWERED, event.outcome, event.on
        late = run.due_on is not None and event.on > run.due_on
        run.lines.append(
            f"{format_date(event.on)} 作出答复：{OUTCOMES[event.outcome]}" + ("（晚于答复期限）。" if late else "。")
        )
        return
    if kind is EventType.ABANDON:
        run.status, run.closed_on = Status.ABANDONED, event.on
        run.lines.append(f"{format_date(event.on)} 视为放弃申请，不再处理。")
        return
    _apply_clock_event(run, event)


def _apply_clock_event(run: _Run, event: Event) -> None:
    """The events that stop, restart or lengthen the clock."""
    apply = _CLOCK_EVENTS.get(event.type)
    if apply is not None:
        apply(run, event)


def _stopped(run: _Run) -> bool:
    """Whether the clock is stopped: waiting for a supplement, a payment or a consultation."""
    return run.status in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT, Status.CONSULTING)


def _extend(run: _Run, event: Event) -> None:
    """An extension of the answer period, once, while the clock runs."""
    on = event.on
    if _stopped(run):
        raise _refuse("期限暂停期间不能延期", "cannot extend while the clock is stopped")
    if run.extended:
        raise _refuse(
            f"答复期限只能延长一次，最长{EXTENSION_DAYS}个工作日", "the answer period can be extended only once"
        )
    run.refuse_after_due(on, "延长答复期限", "extend")
    run.extended, run.status = True, Status.EXTENDED
    run.due_on = run.count_from(
        _held(run.due_on, "due_on"), EXTENSION_DAYS, f"{format_date(on)} 延长答复期限{EXTENSION_DAYS}个工作日，新的期限"
    )


def _request_supplement(run: _Run, event: Event) -> None:
    """A request for a supplement, once, with its deadline: the clock stops."""
    on = event.on
    if _stopped(run):
        raise _refuse("期限暂停期间不能再要求补正", "cannot ask for a supplement while the clock is stopped")
    if run.supplement_asked:
        raise _refuse("补正应一次性告知，不能再次要求补正", "a supplement can be requested only once")
    if event.until is None or event.until <= on:
        raise _refuse("要求补正必须注明晚于当天的补正期限 until", "request_supplement needs an until after on")
    run.refuse_after_due(on, "要求补正", "request a supplement")
    late = run.calendar.working_days_between(_held(run.received_on, "received_on"), on) > SUPPLEMENT_NOTICE_DAYS
    run.supplement_asked, run.status, run.last_explain = True, Status.AWAITING_SUPPLEMENT, ""
    run.applicant_deadline, run.due_on = event.until, None
    run.lines.append(
        f"{format_date(on)} 告知补正，期限暂停；申请人应于{format_date(event.until)}前补正，逾期视为放弃。"
        + (f"（注意：晚于收到申请后{SUPPLEMENT_NOTICE_DAYS}个工作日，见《条例》第三十条。）" if late else "")
    )


def _supplement_received(run: _Run, event: Event) -> None:
    """The supplement received: the answer period starts again."""
    on = event.on
    if run.status is not Status.AWAITING_SUPPLEMENT:
        raise _refuse("没有待补正的要求", "no supplement was requested")
    late = run.late_note(on, "（晚于补正期限，机关仍予受理）")
    run.resume()
    run.due_on = run.count_from(
        on, ANSWER_DAYS, f"{format_date(on)} 收到补正{late}，重新计算{ANSWER_DAYS}个工作日，期限"
    )


def _consult_start(run: _Run, event: Event) -> None:
    """A consultation of third parties begins: the clock stops."""
    on = event.on
    if _stopped(run):
        raise _refuse("期限已暂停，不能开始征求意见", "cannot start a consultation while the clock is stopped")
    run.refuse_after_due(on, "开始征求意见", "start a consultation")
    run.paused_due, run.consult_since = run.due_on, on
    run.status, run.due_on = Status.CONSULTING, None
    run.lines.append(f"{format_date(on)} 开始征求第三方或其他机关意见，所需时间不计入期限。")


def _consult_end(run: _Run, event: Event) -> None:
    """The consultation ends: the period is moved on by the working days it took."""
    on = event.on
    if run.status is not Status.CONSULTING:
        raise _refuse("没有进行中的征求意见", "no consultation is open")
    took = run.calendar.working_days_between(_held(run.consult_since, "consult_since"), on)
    run.resume()
    if took:
        run.due_on = run.count_from(
            _held(run.paused_due, "paused_due"),
            took,
            f"{format_date(on)} 征求意见结束，用时{took}个工作日，顺延后的期限",
        )
    else:
        run.due_on = run.paused_due
        run.lines.append(f"{format_date(on)} 征求意见结束，未占用工作日，期限不变。")


def _fee_notice(run: _Run, event: Event) -> None:
    """A fee notice with its amount: the clock stops until payment."""
    on = event.on
    if _stopped(run):
        raise _refuse("期限暂停期间不能发出收费通知", "cannot send a fee notice while the clock is stopped")
    if event.amount is None or event.amount <= 0:
        raise _refuse("收费通知必须注明大于0的金额 amount（元）", "fee_notice needs a positive amount")
    run.refuse_after_due(on, "发出收费通知", "send a fee notice")
    pay_by = run.deadline(on, PAYMENT_DAYS)
    run.status, run.applicant_deadline, run.due_on = Status.AWAITING_PAYMENT, pay_by, None
    run.lines.append(
        f"{format_date(on)} 发出收费通知（{event.amount}元），期限暂停；申请人应于{format_date(pay_by)}前缴费"
        f"（收到通知次日起{PAYMENT_DAYS}个工作日），逾期视为放弃。"
    )


def _fee_paid(run: _Run, event: Event) -> None:
    """The fee paid: the answer period starts again."""
    on = event.on
    if run.status is not Status.AWAITING_PAYMENT:
        raise _refuse("没有待缴的收费通知", "no fee notice is open")
    late = run.late_note(on, "（晚于缴费期限，机关仍予受理）")
    run.resume()
    why = f"{format_date(on)} 缴费完成{late}，自次日起重新计算{ANSWER_DAYS}个工作日，期限"
    run.due_on = run.count_from(on, ANSWER_DAYS, why)


_CLOCK_EVENTS: dict[EventType, Callable[[_Run, Event], None]] = {
    EventType.EXTEND: _extend,
    EventType.REQUEST_SUPPLEMENT: _request_supplement,
    EventType.SUPPLEMENT_RECEIVED: _supplement_received,
    EventType.CONSULT_START: _consult_start,
    EventType.CONSULT_END: _consult_end,
    EventType.FEE_NOTICE: _fee_notice,
    EventType.FEE_PAID: _fee_paid,
}


def check_order(previous: list[Event], event: Event, *, today: date) -> None:
    """Refuse an event whose date is in the future or before the last recorded one."""
    if event.on > today:
        raise _refuse(f"事件日期{event.on.isoformat()}晚于今天", "the event date is in the future")
    if previous and event.on < previous[-1].on:
        raise _refuse(
            f"事件日期{event.on.isoformat()}早于上一个事件（{previous[-1].on.isoformat()}）",
            "event dates must not go backwards",
        )


def evaluate(events: list[Event], *, today: date, calendar: WorkCalendar) -> ClockState:
    """Replay the events and describe the request as of `today`; raises EventError on an impossible sequence."""
    run = _Run(calendar=calendar)
    for event in events:
        _apply(run, event)
    waiting_for_applicant = run.status in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT)
    applicant_deadline = run.applicant_deadline if waiting_for_applicant else None
    lapsed = applicant_deadline is not None and today > applicant_deadline
    overdue = run.status in (Status.PROCESSING, Status.EXTENDED) and run.due_on is not None and today > run.due_on
    left = calendar.working_days_between(today, run.due_on) if run.due_on and not run.closed_on else None
    explanation = [*run.lines]
    # How the date that matters now (answer due, or payment due) was counted.
    if run.last_explain and not run.closed_on:
        explanation.append(run.last_explain)
    return ClockState(
        status=run.status,
        received_on=run.received_on,
        due_on=run.due_on,
        explanation=tuple(explanation),
        applicant_deadline=applicant_deadline,
        outcome=run.outcome,
        closed_on=run.closed_on,
        overdue=overdue,
        lapsed=lapsed,
        working_days_left=left,
        provisional=run.provisional,
        extended=run.extended,
    )


def validate_next(events: list[Event], event: Event, *, today: date, calendar: WorkCalendar) -> ClockState:
    """The state after appending `event`, or EventError if it cannot be appended."""
    check_order(events, event, today=today)
    return evaluate([*events, event], today=today, calendar=calendar)
