"""Named staff accounts: roles, passwords (scrypt), lockout, browser sessions, API tokens and the audit trail.

Secrets are stored hashed: a password as scrypt (memory-hard, with its own salt and parameters), a session's cookie
value and an API token as SHA-256 (they are 32 random bytes, so a fast hash is enough).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.store import Store, stamp
from knowledge.clock import product_clock


class Role(StrEnum):
    VIEWER = "viewer"
    CLERK = "clerk"
    ADMIN = "admin"


ROLE_LABELS = {Role.VIEWER: "查看员", Role.CLERK: "经办人", Role.ADMIN: "管理员"}
# What each role may do beyond viewing: record events and register applications, see applicants' details (audited).
RANKS = {Role.VIEWER: 0, Role.CLERK: 1, Role.ADMIN: 2}

# The audit trail's actions in words.
ACTION_LABELS = {
    "login": "登录",
    "logout": "退出登录",
    "locked": "账号锁定",
    "account_added": "添加账号",
    "account_disabled": "停用账号",
    "account_reset": "重置密码",
    "token_issued": "生成 API 令牌",
    "reveal": "显示申请人信息",
    "view_upload": "查看证件照片",
    "registered": "登记申请",
    "event": "记录事件",
    "export": "导出",
}


def action_label(action: str) -> str:
    """An audit action in words (an unknown one as it is)."""
    return ACTION_LABELS.get(action, action)


# scrypt at 32 MiB and about 0.1 s: a stolen database's passwords are slow to guess.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 10
MAX_PASSWORD = 200
# Wrong passwords in a row before the account is locked, and for how long.
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
NAME_CHARS = 32


class AccountError(ValueError):
    """A refused account operation; the message is Chinese."""


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: Role
    disabled: bool

    def may(self, role: Role) -> bool:
        """Whether this account has at least `role`'s rights."""
        return RANKS[self.role] >= RANKS[role]

    @property
    def label(self) -> str:
        return f"{self.name}（{ROLE_LABELS[self.role]}）"


@dataclass(frozen=True)
class StaffSession:
    member: StaffMember
    csrf: str


