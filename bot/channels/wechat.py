"""The WeChat Official Account (公众号) channel: WeChat's callbacks on our aiohttp server, replies passive or through
the customer-service message API.

wechatpy does the protocol's arithmetic: the signature (WeChatSigner), safe mode's AES (WeChatCrypto) and the
passive reply's XML (TextReply). The I/O is ours: this module's aiohttp handler and `WechatApi`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any
from xml.parsers.expat import ExpatError

import xmltodict
from aiohttp import web
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import WeChatException
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

from bot.bounded_json import read_at_most
from bot.channels.wechat_api import OUTSIDE_WINDOW, WechatApi, WechatApiError
from bot.config import WechatConfig
from bot.engine import Engine
from bot.files import FileStore
from handlers.apply import MAX_UPLOAD_BYTES
from handlers.menu import MENU_ACTION, menu_sections
from handlers.messages import Button, File, Incoming, Reply, split_text

log = logging.getLogger(__name__)

CHANNEL = "wechat"
# A callback's body: a text message is well under 4 KB, encrypted or not.
MAX_BODY_BYTES = 64 * 1024
# Callbacks signed longer ago than this (or this far ahead) are refused: a captured request cannot be replayed later.
MAX_AGE_SECONDS = 300
# WeChat waits 5 s for the callback's answer, then retries (three times in all). A reply ready within this time goes
# back in the answer (passive reply); a later one goes out through the customer-service API.
PASSIVE_SECONDS = 3.0
# A retried callback (same MsgId, or the same sender, time and event) within this time is answered as the first was.
DEDUP_SECONDS = 60.0
DEDUP_MAX = 10_000
# The customer-service API may write to a user for 48 hours after their last message, click or subscription.
WINDOW_SECONDS = 48 * 3600
# WeChat takes at most 2048 bytes of text in one message: 680 characters of Chinese (3 bytes each) fit; a piece with
# longer characters (emoji) is cut again at a quarter of the bytes.
MAX_TEXT_BYTES = 2048
TEXT_CHARS = 680
NO_REPLY = "success"
_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

UNSUPPORTED = "目前只能处理文字消息，以及填写申请时发送的证件照片。请用文字提问，或点选下方菜单。"
TOO_LARGE = "图片太大，请发送不超过10MB的图片。"
MEDIA_FAILED = "没能取到您发送的图片，请稍后再发一次。"
MENU_TAIL = "点选上面的选项，或直接输入问题"


def signature(*parts: str) -> str:
    """WeChat's signature over the parts (sorted, joined, SHA-1)."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def _pieces(text: str) -> list[str]:
    """The text cut into messages WeChat takes (at most MAX_TEXT_BYTES each), at line breaks where possible."""
    pieces = []
    for piece in split_text(text, limit=TEXT_CHARS):
        if len(piece.encode("utf-8")) > MAX_TEXT_BYTES:
            pieces.extend(split_text(piece, limit=MAX_TEXT_BYTES // 4))
        else:
            pieces.append(piece)
    return pieces


def buttons(reply: Reply) -> list[Button]:
    """The reply's buttons as WeChat shows them: without "返回主菜单", as the account's menu is always there."""
    return [button for row in reply.buttons for button in row if button.action != MENU_ACTION]


def passive(replies: list[Reply]) -> str | None:
    """The replies' text if it can go back as a passive reply: one message of text only."""
    if len(replies) != 1 or buttons(replies[0]) or replies[0].files:
        return None
    text = replies[0].text
    return text if len(text.encode("utf-8")) <= MAX_TEXT_BYTES else None


class Retries:
    """Callbacks seen in the last DEDUP_SECONDS, each with the future of the answer it got."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._seen: OrderedDict[str, tuple[float, asyncio.Future[str]]] = OrderedDict()

    def claim(self, key: str) -> tuple[bool, asyncio.Future[str]]:
        """(True, a new future) for a callback not seen before; (False, the first one's future) for a retry."""
        now = self.clock()
        while self._seen and (len(self._seen) >= DEDUP_MAX or next(iter(self._seen.values()))[0] < now):
            self._seen.popitem(last=False)
        found = self._seen.get(key)
        if found is not None:
            return False, found[1]
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._seen[key] = (now + DEDUP_SECONDS, future)
        return True, future


def _retry_key(fields: dict[str, Any]) -> str:
    """WeChat's rule: messages by MsgId, events by sender and creation time."""
    if fields.get("MsgId"):
        return f"msg:{fields['MsgId']}"
    return f"event:{fields.get('FromUserName')}:{fields.get('CreateTime')}:{fields.get('Event')}"


class WechatChannel:
    """Serves the account's callback URL; talks back through passive replies and the customer-service API."""

    def __init__(
        self,
        engine: Engine,
        config: WechatConfig,
        files: FileStore,
        *,
        api: WechatApi | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not (config.token and config.app_id and config.app_secret):
            raise ValueError("wechat needs token, app_id and app_secret")
        self.engine = engine
        self.config = config
        self.token = config.token
        self.files = files
        self.api = api or WechatApi(config)
        self.clock = clock
        self.crypto = WeChatCrypto(config.token, config.encoding_aes_key, config.app_id) if config.safe_mode else None
        self.retries = Retries()
        # When each user last wrote (the API may answer for 48 hours after), and users WeChat said are out of it.
        self.last_seen: dict[str, float] = {}
        self.closed: set[str] = set()
        # Each user's sends through the API, in the order their messages came; tasks are kept until done.
        self._sending: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        # Called when a user's window opens (they wrote): the notice dispatcher delivers what waits for them.
        self.window_opened: Callable[[], None] | None = None

    # --- the callback -----------------------------------------------------------------------------------------

    def _signed(self, query: Any) -> bool:
        """Whether the query's signature is WeChat's, over a timestamp within MAX_AGE_SECONDS of now."""
        timestamp, nonce, given = (query.get(key, "") for key in ("timestamp", "nonce", "signature"))
        if not (timestamp.isdigit() and nonce and given):
            return False
        if abs(self.clock() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        return hmac.compare_digest(signature(self.token, timestamp, nonce), given)

    async def verify(self, request: web.Request) -> web.Response:
        """GET: WeChat checks the server's URL (服务器配置) by having it echo `echostr` under a valid signature."""
        if not self._signed(request.query):
            return web.Response(status=403, text="签名无效")
        return web.Response(text=request.query.get("echostr", ""))

    async def handle(self, request: web.Request) -> web.Response:
        """POST: one message or event. Refused unsigned, stale or (in safe mode) unencrypted; answered once."""
        if not self._signed(request.query):
            log.info("wechat callback refused: bad or stale signature")
            return web.Response(status=403, text="签名无效")
        body = await read_at_most(request.content, MAX_BODY_BYTES)
        if body is None:
            return web.Response(status=413, text="消息过大")
        try:
            fields = self._open(body, request.query)
        except PermissionError:
            log.info("wechat callback refused: bad message signature or not encrypted in safe mode")
            return web.Response(status=403, text="签名无效")
        except ValueError:
            log.info("wechat callback refused: not a WeChat message")
            return web.Response(status=400, text="消息格式错误")
        first, answer = self.retries.claim(_retry_key(fields))
        if not first:
            # A retry: WeChat gave up waiting for the first answer, or lost it. The message is not handled again.
            try:
                text = await asyncio.wait_for(asyncio.shield(answer), PASSIVE_SECONDS)
            except TimeoutError:
                text = NO_REPLY
            return self._respond(text)
        try:
            text = await self._answer(fields, request)
        except BaseException:
            answer.set_result(NO_REPLY)
            raise
        answer.set_result(text)
        return self._respond(text)

    def _open(self, body: bytes, query: Any) -> dict[str, Any]:
        """The callback's message fields; PermissionError when its encryption or signature is wrong."""
        fields = _parse(body)
        if self.crypto is None:
            if "Encrypt" in fields and "MsgType" not in fields:
                log.warning("wechat sent an encrypted message but wechat.encoding_aes_key is not set")
                raise ValueError("encrypted message without a key")
            return fields
        encrypted = fields.get("Encrypt")
        given = query.get("msg_signature", "")
        if query.get("encrypt_type") != "aes" or not isinstance(encrypted, str) or not given:
            raise PermissionError("safe mode takes encrypted messages only")
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        if not hmac.compare_digest(signature(self.token, timestamp, nonce, encrypted), given):
            raise PermissionError("bad message signature")
        try:
            return _parse(self.crypto.decrypt_message({"Encrypt": encrypted}, given, timestamp, nonce).encode())
        except WeChatException as exc:  # another account's AppID, or a broken cipher text
            raise PermissionError(type(exc).__name__) from None

    def _respond(self, text: str) -> web.Response:
        """The HTTP answer: "success" (no passive reply), or the reply's XML, encrypted in safe mode."""
        if text == NO_REPLY or self.crypto is None:
            return web.Response(text=text, content_type="application/xml" if text != NO_REPLY else "text/plain")
        sealed = self.crypto.encrypt_message(text, secrets.token_hex(8), str(int(self.clock())))
        return web.Response(text=sealed, content_type="application/xml")

    # --- what a message means -----------------------------------------------------------------------------------

    async def _answer(self, fields: dict[str, Any], request: web.Request) -> str:
        """Handle a message: its passive reply's XML, or NO_REPLY with the replies going out through the API."""
        openid, account = fields.get("FromUserName"), fields.get("ToUserName")
        if not (isinstance(openid, str) and _OPENID.match(openid) and isinstance(account, str)):
            return NO_REPLY
        self._saw(openid, fields)
        work = self._incoming(openid, fields)
        if work is None:
            return NO_REPLY
        handling = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({handling}, timeout=PASSIVE_SECONDS)
        if done:
            replies = handling.result()
            text = passive(replies)
            if text is not None:
                # wechatpy puts the text in one CDATA section as it is: a "]]>" in it would end the section.
                content = text.replace("]]>", "]]]]><![CDATA[>")
                return str(TextReply(source=account, target=openid, content=content, time=int(self.clock())).render())
        link_base = self.config.public_url or f"{request.scheme}://{request.host}"
        self._in_order(openid, self._send_when_ready(openid, handling, link_base))
        return NO_REPLY

    def _saw(self, openid: str, fields: dict[str, Any]) -> None:
        """A user wrote (or subscribed, clicked): the API may write to them for the next 48 hours."""
        if fields.get("MsgType") == "event" and fields.get("Event") == "unsubscribe":
            self.closed.add(openid)
            return
        # Notices may be waiting for a user whose window had closed, or one not seen since the server started.
        reopened = openid in self.closed or openid not in self.last_seen
        self.last_seen[openid] = self.clock()
        self.closed.discard(openid)
        if reopened and self.window_opened is not None:
            self.window_opened()

    def _incoming(self, openid: str, fields: dict[str, Any]) -> Coroutine[Any, Any, list[Reply]] | None:
        """The work a message asks for (the engine's replies), or None for events that want no answer."""
        kind = fields.get("MsgType")
        if kind == "text":
            menu_choice = fields.get("bizmsgmenuid")
            if isinstance(menu_choice, str) and menu_choice:
                # A tapped item of a msgmenu: its id is the button's action.
                return self.engine.handle(Incoming(CHANNEL, openid, action=menu_choice, client=openid))
            content = fields.get("Content")
            text = content if isinstance(content, str) else ""
            return self.engine.handle(Incoming(CHANNEL, openid, text=text, client=openid))
        if kind == "image":
            return self._image(openid, fields.get("MediaId"))
        if kind == "event":
            event = str(fields.get("Event", "")).lower()
            if event == "subscribe":
                return self.engine.handle(Incoming(CHANNEL, openid, text="/start", client=openid))
            key = fields.get("EventKey")
            if event == "click" and isinstance(key, str) and key:
                return self.engine.handle(Incoming(CHANNEL, openid, action=key, client=openid))
            return None
        return _replying(Reply(UNSUPPORTED))

    async def _image(self, openid: str, media_id: Any) -> list[Reply]:
        """An image the user sent, fetched from WeChat and handed to the engine as an upload."""
        if not isinstance(media_id, str) or not media_id:
            return [Reply(MEDIA_FAILED)]
        try:
            found = await self.api.media(media_id, MAX_UPLOAD_BYTES)
        except WechatApiError as exc:
            log.warning("wechat: fetching a user's image failed: %s", exc)
            return [Reply(MEDIA_FAILED)]
        if found is None:
            return [Reply(TOO_LARGE)]
        data, mime = found
        upload = File(name="photo.jpg", mime=mime, data=data)
        return await self.engine.handle(Incoming(CHANNEL, openid, upload=upload, client=openid))

    # --- sending through the customer-service API -------------------------------------------------------------

    def _in_order(self, openid: str, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after the user's earlier sends, so their replies arrive in the order they asked."""
        previous = self._sending.get(openid)

        async def run() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            await work

        task = asyncio.create_task(run())
        self._sending[openid] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._finished(openid, done))

    def _finished(self, openid: str, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if self._sending.get(openid) is task:
            del self._sending[openid]
        if not task.cancelled() and task.exception() is not None:
            log.error("wechat: sending replies failed: %s", type(task.exception()).__name__)

    async def _send_when_ready(self, openid: str, handling: asyncio.Future[list[Reply]], link_base: str) -> None:
        replies = await handling
        messages = [message for reply in replies for message in await self._messages(openid, reply, link_base)]
        await self._send(openid, messages)

    async def _messages(self, openid: str, reply: Reply, link_base: str) -> list[dict]:
        """A reply as customer-service messages: its text in pieces, buttons as a msgmenu, images, download links."""
        pieces = _pieces(reply.text)
        messages = [_text(openid, piece) for piece in pieces[:-1]]
        items = [{"id": button.action, "content": button.label} for button in buttons(reply)]
        if items:
            menu = {"head_content": pieces[-1], "list": items, "tail_content": MENU_TAIL}
            messages.append({"touser": openid, "msgtype": "msgmenu", "msgmenu": menu})
        else:
            messages.append(_text(openid, pieces[-1]))
        for file in reply.files:
            messages.append(await self._file(openid, file, link_base))
        return messages

    async def _file(self, openid: str, file: File, link_base: str) -> dict:
        """An image as an image message; any other file (or an image WeChat refused) as a download link."""
        if file.mime.startswith("image/"):
            try:
                media_id = await self.api.upload_image(file.name, file.read_bytes(), file.mime)
                return {"touser": openid, "msgtype": "image", "image": {"media_id": media_id}}
            except WechatApiError as exc:
                log.warning("wechat: uploading an image failed, sending a link: %s", exc)
        url = f"{link_base.rstrip('/')}/files/{self.files.add(file)}"
        minutes = max(1, self.files.ttl // 60)
        return _text(openid, f"下载“{file.name}”（{minutes}分钟内有效）：\n{url}")

    async def _send(self, openid: str, messages: list[dict]) -> bool:
        """Send the messages in order; False (the rest dropped, logged) when WeChat refuses one."""
        for message in messages:
            try:
                await self.api.send(message)
            except WechatApiError as exc:
                if exc.errcode == OUTSIDE_WINDOW:
                    self.closed.add(openid)
                log.warning("wechat: a customer-service message was not sent: %s", exc)
                return False
        return True

    async def push(self, openid: str, text: str) -> bool:
        """Send a notice now if the user's 48-hour window is open; False (kept for their next message) if not."""
        seen = self.last_seen.get(openid)
        if openid in self.closed or (seen is not None and self.clock() - seen > WINDOW_SECONDS):
            return False
        return await self._send(openid, [_text(openid, piece) for piece in _pieces(text)])

    async def close(self) -> None:
        """Finish the sends in hand, then close the API's connections."""
        if self._tasks:
            await asyncio.wait(list(self._tasks))
        await self.api.close()


def custom_menu() -> dict:
    """The account's custom menu (自定义菜单): the menu's sections (handlers.menu.MENU_SECTIONS), each item a CLICK
    button whose key is the button's action, as the other channels' buttons send it."""
    return {
        "button": [
            {"name": name, "sub_button": [{"type": "click", "name": b.label, "key": b.action} for b in buttons]}
            for name, buttons in menu_sections()
        ]
    }


def _text(openid: str, text: str) -> dict:
    return {"touser": openid, "msgtype": "text", "text": {"content": text}}


async def _replying(*replies: Reply) -> list[Reply]:
    return list(replies)


def _parse(body: bytes) -> dict[str, Any]:
    """A callback's XML as a flat dict of its fields; ValueError if it is not a WeChat message."""
    try:
        parsed = xmltodict.parse(body)
    except (ExpatError, UnicodeDecodeError):
        raise ValueError("not XML") from None
    fields = parsed.get("xml") if isinstance(parsed, dict) else None
    if not isinstance(fields, dict):
        raise ValueError("not a WeChat message")
    return fields
