"""The aiohttp application: the chat page, its WebSocket, downloads, health, Telegram's webhook, WeChat's callback,
the admin API."""

from __future__ import annotations

import html
import logging
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from aiohttp import web, web_response
from aiohttp.abc import AbstractAccessLogger

from bot.admin import FailureThrottle, add_admin_routes
from bot.channels.web import WebChannel
from bot.config import Config
from bot.engine import Engine
from bot.files import FileStore
from bot.staff.accounts import StaffAccounts
from bot.staff.web import add_staff_routes
from handlers.apply import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel
    from bot.channels.wechat import WechatChannel
    from bot.requests.repository import RequestStore

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
CHANNEL_KEY = web.AppKey("web_channel", WebChannel)
STAFF_KEY = web.AppKey("staff_accounts", StaffAccounts)

# The page loads its script and style from /static/ and talks over /ws: nothing inline, nothing from elsewhere,
# and no other site may frame it (clickjacking).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The page's links open other sites: they learn nothing of this one (nor a chat's id).
    "Referrer-Policy": "no-referrer",
}
# aiohttp names itself and Python with their versions in every Server header, also in the answers it gives to
# malformed requests before any application code runs (aio-libs/aiohttp#3607, #8870): the product's name alone.
SERVER_NAME = "gongkai"
web_response.SERVER_SOFTWARE = SERVER_NAME
# Routes whose path holds a credential, logged by their pattern: a download's token.
SECRET_ROUTES = frozenset({"download"})
INTERNAL_ERROR = "服务器内部错误，请稍后再试。"


class AccessLog(AbstractAccessLogger):
    """One line per request, without its query string (`/ws?chat=<id>` carries a chat's only credential) and with
    a download's token replaced by the route's pattern."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        route = request.match_info.route if isinstance(request, web.Request) and request.match_info else None
        if route is not None and route.name in SECRET_ROUTES and route.resource is not None:
            path = route.resource.canonical
        else:
            path = request.path
        self.logger.info(
            '%s "%s %s" %d %d %.1f ms',
            request.remote,
            request.method,
            path[:200],
            response.status,
            response.body_length,
            time * 1000,
        )


async def _security_headers(_request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)


@web.middleware
async def _no_tracebacks(request: web.Request, handler) -> web.StreamResponse:
    """An unexpected failure is logged (on one line, see bot.logs) and answered in Chinese, never with a traceback."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("%s %s failed", request.method, request.path[:200])
        return web.Response(status=500, text=INTERNAL_ERROR)


def index_handler(district: str):
    """A handler serving the chat page titled with the agency's district (guide.toml [meta] district)."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8").replace("{district}", html.escape(district))

    async def index(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-cache"})

    return index


async def healthz(_request: web.Request) -> web.Response:
    """Report that the server is up and which version runs."""
    return web.json_response({"status": "ok", "version": version("gongkai")})


def download_handler(files: FileStore):
    """A handler serving /files/<token> from `files`."""

    async def download(request: web.Request) -> web.Response:
        found = files.get(request.match_info["token"])
        if found is None:
            return web.Response(status=404, text="文件不存在或链接已过期，请在对话中重新获取。")
        disposition = f"attachment; filename*=UTF-8''{quote(found.name)}"
        return web.Response(body=found.data, content_type=found.mime, headers={"Content-Disposition": disposition})

    return download


async def _to_staff(_request: web.Request) -> web.Response:
    raise web.HTTPFound("/staff/")


async def _close_sockets(app: web.Application) -> None:
    await app[CHANNEL_KEY].close_all()


def create_app(
    engine: Engine,
    config: Config,
    *,
    telegram: TelegramChannel | None = None,
    wechat: WechatChannel | None = None,
    requests: RequestStore | None = None,
    files: FileStore | None = None,
) -> web.Application:
    """The whole HTTP surface of `gongkai serve`. With a request store, web chats get the notices kept for them while
    they were offline, and with a token as well the admin API is mounted. `files` holds the download links (the
    WeChat channel's too)."""
    files = files or FileStore(config.web.file_ttl)
    channel = WebChannel(engine, files, config.web, outbox=requests.outbox if requests is not None else None)
    # Room for a 10 MB ID image upload; the admin API and the socket set their own, smaller limits.
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES + (1 << 20), middlewares=[_no_tracebacks])
    app.on_response_prepare.append(_security_headers)
    app[CHANNEL_KEY] = channel
    app.router.add_get("/", index_handler(engine.services.answerer.guide.meta.district))
    app.router.add_static("/static/", STATIC_DIR)
    app.router.add_get("/ws", channel.handle)
    app.router.add_post("/upload", channel.handle_upload)
    app.router.add_get("/files/{token}", download_handler(files), name="download")
    app.router.add_get("/healthz", healthz)
    if telegram is not None and config.telegram.mode == "webhook":
        app.router.add_post(telegram.webhook_path, telegram.handle_webhook)
    if wechat is not None:
        app.router.add_get(config.wechat.path, wechat.verify)
        app.router.add_post(config.wechat.path, wechat.handle)
    accounts = None
    if config.staff.enabled and requests is not None:
        accounts = StaffAccounts(requests.store, idle_seconds=config.staff.idle_minutes * 60)
        answerer = engine.services.answerer
        add_staff_routes(
            app, accounts, requests, config.staff, agency=answerer.guide.meta.agency, reports=answerer.reports
        )
        app[STAFF_KEY] = accounts
        app.router.add_get("/staff", _to_staff)
    if (config.admin.token or accounts is not None) and requests is not None:
        throttle = FailureThrottle(config.admin.max_failures, config.admin.failure_window)
        add_admin_routes(
            app, requests, config.admin.token, throttle=throttle, client=channel.client, accounts=accounts
        )
    app.on_shutdown.append(_close_sockets)
    return app
