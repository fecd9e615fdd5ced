"""What the answerer returns: the text, whether it knew, its source and what the conversation is now about."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.context import Focus


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, whether it knew, and where the answer comes from."""

    text: str
    matched: bool
    source: str | None = None
    topic: str | None = None
    # The question was understood but its input is unusable (a date that does not exist, -3件).
    invalid: bool = False
    # What the conversation is now about, for the next question's follow-ups.
    focus: Focus | None = None
    # Candidates offered when the question could mean two or three things: (label, entry id).
    clarify: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def render(self) -> str:
        """The answer with its source line, as shown to the user."""
        return f"{self.text}\n\n来源：{self.source}" if self.source else self.text
