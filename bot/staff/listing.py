"""The staff list's filters and its query: a page of requests straight from the summary columns (the clock's status,
receipt and due dates are denormalised there), so the first page of a million requests comes back quickly."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.admin import MAX_DUE_WITHIN_DAYS
from bot.crypto import VaultError
from bot.requests.intake import CHANNELS
from bot.requests.repository import RequestStore
from knowledge.lifecycle import STATUS_LABELS, Status
from knowledge.tracking import normalize_number

PER_PAGE = 50
MAX_PAGE = 100_000
RUNNING = (Status.PROCESSING.value, Status.EXTENDED.value)
COLUMNS = "id, tracking_no, status, received_on, due_on, channel, applicant_type, applicant, description, outcome"


class FilterError(ValueError):
    """A filter value that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class Filters:
    status: str = ""
    overdue: bool = False
    due_within: int | None = None
    due_by: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    channel: str = ""
    q: str = ""

    def query(self, **changes: Any) -> dict[str, str]:
        """The filters as query parameters (empty ones left out), with `changes` applied."""
        values = replace(self, **changes) if changes else self
        params = {
            "status": values.status,
            "overdue": "1" if values.overdue else "",
            "due_within": "" if values.due_within is None else str(values.due_within),
            "due_by": values.due_by.isoformat() if values.due_by else "",
            "received_from": values.received_from.isoformat() if values.received_from else "",
            "received_to": values.received_to.isoformat() if values.received_to else "",
            "channel": values.channel,
            "q": values.q,
        }
        return {key: value for key, value in params.items() if value}

    def describe(self) -> str:
        """The filters in words, for the audit trail of an export."""
        parts = [f"{key}={value}" for key, value in self.query().items()]
        return "，".join(parts) or "全部"


def _date(raw: str, label: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FilterError(f"{label}不是有效日期（例如 2026-11-25）") from None


def parse_filters(query: Mapping[str, str]) -> Filters:
    """The list's filters from a query string; FilterError naming the bad one."""
    status = query.get("status", "").strip()
    if status and status not in STATUS_LABELS:
        raise FilterError("没有这个状态")
    channel = query.get("channel", "").strip()
    if channel and channel not in CHANNELS:
        raise FilterError("没有这种提交方式")
    raw_within = query.get("due_within", "").strip()
    due_within = None
    if raw_within:
        if not raw_within.isdigit() or int(raw_within) > MAX_DUE_WITHIN_DAYS:
            raise FilterError(f"“几个工作日内到期”须为0到{MAX_DUE_WITHIN_DAYS}的整数")
        due_within = int(raw_within)
    filters = Filters(
        status=status,
        overdue=query.get("overdue", "") in ("1", "on", "true"),
        due_within=due_within,
        due_by=_date(query.get("due_by", "").strip(), "到期日"),
        received_from=_date(query.get("received_from", "").strip(), "收到日期（起）"),
        received_to=_date(query.get("received_to", "").strip(), "收到日期（止）"),
        channel=channel,
        q=query.get("q", "").strip()[:100],
    )
    if filters.received_from and filters.received_to and filters.received_from > filters.received_to:
        raise FilterError("收到日期的起始日不能晚于截止日")
    return filters


def page_number(raw: str) -> int:
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise FilterError("页码不对")
    return int(raw)


def _where(filters: Filters, requests: RequestStore) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    today = requests.today()
    if filters.status:
        clauses.append("status = ?")
        params.append(filters.status)
    deadlines, deadline_params = [], []
    if filters.overdue:
        deadlines.append("due_on < ?")
        deadline_params.append(today.isoformat())
    if filters.due_within is not None:
        until = requests.calendar.working_days_after(today, filters.due_within).due if filters.due_within else today
        deadlines.append("(due_on >= ? AND due_on <= ?)")
        deadline_params += [today.isoformat(), until.isoformat()]
    if filters.due_by is not None:
        deadlines.append("(due_on >= ? AND due_on <= ?)")
        deadline_params += [today.isoformat(), filters.due_by.isoformat()]
    if deadlines:
        # Only a running clock has a deadline that can pass.
        clauses.append(f"status IN (?, ?) AND ({' OR '.join(deadlines)})")
        params += [*RUNNING, *deadline_params]
    if filters.received_from:
        clauses.append("received_on >= ?")
        params.append(filters.received_from.isoformat())
    if filters.received_to:
        clauses.append("received_on <= ?")
        params.append(filters.received_to.isoformat())
    if filters.channel:
        clauses.append("channel = ?")
        params.append(filters.channel)
    if filters.q:
        number = normalize_number(filters.q, prefix=requests.prefix)
        if number:
            clauses.append("tracking_no = ?")
            params.append(number)
        else:
            clauses.append("applicant_key = ?")
            params.append(requests.names.key(filters.q))
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _order(filters: Filters) -> str:
    if filters.overdue or filters.due_within is not None or filters.due_by is not None:
        return "ORDER BY due_on, id"
    return "ORDER BY id DESC"


@dataclass(frozen=True)
class Row:
    tracking_no: str
    status: str
    received_on: str | None
    due_on: str | None
    channel: str
    applicant_type: str
    applicant: dict[str, str]
    description: str
    outcome: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    def overdue(self, today: date) -> bool:
        return self.status in RUNNING and self.due_on is not None and self.due_on < today.isoformat()


def _row(requests: RequestStore, raw: tuple) -> Row:
    _id, number, status, received, due, channel, applicant_type, applicant, description, outcome = raw
    return Row(
        number, status, received, due, channel, applicant_type, _opened(requests, applicant), description, outcome
    )


def _opened(requests: RequestStore, stored: str) -> dict[str, str]:
    try:
        opened = json.loads(stored if stored.startswith("{") else requests.store.vault.open(stored))
    except (VaultError, ValueError):
        return {}
    return opened if isinstance(opened, dict) else {}


def count(requests: RequestStore, filters: Filters) -> int:
    """How many requests the filters select."""
    where, params = _where(filters, requests)
    return int(requests.conn.execute(f"SELECT COUNT(*) FROM requests {where}", params).fetchone()[0])


def find_page(requests: RequestStore, filters: Filters, page: int, per_page: int = PER_PAGE) -> tuple[list[Row], int]:
    """One page of the requests the filters select, and how many they select in all."""
    where, params = _where(filters, requests)
    total = count(requests, filters)
    rows = requests.conn.execute(
        f"SELECT {COLUMNS} FROM requests {where} {_order(filters)} LIMIT ? OFFSET ?",
        [*params, per_page, (page - 1) * per_page],
    ).fetchall()
    return [_row(requests, row) for row in rows], total


def find_all(requests: RequestStore, filters: Filters, batch: int = 1000) -> Iterator[Row]:
    """Every request the filters select, in the list's order, read in batches."""
    where, params = _where(filters, requests)
    cursor = requests.conn.execute(f"SELECT {COLUMNS} FROM requests {where} {_order(filters)}", params)
    while rows := cursor.fetchmany(batch):
        for row in rows:
            yield _row(requests, row)
