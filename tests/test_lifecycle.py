"""The statutory clock: each event type, holidays with 调休, a year beyond the loaded calendar, order rules.

Every expected date below was counted by hand, day by day, against the State Council schedules that
chinese_calendar carries (and cross-checked with a plain day counter, not with knowledge.workdays):

2025  国庆+中秋  holidays 10-01..10-08; make-up working days 09-28 (Sun) and 10-11 (Sat)
2026  春节       holidays 02-15..02-23 (weekdays off 02-16..20, 02-23); make-up 02-14 (Sat) and 02-28 (Sat)
2026  中秋       09-25 (Fri) off; 国庆 10-01..10-07 off; make-up 09-20 (Sun) and 10-10 (Sat)
2027+            not loaded: the statutory holidays of 《全国年节及纪念日放假办法》 (2027-01-01 元旦, a Friday, is
                 off), otherwise Monday–Friday; provisional

"Within N working days of D": D itself never counts; the due date is the N-th working day after D.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from knowledge.lifecycle import (
    ClockState,
    Event,
    EventError,
    EventType,
    Status,
    evaluate,
    validate_next,
)
from knowledge.statute import OUTCOMES
from knowledge.workdays import WorkCalendar

CJK = re.compile(r"[\u4e00-\u9fff]")
D = date.fromisoformat


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


def ev(kind: str, on: str, **extra: Any) -> Event:
    """An event from short literals: ev("request_supplement", "2025-11-05", until="2025-11-20")."""
    if "until" in extra:
        extra["until"] = D(extra["until"])
    return Event(EventType(kind), D(on), **extra)


def replay(events: list[Event], today: str, calendar: WorkCalendar) -> ClockState:
    """Append the events one by one as staff would (each checked by validate_next), then evaluate as of today."""
    day = D(today)
    for i, event in enumerate(events):
        validate_next(events[:i], event, today=day, calendar=calendar)
    return evaluate(events, today=day, calendar=calendar)


RECEIVE_NOV = ev("receive", "2025-11-03")  # Mon; due 2025-12-01 (Mon)

# (id, events, today, expected ClockState fields)
CLOCK_CASES: list[tuple[str, list[Event], str, dict[str, Any]]] = [
    # --- receipt -----------------------------------------------------------------------------------
    (
        "no-receipt-yet",
        [],
        "2025-11-03",
        {"status": Status.SUBMITTED, "received_on": None, "due_on": None, "working_days_left": None},
    ),
    (
        # 11-04..07 (4), 11-10..14 (9), 11-17..21 (14), 11-24..28 (19), 12-01 (20)
        "plain-november-2025",
        [RECEIVE_NOV],
        "2025-11-03",
        {
            "status": Status.PROCESSING,
            "received_on": D("2025-11-03"),
            "due_on": D("2025-12-01"),
            "working_days_left": 20,
            "overdue": False,
            "provisional": False,
            "extended": False,
        },
    ),
    (
        # 09-28 Sun make-up (1), 09-29 (2), 09-30 (3), 10-01..08 off, 10-09 (4), 10-10 (5), 10-11 Sat make-up (6),
        # 10-13..17 (11), 10-20..24 (16), 10-27 (17), 10-28 (18), 10-29 (19), 10-30 (20)
        "national-day-2025-with-makeup-days",
        [ev("receive", "2025-09-26")],
        "2025-09-26",
        {"status": Status.PROCESSING, "due_on": D("2025-10-30"), "provisional": False},
    ),
    (
        # 10-09 (1), 10-10 (2), 10-11 Sat (3), 10-13..17 (8), 10-20..24 (13), 10-27..31 (18), 11-03 (19), 11-04 (20)
        "receipt-on-the-eve-of-national-day-2025",
        [ev("receive", "2025-09-30")],
        "2025-09-30",
        {"due_on": D("2025-11-04")},
    ),
    (
        # Received on a holiday (online confirmation on 2025-10-04): counting starts the next day all the same.
        "receipt-on-a-holiday",
        [ev("receive", "2025-10-04")],
        "2025-10-04",
        {"due_on": D("2025-11-04")},
    ),
    (
        # 02-11 (1), 02-12 (2), 02-13 (3), 02-14 Sat make-up (4), 02-15..23 off, 02-24..27 (8), 02-28 Sat make-up (9),
        # 03-02..06 (14), 03-09..13 (19), 03-16 (20)
        "spring-festival-2026",
        [ev("receive", "2026-02-10")],
        "2026-02-10",
        {"due_on": D("2026-03-16"), "provisional": False},
    ),
    (
        # 09-20 Sun make-up (1), 09-21..24 (5), 09-25 中秋 off, 09-28..30 (8), 10-01..07 off, 10-08 (9), 10-09 (10),
        # 10-10 Sat make-up (11), 10-12..16 (16), 10-19 (17), 10-20 (18), 10-21 (19), 10-22 (20)
        "mid-autumn-and-national-day-2026",
        [ev("receive", "2026-09-18")],
        "2026-09-18",
        {"due_on": D("2026-10-22"), "provisional": False},
    ),
    (
        # December 2026 has no holidays: 12-02..04 (3), 12-07..11 (8), 12-14..18 (13), 12-21..25 (18), 12-28, 12-29
        "late-2026-due-in-2026",
        [ev("receive", "2026-12-01")],
        "2026-12-01",
        {"due_on": D("2026-12-29"), "provisional": False},
    ),
    (
        # 12-11 (1), 12-14..18 (6), 12-21..25 (11), 12-28..31 (15), 2027-01-01 元旦 off, 01-04..08 (20)
        "late-2026-due-in-2027-is-provisional",
        [ev("receive", "2026-12-10")],
        "2026-12-10",
        {"due_on": D("2027-01-08"), "provisional": True},
    ),
    # --- extension ---------------------------------------------------------------------------------
    (
        # from 12-01: 12-02..05 (4), 12-08..12 (9), 12-15..19 (14), 12-22..26 (19), 12-29 (20)
        "extend",
        [RECEIVE_NOV, ev("extend", "2025-11-20")],
        "2025-11-20",
        {"status": Status.EXTENDED, "due_on": D("2025-12-29"), "extended": True},
    ),
    (
        "extend-on-the-due-date-itself",
        [RECEIVE_NOV, ev("extend", "2025-12-01")],
        "2025-12-01",
        {"status": Status.EXTENDED, "due_on": D("2025-12-29"), "overdue": False},
    ),
    (
        # receipt 2026-01-05 (Mon): 01-06..09 (4), 01-12..16 (9), 01-19..23 (14), 01-26..30 (19), 02-02 (20);
        # extended from 02-02: 02-03..06 (4), 02-09..13 (9), 02-14 Sat (10), 02-24..27 (14), 02-28 Sat (15),
        # 03-02..06 (20)
        "extend-across-spring-festival-2026",
        [ev("receive", "2026-01-05"), ev("extend", "2026-01-20")],
        "2026-01-20",
        {"status": Status.EXTENDED, "due_on": D("2026-03-06")},
    ),
    # --- supplement (补正) -------------------------------------------------------------------------
    (
        "supplement-requested-clock-stopped",
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20")],
        "2025-11-10",
        {
            "status": Status.AWAITING_SUPPLEMENT,
            "due_on": None,
            "applicant_deadline": D("2025-11-20"),
            "lapsed": False,
            "overdue": False,
            "working_days_left": None,
        },
    ),
    (
        "supplement-deadline-day-itself-not-lapsed",
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20")],
        "2025-11-20",
        {"status": Status.AWAITING_SUPPLEMENT, "lapsed": False},
    ),
    (
        "no-supplement-by-until-lapses",
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20")],
        "2025-11-21",
        {"status": Status.AWAITING_SUPPLEMENT, "lapsed": True, "applicant_deadline": D("2025-11-20")},
    ),
    (
        # Long past the original due date (2025-12-01), but the clock is stopped: lapsed, not overdue.
        "stopped-clock-is-never-overdue",
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20")],
        "2025-12-15",
        {"lapsed": True, "overdue": False, "due_on": None},
    ),
    (
        # new 20 from 11-18 (Tue): 11-19..21 (3), 11-24..28 (8), 12-01..05 (13), 12-08..12 (18), 12-15, 12-16
        "supplement-received-restarts-twenty",
        [
            RECEIVE_NOV,
            ev("request_supplement", "2025-11-05", until="2025-11-20"),
            ev("supplement_received", "2025-11-18"),
        ],
        "2025-11-18",
        {
            "status": Status.PROCESSING,
            "due_on": D("2025-12-16"),
            "applicant_deadline": None,
            "lapsed": False,
            "working_days_left": 20,
        },
    ),
    # --- consultation ------------------------------------------------------------------------------
    (
        "consulting-clock-stopped",
        [RECEIVE_NOV, ev("consult_start", "2025-11-10")],
        "2025-11-12",
        {"status": Status.CONSULTING, "due_on": None, "overdue": False, "working_days_left": None},
    ),
    (
        # Mon 11-10 to Fri 11-14: 11-11, 12, 13, 14 = 4 working days; 12-01 + 4 = 12-05 (Fri)
        "consult-adds-its-working-days",
        [RECEIVE_NOV, ev("consult_start", "2025-11-10"), ev("consult_end", "2025-11-14")],
        "2025-11-14",
        {"status": Status.PROCESSING, "due_on": D("2025-12-05")},
    ),
    (
        "zero-day-consult-keeps-the-due-date",
        [RECEIVE_NOV, ev("consult_start", "2025-11-10"), ev("consult_end", "2025-11-10")],
        "2025-11-10",
        {"status": Status.PROCESSING, "due_on": D("2025-12-01")},
    ),
    (
        "weekend-only-consult-keeps-the-due-date",
        [RECEIVE_NOV, ev("consult_start", "2025-11-15"), ev("consult_end", "2025-11-16")],
        "2025-11-17",
        {"status": Status.PROCESSING, "due_on": D("2025-12-01")},
    ),
    (
        # consult 09-29..10-13: 09-30 (1), 10-09 (2), 10-10 (3), 10-11 Sat make-up (4), 10-13 (5);
        # due 10-30 + 5: 10-31 (1), 11-03..06 (5)
        "consult-across-national-day-2025",
        [ev("receive", "2025-09-26"), ev("consult_start", "2025-09-29"), ev("consult_end", "2025-10-13")],
        "2025-10-13",
        {"status": Status.PROCESSING, "due_on": D("2025-11-06")},
    ),
    (
        # extended due 12-29; consult 12-01..12-03 = 2 working days; 12-30, 12-31
        "consult-after-extension-stays-extended",
        [RECEIVE_NOV, ev("extend", "2025-11-20"), ev("consult_start", "2025-12-01"), ev("consult_end", "2025-12-03")],
        "2025-12-03",
        {"status": Status.EXTENDED, "due_on": D("2025-12-31"), "extended": True},
    ),
    # --- fee ---------------------------------------------------------------------------------------
    (
        # pay by the 20th working day after 11-10: 11-11..14 (4), 11-17..21 (9), 11-24..28 (14), 12-01..05 (19), 12-08
        "fee-notice-stops-the-clock",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-10", amount=50)],
        "2025-11-10",
        {
            "status": Status.AWAITING_PAYMENT,
            "due_on": None,
            "applicant_deadline": D("2025-12-08"),
            "lapsed": False,
            "working_days_left": None,
        },
    ),
    (
        "payment-deadline-day-itself-not-lapsed",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-10", amount=50)],
        "2025-12-08",
        {"status": Status.AWAITING_PAYMENT, "lapsed": False},
    ),
    (
        "unpaid-fee-lapses",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-10", amount=50)],
        "2025-12-09",
        {"status": Status.AWAITING_PAYMENT, "lapsed": True, "overdue": False},
    ),
    (
        # pay-by across 国庆 2025: same count as a receipt on 09-26 → 10-30
        "fee-notice-across-national-day-2025",
        [ev("receive", "2025-09-22"), ev("fee_notice", "2025-09-26", amount=30)],
        "2025-09-26",
        {"applicant_deadline": D("2025-10-30")},
    ),
    (
        # new 20 from 11-20 (Thu): 11-21 (1), 11-24..28 (6), 12-01..05 (11), 12-08..12 (16), 12-15..18 (20)
        "fee-paid-restarts-twenty",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-10", amount=50), ev("fee_paid", "2025-11-20")],
        "2025-11-20",
        {"status": Status.PROCESSING, "due_on": D("2025-12-18"), "applicant_deadline": None, "lapsed": False},
    ),
    (
        # an earlier extension does not carry over: new 20 from 11-28: 12-01..05 (5), ..12 (10), ..19 (15), ..26 (20)
        "fee-paid-after-extension-counts-twenty-only",
        [
            RECEIVE_NOV,
            ev("extend", "2025-11-20"),
            ev("fee_notice", "2025-11-24", amount=50),
            ev("fee_paid", "2025-11-28"),
        ],
        "2025-11-28",
        {"due_on": D("2025-12-26")},
    ),
    # --- closing -----------------------------------------------------------------------------------
    (
        "reply-on-time",
        [RECEIVE_NOV, ev("reply", "2025-11-28", outcome="disclosed")],
        "2025-12-10",
        {
            "status": Status.ANSWERED,
            "outcome": "disclosed",
            "closed_on": D("2025-11-28"),
            "overdue": False,
            "working_days_left": None,
        },
    ),
    (
        "late-reply-is-answered-not-overdue",
        [RECEIVE_NOV, ev("reply", "2025-12-02", outcome="partly_disclosed")],
        "2025-12-10",
        {"status": Status.ANSWERED, "outcome": "partly_disclosed", "overdue": False, "closed_on": D("2025-12-02")},
    ),
    (
        "reply-on-the-day-of-receipt",
        [RECEIVE_NOV, ev("reply", "2025-11-03", outcome="unavailable_not_held")],
        "2025-11-03",
        {"status": Status.ANSWERED, "closed_on": D("2025-11-03")},
    ),
    (
        "reply-while-waiting-for-a-supplement",
        [
            RECEIVE_NOV,
            ev("request_supplement", "2025-11-05", until="2025-11-20"),
            ev("reply", "2025-11-24", outcome="other_no_supplement"),
        ],
        "2025-11-24",
        {"status": Status.ANSWERED, "outcome": "other_no_supplement", "lapsed": False},
    ),
    (
        "withdraw",
        [RECEIVE_NOV, ev("withdraw", "2025-11-07")],
        "2025-12-10",
        {"status": Status.WITHDRAWN, "closed_on": D("2025-11-07"), "overdue": False, "working_days_left": None},
    ),
    (
        "abandon-after-lapsed-supplement",
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20"), ev("abandon", "2025-11-24")],
        "2025-11-24",
        {"status": Status.ABANDONED, "closed_on": D("2025-11-24"), "lapsed": False},
    ),
    (
        "abandon-after-unpaid-fee",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-10", amount=50), ev("abandon", "2025-12-09")],
        "2025-12-09",
        {"status": Status.ABANDONED, "lapsed": False},
    ),
    # --- overdue and working days left ---------------------------------------------------------------
    ("left-on-a-friday", [RECEIVE_NOV], "2025-11-28", {"working_days_left": 1, "overdue": False}),
    ("left-on-the-weekend-before", [RECEIVE_NOV], "2025-11-29", {"working_days_left": 1, "overdue": False}),
    ("due-today-not-overdue", [RECEIVE_NOV], "2025-12-01", {"working_days_left": 0, "overdue": False}),
    ("overdue-the-day-after", [RECEIVE_NOV], "2025-12-02", {"working_days_left": -1, "overdue": True}),
    (
        "extension-lifts-overdue",
        [RECEIVE_NOV, ev("extend", "2025-11-20")],
        "2025-12-02",
        {"overdue": False, "working_days_left": 19},
    ),
    (
        "extended-and-overdue",
        [RECEIVE_NOV, ev("extend", "2025-11-20")],
        "2025-12-30",
        {"status": Status.EXTENDED, "overdue": True},
    ),
    (
        # across 国庆 2025: from 09-30 to 10-30: 09-30 itself not counted; 10-09, 10, 11(Sat), 13..17, 20..24, 27..30
        "left-across-national-day",
        [ev("receive", "2025-09-26")],
        "2025-09-30",
        {"working_days_left": 17},
    ),
]


@pytest.mark.parametrize(("events", "today", "expected"), [c[1:] for c in CLOCK_CASES], ids=[c[0] for c in CLOCK_CASES])
def test_clock(events: list[Event], today: str, expected: dict[str, Any], calendar: WorkCalendar) -> None:
    state = replay(events, today, calendar)
    actual = {key: getattr(state, key) for key in expected}
    assert actual == expected
    assert state.final == (state.status in (Status.ANSWERED, Status.WITHDRAWN, Status.ABANDONED))


def test_explanation_names_holidays_and_makeup_days(calendar: WorkCalendar) -> None:
    state = replay([ev("receive", "2025-09-26")], "2025-09-26", calendar)
    text = "\n".join(state.explanation)
    assert "2025年10月30日（星期四）" in text
    assert "2025-10-01至2025-10-08" in text
    assert "2025-09-28（周日）" in text and "2025-10-11（周六）" in text
    assert "仅供参考" not in text


def test_explanation_of_spring_festival_2026(calendar: WorkCalendar) -> None:
    text = "\n".join(replay([ev("receive", "2026-02-10")], "2026-02-10", calendar).explanation)
    assert "2026年3月16日（星期一）" in text
    assert "2026-02-14（周六）" in text and "2026-02-28（周六）" in text
    assert "春节" in text


def test_due_date_in_2027_says_it_is_provisional(calendar: WorkCalendar) -> None:
    state = replay([ev("receive", "2026-12-10")], "2026-12-10", calendar)
    text = "\n".join(state.explanation)
    assert state.provisional
    assert "2027年1月8日" in text
    assert "2027年的节假日安排尚未载入" in text and "已跳过其中的元旦1天" in text and "仅供参考" in text


def test_each_clock_change_is_explained(calendar: WorkCalendar) -> None:
    events = [
        RECEIVE_NOV,
        ev("consult_start", "2025-11-10"),
        ev("consult_end", "2025-11-14"),
        ev("extend", "2025-11-20"),
    ]
    text = "\n".join(replay(events, "2025-11-20", calendar).explanation)
    assert "2025年12月1日" in text  # first due date
    assert "用时4个工作日" in text and "2025年12月5日" in text  # after the consultation
    assert "2026年1月5日" in text  # the extension, counted from 12-05 (see below)


def test_extension_from_consult_adjusted_due_date(calendar: WorkCalendar) -> None:
    events = [
        RECEIVE_NOV,
        ev("consult_start", "2025-11-10"),
        ev("consult_end", "2025-11-14"),
        ev("extend", "2025-11-20"),
    ]
    # 2026-01-01 and 01-02 are holidays (元旦), 01-04 (Sun) a make-up day: 12-29..31 (18), 01-04 (19), 01-05 (20)
    assert replay(events, "2025-11-20", calendar).due_on == D("2026-01-05")


def test_late_reply_is_noted(calendar: WorkCalendar) -> None:
    late = replay([RECEIVE_NOV, ev("reply", "2025-12-02", outcome="disclosed")], "2025-12-02", calendar)
    on_time = replay([RECEIVE_NOV, ev("reply", "2025-12-01", outcome="disclosed")], "2025-12-01", calendar)
    assert "晚于答复期限" in late.explanation[-1]
    assert "晚于答复期限" not in "\n".join(on_time.explanation)
    assert OUTCOMES["disclosed"] in late.explanation[-1]


def test_supplement_and_fee_deadlines_are_explained(calendar: WorkCalendar) -> None:
    supplement = replay(
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20")], "2025-11-05", calendar
    )
    assert "2025年11月20日" in "\n".join(supplement.explanation)
    fee = replay([RECEIVE_NOV, ev("fee_notice", "2025-11-10", amount=50)], "2025-11-10", calendar)
    text = "\n".join(fee.explanation)
    assert "2025年12月8日" in text and "50元" in text


def test_payment_deadline_in_2027_is_provisional(calendar: WorkCalendar) -> None:
    # receipt 2026-11-20 (Fri) → due 2026-12-18, all in 2026; the fee notice on 12-10 has pay-by
    # 12-11 (1), 12-14..18 (6), 12-21..25 (11), 12-28..31 (15), 2027-01-01 元旦 off, 01-04..08 (20)
    state = replay([ev("receive", "2026-11-20"), ev("fee_notice", "2026-12-10", amount=20)], "2026-12-10", calendar)
    assert state.applicant_deadline == D("2027-01-08")
    assert state.provisional
    assert "2027年的节假日安排尚未载入" in "\n".join(state.explanation)


# --- order validation ------------------------------------------------------------------------------------

# (id, history, next event, today, a fragment of the Chinese message)
REFUSED: list[tuple[str, list[Event], Event, str, str]] = [
    ("reply-before-receive", [], ev("reply", "2025-11-03", outcome="disclosed"), "2025-11-03", "收到申请"),
    ("extend-before-receive", [], ev("extend", "2025-11-03"), "2025-11-03", "收到申请"),
    ("fee-paid-without-notice", [RECEIVE_NOV], ev("fee_paid", "2025-11-10"), "2025-11-10", "收费通知"),
    (
        "fee-paid-twice",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-05", amount=10), ev("fee_paid", "2025-11-06")],
        ev("fee_paid", "2025-11-07"),
        "2025-11-07",
        "收费通知",
    ),
    (
        "supplement-received-without-request",
        [RECEIVE_NOV],
        ev("supplement_received", "2025-11-10"),
        "2025-11-10",
        "补正",
    ),
    ("consult-end-without-start", [RECEIVE_NOV], ev("consult_end", "2025-11-10"), "2025-11-10", "征求意见"),
    (
        "consult-start-twice",
        [RECEIVE_NOV, ev("consult_start", "2025-11-05")],
        ev("consult_start", "2025-11-06"),
        "2025-11-06",
        "征求意见",
    ),
    (
        "date-going-backwards",
        [RECEIVE_NOV, ev("extend", "2025-11-20")],
        ev("consult_start", "2025-11-19"),
        "2025-11-25",
        "早于上一个事件",
    ),
    ("receive-in-the-future", [], ev("receive", "2025-11-04"), "2025-11-03", "晚于今天"),
    ("event-in-the-future", [RECEIVE_NOV], ev("extend", "2025-11-11"), "2025-11-10", "晚于今天"),
    (
        "event-after-final-reply",
        [RECEIVE_NOV, ev("reply", "2025-11-20", outcome="disclosed")],
        ev("extend", "2025-11-21"),
        "2025-11-21",
        "办结",
    ),
    (
        "withdraw-after-reply",
        [RECEIVE_NOV, ev("reply", "2025-11-20", outcome="disclosed")],
        ev("withdraw", "2025-11-21"),
        "2025-11-21",
        "办结",
    ),
    (
        "reply-after-withdrawal",
        [RECEIVE_NOV, ev("withdraw", "2025-11-20")],
        ev("reply", "2025-11-21", outcome="disclosed"),
        "2025-11-21",
        "办结",
    ),
    (
        "event-after-abandon",
        [RECEIVE_NOV, ev("abandon", "2025-11-20")],
        ev("supplement_received", "2025-11-21"),
        "2025-11-21",
        "办结",
    ),
    ("second-receive", [RECEIVE_NOV], ev("receive", "2025-11-04"), "2025-11-04", "已经记录过"),
    ("unknown-outcome", [RECEIVE_NOV], ev("reply", "2025-11-04", outcome="granted"), "2025-11-04", "outcome"),
    ("reply-without-outcome", [RECEIVE_NOV], ev("reply", "2025-11-04"), "2025-11-04", "outcome"),
    ("second-extension", [RECEIVE_NOV, ev("extend", "2025-11-20")], ev("extend", "2025-11-21"), "2025-11-21", "一次"),
    ("extension-after-due-date", [RECEIVE_NOV], ev("extend", "2025-12-02"), "2025-12-02", "已超过答复期限"),
    ("fee-notice-after-due-date", [RECEIVE_NOV], ev("fee_notice", "2025-12-02", amount=10), "2025-12-02", "已超过"),
    (
        "supplement-after-due-date",
        [RECEIVE_NOV],
        ev("request_supplement", "2025-12-02", until="2025-12-20"),
        "2025-12-02",
        "已超过",
    ),
    ("consult-after-due-date", [RECEIVE_NOV], ev("consult_start", "2025-12-02"), "2025-12-02", "已超过"),
    (
        "second-extension-after-payment",
        [
            RECEIVE_NOV,
            ev("extend", "2025-11-20"),
            ev("fee_notice", "2025-11-21", amount=10),
            ev("fee_paid", "2025-11-24"),
        ],
        ev("extend", "2025-11-25"),
        "2025-11-25",
        "一次",
    ),
    (
        "extension-while-awaiting-supplement",
        [RECEIVE_NOV, ev("request_supplement", "2025-11-05", until="2025-11-20")],
        ev("extend", "2025-11-06"),
        "2025-11-06",
        "暂停",
    ),
    (
        "extension-while-consulting",
        [RECEIVE_NOV, ev("consult_start", "2025-11-05")],
        ev("extend", "2025-11-06"),
        "2025-11-06",
        "暂停",
    ),
    (
        "second-supplement-request",
        [
            RECEIVE_NOV,
            ev("request_supplement", "2025-11-05", until="2025-11-20"),
            ev("supplement_received", "2025-11-10"),
        ],
        ev("request_supplement", "2025-11-11", until="2025-11-25"),
        "2025-11-11",
        "一次性",
    ),
    (
        "supplement-until-same-day",
        [RECEIVE_NOV],
        ev("request_supplement", "2025-11-05", until="2025-11-05"),
        "2025-11-05",
        "until",
    ),
    (
        "supplement-until-before-on",
        [RECEIVE_NOV],
        ev("request_supplement", "2025-11-05", until="2025-11-04"),
        "2025-11-05",
        "until",
    ),
    ("supplement-without-until", [RECEIVE_NOV], ev("request_supplement", "2025-11-05"), "2025-11-05", "until"),
    ("fee-notice-without-amount", [RECEIVE_NOV], ev("fee_notice", "2025-11-05"), "2025-11-05", "amount"),
    ("fee-notice-zero-amount", [RECEIVE_NOV], ev("fee_notice", "2025-11-05", amount=0), "2025-11-05", "amount"),
    (
        "fee-notice-while-awaiting-payment",
        [RECEIVE_NOV, ev("fee_notice", "2025-11-05", amount=10)],
        ev("fee_notice", "2025-11-06", amount=10),
        "2025-11-06",
        "暂停",
    ),
]


@pytest.mark.parametrize(
    ("history", "event", "today", "fragment"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_refused(history: list[Event], event: Event, today: str, fragment: str, calendar: WorkCalendar) -> None:
    before = list(history)
    with pytest.raises(EventError) as caught:
        validate_next(history, event, today=D(today), calendar=calendar)
    assert CJK.search(caught.value.zh), caught.value.zh
    assert fragment in caught.value.zh
    assert str(caught.value).startswith(caught.value.zh)
    assert caught.value.en and not CJK.search(caught.value.en)
    assert history == before  # nothing appended


def test_same_day_events_are_accepted(calendar: WorkCalendar) -> None:
    events = [RECEIVE_NOV, ev("consult_start", "2025-11-03"), ev("consult_end", "2025-11-03")]
    state = replay([*events, ev("reply", "2025-11-03", outcome="disclosed")], "2025-11-03", calendar)
    assert state.status is Status.ANSWERED


def test_withdraw_before_receipt_is_allowed(calendar: WorkCalendar) -> None:
    state = replay([ev("withdraw", "2025-11-03")], "2025-11-03", calendar)
    assert (state.status, state.closed_on, state.received_on) == (Status.WITHDRAWN, D("2025-11-03"), None)


def test_every_outcome_code_is_accepted(calendar: WorkCalendar) -> None:
    for code in OUTCOMES:
        state = replay([RECEIVE_NOV, ev("reply", "2025-11-20", outcome=code)], "2025-11-20", calendar)
        assert (state.status, state.outcome) == (Status.ANSWERED, code)
