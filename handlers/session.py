"""A chat's conversation state, saved by the engine after every handled message."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from handlers.state import FlowState, UnreadableState, read_state, write_state


@dataclass(frozen=True)
class Parked:
    """A flow set aside while the chat does something else (an application draft paused by a question or the
    menu); leaving or starting other flows keeps it."""

    flow: str | None
    step: str | None
    state: FlowState | None


@dataclass
class Session:
    """Which flow a chat is in, at which step, and that flow's typed state (handlers/state.py)."""

    flow: str | None = None
    step: str | None = None
    state: FlowState | None = None
    parked: Parked | None = None

    def reset(self) -> None:
        """Leave any flow and forget its state; a parked flow stays parked."""
        self.flow = None
        self.step = None
        self.state = None

    def park(self) -> None:
        """Set the current flow aside, to be resumed with `unpark`."""
        self.parked = Parked(self.flow, self.step, self.state)
        self.reset()

    def unpark(self) -> None:
        """Make the parked flow current again."""
        if self.parked is not None:
            self.flow, self.step, self.state = self.parked.flow, self.parked.step, self.parked.state
            self.parked = None

    def to_json(self) -> str:
        """Serialise for the sessions table."""
        parked = None if self.parked is None else _row(self.parked.flow, self.parked.step, self.parked.state)
        return json.dumps({**_row(self.flow, self.step, self.state), "parked": parked}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Session:
        """Rebuild from the sessions table; an empty or unreadable row is a fresh session."""
        if not raw:
            return cls()
        try:
            row = json.loads(raw)
            if not isinstance(row, dict):
                return cls()
            flow, step, parked = row.get("flow"), row.get("step"), row.get("parked")
            return cls(
                flow=flow,
                step=step,
                state=read_state(flow, row.get("data")),
                parked=_parked(parked) if isinstance(parked, dict) else None,
            )
        except (json.JSONDecodeError, UnreadableState):
            return cls()


def _row(flow: str | None, step: str | None, state: FlowState | None) -> dict[str, Any]:
    return {"flow": flow, "step": step, "data": write_state(state)}


def _parked(row: dict[str, Any]) -> Parked:
    flow = row.get("flow")
    return Parked(flow, row.get("step"), read_state(flow, row.get("data")))
