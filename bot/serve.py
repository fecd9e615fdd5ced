"""`gongkai serve`: the web chat, Telegram and WeChat (when configured), the admin API and notices in one event
loop."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from aiohttp import web

from bot.answering import AnswerProcess
from bot.config import Config
from bot.engine import Engine
from bot.files import FileStore
from bot.notify import Notifier, Sender
from bot.ratelimit import RateLimiter
from bot.requests.repository import RequestStore
from bot.services import build_services, open_requests
from bot.store import Store
from bot.web import CHANNEL_KEY, STAFF_KEY, AccessLog, create_app

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel
    from bot.channels.wechat import WechatChannel

log = logging.getLogger(__name__)


class Dispatcher:
    """The notice dispatcher (a `Notifier`) run as a task of the application, with the event that ends it."""

    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.notifier.run(self.stop))

    async def halt(self) -> None:
        """Set `stop` and wait for the round in hand to finish; a failure of the task is raised by `close`."""
        self.stop.set()
        if self.task is not None:
            await asyncio.wait([self.task])

    async def close(self) -> None:
        """Halt the task (if not already) and raise what it failed with, if it did."""
        self.stop.set()
        if self.task is not None:
            await self.task


ENGINE_KEY = web.AppKey("engine", Engine)
REQUESTS_KEY = web.AppKey("requests", RequestStore)
TELEGRAM_KEY: web.AppKey[TelegramChannel | None] = web.AppKey("telegram")
WECHAT_KEY: web.AppKey[WechatChannel | None] = web.AppKey("wechat")
DISPATCHER_KEY = web.AppKey("dispatcher", Dispatcher)
ANSWERING_KEY = web.AppKey("answering", AnswerProcess)
# Work done in worker threads (answers, with `[web] answer_process = false`; query codes' hashes; charts) holds the
# GIL for up to the switch interval (5 ms by default) each time the event loop wakes, and one request wakes the loop
# several times. A shorter interval keeps /healthz and menu presses responsive meanwhile (see `make bench`).
SWITCH_INTERVAL = 0.0005


def server_app(config: Config) -> web.Application:
    """The application `gongkai serve` runs: the web surface (`create_app`) over the configured store, with the
    engine, the request store, the notice dispatcher and, when their tokens are set, the Telegram and WeChat channels
    in its state (ENGINE_KEY, REQUESTS_KEY, DISPATCHER_KEY, TELEGRAM_KEY, WECHAT_KEY).

    The application owns what it opens, so whichever aiohttp runner runs it (`serve`, `web.run_app`, a test server)
    runs the whole product. Its startup starts Telegram by polling, then the notice dispatcher; Telegram by webhook
    starts in `start_telegram_webhook`, the runner's step once the site listens. At shutdown the dispatcher and
    Telegram are stopped before the open sockets are closed (`_stop_pushing`, ahead of `create_app`'s on_shutdown),
    and the cleanup closes the store last, once the requests in flight are done.
    """
    store = Store.from_config(config.store)
    answering = AnswerProcess(config.knowledge.agency, config.knowledge.timezone) if config.web.answer_process else None
    try:
        requests = open_requests(config, store)
        # Requests stored before the staff list could search by name get their names' keyed hashes once.
        requests.names.backfill()
        # The planner's statistics, the first time (the daily job refreshes them).
        store.analyze(unless_done=True)
        services = build_services(config, requests=requests)
        if answering is not None:
            services = replace(services, answer_elsewhere=answering.answer)
        engine = Engine(store, services, limiter=RateLimiter(config.web.rate_per_minute))
        telegram = None
        if config.telegram.enabled:
            from bot.channels.telegram import TelegramChannel

            telegram = TelegramChannel(engine, config.telegram)
        files = FileStore(config.web.file_ttl)
        wechat = None
        if config.wechat.enabled:
            from bot.channels.wechat import WechatChannel

            wechat = WechatChannel(engine, config.wechat, files)
        app = create_app(engine, config, telegram=telegram, wechat=wechat, requests=requests, files=files)
        dispatcher = Dispatcher(_notifier(requests, config, app, telegram, wechat))
        if wechat is not None:
            # A WeChat user who writes again can take the notices that waited for them: deliver them now.
            wechat.window_opened = dispatcher.notifier.wake.set
    except BaseException:
        store.close()
        if answering is not None:
            answering.close()
        raise
    app[ENGINE_KEY] = engine
    app[REQUESTS_KEY] = requests
    app[TELEGRAM_KEY] = telegram
    app[WECHAT_KEY] = wechat
    app[DISPATCHER_KEY] = dispatcher
    # Cleanup contexts unwind in reverse order: the dispatcher ends first, then Telegram, then the answering process,
    # and the store closes last.
    app.cleanup_ctx.append(_closing_store)
    if answering is not None:
        app[ANSWERING_KEY] = answering
        app.cleanup_ctx.append(_answering_process)
    if telegram is not None:
        app.cleanup_ctx.append(_running_telegram)
    if wechat is not None:
        app.cleanup_ctx.append(_closing_wechat)
    app.cleanup_ctx.append(_dispatching_notices)
    # aiohttp runs on_shutdown before the cleanup contexts unwind: stopping here keeps the dispatcher and Telegram
    # from pushing or taking messages while create_app's on_shutdown closes the web sockets.
    app.on_shutdown.insert(0, _stop_pushing)
    return app


async def _closing_store(app: web.Application) -> AsyncIterator[None]:
    """Close the application's store at its cleanup, after the requests in flight (on_shutdown closed sockets)."""
    yield
    app[ENGINE_KEY].store.close()


async def _answering_process(app: web.Application) -> AsyncIterator[None]:
    """Start the answering processes with the application, and stop them at cleanup once the questions in flight
    are answered."""
    app[ANSWERING_KEY].start()
    yield
    await asyncio.to_thread(app[ANSWERING_KEY].close)


async def _running_telegram(app: web.Application) -> AsyncIterator[None]:
    """Start Telegram by polling with the application; stop it, in either mode, at cleanup (already done by
    `_stop_pushing` when on_shutdown ran; stopping twice, or a channel never started, is harmless).

    Cleanup contexts run in the runner's setup, before any site listens, and aiohttp has no signal for "now
    listening". Polling needs no listening site, so it starts here. A webhook is set only where updates can arrive:
    Telegram would retry a delivery that found no server (Bot API setWebhook: it "will repeat the request and give up
    after a reasonable amount of attempts"), but only after a delay of its choosing, so the first messages would wait.
    Webhook mode therefore starts in `start_telegram_webhook`, once the site listens.
    """
    telegram = app[TELEGRAM_KEY]
    if telegram is not None and telegram.config.mode != "webhook":
        await telegram.start()
    yield
    if telegram is not None:
        await telegram.stop()


async def _closing_wechat(app: web.Application) -> AsyncIterator[None]:
    """At cleanup, let the WeChat replies in hand go out, then close the API's connections."""
    yield
    wechat = app[WECHAT_KEY]
    if wechat is not None:
        await wechat.close()


async def start_telegram_webhook(app: web.Application) -> None:
    """The runner's step once the application's site listens: start Telegram in webhook mode, which sets the webhook
    (its path is served by the application). Nothing to do without Telegram or when it polls (started at startup).

    `serve` calls it after `TCPSite.start()`; another runner calls it once it listens. Until then the webhook path
    answers 503, which Telegram retries.
    """
    telegram = app[TELEGRAM_KEY]
    if telegram is not None and telegram.config.mode == "webhook":
        await telegram.start()


async def _dispatching_notices(app: web.Application) -> AsyncIterator[None]:
    """Run the notice dispatcher from startup (after Telegram, which it pushes to) until cleanup."""
    dispatcher = app[DISPATCHER_KEY]
    dispatcher.start()
    yield
    await dispatcher.close()


async def _stop_pushing(app: web.Application) -> None:
    """At shutdown, before the web sockets close: end the notice dispatcher, then stop Telegram.

    A failure here is logged, not raised, so the sockets and the store are still closed; the cleanup contexts
    stop both again and raise what failed.
    """
    await app[DISPATCHER_KEY].halt()
    telegram = app[TELEGRAM_KEY]
    if telegram is not None:
        try:
            await telegram.stop()
        except Exception as exc:
            log.warning("stopping telegram failed: %s", type(exc).__name__)


def _notifier(requests: RequestStore, config: Config, app: web.Application, telegram, wechat) -> Notifier:
    """The notice dispatcher over the channels that can push: the web page, and Telegram and WeChat when on."""
    senders: dict[str, Sender] = {"web": app[CHANNEL_KEY].push}
    if wechat is not None:
        senders["wechat"] = wechat.push
    staff_chat = None
    if telegram is not None:
        senders["telegram"] = _while_running(telegram)
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
        staff=app.get(STAFF_KEY),
    )


