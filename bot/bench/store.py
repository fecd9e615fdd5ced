"""The request store at scale: status lookups, event inserts, the overdue listing and the annual report's yearly
table over a synthetic store."""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.bench.common import AREA_CODE, PREFIX, percentile
from bot.bench.staff import staff_list_bench
from bot.report_table import yearly_table
from bot.requests.records import event_data, summary_columns
from bot.requests.repository import RequestStore
from bot.store import Store
from knowledge.clock import CHINA
from knowledge.lifecycle import ClockState, Event, EventError, EventType, Status, evaluate, validate_next
from knowledge.tracking import format_number
from knowledge.workdays import WorkCalendar

STORE_SIZE = 1_000_000
STORE_LOOKUPS = 2_000
STORE_INSERTS = 2_000
STORE_SEED = 20261231
# The bench's fixed "today": receipts are spread over 2025–2026 and no event may lie after it.
STORE_TODAY = date(2026, 12, 31)
STORE_FIRST_DAY = date(2025, 1, 1)
STORE_DAYS = (STORE_TODAY - STORE_FIRST_DAY).days + 1
STORE_CHUNK = 50_000
TARGET_LOOKUP_P99_MS = 1.0
TARGET_YEARLY_TABLE_S = 3.0

# Typical lives of a request: (weight in %, events after `receive` as (type, calendar days after receipt, extra)).
# Events that would fall after STORE_TODAY are cut off, so recent receipts are still open.
STORE_PATTERNS: tuple[tuple[int, tuple[tuple[str, int, dict[str, Any]], ...]], ...] = (
    (47, (("reply", 14, {"outcome": "disclosed"}),)),
    (10, (("reply", 25, {"outcome": "partly_disclosed"}),)),
    (10, (("extend", 20, {}), ("reply", 45, {"outcome": "withheld_process"}))),
    (
        8,
        (
            ("request_supplement", 3, {"until": 18}),
            ("supplement_received", 10, {}),
            ("reply", 30, {"outcome": "unavailable_not_held"}),
        ),
    ),
    (4, (("request_supplement", 3, {"until": 18}), ("reply", 25, {"outcome": "other_no_supplement"}))),
    (6, (("consult_start", 5, {}), ("consult_end", 19, {}), ("reply", 35, {"outcome": "withheld_third_party"}))),
    (3, (("fee_notice", 7, {"amount": 100}), ("fee_paid", 14, {}), ("reply", 35, {"outcome": "disclosed"}))),
    (1, (("fee_notice", 7, {"amount": 60}), ("reply", 45, {"outcome": "other_fee_unpaid"}))),
    (3, (("withdraw", 4, {}),)),
    (5, (("reply", 10, {"outcome": "not_processed_duplicate"}),)),
    (1, ()),  # received and forgotten: overdue once its 20 working days are past
    (1, (("extend", 20, {}),)),  # extended and forgotten
    (1, (("request_supplement", 3, {"until": 18}),)),  # the applicant never answered: lapsed
)

_DESCRIPTIONS = (
    "2025年某路段道路改造工程的立项批复文件",
    "本街道2024年度财政预算执行情况",
    "某小区征收补偿安置方案及补偿标准",
    "区属学校2025年招生计划及划片范围",
)

_CHANNELS = ("online", "in_person", "post", "letter", "fax")


@dataclass(frozen=True)
class _Life:
    """One pattern replayed from one receipt date: the event rows and the derived request columns."""

    events: tuple[tuple[str, str, str, str], ...]  # type, on, data, recorded_at
    summary: tuple[str, str | None, str | None, str | None, str | None, str | None]


def _life(pattern: tuple[tuple[str, int, dict[str, Any]], ...], received: date, calendar: WorkCalendar) -> _Life:
    """Replay a pattern from a receipt date through the real clock, as RequestStore.add_event would."""
    events = [Event(EventType.RECEIVE, received)]
    for kind, offset, extra in pattern:
        on = received + timedelta(days=offset)
        if on > STORE_TODAY:
            break
        fields = dict(extra)
        if "until" in fields:
            fields["until"] = received + timedelta(days=fields["until"])
        events.append(Event(EventType(kind), on, **fields))
    state: ClockState | None = None
    for i, event in enumerate(events):
        try:
            state = validate_next(events[:i], event, today=STORE_TODAY, calendar=calendar)
        except EventError:  # a pattern that does not fit this date (none expected): keep what did
            events = events[:i]
            break
    assert state is not None
    rows = tuple(
        (e.type.value, e.on.isoformat(), json.dumps(event_data(e), ensure_ascii=False), f"{e.on}T02:00:00+00:00")
        for e in events
    )
    summary = summary_columns(state)
    return _Life(rows, summary)


