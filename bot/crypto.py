"""Personal data at rest: the keys that seal applicants' details in the database, and where they come from.

Values are sealed with Fernet (AES-128-CBC with HMAC-SHA256, a random IV per value) from `cryptography`.
Several keys may be given: the first seals, every one opens, so a rotated-out key still reads old rows and
backups until everything is sealed again with the new one (`gongkai key rotate`, `gongkai key reencrypt`).

The keys come from `[store] key` (better: the GONGKAI_KEY environment variable), else from the key file
(`[store] key_file`, by default beside the database with the suffix .key), which is generated with mode 0600 on
first use. A vault read from a key file notices when the file changes (a rotation while the server runs) and
reads it again: it looks at the file at most once a second, and at once when its keys do not open a value.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.private import create_private, private_dir

KEY_FILE_SUFFIX = ".key"
# How long a vault trusts its key file unchanged: a status of the file for every sealed value was a twentieth of the
# server's time answering repeated questions (`make bench`).
KEY_FILE_CHECK_SECONDS = 1.0
KEY_FILE_HEADER = (
    "# gongkai: keys sealing personal data in the database (Fernet). The first line seals, every line opens.\n"
    "# Keep a copy apart from the database and its backups: without it the sealed details cannot be read.\n"
)
UNREADABLE = "无法解密个人信息：密钥不对，或数据已损坏（是否在轮换后删除了旧密钥？）"


class VaultError(ValueError):
    """A key that is missing, malformed or does not open a sealed value; the message is Chinese."""


def _fernet(keys: Sequence[bytes]) -> MultiFernet:
    if not keys:
        raise VaultError("没有可用的加密密钥")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise VaultError("加密密钥格式错误：应为 44 个字符的 URL-safe Base64（gongkai key new 可生成）") from exc


class Vault:
    """Seals and opens text with the first of its keys; any of its keys opens."""

    def __init__(self, keys: Sequence[bytes], *, source: Path | None = None) -> None:
        self._fernet = _fernet(keys)
        # The key file the keys were read from, and its state then: a changed file is read again.
        self.source = source
        self._stamp = _stamp(source) if source else None
        self._checked = time.monotonic()

    @classmethod
    def ephemeral(cls) -> Vault:
        """A vault with a fresh random key, for databases that live in memory only."""
        return cls([Fernet.generate_key()])

    @classmethod
    def from_file(cls, path: Path) -> Vault:
        """The keys of a key file; VaultError when it cannot be read or holds none."""
        return cls(read_key_file(path), source=path)

    def seal(self, text: str) -> str:
        """`text` encrypted and authenticated under the first key (a different token every time)."""
        return self._current().encrypt(text.encode()).decode("ascii")

    def open(self, token: str) -> str:
        """The text of a sealed value; VaultError when none of the keys opens it (or it was altered)."""
        try:
            return self._current().decrypt(token.encode("ascii")).decode()
        except InvalidToken:
            # Perhaps sealed by a key added to the file within the last second (another process rotated).
            pass
        except UnicodeError as exc:
            raise VaultError(UNREADABLE) from exc
        try:
            return self._current(recheck=True).decrypt(token.encode("ascii")).decode()
        except (InvalidToken, UnicodeError) as exc:
            raise VaultError(UNREADABLE) from exc

    def rotate(self, token: str) -> str:
        """A sealed value sealed again under the first key."""
        try:
            return self._current().rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError) as exc:
            raise VaultError(UNREADABLE) from exc

    def _current(self, *, recheck: bool = False) -> MultiFernet:
        """The keys, read again if the key file changed; the file is looked at once a second, or now if `recheck`."""
        now = time.monotonic()
        if self.source is None or not (recheck or now - self._checked >= KEY_FILE_CHECK_SECONDS):
            return self._fernet
        self._checked = now
        if (stamp := _stamp(self.source)) != self._stamp:
            self._fernet, self._stamp = _fernet(read_key_file(self.source)), stamp
        return self._fernet


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_ino


def new_key() -> str:
    """A fresh random key as text."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(text: str) -> list[bytes]:
    """Keys from text: one per line (or separated by commas or spaces); lines starting with # are comments."""
    keys: list[bytes] = []
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue
        keys.extend(part.encode("ascii", "replace") for part in line.replace(",", " ").split())
    return keys


def key_file_for(database: Path) -> Path:
    """The default key file: beside the database, with its name and the suffix .key."""
    return database.with_suffix(KEY_FILE_SUFFIX)


def write_key_file(path: Path, keys: Sequence[str], *, replace: bool = True) -> bool:
    """Write keys to `path` (first seals), created 0600 under a temporary name and moved into place; with
    `replace` false an existing file wins (two processes starting at once): False then."""
    private_dir(path.parent)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with os.fdopen(create_private(partial), "w", encoding="ascii") as fh:
            fh.write(KEY_FILE_HEADER + "".join(f"{key}\n" for key in keys))
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(partial, path)
            return True
        try:
            os.link(partial, path)
        except FileExistsError:
            return False
        return True
    finally:
        partial.unlink(missing_ok=True)


def read_key_file(path: Path) -> list[bytes]:
    """The keys in a key file; VaultError when it cannot be read or holds none."""
    try:
        keys = parse_keys(path.read_text(encoding="ascii"))
    except (OSError, UnicodeError) as exc:
        raise VaultError(f"无法读取密钥文件 {path}：{getattr(exc, 'strerror', None) or exc}") from exc
    if not keys:
        raise VaultError(f"密钥文件 {path} 中没有密钥")
    return keys


def load_vault(key_file: Path, *, keys: str | None = None) -> Vault:
    """The vault of `keys` (configuration or GONGKAI_KEY) if given, else of `key_file`, generated when missing.

    A generated key is announced once on standard error, with where it is and why it must be kept."""
    if keys:
        return Vault(parse_keys(keys))
    if not key_file.exists() and write_key_file(key_file, [new_key()], replace=False):
        print(
            f"已生成加密密钥 {key_file}（权限 0600），用于加密数据库中的个人信息。"
            "请另行备份此文件：丢失后已加密的信息无法读取。",
            file=sys.stderr,
            flush=True,
        )
    return Vault.from_file(key_file)
