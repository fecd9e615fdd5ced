"""Files and folders only the service's user may read: the database and its WAL, keys, backups, exports."""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> None:
    """Create `path` and any missing parents with mode 0700; an existing folder is left as it is (it may be
    shared: the current directory, /tmp)."""
    missing = []
    for level in (path, *path.parents):
        if level.exists():
            break
        missing.append(level)
    for level in reversed(missing):
        try:
            os.mkdir(level, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(level, DIR_MODE)


def shared_with_others(path: Path) -> bool:
    """Whether users other than the owner may enter or read the folder `path`."""
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def create_private(path: Path) -> int:
    """Open a new file at `path` for writing, created 0600 before any byte is written (fails if it exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    # The umask may only take bits away; this makes sure of the exact mode.
    os.fchmod(fd, FILE_MODE)
    return fd


def tighten(path: Path) -> None:
    """Make an existing file 0600 (files written by older versions were 0644)."""
    if path.exists() and stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
        os.chmod(path, FILE_MODE)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a 0600 file, in a folder created 0700, replacing any file there at once."""
    private_dir(path.parent)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    try:
        with os.fdopen(create_private(partial), "wb") as fh:
            fh.write(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
