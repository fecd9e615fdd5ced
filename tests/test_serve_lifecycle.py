"""`server_app` run by aiohttp's own test server, without `serve()`: its startup starts the notice dispatcher and
Telegram, its shutdown stops them before the web sockets close, and its cleanup closes the store last."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import test_telegram
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from telegram.error import InvalidToken
from telegram_stub import TelegramStub
from test_telegram import PRIVATE, SECRET, send_start, serve_config

from bot.channels.telegram import SECRET_HEADER
from bot.config import Config, StoreConfig, TelegramConfig
from bot.crypto import new_key
from bot.serve import DISPATCHER_KEY, ENGINE_KEY, REQUESTS_KEY, TELEGRAM_KEY, server_app, start_telegram_webhook
from bot.store import Store
from bot.web import CHANNEL_KEY

NOTICE = "您的申请有新进展，发送 /status 查看。"


# The stand-in Bot API reached directly (autouse), and the stand-in itself: test_telegram's fixtures.
local_only = test_telegram.local_only
stub = test_telegram.stub


def web_only(tmp_path: Path) -> Config:
    return Config(store=StoreConfig(path=tmp_path / "g.db", key=new_key()))


def assert_closed(store: Store) -> None:
    with pytest.raises(sqlite3.ProgrammingError):
        store.conn.execute("SELECT 1")


def record_socket_closing(app: web.Application, seen: list[dict[str, bool]]) -> None:
    """Note, when on_shutdown closes the web sockets, whether the dispatcher and Telegram were stopped by then."""
    channel = app[CHANNEL_KEY]
    close_all = channel.close_all

    async def recording() -> None:
        telegram = app[TELEGRAM_KEY]
        seen.append(
            {
                "dispatcher_done": app[DISPATCHER_KEY].task is not None and app[DISPATCHER_KEY].task.done(),
                "telegram_running": telegram is not None and telegram.application.running,
                "store_open": app[ENGINE_KEY].store.conn.execute("SELECT 1").fetchone() == (1,),
            }
        )
        await close_all()

    channel.close_all = recording  # type: ignore[method-assign]


async def test_a_due_notice_reaches_the_web_chat_without_serve(tmp_path: Path) -> None:
    app = server_app(web_only(tmp_path))
    dispatcher, store = app[DISPATCHER_KEY], app[ENGINE_KEY].store
    seen: list[dict[str, bool]] = []
    record_socket_closing(app, seen)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        assert dispatcher.task is not None and not dispatcher.task.done()
        async with client.ws_connect("/ws") as ws:
            chat = (await ws.receive_json())["chat"]
            # Queued while the chat is online (as by the CLI or the admin API): the dispatcher brings it.
            app[REQUESTS_KEY].outbox.queue_notice("web", chat, NOTICE)
            dispatcher.notifier.wake.set()
            notice = await ws.receive_json(timeout=10)
            assert notice["type"] == "reply" and notice["text"] == NOTICE
    # Cleanup ended the dispatcher's task (its stop set, the task awaited) and closed the store last.
    assert dispatcher.stop.is_set() and dispatcher.task.done() and dispatcher.task.exception() is None
    assert seen == [{"dispatcher_done": True, "telegram_running": False, "store_open": True}]
    assert_closed(store)
    reopened = Store.from_config(web_only(tmp_path).store)
    try:
        assert reopened.conn.execute("SELECT count(*) FROM outbox WHERE delivered_at IS NULL").fetchone() == (0,)
    finally:
        reopened.close()


async def test_polling_telegram_starts_with_the_app_and_stops_before_the_sockets_close(
    stub: TelegramStub, tmp_path: Path
) -> None:
    app = server_app(serve_config(stub, tmp_path, mode="polling"))
    telegram, store = app[TELEGRAM_KEY], app[ENGINE_KEY].store
    assert telegram is not None
    seen: list[dict[str, bool]] = []
    record_socket_closing(app, seen)
    async with TestClient(TestServer(app, host="127.0.0.1")):
        # The application's startup started the channel: commands published, polling, answering.
        assert telegram.application.running
        assert stub.calls_of("setMyCommands")
        await send_start(stub)
        # A notice for a subscribed Telegram chat goes out through the channel the app started.
        app[REQUESTS_KEY].outbox.queue_notice("telegram", str(PRIVATE), NOTICE)
        app[DISPATCHER_KEY].notifier.wake.set()
        calls = await stub.wait_for("sendMessage", 2)
        assert calls[-1].params["text"] == NOTICE
    assert not telegram.application.running
    assert telegram.application.updater is not None and not telegram.application.updater.running
    assert seen == [{"dispatcher_done": True, "telegram_running": False, "store_open": True}]
    assert_closed(store)


async def test_webhook_is_set_only_by_the_step_once_the_site_listens(stub: TelegramStub, tmp_path: Path) -> None:
    app = server_app(serve_config(stub, tmp_path, mode="webhook"))
    telegram = app[TELEGRAM_KEY]
    assert telegram is not None
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        # Started and listening, the webhook not set yet: a posted update is refused for Telegram to retry.
        assert stub.calls_of("setWebhook") == [] and not telegram.application.running
        update = stub.text_update(PRIVATE, "投诉电话")
        early = await client.post("/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET})
        assert early.status == 503
        # A notice due meanwhile is kept, not lost, until the channel runs.
        app[REQUESTS_KEY].outbox.queue_notice("telegram", str(PRIVATE), NOTICE)
        app[DISPATCHER_KEY].notifier.wake.set()

        await start_telegram_webhook(app)
        assert [call.params["url"] for call in stub.calls_of("setWebhook")] == [stub.webhook["url"]]
        accepted = await client.post("/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET})
        assert accepted.status == 200
        app[DISPATCHER_KEY].notifier.wake.set()
        calls = await stub.wait_for("sendMessage", 2)
        texts = [call.params["text"] for call in calls]
        assert NOTICE in texts and any("0531-88150105" in text for text in texts)
    assert not telegram.application.running


async def test_a_failed_telegram_start_still_closes_the_store(stub: TelegramStub, tmp_path: Path) -> None:
    config = serve_config(stub, tmp_path, mode="polling")
    app = server_app(replace(config, telegram=TelegramConfig(token="999:wrong", base_url=stub.base_url)))
    store = app[ENGINE_KEY].store
    runner = web.AppRunner(app)
    with pytest.raises(InvalidToken):
        await runner.setup()
    await runner.cleanup()
    # The dispatcher never started (its context comes after Telegram's); the store's context was unwound.
    assert app[DISPATCHER_KEY].task is None
    assert_closed(store)
