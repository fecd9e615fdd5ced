"""Test support for the WeChat Official Account (公众号) channel; nothing here touches the network beyond 127.0.0.1.

Two halves, one for each direction of the channel's traffic:

* `StandInWechatApi` emulates the parts of https://api.weixin.qq.com the channel calls: access tokens
  (/cgi-bin/token), customer-service messages (/cgi-bin/message/custom/send), temporary media (/cgi-bin/media/get
  and /cgi-bin/media/upload) and the custom menu (/cgi-bin/menu/create, get, delete). It answers in the real API's
  shapes: JSON bodies, HTTP 200 even for errors, which are `{"errcode": N, "errmsg": "..."}` with the documented
  codes. Like the real API, error messages end in a request id (" rid: ..."), so compare `errcode`, never `errmsg`.
  Run it with `async with StandInWechatApi() as api:` and point the channel's base_url at `api.base_url`.
* `WechatUser` plays WeChat's servers delivering one user's messages to the account's callback URL: signed GET
  verification, plain or safe-mode (AES) POSTs of the XML WeChat sends, retries of the same message, and the
  passive reply decrypted, checked and parsed into a dict.

Quirks of the real API emulated on purpose (each one has bitten real integrations):

* a new token from /cgi-bin/token invalidates the older ones (errcode 40001; the real API keeps the previous one
  usable for about 5 minutes, `StandInWechatApi.overlap` can grant that grace);
* JSON bodies must be UTF-8 with Chinese written as such: a `\\uXXXX` escape of a non-ASCII character (Python's
  `json.dumps` default, ensure_ascii=True) is refused with errcode 40033, as the real API refuses it for menus and
  messages; serialise with `ensure_ascii=False`;
* an uploaded image needs a filename with an image extension and image bytes (JPEG, PNG or GIF, at most 10 MB).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import random
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NamedTuple

import aiohttp
import xmltodict
from aiohttp import web
from aiohttp.test_utils import TestServer
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

# -- fixed credentials for tests ---------------------------------------------------------------------------------------

APP_ID = "wx5f3c9a1b2d4e6f70"  # "wx" and 16 hex digits, like a real AppID
APP_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # 32 hex digits, like a real AppSecret
TOKEN = "gongkaiTestToken2026"  # the callback Token (3-32 letters and digits)
ENCODING_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters
ACCOUNT = "gh_test"  # the account's original id, ToUserName of callbacks
OPENID = "oTEST0a1b2c3d4e5f6g7h8i9j0kA"  # 28 characters, like a real openid

# -- the API's paths ---------------------------------------------------------------------------------------------------

TOKEN_PATH = "/cgi-bin/token"
SEND_PATH = "/cgi-bin/message/custom/send"
MEDIA_GET_PATH = "/cgi-bin/media/get"
MEDIA_UPLOAD_PATH = "/cgi-bin/media/upload"
MENU_CREATE_PATH = "/cgi-bin/menu/create"
MENU_GET_PATH = "/cgi-bin/menu/get"
MENU_DELETE_PATH = "/cgi-bin/menu/delete"

# The documented global return codes the stand-in uses, with the real API's messages.
ERRMSGS: dict[int, str] = {
    -1: "system error",
    0: "ok",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40004: "invalid media type",
    40005: "invalid file type",
    40007: "invalid media_id",
    40008: "invalid message type",
    40009: "invalid image size",
    40013: "invalid appid",
    40016: "invalid button size",
    40017: "invalid button type",
    40018: "invalid button name size",
    40019: "invalid button key size",
    40020: "invalid button url size",
    40023: "invalid sub button size",
    40024: "invalid sub button type",
    40025: "invalid sub button name size",
    40026: "invalid sub button key size",
    40027: "invalid sub button url size",
    40033: "invalid charset. please check your request, if include \\uxxxx will create fail!",
    40054: "invalid sub button url domain",
    40055: "invalid button url domain",
    40113: "unsupported file type",
    40125: "invalid appsecret",
    41001: "access_token missing",
    41002: "appid missing",
    41004: "appsecret missing",
    41005: "media data missing",
    42001: "access_token expired",
    44002: "empty post data",
    44004: "empty content",
    45002: "content size out of limit",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
    45015: "response out of time limit or subscription is canceled",
    45047: "out of response count limit",
    46003: "menu no exist",
    47001: "data format error",
}

JSON_CONTENT_TYPE = "application/json; encoding=utf-8"  # what the real API sends (sic: "encoding", not "charset")
MAX_TEXT_BYTES = 2048
MAX_IMAGE_BYTES = 10 * 1024 * 1024
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif"}
IMAGE_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png", b"GIF87a": "image/gif",
                    b"GIF89a": "image/gif"}  # fmt: skip
EXTENSION_OF = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}
# An escape of a non-ASCII character inside a JSON string: an odd run of backslashes before the "u".
NON_ASCII_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")

# Menu button types and what each needs besides its name.
KEY_TYPES = {"click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin",
             "location_select"}  # fmt: skip
BUTTON_TYPES = KEY_TYPES | {"view", "media_id", "view_limited", "article_id", "article_view_limited", "miniprogram"}
MAX_TOP_BUTTONS = 3
MAX_SUB_BUTTONS = 5
MAX_KEY_BYTES = 128
MAX_URL_BYTES = 1024
XmlValue = str | int | float  # an element of callback XML: CDATA for strings, bare numbers
STALE_SECONDS = 600  # how old a `stale` callback's timestamp is


class ApiError(Exception):
    """An error answer in the WeChat API's shape (sent with HTTP 200)."""

    def __init__(self, errcode: int, errmsg: str | None = None) -> None:
        self.errcode = errcode
        self.errmsg = errmsg or ERRMSGS.get(errcode, "stand-in error")
        super().__init__(f"{errcode} {self.errmsg}")

    def body(self) -> dict[str, Any]:
        rid = "-".join(secrets.token_hex(4) for _ in range(3))
        return {"errcode": self.errcode, "errmsg": f"{self.errmsg} rid: {rid}"}


