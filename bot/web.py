"""The aiohttp application: the chat page, its WebSocket, downloads, health, Telegram's webhook, the admin API."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from aiohttp import web

from bot.admin import add_admin_routes
from bot.channels.web import WebChannel
from bot.config import Config
from bot.engine import Engine
from bot.files import FileStore
from handlers.apply import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel
    from bot.request_store import RequestStore

STATIC_DIR = Path(__file__).parent / "static"
CHANNEL_KEY = web.AppKey("web_channel", WebChannel)


async def index(_request: web.Request) -> web.FileResponse:
    """Serve the chat page."""
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


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


async def _close_sockets(app: web.Application) -> None:
    await app[CHANNEL_KEY].close_all()


def create_app(
    engine: Engine,
    config: Config,
    *,
    telegram: TelegramChannel | None = None,
    requests: RequestStore | None = None,
) -> web.Application:
    """The whole HTTP surface of `gongkai serve`; the admin API only with a token and a request store."""
    files = FileStore(config.web.file_ttl)
    channel = WebChannel(engine, files, trusted_proxies=config.web.trusted_proxies)
    # Room for a 10 MB ID image upload; the admin API and the socket set their own, smaller limits.
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES + (1 << 20))
    app[CHANNEL_KEY] = channel
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC_DIR)
    app.router.add_get("/ws", channel.handle)
    app.router.add_post("/upload", channel.handle_upload)
    app.router.add_get("/files/{token}", download_handler(files))
    app.router.add_get("/healthz", healthz)
    if telegram is not None and config.telegram.mode == "webhook":
        app.router.add_post(telegram.webhook_path, telegram.handle_webhook)
    if config.admin.enabled and requests is not None:
        add_admin_routes(app, requests, config.admin.token)
    app.on_shutdown.append(_close_sockets)
    return app
