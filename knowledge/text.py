"""Cleaning user text before anything reads it."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold full-width forms, drop control and format characters, collapse spaces."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(
        " " if ch in "\t\r\n" else ch for ch in folded if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C"
    )
    return _SPACES.sub(" ", kept).strip()


def has_chinese(text: str) -> bool:
    """Whether the text holds at least one CJK ideograph."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
