"""`gongkai serve`: the web chat, Telegram (with a token), the admin API and notices in one event loop."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, TextIO

from aiohttp import web

from bot.config import Config
from bot.engine import Engine
from bot.notify import Notifier, Sender
from bot.ratelimit import RateLimiter
from bot.requests.repository import RequestStore
from bot.services import build_services, open_requests
from bot.store import Store
from bot.web import CHANNEL_KEY, AccessLog, create_app

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel

log = logging.getLogger(__name__)

ENGINE_KEY = web.AppKey("engine", Engine)
REQUESTS_KEY = web.AppKey("requests", RequestStore)
TELEGRAM_KEY: web.AppKey[TelegramChannel | None] = web.AppKey("telegram")
# Answers are computed in worker threads; a thread holding the GIL keeps it for up to the switch interval (5 ms by
# default) each time the event loop wakes, and one request wakes the loop several times. A shorter interval keeps
# /healthz and menu presses responsive while distinct questions are answered (see `make bench`).
SWITCH_INTERVAL = 0.0005


def server_app(config: Config) -> web.Application:
    """The application `gongkai serve` runs: the web surface (`create_app`) over the configured store, with the
    engine, the request store and, when a token is set, the Telegram channel in its state (ENGINE_KEY, REQUESTS_KEY,
    TELEGRAM_KEY).

    The store opened here belongs to the application: its cleanup context closes it once the requests in flight
    are done, so whichever runner runs the application releases the database.
    """
    store = Store.from_config(config.store)
    try:
        requests = open_requests(config, store)
        engine = Engine(
            store, build_services(config, requests=requests), limiter=RateLimiter(config.web.rate_per_minute)
        )
        telegram = None
        if config.telegram.enabled:
            from bot.channels.telegram import TelegramChannel

            telegram = TelegramChannel(engine, config.telegram)
        app = create_app(engine, config, telegram=telegram, requests=requests)
    except BaseException:
        store.close()
        raise
    app[ENGINE_KEY] = engine
    app[REQUESTS_KEY] = requests
    app[TELEGRAM_KEY] = telegram
    app.cleanup_ctx.append(_closing_store)
    return app


async def _closing_store(app: web.Application) -> AsyncIterator[None]:
    """Close the application's store at its cleanup, after the requests in flight (on_shutdown closed sockets)."""
    yield
    app[ENGINE_KEY].store.close()


def _notifier(requests: RequestStore, config: Config, app: web.Application, telegram) -> Notifier:
    """The notice dispatcher over the channels that can push: the web page, and Telegram when on."""
    senders: dict[str, Sender] = {"web": app[CHANNEL_KEY].push}
    staff_chat = None
    if telegram is not None:
        senders["telegram"] = telegram.push
        if config.telegram.staff_chat_id:
            staff_chat = ("telegram", config.telegram.staff_chat_id)
    return Notifier(
        requests,
        senders,
        staff_chat=staff_chat,
        draft_days=config.apply.draft_days,
        upload_retention_days=config.apply.upload_retention_days,
        retain_personal_days=config.store.retain_personal_days,
        idle_session_days=config.store.idle_session_days,
        lookup_days=config.store.lookup_days,
        delivered_notice_days=config.store.delivered_notice_days,
    )


async def serve(config: Config, *, out: TextIO, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set), then shut everything down cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(server_app(config), handle_signals=False, access_log_class=AccessLog)
    await runner.setup()
    requests, telegram = runner.app[REQUESTS_KEY], runner.app[TELEGRAM_KEY]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        await web.TCPSite(runner, config.web.host, config.web.port).start()
        print(f"网页对话已启动：http://{config.web.host}:{config.web.port}/", file=out, flush=True)
        # Telegram starts once the site listens: a webhook is registered only where updates can arrive.
        if telegram is not None:
            await telegram.start()
            print(f"Telegram 已连接（{config.telegram.mode}）。", file=out, flush=True)
        else:
            print("未配置 Telegram token，Telegram 未启用。", file=out, flush=True)
        print("按 Ctrl-C 停止。", file=out, flush=True)
        notifying = asyncio.create_task(_notifier(requests, config, runner.app, telegram).run(stop))
        await stop.wait()
        await notifying
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        if telegram is not None:
            await telegram.stop()
        # Closes open sockets (on_shutdown) after in-flight messages have saved their sessions, then the store.
        await runner.cleanup()
        sys.setswitchinterval(interval)
        print("已停止。", file=out, flush=True)
