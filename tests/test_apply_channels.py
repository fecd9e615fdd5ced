"""The application wizard end to end on the web socket (with an upload) and on Telegram."""

from __future__ import annotations

import asyncio
from datetime import datetime

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Config
from bot.engine import Engine
from bot.request_store import RequestStore
from bot.web import create_app
from handlers.context import Services
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar

ID_NUMBER = "370102199003071238"
PHONE = "13812345678"
STEPS: list[tuple[str, str]] = [
    ("message", "/apply"),
    ("action", "apply:agree"),
    ("action", "apply:type:citizen"),
    ("message", "张三"),
    ("action", "apply:idtype:resident_id"),
    ("message", ID_NUMBER),
    ("action", "apply:skip"),
    ("message", PHONE),
    ("message", "济南市历下区泉城路1号"),
    ("message", "250000"),
    ("action", "apply:skip"),
    ("message", "《济南市历下区2022年政府信息公开工作年度报告》"),
    ("action", "apply:skip"),
    ("message", "历下区人民政府办公室2023年发布的2022年度政府信息公开工作年度报告全文"),
    ("action", "apply:skip"),
    ("action", "apply:carrier:electronic"),
    ("action", "apply:delivery:post"),
]


@pytest.fixture
def requests(store, tmp_path) -> RequestStore:
    return RequestStore(
        store,
        calendar=default_calendar(),
        now=lambda: datetime(2026, 11, 25, 10, tzinfo=CHINA),
        uploads=tmp_path / "uploads",
    )


@pytest.fixture
def engine(store, answerer, requests) -> Engine:
    return Engine(store, Services(answerer=answerer, requests=requests))


async def test_web_wizard_with_docx_download_and_online_upload(engine, requests):
    async with TestClient(TestServer(create_app(engine, Config()))) as client:
        ws = await client.ws_connect("/ws")
        chat = (await ws.receive_json())["chat"]
        reply = {}
        for kind, value in STEPS:
            await ws.send_json({"type": kind, "text" if kind == "message" else "action": value})
            reply = await asyncio.wait_for(ws.receive_json(), timeout=5)
        assert "请核对申请内容" in reply["text"] and "3701**********1238" in reply["text"]
        await ws.send_json({"type": "action", "action": "apply:confirm:form:0"})
        frames = [await asyncio.wait_for(ws.receive_json(), timeout=5) for _ in range(3)]
        [link] = [file for frame in frames for file in frame["files"]]
        download = await client.get(link["url"])
        assert download.status == 200 and (await download.read())[:2] == b"PK"

        for kind, value in STEPS:
            await ws.send_json({"type": kind, "text" if kind == "message" else "action": value})
            await asyncio.wait_for(ws.receive_json(), timeout=5)
        await ws.send_json({"type": "action", "action": "apply:confirm:online:0"})
        assert "JPEG、PNG 或 PDF" in (await ws.receive_json())["text"]

        form = aiohttp.FormData()
        form.add_field("chat", chat)
        form.add_field("file", b"not an image", filename="id.txt", content_type="text/plain")
        refused = await (await client.post("/upload", data=form)).json()
        assert "只接受 JPEG、PNG 图片或 PDF" in refused["replies"][0]["text"]

        form = aiohttp.FormData()
        form.add_field("chat", "A" * 22)
        form.add_field("file", b"%PDF-1.4", filename="id.pdf", content_type="application/pdf")
        assert (await client.post("/upload", data=form)).status == 400

        form = aiohttp.FormData()
        form.add_field("chat", chat)
        form.add_field("file", b"%PDF-1.4 scan", filename="身份证.pdf", content_type="application/pdf")
        submitted = await (await client.post("/upload", data=form)).json()
        assert "已网上提交" in submitted["replies"][0]["text"]
        [view] = list(requests.export())
        assert view.channel == "online" and requests.subscribers(view.tracking_no) == [("web", chat)]
        await ws.close()


async def test_telegram_wizard_with_photo_upload(engine, requests):
    from telegram_stub import TelegramStub

    from bot.channels.telegram import TelegramChannel
    from bot.config import TelegramConfig

    stub = TelegramStub()
    await stub.start()
    channel = TelegramChannel(engine, TelegramConfig(token=stub.token, base_url=stub.base_url))
    await channel.start()
    try:
        private = 7_770_001
        message_id = 1
        for kind, value in STEPS:
            before = len(stub.calls_of("sendMessage"))
            if kind == "message":
                stub.push_update(stub.text_update(private, value))
            else:
                stub.push_update(stub.callback_update(private, value, message_id))
            calls = await stub.wait_for("sendMessage", before + 1)
            message_id = calls[-1].response["result"]["message_id"]
        assert "请核对申请内容" in stub.calls_of("sendMessage")[-1].params["text"]
        before = len(stub.calls_of("sendMessage"))
        stub.push_update(stub.callback_update(private, "apply:confirm:form:0", message_id))
        await stub.wait_for("sendDocument")
        # The text form, the note with the file, and "申请已完成" close the first application.
        calls = await stub.wait_for("sendMessage", before + 3)
        assert "申请已完成" in calls[-1].params["text"]

        for kind, value in STEPS:
            before = len(stub.calls_of("sendMessage"))
            if kind == "message":
                stub.push_update(stub.text_update(private, value))
            else:
                stub.push_update(stub.callback_update(private, value, message_id))
            calls = await stub.wait_for("sendMessage", before + 1)
            message_id = calls[-1].response["result"]["message_id"]
        before = len(stub.calls_of("sendMessage"))
        stub.push_update(stub.callback_update(private, "apply:confirm:online:0", message_id))
        await stub.wait_for("sendMessage", before + 1)
        stub.push_update(stub.sticker_update(private))
        await stub.wait_for("sendMessage", before + 2)
        stub.push_update(stub.photo_update(private, data=b"\xff\xd8\xff\xe0jpeg"))
        calls = await stub.wait_for("sendMessage", before + 3)
        assert "已网上提交" in calls[-1].params["text"], [c.params["text"][:30] for c in calls[before:]]
        [view] = list(requests.export())
        assert requests.subscribers(view.tracking_no) == [("telegram", str(private))]
    finally:
        await channel.stop()
        await stub.close()
