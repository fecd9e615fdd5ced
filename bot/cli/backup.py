"""`gongkai backup`: an online copy of the live database as one self-contained file."""

from __future__ import annotations

import argparse
import os
import sqlite3
import uuid
from pathlib import Path
from typing import TextIO

from bot.cli.common import CommandError, open_store
from bot.config import Config


def register(commands: argparse._SubParsersAction) -> None:
    """The `backup` subcommand."""
    backup = commands.add_parser("backup", help="在线备份数据库到一个新文件")
    backup.add_argument("path", type=Path, help="备份文件路径")
    backup.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    backup.set_defaults(func=cmd_backup)


def _single_file(path: Path) -> None:
    """Take a copy out of WAL mode, so it is one self-contained file that opens read-only anywhere."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def cmd_backup(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Copy the live database to a new file with SQLite's online backup."""
    source, target = config.store.path, args.path
    if not source.is_file():
        raise CommandError(f"数据库文件不存在：{source}", 1)
    if target.exists() and target.resolve() == source.resolve():
        raise CommandError("备份文件不能是数据库文件本身")
    if target.is_dir():
        raise CommandError(f"{target} 是一个目录，请给出文件路径")
    if target.exists() and not args.force:
        raise CommandError(f"文件已存在：{target}（如需覆盖请加 --force）")
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    store = open_store(config)
    try:
        store.backup(partial)
        _single_file(partial)
        # Renamed into place, so a failed backup never leaves a half-copied file under the given name.
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"备份失败：{exc}", 1) from exc
    finally:
        store.close()
    print(f"已备份到 {target}", file=out)
    return 0
