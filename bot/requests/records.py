"""A request as stored and shown: its recorded events, the view with its clock, and the stored forms of both."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.lifecycle import EVENT_LABELS, RECEIPT_RULES, ClockState, Event, EventType
from knowledge.statute import OUTCOMES

# The applicant's details after the retention period: {"removed_on": "YYYY-MM-DD"}; details no key opens.
REMOVED = "removed_on"
UNREADABLE_KEY = "unreadable"


@dataclass(frozen=True)
class RecordedEvent:
    event: Event
    recorded_at: str
    # Who entered it: a staff account's name, the shared admin token, the command line; None for the applicant's
    # own online submission and for events recorded before accounts existed.
    recorded_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        e = self.event
        data: dict[str, Any] = {"type": e.type.value, "label": EVENT_LABELS[e.type], "on": e.on.isoformat()}
        data.update(event_data(e))
        if e.outcome:
            data["outcome_label"] = OUTCOMES[e.outcome]
        data["recorded_at"] = self.recorded_at
        data["recorded_by"] = self.recorded_by
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


@dataclass(frozen=True)
class Created:
    view: RequestView
    query_code: str


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def event_data(event: Event) -> dict[str, Any]:
    """An event's optional fields, as stored in its `data` column (JSON) and shown."""
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


def stored_event(kind: str, on: str, data: str, recorded_at: str, recorded_by: str | None = None) -> RecordedEvent:
    """An event from its row of the events table."""
    extra = json.loads(data)
    event = Event(
        type=EventType(kind),
        on=date.fromisoformat(on),
        note=extra.get("note"),
        until=date.fromisoformat(extra["until"]) if extra.get("until") else None,
        amount=extra.get("amount"),
        outcome=extra.get("outcome"),
    )
    return RecordedEvent(event, recorded_at, recorded_by)


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
