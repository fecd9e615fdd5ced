"""Distinct natural questions over the WebSocket, with /healthz probed beside them."""

from __future__ import annotations

import asyncio
import functools
import random
import statistics
import time
from dataclasses import dataclass, field

import aiohttp

from bot.bench.answers import QUESTION_SEED, natural_questions
from bot.bench.common import percentile, verdict
from bot.bench.websocket import REPLY_TIMEOUT, CpuMeter, CpuShare, read_reply, serving

TARGET_NATURAL_WS_P99_MS = 300.0


NATURAL_RATE = 30.0
NATURAL_SECONDS = 20.0
BASELINE_SECONDS = 5.0
HEALTHZ_INTERVAL = 0.1
HEALTHZ_SAME_FACTOR = 3.0
HEALTHZ_SMALL_S = 0.010


@dataclass
class NaturalRun:
    """What one run of distinct questions measured."""

    latencies: list[float] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)  # seconds into the load each answered question was sent
    failed: int = 0  # an error or failure reply
    lost: int = 0  # no whole reply within REPLY_TIMEOUT
    sent: int = 0
    send_seconds: float = 0.0  # from the first send to the last
    baseline: list[float] = field(default_factory=list)  # /healthz before the load
    under_load: list[float] = field(default_factory=list)  # /healthz during it
    probe_failures: int = 0
    cpu: CpuShare | None = None  # from the first send to the last reply


async def probe(http: aiohttp.ClientSession, url: str, seconds: float, run: NaturalRun) -> list[float]:
    """GET `url` every HEALTHZ_INTERVAL for `seconds`; the latency of each."""
    samples: list[float] = []
    start = time.perf_counter()
    for k in range(max(1, round(seconds / HEALTHZ_INTERVAL))):
        await asyncio.sleep(max(0.0, start + k * HEALTHZ_INTERVAL - time.perf_counter()))
        sent = time.perf_counter()
        try:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=REPLY_TIMEOUT)) as response:
                await response.read()
                ok = response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            ok = False
        if ok:
            samples.append(time.perf_counter() - sent)
        else:
            run.probe_failures += 1
    return samples


async def _ask_one(ws: aiohttp.ClientWebSocketResponse, question: str, run: NaturalRun, origin: float = 0.0) -> None:
    start = time.perf_counter()
    try:
        await ws.send_json({"type": "message", "text": question})
        answered = await read_reply(ws)
    except (TimeoutError, TypeError, ValueError, ConnectionError, aiohttp.ClientError):
        run.lost += 1
        return
    if answered:
        run.latencies.append(time.perf_counter() - start)
        run.sent_at.append(start - origin)
    else:
        run.failed += 1


async def natural_load(
    clients: int, rate: float, seconds: float, baseline_seconds: float, asked: list[str], warm_up: list[str]
) -> NaturalRun:
    """`clients` open sockets; after a warm-up and a /healthz baseline, questions from `asked` (distinct, each sent
    once) go out at `rate` a second for `seconds`, each from a random client not waiting for an answer, while
    /healthz is probed."""
    run = NaturalRun()
    total = round(rate * seconds)
    assert len(asked) >= total
    rng = random.Random(QUESTION_SEED + 2)
    async with serving() as served:
        base = f"http://127.0.0.1:{served.port}"
        # One session, no connection cap: each socket keeps its own connection.
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http, aiohttp.ClientSession() as probe_http:
            gate = asyncio.Semaphore(50)

            async def connect() -> aiohttp.ClientWebSocketResponse:
                async with gate:
                    ws = await http.ws_connect(f"{base}/ws", timeout=aiohttp.ClientWSTimeout(ws_close=5))
                    await asyncio.wait_for(ws.receive_json(), REPLY_TIMEOUT)  # hello
                    return ws

            sockets = await asyncio.gather(*(connect() for _ in range(clients)))
            pending: set[asyncio.Task] = set()
            try:
                # The model loads on the first question: that is start-up, not load.
                for question in warm_up:
                    await _ask_one(sockets[0], question, NaturalRun())
                run.baseline = await probe(probe_http, f"{base}/healthz", baseline_seconds, run)
                probing = asyncio.create_task(probe(probe_http, f"{base}/healthz", seconds, run))
                idle = list(range(clients))

                def done(task: asyncio.Task, n: int) -> None:
                    pending.discard(task)
                    idle.append(n)

                meter = CpuMeter(served)
                start = time.perf_counter()
                for k in range(total):
                    await asyncio.sleep(max(0.0, start + k / rate - time.perf_counter()))
                    if not idle:  # every client waits for an answer: this question waits for one of them
                        await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED, timeout=REPLY_TIMEOUT)
                        if not idle:
                            break
                    n = idle.pop(rng.randrange(len(idle)))
                    task = asyncio.create_task(_ask_one(sockets[n], asked[k], run, start))
                    pending.add(task)
                    task.add_done_callback(functools.partial(done, n=n))
                    run.sent += 1
                run.send_seconds = time.perf_counter() - start
                if pending:
                    await asyncio.wait(set(pending), timeout=REPLY_TIMEOUT + 5)
                run.cpu = meter.stop()
                run.under_load = await probing
            finally:
                for task in list(pending):
                    task.cancel()
                await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return run