@dataclass
class BuiltStore:
    numbers: dict[int, int]  # requests per year of receipt
    events: int
    seconds: float


def build_store(path: Path, size: int, calendar: WorkCalendar) -> BuiltStore:
    """Write `size` synthetic requests and their events straight into a fresh store file, in one transaction."""
    start = time.perf_counter()
    Store.open(path).close()  # the real schema, migrated
    conn = sqlite3.connect(path, isolation_level=None)
    # For the build only: no journal, no fsync, secondary indexes built after the load.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('requests', 'events') "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    rng = random.Random(STORE_SEED)
    weights = list(itertools.accumulate(weight for weight, _ in STORE_PATTERNS))
    days = sorted(rng.randrange(STORE_DAYS) for _ in range(size))  # chronological, like real numbering
    kinds = rng.choices(range(len(STORE_PATTERNS)), cum_weights=weights, k=size)
    lives: dict[tuple[int, int], _Life] = {}
    numbers: dict[int, int] = {}
    event_count = 0
    conn.execute("BEGIN")
    for first in range(0, size, STORE_CHUNK):
        request_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        for i in range(first, min(size, first + STORE_CHUNK)):
            key = (kinds[i], days[i])
            life = lives.get(key)
            if life is None:
                received = STORE_FIRST_DAY + timedelta(days=days[i])
                life = lives[key] = _life(STORE_PATTERNS[kinds[i]][1], received, calendar)
            received_on = life.summary[1]
            assert received_on is not None, key  # every pattern starts with its receipt
            year = 2025 if received_on < "2026" else 2026
            n = numbers[year] = numbers.get(year, 0) + 1
            number = format_number(year, n, prefix=PREFIX)
            request_id = i + 1
            request_rows.append(
                (
                    request_id,
                    number,
                    b"\0" * 16,  # placeholder salt and hash: the bench never checks a query code
                    b"\0" * 32,
                    "citizen",
                    f'{{"name": "申请人{i}", "phone": "{AREA_CODE}-{i % 100000000:08d}"}}',
                    _CHANNELS[i % len(_CHANNELS)],
                    _DESCRIPTIONS[i % len(_DESCRIPTIONS)],
                    f"{life.summary[1]}T01:00:00+00:00",
                    *life.summary,
                )
            )
            event_rows.extend((request_id, *row) for row in life.events)
        conn.executemany(
            "INSERT INTO requests (id, tracking_no, code_salt, code_hash, applicant_type, applicant, channel, "
            "description, created_at, status, received_on, due_on, applicant_deadline, closed_on, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            request_rows,
        )
        conn.executemany(
            "INSERT INTO events (request_id, type, on_date, data, recorded_at) VALUES (?, ?, ?, ?, ?)", event_rows
        )
        event_count += len(event_rows)
    conn.executemany(
        "INSERT INTO counters (name, value) VALUES (?, ?)",
        [(f"tracking:{year}", count) for year, count in numbers.items()],
    )
    conn.execute("COMMIT")
    for _, sql in indexes:
        conn.execute(sql)
    # The planner's statistics, as the daily job keeps them on a running store.
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return BuiltStore(numbers, event_count, time.perf_counter() - start)


