"""Status lookups under attack: clients guessing query codes, with /healthz probed beside them."""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
import time

import aiohttp

from bot.bench.answers import QUESTION_SEED
from bot.bench.common import PREFIX, percentile, verdict
from bot.bench.natural import NaturalRun, probe
from bot.bench.websocket import REPLY_TIMEOUT, CpuMeter, serving
from handlers.status import NOT_FOUND
from knowledge.tracking import format_number, new_code

# Status lookups under attack: clients guessing codes, each guess hashed (a new address behind the proxy, a new chat).
GUESS_CLIENTS = 8
GUESS_SECONDS = 10.0
GUESSES_PER_ADDRESS = 2
TARGET_GUESS_HEALTHZ_P99_MS = 20.0


async def guess_load(clients: int, seconds: float, baseline_seconds: float) -> NaturalRun:
    """`clients` guess query codes of random tracking numbers for `seconds`, as an attacker with many addresses
    would: a new chat from a new address (X-Forwarded-For through the trusted local proxy) every GUESSES_PER_ADDRESS
    guesses, so the limits per chat and per address never stop a guess before its hash. /healthz is probed meanwhile.
    `latencies` are the guesses answered as wrong codes, `failed` those refused by the limits."""
    run = NaturalRun()
    rng = random.Random(QUESTION_SEED + 3)
    addresses = itertools.count(1)
    async with serving() as served:
        base = f"http://127.0.0.1:{served.port}"
        async with aiohttp.ClientSession() as http, aiohttp.ClientSession() as probe_http:
            run.baseline = await probe(probe_http, f"{base}/healthz", baseline_seconds, run)
            probing = asyncio.create_task(probe(probe_http, f"{base}/healthz", seconds, run))
            meter = CpuMeter(served)
            start = time.perf_counter()

            async def guesser() -> None:
                while time.perf_counter() - start < seconds:
                    n = next(addresses)
                    forwarded = {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}
                    async with http.ws_connect(f"{base}/ws", headers=forwarded) as ws:
                        await asyncio.wait_for(ws.receive_json(), REPLY_TIMEOUT)  # hello
                        for _ in range(GUESSES_PER_ADDRESS):
                            number = format_number(2026, rng.randrange(1, 1_000_000), prefix=PREFIX)
                            code = new_code(rng.choice)
                            sent = time.perf_counter()
                            await ws.send_json({"type": "message", "text": f"/status {number} {code}"})
                            frame = await asyncio.wait_for(ws.receive_json(), REPLY_TIMEOUT)
                            run.sent += 1
                            if frame.get("text") == NOT_FOUND:
                                run.latencies.append(time.perf_counter() - sent)
                            else:
                                run.failed += 1

            await asyncio.gather(*(guesser() for _ in range(clients)))
            run.send_seconds = time.perf_counter() - start
            run.cpu = meter.stop()
            run.under_load = await probing
    return run


def report_guessing(clients: int, seconds: float, baseline_seconds: float) -> None:
    """Run the guessing load and print its figures: /healthz p99 while the clients guess, against its target."""
    run = asyncio.run(guess_load(clients, seconds, baseline_seconds))
    print(
        f"status lookups under attack: {clients} clients guess query codes for {seconds:g} s, a new chat from a new "
        f"address every {GUESSES_PER_ADDRESS} guesses (so the limits let every guess reach its hash)"
    )
    per_minute = len(run.latencies) / run.send_seconds * 60 if run.send_seconds else 0.0
    print(
        f"  guesses {run.sent}: hashed and answered as wrong {len(run.latencies)} ({per_minute:.0f} a minute), "
        f"refused by the limits {run.failed}"
    )
    if run.latencies:
        p50_ms, p99_ms = statistics.median(run.latencies) * 1000, percentile(run.latencies, 0.99) * 1000
        print(f"  guess reply latency p50 {p50_ms:.1f} ms   p99 {p99_ms:.1f} ms")
    if run.cpu is not None:
        print(run.cpu.line())
    if run.baseline:
        p99_ms = percentile(run.baseline, 0.99) * 1000
        print(f"  /healthz before the guessing (baseline): {len(run.baseline)} probes   p99 {p99_ms:.2f} ms")
    target = TARGET_GUESS_HEALTHZ_P99_MS
    if not run.under_load:
        print(f"  /healthz p99 while {clients} clients guess codes: no successful probe (target ≤ {target:g} ms)")
        return
    p50_ms, p99_ms = statistics.median(run.under_load) * 1000, percentile(run.under_load, 0.99) * 1000
    print(
        f"  /healthz p99 while {clients} clients guess codes: {p99_ms:.2f} ms   p50 {p50_ms:.2f} ms   "
        f"{len(run.under_load)} probes, failed {run.probe_failures}   "
        f"(target ≤ {target:g} ms: {verdict(p99_ms, target)})"
    )
