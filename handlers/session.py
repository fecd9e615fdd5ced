"""A chat's conversation state, saved by the engine after every handled message."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Session:
    """Which flow a chat is in, at which step, and the data gathered so far."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def reset(self) -> None:
        """Leave any flow and forget its data."""
        self.flow = None
        self.step = None
        self.data = {}

    def to_json(self) -> str:
        """Serialise for the sessions table."""
        return json.dumps({"flow": self.flow, "step": self.step, "data": self.data}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Session:
        """Rebuild from the sessions table; an empty or unreadable row is a fresh session."""
        if not raw:
            return cls()
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            return cls()
        return cls(flow=obj.get("flow"), step=obj.get("step"), data=obj.get("data") or {})
