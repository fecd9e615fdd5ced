"""Bare connects: what WebSockets that never say anything leave in the store."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import aiohttp

from bot.bench.common import verdict
from bot.bench.websocket import REPLY_TIMEOUT, serving

BARE_CONNECTS = 1000
BARE_CONNECT_WORKERS = 10
TARGET_BARE_CONNECT_ROWS = 0


async def bare_connects(count: int) -> tuple[int, float]:
    """The sessions rows a fresh `gongkai serve` holds after `count` WebSocket connects that take their hello and
    close without a message (BARE_CONNECT_WORKERS at a time), and the seconds the connects took."""
    async with serving() as served:
        url = f"http://127.0.0.1:{served.port}/ws"
        start = time.perf_counter()
        async with aiohttp.ClientSession() as http:

            async def worker(share: int) -> None:
                for _ in range(share):
                    async with http.ws_connect(url) as ws:
                        await asyncio.wait_for(ws.receive_json(), REPLY_TIMEOUT)  # hello

            each, rest = divmod(count, BARE_CONNECT_WORKERS)
            shares = [each + (n < rest) for n in range(BARE_CONNECT_WORKERS)]
            await asyncio.gather(*(worker(share) for share in shares))
        seconds = time.perf_counter() - start
        db = sqlite3.connect(f"file:{served.db}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        finally:
            db.close()
    return rows, seconds


def report_bare_connects(count: int) -> None:
    """Print the sessions rows written per 1,000 bare connects, against its target of none."""
    rows, seconds = asyncio.run(bare_connects(count))
    per_thousand = rows * 1000 / count
    print(
        f"bare WebSocket connects (hello taken, closed without a message): {count:,} in {seconds:.1f} s "
        f"({count / seconds:.0f} a second)"
    )
    print(
        f"  sessions rows written per 1,000 bare connects: {per_thousand:g}   "
        f"(target {TARGET_BARE_CONNECT_ROWS}: {verdict(per_thousand, TARGET_BARE_CONNECT_ROWS)})"
    )
