"""How the application wizard moves between steps (its typed state, `WizardState`, is in handlers/state.py); the
steps themselves are in apply.py.

Every button the wizard shows names its draft, the draft's revision and its step:
`apply:<draft>.<rev>:<step>:<verb>[:<argument>]`. The revision grows on every move to another step, so a
button pressed after the wizard has moved on — from an earlier step, or an earlier visit of the same step —
no longer matches and acts on nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from handlers.context import Services
from handlers.draft import CITIZEN, fields_for
from handlers.messages import Button, Reply
from handlers.session import Session
from handlers.state import APPLY, WizardState

FLOW = APPLY
PREFIX = f"{FLOW}:"
# Buttons that act on whatever draft there is, not on one step of it.
START = "apply:start"
RESUME = "apply:resume"
# 上一步 goes back at most this many steps (edits from the review add to the path).
MAX_HISTORY = 60


def steps_for(draft: dict[str, str]) -> list[str]:
    """The steps that fill this draft, in order, up to the review."""
    steps = ["notice", "applicant_type"]
    for form_field in fields_for(draft.get("applicant_type", CITIZEN)):
        if form_field.key == "id_type_other" and draft.get("id_type") != "other":
            continue
        steps.append(form_field.key)
    return [*steps, "review"]


@dataclass(frozen=True)
class Pressed:
    """A wizard button's action taken apart."""

    version: str
    step: str
    verb: str
    argument: str

    @classmethod
    def parse(cls, action: str) -> Pressed | None:
        """The parts of `apply:<draft>.<rev>:<step>:<verb>[:<argument>]`, or None for another shape."""
        parts = action.split(":", 4)
        if len(parts) < 4 or parts[0] != FLOW:
            return None
        return cls(parts[1], parts[2], parts[3], parts[4] if len(parts) == 5 else "")


@dataclass
class Turn:
    """One handled message of the wizard: the session, the services and the draft's state."""

    session: Session
    services: Services
    state: WizardState
    # A line shown before the next question ("已按原样保留描述。").
    note: str = ""

    @classmethod
    def load(cls, session: Session, services: Services) -> Turn:
        """The wizard as the session holds it (a session in the wizard always holds its state)."""
        assert isinstance(session.state, WizardState)
        return cls(session, services, session.state)

    @property
    def step(self) -> str:
        return self.session.step or "notice"

    @property
    def draft(self) -> dict[str, str]:
        return self.state.draft

    @property
    def version(self) -> str:
        """The draft and revision every button of this turn carries."""
        return f"{self.state.token}.{self.state.rev}"

    def save(self) -> None:
        """Write the state back into the session."""
        self.session.state = self.state

    def expired(self) -> bool:
        """Whether the draft is older than the configured retention."""
        started = date.fromisoformat(self.state.started)
        return self.services.answerer.today() > started + timedelta(days=self.services.draft_days)

    def button(self, label: str, verb: str, argument: str = "", *, primary: bool = False) -> Button:
        """A button of the current step and revision."""
        action = f"{PREFIX}{self.version}:{self.step}:{verb}" + (f":{argument}" if argument else "")
        return Button(label, action, primary=primary)

    def go(self, step: str) -> None:
        """Move to `step`, remembering where we were for 上一步."""
        self.state.history = [*self.state.history, self.step][-MAX_HISTORY:]
        self.session.step = step
        self.state.rev += 1

    def advance(self) -> None:
        """Move on after a step is answered: to the next step the edit needs, the review, or the next in order."""
        editing = self.state.editing
        if editing is not None:
            if editing:
                self.go(editing.pop(0))
            else:
                self.state.editing = None
                self.go("review")
            return
        order = steps_for(self.draft)
        self.go(order[order.index(self.step) + 1] if self.step in order else "review")

    def back(self) -> bool:
        """Return to the step before; False at the first step."""
        if not self.state.history:
            return False
        self.session.step = self.state.history.pop()
        self.state.rev += 1
        if self.session.step == "review":
            self.state.editing = None
        elif self.state.editing is not None:
            # Still editing from the review: after this step, go back to it.
            self.state.editing = []
        return True


Rows = list[tuple[Button, ...]]
# What a button (with its argument) or typed text does at a step: replies to show before the next question.
Handler = Callable[[Turn, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Step:
    """One step of the wizard."""

    title: str
    # The question and its own buttons (上一步 and 退出 are added under every step).
    prompt: Callable[[Turn], tuple[str, Rows]]
    # Button verb → what it does, with the button's argument.
    actions: Mapping[str, Handler] = field(default_factory=dict)
    # What typed text does; None where the step wants a button or a file.
    text: Handler | None = None
