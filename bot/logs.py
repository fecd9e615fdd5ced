"""Log lines on the console: one line per record, also when an exception is logged (by this code, aiohttp, asyncio
or python-telegram-bot). The exception is named by its type and the place it was raised, not by its message or
traceback, which may quote what a user sent (an ID number, a phone); errors of the system — files, the database —
keep their message. At DEBUG the whole traceback is written."""

from __future__ import annotations

import logging
import sqlite3
import traceback
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Their messages come from the operating system or SQLite ("database is locked", "No space left on device").
SYSTEM_ERRORS = (OSError, sqlite3.Error)


def describe(error: BaseException) -> str:
    """An exception in a few words: its type, where it was raised and, for a system error, its message."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
    message = f": {error}" if isinstance(error, SYSTEM_ERRORS) else ""
    return f"{type(error).__name__}{message}{where}"


class OneLineFormatter(logging.Formatter):
    """Formats a record on one line, with its exception described (`describe`) unless `tracebacks` is set."""

    def __init__(self, fmt: str = FORMAT, *, tracebacks: bool = False) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks or not (record.exc_info or record.stack_info):
            return super().format(record)
        error = record.exc_info[1] if record.exc_info else None
        bare = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None, "stack_info": None})
        line = super().format(bare)
        return f"{line} [{describe(error)}]" if error is not None else line