class Media(NamedTuple):
    """A stored temporary medium: what /cgi-bin/media/get serves."""

    data: bytes
    content_type: str
    filename: str


class Upload(NamedTuple):
    """An image the channel uploaded: the multipart part's filename and Content-Type, and its bytes."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Issued:
    """An access token: when it expires and, once a newer one was issued, when it was superseded."""

    expires_at: float
    superseded_at: float | None = None


@dataclass(frozen=True)
class ButtonCodes:
    """The errcodes of one menu level (top-level buttons or sub-buttons)."""

    type: int
    name: int
    key: int
    url: int
    domain: int
    max_name: int


TOP_LEVEL = ButtonCodes(type=40017, name=40018, key=40019, url=40020, domain=40055, max_name=16)
SUB_LEVEL = ButtonCodes(type=40024, name=40025, key=40026, url=40027, domain=40054, max_name=60)


def _json(body: dict[str, Any]) -> web.Response:
    data = json.dumps(body, ensure_ascii=False).encode()
    return web.Response(body=data, headers={"Content-Type": JSON_CONTENT_TYPE})


def _sniff_image(data: bytes) -> str | None:
    return next((kind for magic, kind in IMAGE_SIGNATURES.items() if data.startswith(magic)), None)


def _utf8_size(value: Any) -> int:
    return len(value.encode()) if isinstance(value, str) else 0


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def read_json_body(raw: bytes) -> Any:
    """Decode a POSTed JSON body as the real API does: empty, not UTF-8, `\\uXXXX`-escaped Chinese or not JSON are
    errors 44002, 40033, 40033 and 47001."""
    if not raw.strip():
        raise ApiError(44002)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(40033) from None
    if any(int(code, 16) >= 0x80 for code in NON_ASCII_ESCAPE.findall(text)):
        raise ApiError(40033)
    try:
        return json.loads(text)
    except ValueError:
        raise ApiError(47001) from None


# -- checks of message bodies ------------------------------------------------------------------------------------------


def _check_text(body: dict[str, Any]) -> None:
    text = body.get("text")
    if not isinstance(text, dict) or not isinstance(text.get("content"), str):
        raise ApiError(47001)
    if not text["content"]:
        raise ApiError(44004)
    if _utf8_size(text["content"]) > MAX_TEXT_BYTES:
        raise ApiError(45002)


def _check_msgmenu(body: dict[str, Any]) -> None:
    menu = body.get("msgmenu")
    if not isinstance(menu, dict) or not isinstance(menu.get("list"), list) or not menu["list"]:
        raise ApiError(47001)
    for name in ("head_content", "tail_content"):
        if not isinstance(menu.get(name, ""), str):
            raise ApiError(47001)
    for item in menu["list"]:
        if not isinstance(item, dict) or not _nonempty_str(item.get("content")):
            raise ApiError(47001)
        if not (_nonempty_str(item.get("id")) or isinstance(item.get("id"), int)):
            raise ApiError(47001)
    size = sum(_utf8_size(menu.get(name, "")) for name in ("head_content", "tail_content"))
    size += sum(_utf8_size(item["content"]) for item in menu["list"])
    if size > MAX_TEXT_BYTES:
        raise ApiError(45002)


# -- checks of menus ---------------------------------------------------------------------------------------------------


def _check_button_action(button: dict[str, Any], codes: ButtonCodes) -> None:
    kind = button.get("type")
    if kind not in BUTTON_TYPES:
        raise ApiError(codes.type)
    if kind in KEY_TYPES:
        key = button.get("key")
        if not _nonempty_str(key) or _utf8_size(key) > MAX_KEY_BYTES:
            raise ApiError(codes.key)
    if kind in ("view", "miniprogram"):
        url = button.get("url")
        if not isinstance(url, str) or not url or _utf8_size(url) > MAX_URL_BYTES:
            raise ApiError(codes.url)
        if not url.startswith(("http://", "https://")):
            raise ApiError(codes.domain)
    needed = {"media_id": "media_id", "view_limited": "media_id", "article_id": "article_id",
              "article_view_limited": "article_id"}.get(kind)  # fmt: skip
    if needed and not _nonempty_str(button.get(needed)):
        raise ApiError(47001)
    if kind == "miniprogram" and not (_nonempty_str(button.get("appid")) and _nonempty_str(button.get("pagepath"))):
        raise ApiError(47001)


def _check_button(button: Any, codes: ButtonCodes) -> None:
    if not isinstance(button, dict):
        raise ApiError(47001)
    name = button.get("name")
    if not _nonempty_str(name) or _utf8_size(name) > codes.max_name:
        raise ApiError(codes.name)
    subs = button.get("sub_button")
    if codes is TOP_LEVEL and subs:
        if not isinstance(subs, list) or len(subs) > MAX_SUB_BUTTONS:
            raise ApiError(40023)
        for sub in subs:
            _check_button(sub, SUB_LEVEL)
    elif "type" in button:
        _check_button_action(button, codes)
    elif "sub_button" in button and codes is TOP_LEVEL:
        raise ApiError(40023)  # an empty sub_button and no action of its own
    else:
        raise ApiError(codes.type)


def check_menu(body: Any) -> None:
    """Validate a /cgi-bin/menu/create body like the real API: 1-3 buttons, each with 1-5 sub-buttons or an action;
    names at most 16 bytes (60 for sub-buttons), keys at most 128 bytes, view URLs http(s) up to 1024 bytes."""
    if not isinstance(body, dict):
        raise ApiError(47001)
    buttons = body.get("button")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_TOP_BUTTONS:
        raise ApiError(40016)
    for button in buttons:
        _check_button(button, TOP_LEVEL)


# -- the stand-in API --------------------------------------------------------------------------------------------------


class StandInWechatApi:
    """A local https://api.weixin.qq.com for the channel's calls; see the module docstring.

    State tests read and set:
      token_calls     how many times /cgi-bin/token was called (successful or not)
      expires_in      the lifetime, in seconds, of tokens issued from now on (7200 like the real API)
      overlap         seconds an older token stays valid after a newer one is issued (0; the real API: 300)
      clock           the time source for token expiry (time.time)
      sent            the accepted custom-send bodies, in order
      refused         (body or None, errcode) of each refused custom send
      outside_window  openids whose sends answer 45015 (48 h since their last message, or unsubscribed)
      media           media_id -> Media(data, content_type, filename): what /cgi-bin/media/get serves
      uploaded        media_id -> Upload(filename, content_type, data) of images the channel uploaded
      menu            the last accepted menu body, or None
      requests        (method, path, query dict) of every request
    """

    def __init__(
        self,
        app_id: str = APP_ID,
        app_secret: str = APP_SECRET,
        *,
        expires_in: int = 7200,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.expires_in = expires_in
        self.overlap = 0.0
        self.clock = clock
        self.token_calls = 0
        self.sent: list[dict[str, Any]] = []
        self.refused: list[tuple[dict[str, Any] | None, int]] = []
        self.outside_window: set[str] = set()
        self.media: dict[str, Media] = {}
        self.uploaded: dict[str, Upload] = {}
        self.menu: dict[str, Any] | None = None
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._tokens: dict[str, Issued] = {}
        self._current: str | None = None
        self._failures: dict[str, list[ApiError]] = {}
        self._changed: asyncio.Condition | None = None
        self._server: TestServer | None = None
        self.app = self._build_app()

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=4 * MAX_IMAGE_BYTES)
        app.router.add_get(TOKEN_PATH, self._token)
        app.router.add_post(SEND_PATH, self._send)
        app.router.add_get(MEDIA_GET_PATH, self._media_get)
        app.router.add_post(MEDIA_UPLOAD_PATH, self._media_upload)
        app.router.add_post(MENU_CREATE_PATH, self._menu_create)
        app.router.add_get(MENU_GET_PATH, self._menu_get)
        app.router.add_get(MENU_DELETE_PATH, self._menu_delete)
        return app

    # -- lifecycle -----------------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1 (aiohttp's TestServer)."""
        self._server = TestServer(self.app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()
            self._server = None

    async def __aenter__(self) -> StandInWechatApi:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, what stands for https://api.weixin.qq.com (paths start with /cgi-bin/)."""
        if self._server is None or self._server.port is None:
            raise RuntimeError("the stand-in WeChat API is not running: use `async with StandInWechatApi()`")
        return f"http://127.0.0.1:{self._server.port}"

    # -- test helpers --------------------------------------------------------------------------------------------------

    @property
    def current_token(self) -> str | None:
        """The newest token issued, valid or not."""
        return self._current

    def issue_token(self) -> str:
        """Issue a token as /cgi-bin/token would (without counting a call); older tokens are superseded."""
        now = self.clock()
        if self._current is not None:
            self._tokens[self._current].superseded_at = now
        token = secrets.token_urlsafe(102)  # 136 characters of [A-Za-z0-9_-], like a real token
        self._tokens[token] = Issued(expires_at=now + self.expires_in)
        self._current = token
        return token

    def expire_tokens(self) -> None:
        """Every token issued so far expires now: calls with one get errcode 42001 until a new one is fetched."""
        now = self.clock()
        for issued in self._tokens.values():
            issued.expires_at = min(issued.expires_at, now)

    def fail_next(self, errcode: int, count: int = 1, *, path: str = SEND_PATH, errmsg: str | None = None) -> None:
        """The next `count` calls of `path` (custom send by default) answer `errcode` once their token checked out
        (for /cgi-bin/token: at once; a send whose JSON does not decode answers its own error and leaves the queue).
        Useful: 45047 out of response count limit, -1 system error, 45009 daily quota, 45011 minute quota, 45015
        out of the 48-hour window. Injected send failures are listed in `refused` too."""
        self._failures.setdefault(path, []).extend(ApiError(errcode, errmsg) for _ in range(count))

    def add_media(self, data: bytes, content_type: str = "image/jpeg") -> str:
        """Register media a user "sent" (e.g. the MediaId of an image message); returns its media_id."""
        media_id = secrets.token_urlsafe(48)  # 64 characters
        extension = EXTENSION_OF.get(content_type, content_type.rpartition("/")[2] or "bin")
        self.media[media_id] = Media(data, content_type, f"{media_id}.{extension}")
        return media_id

    def sent_to(self, openid: str) -> list[dict[str, Any]]:
        """The accepted custom-send bodies addressed to one openid, in order."""
        return [body for body in self.sent if body.get("touser") == openid]

    def texts_to(self, openid: str) -> list[str]:
        """The contents of the text messages sent to one openid."""
        return [body["text"]["content"] for body in self.sent_to(openid) if body.get("msgtype") == "text"]

    async def wait_sent(self, openid: str, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least `count` messages were sent to `openid`; return all of them (AssertionError naming what
        did arrive, and what was refused, on timeout)."""
        changed = self._condition()
        async with changed:
            try:
                await asyncio.wait_for(changed.wait_for(lambda: len(self.sent_to(openid)) >= count), timeout)
            except TimeoutError:
                refused = [(body, code) for body, code in self.refused if body and body.get("touser") == openid]
                raise AssertionError(
                    f"expected {count} message(s) to {openid} within {timeout}s; sent {self.sent_to(openid)!r}; "
                    f"refused {refused!r}"
                ) from None
        return self.sent_to(openid)

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def _notify(self) -> None:
        changed = self._condition()
        async with changed:
            changed.notify_all()

    # -- plumbing ------------------------------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.method, request.path, dict(request.query)))
        try:
            response: web.StreamResponse = await handler(request)
            return response
        except ApiError as error:
            return _json(error.body())

    def _check_token(self, request: web.Request) -> None:
        """The access_token query parameter, checked like the real API (41001, 40001, 42001)."""
        token = request.query.get("access_token")
        if not token:
            raise ApiError(41001)
        issued = self._tokens.get(token)
        if issued is None:
            raise ApiError(40001)
        now = self.clock()
        if issued.superseded_at is not None and now >= issued.superseded_at + self.overlap:
            raise ApiError(40001)
        if now >= issued.expires_at:
            raise ApiError(42001)

    def _injected(self, path: str) -> None:
        queued = self._failures.get(path)
        if queued:
            raise queued.pop(0)

    # -- endpoints -----------------------------------------------------------------------------------------------------

    async def _token(self, request: web.Request) -> web.Response:
        self.token_calls += 1
        self._injected(TOKEN_PATH)
        query = request.query
        if query.get("grant_type") != "client_credential":
            raise ApiError(40002)
        if not query.get("appid"):
            raise ApiError(41002)
        if query["appid"] != self.app_id:
            raise ApiError(40013)
        if not query.get("secret"):
            raise ApiError(41004)
        if query["secret"] != self.app_secret:
            raise ApiError(40125)
        return _json({"access_token": self.issue_token(), "expires_in": self.expires_in})

    async def _send(self, request: web.Request) -> web.Response:
        self._check_token(request)
        body: dict[str, Any] | None = None
        try:
            parsed = read_json_body(await request.read())
            body = parsed if isinstance(parsed, dict) else None
            self._injected(SEND_PATH)
            self._check_send(parsed)
        except ApiError as error:
            self.refused.append((body, error.errcode))
            await self._notify()
            raise
        self.sent.append(parsed)
        await self._notify()
        return _json({"errcode": 0, "errmsg": "ok"})

    def _check_send(self, body: Any) -> None:
        if not isinstance(body, dict):
            raise ApiError(47001)
        if not _nonempty_str(body.get("touser")):
            raise ApiError(40003)
        kind = body.get("msgtype")
        if kind == "text":
            _check_text(body)
        elif kind == "image":
            image = body.get("image")
            if not isinstance(image, dict) or not _nonempty_str(image.get("media_id")):
                raise ApiError(47001)
            if image["media_id"] not in self.media:
                raise ApiError(40007)
        elif kind == "msgmenu":
            _check_msgmenu(body)
        else:
            raise ApiError(40008)
        if body["touser"] in self.outside_window:
            raise ApiError(45015)

    async def _media_get(self, request: web.Request) -> web.Response:
        self._check_token(request)
        self._injected(MEDIA_GET_PATH)
        media = self.media.get(request.query.get("media_id", ""))
        if media is None:
            raise ApiError(40007)
        headers = {
            "Content-Type": media.content_type,
            "Content-disposition": f'attachment; filename="{media.filename}"',
            "Cache-Control": "no-cache, must-revalidate",
        }
        return web.Response(body=media.data, headers=headers)

    async def _media_upload(self, request: web.Request) -> web.Response:
        self._check_token(request)
        self._injected(MEDIA_UPLOAD_PATH)
        kind = request.query.get("type")
        if kind != "image":
            raise ApiError(40004)  # the stand-in keeps images only: voice, video and thumb are not emulated
        if not request.content_type.startswith("multipart/"):
            raise ApiError(41005)
        part = (await request.post()).get("media")
        if not isinstance(part, web.FileField) or not part.filename:
            raise ApiError(41005)
        data = part.file.read()
        if not data:
            raise ApiError(41005)
        stem, dot, extension = part.filename.rpartition(".")
        if not (stem and dot) or extension.lower() not in IMAGE_EXTENSIONS:
            raise ApiError(40005)
        sniffed = _sniff_image(data)
        if sniffed is None:
            raise ApiError(40113)
        if len(data) > MAX_IMAGE_BYTES:
            raise ApiError(40009)
        media_id = self.add_media(data, sniffed)
        self.uploaded[media_id] = Upload(part.filename, part.content_type, data)
        return _json({"type": kind, "media_id": media_id, "created_at": int(self.clock())})

    async def _menu_create(self, request: web.Request) -> web.Response:
        self._check_token(request)
        self._injected(MENU_CREATE_PATH)
        body = read_json_body(await request.read())
        check_menu(body)
        self.menu = body
        return _json({"errcode": 0, "errmsg": "ok"})

    async def _menu_get(self, request: web.Request) -> web.Response:
        self._check_token(request)
        self._injected(MENU_GET_PATH)
        if self.menu is None:
            raise ApiError(46003)
        return _json({"menu": self.menu})

    async def _menu_delete(self, request: web.Request) -> web.Response:
        self._check_token(request)
        self._injected(MENU_DELETE_PATH)
        self.menu = None
        return _json({"errcode": 0, "errmsg": "ok"})


# -- the callback side: WeChat's servers posting a user's messages -----------------------------------------------------


def signature(token: str, timestamp: str, nonce: str) -> str:
    """The callback `signature`: SHA-1, in hex, of the three strings sorted and concatenated."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def msg_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """The safe-mode `msg_signature`: the same rule over the token, timestamp, nonce and the Encrypt text."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


def cdata(text: str) -> str:
    """A CDATA section holding `text` (a "]]>" inside is split across two sections)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build_xml(fields: dict[str, XmlValue]) -> str:
    """<xml> with one element per field: strings in CDATA, numbers bare (as WeChat writes CreateTime and MsgId)."""
    inner = "".join(
        f"<{name}>{cdata(value) if isinstance(value, str) else value}</{name}>" for name, value in fields.items()
    )
    return f"<xml>{inner}</xml>"


def parse_xml(xml: str) -> dict[str, Any]:
    """The children of <xml> as a dict of strings (nested dicts for nested elements, None for empty ones)."""
    parsed = xmltodict.parse(xml)
    if not isinstance(parsed, dict) or not isinstance(parsed.get("xml"), dict):
        raise ValueError(f"not a WeChat <xml> document: {xml[:200]!r}")
    return dict(parsed["xml"])


@dataclass(frozen=True)
class Callback:
    """One callback request as WeChat would send it: the query parameters, the body and the plain message XML."""

    query: dict[str, str]
    body: str
    xml: str

    @property
    def message(self) -> dict[str, Any]:
        return parse_xml(self.xml)


@dataclass
class CallbackResult:
    """What the account's server answered to a callback.

    `status` is the HTTP status (0 when WeChat's 5-second wait ran out: `timed_out`), `body` the raw answer,
    `reply_xml` the plain reply (decrypted in safe mode), `reply` that parsed (None when there is no passive reply:
    an empty body or "success"); reading `reply` raises AssertionError when the answer is something WeChat would
    refuse (not XML, not encrypted in safe mode, a bad MsgSignature, addressed to someone else)."""

    request: Callback
    status: int
    body: str
    timed_out: bool = False
    reply_xml: str | None = None
    problem: str | None = None
    _reply: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def reply(self) -> dict[str, Any] | None:
        if self.problem:
            raise AssertionError(f"WeChat would not accept this reply: {self.problem}; body {self.body[:500]!r}")
        return self._reply

    @property
    def no_reply(self) -> bool:
        """True for an accepted callback without a passive reply (HTTP 200 with "" or "success")."""
        return self.status == 200 and self.body.strip() in ("", "success")

    @property
    def content(self) -> str | None:
        """The passive reply's Content (text replies), or None."""
        reply = self.reply
        return None if reply is None else reply.get("Content")


class WechatUser:
    """One WeChat user (FromUserName = `openid`) talking to an account (ToUserName = `account`) whose server listens
    at `url`; safe mode (AES, as 安全模式) when `encoding_aes_key` is given, plain mode otherwise.

    Builders (`text_xml`, `image_xml`, ...) return the message XML; `send_*`, `subscribe`, `click`... build and post
    it and return a CallbackResult. Every post takes the options of `prepare`: `bad_signature`,
    `bad_msg_signature`, `stale` (timestamp 10 minutes old), `timestamp`, `nonce`."""

    signature = staticmethod(signature)
    msg_signature = staticmethod(msg_signature)

    def __init__(
        self,
        url: str,
        token: str = TOKEN,
        *,
        encoding_aes_key: str | None = None,
        app_id: str = APP_ID,
        account: str = ACCOUNT,
        openid: str = OPENID,
        clock: Callable[[], float] = time.time,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.token = token
        self.encoding_aes_key = encoding_aes_key
        self.app_id = app_id
        self.account = account
        self.openid = openid
        self.clock = clock
        self.timeout = timeout
        self.crypto = WeChatCrypto(token, encoding_aes_key, app_id) if encoding_aes_key else None
        self._msg_ids = itertools.count(random.randrange(10**16, 9 * 10**16))

    @property
    def safe_mode(self) -> bool:
        return self.crypto is not None

    def with_openid(self, openid: str) -> WechatUser:
        """Another user of the same account, server and mode (sharing the clock)."""
        other = WechatUser(
            self.url, self.token, encoding_aes_key=self.encoding_aes_key, app_id=self.app_id, account=self.account,
            openid=openid, clock=self.clock, timeout=self.timeout,
        )  # fmt: skip
        other._msg_ids = self._msg_ids
        return other

    def next_msg_id(self) -> int:
        return next(self._msg_ids)

    # -- message XML ---------------------------------------------------------------------------------------------------

    def _fields(self, msg_type: str) -> dict[str, XmlValue]:
        return {"ToUserName": self.account, "FromUserName": self.openid, "CreateTime": int(self.clock()),
                "MsgType": msg_type}  # fmt: skip

    def text_xml(self, content: str, *, msg_id: int | None = None) -> str:
        return build_xml(self._fields("text") | {"Content": content, "MsgId": msg_id or self.next_msg_id()})

    def menu_choice_xml(self, menu_id: str | int, content: str, *, msg_id: int | None = None) -> str:
        """What WeChat sends when the user taps an item of a msgmenu: a text message with the item's text as
        Content and its id in <bizmsgmenuid>."""
        fields = self._fields("text") | {"Content": content, "MsgId": msg_id or self.next_msg_id()}
        return build_xml(fields | {"bizmsgmenuid": str(menu_id)})

    def image_xml(self, media_id: str, *, pic_url: str | None = None, msg_id: int | None = None) -> str:
        url = pic_url or f"http://mmbiz.qpic.cn/mmbiz_jpg/{media_id[:24]}/0"
        fields: dict[str, XmlValue] = {"PicUrl": url, "MsgId": msg_id or self.next_msg_id(), "MediaId": media_id}
        return build_xml(self._fields("image") | fields)

    def voice_xml(self, media_id: str = "voice-media-id", *, msg_id: int | None = None) -> str:
        fields: dict[str, XmlValue] = {"MediaId": media_id, "Format": "amr", "MsgId": msg_id or self.next_msg_id()}
        return build_xml(self._fields("voice") | fields)

    def video_xml(self, media_id: str = "video-media-id", *, msg_id: int | None = None) -> str:
        fields: dict[str, XmlValue] = {
            "MediaId": media_id,
            "ThumbMediaId": "thumb-media-id",
            "MsgId": msg_id or self.next_msg_id(),
        }
        return build_xml(self._fields("video") | fields)

    def location_xml(self, x: float = 36.68, y: float = 117.02, label: str = "济南市历下区", *,
                     msg_id: int | None = None) -> str:  # fmt: skip
        fields: dict[str, XmlValue] = {
            "Location_X": x,
            "Location_Y": y,
            "Scale": 15,
            "Label": label,
            "MsgId": msg_id or self.next_msg_id(),
        }
        return build_xml(self._fields("location") | fields)

    def event_xml(self, event: str, key: str | None = None) -> str:
        """An event push (no MsgId: WeChat's retries of it share FromUserName and CreateTime)."""
        fields = self._fields("event") | {"Event": event}
        return build_xml(fields if key is None else fields | {"EventKey": key})

    def subscribe_xml(self) -> str:
        return self.event_xml("subscribe", "")

    def unsubscribe_xml(self) -> str:
        return self.event_xml("unsubscribe", "")

    def click_xml(self, key: str) -> str:
        return self.event_xml("CLICK", key)

    # -- requests ------------------------------------------------------------------------------------------------------

    def _signed_query(
        self,
        *,
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: str | None = None,
        nonce: str | None = None,
    ) -> dict[str, str]:
        """signature, timestamp (now, or 10 minutes ago when stale) and nonce (digits, like WeChat's)."""
        timestamp = timestamp or str(int(self.clock() - (STALE_SECONDS if stale else 0)))
        nonce = nonce or str(random.randrange(10**8, 10**10))
        token = self.token + ("-wrong" if bad_signature else "")
        return {"signature": signature(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}

    def prepare(
        self,
        xml: str,
        *,
        bad_signature: bool = False,
        bad_msg_signature: bool = False,
        stale: bool = False,
        timestamp: str | None = None,
        nonce: str | None = None,
    ) -> Callback:
        """The request WeChat would send for `xml`: query signature, timestamp, nonce, openid (and in safe mode
        encrypt_type=aes and msg_signature, the body <xml><ToUserName/><Encrypt/></xml>)."""
        query = self._signed_query(bad_signature=bad_signature, stale=stale, timestamp=timestamp, nonce=nonce)
        query["openid"] = self.openid
        timestamp, nonce = query["timestamp"], query["nonce"]
        if self.crypto is None:
            return Callback(query, xml, xml)
        envelope = parse_xml(self.crypto.encrypt_message(xml, nonce, timestamp))
        encrypt = envelope["Encrypt"]
        good = msg_signature(self.token, timestamp, nonce, encrypt)
        wrong = bad_signature or bad_msg_signature
        query |= {
            "encrypt_type": "aes",
            "msg_signature": good if not wrong else hashlib.sha1(good.encode()).hexdigest(),
        }
        body = f"<xml>\n<ToUserName>{cdata(self.account)}</ToUserName>\n<Encrypt>{cdata(encrypt)}</Encrypt>\n</xml>"
        return Callback(query, body, xml)

    async def post(self, xml: str, **options: Any) -> CallbackResult:
        """POST one message (see `prepare` for the options) and read the answer."""
        return await self.deliver(self.prepare(xml, **options))

    async def resend(self, previous: CallbackResult | Callback, *, fresh: bool = False) -> CallbackResult:
        """WeChat's retry of a message: the same XML (same MsgId, or for events the same FromUserName and
        CreateTime). The exact same request by default; `fresh` signs it again with a new timestamp and nonce."""
        callback = previous.request if isinstance(previous, CallbackResult) else previous
        return await self.deliver(self.prepare(callback.xml) if fresh else callback)

    async def deliver(self, callback: Callback) -> CallbackResult:
        """Send a prepared callback; a server slower than `timeout` seconds gets a result with timed_out."""
        headers = {"Content-Type": "text/xml", "User-Agent": "Mozilla/4.0"}
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as session,
                session.post(self.url, params=callback.query, data=callback.body.encode(), headers=headers) as response,
            ):
                status, body = response.status, await response.text(encoding="utf-8", errors="replace")
        except TimeoutError:
            return CallbackResult(callback, 0, "", timed_out=True)
        return self._read_reply(CallbackResult(callback, status, body))

    def _read_reply(self, result: CallbackResult) -> CallbackResult:
        if result.status != 200 or result.no_reply:
            return result
        try:
            result.reply_xml = self._decrypt(result.body) if self.crypto else result.body
            result._reply = parse_xml(result.reply_xml)
        except (ValueError, KeyError, AssertionError, InvalidSignatureException, InvalidAppIdException) as error:
            result.problem = f"{type(error).__name__}: {error}"
            return result
        addressed = (result._reply.get("ToUserName"), result._reply.get("FromUserName"))
        if addressed != (self.openid, self.account):
            result.problem = (
                f"reply addressed (ToUserName, FromUserName) = {addressed}, not {self.openid, self.account}"
            )
        elif not result._reply.get("MsgType") or not str(result._reply.get("CreateTime", "")).isdigit():
            result.problem = "reply without MsgType or an integer CreateTime"
        return result

    def _decrypt(self, body: str) -> str:
        assert self.crypto is not None
        envelope = parse_xml(body)
        if "Encrypt" not in envelope:
            raise AssertionError("a plain reply in safe mode")
        for name in ("MsgSignature", "TimeStamp", "Nonce"):
            if not envelope.get(name):
                raise AssertionError(f"an encrypted reply without {name}")
        decrypted = self.crypto.decrypt_message(
            body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
        )
        return str(decrypted)

    async def verify(self, echostr: str = "", *, bad_signature: bool = False, stale: bool = False) -> tuple[int, str]:
        """The server-configuration check: GET url?signature&timestamp&nonce&echostr (plain in safe mode too);
        returns (status, body), where a server that checks out answers echostr."""
        echostr = echostr or str(random.randrange(10**17, 10**19))
        query = self._signed_query(bad_signature=bad_signature, stale=stale) | {"echostr": echostr}
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as session,
            session.get(self.url, params=query) as response,
        ):
            return response.status, await response.text()

    # -- shortcuts: build and post -------------------------------------------------------------------------------------

    async def send_text(self, content: str, **options: Any) -> CallbackResult:
        return await self.post(self.text_xml(content), **options)

    async def choose(self, menu_id: str | int, content: str, **options: Any) -> CallbackResult:
        """Tap an item of a msgmenu (see `menu_choice_xml`)."""
        return await self.post(self.menu_choice_xml(menu_id, content), **options)

    async def send_image(self, media_id: str, **options: Any) -> CallbackResult:
        return await self.post(self.image_xml(media_id), **options)

    async def send_voice(self, **options: Any) -> CallbackResult:
        return await self.post(self.voice_xml(), **options)

    async def send_video(self, **options: Any) -> CallbackResult:
        return await self.post(self.video_xml(), **options)

    async def send_location(self, **options: Any) -> CallbackResult:
        return await self.post(self.location_xml(), **options)

    async def subscribe(self, **options: Any) -> CallbackResult:
        return await self.post(self.subscribe_xml(), **options)

    async def unsubscribe(self, **options: Any) -> CallbackResult:
        return await self.post(self.unsubscribe_xml(), **options)

    async def click(self, key: str, **options: Any) -> CallbackResult:
        return await self.post(self.click_xml(key), **options)
