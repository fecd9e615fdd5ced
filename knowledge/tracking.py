"""Tracking numbers and query codes: how they are made, written, read back from what people type and found in a
message. The one definition of both formats, for the request store, the chat flows, the CLI and the bench.

A tracking number is the agency's prefix (its guide's `tracking_prefix`, passed as `prefix`), the year and a
serial of six digits (LX2026-000123); people may type it in either case, with spaces, full-width forms or the short
serial (lx2026-123). A query code is CODE_LENGTH characters of CODE_ALPHABET, which leaves out the look-alikes I,
L, O, 0 and 1.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable
from functools import cache

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

_CODE = re.compile(rf"(?<![A-Z0-9])([{CODE_ALPHABET}](?:\s?[{CODE_ALPHABET}]){{{CODE_LENGTH - 1}}})(?![A-Z0-9])")


@cache
def _patterns(prefix: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A whole number as typed (after folding), and a number anywhere in a message."""
    escaped = re.escape(prefix.upper())
    whole = re.compile(rf"^{escaped}(\d{{4}})-?(\d{{1,6}})$")
    inside = re.compile(rf"{escaped}\s*(\d{{4}})\s*[-－—]?\s*(\d{{1,6}})", re.IGNORECASE)
    return whole, inside


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper()


def format_number(year: int | str, serial: int, *, prefix: str) -> str:
    """A tracking number as stored and shown: LX2026-000123 (the year as a number or as the four digits typed)."""
    return f"{prefix}{year}-{serial:06d}"


def normalize_number(raw: str, *, prefix: str) -> str | None:
    """The tracking number `raw` is, as stored, tolerating case, spaces and full-width forms; None if it is none."""
    text = re.sub(r"[\s_—－–]", "", unicodedata.normalize("NFKC", raw)).upper().replace("－", "-")
    match = _patterns(prefix)[0].match(text)
    return format_number(match.group(1), int(match.group(2)), prefix=prefix) if match else None


def find_number(text: str, *, prefix: str) -> str | None:
    """The tracking number in a message, as stored."""
    match = _patterns(prefix)[1].search(_fold(text))
    return format_number(match.group(1), int(match.group(2)), prefix=prefix) if match else None


def find_code(text: str, *, prefix: str) -> str | None:
    """The query code in a message (after any tracking number), spaces removed."""
    folded = _patterns(prefix)[1].sub(" ", _fold(text))
    match = _CODE.search(folded)
    return match.group(1).replace(" ", "") if match else None


def new_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh query code, each character drawn by `choice` (a cryptographic one unless a bench seeds its own)."""
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """A query code as generated: upper case, no spaces or dashes, full-width folded."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw)).upper()
