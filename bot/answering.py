"""Questions answered in worker processes, so that ranking and the model's inference never hold the server's GIL.

A worker thread keeps inference off the event loop, but the ranking around it is Python and holds the GIL, and the
loop then waits for it: /healthz and menu presses slowed while distinct questions were answered (`make bench`). Each
worker process builds its own answerer for the configured agency on the product's clock in the agency's time zone,
and answers one question at a time; the server's own answerer still serves buttons and entries, which need no model.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date

from knowledge.answer import ANSWER_CACHE_SIZE, Answerer
from knowledge.clock import Clock
from knowledge.context import Focus
from knowledge.memo import Memo
from knowledge.result import Answer

log = logging.getLogger(__name__)

# The worker process's answerer, built once when it starts.
_answerer: Answerer | None = None
# Worker processes, one a core of these two-core machines: an inference takes about 30 ms on one core, so a single
# worker had no room left at 30 distinct questions a second and a queue built up (`make bench`: p99 0.97–2.2 s with
# one, 266 ms with two, /healthz p99 2.7× idle). Each holds its own answerer (about 100 MB; the model file is mapped).
ANSWER_WORKERS = 2
# Added to each worker process's niceness: on a machine whose cores the workers fill, the server's event loop (health
# checks, buttons, repeated questions) runs first and the workers take the rest.
WORKER_NICENESS = 10
# Questions in hand by which a text's home worker must exceed another before the other takes it.
SPILL_OVER = 2


def _start(agency: str, timezone: str) -> None:
    global _answerer
    from knowledge.answer import build_answerer
    from knowledge.clock import set_product_clock

    os.nice(WORKER_NICENESS)
    clock = Clock(timezone)
    set_product_clock(clock)
    _answerer = build_answerer(agency=agency, today=clock.today)
    _answerer.ranker.warm()


def _started() -> None:
    """Nothing: asked of the pool at start so that every worker process is spawned and warms up at once."""


def _answer(text: str, focus: Focus | None) -> Answer:
    assert _answerer is not None, "the worker's answerer is built when the process starts"
    return _answerer.answer(text, focus)


class AnswerProcess:
    """Worker processes answering questions for the configured agency; started by `start`, or else with the first
    questions.

    Each worker keeps the embeddings of the texts it saw, so a question goes to the same worker every time (its home,
    by a hash of the text) unless that one has more questions in hand than another; the same question with another
    chat's focus then needs no inference (`make bench`: with one queue for both workers, half of such questions were
    embedded again, and 500 chats asking a menu's questions at once waited up to 1.2 s)."""

    def __init__(self, agency: str, timezone: str) -> None:
        self._args = (agency, timezone)
        self._pools = [self._new_pool() for _ in range(ANSWER_WORKERS)]
        self._in_hand = [0] * ANSWER_WORKERS
        # Answers kept here as the answerer keeps them (same question, focus and day): a repeated question or a
        # menu's worth of common ones costs no trip to the worker.
        self._today = Clock(timezone).today
        self._kept: Memo[Answer] = Memo(ANSWER_CACHE_SIZE)
        # Questions in the workers now: the same question asked meanwhile waits for that answer, not for a worker of
        # its own (`make bench`: 500 chats asking a menu's questions at once queued 500 inferences of 44).
        self._asked: dict[tuple[str, Focus | None, date], asyncio.Future[Answer]] = {}

    def _new_pool(self) -> ProcessPoolExecutor:
        # A fresh interpreter (spawn), not a fork of a process running an event loop and threads.
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start, initargs=self._args)

    def start(self) -> None:
        """Spawn every worker now, each building and warming its answerer in the background: a server's first
        questions then find them ready (`make bench`: with workers spawned as questions came, the first seconds of
        distinct questions waited for the second worker's start, p99 475 ms against 100–162 ms after)."""
        for pool in self._pools:
            pool.submit(_started)

    async def answer(self, text: str, focus: Focus | None) -> Answer:
        """The answer: kept, or being computed for the same question already, or computed in a worker now."""
        key = (text, focus, self._today())
        kept = self._kept.find(key)
        if kept is not None:
            return kept
        asked = self._asked.get(key)
        if asked is None:
            asked = self._asked[key] = asyncio.ensure_future(self._compute(text, focus))
            asked.add_done_callback(lambda _: self._asked.pop(key, None))
        answer = await asyncio.shield(asked)
        self._kept.keep(key, answer)
        return answer

    def _worker(self, text: str) -> int:
        """The text's home worker, or the least busy one when the home has more in hand than it (by two)."""
        home = zlib.crc32(text.encode()) % ANSWER_WORKERS
        least = min(range(ANSWER_WORKERS), key=self._in_hand.__getitem__)
        return least if self._in_hand[home] >= self._in_hand[least] + SPILL_OVER else home

    async def _compute(self, text: str, focus: Focus | None) -> Answer:
        """The answer from a worker; a worker that died is replaced and asked again, once."""
        loop = asyncio.get_running_loop()
        worker = self._worker(text)
        self._in_hand[worker] += 1
        try:
            return await loop.run_in_executor(self._pools[worker], _answer, text, focus)
        except BrokenProcessPool:
            log.warning("an answering process stopped; starting a new one")
            self._pools[worker].shutdown(wait=False, cancel_futures=True)
            self._pools[worker] = self._new_pool()
            return await loop.run_in_executor(self._pools[worker], _answer, text, focus)
        finally:
            self._in_hand[worker] -= 1

    def close(self) -> None:
        """Stop the workers once the questions in hand (if any) are answered."""
        for pool in self._pools:
            pool.shutdown(wait=True, cancel_futures=True)
