"""The application wizard end to end on the web socket (with an upload) and on Telegram, pressing buttons by label."""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Config
from bot.engine import Engine
from bot.requests.repository import RequestStore
from bot.web import create_app
from handlers.context import Services
from knowledge.clock import CHINA
from knowledge.workdays import default_calendar
from tests.apply_support import CITIZEN, JPEG, PDF

# /apply and every answer up to the review.
STEPS: list[tuple[str, str]] = [("say", "/apply"), *CITIZEN]
HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))


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


def frame_action(frame: dict, label: str) -> str:
    return next(button["action"] for row in frame["buttons"] for button in row if button["label"] == label)


async def test_web_wizard_with_form_downloads_then_confirmed_online_upload(engine, requests):
    async with TestClient(TestServer(create_app(engine, Config()))) as client:
        ws = await client.ws_connect("/ws")
        chat = (await ws.receive_json())["chat"]

        async def send(kind: str, value: str, frames: int = 1) -> list[dict]:
            if kind == "say":
                await ws.send_json({"type": "message", "text": value})
            else:
                await ws.send_json({"type": "action", "action": frame_action(last, value)})
            return [await asyncio.wait_for(ws.receive_json(), timeout=30) for _ in range(frames)]

        last: dict = {}
        for kind, value in STEPS:
            [last] = await send(kind, value)
        assert "请核对申请内容" in last["text"] and "3701**********1238" in last["text"]
        frames = await send("press", "生成申请表", frames=3)
        last = frames[-1]
        links = {file["name"]: file["url"] for frame in frames for file in frame["files"]}
        download = await client.get(links["政府信息公开申请表.docx"])
        assert download.status == 200 and (await download.read())[:2] == b"PK"
        if HAS_SOFFICE:
            pdf = await client.get(links["政府信息公开申请表.pdf"])
            assert (await pdf.read()).startswith(b"%PDF-")
        assert "尚未提交" in frames[1]["text"] and "草稿保留到" in last["text"]

        [last] = await send("press", "网上提交")
        assert last["text"].startswith("请确认网上提交")
        [last] = await send("press", "确认提交")
        assert "JPEG、PNG 或 PDF" in last["text"] and list(requests.export()) == []

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
        form.add_field("file", PDF, filename="身份证.pdf", content_type="application/pdf")
        submitted = await (await client.post("/upload", data=form)).json()
        done = submitted["replies"][0]
        [view] = list(requests.export())
        assert "已网上提交" in done["text"] and done["copy"][0] == view.tracking_no and len(done["copy"]) == 2
        assert all(value in done["text"] for value in done["copy"])
        assert view.channel == "online" and requests.outbox.subscribers(view.tracking_no) == [("web", chat)]
        await ws.close()


def keyboard_data(call, label: str) -> str:
    markup = call.params["reply_markup"]
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == label)


async def test_telegram_wizard_with_form_documents_and_photo_upload(engine, requests):
    from telegram_stub import TelegramStub

    from bot.channels.telegram import TelegramChannel
    from bot.config import TelegramConfig

    stub = TelegramStub()
    await stub.start()
    channel = TelegramChannel(engine, TelegramConfig(token=stub.token, base_url=stub.base_url))
    await channel.start()
    private = 7_770_001

    async def send(kind: str, value: str, messages: int = 1):
        before = len(stub.calls_of("sendMessage"))
        if kind == "say":
            stub.push_update(stub.text_update(private, value))
        else:
            last = stub.calls_of("sendMessage")[-1]
            message_id = last.response["result"]["message_id"]
            stub.push_update(stub.callback_update(private, keyboard_data(last, value), message_id))
        return await stub.wait_for("sendMessage", before + messages, timeout=30)

    try:
        for kind, value in STEPS:
            await send(kind, value)
        assert "请核对申请内容" in stub.calls_of("sendMessage")[-1].params["text"]
        # The text form, the note with the files, and the step after it: the draft is kept.
        calls = await send("press", "生成申请表", messages=3)
        documents = await stub.wait_for("sendDocument", 2 if HAS_SOFFICE else 1, timeout=30)
        assert "草稿保留到" in calls[-1].params["text"] and len(documents) == (2 if HAS_SOFFICE else 1)

        await send("press", "网上提交")
        await send("press", "确认提交")
        before = len(stub.calls_of("sendMessage"))
        stub.push_update(stub.sticker_update(private))
        await stub.wait_for("sendMessage", before + 1)
        stub.push_update(stub.photo_update(private, data=JPEG))
        calls = await stub.wait_for("sendMessage", before + 3)
        texts = [call.params["text"] for call in calls[before:]]
        assert any("已网上提交" in text for text in texts), texts
        [view] = list(requests.export())
        assert any(view.tracking_no in text for text in texts)
        assert requests.outbox.subscribers(view.tracking_no) == [("telegram", str(private))]
    finally:
        await channel.stop()
        await stub.close()