def _lookup_parts(requests: RequestStore, number: str) -> tuple[float, float, float]:
    """Seconds of one lookup split into: the request row, its events (query and decoding), evaluate()."""
    t0 = time.perf_counter()
    row = requests.conn.execute("SELECT id FROM requests WHERE tracking_no = ?", [number]).fetchone()
    t1 = time.perf_counter()
    events = requests._events(row[0])
    t2 = time.perf_counter()
    evaluate([e.event for e in events], today=requests.today(), calendar=requests.calendar)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def store_bench(size: int) -> None:
    """Build the synthetic store, then time lookups, event inserts and the overdue listing."""
    calendar = WorkCalendar()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        path = Path(tmp) / "requests.db"
        built = build_store(path, size, calendar)
        megabytes = path.stat().st_size / 2**20
        print(f"request store: {size:,} synthetic requests, {built.events:,} events, {megabytes:,.0f} MB")
        print(f"  built in {built.seconds:.1f} s (bulk SQL in one transaction; journal off for the build only)")
        store = Store.open(path)
        requests = RequestStore(store, calendar=calendar, now=lambda: datetime(2026, 12, 31, 12, tzinfo=CHINA))
        rng = random.Random(STORE_SEED + 1)
        years = sorted(built.numbers)
        weights = [built.numbers[y] for y in years]
        sample = [
            format_number(year, rng.randint(1, built.numbers[year]), prefix=PREFIX)
            for year in rng.choices(years, weights=weights, k=STORE_LOOKUPS)
        ]
        for number in sample[:200]:  # warm-up: calendar cache, statement cache
            requests.get(number)
        times = []
        for number in sample:
            start = time.perf_counter()
            view = requests.get(number)
            times.append(time.perf_counter() - start)
            assert view is not None, number
        p50, p99 = statistics.median(times) * 1000, percentile(times, 0.99) * 1000
        verdict = "met" if p99 <= TARGET_LOOKUP_P99_MS else "MISSED"
        print(f"  status lookup RequestStore.get: {len(sample):,} random numbers")
        print(
            f"    median {p50:.3f} ms   p99 {p99:.3f} ms   max {max(times) * 1000:.3f} ms   "
            f"(target p99 ≤ {TARGET_LOOKUP_P99_MS:g} ms: {verdict})"
        )
        parts = [_lookup_parts(requests, number) for number in sample]
        row_us, events_us, clock_us = (statistics.median(p) * 1e6 for p in zip(*parts, strict=True))
        clock_p99 = percentile([p[2] for p in parts], 0.99) * 1e6
        print(
            f"    where the time goes (median): request row {row_us:.0f} µs, events query+decode {events_us:.0f} µs,"
            f" evaluate() {clock_us:.0f} µs (p99 {clock_p99:.0f} µs)"
        )
        # The derived columns written by the build agree with what the clock says from the events.
        for number in sample[:200]:
            view = requests.get(number)
            assert view is not None, number
            row = store.conn.execute(
                "SELECT status, received_on, due_on, applicant_deadline, closed_on, outcome FROM requests "
                "WHERE tracking_no = ?",
                [number],
            ).fetchone()
            assert row == summary_columns(view.clock), (number, row)

        start = time.perf_counter()
        overdue = requests.find(overdue=True)
        listing = time.perf_counter() - start
        start = time.perf_counter()
        overdue_ids = store.conn.execute(
            "SELECT id FROM requests WHERE status IN (?, ?) AND due_on < ?",
            [Status.PROCESSING.value, Status.EXTENDED.value, STORE_TODAY.isoformat()],
        ).fetchall()
        query = time.perf_counter() - start
        assert len(overdue_ids) == len(overdue)
        start = time.perf_counter()
        for view in overdue:  # the working days left, as evaluate() counts them for each row
            assert view.clock.due_on is not None  # an overdue request has a due date
            calendar.working_days_between(STORE_TODAY, view.clock.due_on)
        counting = time.perf_counter() - start
        print(
            f"  overdue listing RequestStore.find(overdue=True): {len(overdue):,} rows in {listing:.2f} s "
            + (f"({listing / len(overdue) * 1e6:.0f} µs a row)" if overdue else "")
        )
        print(
            f"    where the time goes: the SQL alone {query * 1000:.1f} ms; working days left "
            f"(WorkCalendar.working_days_between) {counting:.2f} s"
        )

        # Agency actions are refused after the due date, so the inserts go to requests still within it.
        open_numbers = [
            row[0]
            for row in store.conn.execute(
                "SELECT tracking_no FROM requests WHERE status IN (?, ?) AND due_on >= ?",
                [Status.PROCESSING.value, Status.EXTENDED.value, STORE_TODAY.isoformat()],
            )
        ]
        targets = rng.sample(open_numbers, min(len(open_numbers), STORE_INSERTS // 2))
        plan = [(number, kind) for number in targets for kind in ("consult_start", "consult_end")]
        start = time.perf_counter()
        for number, kind in plan:
            requests.add_event(number, {"type": kind, "on": STORE_TODAY.isoformat(), "note": "bench"})
        inserted = time.perf_counter() - start
        print(
            f"  event insert RequestStore.add_event: {len(plan):,} events in {inserted:.2f} s = "
            f"{len(plan) / inserted:,.0f} events/s (one transaction each, WAL, synchronous=NORMAL)"
        )

        # The annual report's table of the last (still running) year: received, carried in, every outcome, carried out.
        start = time.perf_counter()
        table = yearly_table(requests, STORE_TODAY.year)
        seconds = time.perf_counter() - start
        verdict = "met" if seconds <= TARGET_YEARLY_TABLE_S else "MISSED"
        print(
            f"  yearly table from the {size:,}-request store (report_table.yearly_table, {STORE_TODAY.year}): "
            f"{seconds:.2f} s (target ≤ {TARGET_YEARLY_TABLE_S:g} s: {verdict})"
        )
        total = next(check for check in table.identity() if check.column == "total")
        verdict = "identity holds" if table.consistent else "IDENTITY VIOLATED: " + "; ".join(table.problems())
        print(
            f"    {total.new:,} new + {total.carried_in:,} carried in = {total.handled:,} handled + "
            f"{total.carried_out:,} carried to next year: {verdict}"
        )
        staff_list_bench(requests)
        store.close()
