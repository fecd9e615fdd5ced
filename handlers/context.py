"""What handlers may use besides the message and the session."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.answer import Answerer


@dataclass(frozen=True)
class Services:
    """The knowledge (and later the store) a handler consults."""

    answerer: Answerer