def _while_running(telegram: TelegramChannel) -> Sender:
    """Telegram's push, answering "not now" (kept for later) while the channel is not running: by webhook it starts
    only once the site listens, after the dispatcher."""

    async def send(chat_id: str, text: str) -> bool:
        if not telegram.application.running:
            return False
        return await telegram.push(chat_id, text)

    return send


def _print_staff(app: web.Application, config: Config, out: TextIO) -> None:
    """Where the staff pages are, and how to create the first account while there is none."""
    accounts = app.get(STAFF_KEY)
    if accounts is None:
        return
    print(f"工作人员页面：http://{config.web.host}:{config.web.port}/staff/", file=out, flush=True)
    if not accounts.members():
        print(
            "还没有工作人员账号。创建第一个管理员账号（按提示输入密码）：gongkai staff add 姓名 --role admin"
            "（用 make run 启动时：.venv/bin/gongkai staff add 姓名 --role admin）",
            file=out,
            flush=True,
        )


async def serve(config: Config, *, out: TextIO, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set), then shut everything down cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(server_app(config), handle_signals=False, access_log_class=AccessLog)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        # The application's startup starts Telegram (by polling) and the notice dispatcher; a failed start is
        # cleaned up below like any other.
        await runner.setup()
        await web.TCPSite(runner, config.web.host, config.web.port).start()
        print(f"网页对话已启动：http://{config.web.host}:{config.web.port}/", file=out, flush=True)
        # By polling Telegram started with the application; by webhook it starts now that the site listens, so the
        # webhook is only set where updates can arrive.
        await start_telegram_webhook(runner.app)
        if runner.app[TELEGRAM_KEY] is not None:
            print(f"Telegram 已连接（{config.telegram.mode}）。", file=out, flush=True)
        else:
            print("未配置 Telegram token，Telegram 未启用。", file=out, flush=True)
        _print_staff(runner.app, config, out)
        if runner.app[WECHAT_KEY] is not None:
            mode = "安全模式" if config.wechat.safe_mode else "明文模式"
            print(f"微信公众号回调地址：{config.wechat.path}（{mode}）。", file=out, flush=True)
        else:
            print("未配置微信公众号 token，微信未启用。", file=out, flush=True)
        print("按 Ctrl-C 停止。", file=out, flush=True)
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        # Ends the notice dispatcher and stops Telegram, closes open sockets (on_shutdown) after in-flight messages
        # have saved their sessions, then closes the store (the application's cleanup).
        try:
            await runner.cleanup()
        finally:
            sys.setswitchinterval(interval)
            print("已停止。", file=out, flush=True)