def report_natural(clients: int, rate: float, seconds: float, baseline_seconds: float) -> None:
    """Run the distinct-question load and print its figures."""
    total = round(rate * seconds)
    # The server is a fresh process, so none of these is in its cache; the warm-up texts are not among them.
    pool = natural_questions(total + 2, seed=QUESTION_SEED + 1)
    warm_up, asked = pool[:2], pool[2:]
    run = asyncio.run(natural_load(clients, rate, seconds, baseline_seconds, asked, warm_up))
    achieved = (run.sent - 1) / run.send_seconds if run.sent > 1 and run.send_seconds else 0.0
    print(
        f"websocket load, distinct natural questions (each text sent once, so every answer embeds a new text): "
        f"{clients} clients connected, {rate:g} questions/s for {seconds:g} s over random idle clients"
    )
    print(
        f"  sent {run.sent} questions at {achieved:.1f}/s; answered {len(run.latencies)}, failed {run.failed}, "
        f"no reply within {REPLY_TIMEOUT:g} s {run.lost}"
    )
    if run.latencies:
        p50_ms, p99_ms = statistics.median(run.latencies) * 1000, percentile(run.latencies, 0.99) * 1000
        print(f"  reply latency p50 {p50_ms:.1f} ms   (target: p99 ≤ {TARGET_NATURAL_WS_P99_MS:g} ms)")
        print(
            f"  reply latency p99 {p99_ms:.1f} ms   max {max(run.latencies) * 1000:.1f} ms   "
            f"(target p99 ≤ {TARGET_NATURAL_WS_P99_MS:g} ms: {verdict(p99_ms, TARGET_NATURAL_WS_P99_MS)})"
        )
        windows: dict[int, list[float]] = {}
        for sent_at, latency in zip(run.sent_at, run.latencies, strict=True):
            windows.setdefault(int(sent_at // 5), []).append(latency)
        trend = "   ".join(
            f"{statistics.median(w) * 1000:.0f}/{percentile(w, 0.99) * 1000:.0f}" for _, w in sorted(windows.items())
        )
        print(f"  reply latency p50/p99 by 5 s of sending (rising: a queue builds up): {trend} ms")
    else:
        print(f"  reply latency: no answers   (target p99 ≤ {TARGET_NATURAL_WS_P99_MS:g} ms: MISSED)")
    if run.cpu is not None:
        print(run.cpu.line())
    figures = (("before the load (baseline)", run.baseline), ("during the load", run.under_load))
    for label, samples in figures:
        if not samples:
            print(f"  /healthz {label}: no successful probe")
            continue
        p50_ms, p99_ms = statistics.median(samples) * 1000, percentile(samples, 0.99) * 1000
        print(
            f"  /healthz every {HEALTHZ_INTERVAL * 1000:.0f} ms {label}: {len(samples)} probes   p50 {p50_ms:.2f} ms   "
            f"p99 {p99_ms:.2f} ms   max {max(samples) * 1000:.2f} ms   (target: same order as the baseline)"
        )
    if run.baseline and run.under_load:
        base_p50, load_p50 = statistics.median(run.baseline), statistics.median(run.under_load)
        base_p99, load_p99 = percentile(run.baseline, 0.99), percentile(run.under_load, 0.99)
        # "Unaffected": p99 within 3× of the baseline's, or under 10 ms whatever the baseline.
        same = load_p99 <= HEALTHZ_SAME_FACTOR * base_p99 or load_p99 <= HEALTHZ_SMALL_S
        print(
            f"  /healthz under load vs baseline: p50 {load_p50 / base_p50:.1f}×   p99 {load_p99 / base_p99:.1f}×   "
            f"(target: unaffected, p99 ≤ {HEALTHZ_SAME_FACTOR:g}× baseline or ≤ {HEALTHZ_SMALL_S * 1000:g} ms: "
            f"{'met' if same else 'MISSED'}); failed probes {run.probe_failures}"
        )
