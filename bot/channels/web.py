"""The web chat's WebSocket: JSON messages in, replies out, one chat per browser."""

from __future__ import annotations

import logging
import re
import secrets
import weakref
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import WSMsgType, hdrs, web

from bot.addresses import FORWARDED_HEADER, ClientAddresses
from bot.bounded_json import JsonRefused, parse_json
from bot.config import WebConfig
from bot.engine import Engine
from bot.files import FileStore
from handlers import calc, remedy_steps, status, wizard
from handlers.apply import MAX_UPLOAD_BYTES
from handlers.draft import FIELD_BY_KEY
from handlers.messages import Button, File, Incoming, Reply
from handlers.session import Session
from knowledge.tracking import CODE_LENGTH

if TYPE_CHECKING:
    from bot.requests.outbox import Outbox

log = logging.getLogger(__name__)

CHANNEL = "web"
# Frames above this are refused by aiohttp (the socket closes with 1009), so no socket buffers more.
MAX_FRAME_BYTES = 64 * 1024
# A frame's JSON beyond this, or nested deeper than bounded_json.MAX_DEPTH, gets an error frame; the socket stays.
# A message is at most 500 characters, so no honest frame comes near.
MAX_JSON_BYTES = 16 * 1024
FRAME_EXAMPLE = '{"type": "message", "text": "受理机构电话"}'
# WebSocket close code 1013 (Try Again Later, IANA registry) with the reason in Chinese (at most 123 bytes).
TRY_AGAIN_LATER = 1013
TOO_MANY_FROM_ADDRESS = "同一网络打开的对话过多，请关闭多余的页面后再试"
SERVER_BUSY = "服务器繁忙，请稍后再试"
ORIGIN_REFUSED = "不允许从其他网站连接本对话。"
INTERNAL_ERROR = "抱歉，处理这条消息时出错了，请稍后再试。"
_CHAT_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")

# The input box's hint per step: at most 14 characters (12 while 上传 is shown) so it fits a 390 px phone.
QUESTION_HINT = "输入问题，如：受理机构电话"
CHOICE_HINT = "点选上方按钮或输入问题"
UPLOAD_HINT = "点“上传”发送证件照片"
STEP_HINTS: dict[tuple[str | None, str | None], str] = {
    (calc.FLOW, calc.FEE_STEP): "输入件数或页数，如35件",
    (calc.FLOW, calc.DEADLINE_STEP): "输入收到日期，如11月25日",
    (status.FLOW, status.NUMBER_STEP): "输入申请编号和查询码",
    (status.FLOW, status.CODE_STEP): f"输入{CODE_LENGTH}位查询码",
    (remedy_steps.FLOW, remedy_steps.DATE): "输入收到答复的日期",
}
# The remedy letter's details (remedy_steps.LETTER_FIELDS), each typed or left blank.
LETTER_HINTS = {
    "name": "输入姓名或名称，可留空",
    "phone": "输入联系电话，可留空",
    "address": "输入通信地址，可留空",
    "description": "输入申请公开的信息，可留空",
}
# Steps answered with buttons: the application form's choices and the remedy calculator's other steps.
CHOICE_FIELDS = frozenset({"id_type", "carrier", "delivery"})
REMEDY_CHOICES = frozenset({remedy_steps.KIND, remedy_steps.DATES, remedy_steps.PREVIEW})


def _error(text: str) -> dict:
    return {"type": "error", "text": text}


def origin_allowed(origin: str | None, host: str | None, allowed: tuple[str, ...]) -> bool:
    """Whether a page at `origin` may open a chat: one of `allowed` (normalised by the config) or, with none
    configured, a page of the host the browser connected to. Browsers always send Origin; other clients need not,
    and cannot borrow a visitor's browser without it."""
    if origin is None:
        return True
    if allowed:
        return origin.rstrip("/").lower() in allowed
    return bool(host and urlsplit(origin).netloc.lower() == host.lower())


def input_hint(session: Session) -> dict[str, str]:
    """What the page's input expects after a reply: `expect` (text, choice or upload) and its `placeholder`."""
    if session.flow == wizard.FLOW:
        if session.step == "upload":
            return {"expect": "upload", "placeholder": UPLOAD_HINT}
        field = FIELD_BY_KEY.get(session.step or "")
        if field is None or field.key in CHOICE_FIELDS:
            return {"expect": "choice", "placeholder": CHOICE_HINT}
        return {"expect": "text", "placeholder": f"输入{field.label}"}
    if session.flow == remedy_steps.FLOW and session.step in REMEDY_CHOICES:
        return {"expect": "choice", "placeholder": CHOICE_HINT}
    if session.flow == remedy_steps.FLOW and session.step in LETTER_HINTS:
        return {"expect": "text", "placeholder": LETTER_HINTS[session.step]}
    return {"expect": "text", "placeholder": STEP_HINTS.get((session.flow, session.step), QUESTION_HINT)}


