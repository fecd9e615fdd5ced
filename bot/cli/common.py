"""What the command modules share: exit statuses, the one-line error, argument types and opening the store."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from bot.config import Config
from knowledge.workdays import out_of_range

if TYPE_CHECKING:
    from bot.store import Store

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
# What a shell reports for a command whose reader closed the pipe (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141
# 128 + SIGINT, as a shell reports a command ended with Ctrl-C.
EXIT_INTERRUPTED = 130
EXIT_FAILED = 1


class CommandError(Exception):
    """A one-line Chinese message for stderr and the exit status that goes with it."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def positive_int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{raw}”不是整数") from exc


def iso_date(raw: str) -> date:
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{raw}”不是有效日期，请用 YYYY-MM-DD 格式，例如 2026-11-25") from exc
    if (problem := out_of_range(day)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


def open_store(config: Config) -> Store:
    """The configured store, or a one-line error when the file or its keys cannot be opened (or it stays locked)."""
    from bot.crypto import VaultError
    from bot.store import Store

    try:
        return Store.from_config(config.store)
    except VaultError as exc:
        raise CommandError(f"加密密钥错误：{exc}") from exc
    except (OSError, sqlite3.Error) as exc:
        raise CommandError(f"无法打开数据库 {config.store.path}：{exc}", 1) from exc
