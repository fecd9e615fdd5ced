"""The WeChat Official Account API as the channel uses it: the access token, customer-service messages, media and
the custom menu, over aiohttp. Errors come back as `WechatApiError` with WeChat's errcode; nothing logged or raised
holds the AppSecret or the access token."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp

from bot.bounded_json import read_at_most
from bot.config import WechatConfig

log = logging.getLogger(__name__)
T = TypeVar("T")

# errcodes (WeChat's 全局返回码): the access token expired or is not valid; out of the 48-hour window.
TOKEN_REJECTED = frozenset({40001, 40014, 42001})
OUTSIDE_WINDOW = 45015
# What a failure means to the people running the account, by errcode.
EXPLAINED = {
    -1: "微信系统繁忙，稍后会再试",
    40013: "AppID 无效，请检查 wechat.app_id",
    40125: "AppSecret 无效，请检查 wechat.app_secret",
    40164: "本服务器的 IP 不在公众号的 IP 白名单中",
    45009: "接口调用超过每日限额",
    45015: "用户48小时内没有与公众号互动，暂时不能发消息",
    45047: "客服消息超过下发条数限制（用户回复前最多连发20条）",
    48001: "公众号没有该接口的权限（需认证的服务号）",
}
# A token is fetched again this many seconds before WeChat says it expires (it is valid for 7,200 s).
REFRESH_MARGIN = 300
TIMEOUT = aiohttp.ClientTimeout(total=10)


class WechatApiError(Exception):
    """WeChat answered with a nonzero errcode (or could not be reached: errcode None)."""

    def __init__(self, errcode: int | None, where: str, problem: str = "无法连接微信服务器") -> None:
        self.errcode = errcode
        self.where = where
        if errcode is not None:
            problem = f"errcode {errcode} {EXPLAINED.get(errcode, '')}".rstrip()
        super().__init__(f"{where}：{problem}")


class WechatApi:
    """One process's client of the WeChat API: the access token fetched once, shared, refreshed before it expires."""

    def __init__(self, config: WechatConfig, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.base = config.base_url.rstrip("/")
        self.clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._token: str | None = None
        self._expires = 0.0
        self._token_lock = asyncio.Lock()

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def token(self, *, renew: bool = False) -> str:
        """The access token: the cached one while it is valid, else one fetched (by one caller; others wait)."""
        stale = self._token
        async with self._token_lock:
            if self._token is not None and not (renew and self._token == stale) and self.clock() < self._expires:
                return self._token
            data = await self._call(
                "GET",
                "/cgi-bin/token",
                "获取 access_token",
                params={
                    "grant_type": "client_credential",
                    "appid": self.config.app_id or "",
                    "secret": self.config.app_secret or "",
                },
            )
            token, lifetime = data.get("access_token"), data.get("expires_in")
            if not isinstance(token, str) or not isinstance(lifetime, int):
                raise WechatApiError(None, "获取 access_token", "回应格式不对")
            self._token = token
            self._expires = self.clock() + max(lifetime - REFRESH_MARGIN, lifetime // 2)
            log.info("wechat access token fetched, valid %d s", lifetime)
            return token

    async def _call(self, method: str, path: str, where: str, **kwargs: Any) -> dict:
        """One API call answered with JSON; a nonzero errcode raises."""
        try:
            async with self._client().request(method, self.base + path, **kwargs) as response:
                data = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError):
            # The exception's text may quote the URL, which holds the access token or the secret.
            raise WechatApiError(None, where) from None
        except ValueError:
            raise WechatApiError(None, where, "回应不是 JSON") from None
        if not isinstance(data, dict):
            raise WechatApiError(None, where, "回应格式不对")
        errcode = data.get("errcode", 0)
        if errcode:
            raise WechatApiError(errcode if isinstance(errcode, int) else None, where)
        return data

    async def _retrying(self, call: Callable[[str], Awaitable[T]]) -> T:
        """`call` with the access token; once more with a new token if WeChat says it is no longer valid."""
        try:
            return await call(await self.token())
        except WechatApiError as exc:
            if exc.errcode not in TOKEN_REJECTED:
                raise
            log.info("wechat access token rejected (errcode %s), fetching a new one", exc.errcode)
        return await call(await self.token(renew=True))

    async def _with_token(self, method: str, path: str, where: str, **kwargs: Any) -> dict:
        """An API call that needs the access token."""
        params = dict(kwargs.pop("params", {}))
        return await self._retrying(
            lambda token: self._call(method, path, where, params=params | {"access_token": token}, **kwargs)
        )

    async def send(self, message: dict) -> None:
        """Send one customer-service message (客服消息: text, image or msgmenu)."""
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        await self._with_token("POST", "/cgi-bin/message/custom/send", "发送客服消息", data=body, headers=headers)

    async def upload_image(self, name: str, data: bytes, mime: str) -> str:
        """Upload an image as temporary media; its media_id."""
        form = aiohttp.FormData()
        form.add_field("media", data, filename=name, content_type=mime)
        found = await self._with_token("POST", "/cgi-bin/media/upload", "上传图片", params={"type": "image"}, data=form)
        media_id = found.get("media_id")
        if not isinstance(media_id, str):
            raise WechatApiError(None, "上传图片", "回应格式不对")
        return media_id

    async def media(self, media_id: str, limit: int) -> tuple[bytes, str] | None:
        """A user's media (an image sent in the chat) and its type; None when larger than `limit` bytes."""
        return await self._retrying(lambda token: self._download(token, media_id, limit))

    async def _download(self, token: str, media_id: str, limit: int) -> tuple[bytes, str] | None:
        where = "下载用户发送的图片"
        params = {"access_token": token, "media_id": media_id}
        try:
            async with self._client().get(self.base + "/cgi-bin/media/get", params=params) as response:
                mime = response.content_type
                if mime in ("application/json", "text/plain"):
                    # WeChat answers a failed download with an errcode in JSON instead of the file.
                    data = await response.json(content_type=None)
                    errcode = data.get("errcode") if isinstance(data, dict) else None
                    raise WechatApiError(errcode if isinstance(errcode, int) else None, where)
                if (response.content_length or 0) > limit:
                    return None
                body = await read_at_most(response.content, limit)
        except (TimeoutError, aiohttp.ClientError, ValueError):
            raise WechatApiError(None, where) from None
        return None if body is None else (body, mime)

    async def create_menu(self, menu: dict) -> None:
        """Set the account's custom menu (自定义菜单)."""
        body = json.dumps(menu, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        await self._with_token("POST", "/cgi-bin/menu/create", "设置自定义菜单", data=body, headers=headers)
