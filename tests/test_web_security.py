"""Hardening of the web surface over a real aiohttp server (issue 11): no rows for bare connects, socket caps with a
reason, bounded JSON frames, security headers, no versions, the WebSocket's Origin, an access log without
credentials, throttled admin tokens; and the daily purge that keeps the store from growing."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import timedelta

import pytest
from aiohttp import WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.web import SERVER_BUSY, TOO_MANY_FROM_ADDRESS, TRY_AGAIN_LATER
from bot.config import AdminConfig, Config, WebConfig, parse_config
from bot.notify import Notifier
from bot.requests.repository import RequestStore
from bot.store import stamp
from bot.web import CHANNEL_KEY, CONTENT_SECURITY_POLICY, AccessLog, create_app
from handlers.messages import File, Reply
from knowledge import clock
from knowledge.workdays import default_calendar

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_REQUEST = {
    "applicant_type": "citizen",
    "name": "张三",
    "phone": "13812345678",
    "channel": "in_person",
    "description": "2025年历下区泉城路改造工程的立项批复文件",
}


@pytest.fixture
def requests(store) -> RequestStore:
    return RequestStore(store, calendar=default_calendar())


@pytest.fixture
async def client(engine, requests):
    app = create_app(engine, Config(admin=AdminConfig(token=TOKEN)), requests=requests)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def receive(ws) -> dict:
    return await asyncio.wait_for(ws.receive_json(), timeout=5)


async def hello(client, chat: str | None = None, **options):
    ws = await client.ws_connect("/ws" + (f"?chat={chat}" if chat else ""), **options)
    greeting = await receive(ws)
    assert greeting["type"] == "hello"
    return ws, greeting["chat"]


def session_rows(store) -> int:
    return store.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


async def until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


# -- bounded growth -----------------------------------------------------------------------------------


async def test_bare_connects_write_no_rows_and_a_chat_that_speaks_is_kept(client, store):
    for _ in range(30):
        ws, _ = await hello(client)
        await ws.close()
    assert session_rows(store) == 0

    ws, chat = await hello(client)
    await ws.send_json({"type": "message", "text": "/start"})
    assert (await receive(ws))["type"] == "reply"
    assert session_rows(store) == 1
    await ws.close()
    again, same = await hello(client, chat)
    assert same == chat
    await again.close()


async def test_a_bad_frame_alone_does_not_store_a_chat(client, store):
    ws, _ = await hello(client)
    await ws.send_str("{not json")
    assert (await receive(ws))["type"] == "error"
    await ws.close()
    assert session_rows(store) == 0


async def test_sockets_beyond_the_caps_are_closed_with_code_1013_and_the_reason(engine):
    settings = WebConfig(max_sockets=3, max_sockets_per_address=2, trusted_proxies=("127.0.0.1",))
    app = create_app(engine, Config(web=settings))
    channel = app[CHANNEL_KEY]

    def source(address: str) -> dict:
        return {"headers": {"X-Forwarded-For": address}}

    async def refused(address: str) -> tuple[int, str]:
        ws = await client.ws_connect("/ws", **source(address))
        closing = await asyncio.wait_for(ws.receive(), timeout=5)
        assert closing.type == WSMsgType.CLOSE
        return closing.data, closing.extra

    async with TestClient(TestServer(app)) as client:
        first, _ = await hello(client, **source("203.0.113.1"))
        second, _ = await hello(client, **source("203.0.113.1"))
        assert await refused("203.0.113.1") == (TRY_AGAIN_LATER, TOO_MANY_FROM_ADDRESS)
        third, _ = await hello(client, **source("203.0.113.2"))
        assert await refused("203.0.113.3") == (TRY_AGAIN_LATER, SERVER_BUSY)
        # The sockets still open work, and a closed one frees its place.
        await second.send_json({"type": "message", "text": "投诉电话"})
        assert "0531-88150105" in (await receive(second))["text"]
        await first.close()
        await until(lambda: channel.open_sockets == 2)
        fourth, _ = await hello(client, **source("203.0.113.3"))
        for ws in (second, third, fourth):
            await ws.close()
        await until(lambda: channel.open_sockets == 0 and not channel.per_address)


async def test_the_daily_job_purges_idle_sessions_old_lookups_and_sent_notices(store, requests):
    now = clock.now()
    old, recent = stamp(now - timedelta(days=100)), stamp(now - timedelta(days=1))
    created = requests.create(NEW_REQUEST)
    for chat, updated in (("idle", old), ("subscribed", old), ("active", recent)):
        store.create_session("web", chat)
        store.conn.execute("UPDATE sessions SET updated_at = ? WHERE chat_id = ?", [updated, chat])
    requests.subscribe("web", "subscribed", created.view.tracking_no)
    for at in (now - timedelta(days=40), now - timedelta(hours=2)):
        store.conn.execute(
            "INSERT INTO lookup_attempts (channel, chat_id, tracking_no, ok, at) VALUES ('web', 'x', 'LX', 0, ?)",
            [at.timestamp()],
        )
    for text, delivered in (("old", old), ("recent", recent), ("waiting", None)):
        store.conn.execute(
            "INSERT INTO outbox (channel, chat_id, text, created_at, delivered_at) VALUES ('web', 'x', ?, ?, ?)",
            [text, old, delivered],
        )

    notifier = Notifier(requests, {}, idle_session_days=90, lookup_days=30, delivered_notice_days=30)
    assert notifier.daily() is True
    sessions = [row[0] for row in store.conn.execute("SELECT chat_id FROM sessions ORDER BY chat_id")]
    assert sessions == ["active", "subscribed"]
    assert store.conn.execute("SELECT COUNT(*) FROM lookup_attempts").fetchone()[0] == 1
    assert [row[0] for row in store.conn.execute("SELECT text FROM outbox ORDER BY id")] == ["recent", "waiting"]


def test_purges_delete_in_batches(store, monkeypatch):
    monkeypatch.setattr("bot.store.PURGE_BATCH", 7)
    at = (clock.now() - timedelta(days=2)).timestamp()
    store.conn.executemany(
        "INSERT INTO lookup_attempts (channel, chat_id, tracking_no, ok, at) VALUES ('web', 'x', 'LX', 0, ?)",
        [[at]] * 30,
    )
    assert store.purge_lookup_attempts(1) == 30
    assert store.conn.execute("SELECT COUNT(*) FROM lookup_attempts").fetchone()[0] == 0


def test_idle_sessions_may_not_be_purged_before_drafts_expire():
    with pytest.raises(ValueError, match="idle_session_days"):
        parse_config({"store": {"idle_session_days": 3}, "apply": {"draft_days": 7}})


# -- input bounds -------------------------------------------------------------------------------------

ODD_FRAMES = {
    "2 KB nested 1,000 deep": '{"type": "message", "text": ' + "[" * 1000 + "]" * 1000 + "}",
    "nested 17 deep": '{"type": "message", "text": ' + "[" * 16 + "]" * 16 + "}",
    "40 KB": json.dumps({"type": "message", "text": "问" * 13_000}, ensure_ascii=False),
    "5,000-digit number": '{"type": "message", "text": ' + "1" * 5000 + "}",
    "NaN": '{"type": "message", "text": NaN}',
    "lone surrogate": '{"type": "message", "text": "\\ud800"}',
}


@pytest.mark.parametrize("frame", ODD_FRAMES.values(), ids=ODD_FRAMES.keys())
async def test_deep_huge_or_odd_json_gets_an_error_frame_and_the_socket_stays(client, frame):
    ws, _ = await hello(client)
    await ws.send_str(frame)
    reply = await receive(ws)
    assert reply["type"] == "error" and reply["text"].startswith("消息格式错误："), reply
    await ws.send_json({"type": "message", "text": "投诉电话"})
    assert "0531-88150105" in (await receive(ws))["text"]
    await ws.close()


async def test_a_failure_outside_the_engine_gets_an_error_frame_and_the_socket_stays(client, engine, monkeypatch):
    ws, _ = await hello(client)
    await ws.send_json({"type": "message", "text": "/start"})
    await receive(ws)
    original = engine.store.load_session
    monkeypatch.setattr(engine.store, "load_session", lambda *_: 1 / 0)
    await ws.send_json({"type": "message", "text": "投诉电话"})
    assert (await receive(ws)) == {"type": "error", "text": "抱歉，处理这条消息时出错了，请稍后再试。"}
    monkeypatch.setattr(engine.store, "load_session", original)
    await ws.send_json({"type": "message", "text": "投诉电话"})
    assert "0531-88150105" in (await receive(ws))["text"]
    await ws.close()


async def test_a_failing_handler_is_answered_in_chinese_without_a_traceback(client, monkeypatch):
    monkeypatch.setattr("bot.web.version", lambda _name: 1 / 0)
    response = await client.get("/healthz", headers={"Accept": "text/html"})
    assert (response.status, await response.text()) == (500, "服务器内部错误，请稍后再试。")


# -- headers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/healthz", "/static/app.js", "/static/style.css", "/admin/api/attention", "/files/unknown", "/nowhere"],
)
async def test_every_response_carries_the_security_headers_and_no_versions(client, path):
    response = await client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Server"] == "gongkai"


async def test_the_authorised_admin_api_and_downloads_carry_them_too(client):
    admin = await client.get("/admin/api/attention", headers=AUTH)
    channel = client.server.app[CHANNEL_KEY]
    url = channel.render(Reply("表", files=(File(name="a.txt", mime="text/plain", data=b"x"),)))["files"][0]["url"]
    download = await client.get(url)
    for response in (admin, download):
        assert response.status == 200
        assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Server"] == "gongkai"


async def test_the_page_has_its_policy_in_the_header_not_a_meta_tag(client):
    page = await (await client.get("/")).text()
    assert "Content-Security-Policy" not in page and '<script src="/static/app.js"' in page


async def test_a_malformed_request_is_answered_without_versions(client):
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n")
    await writer.drain()
    answer = (await asyncio.wait_for(reader.read(), timeout=5)).decode("latin-1")
    writer.close()
    assert answer.split(" ", 2)[1] == "400" and "Server: gongkai\r\n" in answer
    assert "aiohttp" not in answer and "Python" not in answer


# -- the WebSocket's Origin ---------------------------------------------------------------------------


async def test_a_page_of_another_site_cannot_open_a_chat(client, store):
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", origin="https://evil.example")
    assert refused.value.status == 403
    with pytest.raises(WSServerHandshakeError):
        await client.ws_connect("/ws", origin="null")
    ws, _ = await hello(client, origin=f"http://{client.host}:{client.port}")
    await ws.close()
    assert session_rows(store) == 0


async def test_configured_origins_replace_the_own_host(engine):
    config = parse_config({"web": {"allowed_origins": ["https://Gongkai.example.org/"]}}, environ={})
    async with TestClient(TestServer(create_app(engine, config))) as client:
        ws, _ = await hello(client, origin="https://gongkai.example.org")
        await ws.close()
        with pytest.raises(WSServerHandshakeError):
            await client.ws_connect("/ws", origin=f"http://{client.host}:{client.port}")


# -- the access log -----------------------------------------------------------------------------------


async def test_the_access_log_holds_no_query_strings_nor_download_tokens(engine, caplog):
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    app = create_app(engine, Config())
    server = TestServer(app)
    await server.start_server(access_log_class=AccessLog)
    async with TestClient(server) as client:
        ws, chat = await hello(client)
        await ws.send_json({"type": "message", "text": "/start"})
        await receive(ws)
        await ws.close()
        again, _ = await hello(client, chat)
        await again.close()
        await client.get("/healthz?probe=secret-value")
        url = app[CHANNEL_KEY].render(Reply("表", files=(File(name="a.txt", mime="text/plain", data=b"x"),)))
        token = url["files"][0]["url"].rsplit("/", 1)[1]
        assert (await client.get(f"/files/{token}")).status == 200
        await until(lambda: caplog.text.count('"GET /ws"') == 2)
    logged = caplog.text
    assert '"GET /healthz" 200' in logged and '"GET /files/{token}" 200' in logged
    assert chat not in logged and "secret-value" not in logged and token not in logged and "?" not in logged


# -- admin tokens -------------------------------------------------------------------------------------


async def test_wrong_admin_tokens_are_throttled_per_address_and_logged_once_a_window(engine, requests, caplog):
    caplog.set_level(logging.INFO, logger="bot.admin")
    settings = Config(
        web=WebConfig(trusted_proxies=("127.0.0.1",)),
        admin=AdminConfig(token=TOKEN, max_failures=3, failure_window=1),
    )
    attacker = {"X-Forwarded-For": "198.51.100.7"}
    async with TestClient(TestServer(create_app(engine, settings, requests=requests))) as client:
        statuses = []
        for _ in range(40):
            response = await client.get("/admin/api/attention", headers={**attacker, "Authorization": "Bearer guess"})
            statuses.append(response.status)
        assert statuses[:3] == [401, 401, 401] and set(statuses[3:]) == {429}
        assert int(response.headers["Retry-After"]) >= 1
        body = await response.json()
        assert body["error"].startswith("管理令牌错误次数过多")
        # The right token from the throttled address waits too; staff elsewhere are not held up.
        assert (await client.get("/admin/api/attention", headers={**attacker, **AUTH})).status == 429
        staff = {"X-Forwarded-For": "192.0.2.10", **AUTH}
        assert (await client.get("/admin/api/attention", headers=staff)).status == 200
        assert [r for r in caplog.records if r.name == "bot.admin"] == []

        await until(lambda: any(r.name == "bot.admin" for r in caplog.records), timeout=3)
        [line] = [r.getMessage() for r in caplog.records if r.name == "bot.admin"]
        assert "41 requests from 198.51.100.7 refused within 1 s: 3 with a missing or wrong token, 38 throttled" in line
        assert (await client.get("/admin/api/attention", headers={**attacker, **AUTH})).status == 200
