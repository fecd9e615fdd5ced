"""Questions answered in a worker process (bot/answering.py): the same answers as the server's own answerer, the
conversation's focus carried across, and the process stopped on close."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal

import pytest
from aiohttp import web
from threadpoolctl import threadpool_info

from bot.answering import ANSWER_WORKERS, SPILL_OVER, WORKER_NICENESS, AnswerProcess
from bot.config import Config, StoreConfig, WebConfig
from bot.crypto import new_key
from bot.serve import ANSWERING_KEY, ENGINE_KEY, server_app
from handlers.ask import answer_off_loop
from knowledge.answer import build_answerer
from knowledge.guide import DEFAULT_AGENCY
from knowledge.semantic import Embedder


def test_the_worker_answers_as_the_answerer_does_and_keeps_the_focus():
    async def ask() -> tuple:
        answering = AnswerProcess(DEFAULT_AGENCY, "Asia/Shanghai")
        try:
            first = await answering.answer("档案馆在哪", None)
            follow_up = await answering.answer("电话呢", first.focus)
            return first, follow_up
        finally:
            await asyncio.to_thread(answering.close)

    first, follow_up = asyncio.run(ask())
    here = build_answerer()
    assert first == here.answer("档案馆在哪")
    assert follow_up.matched and "8655814" in follow_up.text
    assert follow_up == here.answer("电话呢", first.focus)


async def test_the_server_answers_in_its_answering_process_and_stops_it(tmp_path):
    config = Config(store=StoreConfig(path=tmp_path / "g.db", key=new_key()))
    app = server_app(config)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        services = app[ENGINE_KEY].services
        assert services.answer_elsewhere is not None
        answer = await answer_off_loop("档案馆在哪", services)
        assert answer.matched and "七家村19号" in answer.text
    finally:
        await runner.cleanup()
    answering = app[ANSWERING_KEY]
    # Stopped at the application's cleanup: a new question has nowhere to go; one answered before is kept.
    with pytest.raises(RuntimeError):
        await answering.answer("图书馆在哪", None)
    assert await answering.answer("档案馆在哪", None) == answer


async def test_without_the_answering_process_questions_are_answered_in_a_thread(tmp_path):
    config = Config(store=StoreConfig(path=tmp_path / "g.db", key=new_key()), web=WebConfig(answer_process=False))
    app = server_app(config)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        services = app[ENGINE_KEY].services
        assert services.answer_elsewhere is None and ANSWERING_KEY not in app
        assert "七家村19号" in (await answer_off_loop("档案馆在哪", services)).text
    finally:
        await runner.cleanup()


def test_start_spawns_every_worker_before_any_question():
    async def started() -> tuple[int, int]:
        answering = AnswerProcess(DEFAULT_AGENCY, "Asia/Shanghai")
        try:
            before = len(multiprocessing.active_children())
            answering.start()
            spawned = len(multiprocessing.active_children()) - before
            answer = await answering.answer("档案馆在哪", None)
            assert "七家村19号" in answer.text
            return spawned, len(multiprocessing.active_children()) - before
        finally:
            await asyncio.to_thread(answering.close)

    spawned, after_a_question = asyncio.run(started())
    # Both at once, and the first question spawns none beyond them.
    assert spawned == ANSWER_WORKERS
    assert after_a_question == ANSWER_WORKERS


def test_a_text_goes_to_its_home_worker_unless_that_one_has_more_in_hand():
    answering = AnswerProcess(DEFAULT_AGENCY, "Asia/Shanghai")
    try:
        texts = [f"档案馆第{i}个问题" for i in range(20)]
        homes = {text: answering._worker(text) for text in texts}
        assert set(homes.values()) == set(range(ANSWER_WORKERS))
        assert all(answering._worker(text) == home for text, home in homes.items())
        text, home = texts[0], homes[texts[0]]
        answering._in_hand[home] = SPILL_OVER - 1
        assert answering._worker(text) == home
        answering._in_hand[home] = SPILL_OVER
        assert answering._worker(text) != home
    finally:
        answering.close()


def test_workers_share_a_question_in_hand_run_below_the_server_and_are_replaced_when_they_die():
    async def run() -> None:
        before = set(multiprocessing.active_children())
        answering = AnswerProcess(DEFAULT_AGENCY, "Asia/Shanghai")
        computed: list[str] = []
        compute = answering._compute

        async def counted(text, focus):
            computed.append(text)
            return await compute(text, focus)

        answering._compute = counted
        answering.start()
        try:
            answers = await asyncio.gather(*(answering.answer("档案馆电话多少", None) for _ in range(5)))
            assert computed == ["档案馆电话多少"] and len(set(answers)) == 1 and "8655814" in answers[0].text
            workers = set(multiprocessing.active_children()) - before
            assert len(workers) == ANSWER_WORKERS
            # Below the server: its event loop runs first when the workers fill the cores.
            expected = min(19, os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS)
            assert [os.getpriority(os.PRIO_PROCESS, w.pid) for w in workers] == [expected] * ANSWER_WORKERS
            for worker in workers:
                os.kill(worker.pid, signal.SIGKILL)
                worker.join()
            answer = await answering.answer("图书馆在哪", None)
            assert answer.matched and "图书馆" in answer.text
        finally:
            await asyncio.to_thread(answering.close)

    asyncio.run(run())


def test_a_process_that_loads_the_model_ranks_with_one_blas_thread():
    Embedder().embed_one("档案馆在哪")
    # numpy's BLAS threads spin on every core: two answering processes side by side each took twice as long.
    threads = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert threads and set(threads) == {1}