def hash_password(password: str) -> str:
    """The stored form of a password: scrypt$N$r$p$salt$hash (base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=SCRYPT_MAXMEM, dklen=32
    )
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encoded[0]}${encoded[1]}"


def password_matches(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from (with the parameters stored beside it)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=SCRYPT_MAXMEM,
            dklen=32,
        )
    except ValueError:
        return False
    return hmac.compare_digest(found, base64.b64decode(digest))


def check_password(password: str) -> str:
    """The password if it may be used; AccountError saying why not."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"密码长度须为{MIN_PASSWORD}到{MAX_PASSWORD}个字符")
    if password.strip() != password or any(ord(ch) < 32 for ch in password):
        raise AccountError("密码不能以空格开头或结尾，也不能含控制字符")
    return password


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_CHARS or any(ord(ch) < 32 or ch in "<>&\"'" for ch in name):
        raise AccountError(f"用户名须为1到{NAME_CHARS}个字符，不能含控制字符或 <>&\"'")
    return name


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class StaffAccounts:
    """Staff accounts, their sessions and tokens, and the audit trail, in the store's database."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], float] = time.time,
        now: Callable[[], datetime] | None = None,
        idle_seconds: float = 30 * 60,
    ) -> None:
        self.store = store
        self.clock = clock
        self.now = now or product_clock().now
        self.idle_seconds = idle_seconds

    # --- accounts -------------------------------------------------------------------------------------------------

    def add(self, name: str, role: Role, password: str) -> StaffMember:
        name = check_name(name)
        stored = hash_password(check_password(password))
        with self.store.write() as conn:
            if conn.execute("SELECT 1 FROM staff WHERE name = ?", [name]).fetchone():
                raise AccountError(f"用户名“{name}”已存在")
            conn.execute(
                "INSERT INTO staff (name, role, password, created_at) VALUES (?, ?, ?, ?)",
                [name, role.value, stored, stamp(self.now())],
            )
        self.audit(name, "account_added", detail=ROLE_LABELS[role])
        return self._require(name)

    def get(self, name: str) -> StaffMember | None:
        row = self.store.conn.execute("SELECT id, name, role, disabled FROM staff WHERE name = ?", [name]).fetchone()
        return _member(row) if row else None

    def _require(self, name: str) -> StaffMember:
        member = self.get(name)
        if member is None:
            raise AccountError(f"没有用户“{name}”")
        return member

    def members(self) -> list[StaffMember]:
        rows = self.store.conn.execute("SELECT id, name, role, disabled FROM staff ORDER BY name").fetchall()
        return [_member(row) for row in rows]

    def disable(self, name: str) -> None:
        """Disable an account: its sessions and API tokens end at once."""
        member = self._require(name)
        with self.store.write() as conn:
            conn.execute("UPDATE staff SET disabled = 1 WHERE id = ?", [member.id])
            conn.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [member.id])
            conn.execute("DELETE FROM staff_tokens WHERE staff_id = ?", [member.id])
        self.audit(name, "account_disabled")

    def reset(self, name: str, password: str, *, role: Role | None = None) -> None:
        """Set a new password (and role), enable and unlock the account, end its sessions."""
        member = self._require(name)
        stored = hash_password(check_password(password))
        with self.store.write() as conn:
            conn.execute(
                "UPDATE staff SET password = ?, role = ?, disabled = 0, failures = 0, locked_until = NULL WHERE id = ?",
                [stored, (role or member.role).value, member.id],
            )
            conn.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [member.id])
        self.audit(name, "account_reset", detail=ROLE_LABELS[role or member.role])

    # --- logging in -----------------------------------------------------------------------------------------------

    async def log_in(self, name: str, password: str) -> tuple[str, StaffSession]:
        """A new session (its cookie value and the session) for the right password; AccountError otherwise.

        After MAX_FAILURES wrong passwords in a row the account is locked for LOCK_SECONDS; an unknown name, a
        disabled account and a wrong password get the same message. The password is checked in a worker thread (the
        database stays with the caller's)."""
        refused = AccountError("用户名或密码错误")
        row = self.store.conn.execute(
            "SELECT id, name, role, disabled, password, failures, locked_until FROM staff WHERE name = ?",
            [name.strip()],
        ).fetchone()
        if row is None:
            # As slow as a real check, so timing does not tell which names exist.
            await asyncio.to_thread(password_matches, password, _dummy_hash())
            raise refused
        member, stored, failures, locked_until = _member(row[:4]), row[4], row[5], row[6]
        now = self.clock()
        if locked_until is not None and locked_until > now:
            minutes = max(1, round((locked_until - now) / 60))
            raise AccountError(f"密码错误次数过多，账号已锁定，请{minutes}分钟后再试，或请管理员重置")
        if not await asyncio.to_thread(password_matches, password, stored) or member.disabled:
            self._failed(member, failures + 1)
            raise refused
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.store.write() as conn:
            conn.execute("UPDATE staff SET failures = 0, locked_until = NULL WHERE id = ?", [member.id])
            conn.execute(
                "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, seen_at) VALUES (?, ?, ?, ?, ?)",
                [_digest(token), member.id, csrf, now, now],
            )
        self.audit(member.name, "login")
        return token, StaffSession(member, csrf)

    def _failed(self, member: StaffMember, failures: int) -> None:
        locked = self.clock() + LOCK_SECONDS if failures >= MAX_FAILURES else None
        with self.store.write() as conn:
            conn.execute(
                "UPDATE staff SET failures = ?, locked_until = ? WHERE id = ?",
                [0 if locked else failures, locked, member.id],
            )
        if locked:
            self.audit(member.name, "locked", detail=f"{MAX_FAILURES}次密码错误")

    def session(self, token: str) -> StaffSession | None:
        """The live session of a cookie value, its idle time restarted; None if unknown, idle too long or disabled."""
        now = self.clock()
        row = self.store.conn.execute(
            "SELECT s.id, s.name, s.role, s.disabled, ss.csrf, ss.seen_at FROM staff_sessions ss "
            "JOIN staff s ON s.id = ss.staff_id WHERE ss.token_hash = ?",
            [_digest(token)],
        ).fetchone()
        if row is None:
            return None
        member, csrf, seen_at = _member(row[:4]), row[4], row[5]
        if member.disabled or now - seen_at > self.idle_seconds:
            self.log_out(token)
            return None
        with self.store.write() as conn:
            conn.execute("UPDATE staff_sessions SET seen_at = ? WHERE token_hash = ?", [now, _digest(token)])
        return StaffSession(member, csrf)

    def log_out(self, token: str) -> None:
        with self.store.write() as conn:
            conn.execute("DELETE FROM staff_sessions WHERE token_hash = ?", [_digest(token)])

    def purge_idle_sessions(self) -> int:
        with self.store.write() as conn:
            cursor = conn.execute("DELETE FROM staff_sessions WHERE seen_at < ?", [self.clock() - self.idle_seconds])
        return cursor.rowcount

    # --- API tokens -----------------------------------------------------------------------------------------------

    def new_token(self, name: str) -> str:
        """A new API token for the account (shown once; only its hash is kept)."""
        member = self._require(name)
        if member.disabled:
            raise AccountError(f"用户“{name}”已停用")
        token = "gk_" + secrets.token_urlsafe(32)
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO staff_tokens (token_hash, staff_id, created_at) VALUES (?, ?, ?)",
                [_digest(token), member.id, stamp(self.now())],
            )
        self.audit(name, "token_issued")
        return token

    def by_token(self, token: str) -> StaffMember | None:
        """The enabled account an API token belongs to."""
        row = self.store.conn.execute(
            "SELECT s.id, s.name, s.role, s.disabled FROM staff_tokens t JOIN staff s ON s.id = t.staff_id "
            "WHERE t.token_hash = ?",
            [_digest(token)],
        ).fetchone()
        member = _member(row) if row else None
        return member if member is not None and not member.disabled else None

    # --- the audit trail ------------------------------------------------------------------------------------------

    def audit(self, staff: str, action: str, *, tracking_no: str | None = None, detail: str = "") -> None:
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO audit (at, staff, action, tracking_no, detail) VALUES (?, ?, ?, ?, ?)",
                [stamp(self.now()), staff, action, tracking_no, detail],
            )

    def trail(self, tracking_no: str | None = None, *, limit: int = 1000) -> list[tuple[str, str, str, str, str]]:
        """Audit entries (at, staff, action, tracking number, detail), newest first; of one request if given."""
        sql = "SELECT at, staff, action, COALESCE(tracking_no, ''), detail FROM audit"
        params: list[object] = []
        if tracking_no is not None:
            sql += " WHERE tracking_no = ?"
            params.append(tracking_no)
        rows = self.store.conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
        return [tuple(row) for row in rows]


def _member(row: tuple) -> StaffMember:
    return StaffMember(id=row[0], name=row[1], role=Role(row[2]), disabled=bool(row[3]))


@functools.cache
def _dummy_hash() -> str:
    return hash_password("x" * MIN_PASSWORD)
