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
from bot.bench.websocket import REPLY_TIMEOUT, CpuMeter, CpuShare, free_port, serving
from bot.channels.wechat import signature

TARGET_CALLBACK_P99_S = 1.0
WECHAT_USERS = 200
WECHAT_MESSAGES = 10
TOKEN = "benchtoken"
APP_ID = "wxbench0000000000"
ACCOUNT = "gh_bench"


@dataclass
class WechatRun:
    latencies: list[float] = field(default_factory=list)
    passive: int = 0  # answered in the callback's response
    deferred: int = 0  # "success", the reply sent through the customer-service API
    failed: int = 0  # an HTTP error or no answer within REPLY_TIMEOUT
    elapsed: float = 0.0
    sent_by_api: int = 0
    cpu: CpuShare | None = None


def _stand_in(run: WechatRun) -> web.Application:
    """The two API calls the bench's replies use: the access token and customer-service sends (counted)."""

    async def token(_request: web.Request) -> web.Response:
        return web.json_response({"access_token": secrets.token_hex(16), "expires_in": 7200})

    async def send(request: web.Request) -> web.Response:
        await request.read()
        run.sent_by_api += 1
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    app = web.Application()
    app.router.add_get("/cgi-bin/token", token)
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


async def wechat_load(users: int, messages: int, asked: list[str]) -> WechatRun:
    """`users` WeChat users each send `messages` questions from `asked`, one after another as soon as the previous
    callback is answered, to a fresh `gongkai serve` in safe mode."""
    run = WechatRun()
    key = base64.b64encode(os.urandom(32)).decode()[:43].replace("+", "a").replace("/", "b")
    crypto = WeChatCrypto(TOKEN, key, APP_ID)
    api_port = free_port()
    api = web.AppRunner(_stand_in(run))
    await api.setup()
    await web.TCPSite(api, "127.0.0.1", api_port).start()
    extra = (
        f'[wechat]\ntoken = "{TOKEN}"\napp_id = "{APP_ID}"\napp_secret = "benchsecret"\n'
        f'encoding_aes_key = "{key}"\nbase_url = "http://127.0.0.1:{api_port}"\n'
    )
    try:
        async with serving(extra) as served, aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0)
        ) as http:
            url = f"http://127.0.0.1:{served.port}/wechat"
            counter = iter(range(1, 1 << 62))

            async def user(n: int) -> None:
                for i in range(messages):
                    text = asked[(n * messages + i) % len(asked)]
                    query, body = _callback(crypto, f"o_bench_{n:05d}", text, next(counter))
                    start = time.perf_counter()
                    try:
                        async with http.post(
                            url, params=query, data=body, timeout=aiohttp.ClientTimeout(total=REPLY_TIMEOUT)
                        ) as response:
                            answer = await response.text()
                            ok = response.status == 200
                    except (aiohttp.ClientError, TimeoutError):
                        ok = False
                    if not ok:
                        run.failed += 1
                        continue
                    run.latencies.append(time.perf_counter() - start)
                    if answer == "success":
                        run.deferred += 1
                    else:
                        run.passive += 1

            # The model loads on the first question: that is start-up, not load.
            warm_query, warm_body = _callback(crypto, "o_bench_warm", asked[0], 0)
            async with http.post(url, params=warm_query, data=warm_body) as response:
                await response.read()
            meter = CpuMeter(served)
            start = time.perf_counter()
            await asyncio.gather(*(user(n) for n in range(users)))
            run.elapsed = time.perf_counter() - start
            run.cpu = meter.stop()
    finally:
        await api.cleanup()
    return run


def report_wechat(users: int, messages: int, asked: list[str]) -> None:
    """Run the WeChat callback load and print its figures."""
    run = asyncio.run(wechat_load(users, messages, asked))
    done = len(run.latencies)
    rate = done / run.elapsed if run.elapsed else 0.0
    p50, p99 = statistics.median(run.latencies), percentile(run.latencies, 0.99)
    print(
        f"wechat callbacks in safe mode (AES, signatures checked; {len(asked)} questions cycled): {users} users × "
        f"{messages} messages, each user's next message once the last is answered"
    )
    print(
        f"  {rate:.0f} callbacks/s   p50 {p50 * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms   "
        f"(target p99 ≤ {TARGET_CALLBACK_P99_S:g} s: {verdict(p99, TARGET_CALLBACK_P99_S)})"
    )
    print(
        f"  passive replies {run.passive}, deferred to the customer-service API {run.deferred} "
        f"({run.sent_by_api} messages sent through it), failed {run.failed}"
    )
    if run.cpu is not None:
        print(run.cpu.line())
