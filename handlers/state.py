"""Each flow's typed state, and the one place a state is read from and written to a session's stored row.

A row holds `{"flow", "step", "data", "parked"}` (handlers/session.py); `data` is the current flow's state in the
shape `write_state` gives it, as rows have always held it. Fields a state no longer has are ignored when read; a
state that cannot be read at all makes the whole row unreadable (a fresh session), never a half-read flow.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

from knowledge.context import Focus

# The flows a chat can be in, by the name its session row keeps.
APPLY, CALC, REMEDY, STATUS = "apply", "calc", "remedy", "status"
FOCUS = "focus"


class UnreadableState(ValueError):
    """A stored state that is not what its flow writes."""


@dataclass(frozen=True)
class Conversation:
    """Outside any flow: what the last answer was about, so that a follow-up is read with it."""

    focus: Focus


@dataclass(frozen=True)
class StatusState:
    """The status check, holding a tracking number that came without its query code."""

    number: str


@dataclass
class WizardState:
    """One application draft and where the wizard stands with it."""

    started: str
    draft: dict[str, str] = field(default_factory=dict)
    # A short random id: buttons of an earlier draft never match this one.
    token: str = field(default_factory=lambda: secrets.token_hex(2))
    rev: int = 0
    # The steps visited before the current one, for 上一步.
    history: list[str] = field(default_factory=list)
    # While editing from the review: the steps still to ask before returning to it ([] = return next).
    editing: list[str] | None = None
    # A description the checker flagged, kept until the user retypes, keeps or splits it.
    pending_description: str | None = None
    split_items: list[str] = field(default_factory=list)
    # Items split off this application, each to become its own draft after this one.
    queued_items: list[str] = field(default_factory=list)
    # Text a free-text step refused as a question, which the user may still keep as the answer.
    held: str | None = None


@dataclass
class RemedyState:
    """What the remedy flow has gathered: the dates and, for a letter, its details."""

    rev: int = 0
    known_on: str = ""
    kind: str = ""
    letter: str = ""
    tracking_no: str = ""
    applied_on: str = ""
    outcome_label: str = ""
    # The letter's details (name, phone, address, description; id_number only from the request store).
    details: dict[str, str] = field(default_factory=dict)
    # Details the user chose to leave blank, never asked again in this flow.
    blank: list[str] = field(default_factory=list)
    # Details asked in this flow, in the order asked: 上一步 goes back through them.
    asked: list[str] = field(default_factory=list)


FlowState = Conversation | StatusState | WizardState | RemedyState
S = TypeVar("S", WizardState, RemedyState)


def read_state(flow: str | None, data: Any) -> FlowState | None:
    """The state of `flow` from a row's data; None where the flow holds nothing (a calculator, no focus)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UnreadableState(f"the data of flow {flow!r} is no object")
    if flow is None:
        focus = Focus.from_dict(data.get(FOCUS))
        return None if focus is None else Conversation(focus)
    if flow == CALC:
        return None
    if flow == STATUS:
        number = data.get("number")
        return StatusState(number) if isinstance(number, str) else None
    if flow == APPLY:
        return _filled(WizardState, data)
    if flow == REMEDY:
        # The remedy flow's state sits under the flow's name.
        return _filled(RemedyState, data.get(REMEDY) or {})
    raise UnreadableState(f"no flow is called {flow!r}")


def write_state(state: FlowState | None) -> dict[str, Any]:
    """A state as a row's data (the inverse of `read_state`)."""
    if state is None:
        return {}
    if isinstance(state, Conversation):
        return {FOCUS: state.focus.to_dict()}
    if isinstance(state, StatusState):
        return {"number": state.number}
    if isinstance(state, RemedyState):
        return {REMEDY: asdict(state)}
    return asdict(state)


def _filled(kind: type[S], data: Any) -> S:
    """A state built from the stored fields it still has."""
    if not isinstance(data, dict):
        raise UnreadableState(f"the {kind.__name__} is no object")
    known = {f.name for f in fields(kind)}
    try:
        return kind(**{key: value for key, value in data.items() if key in known})
    except TypeError as missing:
        raise UnreadableState(str(missing)) from missing
