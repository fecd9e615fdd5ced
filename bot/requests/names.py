"""Finding a request by its applicant's name without storing names in the clear: each request keeps a keyed hash of
the name (HMAC-SHA256, truncated), and the key itself is kept sealed with the store's keys in the `settings` table.

Someone with the database alone cannot test names against the hashes; with the keys they could read the names
anyway. The key is made on first use; rotating the store's keys seals it again but does not change it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import unicodedata

from bot.store import Store

log = logging.getLogger(__name__)

KEY_NAME = "applicant_index_key"
DIGEST_BYTES = 16
# The hash of a request whose applicant's details were removed: matches no name.
NO_NAME = b""
BATCH = 2_000


def normalize_name(name: str) -> str:
    """A name as it is compared: NFKC, without spaces, case folded."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


class ApplicantIndex:
    """The keyed hashes of applicants' names."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._key: bytes | None = None

    def _secret(self) -> bytes:
        if self._key is None:
            conn = self.store.conn
            row = conn.execute("SELECT value FROM settings WHERE name = ?", [KEY_NAME]).fetchone()
            if row is None:
                sealed = self.store.vault.seal(base64.b64encode(secrets.token_bytes(32)).decode())
                with self.store.write() as write:
                    write.execute("INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)", [KEY_NAME, sealed])
                row = conn.execute("SELECT value FROM settings WHERE name = ?", [KEY_NAME]).fetchone()
            self._key = base64.b64decode(self.store.vault.open(row[0]))
        return self._key

    def key(self, name: str) -> bytes | None:
        """The stored hash of a name; None for an empty one."""
        normalized = normalize_name(name)
        if not normalized:
            return None
        return hmac.new(self._secret(), normalized.encode(), hashlib.sha256).digest()[:DIGEST_BYTES]

    def reseal(self) -> None:
        """Seal the key again with the store's first key (after a rotation)."""
        with self.store.write() as conn:
            row = conn.execute("SELECT value FROM settings WHERE name = ?", [KEY_NAME]).fetchone()
            if row is not None:
                conn.execute(
                    "UPDATE settings SET value = ? WHERE name = ?", [self.store.vault.rotate(row[0]), KEY_NAME]
                )

    def backfill(self) -> int:
        """Hash the names of requests stored before the index existed; the number of requests indexed."""
        done = last = 0
        while True:
            rows = self.store.conn.execute(
                "SELECT id, applicant FROM requests WHERE applicant_key IS NULL AND id > ? ORDER BY id LIMIT ?",
                [last, BATCH],
            ).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            # A request with no name left (its details removed) is marked with an empty hash, which no name has, so
            # the next start does not read it again.
            updates = [(self.key(self._name(stored)) or NO_NAME, request_id) for request_id, stored in rows]
            with self.store.write() as conn:
                conn.executemany(
                    "UPDATE requests SET applicant_key = ? WHERE id = ? AND applicant_key IS NULL", updates
                )
            done += len(updates)
        if done:
            log.info("applicants' names indexed for %d requests", done)
        return done

    def _name(self, stored: str) -> str:
        try:
            opened = stored if stored.startswith("{") else self.store.vault.open(stored)
            return str(json.loads(opened).get("name", ""))
        except ValueError:
            return ""
