"""The web chat over a real aiohttp server: /ws protocol, reconnects, bad frames, files, health; over Lixia and the
fictional agency, each answering with its own phones."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.web import MAX_FRAME_BYTES, STEP_HINTS
from bot.config import Config, WebConfig
from bot.engine import SLOW_DOWN, Engine
from bot.ratelimit import RateLimiter
from bot.web import CHANNEL_KEY, create_app
from handlers import calc
from handlers.context import Services
from handlers.messages import File, Reply
from tests import agencies_support

# The suite runs over both agencies: `agency` over AGENCIES, `answerer` the agency's.
agency = agencies_support.agency
answerer = agencies_support.agency_answerer


@pytest.fixture
async def client(engine, agency):
    async with TestClient(TestServer(create_app(engine, agency.config()))) as test_client:
        yield test_client


async def receive(ws) -> dict:
    return await asyncio.wait_for(ws.receive_json(), timeout=5)


async def hello(client, chat: str | None = None):
    ws = await client.ws_connect("/ws" + (f"?chat={chat}" if chat else ""))
    greeting = await receive(ws)
    assert greeting["type"] == "hello"
    return ws, greeting["chat"]


async def test_healthz(client):
    response = await client.get("/healthz")
    assert (response.status, await response.json()) == (200, {"status": "ok", "version": "0.1.0"})


async def test_page_is_served_with_the_agency_s_name(client, agency):
    response = await client.get("/")
    assert response.status == 200
    assert "text/html" in response.headers["Content-Type"]
    page = await response.text()
    assert f"<title>{agency.meta.district}" in page and f'<h1 id="title">{agency.meta.district}' in page
    assert agency.foreign(page) == []


async def test_hello_then_menu_then_answer(client, agency):
    ws, chat = await hello(client)
    assert len(chat) == 22
    await ws.send_json({"type": "message", "text": "/start"})
    menu = await receive(ws)
    assert menu["type"] == "reply" and f"{agency.meta.agency}信息公开助手" in menu["text"]
    assert menu["buttons"][0][0] == {"label": "怎么提交申请", "action": "topic:apply_channels"}
    await ws.send_json({"type": "action", "action": "topic:receiving_office"})
    answer = await receive(ws)
    assert agency.office_phone in answer["text"] and answer["files"] == []
    assert agency.foreign(menu["text"] + answer["text"]) == []
    await ws.close()


async def test_reconnect_with_the_chat_id_continues_the_session(client):
    ws, chat = await hello(client)
    await ws.send_json({"type": "action", "action": "calc:fee"})
    assert "请输入件数" in (await receive(ws))["text"]
    await ws.close()

    again, same = await hello(client, chat)
    assert same == chat
    await again.send_json({"type": "message", "text": "35件"})
    assert "合计：3000元" in (await receive(again))["text"]
    await again.close()


@pytest.mark.parametrize("presented", ["not-a-chat", "A" * 22, "x" * 500, "../../etc"])
async def test_unknown_or_malformed_chat_id_gets_a_fresh_chat(client, presented):
    ws, chat = await hello(client, presented)
    assert chat != presented and len(chat) == 22
    await ws.close()


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("{not json", "消息格式错误"),
        ("[1, 2]", "JSON 对象"),
        (json.dumps({"type": "sticker"}), "无法识别的消息类型"),
        (json.dumps({"type": "message", "text": 5}), "无法识别的消息类型"),
    ],
)
async def test_bad_frames_get_an_error_and_the_socket_stays_open(client, agency, frame, error):
    ws, _ = await hello(client)
    await ws.send_str(frame)
    reply = await receive(ws)
    assert reply["type"] == "error" and error in reply["text"]
    await ws.send_json({"type": "message", "text": "投诉电话"})
    assert agency.field("complaint_office", "phone") in (await receive(ws))["text"]
    await ws.close()


async def test_binary_frame_is_refused_politely(client):
    ws, _ = await hello(client)
    await ws.send_bytes(b"\x00\x01")
    assert (await receive(ws))["text"] == "不支持二进制消息，请发送文字。"
    await ws.close()


async def test_oversized_frame_closes_only_that_socket(client, agency):
    ws, _ = await hello(client)
    other, _ = await hello(client)
    await ws.send_str("x" * (MAX_FRAME_BYTES + 1))
    closing = await asyncio.wait_for(ws.receive(), timeout=5)
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    await other.send_json({"type": "message", "text": "投诉电话"})
    assert agency.field("complaint_office", "phone") in (await receive(other))["text"]
    await other.close()


async def test_long_message_gets_a_chinese_reply(client):
    ws, _ = await hello(client)
    await ws.send_json({"type": "message", "text": "问" * 2_000})
    assert "太长了" in (await receive(ws))["text"]
    await ws.close()


async def test_flood_from_one_chat_is_slowed_down(store, answerer, agency):
    engine = Engine(store, Services(answerer=answerer), limiter=RateLimiter(3))
    async with TestClient(TestServer(create_app(engine, agency.config()))) as client:
        ws, _ = await hello(client)
        other, _ = await hello(client)
        texts = []
        for _ in range(5):
            await ws.send_json({"type": "message", "text": "电话"})
            texts.append((await receive(ws))["text"])
        assert texts[3:] == [SLOW_DOWN.text, SLOW_DOWN.text]
        await other.send_json({"type": "message", "text": "电话"})
        assert agency.office_phone in (await receive(other))["text"]


async def test_client_that_leaves_mid_reply_does_not_hurt_others(client, agency):
    ws, _ = await hello(client)
    await ws.send_json({"type": "message", "text": "不予公开的范围"})
    await ws.close()
    other, _ = await hello(client)
    await other.send_json({"type": "message", "text": "投诉电话"})
    assert agency.field("complaint_office", "phone") in (await receive(other))["text"]
    await other.close()


async def test_files_are_served_by_token_and_expire(engine, monkeypatch):
    app = create_app(engine, Config(web=WebConfig(file_ttl=60)))
    async with TestClient(TestServer(app)) as client:
        channel = app[CHANNEL_KEY]
        clock = [1000.0]
        channel.files.clock = lambda: clock[0]
        form = File(name="申请表.txt", mime="text/plain", data="内容".encode())
        rendered = channel.render(Reply("表", files=(form,)))
        url = rendered["files"][0]["url"]
        response = await client.get(url)
        assert (response.status, await response.read()) == (200, "内容".encode())
        assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
        clock[0] += 61
        assert (await client.get(url)).status == 404
        assert (await client.get("/files/guessed")).status == 404


async def test_a_message_reads_its_chat_once_and_hints_the_step_it_leaves_the_chat_at(client, store, monkeypatch):
    ws, chat = await hello(client)
    await ws.send_json({"type": "message", "text": "你好"})
    await receive(ws)
    reads: list[tuple[str, str]] = []
    original = store.load_session

    def counted(channel: str, chat_id: str):
        reads.append((channel, chat_id))
        return original(channel, chat_id)

    monkeypatch.setattr(store, "load_session", counted)
    await ws.send_json({"type": "action", "action": "calc:fee"})
    frame = await receive(ws)
    # The engine's turn gives the session it saved: the hint needs no second read of the store.
    assert reads == [("web", chat)]
    assert (frame["expect"], frame["placeholder"]) == ("text", STEP_HINTS[(calc.FLOW, calc.FEE_STEP)])
    await ws.close()
