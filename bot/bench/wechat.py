"""WeChat callbacks in safe mode against a running `gongkai serve`: callbacks per second and the time each takes to
be answered, with a stand-in WeChat API (token and customer-service messages) in the bench's process."""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import statistics
import time
from dataclasses import dataclass, field

import aiohttp
import xmltodict
from aiohttp import web
from wechatpy.crypto import WeChatCrypto

from bot.bench.common import percentile, verdict
from bot.bench.websocket import REPLY_TIMEOUT, CpuMeter, CpuShare, Served, free_port, serving
from bot.channels.wechat import signature

TARGET_CALLBACK_P99_S = 1.0
WECHAT_USERS = 200
WECHAT_MESSAGES = 10
WECHAT_RATE = 30.0
WECHAT_SECONDS = 10.0
TOKEN = "benchtoken"
APP_ID = "wxbench0000000000"
ACCOUNT = "gh_bench"


@dataclass(frozen=True)
class WechatPlan:
    """Users sending the repeated questions, and the distinct questions sent at `rate` a second."""

    users: int
    messages: int
    repeated: list[str]
    distinct: list[str]
    rate: float


@dataclass
class WechatRun:
    latencies: list[float] = field(default_factory=list)
    passive: int = 0  # answered in the callback's response
    deferred: int = 0  # "success", the reply sent through the customer-service API
    failed: int = 0  # an HTTP error or no answer within REPLY_TIMEOUT
    elapsed: float = 0.0
    cpu: CpuShare | None = None


@dataclass
class WechatBench:
    """Both runs on one server, and the messages the stand-in API was sent."""

    repeated: WechatRun = field(default_factory=WechatRun)
    distinct: WechatRun = field(default_factory=WechatRun)
    sent_by_api: int = 0


def _stand_in(bench: WechatBench) -> web.Application:
    """The API calls the bench's replies use: the access token, customer-service sends (counted), image uploads."""

    async def token(_request: web.Request) -> web.Response:
        return web.json_response({"access_token": secrets.token_hex(16), "expires_in": 7200})

    async def send(request: web.Request) -> web.Response:
        await request.read()
        bench.sent_by_api += 1
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def upload(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"type": "image", "media_id": secrets.token_hex(16), "created_at": int(time.time())})

    app = web.Application()
    app.router.add_get("/cgi-bin/token", token)
    app.router.add_post("/cgi-bin/media/upload", upload)
    app.router.add_post("/cgi-bin/message/custom/send", send)
    return app


def _callback(crypto: WeChatCrypto, openid: str, text: str, msg_id: int) -> tuple[dict[str, str], bytes]:
    """A text message as WeChat posts it in safe mode: the query and the encrypted body."""
    now, nonce = str(int(time.time())), secrets.token_hex(8)
    plain = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )
    encrypt = xmltodict.parse(crypto.encrypt_message(plain, nonce, now))["xml"]["Encrypt"]
    body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    query = {
        "signature": signature(TOKEN, now, nonce),
        "timestamp": now,
        "nonce": nonce,
        "openid": openid,
        "encrypt_type": "aes",
        "msg_signature": signature(TOKEN, now, nonce, encrypt),
    }
    return query, body.encode()


class Poster:
    """Posts users' text messages as WeChat does to one server and records each callback in a run."""

    def __init__(self, http: aiohttp.ClientSession, url: str, crypto: WeChatCrypto) -> None:
        self.http, self.url, self.crypto = http, url, crypto
        self.msg_ids = iter(range(1, 1 << 62))

    async def post(self, openid: str, text: str, run: WechatRun) -> None:
        query, body = _callback(self.crypto, openid, text, next(self.msg_ids))
        start = time.perf_counter()
        try:
            timeout = aiohttp.ClientTimeout(total=REPLY_TIMEOUT)
            async with self.http.post(self.url, params=query, data=body, timeout=timeout) as response:
                answer = await response.text()
                ok = response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            ok = False
        if not ok:
            run.failed += 1
            return
        run.latencies.append(time.perf_counter() - start)
        if answer == "success":
            run.deferred += 1
        else:
            run.passive += 1


