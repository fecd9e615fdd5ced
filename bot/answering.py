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
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

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


def _start(agency: str, timezone: str) -> None:
    global _answerer
    from knowledge.answer import build_answerer
    from knowledge.clock import set_product_clock

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
    questions."""

    def __init__(self, agency: str, timezone: str) -> None:
        self._args = (agency, timezone)
        self._pool = self._new_pool()
        # Answers kept here as the answerer keeps them (same question, focus and day): a repeated question or a
        # menu's worth of common ones costs no trip to the worker.
        self._today = Clock(timezone).today
        self._kept: Memo[Answer] = Memo(ANSWER_CACHE_SIZE)

    def _new_pool(self) -> ProcessPoolExecutor:
        # A fresh interpreter (spawn), not a fork of a process running an event loop and threads.
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            max_workers=ANSWER_WORKERS, mp_context=context, initializer=_start, initargs=self._args
        )

    def start(self) -> None:
        """Spawn every worker now, each building and warming its answerer in the background: a server's first
        questions then find them ready (`make bench`: with workers spawned as questions came, the first seconds of
        distinct questions waited for the second worker's start, p99 475 ms against 100–162 ms after)."""
        for _ in range(ANSWER_WORKERS):
            self._pool.submit(_started)

    async def answer(self, text: str, focus: Focus | None) -> Answer:
        """The answer, kept or computed in the worker; a worker that died is replaced and asked again, once."""
        key = (text, focus, self._today())
        kept = self._kept.find(key)
        if kept is not None:
            return kept
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(self._pool, _answer, text, focus)
        except BrokenProcessPool:
            log.warning("the answering process stopped; starting a new one")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            answer = await loop.run_in_executor(self._pool, _answer, text, focus)
        self._kept.keep(key, answer)
        return answer

    def close(self) -> None:
        """Stop the worker once the question in hand (if any) is answered."""
        self._pool.shutdown(wait=True, cancel_futures=True)
