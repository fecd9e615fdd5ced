"""`make bench`: answer latency in-process, a cold `gongkai ask`, and WebSocket load on `gongkai serve`."""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from knowledge.answer import build_answerer

ROUNDS = 50
COLD_RUNS = 5
DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev_qa.jsonl"


def questions() -> list[str]:
    """The dev questions when ../shared is there, else every topic's phrasings."""
    if DEV_SET.is_file():
        return [json.loads(line)["q"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    answerer = build_answerer()
    return [ask for topic in answerer.guide.topics for ask in topic.ask]


def percentile(samples: list[float], share: float) -> float:
    """The value below which `share` of the sorted samples fall."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def warm_answer_times(asked: list[str]) -> list[float]:
    """Seconds per answer over ROUNDS passes, after one warm-up pass."""
    answerer = build_answerer()
    for question in asked:
        answerer.answer(question)
    samples = []
    for _ in range(ROUNDS):
        for question in asked:
            start = time.perf_counter()
            answerer.answer(question)
            samples.append(time.perf_counter() - start)
    return samples


def cold_start_times() -> list[float]:
    """Wall seconds of `gongkai ask "电话"` in a new process."""
    samples = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "电话"], check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return samples


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LoadPlan:
    """How many clients ask how many questions, paced at `rate` per second in all (0: as fast as they can)."""

    clients: int
    messages: int
    rate: float
    connected: int = 0
    all_connected: asyncio.Event = field(default_factory=asyncio.Event)
    go: asyncio.Event = field(default_factory=asyncio.Event)
    start: float = 0.0


async def _client(url: str, asked: list[str], plan: LoadPlan, offset: int, latencies: list[float]) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        await ws.receive_json()
        plan.connected += 1
        if plan.connected == plan.clients:
            plan.all_connected.set()
        await plan.go.wait()
        for i in range(plan.messages):
            if plan.rate:
                # Paced: the clients' sends interleave into one stream of `rate` messages per second.
                due = plan.start + (offset + i * plan.clients) / plan.rate
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            start = time.perf_counter()
            await ws.send_json({"type": "message", "text": asked[(offset + i) % len(asked)]})
            await ws.receive_json()
            latencies.append(time.perf_counter() - start)


async def _wait_until_up(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            try:
                async with http.get(url):
                    return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    raise RuntimeError("gongkai serve did not start")


async def websocket_load(asked: list[str], plan: LoadPlan) -> tuple[float, list[float]]:
    """Messages per second and round-trip times of the plan's clients against a fresh `gongkai serve`."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "bench.toml"
        # No per-chat limit here: the figure is the server's throughput, not the limiter's.
        config.write_text(
            f'[store]\npath = "{Path(tmp) / "bench.db"}"\n[web]\nport = {port}\nrate_per_minute = 1000000\n',
            encoding="utf-8",
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "bot", "--config", str(config), "serve"], stdout=subprocess.DEVNULL
        )
        try:
            await _wait_until_up(f"http://127.0.0.1:{port}/healthz")
            latencies: list[float] = []
            url = f"http://127.0.0.1:{port}/ws"
            clients = [asyncio.create_task(_client(url, asked, plan, n, latencies)) for n in range(plan.clients)]
            # Everyone connects first; the clock measures questions, not handshakes.
            await plan.all_connected.wait()
            plan.start = time.perf_counter()
            plan.go.set()
            await asyncio.gather(*clients)
            elapsed = time.perf_counter() - plan.start
        finally:
            server.terminate()
            server.wait(timeout=30)
    return len(latencies) / elapsed, latencies


def report_load(asked: list[str], plan: LoadPlan) -> None:
    """Run one load plan and print its figures."""
    rate, latencies = asyncio.run(websocket_load(asked, plan))
    pace = f"paced at {plan.rate:.0f}/s" if plan.rate else "as fast as answers come"
    p50_ms, p99_ms = statistics.median(latencies) * 1000, percentile(latencies, 0.99) * 1000
    print(f"websocket load: {plan.clients} clients × {plan.messages} questions, {pace}")
    print(f"  {rate:.0f} messages/s   p50 {p50_ms:.1f} ms   p99 {p99_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description="gongkai benchmarks")
    parser.add_argument("--clients", type=int, default=500, help="concurrent WebSocket clients")
    parser.add_argument("--messages", type=int, default=20, help="questions each client asks")
    parser.add_argument("--rate", type=float, default=1000, help="paced run: messages per second in all")
    args = parser.parse_args()
    asked = questions()
    warm = warm_answer_times(asked)
    print(f"answer in-process: {len(asked)} questions × {ROUNDS} rounds")
    median_ms, p99_ms = statistics.median(warm) * 1000, percentile(warm, 0.99) * 1000
    print(f"  median {median_ms:.3f} ms   p99 {p99_ms:.3f} ms   (target p99 ≤ 5 ms)")
    cold = cold_start_times()
    print(f'cold `gongkai ask "电话"`: {COLD_RUNS} runs')
    print(f"  median {statistics.median(cold):.3f} s   max {max(cold):.3f} s   (target ≤ 1.5 s)")
    print("target: ≥ 1000 messages/s with p99 ≤ 100 ms at 500 connections")
    report_load(asked, LoadPlan(clients=args.clients, messages=args.messages, rate=args.rate))
    report_load(asked, LoadPlan(clients=args.clients, messages=args.messages, rate=0))


if __name__ == "__main__":
    main()
