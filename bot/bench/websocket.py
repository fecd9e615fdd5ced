"""`gongkai serve` run for a benchmark, and WebSocket load on it: clients asking repeated questions, paced or as
fast as they can, with the CPU each part of the machine spent."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.bench.common import percentile
from bot.engine import FAILURE, SLOW_DOWN

# A reply (all its frames) that takes longer than this counts as lost; it also bounds every wait on the server.
REPLY_TIMEOUT = 30.0


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
            await read_reply(ws)
            latencies.append(time.perf_counter() - start)


async def _ask_each_once(url: str, asked: list[str]) -> None:
    """Ask every question once before the clock starts, as a running server has been asked them before."""
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        await ws.receive_json()
        for question in asked:
            await ws.send_json({"type": "message", "text": question})
            await read_reply(ws)


async def read_reply(ws: aiohttp.ClientWebSocketResponse) -> bool:
    """Read every frame of the replies to one question; False if the server failed or refused it.

    An answer may take several frames (a long text, a chart); its last frame carries the buttons."""
    while True:
        frame = await asyncio.wait_for(ws.receive_json(), REPLY_TIMEOUT)
        if frame.get("type") != "reply":
            return False
        if frame["text"] in (FAILURE.text, SLOW_DOWN.text):
            return False
        if frame["buttons"]:
            return True


async def _wait_until_up(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            try:
                async with http.get(url):
                    return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    raise RuntimeError("gongkai serve did not start")


@dataclass(frozen=True)
class Served:
    port: int
    pid: int
    db: Path

    def cpu_seconds(self) -> float | None:
        """CPU time the server used so far, all its threads and its child processes (the answering process; Linux
        /proc); None where unknown."""
        own = _stat(self.pid)
        if own is None:
            return None
        children = (_stat(int(entry.name)) for entry in Path("/proc").iterdir() if entry.name.isdigit())
        ticks = own[1] + sum(stat[1] for stat in children if stat is not None and stat[0] == self.pid)
        return ticks / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, int] | None:
    """A process's parent and the clock ticks it has run (user and system), or None where unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def machine_cpu() -> tuple[float, float] | None:
    """Seconds of CPU the whole machine spent busy, and stolen by the hypervisor, since boot (Linux /proc/stat)."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    idle = ticks[3] + ticks[4]  # idle, iowait
    steal = ticks[7] if len(ticks) > 7 else 0
    return (sum(ticks[:8]) - idle - steal) / hz, steal / hz


@dataclass(frozen=True)
class CpuShare:
    """Cores busy, on average, over a stretch of a load run."""

    seconds: float
    server: float | None
    bench: float  # this process: the clients and the probe
    others: float | None  # everything else on the machine
    stolen: float | None  # by the hypervisor

    def line(self) -> str:
        parts = [f"server {'unknown' if self.server is None else f'{self.server:.2f}'} cores busy"]
        parts.append(f"this bench process (clients, probe) {self.bench:.2f}")
        if self.others is not None and self.stolen is not None:
            # Another process busy here takes cores from the server: then the figures are not the server's alone.
            parts.append(f"other processes {self.others:.2f}, stolen by the hypervisor {self.stolen:.2f}")
        return f"  CPU during the load ({self.seconds:.1f} s, {os.cpu_count()} cores): " + ", ".join(parts)


class CpuMeter:
    """Measures a CpuShare from its creation to stop()."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.start = time.perf_counter()
        self.server, self.bench, self.machine = served.cpu_seconds(), time.process_time(), machine_cpu()

    def stop(self) -> CpuShare:
        seconds = time.perf_counter() - self.start
        server_now, machine_now = self.served.cpu_seconds(), machine_cpu()
        server = None if self.server is None or server_now is None else (server_now - self.server) / seconds
        bench = (time.process_time() - self.bench) / seconds
        others = stolen = None
        if self.machine is not None and machine_now is not None:
            busy = (machine_now[0] - self.machine[0]) / seconds
            stolen = (machine_now[1] - self.machine[1]) / seconds
            others = max(0.0, busy - (server or 0.0) - bench)
        return CpuShare(seconds, server, bench, others, stolen)


@contextlib.asynccontextmanager
async def serving(extra: str = "") -> AsyncIterator[Served]:
    """A fresh `gongkai serve` on a free local port, with its own store and `extra` configuration sections; stops it
    afterwards."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "bench.toml"
        # No per-chat limit here: the figure is the server's throughput, not the limiter's. The bench's clients may
        # name an address in X-Forwarded-For as if they came through a local proxy (the guessing load does). The
        # load's clients all come from 127.0.0.1: room for all of them under the socket caps.
        config.write_text(
            f'[store]\npath = "{Path(tmp) / "bench.db"}"\n[web]\nhost = "127.0.0.1"\nport = {port}\n'
            'rate_per_minute = 1000000\ntrusted_proxies = ["127.0.0.1"]\n'
            "max_sockets = 100000\nmax_sockets_per_address = 100000\n" + extra,
            encoding="utf-8",
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "bot", "--config", str(config), "serve"], stdout=subprocess.DEVNULL
        )
        try:
            await _wait_until_up(f"http://127.0.0.1:{port}/healthz")
            yield Served(port, server.pid, Path(tmp) / "bench.db")
        finally:
            server.terminate()
            server.wait(timeout=30)


async def websocket_load(asked: list[str], plan: LoadPlan) -> tuple[float, list[float], CpuShare]:
    """Messages per second, round-trip times and CPU use of the plan's clients against a fresh `gongkai serve`."""
    async with serving() as served:
        latencies: list[float] = []
        url = f"http://127.0.0.1:{served.port}/ws"
        clients = [asyncio.create_task(_client(url, asked, plan, n, latencies)) for n in range(plan.clients)]
        # Everyone connects first; the clock measures questions, not handshakes.
        await plan.all_connected.wait()
        await _ask_each_once(url, asked)
        meter = CpuMeter(served)
        plan.start = time.perf_counter()
        plan.go.set()
        await asyncio.gather(*clients)
        elapsed = time.perf_counter() - plan.start
        cpu = meter.stop()
    return len(latencies) / elapsed, latencies, cpu


def report_load(asked: list[str], plan: LoadPlan) -> None:
    """Run one load plan and print its figures."""
    rate, latencies, cpu = asyncio.run(websocket_load(asked, plan))
    pace = f"paced at {plan.rate:.0f}/s" if plan.rate else "as fast as answers come"
    p50_ms, p99_ms = statistics.median(latencies) * 1000, percentile(latencies, 0.99) * 1000
    print(
        f"websocket load, repeated questions ({len(asked)} texts cycled, each asked once before the clock starts, as "
        f"on a running server; text messages only): {plan.clients} clients × {plan.messages} questions, {pace}"
    )
    print(f"  {rate:.0f} messages/s   p50 {p50_ms:.1f} ms   p99 {p99_ms:.1f} ms")
    print(cpu.line())