async def _repeated(poster: Poster, served: Served, users: int, messages: int, asked: list[str]) -> WechatRun:
    """`users` users each send `messages` of the repeated questions, the next once the last is answered."""
    run = WechatRun()

    async def user(n: int) -> None:
        for i in range(messages):
            await poster.post(f"o_bench_{n:05d}", asked[(n * messages + i) % len(asked)], run)

    meter = CpuMeter(served)
    start = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(users)))
    run.elapsed = time.perf_counter() - start
    run.cpu = meter.stop()
    return run


async def _distinct(poster: Poster, served: Served, rate: float, asked: list[str]) -> WechatRun:
    """The distinct questions sent at `rate` a second, each by another user, not waiting for answers."""
    run = WechatRun()
    meter = CpuMeter(served)
    start = time.perf_counter()
    tasks = []
    for k, text in enumerate(asked):
        await asyncio.sleep(max(0.0, start + k / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(poster.post(f"o_new_{k:05d}", text, run)))
    await asyncio.gather(*tasks)
    run.elapsed = time.perf_counter() - start
    run.cpu = meter.stop()
    return run


async def wechat_load(plan: WechatPlan) -> WechatBench:
    """A fresh `gongkai serve` in safe mode: first repeated questions as fast as answers come, then distinct ones at
    `plan.rate` a second."""
    bench = WechatBench()
    key = base64.b64encode(os.urandom(32)).decode()[:43].replace("+", "a").replace("/", "b")
    api_port = free_port()
    api = web.AppRunner(_stand_in(bench))
    await api.setup()
    await web.TCPSite(api, "127.0.0.1", api_port).start()
    extra = (
        f'[wechat]\ntoken = "{TOKEN}"\napp_id = "{APP_ID}"\napp_secret = "benchsecret"\n'
        f'encoding_aes_key = "{key}"\nbase_url = "http://127.0.0.1:{api_port}"\n'
    )
    try:
        connector = aiohttp.TCPConnector(limit=0)
        async with serving(extra) as served, aiohttp.ClientSession(connector=connector) as http:
            poster = Poster(http, f"http://127.0.0.1:{served.port}/wechat", WeChatCrypto(TOKEN, key, APP_ID))
            # Each repeated question once before the clock starts, as on a running server (the model loads then).
            for text in plan.repeated:
                await poster.post("o_bench_warm", text, WechatRun())
            bench.repeated = await _repeated(poster, served, plan.users, plan.messages, plan.repeated)
            bench.distinct = await _distinct(poster, served, plan.rate, plan.distinct)
            await _sent_all(bench)
    finally:
        await api.cleanup()
    return bench


async def _sent_all(bench: WechatBench, quiet: float = 1.0, longest: float = 15.0) -> None:
    """Wait until the server has sent what it still had for the customer-service API (no new message for `quiet`
    seconds), so that stopping it leaves nothing unsent."""
    deadline = time.perf_counter() + longest
    seen = -1
    while bench.sent_by_api != seen and time.perf_counter() < deadline:
        seen = bench.sent_by_api
        await asyncio.sleep(quiet)


def _print_run(run: WechatRun) -> None:
    rate = len(run.latencies) / run.elapsed if run.elapsed else 0.0
    p50, p99 = statistics.median(run.latencies), percentile(run.latencies, 0.99)
    print(
        f"  {rate:.0f} callbacks/s   p50 {p50 * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms   "
        f"(target p99 ≤ {TARGET_CALLBACK_P99_S:g} s: {verdict(p99, TARGET_CALLBACK_P99_S)})"
    )
    print(f"  passive replies {run.passive}, sent through the customer-service API {run.deferred}, failed {run.failed}")
    if run.cpu is not None:
        print(run.cpu.line())


def report_wechat(plan: WechatPlan) -> None:
    """Run the WeChat callback loads and print their figures."""
    bench = asyncio.run(wechat_load(plan))
    print(
        f"wechat callbacks in safe mode (AES both ways, signatures checked), repeated questions ({len(plan.repeated)} "
        f"texts cycled): {plan.users} users × {plan.messages} messages, each sent once the last is answered"
    )
    _print_run(bench.repeated)
    print(
        f"wechat callbacks in safe mode, distinct natural questions: {len(plan.distinct)} at {plan.rate:g}/s, "
        "each from another user"
    )
    _print_run(bench.distinct)
    print(f"  customer-service messages the stand-in API was sent in both runs: {bench.sent_by_api}")