def _button(button: Button) -> dict:
    return {"label": button.label, "action": button.action} | ({"primary": True} if button.primary else {})


class WebChannel:
    """Serves /ws: issues chat ids, hands messages to the engine, renders replies as JSON; a chat that connects
    gets the notices `outbox` kept for it while it was offline."""

    def __init__(
        self, engine: Engine, files: FileStore, settings: WebConfig | None = None, *, outbox: Outbox | None = None
    ) -> None:
        self.engine = engine
        self.files = files
        self.settings = settings or WebConfig()
        self.outbox = outbox
        self.addresses = ClientAddresses(self.settings.trusted_proxies)
        # Open sockets in all and per client address, against [web] max_sockets and max_sockets_per_address.
        self.open_sockets = 0
        self.per_address: Counter[str | None] = Counter()
        self.sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
        # Open sockets per chat, so notices reach a chat that is online.
        self.by_chat: dict[str, set[web.WebSocketResponse]] = {}

    def _chat_id(self, presented: str | None) -> str:
        """The presented chat id if it is one we issued, else a fresh one."""
        if presented and _CHAT_ID.match(presented) and self.engine.store.has_session(CHANNEL, presented):
            return presented
        return secrets.token_urlsafe(16)

    def render(self, reply: Reply, hint: dict[str, str] | None = None) -> dict:
        """A reply as the JSON the page draws; `hint` (from `input_hint`) comes with answers, not with notices."""
        return {
            "type": "reply",
            "text": reply.text,
            "buttons": [[_button(b) for b in row] for row in reply.buttons],
            "files": [{"name": f.name, "mime": f.mime, "url": f"/files/{self.files.add(f)}"} for f in reply.files],
            # Values of the text the page offers to copy with one tap (a tracking number, a query code).
            "copy": list(reply.copy),
        } | (hint or {})

    async def answer(self, message: Incoming) -> list[dict]:
        """The engine's replies to `message` as frames, with the input hint of the step the chat is now at."""
        if not self.engine.store.has_session(CHANNEL, message.chat_id):
            # A chat is stored once it says something, so that its id is recognised; a bare connect writes nothing.
            self.engine.store.create_session(CHANNEL, message.chat_id)
        turn = await self.engine.turn(message)
        hint = input_hint(turn.session or self.engine.store.load_session(CHANNEL, message.chat_id))
        return [self.render(reply, hint) for reply in turn.replies]

    def client(self, request: web.Request) -> str | None:
        """The request's client address (behind a trusted proxy, the forwarded one): status lookups, the socket caps
        and the admin API's throttle count by it."""
        return self.addresses.client(request.remote, request.headers.getall(FORWARDED_HEADER, ()))

    def parse(self, chat_id: str, raw: str, *, client: str | None = None) -> Incoming | dict:
        """A client frame as a message from `client`, or the error to send back."""
        try:
            frame = parse_json(raw, max_bytes=MAX_JSON_BYTES)
        except JsonRefused as exc:
            return _error(f"消息格式错误：{exc.zh}。请发送 JSON，例如 {FRAME_EXAMPLE}。")
        if not isinstance(frame, dict):
            return _error(f"消息格式错误：需要一个 JSON 对象，例如 {FRAME_EXAMPLE}。")
        kind = frame.get("type")
        if kind == "message" and isinstance(frame.get("text"), str):
            return Incoming(CHANNEL, chat_id, text=frame["text"], client=client)
        if kind == "action" and isinstance(frame.get("action"), str):
            return Incoming(CHANNEL, chat_id, action=frame["action"], client=client)
        return _error("无法识别的消息类型：只支持 message（带 text）和 action（带 action）。")

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Run one browser's socket until it closes. A page of another site is refused (403); a socket beyond the
        caps is closed at once with code 1013 and the reason."""
        if not origin_allowed(request.headers.get(hdrs.ORIGIN), request.host, self.settings.allowed_origins):
            log.info("web socket refused: origin not allowed")
            return web.Response(status=403, text=ORIGIN_REFUSED)
        client = self.client(request)
        ws = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, heartbeat=30)
        refusal = self._admit(client)
        if refusal is not None:
            log.info("web socket closed at once: over [web] max_sockets or max_sockets_per_address")
            await ws.prepare(request)
            await ws.close(code=TRY_AGAIN_LATER, message=refusal.encode())
            return ws
        try:
            await ws.prepare(request)
            await self._converse(ws, request.query.get("chat"), client)
        finally:
            self._release(client)
        return ws

    def _admit(self, client: str | None) -> str | None:
        """Count a new socket of `client` in; or, over a cap, the reason it is refused."""
        if self.open_sockets >= self.settings.max_sockets:
            return SERVER_BUSY
        if self.per_address[client] >= self.settings.max_sockets_per_address:
            return TOO_MANY_FROM_ADDRESS
        self.open_sockets += 1
        self.per_address[client] += 1
        return None

    def _release(self, client: str | None) -> None:
        self.open_sockets -= 1
        self.per_address[client] -= 1
        if not self.per_address[client]:
            del self.per_address[client]

    async def _frames(self, message: Incoming) -> list[dict]:
        """The frames answering `message`; an error frame if anything failed, so the socket stays open."""
        try:
            return await self.answer(message)
        except Exception:
            log.exception("web socket: answering a message failed")
            return [_error(INTERNAL_ERROR)]

    async def _converse(self, ws: web.WebSocketResponse, presented: str | None, client: str | None) -> None:
        """Greet the chat, deliver its waiting notices, then answer its frames until the socket closes."""
        self.sockets.add(ws)
        chat_id = self._chat_id(presented)
        self.by_chat.setdefault(chat_id, set()).add(ws)
        try:
            await ws.send_json({"type": "hello", "chat": chat_id})
            await self._deliver_pending(chat_id)
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    parsed = self.parse(chat_id, frame.data, client=client)
                    if isinstance(parsed, dict):
                        await ws.send_json(parsed)
                        continue
                    for reply in await self._frames(parsed):
                        await ws.send_json(reply)
                elif frame.type == WSMsgType.BINARY:
                    await ws.send_json(_error("不支持二进制消息，请发送文字。"))
                elif frame.type == WSMsgType.ERROR:
                    log.info("web socket closed with error: %s", type(ws.exception()).__name__)
        except ConnectionError:
            # The browser went away mid-reply; the engine already saved the chat's session.
            log.info("web client disconnected during a reply")
        except Exception:
            # After the handshake no other response can be sent: the failure is logged and the socket closes.
            log.exception("web socket failed")
        finally:
            self.sockets.discard(ws)
            chat_sockets = self.by_chat.get(chat_id, set())
            chat_sockets.discard(ws)
            if not chat_sockets:
                self.by_chat.pop(chat_id, None)

    async def handle_upload(self, request: web.Request) -> web.Response:
        """Take a file from the page (multipart: chat, file) and answer with the replies as JSON."""
        try:
            form = await request.post()
        except (ValueError, web.HTTPRequestEntityTooLarge):
            return web.json_response({"error": "文件太大或格式错误，请上传不超过10MB的文件。"}, status=400)
        chat_id, upload = form.get("chat"), form.get("file")
        if not isinstance(chat_id, str) or not _CHAT_ID.match(chat_id) or not self.engine.store.has_session(
            CHANNEL, chat_id
        ):
            return web.json_response({"error": "会话已失效，请刷新页面。"}, status=400)
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": "没有收到文件。"}, status=400)
        data = upload.file.read(MAX_UPLOAD_BYTES + 1)
        file = File(name=upload.filename or "upload", mime=upload.content_type or "application/octet-stream", data=data)
        incoming = Incoming(CHANNEL, chat_id, upload=file, client=self.client(request))
        return web.json_response({"replies": await self.answer(incoming)})

    async def push(self, chat_id: str, text: str) -> bool:
        """Show a notice in the chat's open sockets; False if the chat is not online."""
        sent = False
        for ws in list(self.by_chat.get(chat_id, ())):
            try:
                await ws.send_json(self.render(Reply(text)))
                sent = True
            except ConnectionError:
                log.info("a web client left before a notice reached it")
        return sent

    async def _deliver_pending(self, chat_id: str) -> None:
        # Notices queued while the chat was offline arrive when it connects again.
        if self.outbox is None:
            return
        for notice in self.outbox.pending_notices(CHANNEL, chat_id):
            if await self.push(chat_id, notice.text):
                self.outbox.mark_delivered(notice.id)

    async def close_all(self) -> None:
        """Close every open socket, telling browsers the server is going away."""
        for ws in list(self.sockets):
            await ws.close(code=1001, message="服务器正在重启".encode())
