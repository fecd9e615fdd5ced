"""The message model shared by every channel: what comes in, what goes out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

# Telegram allows at most 64 bytes of callback data per button.
MAX_ACTION_BYTES = 64
# Telegram's limit for one message; other channels keep it too so replies look the same everywhere.
MAX_REPLY_CHARS = 4096


@dataclass(frozen=True)
class File:
    """A file handed to the user: bytes in memory or a path on disk."""

    name: str
    mime: str
    data: bytes | None = None
    path: Path | None = None

    def read_bytes(self) -> bytes:
        """The file's content: the bytes held, else the file on disk."""
        if self.data is not None:
            return self.data
        if self.path is None:
            raise ValueError(f"file {self.name!r} has neither data nor a path")
        return self.path.read_bytes()


@dataclass(frozen=True)
class Incoming:
    """One user input: typed text, a pressed button's action, or an uploaded file."""

    channel: str
    chat_id: str
    text: str | None = None
    action: str | None = None
    upload: File | None = None
    # Who sends it, beyond the chat: the web client's address, the Telegram user. Status lookups are limited by it.
    client: str | None = None


@dataclass(frozen=True)
class Button:
    """A choice shown under a reply; pressing it sends `action` back. `primary` marks the step's main action."""

    label: str
    action: str
    primary: bool = False

    def __post_init__(self) -> None:
        if len(self.action.encode("utf-8")) > MAX_ACTION_BYTES:
            raise ValueError(f"button action longer than {MAX_ACTION_BYTES} bytes: {self.action!r}")


@dataclass(frozen=True)
class Reply:
    """One message to the user, with optional button rows and files.

    `copy` lists values of the text the user will want to copy whole (a tracking number, a query code): the web
    page offers a copy button for each; other channels show them as the plain lines of the text they are in."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    files: tuple[File, ...] = field(default_factory=tuple)
    copy: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.text) > MAX_REPLY_CHARS:
            raise ValueError(f"reply longer than {MAX_REPLY_CHARS} characters")
        missing = [value for value in self.copy if not value or value not in self.text]
        if missing:
            raise ValueError(f"copyable values not in the reply's text: {missing!r}")


def split_text(text: str, *, limit: int = MAX_REPLY_CHARS) -> list[str]:
    """Cut a long text into pieces of at most `limit` characters, at line breaks where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current or not pieces:
        pieces.append(current)
    return [piece.rstrip("\n") for piece in pieces]


def text_replies(text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> list[Reply]:
    """One or more replies carrying `text`; buttons go under the last one."""
    pieces = split_text(text)
    return [Reply(piece) for piece in pieces[:-1]] + [Reply(pieces[-1], buttons=buttons)]


def with_note(note: str, replies: list[Reply]) -> list[Reply]:
    """The replies with a one-line note (such as "已退出进度查询。") leading the first one; unchanged without a note."""
    if not note:
        return replies
    first, *rest = replies
    if len(note) + 1 + len(first.text) > MAX_REPLY_CHARS:
        return [Reply(note), *replies]
    return [replace(first, text=f"{note}\n{first.text}"), *rest]


def with_buttons(replies: list[Reply], *rows: tuple[Button, ...]) -> list[Reply]:
    """The replies with button rows added under the last one."""
    *head, last = replies
    return [*head, replace(last, buttons=(*last.buttons, *rows))]
