"""A chat's conversation state, saved by the engine after every handled message."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Session:
    """Which flow a chat is in, at which step, and the data gathered so far.

    `parked` holds a flow set aside while the chat does something else (an application draft paused by a
    question or the menu) as {"flow", "step", "data"}; leaving or starting other flows keeps it."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    parked: dict[str, Any] | None = None

    def reset(self) -> None:
        """Leave any flow and forget its data; a parked flow stays parked."""
        self.flow = None
        self.step = None
        self.data = {}

    def park(self) -> None:
        """Set the current flow aside, to be resumed with `unpark`."""
        self.parked = {"flow": self.flow, "step": self.step, "data": self.data}
        self.reset()

    def unpark(self) -> None:
        """Make the parked flow current again."""
        if self.parked is not None:
            self.flow, self.step, self.data = self.parked["flow"], self.parked["step"], self.parked["data"]
            self.parked = None

    def to_json(self) -> str:
        """Serialise for the sessions table."""
        state = {"flow": self.flow, "step": self.step, "data": self.data, "parked": self.parked}
        return json.dumps(state, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Session:
        """Rebuild from the sessions table; an empty or unreadable row is a fresh session."""
        if not raw:
            return cls()
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            return cls()
        parked = obj.get("parked")
        return cls(
            flow=obj.get("flow"),
            step=obj.get("step"),
            data=obj.get("data") or {},
            parked=parked if isinstance(parked, dict) else None,
        )
